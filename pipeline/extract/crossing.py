"""A run of text drawn across a table's cell border, read back as one line.

Schedules (Gantt charts) and diagrams print a label over a bar that spans
several columns: 「ＤＸ推進員の育成」 over the months it runs. The columns' sides
are rulings, so the table finder makes cells of them, the glyphs go to the
cell holding their centre, and the label comes out cut where a side crosses
it: 「ＤＸ推」 in one cell, 「進員の育成」 in the next, read as two lines.

The proof that a border runs *under* the text rather than between two
cells' texts is a glyph drawn across it: cell text keeps a margin from its
cell's sides, so a glyph whose box straddles the side (by more than a twentieth
of its size on each side) belongs to a run the ruling crosses. The rule, for
two lines of one table (all must hold):

* both horizontal, in cells of the same grid row, the second cell starting
  where the first one ends (adjacent columns);
* one baseline (tops within a fifth of the size) and one size (within 10 %);
* the glyphs touch across the border: the gap between the first line's last
  glyph and the second's first is at most a twentieth of the size: the
  glyphs of one run are set edge to edge, while a cell's text that
  overflows its side still stops short of the next cell's text (the
  measured spread is with ``crossing_touch`` in
  :class:`~pipeline.extract.params.LayoutParams`, beside the other tolerances);
* one of those two glyphs straddles the border.

The run takes the second line only up to its first space or word gap: a cell
may hold the run's end and then its own text (「（％）」 runs over the border,
「83.3」 is the next cell's value). The joined line is rebuilt from the glyphs
with the same :func:`~pipeline.extract.lines.make_line` as any other line (so
its spacing follows the one rule) and keeps the first line's cell; its box
shows its real extent; what is left of the second line stays in its cell.
Chains (a label over three columns) join left to right.

Why not :mod:`pipeline.extract.spread`: there the letters are spaced apart
with empty cells between them; here they touch, and the cells either side
may hold other text. Why not assign glyphs to cells differently: the cells
are right for the chart's bars and dates; only this run ignores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from pipeline.extract.glyphs import Glyph
from pipeline.extract.lines import make_line, word_gap
from pipeline.extract.params import LAYOUT
from pipeline.layout import CellRef, Line, Table

Placed = tuple[Line, list[Glyph]]


def join_crossing_runs(placed: Sequence[Placed], table: Table) -> list[Placed]:
    """``placed`` (one table's lines in reading order) with each run drawn across a cell
    border made one line, put where its first part was."""
    horizontal = [p for p in placed if p[0].cell is not None and p[0].bbox is not None
                  and p[0].direction == "horizontal" and p[1]]
    if len(horizontal) < 2:
        return list(placed)
    starts: dict[tuple[int, int], list[Placed]] = {}  # (row, first column) → lines of that cell
    for p in horizontal:
        ref = p[0].cell
        assert ref is not None
        starts.setdefault((ref.row, ref.col), []).append(p)
    replaced: dict[int, Placed] = {}  # id(line) → the line that takes its place
    dropped: set[int] = set()  # lines wholly taken into a run
    cut = False  # some line gave only its start to a run: its rest may continue another
    for p in sorted(horizontal, key=lambda p: p[0].bbox.x0):  # type: ignore[union-attr]
        if id(p[0]) in dropped or id(p[0]) in replaced:
            continue
        line, glyphs = p
        reached = p[0].cell  # the cell the run has reached so far
        assert reached is not None
        while (nxt := _next_part(line, glyphs, reached, starts, dropped, table)) is not None:
            taken, rest = _run_start(glyphs, nxt[1])
            glyphs = [*glyphs, *taken]
            joined = make_line(glyphs, line.page, "horizontal", p[0].cell)
            assert joined is not None
            line = replace(joined, break_before=p[0].break_before)
            remainder = make_line(rest, nxt[0].page, "horizontal", nxt[0].cell)
            if remainder is not None:  # the run ends inside that cell: its other text stays there
                replaced[id(nxt[0])] = (replace(remainder, break_before=nxt[0].break_before), rest)
                cut = True
                break
            reached = nxt[0].cell
            assert reached is not None
            dropped.add(id(nxt[0]))
        if line is not p[0]:
            replaced[id(p[0])] = (line, glyphs)
    if not replaced:
        return list(placed)
    for cell in table.cells:
        cell.lines = [replaced[id(ln)][0] if id(ln) in replaced else ln for ln in cell.lines if id(ln) not in dropped]
    out = [replaced.get(id(p[0]), p) for p in placed if id(p[0]) not in dropped]
    # A cut line's rest is a line of its cell like any other: it may itself run on across the next border.
    return join_crossing_runs(out, table) if cut else out


def _run_start(run: Sequence[Glyph], glyphs: Sequence[Glyph]) -> tuple[list[Glyph], list[Glyph]]:
    """``glyphs`` (the next cell's line) split where the run ends: at its first space or
    word gap (:func:`~pipeline.extract.lines.word_gap`). A label over a border goes on
    unbroken; 「（％） 83.3」 gives 「）」 to the label and keeps its value 83.3 in its cell."""
    prev = _first_inked(reversed(run))
    for i, g in enumerate(glyphs):
        if g.is_space or (prev is not None and word_gap(prev, g)):
            rest = list(glyphs[i:])
            while rest and rest[0].is_space:  # the space between them ends the run; the rest starts with ink
                rest.pop(0)
            return list(glyphs[:i]), rest
        prev = g
    return list(glyphs), []


def _next_part(line: Line, glyphs: Sequence[Glyph], reached: CellRef, starts: dict[tuple[int, int], list[Placed]],
               dropped: set[int], table: Table) -> Placed | None:
    """The line in the cell right of ``reached`` that continues the run across their border, if any."""
    candidates = starts.get((reached.row, reached.col + reached.colspan))
    box = line.bbox
    if not candidates or box is None:  # most lines: nothing in the next cell, no glyph read
        return None
    last = _first_inked(reversed(glyphs))
    if last is None:
        return None
    size = line.size or box.height
    for cand in candidates:
        other = cand[0]
        o_box = other.bbox
        first = cand[1][0]
        if id(other) in dropped or o_box is None or first.is_space:  # a run goes on with ink, not a space
            continue
        if abs((other.size or o_box.height) - size) > LAYOUT.crossing_same_size * size \
                or abs(o_box.top - box.top) > LAYOUT.crossing_same_top * size:
            continue
        if abs(first.x0 - last.x1) > LAYOUT.crossing_touch * size:
            continue
        cell = table.cell_at(reached.row, reached.col)
        if cell is not None and (_straddles(last, cell.bbox.x1) or _straddles(first, cell.bbox.x1)):
            return cand
    return None


def _first_inked(glyphs: Iterable[Glyph]) -> Glyph | None:
    return next((g for g in glyphs if not g.is_space), None)


def _straddles(g: Glyph, x: float) -> bool:
    margin = LAYOUT.crossing_straddle * g.size
    return g.x0 + margin < x < g.x1 - margin
