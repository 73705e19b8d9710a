"""Plan tables on a ruled grid (PDF): the header rows and the cell spans decide.

The header rows name each column (which plan, which level, or a context column);
a node's parent is the node in the column to its left whose cell spans its row,
because cells are read row by row and a spanning cell comes first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from pipeline.layout import Line, Table
from pipeline.models import BBox, PlanStructure, Provenance, Warning
from pipeline.segment.plan.builder import ContextCollector, PlanBuilder, PlanResult, which_plan
from pipeline.segment.plan.entries import PlanEntry, group_entries, subhead_level
from pipeline.segment.tablememo import head_rows, per_table

PLAN_HEADER = regex.compile(r"基本理念|基本目標|基本施策|施策|計画の体系")
ROLE_OF_HEADER = [
    ("philosophy", regex.compile(r"理念")),
    ("goal", regex.compile(r"目標")),
    ("policy", regex.compile(r"基本施策|施策の方向")),
    ("measure", regex.compile(r"施策|事業|取組")),
    ("mixed", regex.compile(r"体系")),
]


@per_table
def plan_table_header(table: Table) -> int:
    """Number of header rows when ``table`` is a plan-structure table, else 0."""
    for row, cells in enumerate(head_rows(table)):
        if any(PLAN_HEADER.fullmatch(found[1].replace(" ", "")) for found in cells if found is not None):
            return row + 1
    return 0


def segment_plan_table(table: Table, page_lines: Sequence[Line]) -> PlanResult:
    n_header = plan_table_header(table)
    warnings: list[Warning] = []
    used = {id(ln) for cell in table.cells for ln in cell.lines}
    # Column headings, top to bottom, per column.
    col_heads: list[list[str]] = []
    for col in range(table.n_cols):
        heads = []
        for row in range(n_header):
            cell = table.cell_at(row, col)
            if cell is not None and cell.row == row and cell.text.strip():
                heads.append(cell.text.replace(" ", ""))
            elif cell is not None and cell.text.strip() and cell.row < row:
                pass
        col_heads.append(heads)
    # Plans: a top header spanning several columns that names a plan.
    builders: dict[int, PlanBuilder] = {}
    col_role: dict[int, str] = {}
    col_plan: dict[int, int] = {}
    plan_cells = []
    for cell in table.cells:
        if cell.row == 0 and cell.colspan > 1 and ("計画" in cell.text or "体系" in cell.text):
            plan_cells.append(cell)
    plan_cells.sort(key=lambda c: c.col)
    order: list[PlanBuilder] = []
    for i, cell in enumerate(plan_cells):
        b = PlanBuilder(which_plan(cell.text, "unknown"), heading=cell.text)
        builders[i] = b
        order.append(b)
        for col in range(cell.col, cell.col + cell.colspan):
            col_plan[col] = i
    if not plan_cells:
        b = PlanBuilder("unknown")
        builders[0] = b
        order.append(b)
    for col in range(table.n_cols):
        heads = col_heads[col]
        sub = heads[-1] if heads else ""
        role = next((r for r, pat in ROLE_OF_HEADER if pat.search(sub)), None) if sub else None
        if not plan_cells and role is not None:
            col_plan[col] = 0
        if col in col_plan:
            col_role[col] = role or "mixed"
        elif heads:
            col_role[col] = "context"
        else:
            col_role[col] = "side"
    ctx = ContextCollector()
    side: list[str] = []
    headers = [
        c.text
        for c in sorted(table.cells, key=lambda c: (c.row, c.col))
        if c.row < n_header and c.text
    ]
    body_cells = sorted((c for c in table.cells if c.row >= n_header), key=lambda c: (c.row, c.col))
    level_of_role = {"goal": 0, "policy": 1, "measure": 2}
    for cell in body_cells:
        role = col_role.get(cell.col, "side")
        if not cell.lines:
            continue
        if role == "context":
            column = col_heads[cell.col][-1] if col_heads[cell.col] else None
            for entry in group_entries(cell.lines):
                if entry.kind == "heading":
                    ctx.open(column, entry.text, entry.lines)
                else:
                    ctx.add(entry, column)
            continue
        if role == "side":
            side.append(cell.text)
            continue
        builder = builders[col_plan[cell.col]]
        if role == "philosophy":
            builder.set_philosophy(list(cell.lines))
            continue
        base = level_of_role.get(role)
        builder.open_scope(None)
        cell_levels = _CellLevels()
        for entry in group_entries(cell.lines):
            if entry.kind == "note":
                if not builder.add_note(entry):
                    ctx.add(entry)
            elif entry.kind in ("label", "named"):
                builder.add(entry, cell_levels.level(builder, entry, base))
            elif entry.kind in ("subhead",):
                headers.append(entry.text)
                if base is not None:
                    builder.open_scope(subhead_level(entry.text))
            elif role in level_of_role and entry.kind == "text":
                builder.add(entry, level_of_role[role])
            else:
                warnings.append(ctx.add_unplaced(entry))
    for b in order:
        warnings.extend(b.warnings)
    above = [
        ln
        for ln in page_lines
        if id(ln) not in used and ln.bbox is not None and ln.bbox.bottom <= table.bbox.top + 1
    ]
    title_line = next(
        (ln for ln in above if not regex.match(r"^(?:参考)?資料\s*\d", ln.text)), None
    )
    if title_line is not None:
        used.add(id(title_line))
    structure = PlanStructure(
        title=title_line.text if title_line else None,
        plans=[b.build() for b in order if b.started or b.philosophy],
        context=ctx.done(),
        side_labels=side,
        headers=headers,
        provenance=prov_table(table, page_lines),
    )
    return PlanResult(structure, used, warnings)


@dataclass
class _CellLevels:
    """Numbering families met so far in one cell, and where the cell's first item starts."""

    styles: list[str] = field(default_factory=list)
    first_x: float | None = None

    def level(self, builder: PlanBuilder, entry: PlanEntry, base: int | None) -> int | None:
        """The level of a numbered entry in a cell of a goal or policy column.

        Goal and policy may share one column: a sub-heading (＜施策の方向＞) names
        the level of what follows it; without one, each new numbering family in
        the cell (基本目標1, then (1)) goes one level deeper than the column's, and
        so does the first family when it comes back indented by a character or
        more (a goal 「1 …」 over indented policies 「1 …」).
        """
        scoped = builder.scoped_level(entry)
        if scoped is not None:
            return scoped
        if base is None or base >= 2:
            return base
        style = "named" if entry.kind == "named" else entry.label.style if entry.label else "text"
        box, size = entry.lines[0].bbox, entry.lines[0].size or 10.0
        if box is not None and self.first_x is None:
            self.first_x = box.x0
        if self.styles and style == self.styles[0] and box is not None and self.first_x is not None:
            if (box.x0 - self.first_x) / size >= INDENT_STEP:
                style += " indented"
        if style not in self.styles:
            self.styles.append(style)
        if entry.kind == "named":
            return entry.named_level
        return min(base + self.styles.index(style), 2)


INDENT_STEP = 1.0  # characters of indentation that make the same numbering one level deeper


def prov_table(table: Table, page_lines: Sequence[Line]) -> Provenance:
    """The whole table's box, on the page its lines come from."""
    page = next(
        (ln.page for c in table.cells for ln in c.lines), page_lines[0].page if page_lines else 1
    )
    b = table.bbox
    return Provenance(
        page=page,
        bbox=BBox(
            x0=round(b.x0, 2), top=round(b.top, 2), x1=round(b.x1, 2), bottom=round(b.bottom, 2)
        ),
    )
