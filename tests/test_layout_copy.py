"""The hand-written copies of layout records keep every field (they replace
dataclasses.replace on the hot path, so a field added later must be copied too)."""

from dataclasses import fields, replace

from pipeline.clean import _with_lines
from pipeline.layout import Cell, CellRef, Line, Rect


def test_with_text_keeps_every_other_field() -> None:
    line = Line("前", 3, Rect(1, 2, 3, 4), "vertical", 10.5, CellRef(1, 2, 3, 2, 2), True)
    assert all(getattr(line, f.name) != getattr(Line("x", 1), f.name) for f in fields(Line)), "every field non-default"
    assert line.with_text("後") == replace(line, text="後")
    assert line.with_text("後") is not line


def test_cell_copy_keeps_every_other_field() -> None:
    cell = Cell(2, 3, Rect(1, 2, 3, 4), 2, 3, [Line("a", 1)])
    default = Cell(0, 0, Rect(0, 0, 0, 0))
    assert all(getattr(cell, f.name) != getattr(default, f.name) for f in fields(Cell)), "every field non-default"
    lines = [Line("b", 1)]
    assert _with_lines(cell, lines) == replace(cell, lines=lines)
