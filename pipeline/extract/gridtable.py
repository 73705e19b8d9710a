"""Tables rebuilt from the column alignment of layout text (see :mod:`pipeline.extract.textgrid`, step 5).

A run of lines where two words (fragments of two glyphs or more) stand side
by side in different columns, on two lines at most :data:`ROW_GAP` apart, is
a table (a label before its item, a field name before its value, or a name
set apart on lines far apart, is not). Its header is the lines before the
first line holding a numbered fragment (1, (1), ①, 基本目標1, 資料1 …). A
heading on the first header line spans columns when it reaches over another
column's start, or is a phrase over sub-headings of its own column; it then
covers the columns whose headings sit two lines or more under it. The rest of
the header stacks per column, each heading in the column whose body it
overlaps. Body rows start where a numbered fragment starts, except one of a
family that restarts under each item of the column's first family (policies
(1) (2) under goals 1, 2 in one column: one cell per goal, as the PDF draws
it; :func:`_nested_families`) or one indented past the column's first
numbered item (policies 「1 …」 indented under goals 「1 …」); a column without
numbered fragments (context text, side labels) is one cell spanning the body,
as such cells are drawn; one whose every fragment sits on a row's first line
(資料名, 備考) is one cell per row; short labels set apart down a column
(第3回 … 第4回) are cells that tile the rows, centred on their label.

Why tables and not the segmenters' unruled paths: the plan-grid and
material-table readers already know column roles, spans and context
columns from a ruled PDF table; reading the same facts from interleaved
lines would duplicate them with guesses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extract.gridcells import (
    ALIGN,
    NUMBERED,
    Fragment,
    column_of,
    first_number,
    grid_line,
    grid_rect,
    is_vertical,
    numbering_family,
    stacked,
    vertical_line,
)
from pipeline.layout import Cell, CellRef, Line, Rect, Table

ROW_GAP = 4  # two lines with words side by side this close make a table


@dataclass(slots=True)
class Region:
    top: int  # first line index
    bottom: int  # last line index (inclusive)


def table_region(frags: Sequence[Fragment], n_cols: int) -> Region | None:
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
    return Region(top, max(by_line))


def build_table(frags: list[Fragment], number: int) -> tuple[Table, list[Line]] | None:
    """A table from the fragments of one region (see the module docstring); None without a header."""
    body_top = next((f.y for f in sorted(frags, key=lambda f: f.y) if NUMBERED.match(f.text)), None)
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
    nested = {c: _nested_families(columns[c], body_top) for c in cols}
    margin = {c: _item_margin(columns[c], body_top) for c in cols}
    body_rows = sorted({f.y for c in cols for f in columns[c] if f.y >= body_top and _starts_cell(f, nested[c], margin[c])})
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
        own = column_of(f.x0, cols)
        span = [own]
        # Sub-headings sit two lines or more under the spanning heading; a
        # heading right under it is a column heading of its own (rowspan 2).
        while span[0] - 1 >= 0 and _sub_heading(cols[span[0] - 1], f.y, tiers) and span[0] - 1 not in covered:
            span.insert(0, span[0] - 1)
        while span[-1] + 1 < len(cols) and _sub_heading(cols[span[-1] + 1], f.y, tiers) and span[-1] + 1 not in covered:
            span.append(span[-1] + 1)
        covered.update(span)
        add(0, span[0], 1, len(span), [grid_line(f, number)], grid_rect(f.x0, f.y, f.x1, f.y))
    for c, heads in head_of.items():
        heads.sort(key=lambda g: (g.y, g.x0))
        row = n_header - 1
        rowspan = 1
        if spanning and index[c] not in covered:
            row, rowspan = 0, 2
        add(row, index[c], rowspan, 1, [grid_line(h, number) for h in heads],
            grid_rect(min(h.x0 for h in heads), heads[0].y, max(h.x1 for h in heads), heads[-1].y))
    for c in cols:  # a column without a heading still has its (empty) header cell
        if c not in head_of and index[c] not in covered:
            add(n_header - 1, index[c], 1, 1, [], grid_rect(c, head_lines[0], c + 1, head_lines[-1]))
    for c in cols:
        body = sorted((f for f in columns[c] if f.y >= body_top or f in early), key=lambda f: (f.y, f.x0))
        if not body:
            continue
        numbered = [f for f in body if NUMBERED.match(f.text)]
        one_line_cells = all(f.y in body_rows for f in body) and len(body) > 1
        labels = None if numbered or one_line_cells else _label_groups(body)
        if is_vertical(body) or (not numbered and not one_line_cells and labels is None):
            groups = [body]
        elif labels is not None:
            groups = labels  # 第3回 (2月9日) … 第4回 (4月9日): one label per run of rows
        elif not numbered:
            groups = [[f] for f in body]  # 資料名, 備考: one line per row
        else:
            groups = []
            for f in body:
                if not groups or (_starts_cell(f, nested[c], margin[c]) and f.y in body_rows):
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
            lines = [vertical_line(group, number)] if is_vertical(group) else stacked(group, number)
            box = grid_rect(min(f.x0 for f in group), group[0].y, max(f.x1 for f in group), group[-1].y)
            add(row, index[c], max(end - row, 1), 1, lines, box)
    cells.sort(key=lambda cell: (cell.row, cell.col))
    for cell in cells:
        ordered.extend(cell.lines)
    box = grid_rect(min(f.x0 for f in frags), min(f.y for f in frags), max(f.x1 for f in frags), bottom)
    return Table(bbox=box, n_rows=n_rows, n_cols=len(cols), cells=cells), ordered


def _nested_families(column: Sequence[Fragment], body_top: int) -> set[str]:
    """Numbering families that restart under each item of the column's leading family.

    A goal 「1 …」, then ＜施策の方向＞ and its policies 「(1) …」, then goal 「2 …」
    and policies 「(1) (2)」 again: the ruled PDF table draws each goal and its
    policies as one cell, and the restart at the first number is what shows it
    in the grid. A family numbered on through the column (参考資料1 after 資料 1–3)
    is a row of its own, and so is a compound number (1-1 under 資料1): it names
    its parent, so it is listed as a row, not nested in one.
    """
    numbered = [f for f in sorted(column, key=lambda f: (f.y, f.x0)) if f.y >= body_top and NUMBERED.match(f.text)]
    if not numbered:
        return set()
    lead = numbering_family(numbered[0].text)
    firsts = Counter(numbering_family(f.text) for f in numbered if first_number(f.text))
    return {fam for fam, n in firsts.items() if fam not in (None, lead, "compound") and n >= 2}


def _item_margin(column: Sequence[Fragment], body_top: int) -> int | None:
    """Where the column's first numbered body fragment starts: its items' margin."""
    first = next((f for f in sorted(column, key=lambda f: (f.y, f.x0)) if f.y >= body_top and NUMBERED.match(f.text)), None)
    return first.x0 if first is not None else None


def _starts_cell(f: Fragment, nested: set[str], margin: int | None) -> bool:
    """A numbered fragment starts a cell unless its family is nested in the column's items
    or it is indented past their margin (a policy 「1 …」 under its goal 「1 …」)."""
    if NUMBERED.match(f.text) is None or numbering_family(f.text) in nested:
        return False
    return margin is None or f.x0 <= margin + ALIGN


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
