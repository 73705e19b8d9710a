"""Numbering labels keep their printed form and gain an integer."""

import pytest

from pipeline.segment.labels import has_label, kanji_number, split_label


@pytest.mark.parametrize(
    ("line", "printed", "number", "style", "rest"),
    [
        ("1 開会", "1", 1, "arabic", "開会"),
        ("1. 開会", "1.", 1, "arabic_dot", "開会"),
        ("12、議事", "12、", 12, "arabic_dot", "議事"),
        ("1 日時 令和元年7月26日", "1", 1, "arabic", "日時 令和元年7月26日"),
        ("(3)再犯防止の支援", "(3)", 3, "paren", "再犯防止の支援"),
        ("⑵ 次回日程について", "⑵", 2, "paren_circled", "次回日程について"),
        ("④孤独・孤立への対策", "④", 4, "circled", "孤独・孤立への対策"),
        ("ウ 報告事項", "ウ", 3, "katakana", "報告事項"),
        ("(イ) その他", "(イ)", 2, "paren_katakana", "その他"),
        ("三 地域における事項", "三", 3, "kanji", "地域における事項"),
        ("・若年者の分科会", "・", None, "bullet", "若年者の分科会"),
    ],
)
def test_labels(line: str, printed: str, number: int | None, style: str, rest: str) -> None:
    labelled = split_label(line)
    assert labelled is not None
    assert has_label(line) and has_label(f" {line} ")  # the same answer, without the Label
    assert (labelled.label.printed, labelled.label.number, labelled.label.style, labelled.rest) == (printed, number, style, rest)


@pytest.mark.parametrize("line", ["2020年の計画", "7 月 28 日", "28 日)", "3 時から", "14:00から", "1-1 資料", "第 107 条", "アウトリーチ", "一体的に"])
def test_not_labels(line: str) -> None:
    assert split_label(line) is None
    assert not has_label(line)


def test_kanji_numbers() -> None:
    assert [kanji_number(t) for t in ["一", "十", "十二", "二十三", "百五", "二〇二三", "12"]] == [1, 10, 12, 23, 105, 2023, 12]
    assert kanji_number("地域") is None
