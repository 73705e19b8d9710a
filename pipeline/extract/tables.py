"""Ruled tables: cell rectangles from a page's rulings, then grids with spans.

Cells come from the engine's rulings through pdfplumber's edge-level
functions (``merge_edges`` → ``edges_to_intersections`` →
``intersections_to_cells`` → ``cells_to_tables``, the middle two in an exact
sub-quadratic rewrite, :mod:`pipeline.extract.grid_cells`) with ``find_tables``'
default settings, so any engine that reports the same edges gets the same
tables as ``page.find_tables()`` (checked on the corpus) without a pdfplumber
page. Those functions give cell rectangles but no row/column indices and no
spans. The grid is rebuilt from the distinct cell edges: every cell top
and bottom is a row edge, every left and right a column edge (after merging
edges closer than ``edge_tolerance``, :mod:`pipeline.extract.params`), so a merged cell's span is simply
how many grid edges it crosses. Glyphs are then placed into cells by bisecting
those edges, which keeps placement linear in the number of glyphs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pdfplumber.table import cells_to_tables, merge_edges
from pdfplumber.utils import filter_edges

from pipeline.extract.engines.base import Ruling
from pipeline.extract.grid_cells import edges_to_intersections, intersections_to_cells
from pipeline.extract.params import LAYOUT
from pipeline.layout import Cell, Rect


@dataclass(slots=True)
class Grid:
    """One table: its cells with spans, and a lookup from grid slot to cell."""

    bbox: Rect
    xs: list[float]
    ys: list[float]
    cells: list[Cell]
    slots: dict[tuple[int, int], int] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def cell_index(self, x: float, y: float) -> int | None:
        """Index into ``cells`` of the cell containing the point, if any."""
        b = self.bbox
        if not (b.x0 <= x <= b.x1 and b.top <= y <= b.bottom):
            return None
        col = min(max(bisect_right(self.xs, x) - 1, 0), self.n_cols - 1)
        row = min(max(bisect_right(self.ys, y) - 1, 0), self.n_rows - 1)
        return self.slots.get((row, col))


def has_rulings(rulings: Sequence[Ruling]) -> bool:
    """Cheap gate: two cells need at least three edges one way and two the other."""
    h = sum(1 for r in rulings if r.orientation == "h")
    v = sum(1 for r in rulings if r.orientation == "v")
    return h >= 2 and v >= 2 and h + v >= 5


def find_grids(rulings: Sequence[Ruling]) -> list[Grid]:
    """Ruled tables of a page as grids, top to bottom.

    Tables of a single cell are dropped: a framed paragraph is not a table, and
    calling its text a cell would only confuse the segmenters.
    """
    grids: list[Grid] = []
    for cells in table_cells(rulings):
        if len(cells) < 2:
            continue
        grid = build_grid(cells)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: (g.bbox.top, g.bbox.x0))
    return grids


def table_cells(rulings: Sequence[Ruling]) -> list[list[tuple[float, float, float, float]]]:
    """What ``page.find_tables()`` computes from ``page.edges`` (default settings): each
    table's cell rectangles."""
    edges: list[dict[str, Any]] = [
        {
            "x0": r.x0,
            "top": r.top,
            "x1": r.x1,
            "bottom": r.bottom,
            "width": r.x1 - r.x0,
            "height": r.bottom - r.top,
            "orientation": r.orientation,
            "object_type": "edge",
        }
        for r in rulings
        if r.orientation is not None
    ]
    p = LAYOUT
    edges = filter_edges(edges, min_length=p.edge_min_length_prefilter)
    edges = merge_edges(edges, p.snap_tolerance, p.snap_tolerance, p.join_tolerance, p.join_tolerance)
    edges = filter_edges(edges, min_length=p.edge_min_length)
    intersections = edges_to_intersections(edges, p.intersection_tolerance, p.intersection_tolerance)
    return cells_to_tables(intersections_to_cells(intersections))


def build_grid(boxes: Sequence[tuple[float, float, float, float]]) -> Grid | None:
    """Rebuild rows, columns and spans from cell rectangles (x0, top, x1, bottom)."""
    xs = _merge_edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _merge_edges([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 2 or len(ys) < 2:
        return None
    cells: list[Cell] = []
    for x0, top, x1, bottom in boxes:
        col = _nearest(xs, x0)
        col_end = _nearest(xs, x1)
        row = _nearest(ys, top)
        row_end = _nearest(ys, bottom)
        if col_end <= col or row_end <= row:
            continue
        cells.append(
            Cell(
                row=row,
                col=col,
                bbox=Rect(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)),
                rowspan=row_end - row,
                colspan=col_end - col,
            )
        )
    if len(cells) < 2:
        return None
    cells.sort(key=lambda c: (c.row, c.col))
    slots: dict[tuple[int, int], int] = {}
    for index, cell in enumerate(cells):
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                slots.setdefault((r, c), index)
    bbox = Rect(round(xs[0], 2), round(ys[0], 2), round(xs[-1], 2), round(ys[-1], 2))
    return Grid(bbox=bbox, xs=xs, ys=ys, cells=cells, slots=slots)


def _merge_edges(values: list[float]) -> list[float]:
    """Distinct edges: sorted values with near-duplicates merged into their first."""
    tolerance = LAYOUT.edge_tolerance
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _nearest(edges: Sequence[float], value: float) -> int:
    i = bisect_right(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1
