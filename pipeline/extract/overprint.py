"""Remove overprinted ("fake bold") glyph copies at character level.

Some producers fake bold by drawing each glyph 2–4 times, shifted by a
fraction of a point (0.2–0.3 pt is typical, ~1 pt seen, at most about half a
glyph). The copies may come as whole runs (a line drawn four times) or glyph by
glyph, with or without the same font name. What tells a copy from a legitimate
repeat (ここ, 々, ・・・, leader dots, "1111") is geometry alone: a neighbour
sits a full advance away, a copy within a fraction of the glyph box. So a glyph
is a copy when an already kept glyph with the same text lies within
``overprint_fraction`` (:mod:`pipeline.extract.params`) of its width *and* height on both axes.

Why not ``pdfplumber.utils.dedupe_chars``: it clusters every (text, font)
group with sorted scans and then restores the original order with
``list.index``, which is quadratic (~2.3 s on an 8,000-char page), and its
fixed 1 pt tolerance is too tight for large type and too loose for small type.
Here each glyph costs a handful of dict probes in a spatial grid keyed by
text, then cell x, then cell y: one linear pass. A glyph whose text occurs once on the
page (most kanji) can neither be nor have a copy, so it skips the grid
altogether: one C-speed count of the texts first saves most of the probing.
The first glyph of a text has nothing to be a copy of: finding no grid for its
text, it is kept and starts one without probing a window (54 of the 361
repeated glyphs of an average archive page; this function 0.52 → 0.45 ms/page
on the archive's pdfium pages, old and new alternating in one process, best of 7).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from math import floor
from operator import attrgetter

from pipeline.extract.glyphs import Glyph
from pipeline.extract.params import LAYOUT, LayoutParams


def remove_overprint(glyphs: Sequence[Glyph], params: LayoutParams = LAYOUT) -> tuple[list[Glyph], int]:
    """Return (kept glyphs in drawing order, number of copies removed).

    The first drawn copy is kept, so the result keeps the order and position of
    the original stream; every removed copy is attached to the kept glyph's
    ``copies`` so a later stage can report what the line looked like before.
    Removed copies stay in the grid, pointing at their kept glyph, so a copy
    may match any earlier copy: four copies 1 pt apart on a 5 pt digit are
    3 pt from the first, but only 1 pt from the previous one.
    """
    fraction, cell = params.overprint_fraction, params.overprint_cell
    floor_ratio, ratio = params.overprint_size_floor, params.overprint_size_ratio
    # text → cell x → cell y → entries: a column of the window is one probe, and most are empty.
    grid: dict[str, dict[int, dict[int, list[tuple[float, float, float, Glyph]]]]] = {}
    kept: list[Glyph] = []
    removed = 0
    occurrences = Counter(map(attrgetter("text"), glyphs))
    for g in glyphs:
        text = g.text
        if occurrences[text] == 1:
            kept.append(g)
            continue
        x0 = g.x0
        top = g.top
        size = g.size
        ix = floor(x0 / cell)
        iy = floor(top / cell)
        columns = grid.get(text)
        if columns is None:  # the first of its text: kept, nothing to probe
            kept.append(g)
            grid[text] = {ix: {iy: [(x0, top, size, g)]}}
            continue
        tol_x = fraction * (g.x1 - x0)
        tol_y = fraction * (g.bottom - top)
        root = None
        # The window's first and last cells; a bound inside the glyph's own cell
        # needs no floor() (x0 − tol_x ≥ ix · cell means the same cell), which is most.
        q = (x0 - tol_x) / cell
        lo_x = ix if q >= ix else floor(q)
        q = (x0 + tol_x) / cell
        hi_x = ix if q < ix + 1 else floor(q)
        q = (top - tol_y) / cell
        lo_y = iy if q >= iy else floor(q)
        q = (top + tol_y) / cell
        hi_y = iy if q < iy + 1 else floor(q)
        cx = lo_x
        while root is None and cx <= hi_x:
            column = columns.get(cx)
            cx += 1
            if column is None:
                continue
            cy = lo_y
            while cy <= hi_y:
                bucket = column.get(cy)
                if bucket is not None:
                    for kx, ktop, ksize, owner in bucket:
                        if abs(kx - x0) < tol_x and abs(ktop - top) < tol_y and floor_ratio * ksize <= size <= ratio * ksize:
                            root = owner
                            break
                    if root is not None:
                        break
                cy += 1
        if root is None:
            kept.append(g)
            root = g
        else:
            if root.copies is None:
                root.copies = [g]
            else:
                root.copies.append(g)
            removed += 1
        entry = (x0, top, size, root)
        column = columns.get(ix)
        if column is None:
            columns[ix] = {iy: [entry]}
        else:
            bucket = column.get(iy)
            if bucket is None:
                column[iy] = [entry]
            else:
                bucket.append(entry)
    return kept, removed
