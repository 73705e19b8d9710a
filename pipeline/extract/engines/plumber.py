"""pdfplumber (pdfminer.six) backend: the default engine.

Everything pdfplumber-specific lives here: opening through
:mod:`pipeline.extract.pdfopen`, the fast character pass that primes
``page._objects`` (:mod:`pipeline.extract.objects`), the rotated-page frame
quirk (:func:`page_frame`), and pdfplumber's rules for turning lines, rectangles
and curves into table edges (``pdfplumber.utils.geometry``: ``line_to_edge``,
``rect_to_edges``, ``curve_to_edges``), rebuilt here as :class:`Ruling` tuples
so the shared table finder gets exactly the edges ``find_tables`` would see,
without building a dict per edge.
"""

from __future__ import annotations

from typing import Any

from pipeline.extract.cidmap import map_cids
from pipeline.extract.engines.base import Box, Orientation, PageContent, Ruling
from pipeline.extract.glyphs import glyphs_from_chars
from pipeline.extract.objects import load_objects
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
    glyphs = glyphs_from_chars(map_cids(load_objects(pdf_page), pdf_page), dx, dy)
    objects = pdf_page.objects
    rulings = _rulings(objects, dx, dy)
    images: list[Box] = [(o["x0"] - dx, o["top"] - dy, o["x1"] - dx, o["bottom"] - dy) for o in objects.get("image", ())]
    return PageContent(width=width, height=height, glyphs=glyphs, rulings=rulings, images=images)


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


def _rulings(objects: dict[str, list[dict[str, Any]]], dx: float, dy: float) -> list[Ruling]:
    """pdfplumber's ``page.edges`` (lines, then rectangle sides, then curve segments), shifted."""
    out: list[Ruling] = []
    for o in objects.get("line", ()):
        top, bottom = o["top"] - dy, o["bottom"] - dy
        out.append(Ruling(o["x0"] - dx, top, o["x1"] - dx, bottom, "h" if o["top"] == o["bottom"] else "v"))
    for o in objects.get("rect", ()):
        x0, x1, top, bottom = o["x0"] - dx, o["x1"] - dx, o["top"] - dy, o["bottom"] - dy
        out.append(Ruling(x0, top, x1, top, "h"))
        out.append(Ruling(x0, o["top"] + o["height"] - dy, x1, bottom, "h"))
        out.append(Ruling(x0, top, x0, bottom, "v"))
        out.append(Ruling(x1, top, x1, bottom, "v"))
    for o in objects.get("curve", ()):
        pts = o["pts"]
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            orientation: Orientation = "v" if ax == bx else ("h" if ay == by else None)
            out.append(Ruling(min(ax, bx) - dx, min(ay, by) - dy, max(ax, bx) - dx, max(ay, by) - dy, orientation))
    return out
