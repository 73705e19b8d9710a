"""One-column plan hierarchies: sub-headings and numbering families decide the level.

The grid form (goals and ＜施策の方向＞ policies in one 基本目標 column) is drawn
by the generator's one-column-plan variant (tests/test_generated.py); here the
linear form, read from text.
"""

from __future__ import annotations

from pipeline.parse import parse_bytes

PLAN = """計画の体系(案)
基本理念 基本目標 基本施策
現行計画
基本目標1 地域で支え合うまち
＜施策の方向＞
(1) 見守り活動の推進
(2) 居場所づくりの推進
＜主な施策＞
(1) 見守り協定の締結
(2) 見守り訪問の拡充
基本目標2 安心して暮らせるまち
＜施策の方向＞
(1) 相談支援の充実
"""


def _tree(text: str) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    doc = parse_bytes(text.encode(), "plan.txt")
    (structure,) = doc.plans
    (plan,) = structure.plans
    return [(g.title, [(p.title, [m.title for m in p.children]) for p in g.children]) for g in plan.goals]


def test_sub_headings_name_the_level_even_in_one_numbering_family() -> None:
    """(1) under ＜施策の方向＞ is a policy; (1) under ＜主な施策＞ is a measure of the policy before it."""
    assert _tree(PLAN) == [
        ("地域で支え合うまち", [("見守り活動の推進", []), ("居場所づくりの推進", ["見守り協定の締結", "見守り訪問の拡充"])]),
        ("安心して暮らせるまち", [("相談支援の充実", [])]),
    ]


def test_without_sub_headings_each_numbering_family_is_one_level_deeper() -> None:
    text = PLAN.replace("＜施策の方向＞\n", "").replace("＜主な施策＞\n(1) 見守り協定の締結\n(2) 見守り訪問の拡充\n", "① 見守り協定の締結\n")
    assert _tree(text) == [
        ("地域で支え合うまち", [("見守り活動の推進", []), ("居場所づくりの推進", ["見守り協定の締結"])]),
        ("安心して暮らせるまち", [("相談支援の充実", [])]),
    ]
