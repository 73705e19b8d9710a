"""Layout text (``pdftotext -layout``): geometry read back from the character grid.

Layout-preserving extractors print every glyph at a column and line that
stand for its x and y, and keep table columns apart with runs of spaces. This
module turns that grid back into the geometry the PDF path has, so the same
segmenters read it: lines with boxes, vertical columns (基本理念 one character
per line), and tables rebuilt from column alignment.

Units: grid points (x = cell × 5, y = line × 12), defined in
:mod:`pipeline.extract.gridcells`; ``Provenance.bbox`` stays null for text
input (:func:`pipeline.segment.provenance.drop_geometry`).

Cell width. The grid is counted either one cell per character or by East
Asian width (full-width characters two cells). pdftotext counts characters;
other tools count display width. Both are tried and the one that puts the
column starts on fewer places is kept (:func:`cell_model`).

Model, per page:

1. **Fragments.** Each line is cut at runs of two or more spaces; a single
   space stays inside a fragment (``第 107 条``, ``日 時``).
2. **Copies.** A fake-bold cell printed by pdftotext comes out as partial
   copies a line or two apart: a fragment that another one near it extends
   (``①…体制の`` under ``①…体制の構築``), contains at its own x (``構築`` under
   ``…の構築``), or overlaps shifted by one or two cells (``（３）就労支援の`` /
   ``）就労支援の支援``). They are merged into one fragment and recorded as a
   ``duplicated_run`` repair. A copy of a part from the middle of a fragment
   must stand exactly under that part: prose repeats its phrases a few lines
   apart, at the margin, one cell off. Identical text at the same x is merged only
   when numbered or right under merged copies (a column repeating a value
   looks exactly like that).
3. **Columns.** A prose page has none (:func:`prose_page`: a quarter of
   its lines are running text from the margin; labels set apart from their
   text there, 「○議長     はい」, are no column). Elsewhere a column starts where fragments of two or more lines start
   within :data:`~pipeline.extract.gridcells.ALIGN` cells of each other. A fragment that runs into the next column
   across a single space is cut there (``（１）…基盤の ①暮らしやすい…``).
   A column holding nothing but bare numbering labels (``ア``, ``①``) is
   joined to the text to its right (:func:`join_label_columns`). Numbered
   items indented a few cells under numbered items, never on their lines,
   are the next level of one column, not a column (:func:`indented_columns`).
4. **Vertical columns.** A column whose fragments are nearly all one CJK
   character is vertical text: one vertical line, top to bottom.
5. **Tables** from column alignment: :mod:`pipeline.extract.gridtable`.

Everything that is not in a table keeps its line as printed (spaces
included), cut only at gutters of :data:`GUTTER` cells, so the ordinary text
path reads it as before; a note printed under a corner label follows it.

Rejected: treating layout text as plain text (the columns interleave line by
line, so a plan or material table is unreadable), and laying the characters
out as PDF glyphs for the PDF line grouper (its thresholds are in type sizes
and would cut letter-spaced text at one-space gaps, and layout text has no
rulings for the table finder).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import regex

from pipeline.extract.gridcells import (
    ALIGN,
    CELL,
    CJK_GLYPH,
    NUMBERED,
    PITCH,
    Fragment,
    Width,
    column_of,
    east_asian,
    fragments,
    grid_line,
    one_cell,
    vertical_line,
)
from pipeline.extract.gridtable import build_table, table_region
from pipeline.layout import Layout, Line, Notice, Page, RepairRecord

MIN_STARTS = 2  # lines whose fragments start at a column
COPY_LINES = 3  # copies of a fake-bold cell lie this many lines apart at most
MIN_COPY = 2  # glyphs a copy must share with the fragment it repeats
BOLD_REACH = 30  # lines below merged copies in which identical pairs at that x are copies too
PROSE_RUN = 30  # glyphs in one run from the margin that make a line of running text (a line holds 40–50)
MIN_PROSE_LINES = 6  # lines of running text a prose page has at least
TABLE_ROW_CELLS = 6  # pieces on one line that make a table row (4 took the generated minutes' lines of names for rows)
INDENT = 6  # cells an outline level is indented at most under the one above it
GUTTER = 16  # outside tables, a gap this wide (cells) splits a line into two, like the PDF reader's

_WIDE = regex.compile(r" {3,}|\u3000{2,}")  # a column gap for the detector (not letter-spacing)
_BARE_LABEL = regex.compile(
    r"^(?:[ア-ン]|[(（]?[0-9０-９一二三四五六七八九十ア-ン]{1,3}[)）.．、]?|[\u2460-\u2473\u2474-\u2487・●○◆■])$"
)


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
    one, wide = _starts(pages, one_cell), _starts(pages, east_asian)
    return east_asian if wide and len(wide) < len(one) else one_cell


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
        if max(_start_alignment([page], one_cell), _start_alignment([page], east_asian)) >= 0.5:
            return True
    return False


def _copy_of(a: Fragment, b: Fragment, bold_above: bool = False) -> str | None:
    """The merged text when ``b`` (the later line) is a partial copy of ``a``, else None.

    Identical text at the same place is a repeated value (a column printing
    事前配布 twice), except within two lines when it is numbered (one list never
    numbers two items alike) or when copies were already merged above it in
    that column, or on the line before (``bold_above``: the wrapped end of a
    fake-bold cell, or the next cell of the same fake-bold row).
    """
    if a.text == b.text:
        if b.x0 == a.x0 and b.y - a.y <= 2 and (bold_above or NUMBERED.match(a.text)):
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
    # b is a part of a, printed at its own place: a cell's end within a cell
    # of rounding, a part in the middle or a line of running text exactly
    # there (prose repeats phrases and whole sentences a line or two apart,
    # one cell off where the paragraph's margin or indent falls).
    slack = 1 if where + len(b.text) == len(a.text) and len(b.text) < PROSE_RUN else 0
    if where > 0 and len(b.text) >= MIN_COPY and abs(where - shift) <= slack:
        return a.text
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


def prose_page(frags: Sequence[Fragment]) -> bool:
    """True when a quarter of the page's lines or more are running text: one run of
    :data:`PROSE_RUN` glyphs or more from the left margin, no gap in it.

    Prose wraps back to the margin, so such a page (minutes, an opinion sheet)
    has no columns even where labels stand apart from their text (「○議長
    はい」, 「１   日時   令和…」, names spaced in an attendance list); read as
    columns, those gaps make one table of the whole page. A plan or a material
    table keeps its text in cells: its lines hold several runs or start in a
    column, so none of them counts. A page with table rows (two lines or more
    of :data:`TABLE_ROW_CELLS` pieces) keeps its columns even under prose: a
    bill's paragraphs above its 整備計画 table.
    """
    lines: dict[int, list[Fragment]] = {}
    for f in frags:
        lines.setdefault(f.y, []).append(f)
    left = min((f.x0 for f in frags), default=0)
    running = sum(1 for row in lines.values() if len(row) == 1 and row[0].x0 <= left + 1 and len(row[0].text) >= PROSE_RUN)
    table_rows = sum(1 for row in lines.values() if len(row) >= TABLE_ROW_CELLS)
    return running >= MIN_PROSE_LINES and running >= len(lines) / 4 and table_rows < MIN_STARTS


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

    A cell squeezed against the next one can push that one's text up to
    :data:`~pipeline.extract.gridcells.ALIGN` cells left of the column's
    edge: a single space that far from it cuts too when a numbering label
    follows (``４ 安心して暮らせる配 （１）政策決定…``), and then on the cell's
    later lines at the same place (``偶者暴力の防止【拡充】 くり【継承】``).
    """
    out: list[Fragment] = []
    squeezed: set[tuple[int, int]] = set()  # (fragment start, cut) of cuts made before a label
    for f in frags:
        x = f.x0
        start = 0
        lim = f.x0 + ALIGN
        for i, ch in enumerate(f.text):
            if ch == " " and i > start:  # only a space is a cut: the edge tests run there alone
                end = x + width(ch)
                if any(abs(end - e) <= ALIGN and e > lim for e in edges):  # near an edge (at one is nearer)
                    at_edge = any(abs(end - e) <= 1 and e > lim for e in edges)
                    if not at_edge and NUMBERED.match(f.text[i + 1 :]):
                        squeezed.add((f.x0, x))
                        at_edge = True
                    if at_edge or (f.x0, x) in squeezed:
                        out.append(Fragment(f.x0 + sum(width(c) for c in f.text[:start]), x, f.y, f.text[start:i]))
                        start = i + 1
            elif (
                ch in "】)）" and i + 1 > start and i + 1 < len(f.text)
                and any(abs(x + width(ch) - e) <= ALIGN and e > f.x0 + ALIGN for e in edges)
                and NUMBERED.match(f.text[i + 1 :])
            ):
                out.append(Fragment(f.x0 + sum(width(c) for c in f.text[:start]), x + width(ch), f.y, f.text[start : i + 1]))
                start = i + 1
            x += width(ch)
        if start == 0:
            out.append(f)
        else:
            out.append(Fragment(f.x0 + sum(width(c) for c in f.text[:start]), f.x1, f.y, f.text[start:]))
    return out


def _assign_columns(frags: list[Fragment], edges: list[int]) -> None:
    """Each fragment's column: the edge it starts at (0 when the page has no columns)."""
    for f in frags:
        f.col = edges[column_of(f.x0, edges)] if edges else 0


def join_label_columns(frags: list[Fragment], edges: list[int]) -> list[Fragment]:
    """Bare numbering labels join the text to their right (``ア   路線バスの実施``).

    Only in a column led by labels (four fifths of its fragments start with
    one): a number column with its own heading (資料 / No. above 1, 2, 3)
    stays a column; a heading over several columns (現 …計画) is not its own. The label
    keeps one space before its text, as the PDF reader prints it.
    """
    by_col: dict[int, list[Fragment]] = {}
    for f in frags:
        by_col.setdefault(f.col, []).append(f)
    gone: set[int] = set()
    for col, members in by_col.items():
        bare = [f for f in members if _BARE_LABEL.match(f.text)]
        # A heading over several columns (現 …計画 across the plan) is not this column's own.
        own = [f for f in members if not any(f.x0 + ALIGN < e < f.x1 for e in edges)]
        led = sum(1 for f in own if NUMBERED.match(f.text) or f in bare)
        if len(bare) < 2 or led < 0.8 * len(own):
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


def indented_columns(frags: Sequence[Fragment], edges: Sequence[int]) -> set[int]:
    """Edges that are an indent of the column before them, not a column of their own.

    Items indented a few cells under numbered items (goals 「1 …」 over
    policies 「1 …」 in one column of a plan) start at a place of their own,
    but never on a line the column before holds: columns of a table stand
    side by side on shared lines, an outline's levels take turns down one
    column (headings above the first item aside). The edge must be within
    :data:`INDENT` cells of the one before, and both columns must hold
    numbered items, the one before first.
    """
    out: set[int] = set()
    for before, edge in zip(edges, edges[1:]):
        if edge - before > INDENT or before in out:
            continue
        firsts = [min((f.y for f in frags if f.col == c and NUMBERED.match(f.text)), default=None) for c in (before, edge)]
        top, first_indented = firsts
        if top is None or first_indented is None or first_indented <= top:
            continue
        shared = {f.y for f in frags if f.col == before and f.y >= top} & {f.y for f in frags if f.col == edge and f.y >= top}
        if not shared:
            out.add(edge)
    return out


def _join(label: Fragment, text: Fragment, col: int, gone: set[int]) -> None:
    text.text = f"{label.text} {text.text}"
    text.x0 = label.x0
    text.y = min(text.y, label.y)
    text.col = col
    gone.add(id(label))


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
    edges = [] if prose_page(frags) else column_edges(frags)
    lead = [f.x0 for f in frags if edges and f.x0 < edges[0] - ALIGN]
    if lead:  # text left of every aligned column (a label printed between rows) is a column too
        edges.insert(0, min(lead))
    frags = cut_at_edges(frags, edges, width)
    _assign_columns(frags, edges)
    joined = join_label_columns(frags, edges)
    if len(joined) < len(frags):  # the columns are where the joined fragments now start
        frags = joined
        edges = column_edges(frags)
        _assign_columns(frags, edges)
    outline = indented_columns(frags, edges)
    if outline:
        edges = [e for e in edges if e not in outline]
        _assign_columns(frags, edges)
    in_table: list[Fragment] = []
    region = table_region(frags, len(edges))
    table_lines: list[Line] = []
    if region is not None:
        in_table = [f for f in frags if region.top <= f.y <= region.bottom]
        built = build_table(in_table, number)
        if built is None:
            layout.notices.append(
                Notice(
                    "layout_region_unplaced",
                    f"columns on lines {region.top + 1}–{region.bottom + 1} have no header row; read line by line",
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
            lines.append((y, grid_line(Fragment(first.x0, last.x1, y, text), number)))
    for run in verticals:
        lines.append((run[0].y, vertical_line(run, number)))
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
    title, or on a line of its own under the title. A part that is not first
    on its line (or a short one alone under a short corner label, with the
    line between printed elsewhere) and lies under a part alone on its line
    at most two lines above (their spans overlap) moves up to follow it;
    parts of a row of columns (資料1 … 事前配布) stay in their rows.
    """
    out = list(lines)
    for y, line in lines:
        box = line.bbox
        if box is None:
            continue
        first_on_line = not any(other.bbox is not None and y2 == y and other.bbox.x0 < box.x0 for y2, other in lines)
        if first_on_line and not _short_note_under_label(y, line, lines):
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


def _short_note_under_label(y: int, line: Line, lines: list[tuple[int, Line]]) -> bool:
    """A short part alone on its line, under a short part alone on its line two lines up,
    with the line between them printed elsewhere (資料２ / title / （当日配布））."""
    box = line.bbox
    if box is None or len(line.text.strip()) > 8:
        return False
    rows = {y2: [o for y3, o in lines if y3 == y2] for y2 in (y - 2, y - 1, y)}
    if len(rows[y]) != 1 or len(rows[y - 2]) != 1 or not rows[y - 1]:
        return False
    anchor = rows[y - 2][0]
    between = [o.bbox for o in rows[y - 1] if o.bbox is not None]
    return (
        anchor.bbox is not None
        and len(anchor.text.strip()) <= 8
        and anchor.bbox.x0 < box.x1
        and box.x0 < anchor.bbox.x1
        and all(b.x1 <= box.x0 or b.x0 >= box.x1 for b in between)
    )


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
        singles = {f.x0: f for f in by_line[y] if CJK_GLYPH.match(f.text) and len(by_line[y]) == 1}
        for x, run in list(open_runs.items()):
            if x not in singles or run[-1].y != y - 1:
                runs.append(run)
                del open_runs[x]
        for x, f in singles.items():
            open_runs.setdefault(x, []).append(f)
    runs.extend(open_runs.values())
    return [run for run in runs if len(run) >= 3]
