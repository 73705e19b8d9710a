"""A word letter-spaced across a table's cell borders, read back as one line.

Org charts and diagrams print a label over drawn boxes: 「Ｄ Ｘ 推 進 員」
spread (均等割付) along a band that crosses the boxes' sides. The boxes' sides
are rulings, so the table finder cuts the band into narrow cells and each
letter lands alone in its own cell, one line per letter, and the word would be
read one character per line.

The rule, on the lines of one table (all must hold, for three letters or more):

* each line is one glyph, the only line of its cell, and the cell is one grid
  unit (no span);
* the letters lie in one grid row, on one baseline (tops within a fifth of the
  glyph size), in one size (within 10 %);
* they are evenly spaced (each centre-to-centre step within 10 % of the
  previous one) and letter-spaced (step at least 1.5 glyph sizes);
* between every two letters lies at least one cell of that row holding no
  text, and none holding any: the grid columns there come from drawings
  behind the word, not from a column of the table. A real table row of
  one-character cells (a weekday header 月 火 水 …) has its letters in
  adjacent cells, so it is never joined.

Why not :mod:`pipeline.extract.vertical`: these letters run across the page,
not down it; the vertical finder works inside one cell and never sees them.
Why not :mod:`pipeline.clean.spacing`: that collapses gaps inside one line,
and here the letters were never one line. The joined line keeps the first
letter's cell (the line's box shows its real extent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.extract.glyphs import Glyph
from pipeline.layout import Line, Rect, Table

Placed = tuple[Line, list[Glyph]]

MIN_LETTERS = 3
SAME_TOP = 0.2  # tops within this fraction of the glyph size
SAME_SIZE = 0.1  # sizes within 10 %
EVEN_STEP = 0.1  # each step within 10 % of the previous one
MIN_STEP = 1.5  # letter-spaced: centres at least this many glyph sizes apart


def join_spread_words(placed: Sequence[Placed], table: Table) -> list[Placed]:
    """``placed`` (one table's lines in reading order) with each spread word made one line,
    put where its first letter was."""
    per_cell: dict[tuple[int, int], int] = {}
    for line, _ in placed:
        if line.cell is not None:
            key = (line.cell.row, line.cell.col)
            per_cell[key] = per_cell.get(key, 0) + 1
    letters = [
        p for p in placed
        if p[0].cell is not None and p[0].bbox is not None and p[0].direction == "horizontal"
        and p[0].cell.rowspan == p[0].cell.colspan == 1 and per_cell[(p[0].cell.row, p[0].cell.col)] == 1
        and len([g for g in p[1] if not g.is_space]) == 1
    ]
    if len(letters) < MIN_LETTERS:
        return list(placed)
    filled = {key for key in per_cell}
    joined: dict[int, Placed] = {}
    dropped: set[int] = set()
    for run in _runs(letters, filled):
        first = run[0][0]
        box = first.bbox
        assert box is not None
        for line, _ in run[1:]:
            box = box.union(line.bbox) if line.bbox is not None else box
            dropped.add(id(line))
        text = "".join(line.text.strip() for line, _ in run)
        joined[id(first)] = (replace(first, text=text, bbox=Rect(*(round(v, 2) for v in (box.x0, box.top, box.x1, box.bottom)))),
                             [g for _, glyphs in run for g in glyphs])
    if not joined:
        return list(placed)
    for cell in table.cells:
        cell.lines = [joined.get(id(ln), (ln, []))[0] for ln in cell.lines if id(ln) not in dropped]
    return [joined.get(id(p[0]), p) for p in placed if id(p[0]) not in dropped]


def _runs(letters: Sequence[Placed], filled: set[tuple[int, int]]) -> list[list[Placed]]:
    """Maximal runs of letters of one row that satisfy the rule, left to right."""
    rows: dict[int, list[Placed]] = {}
    for p in letters:
        rows.setdefault(p[0].cell.row, []).append(p)  # type: ignore[union-attr]
    out: list[list[Placed]] = []
    for row in rows.values():
        row.sort(key=lambda p: p[0].bbox.x0)  # type: ignore[union-attr]
        current: list[Placed] = []
        for p in row:
            if current and not _continues(current, p, filled):
                if len(current) >= MIN_LETTERS:
                    out.append(current)
                current = []
            current.append(p)
        if len(current) >= MIN_LETTERS:
            out.append(current)
    return out


def _centre(line: Line) -> float:
    box = line.bbox
    assert box is not None
    return (box.x0 + box.x1) * 0.5


def _continues(run: list[Placed], p: Placed, filled: set[tuple[int, int]]) -> bool:
    """``p`` is the next letter of ``run``: same baseline and size, the same letter-spaced
    step, and only empty cells (at least one) between it and the run's last letter."""
    last, line = run[-1][0], p[0]
    a, b, ca, cb = last.bbox, line.bbox, last.cell, line.cell
    assert a is not None and b is not None and ca is not None and cb is not None
    size = last.size or a.height
    if abs((line.size or b.height) - size) > SAME_SIZE * size or abs(b.top - a.top) > SAME_TOP * size:
        return False
    step = _centre(line) - _centre(last)
    if step < MIN_STEP * size:
        return False
    if len(run) > 1 and abs(step - (_centre(last) - _centre(run[-2][0]))) > EVEN_STEP * step:
        return False
    between = range(ca.col + 1, cb.col)
    return len(between) > 0 and not any((ca.row, col) in filled for col in between)
