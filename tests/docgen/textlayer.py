"""Read back a generated PDF's text layer the way the generator's own tests need it.

Why a module: checking that every fact string is really printed is a sanity
check of the generator (not of the pipeline), and it must see through the
generator's own tricks: fake-bold glyphs drawn several times, table cells whose
lines interleave with their neighbours', and opinions broken across pages.

Why pdfminer's interpreter directly and not ``pdfplumber.Page.chars``: pdfplumber
builds its char dicts from exactly these ``LTChar`` objects, but its conversion
and ``dedupe_chars`` tripled the run time of the test suite. The glyphs and
their boxes are the same; coordinates are turned top-down as pdfplumber does.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTCurve
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

_FOOTER = re.compile(r"-\d+-")


def norm(s: str) -> str:
    """NFKC with all whitespace removed: how facts are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def _pages(pdf_bytes: bytes) -> list[tuple[list[Glyph], list[tuple[float, float, float, float]]]]:
    """Per page: its glyphs and the boxes of its stroked rectangles (table cells), top-down."""
    rm = PDFResourceManager(caching=True)
    device = PDFPageAggregator(rm, laparams=None)
    interp = PDFPageInterpreter(rm, device)
    out = []
    for page in PDFPage.get_pages(io.BytesIO(pdf_bytes)):
        interp.process_page(page)
        layout = device.get_result()
        h = layout.height
        glyphs, boxes = [], []
        for obj in layout:
            if isinstance(obj, LTChar):
                glyphs.append(Glyph(obj.get_text(), obj.x0, h - obj.y1, obj.x1, h - obj.y0))
            elif isinstance(obj, LTCurve) and obj.width > 3 and obj.height > 3:
                boxes.append((obj.x0, h - obj.y1, obj.x1, h - obj.y0))
        out.append((_dedupe(glyphs), boxes))
    return out


def _dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop glyphs drawn again within 1.5 pt of the same glyph (fake bold)."""
    kept: dict[str, list[Glyph]] = {}
    out = []
    for g in glyphs:
        seen = kept.setdefault(g.text, [])
        if not any(abs(g.x0 - k.x0) <= 1.5 and abs(g.top - k.top) <= 1.5 for k in seen):
            seen.append(g)
            out.append(g)
    return out


def _read(glyphs: list[Glyph]) -> str:
    """Glyphs in reading order: rows top to bottom (2 pt buckets), left to right."""
    return norm("".join(g.text for g in sorted(glyphs, key=lambda g: (round(g.top / 2), g.x0))))


def layer_pieces(pdf_bytes: bytes) -> list[str]:
    """Normalised text pieces: the whole document (pages joined, page numbers dropped)
    plus the text inside every drawn rectangle (every table cell), fake bold removed."""
    whole, pieces = [], []
    for glyphs, boxes in _pages(pdf_bytes):
        whole.append(_FOOTER.sub("", _read(glyphs)))
        for x0, top, x1, bottom in boxes:
            pieces.append(
                _read(
                    [
                        g
                        for g in glyphs
                        if x0 <= (g.x0 + g.x1) / 2 <= x1 and top <= (g.top + g.bottom) / 2 <= bottom
                    ]
                )
            )
    return ["".join(whole), *pieces]


def missing_strings(pdf_bytes: bytes, strings: list[str]) -> list[str]:
    """The strings (compared normalised) not found in any piece of the text layer."""
    pieces = layer_pieces(pdf_bytes)
    return [s for s in strings if not any(norm(s) in p for p in pieces)]
