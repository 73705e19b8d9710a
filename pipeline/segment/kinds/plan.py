"""The plan kind (計画の体系): a thin adapter over :mod:`pipeline.segment.plan`.

Detected by a ruled table whose header names plan columns (基本理念, 基本目標 …),
or, without a grid, by those headings and a numbered goal in the text. It wins
over every other kind: a plan table's cells carry 日時-like and 資料-like words.
"""

from __future__ import annotations

from pipeline.models import Document
from pipeline.segment.kinds.base import Block, Claim, detect_lines, shut_out
from pipeline.segment.plan import (
    HEADINGS,
    PlanResult,
    is_plan_page,
    plan_table_header,
    segment_plan_linear,
    segment_plan_table,
)


class PlanKind:
    name = "plan"
    continuous = False

    def detect(self, block: Block) -> float:
        if shut_out(block, self.name, HEADINGS) and not any(plan_table_header(t) for t in block.tables):
            return 0.0
        return 6.0 if is_plan_page(detect_lines(block), block.tables) else 0.0

    def segment(self, block: Block) -> Claim[PlanResult]:
        grid = [t for t in block.tables if plan_table_header(t)]
        result = segment_plan_table(grid[0], block.lines) if grid else segment_plan_linear(block.lines)
        return Claim(self.name, result, frozenset(result.used), list(result.warnings), repairs=list(result.repairs))

    def merge(self, doc: Document, claim: Claim[PlanResult]) -> None:
        doc.plans.append(claim.part.structure)
