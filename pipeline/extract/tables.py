"""Ruled tables: pdfplumber finds them, this module turns them into grids.

pdfplumber's ``find_tables`` returns cell rectangles but no row/column indices
and no spans. The grid is rebuilt from the distinct cell edges: every cell top
and bottom is a row edge, every left and right a column edge (after merging
edges closer than :data:`EDGE_TOLERANCE`), so a merged cell's span is simply
how many grid edges it crosses. Glyphs are then placed into cells by bisecting
those edges, which keeps placement linear in the number of glyphs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.layout import Cell, Rect

EDGE_TOLERANCE = 1.5  # points; ruling lines are drawn with some slack


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


def has_rulings(page: Any) -> bool:
    """Cheap gate before ``find_tables``: a ruled table needs drawn lines or rectangles."""
    objects = page.objects
    return len(objects.get("line", ())) + len(objects.get("rect", ())) + len(objects.get("curve", ())) >= 2


def find_grids(page: Any, dx: float = 0.0, dy: float = 0.0) -> list[Grid]:
    """Ruled tables of a page as grids, page-relative, top to bottom.

    Tables of a single cell are dropped: a framed paragraph is not a table, and
    calling its text a cell would only confuse the segmenters.
    """
    grids: list[Grid] = []
    for table in page.find_tables():
        boxes = [
            (x0 - dx, top - dy, x1 - dx, bottom - dy)
            for (x0, top, x1, bottom) in (c for c in table.cells if c is not None)
        ]
        if len(boxes) < 2:
            continue
        grid = build_grid(boxes)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda g: (g.bbox.top, g.bbox.x0))
    return grids


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
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > EDGE_TOLERANCE:
            out.append(v)
    return out


def _nearest(edges: Sequence[float], value: float) -> int:
    i = bisect_right(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1
