"""The character grid of layout text: fragments, cell models and lines in grid points.

Shared by :mod:`pipeline.extract.textgrid` (pages) and
:mod:`pipeline.extract.gridtable` (tables). Units: one grid cell is
:data:`CELL` points wide and one text line :data:`PITCH` points high (a glyph
:data:`SIZE` points tall), origin at the top-left: ``Line.bbox`` of layout
text is in these *grid points* (x = cell × 5, y = line × 12). They order and
separate lines as PDF points do but measure nothing on paper, so they never
reach the output (``Provenance.bbox`` stays null for text input).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex

from pipeline.layout import CellRef, Line, Rect

CELL = 5.0  # points per grid cell
PITCH = 12.0  # points per text line
SIZE = 10.0  # glyph height in points
ALIGN = 2  # fragment starts this many cells apart are one column (pdftotext rounds)

GAP = regex.compile(r" {2,}|\u3000+")
CJK_GLYPH = regex.compile(r"^[\p{Han}\p{Hiragana}\p{Katakana}ー々〆ヶ]$")
# A fragment that starts a numbered cell: 1, 1-1, (1), ⑴, ①, ア, 一, 基本目標1, 資料1.
NUMBERED = regex.compile(
    r"^(?:[ア-ン](?:\s|$)|[(（][0-9０-９一二三四五六七八九十ア-ン]{1,3}[)）]|[0-9０-９]{1,3}(?:[-－][0-9０-９]{1,3})?(?:\s|$|[.．、])|[\u2460-\u2473\u2474-\u2487]"
    r"|(?:基本目標|基本施策|施策|目標)\s*[0-9０-９一二三四五六七八九十]+|[一二三四五六七八九十]{1,2}\s"
    r"|(?:参考)?資料\s*[0-9０-９]{1,3})"
)

Width = Callable[[str], int]


_FAMILY_TOKEN = regex.compile(r"[0-9０-９]|[一二三四五六七八九十]|[ア-ン]")


def numbering_family(text: str) -> str | None:
    """The numbering family of a numbered fragment (``1`` / ``(1)`` / ``①`` / ``一`` / ``ア`` / 基本目標1), or None.

    Only the shape counts, not the digit: one cell of a plan column may hold a
    goal 「1 …」 and its policies 「(1) …」, and what tells them apart is the
    family, as in :mod:`pipeline.segment.labels` (which reads normalized text;
    this reads the grid as printed, full-width forms included).
    """
    m = NUMBERED.match(text)
    if m is None:
        return None
    label = m.group()
    if label[0] in "(（":
        inner = _FAMILY_TOKEN.search(label)
        return "paren " + _token_kind(inner.group() if inner else "")
    if "\u2474" <= label[0] <= "\u2487":
        return "paren circled"
    if "\u2460" <= label[0] <= "\u2473":
        return "circled"
    if regex.match(r"[0-9０-９]+[-－]", label):
        return "compound"
    if regex.match(r"[0-9０-９一二三四五六七八九十ア-ン]", label[0]):
        return _token_kind(label[0])
    return "named " + regex.sub(r"[\s0-9０-９一二三四五六七八九十]", "", label)


def first_number(text: str) -> bool:
    """True when a numbered fragment carries its family's first number (1, (1), ⑴, ①, 一, ア)."""
    m = NUMBERED.match(text)
    if m is None:
        return False
    label = m.group()
    return label[0] in "\u2460\u2474" or regex.search(r"(?<![0-9０-９十])[1１一ア](?![0-9０-９十])", label) is not None


def _token_kind(token: str) -> str:
    if regex.match(r"[0-9０-９]", token):
        return "digit"
    if regex.match(r"[一二三四五六七八九十]", token):
        return "kanji"
    return "katakana"


def one_cell(_ch: str) -> int:
    return 1


def east_asian(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


@dataclass(slots=True)
class Fragment:
    x0: int  # first cell
    x1: int  # one past the last cell
    y: int  # line index on the page
    text: str
    col: int = -1
    extra: list[str] = field(default_factory=list)  # texts of copies merged into this one
    last: int = -1  # line of the latest copy merged into this one


def fragments(line: str, y: int, width: Width) -> list[Fragment]:
    """Cut one line at runs of two or more spaces; positions in grid cells."""
    out: list[Fragment] = []
    x = 0
    pos = 0
    for gap in [*GAP.finditer(line), None]:
        end = gap.start() if gap is not None else len(line)
        piece = line[pos:end]
        lead = len(piece) - len(piece.lstrip())
        x += sum(width(c) for c in piece[:lead])
        text = piece.strip()
        if text:
            span = sum(width(c) for c in text)
            out.append(Fragment(x, x + span, y, text))
            x += span + sum(width(c) for c in piece[lead + len(text) :])
        if gap is None:
            break
        x += sum(width(c) for c in gap.group())
        pos = gap.end()
    return out


def grid_rect(x0: int, y0: int, x1: int, y1: int) -> Rect:
    return Rect(x0 * CELL, y0 * PITCH, x1 * CELL, y1 * PITCH + SIZE)


def grid_line(f: Fragment, number: int, cell: CellRef | None = None) -> Line:
    return Line(text=f.text, page=number, bbox=grid_rect(f.x0, f.y, f.x1, f.y), size=SIZE, cell=cell)


def stacked(group: Sequence[Fragment], number: int) -> list[Line]:
    """A cell's lines at the line pitch from its first line.

    The grid lines between them belong to other columns (pdftotext interleaves
    the rows of columns with different line pitches), so a gap inside a cell
    is not a paragraph break: the lines are stacked as the cell prints them.
    """
    return [grid_line(Fragment(f.x0, f.x1, group[0].y + i, f.text), number) for i, f in enumerate(group)]


def vertical_line(chars: Sequence[Fragment], number: int, cell: CellRef | None = None) -> Line:
    return Line(
        text="".join(f.text for f in chars),
        page=number,
        bbox=grid_rect(min(f.x0 for f in chars), chars[0].y, max(f.x1 for f in chars), chars[-1].y),
        direction="vertical",
        size=SIZE,
        cell=cell,
    )


def is_vertical(column: Sequence[Fragment]) -> bool:
    singles = [f for f in column if CJK_GLYPH.match(f.text)]
    return len(singles) >= 3 and len(singles) >= 0.8 * len(column)


def column_of(x: int, edges: Sequence[int]) -> int:
    """Index of the column a fragment starting at cell ``x`` belongs to (the last edge at or before it)."""
    col = 0
    for i, e in enumerate(edges):
        if e <= x + ALIGN:
            col = i
    return col
