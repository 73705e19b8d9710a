"""pdfplumber's ``edges_to_intersections`` and ``intersections_to_cells``, same results, less work.

Why not call pdfplumber's own (as :func:`pipeline.extract.tables.table_cells`
does for merging edges and grouping cells): both are quadratic — every
vertical edge is tested against every horizontal one, and every intersection
scans all later intersections for the ones below and to the right of it,
rebuilding edge sets on each test. On a ruled budget page that was a third of
the project's own time per page. These versions give identical output
(same vertices in the same order, same cells in the same order; checked
against ``page.find_tables()`` on the 1,770 corpus pages) by bisecting the
horizontal edges on ``top``, indexing intersections by column and row, and
computing each intersection's edge sets once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import Any

Edge = dict[str, Any]
Point = tuple[float, float]
Intersections = dict[Point, dict[str, list[Edge]]]
BBox = tuple[float, float, float, float]
_SLACK = 1e-6


def edges_to_intersections(edges: list[Edge], x_tolerance: float = 1, y_tolerance: float = 1) -> Intersections:
    """Points where a vertical and a horizontal edge cross (within the tolerances)."""
    intersections: Intersections = {}
    v_edges = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    h_edges = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    h_tops = [h["top"] for h in h_edges]
    for v in v_edges:
        # pdfplumber's test v.top <= h.top + tol and v.bottom >= h.top - tol, as a range of h.top.
        # Widened by a hair for float rounding; the exact test below decides.
        start = bisect_left(h_tops, v["top"] - y_tolerance - _SLACK)
        stop = bisect_right(h_tops, v["bottom"] + y_tolerance + _SLACK)
        x = v["x0"]
        for h in h_edges[start:stop]:
            if (
                v["top"] <= h["top"] + y_tolerance
                and v["bottom"] >= h["top"] - y_tolerance
                and x >= h["x0"] - x_tolerance
                and x <= h["x1"] + x_tolerance
            ):
                vertex = (x, h["top"])
                if vertex not in intersections:
                    intersections[vertex] = {"v": [], "h": []}
                intersections[vertex]["v"].append(v)
                intersections[vertex]["h"].append(h)
    return intersections


def intersections_to_cells(intersections: Intersections) -> list[BBox]:
    """Every smallest rectangle whose four corners are intersections joined by shared edges."""
    bbox = itemgetter("x0", "top", "x1", "bottom")
    v_sets = {p: {bbox(e) for e in sides["v"]} for p, sides in intersections.items()}
    h_sets = {p: {bbox(e) for e in sides["h"]} for p, sides in intersections.items()}

    def edge_connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not v_sets[p1].isdisjoint(v_sets[p2]):
            return True
        return p1[1] == p2[1] and not h_sets[p1].isdisjoint(h_sets[p2])

    points = sorted(intersections)
    by_x: dict[float, list[Point]] = {}
    by_y: dict[float, list[Point]] = {}
    for p in points:  # sorted, so each list is in the order pdfplumber's scans meet them
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)
    position = {p: i for i, p in enumerate(points)}

    cells: list[BBox] = []
    for i, pt in enumerate(points[:-1]):
        below = [p for p in by_x[pt[0]] if position[p] > i]
        right = [p for p in by_y[pt[1]] if position[p] > i]
        cell = _smallest_cell(pt, below, right, intersections, edge_connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(pt: Point, below: list[Point], right: list[Point], intersections: Intersections, connects: Any) -> BBox | None:
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            bottom_right = (right_pt[0], below_pt[1])
            if bottom_right in intersections and connects(bottom_right, right_pt) and connects(bottom_right, below_pt):
                return (pt[0], pt[1], bottom_right[0], bottom_right[1])
    return None
