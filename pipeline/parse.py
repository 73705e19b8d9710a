"""One file in, one validated Document out: the stages wired in their one direction.

extract (pdf | text) → clean (normalize, glyphs, wrapped lines) → segment → Document.
This module is the only place that knows the order; the batch runner calls
:func:`parse_file` and nothing else.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.collect import fewer_collections
from pipeline.errors import InputError
from pipeline.layout import Layout
from pipeline.models import Document, Source

if TYPE_CHECKING:
    from pipeline.segment import PageRead

SUPPORTED = "supported: PDF, text (UTF-8, Shift_JIS/CP932, EUC-JP)"
# Signatures of formats people drop into an input folder by mistake, named in the error.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "ZIP: .docx, .xlsx, .pptx or .zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office: .doc, .xls or .ppt"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"{\\rtf", "RTF document"),
    (b"%!PS", "PostScript"),
)
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def unsupported(what: str) -> InputError:
    return InputError(f"unsupported file type ({what}); {SUPPORTED}")


def input_kind(data: bytes, file_name: str) -> str:
    """``'pdf'`` or ``'text'``, decided by reading the bytes; InputError for anything else.

    Why content and not the name: files arrive misnamed (a .txt that is a PDF, a
    .md of notes), and the name alone cannot say whether a file exists relative
    to any folder. A ``%PDF-`` header (PDF allows junk before it, within 1 KB)
    makes a PDF, unless the bytes are clean text with no PDF object in them — a
    note that merely starts with "%PDF". The name is used only to refuse a
    ``.pdf`` whose bytes are not a PDF (saying so beats parsing an HTML error page
    as text). Everything else must decode strictly as text, as the text
    extractor will, or it is refused with the supported types.
    """
    head = data[:1024]
    if b"%PDF-" in head:
        if _PDF_OBJECT.search(data[:65536]) or not _is_text(data):
            return "pdf"
        return "text"
    if file_name.lower().endswith(".pdf"):
        from pipeline.extract.pdfopen import NOT_PDF  # imports pdfplumber: only on this path

        raise InputError(NOT_PDF)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise unsupported(what)
    from pipeline.extract.text import decode

    try:
        decode(data)
    except InputError as exc:
        if "binary" in str(exc):
            raise unsupported(str(exc)) from None
        raise
    return "text"


def _is_text(data: bytes) -> bool:
    from pipeline.extract.text import decode

    try:
        decode(data)
    except InputError:
        return False
    return True


def extract(data: bytes, file_name: str, engine: str = "pdfplumber") -> Layout:
    if input_kind(data, file_name) == "pdf":
        from pipeline.extract.pdf import extract_pdf

        return extract_pdf(data, engine=engine)
    from pipeline.extract.text import extract_text

    return extract_text(data)


def parse_bytes(data: bytes, file_name: str, engine: str = "pdfplumber") -> Document:
    """Parse an in-memory file; the bytes pick the extractor, ``file_name`` names the
    source, ``engine`` the PDF backend (:mod:`pipeline.extract.engines`)."""
    from pipeline.clean import clean_layout

    with fewer_collections():  # the parse's objects live until the end: see pipeline.collect
        layout = extract(data, file_name, engine)
        layout = clean_layout(layout)
        return _segment(layout, file_name, hashlib.sha256(data).hexdigest())


def _segment(layout: Layout, file_name: str, sha256: str, reads: list[PageRead] | None = None) -> Document:
    from pipeline.segment import segment

    source = Source(
        file_name=Path(file_name).name,
        sha256=sha256,
        kind=layout.kind,
        pages=len(layout.pages),
        encoding=layout.encoding,
    )
    doc = segment(layout, source, reads)
    reading = "pdf" if layout.kind == "pdf" else "layout_text" if any(n.code == "layout_text" for n in layout.notices) else "text"
    for section in doc.sections:
        section.reading = reading  # type: ignore[assignment]
    if layout.kind == "text":
        from pipeline.segment.provenance import drop_geometry

        drop_geometry(doc)  # layout text's boxes are grid points, not paper
    return doc


def parse_file(path: Path, engine: str = "pdfplumber") -> Document:
    """Parse one input file. Raises :class:`InputError` for unusable input."""
    return parse_bytes(_read(path), path.name, engine)


def _read(path: Path) -> bytes:
    if path.is_dir():
        raise InputError("is a directory, not a file")
    try:
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError(f"cannot be read: permission denied ({exc.strerror})") from exc
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}") from exc
    if not data:
        raise InputError("is empty (0 bytes)")
    return data


# ---------------------------------------------------------------- one PDF in page ranges (pipeline.split)


@dataclass(slots=True)
class Range:
    """Pages ``first..last`` of a PDF, read as far as they can be apart from the rest (:func:`parse_range`)."""

    layout: Layout  # extracted and cleaned
    extracted: int  # how many of ``layout.repairs`` extraction made (they come first)
    reads: list[PageRead]  # each page's marks, blocks and kinds (pipeline.segment.read_pages)


def parse_range(path: Path, first: int, last: int, engine: str = "pdfplumber",
                sha256: str | None = None) -> Range:
    """Extract, clean and read pages ``first..last`` of a PDF (1-based, inclusive).

    Everything of the parse that depends on a page alone is done here, in the
    worker; :func:`parse_ranges` does the rest. How many repairs extraction
    made is kept: cleaning appends its repairs after extraction's, so a whole
    file lists every page's extraction repairs before any cleaning repair, and
    :func:`parse_ranges` needs the boundary to restore that order. With the
    file's ``sha256`` (as the batch knows it) the opened document is kept for
    this thread's next range of the same file (:func:`pipeline.split.held_pdf`);
    without, it is opened and closed here.
    """
    from pipeline.extract.engines import get_engine
    from pipeline.extract.pdf import extract_pdf
    from pipeline.split import held_pdf, release

    with fewer_collections():  # as for a whole parse: see pipeline.collect
        if sha256 is None:
            return _range(extract_pdf(_read(path), engine=engine, pages=(first, last)))
        try:
            pdf = held_pdf((str(path), sha256, engine), lambda: get_engine(engine).open(_read(path)))
            return _range(extract_pdf(pdf, engine=engine, pages=(first, last)))
        except BaseException:
            release()  # a time limit may have stopped it mid-page: never reuse that state
            raise


def _range(extracted: Layout) -> Range:
    from pipeline.clean import clean_layout
    from pipeline.segment import read_pages

    cleaned = clean_layout(extracted)
    return Range(cleaned, len(extracted.repairs), read_pages(cleaned.pages))


def parse_ranges(parts: list[Range], path: Path, sha256: str) -> Document:
    """The :func:`parse_range` results of one PDF, in page order → what :func:`parse_file` gives
    (the caller loads the pieces inside :func:`pipeline.collect.fewer_collections` and
    :func:`pipeline.collect.held_for_good`, as the batch's merge does)."""
    from pipeline.clean import unmapped_glyphs
    from pipeline.extract.pdf import check_readable

    layout = Layout(kind="pdf")
    flagged: set[int] = set()  # pages whose range counted unmapped glyphs on them
    for part in parts:
        layout.pages.extend(part.layout.pages)
        # Cleaning counts unmapped glyphs over the layout it cleaned: counted again
        # over the whole file below, so the warning reads as in the unsplit run;
        # only on the pages a range flagged (the others have none), not every line again.
        layout.notices.extend(n for n in part.layout.notices if n.code != "unmapped_glyphs")
        flagged.update(p for n in part.layout.notices if n.code == "unmapped_glyphs" for p in n.pages)
    whole = unmapped_glyphs([page for page in layout.pages if page.number in flagged])
    if whole is not None:
        layout.notices.append(whole)
    layout.repairs = [r for part in parts for r in part.layout.repairs[:part.extracted]]
    layout.repairs += [r for part in parts for r in part.layout.repairs[part.extracted:]]
    check_readable(layout)
    return _segment(layout, path.name, sha256, [read for part in parts for read in part.reads])
