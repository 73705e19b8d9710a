"""Text no segmenter claimed keeps its paragraphs, not its line wraps."""

from __future__ import annotations

from pipeline.layout import CellRef, Line, Rect
from pipeline.segment.flow import flow_text


def line(text: str, x0: float, x1: float, top: float, gap: bool = False, cell: CellRef | None = None) -> Line:
    return Line(text=text, page=1, bbox=Rect(x0, top, x1, top + 10), size=10.0, break_before=gap, cell=cell)


def test_wrapped_lines_join_and_paragraphs_stay_apart() -> None:
    lines = [
        line("第5次総合計画基本構想を別紙のとおり策定することについて、地方自治", 97, 534, 138),
        line("法第96条第2項の規定による議会の議決すべき事件を定める条例(平成27年南", 85, 534, 161, gap=True),
        line("国市条例第32号)の規定に基づき、議会の議決を求める。", 85, 412, 184, gap=True),
        line("令和7年12月5日提出", 109, 241, 229, gap=True),
    ]
    assert flow_text(lines) == (
        "第5次総合計画基本構想を別紙のとおり策定することについて、地方自治法第96条第2項の規定による議会の"
        "議決すべき事件を定める条例(平成27年南国市条例第32号)の規定に基づき、議会の議決を求める。\n令和7年12月5日提出"
    )


def test_each_column_has_its_own_edge() -> None:
    page = [
        line("左の段の一行目は段の右端まで", 40, 300, 100), line("続く", 40, 80, 112),
        line("右の段の本文は右端までずっと長く続いている", 320, 780, 100), line("右の段の二行目", 320, 500, 112),
    ]
    assert flow_text(page[:2], page) == "左の段の一行目は段の右端まで続く"


def test_a_numbered_item_and_the_next_table_cell_start_anew() -> None:
    lines = [line("全幅に届く長い一行目の本文がここにあります", 40, 500, 100), line("(1)次の項目", 40, 200, 112)]
    assert flow_text(lines) == "全幅に届く長い一行目の本文がここにあります\n(1)次の項目"
    a, b = CellRef(0, 0, 0), CellRef(0, 0, 1)
    cells = [line("セルの中で右端まで届く", 40, 200, 100, cell=a), line("隣のセル", 210, 260, 112, cell=b)]
    assert flow_text(cells) == "セルの中で右端まで届く\n隣のセル"


def test_text_input_without_geometry_uses_widths() -> None:
    full = "スポーツ推進計画の策定について、市民の意見を広く聴くため、次のとおり会議を開"
    lines = [Line(text=full, page=1), Line(text="催する。", page=1), Line(text="以上", page=1, break_before=True)]
    page = [Line(text=full[::-1], page=1), *lines]  # the page's other lines say how wide a full line is
    assert flow_text(lines, page) == full + "催する。\n以上"


def _sized(text: str, x1: float, top: float, size: float, gap: bool = True) -> Line:
    return Line(text=text, page=1, bbox=Rect(40, top, x1, top + size), size=size, break_before=gap)


def test_a_larger_type_keeps_its_leading_on_a_page_of_tight_labels() -> None:
    """Labels set solid make the page's pitch 12 pt; a 12.5 pt paragraph with 20 pt leading
    (7.5 pt between its lines, no room for a line) is one paragraph, while the same lines
    with a line's height between them, or in another type size, stay apart."""
    labels = [_sized(f"図の見出し{i}", 100, 300 + 12 * i, 9.0, gap=False) for i in range(8)]
    first = _sized("国が目標とする社会の実現に向けて、市民サービスの向上と行政事務の効率化を", 500, 100, 12.5)
    wrapped = _sized("進めるために必要な取組をまとめる。", 300, 120, 12.5)
    apart = _sized("進めるために必要な取組をまとめる。", 300, 126, 12.5)
    smaller = _sized("進めるために必要な取組をまとめる。", 300, 120, 9.0)
    page = [first, wrapped, *labels]
    assert flow_text([first, wrapped], page).count("\n") == 0
    assert flow_text([first, apart], [first, apart, *labels]).count("\n") == 1
    assert flow_text([first, smaller], [first, smaller, *labels]).count("\n") == 1
