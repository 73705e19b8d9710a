"""PDF backends behind one seam (:mod:`.base`): pick one by name.

``pdfplumber`` (pdfminer.six, pure Python) is the default; ``pdfium``
(pypdfium2, the PDFium C++ library) reads the same pages several times faster.
Both hand the shared stages the same kind of :class:`~.base.PageContent`, and
the corpus parity test holds them to the same Document.
"""

from __future__ import annotations

from pipeline.extract.engines.base import Engine

ENGINES = ("pdfplumber", "pdfium")
DEFAULT_ENGINE = "pdfplumber"


def get_engine(name: str) -> Engine:
    """The backend called ``name``; imported on first use so the other one costs nothing."""
    if name == "pdfplumber":
        from pipeline.extract.engines.plumber import PlumberEngine

        return PlumberEngine()
    if name == "pdfium":
        from pipeline.extract.engines.pdfium import PdfiumEngine

        return PdfiumEngine()
    raise ValueError(f"unknown PDF engine {name!r} (choose from {', '.join(ENGINES)})")
