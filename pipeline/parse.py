"""One file in, one validated Document out: the stages wired in their one direction.

extract (pdf | text) → clean (normalize, glyphs, wrapped lines) → segment → Document.
This module is the only place that knows the order; the batch runner calls
:func:`parse_file` and nothing else.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import InputError
from pipeline.layout import Layout
from pipeline.models import Document, Source

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".text"}


def input_kind(path: Path) -> str:
    """Decide the extractor from the name first, then from the magic bytes.

    A file named .pdf that does not start with %PDF is still handed to the PDF
    extractor, which turns that into a clear InputError.
    """
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in TEXT_SUFFIXES:
        return "text"
    with path.open("rb") as fh:
        head = fh.read(1024)
    return "pdf" if b"%PDF-" in head else "text"


def extract(path: Path, data: bytes) -> Layout:
    kind = input_kind(path)
    if kind == "pdf":
        from pipeline.extract.pdf import extract_pdf

        return extract_pdf(data)
    from pipeline.extract.text import extract_text

    return extract_text(data)


def parse_bytes(data: bytes, file_name: str) -> Document:
    """Parse an in-memory file; ``file_name`` picks the extractor and names the source."""
    from pipeline.clean import clean_layout

    layout = extract(Path(file_name), data)
    layout = clean_layout(layout)
    return _segment(layout, file_name, hashlib.sha256(data).hexdigest())


def _segment(layout: Layout, file_name: str, sha256: str) -> Document:
    from pipeline.segment import segment

    source = Source(
        file_name=Path(file_name).name,
        sha256=sha256,
        kind=layout.kind,
        pages=len(layout.pages),
        encoding=layout.encoding,
    )
    return segment(layout, source)


def parse_file(path: Path) -> Document:
    """Parse one input file. Raises :class:`InputError` for unusable input."""
    return parse_bytes(_read(path), path.name)


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


def parse_range(path: Path, first: int, last: int) -> tuple[Layout, int]:
    """Extract and clean pages ``first..last`` of a PDF (1-based, inclusive).

    Returns the cleaned Layout and how many of its repairs extraction made:
    cleaning appends its repairs after extraction's, so a whole file lists every
    page's extraction repairs before any cleaning repair, and :func:`parse_ranges`
    needs the boundary to restore that order.
    """
    from pipeline.clean import clean_layout
    from pipeline.extract.pdf import extract_pdf

    extracted = extract_pdf(_read(path), pages=(first, last))
    return clean_layout(extracted), len(extracted.repairs)


def parse_ranges(parts: list[tuple[Layout, int]], path: Path, sha256: str) -> Document:
    """The :func:`parse_range` results of one PDF, in page order → what :func:`parse_file` gives."""
    from pipeline.extract.pdf import check_readable

    layout = Layout(kind="pdf")
    for part, _ in parts:
        layout.pages.extend(part.pages)
        layout.notices.extend(part.notices)
    layout.repairs = [r for part, n in parts for r in part.repairs[:n]]
    layout.repairs += [r for part, n in parts for r in part.repairs[n:]]
    check_readable(layout)
    return _segment(layout, path.name, sha256)
