"""Stream text (pdfminer's ``extract_text``): plan grids read without their grid.

Hand-written texts in the shape pdfminer prints a 体系 table: headings, cells
of one baseline glued on one line, the table's title repeated where its header
cell fell, the 基本理念 column one glyph a line after the cells beside it, and
fake-bold rows printed as identical lines. Names are of no real document.
"""

from __future__ import annotations

from pipeline.parse import parse_bytes


def _parse(lines: list[str]):  # type: ignore[no-untyped-def]
    return parse_bytes(("\n".join(lines) + "\n").encode("utf-8"), "plan.txt")


def _plan(doc, which: str):  # type: ignore[no-untyped-def]
    return next(p for s in doc.plans for p in s.plans if p.which == which)


def _tree(plan) -> list[tuple[str, list[tuple[str, list[str]]]]]:  # type: ignore[no-untyped-def]
    return [(g.title, [(p.title, [m.title for m in p.children]) for p in g.children]) for g in plan.goals]


_VERTICAL = list("みんなで歩むまち")

_NEXT = [
    "次期 山川町交通計画の体系(案)", "", "基本理念", "", "基本目標", "", "基本施策", "", "施策", "",
    "1 安全な道づくり【新規】", "",
    "(1)歩道の整備【拡充】 ①通学路の点検", "②段差の解消", "",
    "(2)交通安全の啓発【継承】①講習会の開催", "",
    "次期 山川町交通計画の体系(案)", "",
    "2 便利な移動【継承】", "",
    "(1)バス路線の見直し【新規】", "",
    "ア　停留所の改善", "ア　停留所の改善", "ア　停留所の改善", "",
    "イ　運行情報の発信【新規】", "イ　運行情報の発信【新規】", "イ　運行情報の発信【新規】", "",
    *_VERTICAL, "",
]


def test_a_grid_of_plain_numbered_goals_is_read_as_a_plan() -> None:
    plan = _plan(_parse(_NEXT), "next")
    assert plan.philosophy == "みんなで歩むまち"
    assert _tree(plan) == [
        ("安全な道づくり", [("歩道の整備", ["通学路の点検", "段差の解消"]), ("交通安全の啓発", ["講習会の開催"])]),
        ("便利な移動", [("バス路線の見直し", ["停留所の改善", "運行情報の発信"])]),
    ]
    assert [g.tag for g in plan.goals] == ["新規", "継承"]


def test_named_plan_philosophy_printed_after_context_cells() -> None:
    lines = [
        "山川町交通計画の体系・骨子の検討", "", "現 山川町交通計画", "", "基本", "理念", "", "計画の体系", "",
        "基本目標1", "安全な道づくり", "<基本施策>", "(1)歩道の整備", "", "【国の方針】", "", "道路の整備に関する法律(令和3年5月)", "",
        *list("人がつながるまち"), "",
        *_NEXT,
    ]
    doc = _parse(lines)
    assert _plan(doc, "current").philosophy == "人がつながるまち"
    assert _plan(doc, "next").philosophy == "みんなで歩むまち"


_COLUMNS = [
    "次期 山川町交通計画の体系(案)", "", "基本理念", "", "基本目標", "", "基本施策", "", "施策", "",
    "1 安全な道づくり【新規】", "⑴歩道の整備【拡充】", "⑵交通安全の啓発【継承】",
    "2 便利な移動【継承】", "⑴バス路線の見直し【新規】", "",
    *_VERTICAL, "",
    "①通学路の点検", "②段差の解消", "①講習会の開催", "※自転車の安全【一部組替え】", "①停留所の改善", "②運行情報の発信", "③乗継ぎの案内", "",
]


def test_measures_printed_as_a_column_go_back_under_their_policies() -> None:
    plan = _plan(_parse(_COLUMNS), "next")
    assert plan.philosophy == "みんなで歩むまち"
    assert _tree(plan) == [
        ("安全な道づくり", [("歩道の整備", ["通学路の点検", "段差の解消"]), ("交通安全の啓発", ["講習会の開催"])]),
        ("便利な移動", [("バス路線の見直し", ["停留所の改善", "運行情報の発信", "乗継ぎの案内"])]),
    ]
    note = plan.goals[0].children[1].notes[0]
    assert (note.text, note.tag, note.after_child) == ("自転車の安全", "一部組替え", 1)


def test_measure_groups_that_do_not_match_the_policies_keep_their_printed_order() -> None:
    # Three policies without measures, two groups: which policy has none is not in the text.
    lines = [*_COLUMNS[:15], "⑵時刻表の改善【新規】", *_COLUMNS[15:]]
    lines = [ln for ln in lines if ln not in ("①講習会の開催", "※自転車の安全【一部組替え】")]
    plan = _plan(_parse(lines), "next")
    measured = [p.title for g in plan.goals for p in g.children if p.children]
    assert measured == ["時刻表の改善"]  # all measures under the last policy, as printed


def test_a_fake_bold_row_printed_interleaved_is_one_row() -> None:
    lines = [
        *_NEXT[:10],
        "1 安全な道づくり【新規】", "",
        "⑴歩道の整備【拡充】 ①通学路の点検", "①通学路の点検", "⑴歩道の整備【拡充】", "⑴歩道の整備【拡充】", "①通学路の点検", "",
        "⑵交通安全の啓発【継承】", "", "①講習会の開催", "",
        *_VERTICAL, "",
    ]
    doc = _parse(lines)
    plan = _plan(doc, "next")
    assert _tree(plan) == [("安全な道づくり", [("歩道の整備", ["通学路の点検"]), ("交通安全の啓発", ["講習会の開催"])])]
    # Every merge is quoted like any repair: the copies as printed, what was kept, how many.
    # (The clean stage collapses the two adjacent equal lines first; the plan reader the rest.)
    assert [(r.kind, r.before, r.after, r.count) for r in doc.repairs] == [
        ("duplicated_run", "⑴歩道の整備【拡充】\n⑴歩道の整備【拡充】", "⑴歩道の整備【拡充】", 2),
        ("duplicated_run", "⑴歩道の整備【拡充】 ①通学路の点検\n⑴歩道の整備【拡充】", "⑴歩道の整備【拡充】", 2),
        ("duplicated_run", "⑴歩道の整備【拡充】 ①通学路の点検\n①通学路の点検\n①通学路の点検", "①通学路の点検", 3),
    ]


def test_an_item_repeated_under_another_parent_is_no_copy() -> None:
    lines = [
        *_NEXT[:10],
        "1 安全な道づくり【新規】", "⑴歩道の整備【拡充】", "①通学路の点検",
        "2 便利な移動【継承】", "⑴歩道の整備【拡充】", "①通学路の点検", "",
        *_VERTICAL, "",
    ]
    doc = _parse(lines)
    plan = _plan(doc, "next")
    assert _tree(plan) == [
        ("安全な道づくり", [("歩道の整備", ["通学路の点検"])]),
        ("便利な移動", [("歩道の整備", ["通学路の点検"])]),
    ]
    assert doc.repairs == []  # nothing was merged, so nothing is recorded


def test_current_plan_numbered_plainly_after_the_next_plan() -> None:
    lines = [
        *_NEXT[:10],
        "1 安全な道づくり【新規】", "⑴歩道の整備【拡充】", "①通学路の点検", "",
        "山川町交通計画の体系・骨子の検討", "現 山川町交通計画", "基本", "理念", "基本目標", "",
        "１　安全な道づくり", "＜施策の方向＞", "（１）歩道の点検", "",
        "【国の方針】", "道路の整備に関する法律(令和3年5月)", "・通学路の安全を確かめてほしい。", "",
        "２　便利な移動", "＜施策の方向＞", "（１）バス路線の維持", "（２）乗継ぎの改善", "",
        *list("人がつながるまち"), "",
        "2 便利な移動【継承】", "⑴バス路線の見直し【新規】", "①停留所の改善", "",
        *_VERTICAL, "",
    ]
    doc = _parse(lines)
    current = _plan(doc, "current")
    assert _tree(current) == [("安全な道づくり", [("歩道の点検", [])]), ("便利な移動", [("バス路線の維持", []), ("乗継ぎの改善", [])])]
    assert current.philosophy == "人がつながるまち"
    assert _tree(_plan(doc, "next")) == [
        ("安全な道づくり", [("歩道の整備", ["通学路の点検"])]),
        ("便利な移動", [("バス路線の見直し", ["停留所の改善"])]),
    ]



def test_one_measure_repeated_in_neighbouring_column_groups_is_no_copy() -> None:
    """Measures printed as one column after their policies: 「①計画の推進」 opens both groups.
    One item repeating alone is no fake-bold row (a row's copies repeat its cells together),
    so the reader keeps both (text input's clean stage has its own, separate rule for
    identical adjacent lines; this reads the lines as given)."""
    from pipeline.layout import Line
    from pipeline.segment.plan.linear import segment_plan_linear

    texts = ["基本理念", "基本目標", "基本施策", "基本目標1 安全な道づくり", "(1)歩道の整備", "(2)交通安全の啓発",
             "①計画の推進", "①計画の推進", "②点検"]
    result = segment_plan_linear([Line(t, 1) for t in texts])
    assert [_tree(p) for p in result.structure.plans] == [
        [("安全な道づくり", [("歩道の整備", ["計画の推進"]), ("交通安全の啓発", ["計画の推進", "点検"])])],
    ]
    assert result.repairs == []
