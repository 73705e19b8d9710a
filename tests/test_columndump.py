"""Stream text (pdfminer's ``extract_text``): a material table printed column by column.

Every text below is written by hand in the shape pdfminer gives (one cell a
line, a blank line after each), with names of no real document.
"""

from __future__ import annotations

from pipeline.layout import Line
from pipeline.parse import parse_bytes
from pipeline.segment.columndump import parse_column_dump


def _stream(*pages: list[str]) -> bytes:
    return "\f".join("\n\n".join(lines) + "\n\n" for lines in pages).encode("utf-8")


def _rows(doc) -> list[tuple[str | None, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    flat = [m for top in doc.materials for m in (top, *top.children)]
    return [(m.label, m.title, m.note, m.meeting) for m in flat]


def _all_text(doc) -> str:  # type: ignore[no-untyped-def]
    return "".join(t.text for t in doc.texts)


def test_number_column_then_titles_then_notes_with_one_meeting() -> None:
    doc = parse_bytes(
        _stream(
            ["山川町交通会議", "配 布 資 料 一 覧", "資料", "No.", "1", "2", "3", "第2回", "(7月3日)",
             "資料名", "備考", "会議の進め方", "委員名簿", "前回会議録(案)", "事前配布", "当日配布", "当日配布"]
        ),
        "list.txt",
    )
    assert _rows(doc) == [
        ("1", "会議の進め方", "事前配布", "第2回(7月3日)"),
        ("2", "委員名簿", "当日配布", "第2回(7月3日)"),
        ("3", "前回会議録(案)", "当日配布", "第2回(7月3日)"),
    ]
    assert [s.kind for s in doc.sections] == ["materials"]  # 委員名簿 / 前回会議録 did not cut the table


def test_rows_paired_one_by_one_with_whole_rows_and_a_corner_free_label_column() -> None:
    doc = parse_bytes(
        _stream(
            ["配付資料一覧", "資料名", "資料", "No.", "資料1", "用語集", "資料2", "座席表",
             "資料3-1 計画の素案", "参考資料1 年次報告", "備考", "机上配布", "当日配布", "事前配布", "事前配布"]
        ),
        "list.txt",
    )
    assert _rows(doc) == [
        ("資料1", "用語集", "机上配布", None),
        ("資料2", "座席表", "当日配布", None),
        ("資料3-1", "計画の素案", "事前配布", None),
        ("参考資料1", "年次報告", "事前配布", None),
    ]
    assert doc.sections[0].label is None  # several 資料N lines are a column, not a corner label


def test_two_meetings_cut_where_numbering_restarts_and_notes_only_for_the_later_one() -> None:
    doc = parse_bytes(
        _stream(
            ["資料一覧", "資料名", "備考", "第3回", "(2月9日)", "第4回", "(4月9日)", "資料", "No.",
             "1", "1", "2", "委員名簿", "計画の骨子", "意見シート", "当日配布", "机上配布"]
        ),
        "list.txt",
    )
    assert _rows(doc) == [
        ("1", "委員名簿", None, "第3回(2月9日)"),
        ("1", "計画の骨子", "当日配布", "第4回(4月9日)"),
        ("2", "意見シート", "机上配布", "第4回(4月9日)"),
    ]


def test_a_title_too_many_pairs_nothing_and_keeps_every_line() -> None:
    # Three labels, four title lines (one title wrapped): which two lines form
    # one title is not in the text, so no row is read from the dump.
    lines = [Line(t, 1) for t in ["資料", "No.", "1", "2", "3", "資料名", "会議の", "進め方", "委員名簿", "用語集"]]
    assert parse_column_dump(lines) == ([], frozenset())
    doc = parse_bytes(_stream(["配布資料一覧", *(ln.text for ln in lines)]), "list.txt")
    assert not any(m.title == "進め方" for m in doc.materials)
    kept = _all_text(doc) + "".join(m.title for m in doc.materials)
    for word in ("会議の", "進め方", "委員名簿", "用語集"):
        assert word in kept


def test_notes_that_fit_no_group_pair_nothing() -> None:
    lines = [Line(t, 1) for t in ["資料", "No.", "1", "2", "3", "資料名", "甲", "乙", "丙", "備考", "当日配布", "当日配布"]]
    assert parse_column_dump(lines) == ([], frozenset())


def test_a_single_label_still_marks_the_page() -> None:
    doc = parse_bytes(
        _stream(["委員意見", "資料2", "1 駅前の案内を分かりやすくしてほしい。", "(提出:甲委員)"]), "sheet.txt"
    )
    assert doc.sections[0].label == "資料2"


def test_a_last_number_continuing_the_column_is_no_page_number() -> None:
    doc = parse_bytes(
        _stream(["配布資料一覧", "資料名", "備考", "甲", "乙", "丙", "資料", "No.", "1", "2", "3"]), "list.txt"
    )
    assert [(m.number, m.title) for m in doc.materials] == [("1", "甲"), ("2", "乙"), ("3", "丙")]


# ---------------------------------------------------------------- blocks of stream text


def test_a_field_answered_on_its_own_line_does_not_cut_the_agenda() -> None:
    doc = parse_bytes(
        _stream(
            ["第2回山川町交通会議 次第", "1 日時 令和6年5月8日(水)", "14時00分から15時30分まで", "2 場所 町役場 会議室",
             "3 議題", "(1) 計画の骨子について", "4 出席者", "別紙名簿のとおり", "5 配付資料",
             "資料1 計画の骨子(当日配布)", "資料2 意見シート(当日配布)"]
        ),
        "agenda.txt",
    )
    assert [s.kind for s in doc.sections] == ["agenda"]
    assert doc.meeting.start_time == "14:00"
    assert [(m.label, m.title, m.note) for m in doc.materials] == [
        ("資料1", "計画の骨子", "当日配布"),
        ("資料2", "意見シート", "当日配布"),
    ]


def test_list_title_printed_after_its_rows_and_an_opinion_sheet_below() -> None:
    doc = parse_bytes(
        _stream(
            ["資料1 会議の進め方", "資料2 用語集", "配布資料一覧", "委員意見",
             "1 駅前の案内を分かりやすくしてほしい。", "2 数値目標を毎年度報告してほしい。", "(提出:甲委員)"]
        ),
        "page.txt",
    )
    assert [(m.label, m.title) for m in doc.materials] == [("資料1", "会議の進め方"), ("資料2", "用語集")]
    assert [o.text for o in doc.opinions] == ["駅前の案内を分かりやすくしてほしい。", "数値目標を毎年度報告してほしい。"]
    assert [s.kind for s in doc.sections] == ["materials", "opinions"]
