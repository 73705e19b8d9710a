"""pdfplumber (pdfminer.six) backend: the default engine.

Everything pdfplumber-specific lives here: opening through
:mod:`pipeline.extract.pdfopen`, the rotated-page frame quirk
(:func:`page_frame`), and the page read itself: pdfplumber's own pdfminer
interpreter run into a lean device (:mod:`.plumber_device`) that keeps the
eight char values the stages read and builds :class:`Ruling` records with
pdfplumber's edge rules (``line_to_edge``, ``rect_to_edges``,
``curve_to_edges``), so the shared table finder gets exactly the edges
``find_tables`` would see, without an ``LTChar``, an ``LTCurve`` or a dict per
object.
"""

from __future__ import annotations

from typing import Any

from pipeline.extract.cidmap import map_cids
from pipeline.extract.engines.base import PageContent
from pipeline.extract.engines.plumber_device import read_page
from pipeline.extract.glyphs import glyphs_from_chars
from pipeline.extract.pdfopen import open_pdf, reason


class PlumberPdf:
    """An open pdfplumber document."""

    def __init__(self, data: bytes) -> None:
        self._pdf = open_pdf(data)
        self.page_count = len(self._pdf.pages)

    def read_page(self, index: int) -> PageContent:
        pdf_page = self._pdf.pages[index]
        try:
            return page_content(pdf_page)
        finally:
            pdf_page.close()

    def close(self) -> None:
        self._pdf.close()


class PlumberEngine:
    name = "pdfplumber"

    def open(self, data: bytes) -> PlumberPdf:
        return PlumberPdf(data)

    def reason(self, exc: BaseException) -> str:
        return reason(exc)


def page_content(pdf_page: Any) -> PageContent:
    """One pdfplumber page → glyphs, rulings and image boxes, page-relative."""
    width, height, dx, dy = page_frame(pdf_page)
    page = read_page(pdf_page, dx, dy)
    glyphs = glyphs_from_chars(map_cids(page.chars, pdf_page), dx, dy)
    return PageContent(width=width, height=height, glyphs=glyphs, rulings=page.rulings, images=page.images)


def page_frame(pdf_page: Any) -> tuple[float, float, float, float]:
    """(width, height, dx, dy): the displayed page size and the offsets that make
    pdfplumber coordinates relative to its top-left corner.

    For a page with /Rotate 90 or 270, pdfminer lays the content out in the
    rotated (displayed) frame, but this pdfplumber version keeps the unrotated
    width/height and computes ``top`` from the unrotated height. The error is a
    constant shift, so it folds into ``dy``. Checked against the raw MediaBox,
    so a pdfplumber that already swaps the sides is left alone.
    """
    width, height = float(pdf_page.width), float(pdf_page.height)
    dx, dy = float(pdf_page.bbox[0]), float(pdf_page.bbox[1])
    if pdf_page.rotation in (90, 270):
        box = getattr(pdf_page.page_obj, "mediabox", None)
        if box is not None and len(box) == 4 and abs(abs(box[2] - box[0]) - width) < 0.01 and width != height:
            dy += height - width
            width, height = height, width
    return width, height, dx, dy

