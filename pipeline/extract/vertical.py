"""Find vertical columns (縦書き) among the glyphs of one region.

Three kinds of evidence, strongest first:

* the glyph was drawn with a vertical writing-mode font (Identity-V, ``*-V``
  CMaps) — pdfminer centres such glyph boxes on the text origin, see
  :func:`pipeline.extract.glyphs.glyphs_from_chars`;
* a column *drawn downwards*: glyphs whose x-centres align, stacked with a
  vertical pitch ≈ the glyph height, drawn one after the other in the content
  stream (gazette pages set with a horizontal font, one glyph per
  text-positioning operator, columns touching or a third of a glyph apart).
  Geometry alone is ambiguous there — letter-spaced horizontal text with
  tight leading looks the same — but producers draw text in reading order,
  so the stream says which way it runs;
* an *isolated* column: upright CJK glyphs stacked one per row, each alone
  in its row — the table cell written vertically one character per row.
  Inside a table cell the pitch may be anything (text spread over a tall
  merged cell) but no other line may cross the column; elsewhere the pitch is
  at most about two glyph heights and "alone" means no neighbour within
  three glyphs, so letter-spaced labels stacked row under row stay rows.

Rotated glyphs (not upright: text turned by 90°) always form columns, read in
the direction they run.

Everything else is left to horizontal line grouping, so horizontal text beside
a vertical cell is not disturbed.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter

import regex

from pipeline.extract.glyphs import Glyph
from pipeline.extract.params import LAYOUT

# The tolerances (fractions of the type size) are documented in
# pipeline/extract/params.py; local names keep the formulas readable.
CANDIDATE_GAP = LAYOUT.candidate_gap
ALIGN = LAYOUT.align
DENSE_GAP = LAYOUT.dense_gap
OVERLAP = LAYOUT.overlap
ISOLATED_GAP = LAYOUT.isolated_gap
ISOLATION = LAYOUT.isolation

_vfont = attrgetter("vfont")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー々〆ヶ・、。「」『』（）〔〕【】]")


def find_columns(
    rows: Sequence[Sequence[Glyph]], stream: Sequence[Glyph], in_cell: bool = False
) -> list[list[Glyph]]:
    """Return the vertical columns (glyphs top to bottom) found among the rows' glyphs.

    ``stream`` is the same glyphs in drawing order.
    """
    below = _stream_below(stream)
    if in_cell and not below and _no_isolated_glyph(rows) and not any(map(_vfont, stream)):
        return []
    # Candidates, with their distance to the nearest neighbour in their row (inf when
    # alone), in one pass: only candidates' distances are ever read again.
    gaps: dict[int, float] = {}
    candidates: list[Glyph] = []
    inf = float("inf")
    candidate_gap = CANDIDATE_GAP
    for row in rows:
        # A glyph's gap is the smaller of the gaps to its left and right neighbours:
        # each gap between neighbours is computed once and carried to the next glyph
        # (this runs for every glyph of every region, most of which are no candidate).
        n = len(row)
        left = inf
        for i in range(n):
            a = row[i]
            right = row[i + 1].x0 - a.x1 if i + 1 < n else inf
            gap = left if left <= right else right
            if gap < 0:
                gap = 0.0
            if (a.vfont or gap > candidate_gap * a.size or (below and id(a) in below)) and a.upright:
                candidates.append(a)
                gaps[id(a)] = gap
            left = right
    if len(candidates) < 2 and not any(g.vfont for g in candidates):
        return []  # a column needs two glyphs, unless one glyph says it by its font
    max_gap = float("inf") if in_cell else ISOLATED_GAP
    row_of: dict[int, int] = {}

    def blocked(a: Glyph, b: Glyph) -> bool:
        """Another line crosses the column between a and b (wrapped prose, not a column)."""
        if not row_of:  # built on first use: most regions never ask
            row_of.update((id(g), i) for i, row in enumerate(rows) for g in row)
        for row in rows[row_of[id(a)] + 1 : row_of[id(b)]]:
            for g in row:
                if g.x0 < a.x1 and g.x1 > a.x0 and not g.is_space:
                    return True
        return False

    columns: list[list[Glyph]] = []
    for stack in _aligned_stacks(candidates):
        for chain in _chains(stack, max_gap, blocked):
            if len(chain) == 1:
                # Nearly every chain (126,557 of 127,920 outside the archive's tables): a
                # glyph with no candidate above or below within reach. What _is_vertical
                # says of one glyph, without the call; and there is no shorter run to try.
                if chain[0].vfont and not chain[0].is_space:
                    columns.append(chain)
                continue
            if _is_vertical(chain, gaps, below, in_cell):
                columns.append(chain)
                continue
            # A sparse neighbour (a heading above the column) can spoil a dense run.
            for run in _chains(chain, DENSE_GAP, None):
                if len(run) < len(chain) and _is_vertical(run, gaps, below, in_cell):
                    columns.append(run)
    return columns


def _no_isolated_glyph(rows: Sequence[Sequence[Glyph]]) -> bool:
    """Every row has two glyphs or more: then a cell region has no column without a
    vertical font or a run drawn downwards, so :func:`find_columns` skips its
    candidate search.

    Why that holds (read off :func:`_is_vertical`, the only way into the result):
    a chain is vertical by its fonts (needs a ``vfont`` glyph), by being drawn
    downwards (needs ``below``), or by isolation, which in a cell asks every
    inked glyph for a gap to its row neighbours of at least ``inf × size``:
    only a glyph alone in its row has that (gap ``inf``), or one of negative
    size (``-inf``; no engine makes one). The latter never joins a chain with
    another glyph (:func:`_chains` wants 0.7–1.4 × the previous size, an empty
    or false test when either size is negative), and a chain of one glyph is a
    column only by its font. Most table cells are one row of several glyphs
    (47,124 of the archive's 53,899 cell regions): with this and the one-glyph
    chains below, find_columns takes 0.23 instead of 0.37 ms/page on the
    archive's pdfium pages (old and new alternating in one process, best of 7;
    the whole of assemble_page: ``python bench/bench_assemble.py --against 249d174``).
    """
    return min(map(len, rows), default=2) >= 2


def rotated_columns(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Group rotated glyphs into columns, each in the direction its text runs."""
    columns: list[list[Glyph]] = []
    for stack in _aligned_stacks(glyphs):
        for chain in _chains(stack, LAYOUT.rotated_gap, None):
            if sum(1 for g in chain if g.down) * 2 < len(chain):
                chain.reverse()
            columns.append(chain)
    return columns


def _aligned_stacks(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Cluster glyphs by x-centre; each cluster sorted top to bottom."""
    ordered = sorted(glyphs, key=lambda g: g.x0 + g.x1)
    stacks: list[list[Glyph]] = []
    current: list[Glyph] = []
    anchor = 0.0
    for g in ordered:
        cx = (g.x0 + g.x1) * 0.5
        if current and abs(cx - anchor) <= ALIGN * g.size:
            current.append(g)
            continue
        if current:
            stacks.append(current)
        current = [g]
        anchor = cx
    if current:
        stacks.append(current)
    for stack in stacks:
        stack.sort(key=lambda g: g.top)
    return stacks


def _chains(
    stack: Sequence[Glyph], max_gap: float, blocked: Callable[[Glyph, Glyph], bool] | None
) -> list[list[Glyph]]:
    """Cut a top-to-bottom stack where consecutive glyphs are too far apart, differ in size,
    or have another line running between them."""
    chains: list[list[Glyph]] = []
    current: list[Glyph] = []
    for g in stack:
        if current:
            prev = current[-1]
            gap = g.top - prev.bottom
            size = max(g.size, prev.size)
            similar = LAYOUT.column_size_floor * prev.size <= g.size <= LAYOUT.column_size_ratio * prev.size
            if (
                not similar
                or gap > max_gap * size
                or gap < -OVERLAP * size
                or (blocked is not None and gap > DENSE_GAP * size and blocked(prev, g))
            ):
                chains.append(current)
                current = []
        current.append(g)
    if current:
        chains.append(current)
    return chains


def _stream_below(stream: Sequence[Glyph]) -> dict[int, int]:
    """Glyphs whose successor in drawing order sits directly below them: id → successor id.

    Only runs of at least three glyphs drawn downwards count: a wrapped line's
    single last glyph is often followed by the next line's first glyph right
    below it, but that next glyph is then followed by one to its right.
    Both ends of a pair are marked, so a column's last glyph is a candidate too.
    """
    if len(stream) < 3:
        return {}
    # A run of three is two consecutive pairs, and of two consecutive pair indices one is
    # odd: with no odd pair drawn downwards (the usual region) there is no run, and the
    # even pairs need no look, which halves this pass for almost every region.
    if not any(_downwards(zip(stream[1::2], stream[2::2]))):
        return {}
    down = _downwards(zip(stream, stream[1:]))
    out: dict[int, int] = {}
    last = len(down) - 1
    for i, flag in enumerate(down):
        if flag and ((i > 0 and down[i - 1]) or (i < last and down[i + 1])):
            out[id(stream[i])] = id(stream[i + 1])
            out.setdefault(id(stream[i + 1]), 0)
    return out


def _downwards(pairs: Iterable[tuple[Glyph, Glyph]]) -> list[bool]:
    """For each pair (a, b): b directly below a (both upright, aligned, a gap from
    -overlap to isolated sizes). Inlined: this runs for half the glyphs of every region."""
    overlap, isolated, align2 = OVERLAP, ISOLATED_GAP, 2 * ALIGN
    down: list[bool] = []
    for a, b in pairs:
        gap = b.top - a.bottom
        size = a.size if a.size > b.size else b.size
        down.append(
            -overlap * size <= gap <= isolated * size
            and abs((a.x0 + a.x1) - (b.x0 + b.x1)) <= align2 * size
            and a.upright
            and b.upright
        )
    return down


def _is_vertical(chain: Sequence[Glyph], gaps: dict[int, float], below: dict[int, int], in_cell: bool) -> bool:
    solid = [g for g in chain if not g.is_space]
    if not solid:
        return False
    if sum(1 for g in solid if g.vfont) * 2 >= len(solid):
        return True
    if len(solid) < 2:
        return False
    # Drawn downwards (half the steps at least) at a column's pitch; the median size
    # is only needed when the stream says so, which is rare.
    drawn_down = sum(1 for a, b in zip(chain, chain[1:]) if below.get(id(a)) == id(b)) if below else 0
    if drawn_down * 2 >= len(chain) - 1:
        size = statistics.median(g.size for g in solid)
        if max(b.top - a.bottom for a, b in zip(chain, chain[1:])) <= ISOLATED_GAP * size:
            return True
    # Or isolated, and CJK throughout.
    limit = float("inf") if in_cell else ISOLATION
    return all(gaps[id(g)] >= limit * g.size for g in solid) and all(_CJK.match(g.text) for g in solid)
