"""The intermediate layout model shared by every extractor and every segmenter.

Extractors (``pipeline.extract.pdf``, ``pipeline.extract.text``) turn a source into
a :class:`Layout`; cleaners (``pipeline.clean``) return a new :class:`Layout`;
segmenters (``pipeline.segment``) read it and never learn where it came from.

Why plain dataclasses and not pydantic: this model is internal, built and thrown
away for every file on the hot path, and never serialised; pydantic is kept for
the published contract in :mod:`pipeline.models`.

Geometry convention (same as pdfplumber): PDF points, origin at the top-left of
the page, ``x0 < x1`` and ``top < bottom``. Stream text has no geometry, so its
``bbox`` is ``None``; layout text (``pdftotext -layout``) has boxes in *grid
points* (x = character cell × 5, y = text line × 12, see
:mod:`pipeline.extract.gridcells`), which order and separate lines like PDF
points but never reach the output.

Reading order: ``Page.lines`` holds every text line of the page in reading
order. Lines inside a ruled table are emitted cell by cell, row-major (cells
ordered by their top-left corner), with the lines of one cell consecutive, so a
segmenter that only reads lines still sees each cell's text in one piece. The
same lines are also reachable through ``Page.tables`` for segmenters that want
the grid.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["horizontal", "vertical"]
SourceKind = Literal["pdf", "text"]


@dataclass(frozen=True, slots=True)
class Rect:
    """A rectangle in PDF points, origin top-left."""

    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: Rect) -> Rect:
        return Rect(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class CellRef:
    """Where a line sits in a table grid: indices into ``Page.tables`` and the grid."""

    table: int
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(slots=True)
class Line:
    """One visual line of text (or one vertical column of upright glyphs)."""

    text: str
    page: int  # 1-based page number
    bbox: Rect | None = None
    direction: Direction = "horizontal"
    size: float | None = None  # dominant font size in points, when known
    cell: CellRef | None = None  # set when the line lies inside a table cell
    # A visible gap precedes this line: a blank line in text input, or (PDF) a
    # vertical gap clearly larger than the line pitch. Segmenters use it to end
    # paragraphs when no numbering does.
    break_before: bool = False

    def with_text(self, text: str) -> Line:
        # Built field by field, not with dataclasses.replace (which walks the fields
        # generically, several times slower): cleaning copies every line of every
        # file. tests/test_layout_copy.py checks that no field is left behind.
        return Line(text, self.page, self.bbox, self.direction, self.size, self.cell, self.break_before)


@dataclass(slots=True)
class Cell:
    """One cell of a ruled table; merged cells carry their span."""

    row: int
    col: int
    bbox: Rect
    rowspan: int = 1
    colspan: int = 1
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Cell text with wrapped lines joined without a space (Japanese wraps mid-word)."""
        return "".join(line.text.strip() for line in self.lines)


@dataclass(slots=True)
class Table:
    bbox: Rect
    n_rows: int
    n_cols: int
    cells: list[Cell] = field(default_factory=list)

    def cell_at(self, row: int, col: int) -> Cell | None:
        """The cell covering grid position (row, col), following merged spans."""
        for cell in self.cells:
            if cell.row <= row < cell.row + cell.rowspan and cell.col <= col < cell.col + cell.colspan:
                return cell
        return None


@dataclass(slots=True)
class Page:
    number: int  # 1-based
    width: float | None = None
    height: float | None = None
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    has_text_layer: bool = True  # False for scanned pages with no text at all
    chars_found: int = 0  # non-space chars seen by the extractor (after overprint removal)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True, slots=True)
class RepairRecord:
    """One repair made by a cleaning stage, kept so users can audit what changed."""

    page: int
    kind: Literal["overprint", "duplicated_run"]
    before: str
    after: str
    count: int = 1  # glyphs removed (overprint) or copies collapsed (duplicated_run)


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning raised while extracting or cleaning, carried to the output."""

    code: str  # one of pipeline.warning_codes
    message: str  # names no page: warnings are folded per (code, message) with their pages
    page: int | None = None
    pages: tuple[int, ...] = ()  # for a notice about several pages at once


@dataclass(slots=True)
class Layout:
    kind: SourceKind
    pages: list[Page] = field(default_factory=list)
    repairs: list[RepairRecord] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    encoding: str | None = None  # detected encoding, text input only

    def iter_lines(self) -> Iterator[Line]:
        for page in self.pages:
            yield from page.lines
