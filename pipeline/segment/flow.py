"""Paragraph flow: does a line continue on the next one?

Japanese text wraps anywhere, with no hyphen and no space, so the only reliable
sign of a wrap is that the line reaches the right edge of its column. With
geometry (PDF) that edge is the largest ``x1`` among the lines of the group;
without it (text input) the visual width in half-width cells stands in for it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from pipeline.layout import Line

FULL_FRACTION = 0.8  # a line at least this close to the group's width is wrapped


def visual_width(text: str) -> int:
    """Width in half-width cells: CJK and full-width forms count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class Flow:
    """Wrap decisions for one group of lines (a page body, a table cell, a column)."""

    def __init__(self, lines: Sequence[Line]) -> None:
        with_box = [ln for ln in lines if ln.bbox is not None and ln.direction == "horizontal"]
        self._geometric = bool(with_box) and len(with_box) == len([ln for ln in lines if ln.direction == "horizontal"])
        if self._geometric:
            # Not the max: one line that overflows its cell would make every other line look short.
            rights = sorted(ln.bbox.x1 for ln in with_box)  # type: ignore[union-attr]
            self._right = rights[int((len(rights) - 1) * 0.75)]
        widths = sorted(visual_width(ln.text.strip()) for ln in lines) or [0]
        # The widest lines are the full ones; take a high percentile so that one
        # overlong line (a title) does not make every body line look short.
        self._full = widths[int((len(widths) - 1) * 0.9)]

    def wraps(self, line: Line) -> bool:
        """True when ``line`` runs to the edge of its group, so the next line continues it."""
        if line.direction == "vertical":
            return False
        if self._geometric and line.bbox is not None:
            size = line.size or max(line.bbox.height, 1.0)
            return line.bbox.x1 >= self._right - 1.6 * size
        return visual_width(line.text.strip()) >= self._full * FULL_FRACTION and self._full >= 16


def join_wrapped(parts: Sequence[str]) -> str:
    """Join lines of one paragraph. Japanese needs no space; Latin words do."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out
