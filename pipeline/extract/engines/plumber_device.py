"""A lean pdfminer device for the pdfplumber adapter: chars, rulings and image boxes, nothing else.

pdfplumber reads a page by running pdfminer's interpreter into its own device
(``PDFPageAggregatorWithMarkedContent``): every glyph becomes an ``LTChar``
(font, colour space, a copy of the graphic state, marked-content tags), every
path an ``LTLine``/``LTRect``/``LTCurve`` carrying its transformed path and
colours, and ``page.objects`` then turns each of those into a dict of some 25
keys (``Page.process_object``). The shared stages read eight numbers per glyph,
four per edge and four per image. This device receives the same interpreter
calls and keeps only those, computed with the same floating-point operations
in the same order as the code they replace, so the values are identical:

* ``render_char``: ``PDFLayoutAnalyzer.render_char`` + ``LTChar.__init__``
  (text, box from the font's descent or vertical displacement, ``upright``,
  ``size``), then ``process_object``'s coordinates (top = height − y1, shifted
  by the MediaBox origin). Chars are kept as the eight-key dicts
  (:data:`CHAR_KEYS`) that :func:`~pipeline.extract.glyphs.glyphs_from_chars`
  and :func:`~pipeline.extract.cidmap.map_cids` read.
* ``paint_path``: ``PDFLayoutAnalyzer.paint_path``'s shape rules (a subpath per
  ``m``, a redundant closing ``l`` dropped, ``ml``/``mlh`` a line, an
  axis-aligned closed ``mlllh``/``mllll`` a rectangle, anything else a curve),
  then pdfplumber's edge rules (``line_to_edge``, ``rect_to_edges``,
  ``curve_to_edges``) straight to :class:`Ruling` records, in ``page.edges``
  order (lines, then rectangle sides, then curve segments).
* ``render_image``: the enclosing figure's box, as ``LTImage`` takes it.

Why a device rather than reading ``page.layout``: the layout objects and their
dicts were the part of the adapter pdfplumber's bare ``extract_text`` also pays
but we do not need; the content-stream parsing itself is pdfminer's and stays.
Why not skip pdfplumber altogether: it stays the opener and the page frame
(:func:`~pipeline.extract.engines.plumber.page_frame`), so the default engine
is still pdfplumber with its own pdfminer, and ``tests/test_pdf_objects.py``
proves the values equal ``page.chars`` and ``page.edges`` on real files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFGraphicState, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream
from pdfminer.utils import (
    Matrix,
    PathSegment,
    Rect,
    apply_matrix_pt,
    apply_matrix_rect,
    get_bound,
    mult_matrix,
)
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.extract.engines.base import Box, Orientation, Ruling
from pipeline.extract.engines.plumber_interp import LeanInterpreter

CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "size", "upright", "matrix")
_SUBPATH = re.compile(r"m[^m]+")


class LeanDevice(PDFTextDevice):
    """Collects a page's chars (eight-key dicts), rulings and image boxes, page-relative.

    ``mb_x0``/``mb_top``/``height`` are pdfplumber's MediaBox origin and page
    height (``process_object``'s coordinate rules); ``dx``/``dy`` the page
    frame's offsets, subtracted from rulings and images as the adapter did.
    """

    def __init__(
        self,
        rsrcmgr: PDFResourceManager,
        mb_x0: float,
        mb_top: float,
        height: float,
        dx: float,
        dy: float,
        unicode_norm: Any = None,
    ) -> None:
        super().__init__(rsrcmgr)
        self.mb_x0, self.mb_top, self.height = mb_x0, mb_top, height
        self.dx, self.dy = dx, dy
        self.unicode_norm = unicode_norm
        self.chars: list[dict[str, Any]] = []
        self.images: list[Box] = []
        self._lines: list[Ruling] = []
        self._rects: list[Ruling] = []
        self._curves: list[Ruling] = []
        self._figures: list[Rect] = []

    @property
    def rulings(self) -> list[Ruling]:
        """pdfplumber's ``page.edges`` order: lines, rectangle sides, curve segments."""
        return self._lines + self._rects + self._curves

    def begin_page(self, page: PDFPage, ctm: Matrix) -> None:
        # PDFLayoutAnalyzer sizes its LTPage here; done for its failures only (a bad MediaBox).
        apply_matrix_rect(ctm, page.mediabox)

    def begin_figure(self, name: str, bbox: Rect, matrix: Matrix) -> None:
        (x, y, w, h) = bbox  # LTFigure.__init__
        self._figures.append(apply_matrix_rect(mult_matrix(matrix, self.ctm), (x, y, x + w, y + h)))  # type: ignore[arg-type]

    def end_figure(self, _: str) -> None:
        self._figures.pop()

    def render_image(self, name: str, stream: PDFStream) -> None:
        x0, y0, x1, y1 = self._figures[-1]
        top, bottom = self._top_bottom(y0, y1)
        x0, x1 = self._xs(x0, x1)
        self.images.append((x0 - self.dx, top - self.dy, x1 - self.dx, bottom - self.dy))

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: PDFGraphicState,
    ) -> float:
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = f"(cid:{cid})"  # PDFLayoutAnalyzer.handle_undefined_char
        adv = font.char_width(cid) * fontsize * scaling
        vertical = font.is_vertical()
        if vertical:
            textdisp = font.char_disp(cid)
            assert isinstance(textdisp, tuple)
            (vx, vy) = textdisp
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            bbox = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            bbox = (0, descent + rise, adv, descent + rise + fontsize)
        (a, b, c, d, _e, _f) = matrix
        upright = a * d * scaling > 0 and b * c <= 0
        (x0, y0, x1, y1) = apply_matrix_rect(matrix, bbox)
        if x1 < x0:
            (x0, x1) = (x1, x0)
        if y1 < y0:
            (y0, y1) = (y1, y0)
        if self.unicode_norm is not None:
            text = unicodedata.normalize(self.unicode_norm, text)
        height, mb_x0, mb_top = self.height, self.mb_x0, self.mb_top
        self.chars.append(
            {
                "text": text,
                "x0": x0 + mb_x0,
                "x1": x1 + mb_x0,
                "top": (height - y1) + mb_top,
                "bottom": (height - y0) + mb_top,
                "size": x1 - x0 if vertical else y1 - y0,
                "upright": upright,
                "matrix": matrix,
            }
        )
        return adv

    def paint_path(
        self,
        gstate: PDFGraphicState,
        stroke: bool,
        fill: bool,
        evenodd: bool,
        path: Sequence[PathSegment],
    ) -> None:
        shape = "".join(x[0] for x in path)
        if shape[:1] != "m":
            return  # not a valid path (PDF 32000-1, 8.5.2): pdfminer draws nothing either
        if shape.count("m") > 1:
            for m in _SUBPATH.finditer(shape):
                self.paint_path(gstate, stroke, fill, evenodd, path[m.start(0) : m.end(0)])
            return
        ctm = self.ctm
        pts = [apply_matrix_pt(ctm, p[-2:] if p[0] != "h" else path[0][-2:]) for p in path]  # type: ignore[arg-type]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in {"mlh", "ml"}:
            self._line(get_bound(pts[:2]))
        elif shape in {"mlllh", "mllll"}:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if pts[0] == pts[4] and square:
                (rx0, ry0), (rx1, ry1) = pts[0], pts[2]  # LTRect's corners
                self._rect(get_bound([(rx0, ry0), (rx1, ry0), (rx1, ry1), (rx0, ry1)]))
            else:
                self._curve(pts)
        else:
            self._curve(pts)

    def _xs(self, x0: float, x1: float) -> tuple[float, float]:
        """``process_object`` shifts x by the MediaBox origin only when it is not 0."""
        mb_x0 = self.mb_x0
        return (x0 + mb_x0, x1 + mb_x0) if mb_x0 != 0 else (x0, x1)

    def _top_bottom(self, y0: float, y1: float) -> tuple[float, float]:
        return (self.height - y1) + self.mb_top, (self.height - y0) + self.mb_top

    def _line(self, bbox: Rect) -> None:
        """``line_to_edge``: horizontal when its top equals its bottom, else vertical (even slanted)."""
        x0, y0, x1, y1 = bbox
        top, bottom = self._top_bottom(y0, y1)
        x0, x1 = self._xs(x0, x1)
        dx, dy = self.dx, self.dy
        self._lines.append(Ruling(x0 - dx, top - dy, x1 - dx, bottom - dy, "h" if top == bottom else "v"))

    def _rect(self, bbox: Rect) -> None:
        """``rect_to_edges``: top, bottom (at top + height), left and right sides."""
        x0, y0, x1, y1 = bbox
        rect_height = y1 - y0
        top_raw, bottom = self._top_bottom(y0, y1)
        x0, x1 = self._xs(x0, x1)
        dx, dy = self.dx, self.dy
        x0, x1, top, bottom = x0 - dx, x1 - dx, top_raw - dy, bottom - dy
        self._rects.append(Ruling(x0, top, x1, top, "h"))
        self._rects.append(Ruling(x0, top_raw + rect_height - dy, x1, bottom, "h"))
        self._rects.append(Ruling(x0, top, x0, bottom, "v"))
        self._rects.append(Ruling(x1, top, x1, bottom, "v"))

    def _curve(self, pts: list[tuple[float, float]]) -> None:
        """``curve_to_edges`` on ``process_object``'s points (``point2coord``)."""
        mb_x0, mb_top, height, dx, dy = self.mb_x0, self.mb_top, self.height, self.dx, self.dy
        coords = [(mb_x0 + x, mb_top + height - y) for x, y in pts]
        out = self._curves
        for (ax, ay), (bx, by) in zip(coords, coords[1:]):
            orientation: Orientation = "v" if ax == bx else ("h" if ay == by else None)
            out.append(Ruling(min(ax, bx) - dx, min(ay, by) - dy, max(ax, bx) - dx, max(ay, by) - dy, orientation))


def read_page(pdf_page: Any, dx: float, dy: float) -> LeanDevice:
    """Run pdfminer's interpreter over one pdfplumber page into a :class:`LeanDevice`.

    As ``Page.layout`` does, any failure is raised as pdfplumber's
    ``PdfminerException`` so :func:`~pipeline.extract.pdfopen.reason` words it
    the same way.
    """
    pdf = pdf_page.pdf
    mb_x0, mb_top = pdf_page.mediabox[:2]
    device = LeanDevice(pdf.rsrcmgr, mb_x0, mb_top, pdf_page.height, dx, dy, pdf.unicode_norm)
    try:
        LeanInterpreter(pdf.rsrcmgr, device).process_page(pdf_page.page_obj)
    except Exception as exc:
        raise PdfminerException(exc) from exc
    return device
