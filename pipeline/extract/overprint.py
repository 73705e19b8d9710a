"""Remove overprinted ("fake bold") glyph copies at character level.

Some producers fake bold by drawing each glyph 2–4 times, shifted by a
fraction of a point (0.2–0.3 pt is typical, ~1 pt seen, at most about half a
glyph). The copies may come as whole runs (a line drawn four times) or glyph by
glyph, with or without the same font name. What tells a copy from a legitimate
repeat (ここ, 々, ・・・, leader dots, "1111") is geometry alone: a neighbour
sits a full advance away, a copy within a fraction of the glyph box. So a glyph
is a copy when an already kept glyph with the same text lies within
:data:`FRACTION` of its width *and* height on both axes.

Why not ``pdfplumber.utils.dedupe_chars``: it clusters every (text, font)
group with sorted scans and then restores the original order with
``list.index``, which is quadratic (~2.3 s on an 8,000-char page), and its
fixed 1 pt tolerance is too tight for large type and too loose for small type.
Here each glyph costs a handful of dict probes in a spatial grid keyed by
(text, cell x, cell y): one linear pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import floor

from pipeline.extract.glyphs import Glyph

# A copy is offset by less than this fraction of the glyph box on each axis; a
# neighbour (even of condensed type, ~0.8 of the box) is further away.
FRACTION = 0.45
# Grid cell size in points. Only the cells overlapping the tolerance window are
# probed (1–4 for body text), and a cell holds few glyphs of one text.
CELL = 8.0


def remove_overprint(glyphs: Sequence[Glyph]) -> tuple[list[Glyph], int]:
    """Return (kept glyphs in drawing order, number of copies removed).

    The first drawn copy is kept, so the result keeps the order and position of
    the original stream; every removed copy is attached to the kept glyph's
    ``copies`` so a later stage can report what the line looked like before.
    Removed copies stay in the grid, pointing at their kept glyph, so a copy
    may match any earlier copy: four copies 1 pt apart on a 5 pt digit are
    3 pt from the first, but only 1 pt from the previous one.
    """
    grid: dict[tuple[str, int, int], list[tuple[float, float, float, Glyph]]] = {}
    kept: list[Glyph] = []
    removed = 0
    for g in glyphs:
        x0 = g.x0
        top = g.top
        size = g.size
        tol_x = FRACTION * (g.x1 - x0)
        tol_y = FRACTION * (g.bottom - top)
        text = g.text
        root = None
        for ix in range(floor((x0 - tol_x) / CELL), floor((x0 + tol_x) / CELL) + 1):
            for iy in range(floor((top - tol_y) / CELL), floor((top + tol_y) / CELL) + 1):
                bucket = grid.get((text, ix, iy))
                if bucket is None:
                    continue
                for kx, ktop, ksize, owner in bucket:
                    if abs(kx - x0) < tol_x and abs(ktop - top) < tol_y and 0.8 * ksize <= size <= 1.25 * ksize:
                        root = owner
                        break
                if root is not None:
                    break
            if root is not None:
                break
        if root is None:
            kept.append(g)
            root = g
        else:
            if root.copies is None:
                root.copies = [g]
            else:
                root.copies.append(g)
            removed += 1
        key = (text, floor(x0 / CELL), floor(top / CELL))
        entry = (x0, top, size, root)
        bucket = grid.get(key)
        if bucket is None:
            grid[key] = [entry]
        else:
            bucket.append(entry)
    return kept, removed
