"""Cutting a page's body into blocks, the unit a section kind is detected on.

One page can hold an agenda, then a material list, then a note; or a material
list, then an opinion sheet. A block is a heading and what follows it, so the
page is first cut into *segments* wherever a new block could start:

* at a ruling: the first line of a ruled table and the first line after it;
* at a visible gap: a line with ``break_before`` (a blank line in text input, a
  vertical gap over ~1.2 line heights in a PDF, see ``mark_breaks``);
* at a heading-shaped line: short, outside a table, not numbered;
* but never inside a material table that stream text printed column by column
  (:mod:`pipeline.segment.columndump`): each of its cells is set off by a blank
  line, and a title such as 委員名簿 looks like another kind's heading.

Each segment is then detected on its own. Segments are joined back into one
block unless a segment is decisively another kind (score ≥ ``DECISIVE``: a
title, a table header, rows with 資料/議案 numbers, submitter lines) than the
block so far, which must be decided too. A segment that opens with a numbered
line never cuts (「5 配付資料」 is an agenda's own field). The undecided segments
just before a cut move to the new block from the last heading-shaped line set
off by a gap among them (a 「委員意見」 heading and the first opinion, before the
submitter line that proves the sheet).

Why this shape: cutting at every gap would break an agenda's header fields off
its items, and a kind detected on a few lines is often undecided; joining
undecided segments to the block before keeps today's page-level reading
whenever a page holds one kind, and cuts only where the page itself proves a
second kind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.layout import Line, Page
from pipeline.segment.agenda import field_of
from pipeline.segment.columndump import column_dump_lines
from pipeline.segment.dates import find_date, find_times
from pipeline.segment.kinds.base import Block
from pipeline.segment.labels import has_label
from pipeline.segment.materials import is_kind_row

DECISIVE = 3.0  # a detection score at least this high starts a new block
HEADING_CHARS = 20  # a heading-shaped line is at most this long

Detector = Callable[[Block], tuple[str | None, float]]


def _heading_shaped(line: Line) -> bool:
    """Short, outside a table, not numbered, not a header field (日時 …) and not a 資料N row."""
    text = line.text.strip()
    if line.cell is not None or len(text) > HEADING_CHARS or has_label(text):
        return False
    found = field_of(text)
    if found is not None and found[0] != "materials":
        return False
    if is_kind_row(text):
        return False
    # 「別紙名簿のとおり」 answers the field above it (出席者, 配付資料); stream text
    # prints it on a line of its own, where it would otherwise cut the agenda.
    return not text.endswith("のとおり")


def _set_off(line: Line) -> bool:
    """A visible gap before ``line``. Double-spaced text (stream text) shows none,
    so there any line may be, but a date or a time, which is a header field's
    value wrapped onto a line of its own (９時００分から１１時４５分まで)."""
    if line.break_before:
        return True
    return line.bbox is None and find_date(line.text) is None and find_times(line.text)[0] is None


def _numbered(line: Line) -> bool:
    return line.cell is None and has_label(line.text)


def _starts_segment(prev: Line, line: Line) -> bool:
    if (prev.cell is None) != (line.cell is None):
        return True  # a ruling: into or out of a table
    if prev.cell is not None and line.cell is not None and prev.cell.table != line.cell.table:
        return True
    if line.cell is not None:
        return False
    return line.break_before or _heading_shaped(line)


def _block(page: Page, lines: Sequence[Line]) -> Block:
    tables = sorted({ln.cell.table for ln in lines if ln.cell is not None})
    return Block(pages=(page.number,), lines=tuple(lines), tables=tuple(page.tables[t] for t in tables),
                 page_lines=tuple(page.lines))


def cut_blocks(page: Page, body: Sequence[Line], detect: Detector) -> list[Block]:
    """The blocks of one page, in reading order (``body``: its lines without page marks)."""
    segments: list[list[Line]] = []
    dumped = column_dump_lines(body)  # one material table, however its cells were set apart
    for i, line in enumerate(body):
        if not segments or (_starts_segment(body[i - 1], line) and id(line) not in dumped):
            segments.append([line])
        else:
            segments[-1].append(line)
    if len(segments) <= 1:
        return [_block(page, body)]
    decided: list[str | None] = []
    for seg in segments:
        kind, score = detect(_block(page, seg))
        decided.append(kind if score >= DECISIVE else None)
    starts = [0]  # index of each block's first segment
    current = decided[0]
    for j in range(1, len(segments)):
        kind = decided[j]
        if kind is None or kind == current:
            continue
        if current is not None and _numbered(segments[j][0]):
            continue  # a numbered item (5 配付資料) stays in the list it numbers
        if current is None:
            current = kind  # the first decided segment decides the block so far
            continue
        # A new kind: its heading may sit just before it, among the undecided segments.
        first = j
        while first - 1 > starts[-1] and decided[first - 1] is None:
            first -= 1
        headed = [i for i in range(first, j) if _set_off(segments[i][0]) and _heading_shaped(segments[i][0])]
        starts.append(headed[-1] if headed else j)
        current = kind
    bounds = [*starts, len(segments)]
    return [_block(page, [ln for seg in segments[a:b] for ln in seg]) for a, b in zip(bounds, bounds[1:])]
