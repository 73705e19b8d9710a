"""PDF bytes → Layout (kind="pdf"): an engine reads each page, the shared stages assemble it.

The engine (:mod:`pipeline.extract.engines`: pdfplumber by default, or pdfium)
turns one page into glyphs, rulings, image boxes and a frame; every later step
is :func:`pipeline.extract.assemble.assemble_page`, identical for both. Pages
are read one at a time and released as soon as they are assembled, so memory
stays flat on long files.

A page that fails to parse is replaced by an empty placeholder with a
``page_error`` notice (page numbers and count stay right); only a document
that cannot be opened at all, or whose every page fails, is an InputError.
"""

from __future__ import annotations

from pipeline.errors import InputError
from pipeline.extract.assemble import assemble_page
from pipeline.extract.engines import DEFAULT_ENGINE, get_engine
from pipeline.extract.engines.base import OpenPdf
from pipeline.extract.pdfopen import CORRUPT
from pipeline.layout import Layout, Notice, Page

PageRange = tuple[int, int]  # first, last: 1-based, inclusive


def extract_pdf(data: bytes | OpenPdf, engine: str = DEFAULT_ENGINE, pages: PageRange | None = None) -> Layout:
    """Extract the pages of a PDF (all, or ``pages`` = (first, last), 1-based inclusive,
    clipped to the document). Raises InputError for unusable input.

    Page numbers stay those of the whole document, so layouts of consecutive
    ranges concatenate into the layout of the whole file. ``data`` may instead be
    a document ``engine`` has already opened: it is then read but left open (a
    worker keeps one between the ranges of a split file, :mod:`pipeline.split`).
    """
    backend = get_engine(engine)
    pdf = backend.open(data) if isinstance(data, bytes) else data
    layout = Layout(kind="pdf")
    try:
        first, last = (1, pdf.page_count) if pages is None else (max(pages[0], 1), min(pages[1], pdf.page_count))
        for number in range(first, last + 1):
            try:
                page = assemble_page(pdf.read_page(number - 1), number, layout)
            except (Exception, RecursionError) as exc:  # one bad page must not kill the document
                page = Page(number=number, has_text_layer=False)
                layout.notices.append(Notice("page_error", f"page skipped: {backend.reason(exc)}", page=number))
            layout.pages.append(page)
    finally:
        if pdf is not data:
            pdf.close()
    if pages is None:  # a range is one worker's share: the merger checks the whole (pipeline.split)
        check_readable(layout)
    return layout


def check_readable(layout: Layout) -> None:
    """InputError when every page of a document failed (each left a ``page_error`` notice)."""
    failed = sum(1 for notice in layout.notices if notice.code == "page_error")
    if failed and failed == len(layout.pages):
        raise InputError(f"{CORRUPT} (no page could be read)")
