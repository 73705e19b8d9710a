"""What a PDF backend hands to the shared stages: one :class:`PageContent` per page.

The seam sits where a backend stops knowing anything the rest of the pipeline
needs: glyphs (the project's :class:`~pipeline.extract.glyphs.Glyph`, in drawing
order, page-relative, overprinted copies still present), rulings (straight
drawn edges, for the table finder), image boxes (to tell a scanned page from a
blank one) and the displayed page size. Everything after that —
overprint removal, tables, cells, columns, lines, reading order — is
:func:`pipeline.extract.assemble.assemble_page`, so no later stage knows which
engine read the file and both engines are held to the same output.

Why plain slotted classes and a Protocol rather than an abstract base: the
adapters share no code, only a shape, and the hot path creates one record per
glyph and ruling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple, Protocol

from pipeline.extract.glyphs import Glyph

Orientation = Literal["h", "v"] | None
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


class Ruling(NamedTuple):
    """A straight drawn edge, page-relative, origin top-left (pdfplumber's "edge").

    ``orientation`` follows pdfplumber's rules, which the table finder
    depends on: a line is ``"h"`` when its ends share ``top``, otherwise ``"v"``
    (even when slanted); a curve segment is ``"v"``/``"h"`` only when exactly
    vertical/horizontal, else ``None``; a rectangle gives its four sides.

    Why a named tuple and not a frozen dataclass: as immutable and read by the
    same names, but made three times faster (a frozen dataclass sets each field
    through ``object.__setattr__``), and a ruled page has hundreds of edges
    (four per cell rectangle) built in each engine's hot loop.
    """

    x0: float
    top: float
    x1: float
    bottom: float
    orientation: Orientation


@dataclass(slots=True)
class PageContent:
    """One page as read by a backend, before any of the project's own stages."""

    width: float  # displayed size in points (after /Rotate)
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)
    images: list[Box] = field(default_factory=list)


class OpenPdf(Protocol):
    """An opened PDF; pages are read one at a time and released at once."""

    page_count: int

    def read_page(self, index: int) -> PageContent:
        """Page ``index`` (0-based). May raise anything; the caller records it per page."""
        ...

    def close(self) -> None: ...


class Engine(Protocol):
    """A PDF backend: opens bytes (raising InputError) and explains its own exceptions."""

    name: str

    def open(self, data: bytes) -> OpenPdf: ...

    def reason(self, exc: BaseException) -> str:
        """One plain line for an exception raised while reading a page."""
        ...
