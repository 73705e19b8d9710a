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


def extract(path: Path, data: bytes, engine: str = "pdfplumber") -> Layout:
    kind = input_kind(path)
    if kind == "pdf":
        from pipeline.extract.pdf import extract_pdf

        return extract_pdf(data, engine=engine)
    from pipeline.extract.text import extract_text

    return extract_text(data)


def parse_bytes(data: bytes, file_name: str, engine: str = "pdfplumber") -> Document:
    """Parse an in-memory file; ``file_name`` picks the extractor and names the source,
    ``engine`` the PDF backend (:mod:`pipeline.extract.engines`)."""
    from pipeline.clean import clean_layout
    from pipeline.segment import segment

    layout = extract(Path(file_name), data, engine)
    layout = clean_layout(layout)
    source = Source(
        file_name=Path(file_name).name,
        sha256=hashlib.sha256(data).hexdigest(),
        kind=layout.kind,
        pages=len(layout.pages),
        encoding=layout.encoding,
    )
    return segment(layout, source)


def parse_file(path: Path, engine: str = "pdfplumber") -> Document:
    """Parse one input file. Raises :class:`InputError` for unusable input."""
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
    return parse_bytes(data, path.name, engine)
