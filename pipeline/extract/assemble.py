"""A backend's page content → a layout Page: the PDF stages every engine shares.

In one direction: overprint copies removed → ruled tables located from the
rulings (only when there are enough of them to make two cells) → glyphs
assigned to table cells by their centre → per region (outside tables, or one
cell) vertical columns found and the rest grouped into horizontal lines →
lines put in reading order → paragraph breaks → one repair record per line
that lost overprinted copies. Nothing here knows which engine read the page
(:mod:`pipeline.extract.engines`).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from pipeline.extract.crossing import join_crossing_runs
from pipeline.extract.engines.base import PageContent
from pipeline.extract.glyphs import Glyph
from pipeline.extract.lines import make_line, rows, split_row
from pipeline.extract.overprint import remove_overprint
from pipeline.extract.params import LAYOUT
from pipeline.extract.spread import join_spread_words
from pipeline.extract.tables import Grid, find_grids, has_rulings, place
from pipeline.extract.vertical import find_columns, rotated_columns
from pipeline.layout import CellRef, Layout, Line, Notice, Page, RepairRecord, Table

Placed = tuple[Line, list[Glyph]]
_top = attrgetter("top")
_upright = attrgetter("upright")
_is_space = attrgetter("is_space")


def assemble_page(content: PageContent, number: int, layout: Layout) -> Page:
    """One backend page → Page; repairs and notices are appended to ``layout``."""
    page = Page(number=number, width=round(content.width, 2), height=round(content.height, 2))
    glyphs, removed = remove_overprint(content.glyphs)
    page.chars_found = len(glyphs) - sum(map(_is_space, glyphs))
    if page.chars_found == 0:
        page.has_text_layer = False
        if content.images:
            layout.notices.append(Notice("no_text_layer", "no text layer (scanned image?)", page=number))
        else:
            layout.notices.append(Notice("blank_page", "no text", page=number))
        return page

    grids: list[Grid] = []
    if has_rulings(content.rulings):
        try:
            grids = find_grids(content.rulings)
        except (Exception, RecursionError) as exc:  # a bad ruling must not cost the page its text
            layout.notices.append(Notice("table_error", f"tables not read ({type(exc).__name__})", page=number))

    outside, in_cells = place(grids, glyphs) if grids else (glyphs, {})

    blocks: list[tuple[float, float, list[Placed]]] = []
    blocks.extend(_region_blocks(outside, number, None))
    for t_index, grid in enumerate(grids):
        table = Table(bbox=grid.bbox, n_rows=grid.n_rows, n_cols=grid.n_cols, cells=grid.cells)
        page.tables.append(table)
        table_lines: list[Placed] = []
        for c_index, cell in enumerate(grid.cells):
            cell_glyphs = in_cells.get((t_index, c_index))
            if not cell_glyphs:
                continue
            ref = CellRef(table=t_index, row=cell.row, col=cell.col, rowspan=cell.rowspan, colspan=cell.colspan)
            for _top, _x, placed in _region_blocks(cell_glyphs, number, ref):
                cell.lines.extend(line for line, _ in placed)
                table_lines.extend(placed)
        blocks.append((grid.bbox.top, grid.bbox.x0, join_crossing_runs(join_spread_words(table_lines, table), table)))

    blocks.sort(key=lambda b: (b[0], b[1]))
    ordered = [placed for _t, _x, group in blocks for placed in group]
    page.lines = [line for line, _ in ordered]
    _mark_paragraphs(page.lines)
    if removed:  # only remove_overprint attaches copies: with none removed, no line has any
        for line, line_glyphs in ordered:
            _record_overprint(layout, number, line, line_glyphs)
    return page


def _region_blocks(glyphs: list[Glyph], number: int, cell: CellRef | None) -> list[tuple[float, float, list[Placed]]]:
    """Lines of one region (a cell, or the page outside tables) as sortable blocks.

    Each block is (top, x0, lines in order). Horizontal lines are one block per
    row, parts left to right. Vertical columns are one block each, unless they
    dominate the region (a vertical page or a vertical cell): then columns that
    overlap vertically form one tier, read right to left.
    """
    # Turned glyphs are rare: one C-level scan says whether the region needs splitting at all.
    turned = [g for g in glyphs if not g.upright] if not all(map(_upright, glyphs)) else []
    upright = [g for g in glyphs if g.upright] if turned else glyphs
    in_cell = cell is not None
    row_list = rows(upright)
    columns = find_columns(row_list, upright, in_cell=in_cell)
    if turned:
        columns.extend(rotated_columns(turned))
    taken = {id(g) for col in columns for g in col}

    blocks: list[tuple[float, float, list[Placed]]] = []
    horizontal_count = 0
    for row in row_list:
        rest = [g for g in row if id(g) not in taken] if taken else row
        if not rest:
            continue
        placed: list[Placed] = []
        for part in split_row(rest) if not in_cell else [rest]:
            line = make_line(part, number, "horizontal", cell)
            if line is not None:
                placed.append((line, part))
                horizontal_count += len(part)
        if placed:
            blocks.append((min(map(_top, rest)), placed[0][0].bbox.x0, placed))  # type: ignore[union-attr]

    vertical: list[Placed] = []
    for col in columns:
        line = make_line(col, number, "vertical", cell)
        if line is not None:
            vertical.append((line, col))
    if not vertical:
        return blocks
    if len(taken) > horizontal_count:
        blocks.extend(_tiers(vertical))
    else:
        blocks.extend((line.bbox.top, line.bbox.x0, [(line, col)]) for line, col in vertical)  # type: ignore[union-attr]
    blocks.sort(key=lambda b: (b[0], b[1]))
    return blocks


def _tiers(columns: list[Placed]) -> list[tuple[float, float, list[Placed]]]:
    """Vertical columns grouped into tiers (vertically overlapping), each read right to left."""
    ordered = sorted(columns, key=lambda p: p[0].bbox.top)  # type: ignore[union-attr]
    tiers: list[list[Placed]] = []
    bottom = 0.0
    for placed in ordered:
        box = placed[0].bbox
        assert box is not None
        if tiers and box.top < bottom:
            tiers[-1].append(placed)
            bottom = max(bottom, box.bottom)
        else:
            tiers.append([placed])
            bottom = box.bottom
    out = []
    for tier in tiers:
        tier.sort(key=lambda p: -p[0].bbox.x1)  # type: ignore[union-attr]
        out.append((min(p[0].bbox.top for p in tier), 0.0, tier))  # type: ignore[union-attr]
    return out


def _mark_paragraphs(lines: list[Line]) -> None:
    """Set break_before where the gap to the previous horizontal line is clearly larger than usual."""
    flow = [ln for ln in lines if ln.cell is None and ln.direction == "horizontal" and ln.bbox is not None]
    steps = [b.bbox.top - a.bbox.top for a, b in zip(flow, flow[1:])]  # type: ignore[union-attr]
    usual = sorted(s for s in steps if s > 0)
    if not usual:
        return
    pitch = usual[len(usual) // 2]
    for line, step in zip(flow[1:], steps):
        if step > LAYOUT.paragraph_pitch * pitch:
            line.break_before = True


def _record_overprint(layout: Layout, number: int, line: Line, glyphs: Sequence[Glyph]) -> None:
    """One repair per line that lost copies: before = its glyphs and copies in drawing order."""
    copies = [c for g in glyphs if g.copies for c in g.copies]
    if not copies:
        return
    drawn = sorted([*glyphs, *copies], key=lambda g: g.order)
    before = "".join(g.text for g in drawn if not g.is_space)
    layout.repairs.append(RepairRecord(page=number, kind="overprint", before=before, after=line.text, count=len(copies)))
