"""Layout text (``pdftotext -layout``): geometry read back from the character grid.

Layout-preserving extractors print every glyph at a column and line that
stand for its x and y, and keep table columns apart with runs of spaces. This
module turns that grid back into the geometry the PDF path has, so the same
segmenters read it: lines with boxes, vertical columns (基本理念 one character
per line), and tables rebuilt from column alignment.

Units. One grid cell is :data:`CELL` points wide and one text line
:data:`PITCH` points high (a glyph :data:`SIZE` points tall), origin at the
top-left, so ``Line.bbox`` of text input is in *grid points*: x = cell index ×
5, y = line index × 12. They order and separate lines like PDF points do but
measure nothing on paper; ``Provenance.bbox`` stays null for text input (see
:func:`pipeline.segment.provenance.drop_geometry`).

Cell width. The grid is counted either one cell per character or by East
Asian width (full-width characters two cells). pdftotext counts characters;
other tools count display width. Both are tried and the one under which more
fragment starts coincide across lines is kept (:func:`cell_model`).

Model, per page:

1. **Fragments.** Each line is cut at runs of two or more spaces; a single
   space stays inside a fragment (``第 107 条``, ``日 時``).
2. **Copies.** A fake-bold cell printed by pdftotext comes out as partial
   copies a line or two apart: a fragment that another one near it extends
   (``①…体制の`` under ``①…体制の構築``), contains at its own x (``構築`` under
   ``…の構築``), or overlaps shifted by one or two cells (``（３）再犯防止の`` /
   ``）再犯防止の支援``). They are merged into one fragment and recorded as a
   ``duplicated_run`` repair. Identical text at the same x is never merged
   (a column repeating a value looks exactly like that).
3. **Columns.** A column starts where fragments of two or more lines start
   within one cell of each other. A fragment that runs into the next column
   across a single space is cut there (``（１）…基盤の ①暮らしやすい…``).
   A column holding nothing but bare numbering labels (``ア``, ``①``) is
   joined to the text to its right (:func:`join_label_columns`).
4. **Vertical columns.** A column whose fragments are nearly all one CJK
   character is vertical text: one vertical line, top to bottom.
5. **Tables.** A run of lines where two words (fragments of two glyphs or
   more) stand side by side in different columns, on two lines at most
   :data:`ROW_GAP` apart, is a table (a label before its item, a field name
   before its value, or a name set apart on lines far apart, is not). Its header is the lines before the first line holding a
   numbered fragment (1, (1), ①, 基本目標1 …). A heading on the first header
   line spans columns when it reaches over another column's start, or is a
   phrase over sub-headings of its own column; it then covers the columns
   whose headings sit two lines or more under it. The rest of the header
   stacks per column. Body rows start where a numbered
   fragment starts; a column without numbered fragments (context text, side
   labels, a meeting label printed between rows) is one cell spanning the
   body, as such cells are drawn; one whose every fragment sits on a row's
   first line (資料名, 備考) is one cell per row. A cell's lines are stacked at
   the line pitch from its first line (:func:`_stacked`).

Everything that is not in a table keeps its whole line (spaces included) as
one horizontal line, so the ordinary text path reads it as before.

Rejected: treating layout text as plain text (the columns interleave line by
line, so a plan or material table is unreadable), and laying the characters
out as PDF glyphs for the PDF line grouper (its thresholds are in type sizes
and would cut letter-spaced text at one-space gaps, and layout text has no
rulings for the table finder).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex

from pipeline.layout import Cell, CellRef, Layout, Line, Notice, Page, Rect, RepairRecord, Table

CELL = 5.0  # points per grid cell
PITCH = 12.0  # points per text line
SIZE = 10.0  # glyph height in points
ALIGN = 2  # fragment starts this many cells apart are one column (pdftotext rounds)
MIN_STARTS = 2  # lines whose fragments start at a column
COPY_LINES = 3  # copies of a fake-bold cell lie this many lines apart at most
MIN_COPY = 2  # glyphs a copy must share with the fragment it repeats
BOLD_REACH = 30  # lines below merged copies in which identical pairs at that x are copies too
ROW_GAP = 4  # two lines with words side by side this close make a table
GUTTER = 16  # outside tables, a gap this wide (cells) splits a line into two, like the PDF reader's

_GAP = regex.compile(r" {2,}|\u3000+")
_WIDE = regex.compile(r" {3,}|\u3000{2,}")  # a column gap for the detector (not letter-spacing)
_CJK_GLYPH = regex.compile(r"^[\p{Han}\p{Hiragana}\p{Katakana}ー々〆ヶ]$")
_NUMBERED = regex.compile(
    r"^(?:[ア-ン](?:\s|$)|[(（][0-9０-９一二三四五六七八九十ア-ン]{1,3}[)）]|[0-9０-９]{1,3}(?:\s|$|[.．、])|[\u2460-\u2473\u2474-\u2487]"
    r"|(?:基本目標|基本施策|施策|目標)\s*[0-9０-９一二三四五六七八九十]+|[一二三四五六七八九十]{1,2}\s"
    r"|(?:参考)?資料\s*[0-9０-９]{1,3})"
)

Width = Callable[[str], int]


def _one(_ch: str) -> int:
    return 1


def _east_asian(ch: str) -> int:
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
    for gap in [*_GAP.finditer(line), None]:
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


def _starts(pages: Sequence[Sequence[str]], width: Width) -> Counter[int]:
    """Column starts (words after a gap of three spaces or more) by cell, per page offset."""
    starts: Counter[int] = Counter()
    for number, page in enumerate(pages):
        for y, line in enumerate(page):
            frags = fragments(line, y, width)
            starts.update(number * 100_000 + b.x0 for a, b in zip(frags, frags[1:]) if b.x0 - a.x1 >= 3 and len(b.text) > 1)
    return starts


def _start_alignment(pages: Sequence[Sequence[str]], width: Width) -> float:
    """Share of column starts that another line repeats."""
    starts = _starts(pages, width)
    total = sum(starts.values())
    return sum(n for n in starts.values() if n >= MIN_STARTS) / total if total else 0.0


def cell_model(pages: Sequence[Sequence[str]]) -> Width:
    """One cell per character, or East Asian width: whichever puts column starts on fewer places.

    Counting distinct places rather than repeated ones: under the wrong model
    rows whose texts happen to be as long still line up in pairs, but the
    column as a whole scatters. A tie keeps one cell per character (pdftotext).
    """
    one, wide = _starts(pages, _one), _starts(pages, _east_asian)
    return _east_asian if wide and len(wide) < len(one) else _one


def keeps_columns(pages: Sequence[Sequence[str]]) -> bool:
    """True when the text keeps columns as runs of spaces (layout text).

    Evidence, on one page at least (a plan table among pages of prose is
    enough): lines holding a gap of three spaces or more between text make up
    a tenth of the page's text lines or more (three at least), and most of the
    words after such gaps (two glyphs or more) start where one of another line
    starts. Ordinary text (paragraphs, a letter-spaced heading ``開  会``, a
    label and its value ``日 時  令和…``) has few such gaps, and they are
    narrow.
    """
    for page in pages:
        lines = [ln for ln in page if ln.strip()]
        if len(lines) < 6:
            continue
        split = sum(1 for ln in lines if len(_WIDE.split(ln.strip())) > 1)
        if split < max(3, len(lines) // 10):
            continue
        if max(_start_alignment([page], _one), _start_alignment([page], _east_asian)) >= 0.5:
            return True
    return False


# ---------------------------------------------------------------- copies


def _copy_of(a: Fragment, b: Fragment, bold_above: bool = False) -> str | None:
    """The merged text when ``b`` (the later line) is a partial copy of ``a``, else None.

    Identical text at the same place is a repeated value (a column printing
    事前配布 twice), except within two lines when it is numbered (one list never
    numbers two items alike) or when copies were already merged above it in
    that column, or on the line before (``bold_above``: the wrapped end of a
    fake-bold cell, or the next cell of the same fake-bold row).
    """
    if a.text == b.text:
        if b.x0 == a.x0 and b.y - a.y <= 2 and (bold_above or _NUMBERED.match(a.text)):
            return a.text
        return None
    shift = b.x0 - a.x0
    if abs(shift) > len(a.text) + 1:
        return None
    if b.x0 == a.x0 and len(a.text) >= MIN_COPY * 2 and b.text.startswith(a.text):
        return b.text  # b extends a: the first line of a copy, then the whole cell
    if b.x0 == a.x0 and len(b.text) >= MIN_COPY * 2 and a.text.startswith(b.text):
        return a.text
    where = a.text.find(b.text)
    if where > 0 and len(b.text) >= MIN_COPY and abs(where - shift) <= 1:
        return a.text  # b is a part of a, printed at its own place
    for d in (shift - 1, shift, shift + 1):
        if 0 < d < len(a.text) and len(a.text) - d >= MIN_COPY * 2 and b.text.startswith(a.text[d:]):
            tail = b.text[len(a.text) - d :]
            if tail:
                return a.text + tail  # b repeats a's end shifted by a cell or two, then goes on
    return None


def merge_copies(frags: list[Fragment], number: int, layout: Layout) -> list[Fragment]:
    """Merge partial copies of fake-bold cells (see the module docstring, step 2)."""
    frags = sorted(frags, key=lambda f: (f.y, f.x0))
    dropped: set[int] = set()
    for i, b in enumerate(frags):
        for a in reversed(frags[:i]):
            if b.y - max(a.y, a.last) > COPY_LINES:
                if b.y - a.y > 4 * COPY_LINES:
                    break
                continue
            if id(a) in dropped or a.y == b.y or a.x1 <= b.x0 - 1 or b.x1 <= a.x0 - 1:
                continue
            bold_above = any(
                f.extra and (f.x0 == a.x0 and 0 < a.y - f.last <= BOLD_REACH or b.y - a.y == 1 and 0 <= a.y - f.last <= 1)
                for f in frags[:i] if id(f) not in dropped
            ) if a.text == b.text else False
            merged = _copy_of(a, b, bold_above)
            if merged is None:
                continue
            before = " / ".join([a.text, *a.extra, b.text])
            a.extra.append(b.text)
            a.text = merged
            a.x1 = max(a.x1, b.x1)
            a.last = b.y
            dropped.add(id(b))
            layout.repairs.append(RepairRecord(number, "duplicated_run", before, merged, count=len(a.extra) + 1))
            break
    return [f for f in frags if id(f) not in dropped]


# ---------------------------------------------------------------- columns


def column_edges(frags: Sequence[Fragment]) -> list[int]:
    """Cells where fragments of MIN_STARTS lines or more start (within ALIGN of each other)."""
    starts = Counter(f.x0 for f in frags)
    edges: list[int] = []
    for x, n in sorted(starts.items(), key=lambda kv: (-kv[1], kv[0])):
        if n < MIN_STARTS:
            break
        if all(abs(x - e) > ALIGN for e in edges):
            edges.append(x)
    return sorted(edges)


def cut_at_edges(frags: list[Fragment], edges: Sequence[int], width: Width) -> list[Fragment]:
    """Cut a fragment at a single space that falls right before a column edge.

    With no space at all, a cut is made where a numbering label starts right
    at a column edge after a closing bracket (``…【継承】①文化芸術活動…``):
    pdftotext glues neighbouring cells when the gap rounds to nothing.
    """
    out: list[Fragment] = []
    for f in frags:
        x = f.x0
        start = 0
        for i, ch in enumerate(f.text):
            at_edge = any(abs(x + width(ch) - e) <= 1 and e > f.x0 + ALIGN for e in edges)
            if ch == " " and i > start and at_edge:
                out.append(Fragment(f.x0 + sum(width(c) for c in f.text[:start]), x, f.y, f.text[start:i]))
                start = i + 1
            elif (
                ch in "】)）" and i + 1 > start and i + 1 < len(f.text)
                and any(abs(x + width(ch) - e) <= ALIGN and e > f.x0 + ALIGN for e in edges)
                and _NUMBERED.match(f.text[i + 1 :])
            ):
                out.append(Fragment(f.x0 + sum(width(c) for c in f.text[:start]), x + width(ch), f.y, f.text[start : i + 1]))
                start = i + 1
            x += width(ch)
        if start == 0:
            out.append(f)
        else:
            out.append(Fragment(f.x0 + sum(width(c) for c in f.text[:start]), f.x1, f.y, f.text[start:]))
    return out


def _column_of(x: int, edges: Sequence[int]) -> int:
    col = 0
    for i, e in enumerate(edges):
        if e <= x + ALIGN:
            col = i
    return col


_BARE_LABEL = regex.compile(
    r"^(?:[ア-ン]|[(（]?[0-9０-９一二三四五六七八九十ア-ン]{1,3}[)）.．、]?|[\u2460-\u2473\u2474-\u2487・●○◆■])$"
)


def join_label_columns(frags: list[Fragment], edges: list[int]) -> list[Fragment]:
    """Bare numbering labels join the text to their right (``ア   路線バスの実施``).

    Only in a column led by labels (four fifths of its fragments start with
    one): a number column with its own heading (資料 / No. above 1, 2, 3)
    stays a column. The label
    keeps one space before its text, as the PDF reader prints it.
    """
    by_col: dict[int, list[Fragment]] = {}
    for f in frags:
        by_col.setdefault(f.col, []).append(f)
    gone: set[int] = set()
    for col, members in by_col.items():
        bare = [f for f in members if _BARE_LABEL.match(f.text)]
        led = sum(1 for f in members if _NUMBERED.match(f.text) or f in bare)
        if len(bare) < 2 or led < 0.8 * len(members):
            continue
        waiting: list[Fragment] = []  # labels whose text is on a later line
        for f in sorted(bare, key=lambda g: g.y):
            right = min((g for g in frags if g.y == f.y and g.x0 > f.x0), key=lambda g: g.x0, default=None)
            if right is None:
                waiting.append(f)
                continue
            if right.x0 - f.x1 <= 6 and id(right) not in gone:
                _join(f, right, col, gone)
        # pdftotext may print labels stacked and their texts stacked below them
        # (ウ / エ / text of ウ / text of エ): pair them in order.
        used: set[int] = set()
        for f in waiting:
            below = [
                g for g in frags
                if f.y < g.y <= f.y + len(waiting) + 2 and f.x1 <= g.x0 <= f.x1 + 6
                and not _BARE_LABEL.match(g.text) and id(g) not in gone and id(g) not in used
            ]
            if below:
                text = min(below, key=lambda g: (g.y, g.x0))
                used.add(id(text))
                _join(f, text, col, gone)
    return [f for f in frags if id(f) not in gone]


def _join(label: Fragment, text: Fragment, col: int, gone: set[int]) -> None:
    text.text = f"{label.text} {text.text}"
    text.x0 = label.x0
    text.y = min(text.y, label.y)
    text.col = col
    gone.add(id(label))


# ---------------------------------------------------------------- lines


def _rect(x0: int, y0: int, x1: int, y1: int) -> Rect:
    return Rect(x0 * CELL, y0 * PITCH, x1 * CELL, y1 * PITCH + SIZE)


def _line(f: Fragment, number: int, cell: CellRef | None = None) -> Line:
    return Line(text=f.text, page=number, bbox=_rect(f.x0, f.y, f.x1, f.y), size=SIZE, cell=cell)


def _stacked(group: Sequence[Fragment], number: int) -> list[Line]:
    """A cell's lines at the line pitch from its first line.

    The grid lines between them belong to other columns (pdftotext interleaves
    the rows of columns with different line pitches), so a gap inside a cell
    is not a paragraph break: the lines are stacked as the cell prints them.
    """
    return [_line(Fragment(f.x0, f.x1, group[0].y + i, f.text), number) for i, f in enumerate(group)]


def _vertical(chars: Sequence[Fragment], number: int, cell: CellRef | None = None) -> Line:
    return Line(
        text="".join(f.text for f in chars),
        page=number,
        bbox=_rect(min(f.x0 for f in chars), chars[0].y, max(f.x1 for f in chars), chars[-1].y),
        direction="vertical",
        size=SIZE,
        cell=cell,
    )


def _is_vertical(column: Sequence[Fragment]) -> bool:
    singles = [f for f in column if _CJK_GLYPH.match(f.text)]
    return len(singles) >= 3 and len(singles) >= 0.8 * len(column)


# ---------------------------------------------------------------- tables


@dataclass(slots=True)
class _Region:
    top: int  # first line index
    bottom: int  # last line index (inclusive)


def _table_region(frags: Sequence[Fragment], n_cols: int) -> _Region | None:
    """Lines from the first to the last line holding two words side by side; None without two such lines.

    A word is a fragment of two glyphs or more: a numbering label before its
    item (``1   開     会``), a letter-spaced heading or a field name before its
    value (``日   時   令和…``) put single glyphs beside text, not words.
    """
    by_line: dict[int, set[int]] = {}
    words: dict[int, set[int]] = {}
    for f in frags:
        by_line.setdefault(f.y, set()).add(f.col)
        if len(f.text.replace(" ", "")) > 1:
            words.setdefault(f.y, set()).add(f.col)
    multi = sorted(y for y, cols in words.items() if len(cols) > 1)
    if n_cols < 2 or not any(b - a <= ROW_GAP for a, b in zip(multi, multi[1:])):
        return None  # rows of a table are close; submitter lines pages apart are not rows
    top = multi[0]
    while top - 1 in by_line:  # a header line right above (資料 / No. around 資料名 備考)
        top -= 1
    edges = sorted({f.col for f in frags})

    def spanning(y: int) -> list[Fragment]:
        return [f for f in frags if f.y == y and any(f.x0 + ALIGN < e < f.x1 for e in edges)]

    above = next((y for y in range(top - 1, top - 4, -1) if y in by_line), None)
    if above is not None and not spanning(top):
        # A heading set apart above the table, indented, that reaches over a
        # column start spans columns (次期 …の体系（案） over 基本目標 … 施策);
        # a page title at the margin does not.
        line = [f for f in frags if f.y == above]
        left = min(f.x0 for f in frags if f.y >= top)
        if all(f in spanning(above) and f.x0 > left + ALIGN for f in line):
            top = above
    return _Region(top, max(by_line))


def build_table(frags: list[Fragment], n_cols: int, number: int, layout: Layout) -> tuple[Table, list[Line]] | None:
    """A table from the fragments of one region (module docstring, step 5); None without a header."""
    body_top = next((f.y for f in sorted(frags, key=lambda f: f.y) if _NUMBERED.match(f.text)), None)
    if body_top is None or body_top == min(f.y for f in frags):
        return None
    columns: dict[int, list[Fragment]] = {}
    for f in frags:
        columns.setdefault(f.col, []).append(f)
    header = [f for f in frags if f.y < body_top]
    # A label right above the first row, alone in its column's header, starts a
    # body cell (第3回 printed at the top of a cell spanning rows), not a heading.
    early = [f for f in header if f.y == body_top - 1 and sum(1 for g in header if g.col == f.col) == 1]
    header = [f for f in header if f not in early]
    if not header:
        return None
    head_lines = sorted({f.y for f in header})
    cols = sorted(columns)
    # A heading on the first header line that reaches over another column's start spans columns.
    spanning = [
        f for f in header
        if len(head_lines) >= 2
        and f.y == head_lines[0]
        and (
            any(f.x0 + ALIGN < c < f.x1 for c in cols)
            # or a phrase over sub-headings of its own column (現 …計画 over 計画の体系)
            or (len(f.text) >= 4 and any(g.col == f.col and g.y >= f.y + 2 for g in header))
        )
    ]
    head_of: dict[int, list[Fragment]] = {}
    extent = {
        c: (min(f.x0 for f in fs), max(f.x1 for f in fs))
        for c, fs in ((c, [f for f in columns[c] if f.y >= body_top]) for c in cols)
        if fs
    }
    for f in header:
        if f not in spanning:
            head_of.setdefault(_heading_column(f, extent), []).append(f)
    index = {c: i for i, c in enumerate(cols)}
    body_rows = sorted({f.y for c in cols for f in columns[c] if f.y >= body_top and _NUMBERED.match(f.text)})
    bottom = max(f.y for f in frags)
    n_header = 2 if spanning else 1
    n_rows = n_header + len(body_rows)
    cells: list[Cell] = []
    ordered: list[Line] = []

    def add(row: int, col: int, rowspan: int, colspan: int, lines: list[Line], box: Rect) -> None:
        ref = CellRef(0, row, col, rowspan, colspan)
        for ln in lines:
            ln.cell = ref
        cells.append(Cell(row, col, box, rowspan, colspan, lines))

    tiers = {c: min(f.y for f in head_of[c]) for c in head_of}
    covered: set[int] = set()
    for f in sorted(spanning, key=lambda g: g.x0):
        own = _column_of(f.x0, cols)
        span = [own]
        # Sub-headings sit two lines or more under the spanning heading; a
        # heading right under it is a column heading of its own (rowspan 2).
        while span[0] - 1 >= 0 and _sub_heading(cols[span[0] - 1], f.y, tiers) and span[0] - 1 not in covered:
            span.insert(0, span[0] - 1)
        while span[-1] + 1 < len(cols) and _sub_heading(cols[span[-1] + 1], f.y, tiers) and span[-1] + 1 not in covered:
            span.append(span[-1] + 1)
        covered.update(span)
        add(0, span[0], 1, len(span), [_line(f, number)], _rect(f.x0, f.y, f.x1, f.y))
    for c, heads in head_of.items():
        heads.sort(key=lambda g: (g.y, g.x0))
        row = n_header - 1
        rowspan = 1
        if spanning and index[c] not in covered:
            row, rowspan = 0, 2
        add(row, index[c], rowspan, 1, [_line(h, number) for h in heads],
            _rect(min(h.x0 for h in heads), heads[0].y, max(h.x1 for h in heads), heads[-1].y))
    for c in cols:  # a column without a heading still has its (empty) header cell
        if c not in head_of and index[c] not in covered:
            add(n_header - 1, index[c], 1, 1, [], _rect(c, head_lines[0], c + 1, head_lines[-1]))
    for c in cols:
        body = sorted((f for f in columns[c] if f.y >= body_top or f in early), key=lambda f: (f.y, f.x0))
        if not body:
            continue
        numbered = [f for f in body if _NUMBERED.match(f.text)]
        one_line_cells = all(f.y in body_rows for f in body) and len(body) > 1
        labels = None if numbered or one_line_cells else _label_groups(body)
        if _is_vertical(body) or (not numbered and not one_line_cells and labels is None):
            groups = [body]
        elif labels is not None:
            groups = labels  # 第3回 (2月9日) … 第4回 (4月9日): one label per run of rows
        elif not numbered:
            groups = [[f] for f in body]  # 資料名, 備考: one line per row
        else:
            groups = []
            for f in body:
                if not groups or (_NUMBERED.match(f.text) and f.y in body_rows):
                    groups.append([f])
                else:
                    groups[-1].append(f)
        spans = _centred_spans(groups, body_rows, bottom) if labels is not None else None
        for g_index, group in enumerate(groups):
            if len(groups) == 1:
                row, end = n_header, n_rows
            elif spans is not None:
                row, end = n_header + spans[g_index][0], n_header + spans[g_index][1]
            else:
                first = group[0].y
                row = n_header + max((i for i, y in enumerate(body_rows) if y <= first), default=0)
                nxt = groups[g_index + 1][0].y if g_index + 1 < len(groups) else bottom + 1
                end = n_header + sum(1 for y in body_rows if y < nxt)
            lines = [_vertical(group, number)] if _is_vertical(group) else _stacked(group, number)
            box = _rect(min(f.x0 for f in group), group[0].y, max(f.x1 for f in group), group[-1].y)
            add(row, index[c], max(end - row, 1), 1, lines, box)
    cells.sort(key=lambda cell: (cell.row, cell.col))
    for cell in cells:
        ordered.extend(cell.lines)
    box = _rect(min(f.x0 for f in frags), min(f.y for f in frags), max(f.x1 for f in frags), bottom)
    return Table(bbox=box, n_rows=n_rows, n_cols=len(cols), cells=cells), ordered


def _heading_column(f: Fragment, extent: dict[int, tuple[int, int]]) -> int:
    """The column a heading names: the one whose body it overlaps most, else the nearest.

    Headings are centred over their column, so a short one (備考) may start
    left of the column's first cell, past the end of the column before it.
    """
    if not extent:
        return f.col

    def overlap(c: int) -> int:
        return min(f.x1, extent[c][1]) - max(f.x0, extent[c][0])

    best = max(extent, key=overlap)
    if overlap(best) > 0:
        return best
    return min(extent, key=lambda c: min(abs(f.x0 - extent[c][1]), abs(extent[c][0] - f.x1)))


def _label_groups(body: Sequence[Fragment]) -> list[list[Fragment]] | None:
    """Short labels set apart down a column (第3回 (2月9日) … 第4回 …), or None.

    Runs of at most three lines separated by three blank lines or more: a label
    printed in the middle of a cell that spans several rows (the cells tile
    the rows, each centred on its label: :func:`_centred_spans`). Paragraphs of
    context text are longer and stay one cell.
    """
    groups: list[list[Fragment]] = []
    for f in body:
        if groups and f.y - groups[-1][-1].y < 3:
            groups[-1].append(f)
        else:
            groups.append([f])
    if len(groups) < 2 or any(len(g) > 3 for g in groups):
        return None
    return groups


def _centred_spans(groups: Sequence[Sequence[Fragment]], rows: Sequence[int], bottom: int) -> list[tuple[int, int]]:
    """Row spans (first, end) of labels centred in cells that tile the body rows, top to bottom."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, group in enumerate(groups):
        if i == len(groups) - 1:
            spans.append((start, max(len(rows), start + 1)))
            break
        centre = (group[0].y + group[-1].y + 1) / 2
        target = 2 * centre - (rows[start] if start < len(rows) else bottom)
        end = next((r for r in range(start + 1, len(rows)) if rows[r] >= target), len(rows))
        spans.append((start, end))
        start = min(end, len(rows) - 1)
    return spans


def _sub_heading(col: int, heading_line: int, tiers: dict[int, int]) -> bool:
    """A column heading two lines or more under a spanning heading sits under it."""
    return col in tiers and tiers[col] >= heading_line + 2


# ---------------------------------------------------------------- pages


def grid_page(raw: Sequence[str], number: int, layout: Layout, width: Width) -> Page:
    """One page of layout text → Page with boxes in grid points, vertical lines and tables."""
    page = Page(number=number)
    # The page ends at its last printed line: layout text does not pad a page
    # to the paper's height, so a page number there is in the bottom margin.
    page.height = (max((y for y, line in enumerate(raw) if line.strip()), default=0) + 1) * PITCH
    frags = [f for y, line in enumerate(raw) for f in fragments(line.rstrip(), y, width)]
    page.width = max((f.x1 for f in frags), default=0) * CELL
    page.chars_found = sum(len(regex.sub(r"\s", "", f.text)) for f in frags)
    page.has_text_layer = bool(frags)
    if not frags:
        return page
    frags = merge_copies(frags, number, layout)
    edges = column_edges(frags)
    lead = [f.x0 for f in frags if edges and f.x0 < edges[0] - ALIGN]
    if lead:  # text left of every aligned column (a label printed between rows) is a column too
        edges.insert(0, min(lead))
    frags = cut_at_edges(frags, edges, width)
    for f in frags:
        f.col = edges[_column_of(f.x0, edges)] if edges else 0
    joined = join_label_columns(frags, edges)
    if len(joined) < len(frags):  # the columns are where the joined fragments now start
        frags = joined
        edges = column_edges(frags)
        for f in frags:
            f.col = edges[_column_of(f.x0, edges)] if edges else 0
    in_table: list[Fragment] = []
    region = _table_region(frags, len(edges))
    table_lines: list[Line] = []
    if region is not None:
        in_table = [f for f in frags if region.top <= f.y <= region.bottom]
        built = build_table(in_table, len(edges), number, layout)
        if built is None:
            layout.notices.append(
                Notice(
                    "layout_region_unplaced",
                    f"page {number}: columns on lines {region.top + 1}–{region.bottom + 1} have no header row; read line by line",
                    page=number,
                )
            )
            in_table = []
        else:
            page.tables.append(built[0])
            table_lines = built[1]
    taken = {id(f) for f in in_table}
    lines: list[tuple[int, Line]] = []
    by_line: dict[int, list[Fragment]] = {}
    for f in frags:
        if id(f) not in taken:
            by_line.setdefault(f.y, []).append(f)
    verticals = _outside_verticals(by_line)
    in_runs = {id(f) for run in verticals for f in run}
    for y, row in sorted(by_line.items()):
        kept = [f for f in row if id(f) not in in_runs]
        if not kept:
            continue
        for part in _split_at_gutters(kept):
            first, last = part[0], part[-1]
            text = raw_text(raw[y], first, last, width)
            lines.append((y, _line(Fragment(first.x0, last.x1, y, text), number)))
    for run in verticals:
        lines.append((run[0].y, _vertical(run, number)))
    lines = _stack_corners(sorted(lines, key=lambda item: (item[0], item[1].bbox.x0 if item[1].bbox else 0)))
    if region is not None and table_lines:
        before = [ln for y, ln in lines if y < region.top]
        after = [ln for y, ln in lines if y >= region.top]
        page.lines = [*before, *table_lines, *after]
    else:
        page.lines = [ln for _y, ln in lines]
    return page


def _stack_corners(lines: list[tuple[int, Line]]) -> list[tuple[int, Line]]:
    """Put a part printed under another one, off to the right, right after it.

    A label in a page corner and its note under it (資料1 / （当日配布）) are one
    block in the PDF; layout text puts the note on the title's line, after the
    title. A part that is not first on its line and lies under a part alone
    on its line at most two lines above (their spans overlap) moves up to
    follow it; parts of a row of columns (資料1 … 事前配布) stay in their rows.
    """
    out = list(lines)
    for y, line in lines:
        box = line.bbox
        if box is None or any(other.bbox is not None and y2 == y and other.bbox.x0 < box.x0 for y2, other in lines) is False:
            continue
        above = [
            (y2, other) for y2, other in out
            if y - 2 <= y2 < y and other.bbox is not None and other.bbox.x0 < box.x1 and box.x0 < other.bbox.x1
            and other.bbox.x0 > box.x0 - box.width
        ]
        if not above:
            continue
        y2, anchor = above[-1]
        if sum(1 for y3, _o in out if y3 == y2) > 1:
            continue  # the part above shares its line: a row of columns, not a corner label
        out.remove((y, line))
        out.insert(out.index((y2, anchor)) + 1, (y2, line))
    return out


def _split_at_gutters(row: list[Fragment]) -> list[list[Fragment]]:
    """Cut a line outside tables where the gap is a gutter (GUTTER cells or more), as the PDF reader does."""
    parts: list[list[Fragment]] = []
    for f in sorted(row, key=lambda g: g.x0):
        if parts and f.x0 - parts[-1][-1].x1 < GUTTER:
            parts[-1].append(f)
        else:
            parts.append([f])
    return parts


def raw_text(line: str, first: Fragment, last: Fragment, width: Width) -> str:
    """The line's text from ``first`` to ``last`` as printed, inner spaces included."""
    out: list[str] = []
    x = 0
    for ch in line:
        if first.x0 <= x < last.x1:
            out.append(ch)
        x += width(ch)
    return "".join(out).strip()


def _outside_verticals(by_line: dict[int, list[Fragment]]) -> list[list[Fragment]]:
    """Vertical runs outside tables: a lone CJK glyph per line at one x, three lines or more in a row."""
    runs: list[list[Fragment]] = []
    open_runs: dict[int, list[Fragment]] = {}
    for y in sorted(by_line):
        singles = {f.x0: f for f in by_line[y] if _CJK_GLYPH.match(f.text) and len(by_line[y]) == 1}
        for x, run in list(open_runs.items()):
            if x not in singles or run[-1].y != y - 1:
                runs.append(run)
                del open_runs[x]
        for x, f in singles.items():
            open_runs.setdefault(x, []).append(f)
    runs.extend(open_runs.values())
    return [run for run in runs if len(run) >= 3]
