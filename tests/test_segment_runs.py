"""Continuous runs (an opinion sheet over many pages) are joined once, not block by block."""

from __future__ import annotations

import pytest

import pipeline.segment as seg
from pipeline.parse import parse_bytes
from pipeline.segment.kinds.base import detect_lines
from tests.docgen import big_document


@pytest.mark.pdf
def test_a_long_run_of_one_continuous_kind_is_joined_in_one_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """Joining pairwise rebuilt the growing block (and its derived lines) at every step:
    5.4 s instead of 1.2 s to segment an 800-page book of opinion sheets. Each run is now
    handed to ``_join`` whole, and gives the block that joining it pairwise gave."""
    runs: list[int] = []
    join = seg._join

    def whole(run: list[seg._Decided]) -> seg._Decided:
        runs.append(len(run))
        joined = join(run)
        pairwise = run[0]
        for d in run[1:]:
            pairwise = join([pairwise, d])
        # What the kinds read of a block: its fields and the lines they detect on
        # (derived on first use, so asked here rather than read off the block).
        assert (joined.block.pages, joined.block.lines, joined.block.tables, detect_lines(joined.block)) == (
            pairwise.block.pages, pairwise.block.lines, pairwise.block.tables, detect_lines(pairwise.block))
        return joined

    monkeypatch.setattr(seg, "_join", whole)
    parse_bytes(big_document(30), "book.pdf")
    assert runs and max(runs) > 2  # pairwise joining only ever passes 2
