"""pdfplumber's table-cell finder (``find_tables`` up to cell groups), same results, less work.

The four steps are pdfplumber's (``pdfplumber.table``): ``merge_edges`` (snap
parallel edges to their cluster's average, join collinear ones),
``edges_to_intersections``, ``intersections_to_cells`` and ``cells_to_tables``.
Why not call pdfplumber's own: each edge is a dict that ``move_object`` and
``resize_object`` copy key by key at every step, every vertical edge is tested
against every horizontal one, every intersection scans all later
intersections for the ones below and to the right of it, and cell grouping
removes cells from a list one by one; on a ruled budget page (3,000 edges)
that was most of the project's own time per page. Here an edge is a tuple,
horizontal edges are bisected on ``top``, intersections are indexed by column
and row with their edge sets computed once, and grouping passes over a list
it rebuilds. The floating-point operations are pdfplumber's, in its order
(a snapped edge moves by ``average − x0``, a joined edge's height grows by the
difference of bottoms), so the cells are identical: the same rectangles, in the
same order, in the same groups (``tests/test_tables.py`` compares them with
pdfplumber's functions on corpus pages).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]
Intersections = dict[Point, tuple[set[BBox], set[BBox]]]  # vertex → (vertical edges, horizontal edges)
_SLACK = 1e-6


def merge_edges(
    vertical: list[list[float]], horizontal: list[list[float]], snap: float, join: float, min_length: float
) -> tuple[list[BBox], list[BBox]]:
    """pdfplumber's ``merge_edges`` then ``filter_edges(min_length)``: (vertical, horizontal) edges.

    Each edge comes as ``[x0, top, x1, bottom, width, height]`` (pdfplumber's
    keys; width and height are carried, not recomputed, as pdfplumber does).
    """
    out_v = [tuple(e[:4]) for e in _joined(_snapped(vertical, 0, snap), 1, join) if e[5] >= min_length]
    out_h = [tuple(e[:4]) for e in _joined(_snapped(horizontal, 1, snap), 0, join) if e[4] >= min_length]
    return out_v, out_h  # type: ignore[return-value]


def _snapped(edges: list[list[float]], at: int, tolerance: float) -> list[list[float]]:
    """``snap_objects``: edges whose position (index ``at``) values chain within ``tolerance``
    move to their cluster's average; clusters in order, edges in input order within one.
    The edges are moved in place (they are the caller's scratch lists)."""
    cluster_of: dict[float, int] = {}
    index = -1
    last = 0.0
    for value in sorted({e[at] for e in edges}):  # cluster_list: a value within tolerance of the previous joins
        if index < 0 or not value <= last + tolerance:
            index += 1
        cluster_of[value] = index
        last = value
    clusters: list[list[list[float]]] = [[] for _ in range(index + 1)]
    for e in edges:
        clusters[cluster_of[e[at]]].append(e)
    out: list[list[float]] = []
    other = at + 2  # the opposite side moves by the same amount
    for members in clusters:
        average = sum(e[at] for e in members) / len(members)
        for e in members:
            shift = average - e[at]
            e[at] += shift
            e[other] += shift
            out.append(e)
    return out


def _joined(edges: list[list[float]], start: int, tolerance: float) -> Iterable[list[float]]:
    """``join_edge_group`` per position: collinear edges overlapping or ``tolerance`` apart
    become one (``start`` is the index of the edge's first end: top or x0)."""
    at = 1 - start  # position: top for horizontal edges (start x0), x0 for vertical (start top)
    end, length = start + 2, 4 + start  # x1/width or bottom/height
    ordered = sorted(edges, key=itemgetter(at))
    for _position, group in groupby(ordered, key=itemgetter(at)):
        joined: list[list[float]] = []
        for e in sorted(group, key=itemgetter(start)):
            if joined and e[start] <= joined[-1][end] + tolerance:
                last = joined[-1]
                if e[end] > last[end]:
                    grown = list(last)
                    grown[end] = e[end]
                    grown[length] = e[end] - last[start] if start == 0 else last[length] + (e[end] - last[end])
                    joined[-1] = grown
            else:
                joined.append(e)
        yield from joined


def edges_to_intersections(
    vertical: list[BBox], horizontal: list[BBox], x_tolerance: float = 1, y_tolerance: float = 1
) -> Intersections:
    """Points where a vertical and a horizontal edge cross (within the tolerances)."""
    intersections: Intersections = {}
    v_edges = sorted(vertical, key=itemgetter(0, 1))
    h_edges = sorted(horizontal, key=itemgetter(1, 0))
    h_tops = [h[1] for h in h_edges]
    for v in v_edges:
        x, v_top, _x1, v_bottom = v
        # pdfplumber's test v.top <= h.top + tol and v.bottom >= h.top - tol, as a range of h.top.
        # Widened by a hair for float rounding; the exact test below decides.
        start = bisect_left(h_tops, v_top - y_tolerance - _SLACK)
        stop = bisect_right(h_tops, v_bottom + y_tolerance + _SLACK)
        for h in h_edges[start:stop]:
            h_x0, h_top, h_x1, _bottom = h
            if (
                v_top <= h_top + y_tolerance
                and v_bottom >= h_top - y_tolerance
                and x >= h_x0 - x_tolerance
                and x <= h_x1 + x_tolerance
            ):
                sides = intersections.get((x, h_top))
                if sides is None:
                    intersections[(x, h_top)] = ({v}, {h})
                else:
                    sides[0].add(v)
                    sides[1].add(h)
    return intersections


def intersections_to_cells(intersections: Intersections) -> list[BBox]:
    """Every smallest rectangle whose four corners are intersections joined by shared edges.

    pdfplumber's ``edge_connects`` asks whether two points share a vertical edge
    (same x) or a horizontal one (same y); a point below shares x, one to the
    right shares y, so each test here is one set comparison, inlined.
    """
    points = sorted(intersections)
    by_x: dict[float, list[Point]] = {}
    by_y: dict[float, list[Point]] = {}
    for p in points:  # sorted, so each list is in the order pdfplumber's scans meet them
        by_x.setdefault(p[0], []).append(p)
        by_y.setdefault(p[1], []).append(p)
    # Points sort by x, then y: the later points of a point's column are the ones below
    # it, the later points of its row the ones to its right, so each is a slice.
    at_x = {p: i for column in by_x.values() for i, p in enumerate(column)}
    at_y = {p: i for row in by_y.values() for i, p in enumerate(row)}

    cells: list[BBox] = []
    for pt in points[:-1]:
        v_edges, h_edges = intersections[pt]
        right = by_y[pt[1]][at_y[pt] + 1 :]
        for below_pt in by_x[pt[0]][at_x[pt] + 1 :]:
            below_v, below_h = intersections[below_pt]
            if v_edges.isdisjoint(below_v):
                continue
            cell = None
            for right_pt in right:
                right_v, right_h = intersections[right_pt]
                if h_edges.isdisjoint(right_h):
                    continue
                corner = intersections.get((right_pt[0], below_pt[1]))
                if corner is not None and not corner[0].isdisjoint(right_v) and not corner[1].isdisjoint(below_h):
                    cell = (pt[0], pt[1], right_pt[0], below_pt[1])
                    break
            if cell is not None:
                cells.append(cell)
                break
    return cells


def cells_to_tables(cells: list[BBox]) -> list[list[BBox]]:
    """Cells grouped into tables by shared corners, as pdfplumber groups them.

    pdfplumber passes over the remaining cells again and again, taking every
    cell that shares a corner with the current group, until a pass takes
    none; the same passes here, over a list rebuilt per pass instead of
    ``list.remove`` per cell.
    """
    tables: list[list[BBox]] = []
    current: list[BBox] = []
    corners: set[Point] = set()
    remaining = [(cell, ((cell[0], cell[1]), (cell[0], cell[3]), (cell[2], cell[1]), (cell[2], cell[3]))) for cell in cells]
    while remaining:
        before = len(current)
        rest: list[tuple[BBox, tuple[Point, Point, Point, Point]]] = []
        for cell, own in remaining:
            if not current or own[0] in corners or own[1] in corners or own[2] in corners or own[3] in corners:
                corners.update(own)
                current.append(cell)
            else:
                rest.append((cell, own))
        remaining = rest
        if len(current) == before:
            tables.append(current)
            current, corners = [], set()
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]
