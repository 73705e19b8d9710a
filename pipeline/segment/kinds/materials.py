"""The materials kind (配布資料一覧, 議案一覧): a thin adapter over :mod:`pipeline.segment.materials`.

Detected by a list title (…資料一覧, 配布資料, 議案一覧), by a ruled table whose
header names material columns, or, right after a material list, by a block whose
lines are mostly rows (a list running over a page break).
"""

from __future__ import annotations

from pipeline.models import Document, Material
from pipeline.segment.kinds.base import Block, Claim, detect_lines, shut_out
from pipeline.segment.materials import (
    LIST_WORDS,
    ROW_RE,
    is_kind_row,
    is_list_title,
    material_table_columns,
    nest_materials,
    segment_material_page,
)


def materials_heading(block: Block) -> tuple[float, str | None]:
    """(score, the title that decided it): 4 title, 3.5 table header, 3 numbered rows, 1.5 continued rows."""
    lines = detect_lines(block)
    for line in lines[:8]:
        text = line.text.strip()
        if is_list_title(text):
            return 4.0, text
    if any(material_table_columns(t) for t in block.tables):
        return 3.5, None
    rows = sum(1 for ln in lines if is_kind_row(ln.text.strip()))
    if rows >= 2 and rows * 2 >= len(lines):
        return 3.0, None  # rows numbered 資料N / 議案第N号 without a title (a list on an agenda page)
    if block.previous == "materials" and lines and sum(1 for ln in lines if ROW_RE.match(ln.text.strip())) * 2 >= len(lines):
        return 1.5, None
    return 0.0, None


class MaterialsKind:
    name = "materials"
    continuous = False

    def detect(self, block: Block) -> float:
        if shut_out(block, self.name, LIST_WORDS) and not any(material_table_columns(t) for t in block.tables):
            return 0.0
        return materials_heading(block)[0]

    def segment(self, block: Block) -> Claim[list[Material]]:
        rows, claimed = segment_material_page(block.tables, block.lines)
        return Claim(self.name, rows, claimed, [], materials_heading(block)[1])

    def merge(self, doc: Document, claim: Claim[list[Material]]) -> None:
        nest_materials(doc.materials, claim.part)
