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

import regex

from pipeline.extract.glyphs import Glyph
from pipeline.layout import CellRef, Direction, Line, Rect

# Centres within this fraction of the type size belong to one row.
ROW_TOLERANCE = 0.35
# A horizontal gap wider than this many type sizes separates two lines of the
# same row (multi-column pages, boxes side by side).
SPLIT_GAP = 3.0
# A gap wider than this fraction of the glyph width reads as a space.
SPACE_GAP = 0.5


def rows(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """Cluster upright glyphs into rows, each sorted left to right, rows top to bottom."""
    ordered = sorted(glyphs, key=lambda g: g.top + g.bottom)
    out: list[list[Glyph]] = []
    current: list[Glyph] = []
    mean = 0.0
    size = 0.0
    for g in ordered:
        cy = (g.top + g.bottom) * 0.5
        if current and abs(cy - mean) <= ROW_TOLERANCE * max(size, g.size):
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


def split_row(row: Sequence[Glyph], split_gap: float = SPLIT_GAP) -> list[list[Glyph]]:
    """Cut a left-to-right row where the gap between glyphs is a gutter (not inside a spread word)."""
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


def horizontal_text(glyphs: Sequence[Glyph]) -> str:
    """Text of a left-to-right run, with one space for each visible gap."""
    out: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None and not g.is_space and not prev.is_space:
            gap = g.x0 - prev.x1
            width = 0.5 * ((g.x1 - g.x0) + (prev.x1 - prev.x0))
            if gap > max(SPACE_GAP * width, 0.2 * min(g.size, prev.size)):
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
    x0 = min(g.x0 for g in glyphs)
    top = min(g.top for g in glyphs)
    x1 = max(g.x1 for g in glyphs)
    bottom = max(g.bottom for g in glyphs)
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
    counts = Counter(round(g.size, 1) for g in glyphs if not g.is_space)
    if not counts:
        return None
    return counts.most_common(1)[0][0]


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
