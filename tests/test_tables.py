"""The table finder's cells are pdfplumber's: the same rectangles, in the same order and groups.

:mod:`pipeline.extract.grid_cells` rewrites pdfplumber's cell finder on
tuples; these tests hold it to ``page.find_tables()`` (default settings) on
real ruled pages and on a built grid with a merged cell, and to pdfplumber's
own step functions on edges that need snapping and joining.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest
from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pdfplumber.utils import filter_edges

from pipeline.extract.engines.base import Ruling
from pipeline.extract.engines.plumber import page_content
from pipeline.extract.tables import find_grids, table_cells
from tests import pdfkit
from tests.conftest import REPO, corpus_file


def _same_as_find_tables(data: bytes, pages: int) -> int:
    """Compare on the first ``pages`` pages; returns how many cells were compared."""
    compared = 0
    with pdfplumber.open(io.BytesIO(data)) as ours, pdfplumber.open(io.BytesIO(data)) as theirs:
        for mine, reference in list(zip(ours.pages, theirs.pages))[:pages]:
            assert tuple(reference.bbox[:2]) == (0, 0), "find_tables reports unshifted coordinates"
            expected = [table.cells for table in reference.find_tables()]
            assert table_cells(page_content(mine).rulings) == expected, f"page {reference.page_number}"
            compared += sum(len(cells) for cells in expected)
    return compared


@pytest.mark.parametrize("name, pages", [("nankoku-water-budget-r8.pdf", 6), ("nankoku-study-session-r8-budget.pdf", 4)])
def test_real_ruled_pages_give_find_tables_cells(name: str, pages: int) -> None:
    assert _same_as_find_tables(corpus_file(f"real/{name}").read_bytes(), pages) > 50


def test_generated_pdf_with_tables() -> None:
    assert _same_as_find_tables((REPO / "raw" / "generated-shingikai-024.pdf").read_bytes(), 99) > 10


def test_built_grid_with_a_merged_cell() -> None:
    def draw(c):  # type: ignore[no-untyped-def]
        pdfkit.ruled_grid(c, 150, 150, [60, 200, 80], [20, 20, 20, 20], merged=[(1, 0, 2, 1)])

    data = pdfkit.build(draw)
    assert _same_as_find_tables(data, 1) == 11
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        (grid,) = find_grids(page_content(pdf.pages[0]).rulings)
    assert (grid.n_rows, grid.n_cols, len(grid.cells)) == (4, 3, 11)
    merged = next(cell for cell in grid.cells if cell.rowspan == 2)
    assert (merged.row, merged.col, merged.colspan) == (1, 0, 1)


def _reference(rulings: list[Ruling]) -> list[list[tuple[float, float, float, float]]]:
    """pdfplumber's own steps, as ``find_tables`` runs them on ``page.edges``."""
    edges = [
        {"x0": r.x0, "top": r.top, "x1": r.x1, "bottom": r.bottom, "width": r.x1 - r.x0,
         "height": r.bottom - r.top, "orientation": r.orientation, "object_type": "edge"}
        for r in rulings
        if r.orientation is not None
    ]
    edges = filter_edges(merge_edges(filter_edges(edges, min_length=1), 3, 3, 3, 3), min_length=3)
    return cells_to_tables(intersections_to_cells(edges_to_intersections(edges, 3, 3)))


def test_edges_snapped_and_joined_as_pdfplumber_does() -> None:
    """Rules drawn with slack: sides 0.1–2.9 pt apart snap to an average that is not
    exact in binary, broken rules join across small gaps, short ticks and a slanted
    segment are ignored, and two tables touch at no corner."""
    rulings: list[Ruling] = []
    for i, y in enumerate([100.0, 120.3, 140.1, 160.7]):
        rulings.append(Ruling(50.0 + 0.1 * i, y + 0.1 * i, 120.0, y + 0.1 * i, "h"))
        rulings.append(Ruling(121.5, y - 0.2, 250.0 + i, y - 0.2, "h"))  # joined across a 1.5 pt gap
    for i, x in enumerate([50.0, 90.2, 170.0, 250.0]):
        rulings.append(Ruling(x + 0.3 * i, 100.0 - 0.1 * i, x + 0.3 * i, 131.0, "v"))
        rulings.append(Ruling(x - 0.2, 133.9, x - 0.2, 161.0 + i, "v"))  # a 2.9 pt gap
    rulings.append(Ruling(60.0, 150.0, 61.5, 150.0, "h"))  # a tick
    rulings.append(Ruling(60.0, 150.0, 80.0, 170.0, None))  # slanted curve segment
    for x in (300.0, 340.0, 380.0):  # a second table far off
        rulings.append(Ruling(x, 300.0, x, 360.0, "v"))
    for y in (300.0, 330.0, 360.0):
        rulings.append(Ruling(300.0, y, 380.0, y, "h"))
    expected = _reference(rulings)
    assert [len(cells) for cells in expected] == [9, 4]
    assert table_cells(rulings) == expected
