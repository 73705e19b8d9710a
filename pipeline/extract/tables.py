"""Ruled tables: cell rectangles from a page's rulings, then grids with spans.

Cells come from the engine's rulings through pdfplumber's edge-level
steps (``merge_edges`` → ``edges_to_intersections`` →
``intersections_to_cells`` → ``cells_to_tables``, in an exact rewrite on
tuples, :mod:`pipeline.extract.grid_cells`) with ``find_tables``'
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.extract.engines.base import Ruling
from pipeline.extract.glyphs import Glyph
from pipeline.extract.grid_cells import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pipeline.extract.params import LAYOUT
from pipeline.layout import Cell, Rect


@dataclass(slots=True)
class Grid:
    """One table: its cells with spans, and a lookup from grid slot to cell."""

    bbox: Rect
    xs: list[float]
    ys: list[float]
    cells: list[Cell]
    slots: list[int] = field(default_factory=list)  # row * n_cols + col → index into cells, -1 for none

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


def place(grids: Sequence[Grid], glyphs: Iterable[Glyph]) -> tuple[list[Glyph], dict[tuple[int, int], list[Glyph]]]:
    """Glyphs outside every table, and glyphs by (table, cell) of the cell holding their centre.

    The first table (in ``grids`` order) whose cell holds the centre wins: the
    centre is bisected into the table's column and row edges (clamped to the
    outer ones, since the frame is rounded) and the slot names the cell, or
    none. Inlined, one table at a time over the glyphs no earlier table took,
    because it runs for every glyph of every page with a table.
    """
    in_cells: dict[tuple[int, int], list[Glyph]] = {}
    rest = list(glyphs)
    for t, grid in enumerate(grids):  # table by table: what a table does not hold goes on
        x0, x1, top, bottom = grid.bbox.x0, grid.bbox.x1, grid.bbox.top, grid.bbox.bottom
        xs, ys, slots = grid.xs, grid.ys, grid.slots
        last_col, last_row, n_cols = len(xs) - 2, len(ys) - 2, len(xs) - 1
        left: list[Glyph] = []
        for glyph in rest:
            x = (glyph.x0 + glyph.x1) * 0.5
            y = (glyph.top + glyph.bottom) * 0.5
            if not (x0 <= x <= x1 and top <= y <= bottom):
                left.append(glyph)
                continue
            col = bisect_right(xs, x) - 1
            col = 0 if col < 0 else (last_col if col > last_col else col)
            row = bisect_right(ys, y) - 1
            row = 0 if row < 0 else (last_row if row > last_row else row)
            index = slots[row * n_cols + col]
            if index < 0:
                left.append(glyph)
                continue
            found = in_cells.get((t, index))
            if found is None:
                in_cells[(t, index)] = [glyph]
            else:
                found.append(glyph)
        rest = left
    outside = rest
    return outside, in_cells


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
    p = LAYOUT
    vertical: list[list[float]] = []
    horizontal: list[list[float]] = []
    prefilter = p.edge_min_length_prefilter
    for r in rulings:
        width, height = r.x1 - r.x0, r.bottom - r.top
        if r.orientation == "v":
            if height >= prefilter:
                vertical.append([r.x0, r.top, r.x1, r.bottom, width, height])
        elif r.orientation == "h" and width >= prefilter:
            horizontal.append([r.x0, r.top, r.x1, r.bottom, width, height])
    v_edges, h_edges = merge_edges(vertical, horizontal, p.snap_tolerance, p.join_tolerance, p.edge_min_length)
    intersections = edges_to_intersections(v_edges, h_edges, p.intersection_tolerance, p.intersection_tolerance)
    return cells_to_tables(intersections_to_cells(intersections))


def build_grid(boxes: Sequence[tuple[float, float, float, float]]) -> Grid | None:
    """Rebuild rows, columns and spans from cell rectangles (x0, top, x1, bottom)."""
    xs = _merge_edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _merge_edges([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 2 or len(ys) < 2:
        return None
    # Cells share their edges: find each distinct value's grid edge (and rounding) once.
    col_of = {v: (_nearest(xs, v), round(v, 2)) for v in {b[0] for b in boxes} | {b[2] for b in boxes}}
    row_of = {v: (_nearest(ys, v), round(v, 2)) for v in {b[1] for b in boxes} | {b[3] for b in boxes}}
    cells: list[Cell] = []
    for x0, top, x1, bottom in boxes:
        col, left = col_of[x0]
        col_end, right = col_of[x1]
        row, upper = row_of[top]
        row_end, lower = row_of[bottom]
        if col_end <= col or row_end <= row:
            continue
        cells.append(Cell(row=row, col=col, bbox=Rect(left, upper, right, lower), rowspan=row_end - row, colspan=col_end - col))
    if len(cells) < 2:
        return None
    cells.sort(key=lambda c: (c.row, c.col))
    n_cols = len(xs) - 1
    slots = [-1] * (n_cols * (len(ys) - 1))
    for index, cell in enumerate(cells):
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                if slots[r * n_cols + c] < 0:
                    slots[r * n_cols + c] = index
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
