"""Group glyphs into horizontal lines and spell out line text.

Rows are found by clustering vertical centres (not tops: mixed type sizes on
one baseline have different tops but close centres), then cut where the
horizontal gap is wide enough to be a column gutter or a tab stop between
separate blocks. Inside a line, a gap wider than about half a glyph becomes a
single space, because letter-spaced headings and label/value pairs
(``日 時  令和5年``) are drawn by positioning, without space glyphs, and the
later stages need to see the gap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from pipeline.extract.glyphs import Glyph
from pipeline.extract.params import LAYOUT
from pipeline.layout import CellRef, Direction, Line, Rect


def rows(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """Cluster upright glyphs into rows, each sorted left to right, rows top to bottom."""
    tolerance = LAYOUT.row_tolerance
    ordered = sorted(glyphs, key=lambda g: g.top + g.bottom)
    out: list[list[Glyph]] = []
    current: list[Glyph] = []
    mean = 0.0
    size = 0.0
    for g in ordered:
        cy = (g.top + g.bottom) * 0.5
        if current and abs(cy - mean) <= tolerance * max(size, g.size):
            current.append(g)
            mean += (cy - mean) / len(current)
            size = max(size, g.size)
            continue
        if current:
            out.append(current)
        current = [g]
        mean = cy
        size = g.size
    if current:
        out.append(current)
    for row in out:
        row.sort(key=lambda g: g.x0)
    return out


def split_row(row: Sequence[Glyph], split_gap: float = LAYOUT.split_gap) -> list[list[Glyph]]:
    """Cut a left-to-right row where the gap between glyphs is a gutter."""
    parts: list[list[Glyph]] = []
    current: list[Glyph] = []
    right = 0.0
    for g in row:
        if current and g.x0 - right > split_gap * max(g.size, current[-1].size):
            parts.append(current)
            current = []
        current.append(g)
        right = g.x1 if len(current) == 1 else max(right, g.x1)
    if current:
        parts.append(current)
    return parts


def horizontal_text(glyphs: Sequence[Glyph]) -> str:
    """Text of a left-to-right run, with one space for each visible gap."""
    space_gap, space_gap_min = LAYOUT.space_gap, LAYOUT.space_gap_min
    out: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None and not g.is_space and not prev.is_space:
            gap = g.x0 - prev.x1
            width = 0.5 * ((g.x1 - g.x0) + (prev.x1 - prev.x0))
            if gap > max(space_gap * width, space_gap_min * min(g.size, prev.size)):
                out.append(" ")
        out.append(g.text)
        prev = g
    return "".join(out)


def make_line(glyphs: Sequence[Glyph], page: int, direction: Direction, cell: CellRef | None = None) -> Line | None:
    """Build a Line from ordered glyphs; None when it would hold only whitespace."""
    if direction == "horizontal":
        text = horizontal_text(glyphs)
    else:
        text = "".join(g.text for g in glyphs)
    text = text.rstrip()
    if not text.strip():
        return None
    first = glyphs[0]
    x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
    for g in glyphs:  # one pass instead of four min/max generators
        if g.x0 < x0:
            x0 = g.x0
        if g.top < top:
            top = g.top
        if g.x1 > x1:
            x1 = g.x1
        if g.bottom > bottom:
            bottom = g.bottom
    return Line(
        text=text,
        page=page,
        bbox=Rect(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)),
        direction=direction,
        size=dominant_size(glyphs),
        cell=cell,
    )


def dominant_size(glyphs: Sequence[Glyph]) -> float | None:
    """The most common type size (rounded to 0.1 pt) among non-space glyphs."""
    counts: dict[float, int] = {}
    for g in glyphs:
        if not g.is_space:
            counts[g.size] = counts.get(g.size, 0) + 1
    if not counts:
        return None
    if len(counts) == 1:  # the usual line: one size, rounded once
        return round(next(iter(counts)), 1)
    rounded = Counter[float]()
    for size, n in counts.items():  # first-seen order kept, as most_common's tie-break needs
        rounded[round(size, 1)] += n
    return rounded.most_common(1)[0][0]
