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
from operator import attrgetter

import regex

from pipeline.extract.glyphs import Glyph
from pipeline.extract.params import LAYOUT
from pipeline.layout import CellRef, Direction, Line, Rect


def rows(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """Cluster upright glyphs into rows, each sorted left to right, rows top to bottom."""
    tolerance = LAYOUT.row_tolerance
    listed = glyphs if isinstance(glyphs, list) else list(glyphs)
    if len(listed) < 2:  # one glyph (many table cells) is one row: nothing to cluster or sort
        return [listed[:]] if listed else []
    heights = [g.top + g.bottom for g in listed]  # twice the centre: the sort key, computed once
    out: list[list[Glyph]] = []
    current: list[Glyph] = []
    mean = 0.0
    size = 0.0
    for i in sorted(range(len(listed)), key=heights.__getitem__):
        g = listed[i]
        cy = heights[i] * 0.5
        g_size = g.size
        if current and abs(cy - mean) <= tolerance * (size if size >= g_size else g_size):
            current.append(g)
            mean += (cy - mean) / len(current)
            if g_size > size:
                size = g_size
            continue
        if current:
            out.append(current)
        current = [g]
        mean = cy
        size = g_size
    if current:
        out.append(current)
    by_x0 = attrgetter("x0")
    for row in out:
        if len(row) > 1:
            row.sort(key=by_x0)
    return out


def split_row(row: Sequence[Glyph], split_gap: float = LAYOUT.split_gap) -> list[list[Glyph]]:
    """Cut a left-to-right row where the gap between glyphs is a gutter (not inside a spread word)."""
    if not _has_gutter(row, split_gap):
        return [list(row)] if row else []  # the usual row: no gap wide enough, no run to spell out
    parts: list[list[Glyph]] = []
    current: list[Glyph] = []
    right = 0.0
    spread = letter_spaced([row])
    for g in row:
        same_word = current and spread.get(id(g), -1) == spread.get(id(current[-1]), -2)
        if current and not same_word and g.x0 - right > split_gap * max(g.size, current[-1].size):
            parts.append(current)
            current = []
        current.append(g)
        right = g.x1 if len(current) == 1 else max(right, g.x1)
    if current:
        parts.append(current)
    return parts


def _has_gutter(row: Sequence[Glyph], split_gap: float) -> bool:
    """Whether :func:`split_row` could cut the row at all: some glyph starts more than
    ``split_gap`` sizes right of every glyph before it. A cut also needs the glyphs on
    both sides to be outside one spread run, which only such a gap makes worth asking."""
    right = 0.0
    prev: Glyph | None = None
    for g in row:
        if prev is None:
            right = g.x1
        else:
            if g.x0 - right > split_gap * max(g.size, prev.size):
                return True
            if g.x1 > right:
                right = g.x1
        prev = g
    return False


def make_line(glyphs: Sequence[Glyph], page: int, direction: Direction, cell: CellRef | None = None) -> Line | None:
    """Build a Line from ordered glyphs; None when it would hold only whitespace.

    One pass gives the text (horizontal: one space for each visible gap between
    two non-blank glyphs, wider than ``space_gap`` of their mean width and
    ``space_gap_min`` of the smaller size), the box and the type sizes.
    """
    if not glyphs:
        return None
    space_gap_min = LAYOUT.space_gap_min
    horizontal = direction == "horizontal"
    out: list[str] = []
    first = glyphs[0]
    x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
    size: float | None = None  # the first non-blank glyph's size, while all share it
    mixed = False
    prev: Glyph | None = None
    for g in glyphs:
        if g.is_space:
            out.append(g.text)
        else:
            g_size = g.size
            if size is None:
                size = g_size
            elif g_size != size:
                mixed = True
            if horizontal and prev is not None and not prev.is_space:
                gap = g.x0 - prev.x1
                p_size = prev.size
                small = space_gap_min * (g_size if g_size <= p_size else p_size)
                if gap > small and word_gap(prev, g):  # most glyphs touch: the width term only when this passes
                    out.append(" ")
            out.append(g.text)
        if g.x0 < x0:
            x0 = g.x0
        if g.top < top:
            top = g.top
        if g.x1 > x1:
            x1 = g.x1
        if g.bottom > bottom:
            bottom = g.bottom
        prev = g
    text = "".join(out).rstrip()
    if not text.strip():
        return None
    return Line(
        text=text,
        page=page,
        bbox=Rect(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)),
        direction=direction,
        size=_dominant(glyphs) if mixed else (None if size is None else round(size, 1)),
        cell=cell,
    )


def word_gap(prev: Glyph, g: Glyph) -> bool:
    """The gap from ``prev`` to ``g`` (both non-blank, on one row) prints as a space: wider than
    ``space_gap`` of their mean width and ``space_gap_min`` of the smaller size (:func:`make_line`)."""
    gap = g.x0 - prev.x1
    return gap > LAYOUT.space_gap_min * (g.size if g.size <= prev.size else prev.size) \
        and gap > LAYOUT.space_gap * (0.5 * ((g.x1 - g.x0) + (prev.x1 - prev.x0)))


def _dominant(glyphs: Sequence[Glyph]) -> float | None:
    """The most common type size (rounded to 0.1 pt) among non-blank glyphs; a tie goes
    to the size seen first."""
    counts: dict[float, int] = {}
    for g in glyphs:
        if not g.is_space:
            counts[g.size] = counts.get(g.size, 0) + 1
    rounded = Counter[float]()
    for size, n in counts.items():  # first-seen order kept, as most_common's tie-break needs
        rounded[round(size, 1)] += n
    return rounded.most_common(1)[0][0]


# Letters of a spread word (均等割り); punctuation is never spread.
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー々]")


def letter_spaced(rows: Sequence[Sequence[Glyph]]) -> dict[int, int]:
    """Glyph id → run number, for glyphs in an evenly spread run of a row (均等割り:
    営 業 利 益 set across a cell).

    Three or more CJK glyphs of one size, one to several glyphs apart at the same
    pitch, are one word spread to a width. Stacked under another spread label
    with the same pitch, their glyphs align like an isolated column; the even
    pitch along the row is what says they are read across. Their gaps can be as
    wide as a gutter, so :func:`split_row` does not cut inside a run either.
    """
    out: dict[int, int] = {}
    for row in rows:
        solid = [g for g in row if not g.is_space]
        i = 0
        while i < len(solid):
            j = i + 1
            while j < len(solid) and _continues(solid[i:j], solid[j]):
                j += 1
            if j - i >= 3:
                run = len(out) + 1
                out.update((id(g), run) for g in solid[i:j])
            i = max(j - 1, i + 1)
    return out


def _spaced_pair(a: Glyph, b: Glyph) -> bool:
    gap = b.x0 - a.x1
    return bool(_CJK.match(a.text)) and abs(a.size - b.size) < 0.1 * a.size and 0.5 * a.size <= gap <= 8 * a.size


def _continues(run: Sequence[Glyph], g: Glyph) -> bool:
    """``g`` extends the spread run: CJK, one glyph or more after the last, at the run's pitch."""
    if not _CJK.match(g.text) or not _spaced_pair(run[-1], g):
        return False
    if len(run) < 2:
        return True
    pitch = run[-1].x0 - run[-2].x0
    return abs((g.x0 - run[-1].x0) - pitch) <= 0.15 * g.size
