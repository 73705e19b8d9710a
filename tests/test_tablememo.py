"""per_table: one evaluation per table object, never an answer for another table."""

from pipeline.layout import Cell, Line, Rect, Table
from pipeline.segment import tablememo
from pipeline.segment.tablememo import per_table


def _table(text: str) -> Table:
    box = Rect(0, 0, 10, 10)
    return Table(box, 1, 1, [Cell(0, 0, box, lines=[Line(text, 1)])])


def test_remembered_per_table_identity() -> None:
    calls: list[str] = []

    @per_table
    def first_text(table: Table) -> str:
        calls.append(table.cells[0].text)
        return table.cells[0].text

    a, b = _table("氏名"), _table("備考")
    assert [first_text(a), first_text(a), first_text(b), first_text(b)] == ["氏名", "氏名", "備考", "備考"]
    assert calls == ["氏名", "備考"]


def test_forgets_after_limit_and_stays_correct() -> None:
    @per_table
    def first_text(table: Table) -> str:
        return table.cells[0].text

    tables = [_table(str(i)) for i in range(tablememo.LIMIT + 10)]
    assert [first_text(t) for t in tables] == [str(i) for i in range(tablememo.LIMIT + 10)]
    assert first_text(tables[0]) == "0"


def test_head_rows_is_cell_at_over_the_first_rows() -> None:
    """The one-pass grid answers what ``cell_at`` answers at every head position,
    spans and overlapping cells included (the first cell in list order wins)."""
    import random

    box = Rect(0, 0, 10, 10)
    rng = random.Random(0)
    for _ in range(300):
        n_rows, n_cols = rng.randint(1, 7), rng.randint(1, 5)
        cells = [
            Cell(rng.randrange(n_rows), rng.randrange(n_cols), box, rng.randint(1, 3), rng.randint(1, 3),
                 [Line(f"t{i}", 1), Line(f" u{i} ", 1)])
            for i in range(rng.randint(0, 12))
        ]
        table = Table(box, n_rows, n_cols, cells)
        grid = tablememo.head_rows(table)
        assert len(grid) == min(n_rows, tablememo.HEAD_ROWS)
        for row, found in enumerate(grid):
            for col in range(n_cols):
                cell = table.cell_at(row, col)
                assert found[col] == (None if cell is None else (cell, cell.text))
                assert found[col] is None or found[col][0] is cell
