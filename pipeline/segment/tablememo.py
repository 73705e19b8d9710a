"""Remember a table test per table, for the header tests every kind's detection repeats.

``segment()`` detects each kind on each segment of a page and again on each
block the segments form, so the same ruled table has its header rows read
(plan columns, material columns, a roster's 氏名) at least twice by each of
three kinds; those reads were a fifth of segmentation. A table is not changed
while a document is segmented, so the first answer stands.

Keyed by the table's identity, not its value (a Table is mutable, so
unhashable): each entry keeps its table alive, so an id cannot be reused while
the entry exists, and the entries are dropped wholesale after ``LIMIT`` tables.
Answers are shared between callers, who must not change them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from pipeline.layout import Table

R = TypeVar("R")
LIMIT = 256  # tables remembered per test (a page holds a few)


def per_table(test: Callable[[Table], R]) -> Callable[[Table], R]:
    """``test`` remembered per table (thread-safe: one dict read or write per step)."""
    memo: dict[int, tuple[Table, R]] = {}

    @wraps(test)
    def remembered(table: Table) -> R:
        hit = memo.get(id(table))
        if hit is not None and hit[0] is table:
            return hit[1]
        answer = test(table)
        if len(memo) >= LIMIT:
            memo.clear()
        memo[id(table)] = (table, answer)
        return answer

    return remembered
