"""A numbered opinion sheet goes on past 999: 1000 is the label after 999, in the sheet's own family."""

from __future__ import annotations

import pytest

from pipeline.parse import parse_bytes
from pipeline.segment.labels import label_after, split_label

SHEET = """意見・提案シート

997 一つ目の意見です。
998 二つ目の意見です。
（提出：山田委員）
999 三つ目の意見です。
（提出：佐藤委員）
1000 四つ目の意見です。
1002 番目の段落は前の意見の続きです。
1001 五つ目の意見です。
（提出：田中委員）
"""


def test_a_sheet_counted_past_999_keeps_its_opinions() -> None:
    doc = parse_bytes(SHEET.encode(), "sheet.txt")
    got = [(o.number, o.label, o.text, o.submitter) for o in doc.opinions]
    assert got == [
        (997, "997", "一つ目の意見です。", "山田委員"),
        (998, "998", "二つ目の意見です。", "山田委員"),
        (999, "999", "三つ目の意見です。", "佐藤委員"),
        # 1000 follows a submitter line: before, no label was read, and the opinion ended in texts.
        (1000, "1000", "四つ目の意見です。1002 番目の段落は前の意見の続きです。", "田中委員"),  # 1002 is not next
        (1001, "1001", "五つ目の意見です。", "田中委員"),
    ]
    assert [t.text for t in doc.texts] == ["意見・提案シート"]


@pytest.mark.parametrize(("line", "style", "after", "printed", "rest"), [
    ("1000 四つ目の意見", "arabic", 999, "1000", "四つ目の意見"),
    ("(1000) 意見", "paren", 999, "(1000)", "意見"),
    ("1000. 意見", "arabic_dot", 999, "1000.", "意見"),
    ("12345 意見", "arabic", 12344, "12345", "意見"),
])
def test_label_after_reads_the_next_number_with_any_digits(line: str, style: str, after: int, printed: str, rest: str) -> None:
    assert split_label(line) is None  # split_label reads at most 3 digits: amounts and years stay text
    found = label_after(line, style, after)
    assert found is not None
    assert (found.label.printed, found.label.number, found.label.style, found.rest) == (printed, after + 1, style, rest)


@pytest.mark.parametrize(("line", "style", "after"), [
    ("1000 千円", "arabic", 998),  # not the next number
    ("1000 千円", "arabic", 1000),
    ("1000 意見", "paren", 999),  # another family
    ("1000 年に一度の大雨", "arabic", 999),  # a date unit after the number: the family's own exclusions still apply
    ("1000", "arabic", 999),  # nothing after the number
    ("ア 意見", "katakana", 999),  # a family that is not a plain number
])
def test_label_after_reads_nothing_else(line: str, style: str, after: int) -> None:
    assert label_after(line, style, after) is None
