"""Layout-text rules of issue 9, each on a small grid built by hand (no pdftotext, no corpus).

The generated suite measures them as a whole (python -m tests.eval_generated);
these pin each rule on its own, so a regression names the rule it broke.
"""

from __future__ import annotations

from pipeline.extract.gridcells import first_number, fragments, numbering_family, one_cell
from pipeline.extract.text import extract_text
from pipeline.extract.textgrid import (
    _assign_columns,
    column_edges,
    cut_at_edges,
    indented_columns,
    merge_copies,
)
from pipeline.layout import Layout
from pipeline.parse import parse_bytes

# A current plan whose goal column holds each goal with its policies (one
# cell per goal in the PDF), beside the next plan's goals and policies.
_ONE_COLUMN_PLAN = "\n".join(
    [
        "                    現 計画                        次期 計画の体系（案）",
        "",
        "基本        基本目標                   基本目標           基本施策",
        "理念",
        "誰    １ 福祉のまちづくり     １ 福祉のまちづ   （１）福祉を支える基盤",
        "も    ＜施策の方向＞          くり【継承】      （２）見守りの充実",
        "が    （１）見守りの推進",
        "安    ２ 支援体制の構築       ２ 支援体制の     （１）相談支援の充実",
        "心    ＜施策の方向＞          構築【新規】      （２）参加支援",
        "し    （１）相談支援の充実",
        "て    （２）参加支援の推進",
    ]
)


def test_numbering_families_of_the_grid() -> None:
    assert numbering_family("１ 福祉のまちづくり") == numbering_family("2 支援") == "digit"
    assert numbering_family("（１）見守り") == numbering_family("(2)参加") == "paren digit"
    assert numbering_family("一 伝統文化") == "kanji"
    assert numbering_family("１-１ 会議録") == "compound"
    assert numbering_family("資料１ 名簿") != numbering_family("参考資料１ 結果")
    assert numbering_family("福祉のまちづくり") is None
    assert [first_number(t) for t in ("１ 福祉", "（１）見守り", "一 文化", "①暮らし", "（２）参加", "１０ 閉会", "２-１ 結果")] == [
        True, True, True, True, False, False, True,
    ]


def test_policies_restarting_under_each_goal_stay_in_the_goal_cell() -> None:
    table = extract_text(_ONE_COLUMN_PLAN.encode()).pages[0].tables[0]
    goal_column = [c for c in table.cells if c.col == 1 and c.row > 0]
    texts = [[ln.text for ln in c.lines] for c in goal_column]
    assert texts[1:] == [
        ["１ 福祉のまちづくり", "＜施策の方向＞", "（１）見守りの推進"],
        ["２ 支援体制の構築", "＜施策の方向＞", "（１）相談支援の充実", "（２）参加支援の推進"],
    ]
    # The next plan's policy column numbers (1) (2) as its own first family: one cell each.
    assert sum(1 for c in table.cells if c.col == table.n_cols - 1 and c.row > 1) == 4


def test_policies_are_read_under_their_goal() -> None:
    doc = parse_bytes(_ONE_COLUMN_PLAN.encode(), "plan.txt")
    goals = [(g.title, [p.title for p in g.children]) for s in doc.plans for plan in s.plans for g in plan.goals]
    assert ("福祉のまちづくり", ["見守りの推進"]) in goals
    assert ("支援体制の構築", ["相談支援の充実", "参加支援の推進"]) in goals
    assert all(title not in {"見守りの推進", "相談支援の充実", "参加支援の推進"} for title, _ in goals)


def test_compound_numbers_are_rows_of_a_material_list() -> None:
    text = "\n".join(
        [
            "                   配布資料一覧",
            "",
            "資料番号    資料名",
            "",
            "資料１     計画の概要",
            "",
            "１-１     前回会議録（案）",
            "",
            "１-２     スケジュール（案）",
            "",
            "資料２     委員名簿",
            "",
            "２-１     調査結果報告書",
            "",
            "参考資料１   用語集",
        ]
    )
    doc = parse_bytes(text.encode(), "list.txt")
    assert [(m.number, m.title, [c.title for c in m.children]) for m in doc.materials] == [
        ("1", "計画の概要", ["前回会議録(案)", "スケジュール(案)"]),
        ("2", "委員名簿", ["調査結果報告書"]),
        ("1", "用語集", []),
    ]


_PROSE = "\n".join(
    [
        "            令和６年度第３回市民福祉委員会            議事録",
        "１   日時   令和６年８月１４日（水）   １０時３０分から１１時４５分まで",
        "２   場所   市民交流センター 2階 多目的室",
        "",
        "○会長     はい、お願いします。",
        "○課長     はい、お願いします。",
        "○会長     アンケートの結果を見ますと、相談窓口を知らないと回答した方が半数近くに上っ",
        "ています、資料に基づきまして、事務局から説明をお願いいたします、アンケートの結果を見ま",
        "すと、相談窓口を知らないと回答した方が半数近くに上っています、事業の実施に当たっては、",
        "当事者の声を丁寧に聞いていくことが大切だと感じております。",
        " 関係機関との連携をどのように進めていくのか、もう少し具体的に示していただきたいと思い",
        "ます、それでは、ただいまから会議を開会いたします、本日は御多忙のところお集まりいただき",
        "まして、誠にありがとうございます。",
        " 財源の確保や職員体制についても、あわせて検討を進めてまいります、関係機関との連携をど",
        "のように進めていくのか、もう少し具体的に示していただきたいと思います、それでは、ただい",
        "まから会議を開会いたします、御指摘の点については、庁内の関係課とも調整のうえ、次回まで",
        "に整理してお示しいたします。",
        "○課長     地域の見守り活動については、担い手の高齢化が大きな課題となっております、関係",
        "機関との連携をどのように進めていくのか、もう少し具体的に示していただきたいと思います。",
    ]
)


def test_a_prose_page_has_no_columns() -> None:
    layout = extract_text(_PROSE.encode())
    assert any(n.code == "layout_text" for n in layout.notices)  # the gaps still read as layout text
    page = layout.pages[0]
    assert page.tables == []
    assert "１   日時   令和６年８月１４日（水）   １０時３０分から１１時４５分まで" in [ln.text for ln in page.lines]
    doc = parse_bytes(_PROSE.encode(), "minutes.txt")
    assert doc.meeting.date == "2024-08-14"


def _merged(lines: list[str]) -> tuple[list[str], int]:
    frags = [f for y, line in enumerate(lines) for f in fragments(line, y, one_cell)]
    layout = Layout(kind="text")
    kept = merge_copies(frags, 1, layout)
    return [f.text for f in kept], sum(1 for r in layout.repairs if r.kind == "duplicated_run")


def test_a_phrase_repeated_in_prose_is_no_fake_bold_copy() -> None:
    # The last line repeats the middle of the fourth at the margin, one cell
    # left of where that part stands there: prose, not a copy.
    lines = [
        " か伺いたい。この点について継続的に留意する必要があると思いました。受動喫煙対策を担う",
        " 人材が不足しており、若い世代が参加しやすい仕組みを考える必要がある。この点について継",
        " 続的に留意する必要があると思いました。生活習慣病予防の取組は地域によって差が大きく、",
        " 身近な場所で相談できる体制が必要だと感じています。市としてはどのようなお考えでしょう",
        " か。数値目標を設定し、毎年度の進捗を委員会に報告していただきたい。この点について継続",
        " 的に留意する必要があると思いました。",
    ]
    texts, repairs = _merged(lines)
    assert repairs == 0
    assert texts[-1] == "的に留意する必要があると思いました。"
    # A paragraph that repeats the end of the line above, indented one cell: prose too.
    sentence = "事業の実施に当たっては、当事者の声を丁寧に聞いていくことが大切だと感じております。"
    texts, repairs = _merged(["す、" + sentence, " " + sentence])
    assert (texts, repairs) == (["す、" + sentence, sentence], 0)
    # A cell's end printed again under itself, one cell off, is still a copy.
    texts, repairs = _merged(["     ①包括的な支援体制の構築", "             体制の構築"])
    assert (texts, repairs) == (["①包括的な支援体制の構築"], 1)


def test_a_squeezed_cell_is_cut_before_the_label_of_the_next_column() -> None:
    # The next column starts at cell 10; pdftotext pushed its label to cell 8,
    # after one space, and the cell's wrapped line follows at the same place.
    # A space as near the edge on a line of its own, with no label after it, stays.
    lines = ["１ 暮らせる配 （１）参画の基盤づ", "偶者暴力の防止 くり【継承】", " 暮らせる配あ ありがとう"]
    frags = [f for y, line in enumerate(lines) for f in fragments(line, y, one_cell)]
    cut = cut_at_edges(frags, [0, 10], one_cell)
    assert [(f.x0, f.text) for f in cut] == [
        (0, "１ 暮らせる配"), (8, "（１）参画の基盤づ"), (0, "偶者暴力の防止"), (8, "くり【継承】"), (1, "暮らせる配あ ありがとう"),
    ]


# Goals numbered 「１    …」 (label set apart) over policies numbered alike, indented.
_INDENTED_PLAN = "\n".join(
    [
        "     現 市計画                                次期 計画の体系（案）",
        "基本        基本目標                   基本目標           基本施策",
        "理念",
        "誰    １    福祉のまちづくり         １ 福祉のまちづ   （１）福祉を支える基盤",
        "も        １ 見守りの推進            くり【継承】      （２）見守りの充実",
        "が        ２ 相談支援の充実",
        "安    ２    支援体制の構築           ２ 支援体制の     （１）相談支援の充実",
        "心        １ 参加支援の推進          構築【新規】      （２）参加支援",
        "し",
        "て",
    ]
)


def test_indented_items_are_an_outline_in_one_column() -> None:
    layout = extract_text(_INDENTED_PLAN.encode())
    table = layout.pages[0].tables[0]
    goal_column = [[ln.text for ln in c.lines] for c in table.cells if c.col == 1 and c.row >= 2]
    # The label column under the plan's spanning title joins its texts, and the
    # indented policies (never on a goal's line) stay in their goal's cell.
    assert goal_column == [
        ["１ 福祉のまちづくり", "１ 見守りの推進", "２ 相談支援の充実"],
        ["２ 支援体制の構築", "１ 参加支援の推進"],
    ]
    doc = parse_bytes(_INDENTED_PLAN.encode(), "plan.txt")
    goals = [(g.title, [p.title for p in g.children]) for s in doc.plans for plan in s.plans for g in plan.goals]
    assert ("福祉のまちづくり", ["見守りの推進", "相談支援の充実"]) in goals
    assert ("支援体制の構築", ["参加支援の推進"]) in goals


def test_columns_side_by_side_are_no_outline() -> None:
    # Two numbered columns a few cells apart that share lines are a table's columns.
    lines = ["１ 福   ２ 見守り", "３ 支   ４ 参加", "５ 相   ６ 充実"]
    frags = [f for y, line in enumerate(lines) for f in fragments(line, y, one_cell)]
    edges = column_edges(frags)
    _assign_columns(frags, edges)
    assert edges == [0, 6]
    assert indented_columns(frags, edges) == set()
    stacked = ["１ 福祉", "    ２ 見守り", "３ 支援", "    ４ 参加"]
    frags = [f for y, line in enumerate(stacked) for f in fragments(line, y, one_cell)]
    edges = column_edges(frags)
    _assign_columns(frags, edges)
    assert indented_columns(frags, edges) == {4}


def test_prose_above_a_table_keeps_the_table_columns() -> None:
    """A bill's paragraphs over its table: running text alone makes a prose page (no columns),
    but two lines of six pieces or more are table rows, and the page keeps its columns."""
    from pipeline.extract.textgrid import prose_page

    prose = ["この計画は、地域の課題を解決するために必要な施策を総合的に推進するためのものです。"] * 6
    rows = ["区分    地区名    事業名    事業費    財源    備考", "道路    北地区    改良    16,498    起債    継続"]
    frags = [f for y, line in enumerate(prose + rows) for f in fragments(line, y, one_cell)]
    assert prose_page([f for f in frags if f.y < len(prose)])
    assert not prose_page(frags)
