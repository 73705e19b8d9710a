"""Plan-structure tables (計画の体系): 基本理念 → 基本目標 → 基本施策 → 施策, with context columns.

``grid`` reads a ruled table by its column headings and cell spans; ``linear``
reads the same table from text, where only numbering and headings are left.
Both build plans with ``builder`` from the entries of ``entries``.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from pipeline.layout import Line, Table
from pipeline.segment.labels import has_label
from pipeline.segment.plan.builder import PlanResult
from pipeline.segment.plan.entries import NAMED_RE, TAG_RE
from pipeline.segment.plan.grid import plan_table_header, segment_plan_table
from pipeline.segment.plan.linear import segment_plan_linear

__all__ = [
    "HEADINGS",
    "PlanResult",
    "is_plan_page",
    "plan_table_header",
    "segment_plan_linear",
    "segment_plan_table",
]


# The column headings a plan printed without a grid names (three at least); also the plan kind's gate.
HEADINGS = regex.compile(r"基本目標|基本施策|基本理念")


def is_plan_page(lines: Sequence[Line], tables: Sequence[Table]) -> bool:
    if any(plan_table_header(t) for t in tables):
        return True
    # Without a grid: the column headings and at least one numbered goal
    # (基本目標1), or two numbered items carrying a plan tag (1 …【新規】), as
    # stream text prints a grid whose goals are plain numbers.
    text = "\n".join(ln.text for ln in lines)
    headings = len(HEADINGS.findall(text)) >= 3
    if not headings:
        return False
    if any(NAMED_RE.match(ln.text.strip()) for ln in lines):
        return True
    tagged = (ln.text.strip() for ln in lines if ln.cell is None and ln.bbox is None)
    return sum(1 for t in tagged if TAG_RE.search(t) and has_label(t)) >= 2
