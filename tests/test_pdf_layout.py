"""Lines, vertical cells and ruled tables from reportlab-built PDFs."""

from __future__ import annotations

from pipeline.extract.pdf import extract_pdf
from pipeline.layout import Page
from tests import pdfkit


def _page(*draws) -> Page:  # type: ignore[no-untyped-def]
    return extract_pdf(pdfkit.build(lambda c: [d(c) for d in draws])).pages[0]


def test_lines_bboxes_spaces_and_columns() -> None:
    page = _page(
        lambda c: pdfkit.glyphs(c, pdfkit.positions("日", 50, 100) + pdfkit.positions("時", 70, 100)
                                + pdfkit.positions("令和5年", 100, 100)),
        lambda c: pdfkit.text(c, 50, 130, "左の段の本文"),
        lambda c: pdfkit.text(c, 350, 130, "右の段の本文"),
    )
    assert [ln.text for ln in page.lines] == ["日 時 令和5年", "左の段の本文", "右の段の本文"]
    first = page.lines[0]
    assert first.direction == "horizontal" and first.size == 10.0 and first.page == 1
    assert first.bbox is not None
    assert (round(first.bbox.x0), round(first.bbox.top), round(first.bbox.bottom)) == (50, 100, 110)
    assert page.width == 595.28 and page.height == 841.89
    assert page.chars_found == len("日時令和5年左の段の本文右の段の本文")


def test_vertical_cell_beside_horizontal_text() -> None:
    page = _page(
        lambda c: pdfkit.vertical(c, 40, 100, "基本理念", pitch=11),
        lambda c: pdfkit.text(c, 80, 100, "誰もが安心して暮らせるまち"),
        lambda c: pdfkit.text(c, 80, 116, "地域で支え合う仕組みづくり"),
        lambda c: pdfkit.text(c, 80, 132, "ここから三行目"),
    )
    texts = {ln.text: ln.direction for ln in page.lines}
    assert texts == {
        "基本理念": "vertical",
        "誰もが安心して暮らせるまち": "horizontal",
        "地域で支え合う仕組みづくり": "horizontal",
        "ここから三行目": "horizontal",
    }


def test_letter_spaced_rows_stay_horizontal() -> None:
    """均等割り labels stacked row under row look like columns, but they are rows."""
    page = _page(
        lambda c: pdfkit.glyphs(c, [(ch, 50 + i * 30, 100) for i, ch in enumerate("給水戸数")]),
        lambda c: pdfkit.glyphs(c, [(ch, 50 + i * 30, 112) for i, ch in enumerate("総給水量")]),
    )
    assert [(ln.text, ln.direction) for ln in page.lines] == [
        ("給 水 戸 数", "horizontal"), ("総 給 水 量", "horizontal")]


def _table(c) -> None:  # type: ignore[no-untyped-def]
    # 3 rows × 3 cols; column 0 rows 1–2 merged and written vertically.
    pdfkit.ruled_grid(c, 50, 100, [40, 150, 150], [20, 40, 40], merged=[(1, 0, 2, 1)])
    pdfkit.text(c, 95, 105, "項目")
    pdfkit.text(c, 245, 105, "内容")
    pdfkit.vertical(c, 65, 130, "重点施策", pitch=12)
    pdfkit.text(c, 95, 125, "防災活動への参加促")
    pdfkit.text(c, 95, 137, "進")
    pdfkit.text(c, 245, 125, "事前配布")
    pdfkit.text(c, 95, 165, "権利擁護")
    pdfkit.text(c, 245, 165, "当日配布")


def test_ruled_table_with_rowspan_wrapped_and_vertical_cells() -> None:
    page = _page(lambda c: pdfkit.text(c, 50, 60, "配布資料一覧"), _table,
                 lambda c: pdfkit.text(c, 50, 260, "以上"))
    assert len(page.tables) == 1
    table = page.tables[0]
    assert (table.n_rows, table.n_cols) == (3, 3)
    merged = table.cell_at(2, 0)
    assert merged is not None and (merged.row, merged.col, merged.rowspan, merged.colspan) == (1, 0, 2, 1)
    assert merged.text == "重点施策" and merged.lines[0].direction == "vertical"
    wrapped = table.cell_at(1, 1)
    assert wrapped is not None and [ln.text for ln in wrapped.lines] == ["防災活動への参加促", "進"]
    assert wrapped.text == "防災活動への参加促進"
    # Reading order: text above, the table cell by cell (row-major), text below.
    assert [ln.text for ln in page.lines] == [
        "配布資料一覧", "項目", "内容", "重点施策", "防災活動への参加促", "進", "事前配布",
        "権利擁護", "当日配布", "以上"]
    for line in page.lines[1:-1]:
        assert line.cell is not None and line.cell.table == 0
        assert table.cell_at(line.cell.row, line.cell.col).lines.count(line) == 1  # type: ignore[union-attr]
    assert page.lines[3].cell.rowspan == 2  # type: ignore[union-attr]
    assert page.lines[0].cell is None and page.lines[-1].cell is None


def test_image_only_page_has_no_text_layer() -> None:
    layout = extract_pdf(pdfkit.build(lambda c: pdfkit.text(c, 50, 100, "本文"), pdfkit.image))
    second = layout.pages[1]
    assert layout.pages[0].has_text_layer and not second.has_text_layer
    assert second.lines == [] and second.chars_found == 0
    assert [(n.code, n.page) for n in layout.notices] == [("no_text_layer", 2)]
    assert layout.notices[0].message == "no text layer (scanned image?)"  # the page is in .page, not the message


def test_rotated_page_bboxes_are_page_relative() -> None:
    """/Rotate 90: sizes are the displayed ones and every bbox lies inside the page."""

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        c.setPageRotation(90)
        c.setFont(pdfkit.FONT, 10)
        c.drawString(300, 400, "横向きの頁")

    page = extract_pdf(pdfkit.build(draw)).pages[0]
    assert len(page.lines) == 1 and page.lines[0].text == "横向きの頁"
    box = page.lines[0].bbox
    assert page.width is not None and page.height is not None
    assert box is not None and 0 <= box.x0 < box.x1 <= page.width and 0 <= box.top < box.bottom <= page.height


def test_a_letter_spaced_label_is_one_line_not_one_glyph_per_line() -> None:
    """均等割り: 営 業 利 益 spread across a cell's width, gaps wider than a gutter."""
    from pipeline.extract.glyphs import Glyph
    from pipeline.extract.lines import split_row

    row = [Glyph(ch, x, 100, x + 10, 110, 10.0) for ch, x in zip("営業利益", (70.9, 118.1, 165.4, 212.6))]
    row.append(Glyph("9", 514.2, 100, 519.2, 110, 10.0))
    assert ["".join(g.text for g in part) for part in split_row(row)] == ["営業利益", "9"]
    uneven = [Glyph(ch, x, 100, x + 10, 110, 10.0) for ch, x in zip("款項目", (70.0, 118.0, 300.0))]
    assert len(split_row(uneven)) == 3  # separate headings at uneven gutters stay apart


def test_a_word_spread_across_cell_borders_is_one_line() -> None:
    """「ＤＸ推進員」 printed over a row of boxes (nankoku DX policy p.2): the boxes' sides cut
    the band into thin cells, one letter each with empty cells between, so the letters are
    one word. A row of one-letter cells side by side (月 火 水 木 金) is a table row and stays apart."""
    widths = [20, 15] * 4 + [20]
    centres = [50 + sum(widths[:i]) + widths[i] / 2 for i in range(len(widths))]

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        pdfkit.ruled_grid(c, 50, 100, widths, [20, 20])
        pdfkit.glyphs(c, [(ch, centres[2 * i] - 5, 105) for i, ch in enumerate("ＤＸ推進員")])
        pdfkit.glyphs(c, [(ch, centres[i] - 5, 125) for i, ch in enumerate("月火水木金")])

    page = _page(draw)
    texts = [ln.text for ln in page.lines]
    assert "ＤＸ推進員" in texts and "Ｄ" not in texts
    assert [t for t in texts if len(t) == 1] == list("月火水木金")
    table = page.tables[0]
    assert [ln.text for cell in table.cells for ln in cell.lines].count("ＤＸ推進員") == 1


def test_a_label_drawn_across_a_cell_border_is_one_line() -> None:
    """A schedule's bar label 「ＤＸ推進員の育成」 set as one run over the month columns (nankoku DX
    policy p.2): the border crosses the glyph 推, so the run is one line in its first cell. A cell
    whose text overflows its side by a glyph, with the next cell's text at that cell's margin,
    keeps two lines: a gap between the glyphs is the proof of two cells' texts. A run ends at
    its first space: 「比率（％）」 takes the ） over the border, 83.3 stays the next cell's value."""
    widths = [65.0, 65.0, 65.0]

    def draw(c) -> None:  # type: ignore[no-untyped-def]
        pdfkit.ruled_grid(c, 50, 100, widths, [20, 20, 20])
        # Borders at x = 115 and 180; every glyph is 10 pt wide.
        pdfkit.text(c, 83, 105, "ＤＸ推進員の育成")  # 進 at 113–123 crosses 115, touching 推
        pdfkit.text(c, 58, 125, "策定【新規】")  # 】 at 108–118 crosses 115 ...
        pdfkit.text(c, 120, 125, "進捗管理")  # ... and the next cell's text starts 2 pt after it
        pdfkit.text(c, 73, 145, "比率（％） 83.3")  # ） at 113–123 crosses 115; after a space, the next cell's value

    page = _page(draw)
    texts = [ln.text for ln in page.lines]
    assert "ＤＸ推進員の育成" in texts
    assert "策定【新規】" in texts and "進捗管理" in texts
    cells = {(cell.row, cell.col): [ln.text for ln in cell.lines] for cell in page.tables[0].cells}
    assert cells[(0, 0)] == ["ＤＸ推進員の育成"] and cells[(0, 1)] == []
    assert cells[(2, 0)] == ["比率（％）"] and cells[(2, 1)] == ["83.3"]  # the run ends at the space
