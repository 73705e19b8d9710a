"""Every geometric threshold of the PDF stages, in one frozen, documented object.

Like pdfminer's ``LAParams`` or pdfplumber's ``TableSettings``: the stages take
their tolerances from :data:`LAYOUT` (a :class:`LayoutParams`) instead of
module constants, so the whole set can be read, compared and tuned in one
place. Each field says its unit and why its default is what it is. Most are
*relative*: a fraction or multiple of the type size (``size``: the glyph's
font size in points as pdfminer reports it, i.e. the box height for
horizontal fonts) or of the glyph box, because committee papers mix 7 pt
table text with 20 pt titles and an absolute tolerance fits neither.

The defaults reproduce ``parsed/`` byte for byte; changing one is a behaviour
change to be measured on the corpus (``tests/test_real_corpus.py``,
``tests/test_generated.py``), not a refactoring.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LayoutParams:
    # ---- overprint (fake bold), pipeline/extract/overprint.py
    overprint_fraction: float = 0.45
    """× glyph width (x) and height (y). A glyph is a copy of a kept glyph with the same
    text when both offsets are below this: fake bold shifts by 0.2–1 pt, at most about
    half a glyph, while a neighbour (even condensed type, ~0.8 of the box) is further."""
    overprint_size_ratio: float = 1.25
    """× the kept glyph's size. A copy's size is at most this…"""
    overprint_size_floor: float = 0.8
    """× the kept glyph's size. …and at least this (1/1.25): a small superscript drawn
    over a big glyph is not its copy."""
    overprint_cell: float = 8.0
    """points. Cell of the spatial grid that finds copies in one pass. Not a tolerance:
    any value works; 8 pt keeps body text at 1–4 probed cells with few glyphs each."""

    # ---- lines, pipeline/extract/lines.py
    row_tolerance: float = 0.35
    """× the larger size. Glyph centres this close vertically share a row. Centres, not
    tops: mixed sizes on one baseline differ in top but not much in centre; 0.35 stays
    below half a line of tight leading (1.0–1.2 × size)."""
    split_gap: float = 3.0
    """× size. A gap this wide inside a row is a gutter or tab stop between separate
    blocks (multi-column pages, boxes side by side); letter-spaced headings stay below."""
    space_gap: float = 0.5
    """× mean glyph width. A wider gap between two glyphs becomes one space: label/value
    pairs and letter-spaced headings are positioned without space glyphs."""
    space_gap_min: float = 0.2
    """× the smaller size. …and the gap must also exceed this, so narrow glyphs (1, l)
    with ordinary tracking do not gain spaces."""

    # ---- vertical columns, pipeline/extract/vertical.py
    candidate_gap: float = 0.15
    """× size. A glyph closer than this to a horizontal neighbour is ordinary horizontal
    text and never a column candidate (the cheap filter)."""
    align: float = 0.3
    """× size. x-centres within this are one column."""
    dense_gap: float = 0.35
    """× size. Dense columns: glyph boxes touch or nearly (tracking, tsume)."""
    overlap: float = 0.7
    """× size. Consecutive glyphs of a column may overlap this much: vertical punctuation
    set in half an em (。）、 packed by tsume) overlaps its neighbours' boxes."""
    isolated_gap: float = 1.0
    """× size. Columns outside tables (and runs drawn downwards): pitch at most about two
    glyph heights, i.e. a gap up to one glyph."""
    isolation: float = 3.0
    """× size. Outside tables a glyph is isolated (a one-glyph row) when nothing in its
    row is nearer: letter-spaced labels stacked row under row have gaps of one to three
    glyphs and must stay horizontal."""
    column_size_ratio: float = 1.4
    """× size. Consecutive glyphs of one column differ in size by at most this ratio
    (0.7 the other way, as measured): a heading above a column is not part of it."""
    column_size_floor: float = 0.7
    """× size. The lower bound matching :attr:`column_size_ratio`."""
    rotated_gap: float = 2.0
    """× size. Rotated (90°) glyphs always form columns; a gap of two glyphs still joins."""
    vfont_centre: float = 0.12
    """× glyph width. A glyph whose text origin lies this close to its box centre was drawn
    with a vertical (-V) font: pdfminer centres those boxes on the origin."""
    vfont_min_width: float = 0.5
    """points. …for glyphs at least this wide (degenerate boxes say nothing)."""

    # ---- tables, pipeline/extract/tables.py
    edge_tolerance: float = 1.5
    """points. Cell edges closer than this are one grid line (ruling drawn with slack)."""
    snap_tolerance: float = 3.0
    """points. pdfplumber ``TableSettings`` default: parallel edges this close snap together."""
    join_tolerance: float = 3.0
    """points. pdfplumber default: collinear edges with gaps this small join."""
    edge_min_length: float = 3.0
    """points. pdfplumber default: shorter merged edges are ignored (underlines, ticks)."""
    edge_min_length_prefilter: float = 1.0
    """points. pdfplumber default: shorter raw edges are dropped before merging."""
    intersection_tolerance: float = 3.0
    """points. pdfplumber default: edges this close count as crossing."""

    # ---- paragraphs
    paragraph_pitch: float = 1.6
    """× the page's median line pitch (top to top, horizontal lines outside tables). A
    larger step starts a paragraph (pipeline/extract/assemble.py); 1.6 sits between
    wrapped lines (1.0–1.3) and a blank line (≥ 2)."""
    paragraph_gap: float = 1.2
    """× the taller line's height. A vertical gap larger than this between consecutive
    lines of one region also starts a paragraph (pipeline/segment/__init__.py:mark_breaks):
    the per-pair rule catches breaks on pages too short for a median pitch."""

    # ---- a run drawn across a cell border, pipeline/extract/crossing.py
    crossing_touch: float = 0.05
    """× the size. The two parts' facing glyphs are this close at most (either way): a run's
    glyphs are set edge to edge (−0.01 to 0.02 of the size at every such border of the
    corpus), while a cell's text overflowing its side stops short of the next cell's text
    (0.08–0.25 in the generated plans)."""
    crossing_straddle: float = 0.05
    """× the glyph's size. A glyph straddles a border when it reaches this far past it on
    both sides: cell text keeps a margin from its sides, so only a run the ruling crosses does.
    Small, because the touching glyphs are the main proof: a form's 「…となる。」 has its 。
    1.1 pt (0.1 of 11 pt) over the border."""
    crossing_same_top: float = 0.2
    """× the size. The parts' tops are this close: one baseline."""
    crossing_same_size: float = 0.1
    """× the size. The parts' sizes differ by this fraction at most: one type."""


LAYOUT = LayoutParams()
"""The parameters every stage uses."""
