"""Open PDF bytes with pdfplumber, turning every way that can fail into an InputError.

pdfminer signals bad input with a zoo of exceptions (PDFSyntaxError, PSEOF,
PDFNoValidXRef, KeyError/TypeError from half-parsed objects, RecursionError
from self-referencing or deeply nested objects), and pdfplumber wraps most of
them in PdfminerException. Callers only need one plain reason, so the mapping
lives here, in one place.
"""

from __future__ import annotations

import io

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import InputError

NOT_PDF = "not a PDF file (no %PDF header)"
CORRUPT = "truncated or corrupt PDF"
PASSWORD = "encrypted: a password is required"
NO_PAGES = "no pages (the PDF's page tree is empty)"
NESTED = "corrupt PDF: objects nested too deeply"


def reason(exc: BaseException) -> str:
    """One-line plain reason for an exception raised while opening or reading a PDF."""
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    if isinstance(exc, PDFPasswordIncorrect):
        return PASSWORD
    if isinstance(exc, PDFEncryptionError):
        return f"encrypted with an unsupported method ({_short(exc)})"
    if isinstance(exc, RecursionError):
        return NESTED
    detail = _short(exc)
    return f"{CORRUPT} ({type(exc).__name__}{': ' + detail if detail else ''})"


def open_pdf(data: bytes) -> pdfplumber.PDF:
    """Open and validate; the caller must close the result. Raises InputError."""
    if b"%PDF-" not in data[:1024]:
        raise InputError(NOT_PDF)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (Exception, RecursionError) as exc:
        raise InputError(reason(exc)) from exc
    try:
        count = len(pdf.pages)
    except (Exception, RecursionError) as exc:
        pdf.close()
        raise InputError(reason(exc)) from exc
    if count == 0:
        message = NO_PAGES if _declares_no_pages(pdf) else f"{CORRUPT} (page tree unreadable)"
        pdf.close()
        raise InputError(message)
    return pdf


def _declares_no_pages(pdf: pdfplumber.PDF) -> bool:
    """True when the page tree really says /Count 0; otherwise pages were lost to corruption
    (a garbled xref makes the tree unreachable, which is not the same as an empty file)."""
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(pdf.doc.catalog.get("Pages"))
        return isinstance(pages, dict) and resolve1(pages.get("Count")) == 0
    except (Exception, RecursionError):
        return False


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:80] + ("…" if len(text) > 80 else "")
