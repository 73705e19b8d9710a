"""normalize_text (the rule table), letter-spacing collapse, and clean_layout as a whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean import clean_layout, clean_text
from pipeline.clean.normalize import _full, normalize_text
from pipeline.clean.spacing import collapse_letter_spacing
from pipeline.layout import Cell, CellRef, Layout, Line, Page, Rect, RepairRecord, Table

SAMPLE = Path("/work/shared/corpus/text/koganei-welfare-2023-02.txt")


# ------------------------------------------------------------ normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("令和５年７月２８日（金）", "令和5年7月28日(金)"),
        ("ＡＢＣ ａｂｃ ０１２", "ABC abc 012"),
        ("：％，．／！？＆＋－＝＠＃", ":%,./!?&+-=@#"),
        ("＂引用＂と＇ａ＇と｀", "\"引用\"と'a'と`"),
        ("￠￡￢￤￣￥", "¢£¬¦¯¥"),
        ("４月〜６月", "4月~6月"),
        ("４月～６月", "4月~6月"),  # the same text decoded from CP932
        ("−５", "-5"),
        ("資料\u3000１", "資料 1"),
        ("ｶﾞｲﾄﾞﾗｲﾝ", "ガイドライン"),
        ("ﾃﾞｰﾀ｢ｱ｣､ｲ｡･", "データ「ア」、イ。・"),
        ("「」、。・ー", "「」、。・ー"),
        ("①⑴㈠⑵②", "①⑴㈠⑵②"),
        ("“引用”と‘語’", "“引用”と‘語’"),
        ("漢字とかなとカナ", "漢字とかなとカナ"),
        ("か\u3099", "が"),  # NFC
        ("\u2f00", "\u2f00"),  # a Kangxi radical is not a compatibility ideograph for NFC
        ("\uf91d", "\u6b04"),  # CJK compatibility ideograph → unified
        ("a\tb", "a b"),
        ("a\x00b\x07c\x1bd", "abcd"),
        ("a\u200bb\ufeffc\u00add", "abcd"),
        ("  前  後  ", "前 後"),
        ("\u3000\u3000見出し\u3000\u3000", "見出し"),
        ("a \u3000\t b", "a b"),
        ("行1 \n  行2", "行1\n行2"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize_table(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


_MIXED = st.text(
    st.one_of(
        st.characters(),  # anything, controls and combining marks included
        st.sampled_from(
            list("ＡＺａｚ０９（）：％\u3000\t \n\u200bｶﾞﾟｰ･｢“”‘’〜－－①⑴か\u3099\u0301")
        ),
    ),
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(_MIXED)
def test_normalize_is_idempotent(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(st.sampled_from(list("    aZ09,.-()cid:~\t")), max_size=40),
                 st.text(st.characters(max_codepoint=127), max_size=40), _MIXED))
def test_ascii_shortcut_is_the_full_normalization(s: str) -> None:
    """Printable ASCII skips the steps that act on other characters: the same answer as all of them."""
    assert normalize_text(s) == _full(s)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_normalize_output_shape(s: str) -> None:
    out = normalize_text(s)
    assert "\t" not in out and "\u3000" not in out and "  " not in out
    assert out == out.strip(" ")
    assert not any(0xFF01 <= ord(c) <= 0xFF5E for c in out)  # no full-width ASCII left
    assert not any(0xFF66 <= ord(c) <= 0xFF9D for c in out)  # no half-width katakana left


# ------------------------------------------------------------ letter spacing


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("開  会", "開会"),
        ("閉  会", "閉会"),
        ("日 時", "日時"),
        ("議  事", "議事"),
        ("配 布 資 料 一 覧", "配布資料一覧"),
        ("資 料 １", "資料１"),
        ("資 料 2", "資料2"),
        ("開\u3000会", "開会"),
        ("配\u3000布\u3000資\u3000料", "配布資料"),
        ("日 時  令和５年７月２８日（金）", "日時 令和５年７月２８日（金）"),
        ("場 所  市役所第二庁舎８階 ８０１会議室", "場所 市役所第二庁舎８階 ８０１会議室"),
        ("１ 開  会", "１ 開会"),
        ("(2) 議    題", "(2) 議題"),
        ("  報  告  ", "  報告  "),  # the line's own ends are normalize_text's business
        ("日 時  金 曜", "日時 金曜"),  # a gap of another width ends the run
        ("委員 名 簿", "委員 名簿"),
        ("あ い う え お", "あいうえお"),
        ("ア イ ウ", "アイウ"),
        ("人 々", "人々"),
    ],
)
def test_letter_spacing_collapses(raw: str, expected: str) -> None:
    assert collapse_letter_spacing(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "第 107 条 （抜粋）",
        "第 1 条",  # a number may only end a run of two or more letters
        "① 誰もが、所属や世代",
        "⑴ 市の福祉に関する現状",
        "A B C",
        "Ａ Ｂ Ｃ",
        "1 2 3",
        "資料名 備考",
        "国・市の方針 都の方向性",
        "一 地域における高齢者の福祉",
        "現 小金井市地域福祉計画",
        "令和 6 年度",
        "開会",
        "",
        "会",
    ],
)
def test_letter_spacing_leaves_words_alone(raw: str) -> None:
    assert collapse_letter_spacing(raw) == raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("日 時  令和５年７月２８日（金）", "日時 令和5年7月28日(金)"),
        ("場 所  市役所第二庁舎８階 ８０１会議室", "場所 市役所第二庁舎8階 801会議室"),
        ("１ 開  会 ", "1 開会"),
        ("資 料 １ ", "資料1"),
        ("②参加支援②参加支援②参加支援②参加支援    ", "②参加支援"),
        (
            "（（（（３３３３ ）再犯防止の）再犯防止の）再犯防止の）再犯防止の支援支援支援支援    ",
            "(3)再犯防止の支援",
        ),
    ],
)
def test_clean_text_chain(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


# ------------------------------------------------------------ clean_layout


def _layout(kind: str = "text") -> Layout:
    box = Rect(0, 0, 10, 10)
    title = Line("配 布 資 料 一 覧", 1, bbox=box, size=12.0, break_before=True)
    bold = Line("【★新規】【★新規】【★新規】【★新規】    ", 1, bbox=box)
    blank = Line(" \u3000 ", 1, break_before=True)
    c1 = Line("資料名", 1, bbox=box, cell=CellRef(0, 0, 0))
    c2 = Line("ｶﾞｲﾄﾞ（案）", 1, bbox=box, cell=CellRef(0, 0, 1), direction="vertical")
    c3 = Line("\u3000", 1, cell=CellRef(0, 1, 0))
    table = Table(
        box,
        2,
        2,
        [
            Cell(0, 0, box, lines=[c1]),
            Cell(0, 1, box, lines=[c2]),
            Cell(1, 0, box, colspan=2, lines=[c3]),
        ],
    )
    page = Page(1, 595.0, 842.0, [title, bold, blank, c1, c2, c3], [table], chars_found=40)
    old = RepairRecord(1, "overprint", "xx", "x", 1)
    return Layout(kind, [page, Page(2, has_text_layer=False)], repairs=[old], encoding=None)  # type: ignore[arg-type]


def test_clean_layout_cleans_records_and_keeps_fields() -> None:
    layout = _layout()
    out = clean_layout(layout)
    page = out.pages[0]
    assert [ln.text for ln in page.lines] == ["配布資料一覧", "【★新規】", "資料名", "ガイド(案)"]
    assert out.repairs == [
        RepairRecord(1, "overprint", "xx", "x", 1),
        RepairRecord(
            1, "duplicated_run", "【★新規】【★新規】【★新規】【★新規】    ", "【★新規】", 4
        ),
    ]
    title = page.lines[0]
    assert (title.bbox, title.size, title.break_before) == (Rect(0, 0, 10, 10), 12.0, True)
    assert page.lines[3].direction == "vertical" and page.lines[3].cell == CellRef(0, 0, 1)
    assert page.lines[2].break_before  # the dropped blank line's break moves on
    assert (page.number, page.width, page.height, page.chars_found) == (1, 595.0, 842.0, 40)
    assert out.pages[1].has_text_layer is False and out.kind == "text"


def test_pdf_lines_get_no_text_level_repair() -> None:
    """PDF copies are removed from glyph geometry; a repeat left in a PDF's text is real."""
    out = clean_layout(_layout("pdf"))
    assert out.pages[0].lines[1].text == "【★新規】【★新規】【★新規】【★新規】"
    assert [r.kind for r in out.repairs] == ["overprint"]


def test_copies_spread_over_lines_are_collapsed_in_stream_text() -> None:
    from pipeline.extract.text import extract_text

    raw = "\n".join(
        [
            "（１）重層的支援体制の整",
            "（１）重層的支援体制の整",
            "（１）重層的支援体制の整",
            "（１）重層的支援体制の整",
            "備備備備【【【【★★★★新規】新規】新規】新規】",
            "①包括的相談支援体制の",
            "①包括的相談支援体制の構築構築構築構築    ",
            "①包括的相談支援体制の",
            "①包括的相談支援体制の",
            "②参加支援",
            "②参加支援    ",
            "②参加支援",
            "②参加支援",
            "③③③③地域づくりの促進",
            "地域づくりの促進    ",
            "地域づくりの促進",
            "地域づくりの促進",
            "（（（（３３３３）再犯防止の",
            "）再犯防止の支援支援支援支援    ",
            "）再犯防止の",
            "）再犯防止の",
            "",
            "事前配布",
            "事前配布",
            "事前配布",
            "事前配布",
        ]
    )
    out = clean_layout(extract_text(raw.encode()))
    assert [ln.text for ln in out.pages[0].lines] == [
        "(1)重層的支援体制の整",
        "備【★新規】",
        "①包括的相談支援体制の構築",
        "②参加支援",
        "③地域づくりの促進",
        "(3)再犯防止の支援",
        # Four identical lines with no proven neighbour: a column repeating a value.
        "事前配布",
        "事前配布",
        "事前配布",
        "事前配布",
    ]
    assert {r.count for r in out.repairs} == {4}


def test_clean_layout_tables_share_the_page_lines() -> None:
    out = clean_layout(_layout())
    page = out.pages[0]
    cells = page.tables[0].cells
    assert cells[0].lines[0] is page.lines[2]
    assert cells[1].lines[0] is page.lines[3]
    assert cells[2].lines == []  # its only line became empty
    assert (cells[2].colspan, page.tables[0].n_rows) == (2, 2)


def test_clean_layout_does_not_touch_its_input() -> None:
    layout = _layout()
    before = [ln.text for ln in layout.pages[0].lines]
    clean_layout(layout)
    assert [ln.text for ln in layout.pages[0].lines] == before
    assert len(layout.repairs) == 1
    assert layout.pages[0].tables[0].cells[1].lines[0].text == "ｶﾞｲﾄﾞ（案）"


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared corpus not mounted")
def test_clean_layout_on_the_sample() -> None:
    from pipeline.extract.text import extract_text

    out = clean_layout(extract_text(SAMPLE.read_bytes()))
    texts = [ln.text for ln in out.iter_lines()]
    assert "日時 令和5年7月28日(金)" in texts
    assert "1 開会" in texts and "2 議事" in texts and "配布資料一覧" in texts
    assert "(3)再犯防止の支援" in texts and "備【★新規】" in texts
    assert len([r for r in out.repairs if r.kind == "duplicated_run"]) == 8
    assert all(normalize_text(t) == t and t for t in texts)


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("第２回(7 月 28 日)", "第2回(7月28日)"),
        ("(平成 28 年 12 月)", "(平成28年12月)"),
        ("第 5 次基本構想", "第5次基本構想"),
        ("第 107 条 (抜粋)", "第107条 (抜粋)"),
        ("14 時 30 分から", "14時30分から"),
        ("1 日時 令和5年", "1 日時 令和5年"),  # a label before a heading stays apart
        ("庁舎8階 801会議室", "庁舎8階 801会議室"),
    ],
)
def test_number_and_unit_are_joined(raw: str, want: str) -> None:
    assert normalize_text(raw) == want
    assert normalize_text(want) == want


@pytest.mark.parametrize(("raw", "want"), [("1.開 会", "1.開会"), ("(2)議 事", "(2)議事"), ("⑴ 市の 福祉", "⑴ 市の 福祉")])
def test_letter_spacing_after_a_glued_label(raw: str, want: str) -> None:
    assert collapse_letter_spacing(raw) == want


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        # Layout text (pdftotext -layout) glues an agenda number to its letter-spaced heading.
        ("１開 会", "１ 開会"),
        ("２議 事", "２ 議事"),
        ("  ３閉 会", "  ３ 閉会"),
        ("12報 告 事 項", "12 報告事項"),
        # Not a label: a unit after the number, a number inside the line, no spaced run.
        ("3月 日", "3月 日"),
        ("５人 目 の 委員", "５人 目の 委員"),
        ("議題 １開 会", "議題 １開 会"),
        ("１開会", "１開会"),
    ],
)
def test_letter_spaced_heading_glued_to_a_number(raw: str, want: str) -> None:
    assert collapse_letter_spacing(raw) == want


def test_glued_numbered_headings_read_as_agenda_items() -> None:
    from pipeline.segment.labels import split_label

    for raw, number, title in (("１開 会", 1, "開会"), ("２議 事", 2, "議事"), ("３閉 会", 3, "閉会")):
        labelled = split_label(normalize_text(collapse_letter_spacing(raw)))
        assert labelled is not None and labelled.label.number == number and labelled.rest == title


def test_kanji_numeral_label_is_not_glued_to_a_spaced_heading() -> None:
    assert collapse_letter_spacing("一\u3000開 会") == "一 開会"
    assert collapse_letter_spacing("配 布 資 料 一 覧") == "配布資料一覧"
    assert collapse_letter_spacing("一\u3000開\u3000\u3000会") == "一 開会"


def test_numbered_copies_in_stream_text() -> None:
    """One list never numbers two items alike in a row: identical numbered lines are copies."""
    from pipeline.extract.text import extract_text

    raw = "\n".join(
        [
            "⑷意思疎通支援の基盤づくり【新",
            "⑷意思疎通支援の基盤づくり【新",
            "⑷意思疎通支援の基盤づくり【新",
            "規】規】規】",
            "",
            "⑴意思疎通支援の充実【新規】",
            "⑴意思疎通支援の充実【新規】",
            "",
            "・事前配布",
            "・事前配布",
        ]
    )
    out = clean_layout(extract_text(raw.encode()))
    assert [ln.text for ln in out.pages[0].lines] == [
        "⑷意思疎通支援の基盤づくり【新",
        "規】",
        "⑴意思疎通支援の充実【新規】",
        "・事前配布",
        "・事前配布",
    ]
