"""PDF bytes → Layout (kind="pdf"): the PDF extractor's stages wired per page.

Per page, in one direction: read the characters once (``objects.load_objects``) → page-relative glyphs →
overprint copies removed → ruled tables located (only when the page draws
lines or rectangles) → glyphs assigned to table cells by their centre →
per region (outside tables, or one cell) vertical columns found and the rest
grouped into horizontal lines → lines put in reading order. Pages are closed
as soon as they are done, so memory stays flat on long files.

A page that fails to parse is replaced by an empty placeholder with a
``page_error`` notice (page numbers and count stay right); only a document
that cannot be opened at all, or whose every page fails, is an InputError.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.errors import InputError
from pipeline.extract.glyphs import Glyph, glyphs_from_chars
from pipeline.extract.lines import make_line, rows, split_row
from pipeline.extract.objects import load_objects
from pipeline.extract.overprint import remove_overprint
from pipeline.extract.pdfopen import CORRUPT, open_pdf, reason
from pipeline.extract.tables import Grid, find_grids, has_rulings
from pipeline.extract.vertical import find_columns, rotated_columns
from pipeline.layout import CellRef, Layout, Line, Notice, Page, RepairRecord, Table

# A line starts a new paragraph when its distance to the previous line is this
# many times the page's usual line pitch.
PARAGRAPH_PITCH = 1.6

Placed = tuple[Line, list[Glyph]]


def extract_pdf(data: bytes, pages: tuple[int, int] | None = None) -> Layout:
    """Extract every page of a PDF, or only ``pages`` = (first, last), 1-based and
    inclusive (clamped to the document). Raises InputError for unusable input.

    A range is one worker's share of a large file (``pipeline.split``): pages keep
    their numbers, and the ranges' Layouts concatenated in order equal the whole
    file's. Whether *every* page failed is then the merger's question, so the
    check is skipped here for a range (see :func:`check_readable`).
    """
    pdf = open_pdf(data)
    layout = Layout(kind="pdf")
    first, last = pages or (1, len(pdf.pages))
    try:
        for number in range(max(first, 1), min(last, len(pdf.pages)) + 1):
            pdf_page = pdf.pages[number - 1]
            try:
                page = extract_page(pdf_page, number, layout)
            except (Exception, RecursionError) as exc:  # one bad page must not kill the document
                page = Page(number=number, has_text_layer=False)
                layout.notices.append(Notice("page_error", f"page {number} skipped: {reason(exc)}", page=number))
            finally:
                pdf_page.close()
            layout.pages.append(page)
    finally:
        pdf.close()
    if pages is None:
        check_readable(layout)
    return layout


def check_readable(layout: Layout) -> None:
    """InputError when every page of a document failed (each left a ``page_error`` notice)."""
    failed = sum(1 for notice in layout.notices if notice.code == "page_error")
    if failed and failed == len(layout.pages):
        raise InputError(f"{CORRUPT} (no page could be read)")


def extract_page(pdf_page: Any, number: int, layout: Layout) -> Page:
    """One pdfplumber page → Page; repairs and notices are appended to ``layout``."""
    width, height, dx, dy = page_frame(pdf_page)
    page = Page(number=number, width=round(width, 2), height=round(height, 2))
    glyphs, _removed = remove_overprint(glyphs_from_chars(load_objects(pdf_page), dx, dy))
    page.chars_found = sum(1 for g in glyphs if not g.is_space)
    if page.chars_found == 0:
        page.has_text_layer = False
        if pdf_page.images:
            layout.notices.append(Notice("no_text_layer", f"page {number} has no text layer (scanned image?)", page=number))
        else:
            layout.notices.append(Notice("blank_page", f"page {number} has no text", page=number))
        return page

    grids: list[Grid] = []
    if has_rulings(pdf_page):
        try:
            grids = find_grids(pdf_page, dx, dy)
        except (Exception, RecursionError) as exc:
            layout.notices.append(Notice("table_error", f"page {number}: tables not read ({reason(exc)})", page=number))

    outside: list[Glyph] = []
    in_cells: dict[tuple[int, int], list[Glyph]] = {}
    for g in glyphs:
        spot = _locate(grids, (g.x0 + g.x1) * 0.5, (g.top + g.bottom) * 0.5)
        if spot is None:
            outside.append(g)
        else:
            in_cells.setdefault(spot, []).append(g)

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
        blocks.append((grid.bbox.top, grid.bbox.x0, table_lines))

    blocks.sort(key=lambda b: (b[0], b[1]))
    ordered = [placed for _t, _x, group in blocks for placed in group]
    page.lines = [line for line, _ in ordered]
    _mark_paragraphs(page.lines)
    for line, line_glyphs in ordered:
        _record_overprint(layout, number, line, line_glyphs)
    return page


def page_frame(pdf_page: Any) -> tuple[float, float, float, float]:
    """(width, height, dx, dy): the displayed page size and the offsets that make
    pdfplumber coordinates relative to its top-left corner.

    For a page with /Rotate 90 or 270, pdfminer lays the content out in the
    rotated (displayed) frame, but this pdfplumber version keeps the unrotated
    width/height and computes ``top`` from the unrotated height. The error is a
    constant shift, so it folds into ``dy``. Checked against the raw MediaBox,
    so a pdfplumber that already swaps the sides is left alone.
    """
    width, height = float(pdf_page.width), float(pdf_page.height)
    dx, dy = float(pdf_page.bbox[0]), float(pdf_page.bbox[1])
    if pdf_page.rotation in (90, 270):
        box = getattr(pdf_page.page_obj, "mediabox", None)
        if box is not None and len(box) == 4 and abs(abs(box[2] - box[0]) - width) < 0.01 and width != height:
            dy += height - width
            width, height = height, width
    return width, height, dx, dy


def _locate(grids: Sequence[Grid], x: float, y: float) -> tuple[int, int] | None:
    for t_index, grid in enumerate(grids):
        c_index = grid.cell_index(x, y)
        if c_index is not None:
            return (t_index, c_index)
    return None


def _region_blocks(glyphs: list[Glyph], number: int, cell: CellRef | None) -> list[tuple[float, float, list[Placed]]]:
    """Lines of one region (a cell, or the page outside tables) as sortable blocks.

    Each block is (top, x0, lines in order). Horizontal lines are one block per
    row, parts left to right. Vertical columns are one block each, unless they
    dominate the region (a vertical page or a vertical cell): then columns that
    overlap vertically form one tier, read right to left.
    """
    upright = [g for g in glyphs if g.upright]
    turned = [g for g in glyphs if not g.upright]
    in_cell = cell is not None
    row_list = rows(upright)
    columns = find_columns(row_list, upright, in_cell=in_cell)
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
            blocks.append((min(g.top for g in rest), placed[0][0].bbox.x0, placed))  # type: ignore[union-attr]

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
        if step > PARAGRAPH_PITCH * pitch:
            line.break_before = True


def _record_overprint(layout: Layout, number: int, line: Line, glyphs: Sequence[Glyph]) -> None:
    """One repair per line that lost copies: before = its glyphs and copies in drawing order."""
    copies = [c for g in glyphs if g.copies for c in g.copies]
    if not copies:
        return
    drawn = sorted([*glyphs, *copies], key=lambda g: g.order)
    before = "".join(g.text for g in drawn if not g.is_space)
    layout.repairs.append(RepairRecord(page=number, kind="overprint", before=before, after=line.text, count=len(copies)))
