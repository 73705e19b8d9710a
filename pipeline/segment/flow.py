"""Paragraph flow: does a line continue on the next one?

Japanese text wraps anywhere, with no hyphen and no space, so the only reliable
sign of a wrap is that the line reaches the right edge of its column. With
geometry (PDF) that edge is the largest ``x1`` among the lines of the group;
without it (text input) the visual width in half-width cells stands in for it.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property

from pipeline.layout import Line, Rect
from pipeline.segment.labels import has_label

_SENTENCE_END = ("。", ".", "!", "?", "」", ":")
# 行頭禁則 (JIS X 4051): characters a line never starts with.
_NO_LINE_START = frozenset("、。,.)]}」』】〕〉》ー・:;!?ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
FULL_FRACTION = 0.8  # a line at least this close to the group's width is wrapped


def visual_width(text: str) -> int:
    """Width in half-width cells: CJK and full-width forms count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class Flow:
    """Wrap decisions for one group of lines (a page body, a table cell, a column)."""

    def __init__(self, lines: Sequence[Line]) -> None:
        with_box = [ln for ln in lines if ln.bbox is not None and ln.direction == "horizontal"]
        self._geometric = bool(with_box) and len(with_box) == len([ln for ln in lines if ln.direction == "horizontal"])
        if self._geometric:
            # Not the max: one line that overflows its cell would make every other line look short.
            rights = sorted(ln.bbox.x1 for ln in with_box)  # type: ignore[union-attr]
            self._right = rights[int((len(rights) - 1) * 0.75)]
        self._lines = lines

    @cached_property
    def _full(self) -> int:
        """Width of a full line in cells, for lines without geometry: computed on first
        use only, since it walks every character and geometric groups never need it."""
        widths = sorted(visual_width(ln.text.strip()) for ln in self._lines) or [0]
        # The widest lines are the full ones; take a high percentile so that one
        # overlong line (a title) does not make every body line look short.
        return widths[int((len(widths) - 1) * 0.9)]

    def wraps(self, line: Line) -> bool:
        """True when ``line`` runs to the edge of its group, so the next line continues it."""
        if line.direction == "vertical":
            return False
        if self._geometric and line.bbox is not None:
            size = line.size or max(line.bbox.height, 1.0)
            return line.bbox.x1 >= self._right - 1.6 * size
        return visual_width(line.text.strip()) >= self._full * FULL_FRACTION and self._full >= 16


def join_wrapped(parts: Sequence[str]) -> str:
    """Join lines of one paragraph. Japanese needs no space; Latin words do."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def flow_text(lines: Sequence[Line], context: Sequence[Line] | None = None) -> str:
    """Lines kept as text, with wrapped lines joined and a newline only between paragraphs.

    The segmenters' rules, applied to text no segmenter claimed: a line continues
    the previous one when the previous one runs to the edge of its column
    (:meth:`Flow.wraps`), both lie in the same column (of a table: the next row at
    most), and the new line is not
    set off by a visible gap (``break_before``) or a numbering label (a new item).

    With geometry the column is found per line, among ``context`` (the page):
    the lines of the same cell that overlap it horizontally. Measuring against
    the whole page would make every line of a left column look short on a
    two-column page; measuring against the remnant alone would make a two-line
    remnant's short last line the edge. Without geometry (text input) the page
    is one :class:`Flow`. Vertical columns follow the same rules, turned.
    Several runs of one page: measure the page once with :class:`PageFlow`.
    """
    if len(lines) == 1 and not context:
        return join_wrapped([lines[0].text])  # one line is one paragraph (a page number): nothing to measure
    return PageFlow(context or lines).text(lines)


class PageFlow:
    """What :func:`flow_text` measures on a page (its ``context``), measured once.

    Why: a page's unclaimed lines are kept as several runs (one per block they
    were cut from), and each run is judged against the whole page, so measuring
    the page (wrap width, line pitch, column edges) per run repeated the page's
    work five times over on a page of opinion sheets. The 800-page generated
    book (pdfium input; 3,216 runs on 553 pages), per run and per page
    alternating in one process, best of 5 (load 3.5): 0.262 → 0.080 CPU ms/page;
    the archive (one run a page) is unchanged.
    """

    def __init__(self, context: Sequence[Line]) -> None:
        self._context = context = list(context)
        # Vertical columns are judged like lines, turned a quarter: a column wraps when
        # it reaches the bottom of its block, and columns follow each other leftwards.
        # Only they are kept turned: a horizontal line is its own upright form.
        self._upright = {id(ln): _turned(ln) for ln in context if ln.direction == "vertical"}
        groups = {
            "horizontal": [ln for ln in context if ln.direction == "horizontal"],
            "vertical": list(self._upright.values()),
        }
        self._pitches = {d: usual_pitch(group) for d, group in groups.items()}
        self._edges = {d: ColumnEdges(group) for d, group in groups.items()}

    @cached_property
    def _flow(self) -> Flow:
        """The page as one group: asked only of lines without a box (text input), so made on first use."""
        return Flow(self._context)

    def text(self, lines: Sequence[Line]) -> str:
        """``lines`` (some of the page's, in reading order) as :func:`flow_text` gives them."""
        upright = self._upright
        paragraphs: list[list[str]] = []
        prev: Line | None = None
        for line in lines:
            joins = False
            if prev is not None and prev.direction == line.direction and not has_label(line.text):
                a = prev if prev.direction == "horizontal" else upright.get(id(prev)) or _turned(prev)
                b = line if line.direction == "horizontal" else upright.get(id(line)) or _turned(line)
                # No paragraph starts with 、。ー or a small kana: such a line always goes on.
                starts_mid = line.text.lstrip()[:1] in _NO_LINE_START
                # The edge (the costly part) only when the answer still depends on it.
                joins = _same_column(a, b) and (starts_mid or (
                    (self._edges[line.direction].reaches(a, _pushed_out(b)) if a.bbox is not None
                     else line.direction == "horizontal" and self._flow.wraps(a))
                    and not _paragraph_break(a, b, self._pitches[line.direction])))
            if joins:
                paragraphs[-1].append(line.text)
            else:
                paragraphs.append([line.text])
            prev = line
        return "\n".join(join_wrapped(p) for p in paragraphs)


def _turned(line: Line) -> Line:
    """A vertical column as the horizontal line it would be, rotated: top→left, right→top."""
    box = line.bbox
    if line.direction != "vertical" or box is None:
        return line
    return replace(line, bbox=Rect(box.top, -box.x1, box.bottom, -box.x0), direction="horizontal")


def usual_pitch(lines: Sequence[Line]) -> float | None:
    """Median distance from one line's top to the next one's, over consecutive horizontal lines."""
    steps = [
        b.bbox.top - a.bbox.top
        for a, b in zip(lines, lines[1:])
        if a.bbox is not None and b.bbox is not None and a.direction == b.direction == "horizontal"
        and 0 < b.bbox.top - a.bbox.top < 3 * max(a.bbox.height, 1.0)
    ]
    return statistics.median(steps) if steps else None


def _paragraph_break(prev: Line, line: Line, pitch: float | None) -> bool:
    """A new paragraph begins at ``line`` although ``prev`` runs to the edge.

    Text input: a blank line. PDF: a gap wider than the page's usual line pitch
    (``break_before`` alone is measured in line heights, so in double-spaced
    papers every line would be a paragraph); or a first-line indent after a
    sentence end (a paragraph that happened to end at the edge). A hanging
    indent (第12条 … then the body one character in) is not a new paragraph:
    the sentence goes on. Two lines of one type size with less than two thirds
    of a line between their boxes are never apart by a gap, whatever the page's
    pitch (:func:`_leading_only`).
    """
    if prev.bbox is None or line.bbox is None:
        return line.break_before
    if line.break_before and (pitch is None or line.bbox.top - prev.bbox.top > 1.3 * pitch) \
            and not _leading_only(prev, line, pitch):
        return True
    size = line.size or line.bbox.height
    return prev.text.rstrip().endswith(_SENTENCE_END) and line.bbox.x0 > prev.bbox.x0 + 0.5 * size


def _leading_only(prev: Line, line: Line, pitch: float | None) -> bool:
    """Between ``prev`` and ``line`` (one type size, within 10 %) there is no room for a line,
    on a page whose pitch is a whole line's step: the step is leading, not a blank line.

    Why: the page's pitch is a median over every line of the page, and a page
    mixes leadings. On a diagram page, labels set solid made it 12 pt, and a
    two-line 12.5 pt paragraph with 20 pt leading (7.6 pt between the lines)
    looked split by a gap; an OCR speck 31 pt tall in an 11.5 pt line moved
    its box's top (6 pt above the next line) far from the line before. A
    blank line needs a line's height; less than ⅔ of the size between the
    boxes leaves room for generous leading (1.6 × size) and none for a gap.
    Only where the page's pitch is at least 0.9 × size: a pitch below a line's
    height is the step between pieces of one row (a table or a chart read
    piece by piece, OCR rows set tight), and there the gap keeps its say.
    Rejected: the pitch per type size (a size met once, a heading then a
    table, took its gap for its pitch) and in line heights (a large title's
    pitch grew with it and joined the body).
    """
    box, prev_box = line.bbox, prev.bbox
    if box is None or prev_box is None or not line.size or not prev.size or pitch is None:
        return False
    size = prev.size
    return abs(line.size - size) <= 0.1 * size and box.top - prev_box.bottom < 2 / 3 * size and pitch >= 0.9 * size


def _pushed_out(line: Line) -> bool:
    """The line starts with what Japanese typesetting never puts first (、。）ー small kana),
    or with one character and such a mark: the previous line's last character was
    pushed down with it (追い出し), so that line may stop short of the edge."""
    head = line.text.lstrip()[:2]
    return bool(head) and (head[0] in _NO_LINE_START or head[1:] in _NO_LINE_START)


class ColumnEdges:
    """Flow's rule, with the edge taken over the lines of each line's own column.

    A line's column mates are the lines of ``context`` in the same table column
    (:func:`_cell_key`) that overlap it horizontally by more than half the
    narrower one; its edge is the 75th percentile of their right ends (as
    :class:`Flow` takes it). Why a class: ``flow_text`` asks this for nearly
    every line of a page, and building a :class:`Flow` of freshly filtered
    ``Line`` objects per line made the page quadratic in attribute lookups and
    function calls. Here the context is reduced once to ``(x0, x1, width)``
    tuples per table column, and the edge is remembered per (column, x0, x1),
    which is all it depends on. Same floats, same comparisons: same decisions.
    """

    def __init__(self, context: Sequence[Line]) -> None:
        self._spans: dict[object, list[tuple[float, float, float]]] = {}
        for other in context:
            box = other.bbox
            if box is not None and other.direction == "horizontal":
                self._spans.setdefault(_cell_key(other), []).append((box.x0, box.x1, box.x1 - box.x0))
        self._edges: dict[tuple[object, float, float], float] = {}

    def edge(self, line: Line) -> float:
        """The right edge of ``line``'s column (its own right end when it has no mates)."""
        box = line.bbox
        assert box is not None
        key = _cell_key(line)
        memo = (key, box.x0, box.x1)
        found = self._edges.get(memo)
        if found is None:
            x0, x1, width = box.x0, box.x1, box.x1 - box.x0
            rights = sorted(
                ox1 for ox0, ox1, owidth in self._spans.get(key, ())
                if min(x1, ox1) - max(x0, ox0) > 0.5 * min(width, owidth)
            )
            found = self._edges[memo] = rights[int((len(rights) - 1) * 0.75)] if rights else x1
        return found

    def reaches(self, line: Line, pushed: bool = False) -> bool:
        """``line`` runs to its column's edge (two characters more slack when the
        next line shows a push-out, :func:`_pushed_out`)."""
        box = line.bbox
        if box is None or line.direction != "horizontal":
            return False
        right = self.edge(line)
        slack = 1.6 * (line.size or max(box.height, 1.0))
        if box.x1 >= right - slack:
            return True
        return pushed and box.x1 + 2 * (line.size or box.height) >= right - slack


def _cell_key(line: Line) -> object:
    """A table column (outside tables: the page). Rows are not part of it: some
    producers rule every line of a paragraph, which makes one table row per line."""
    cell = line.cell
    return None if cell is None else (cell.table, cell.col, cell.colspan)


def _same_column(prev: Line, line: Line) -> bool:
    """Both outside tables, or in the same cell, or in the same column one row apart."""
    a, b = prev.cell, line.cell
    if a is None or b is None:
        return a is b
    return _cell_key(prev) == _cell_key(line) and b.row in (a.row, a.row + a.rowspan)
