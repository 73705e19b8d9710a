"""Real municipal and government PDFs (../shared/corpus/real): no crash, no lost page, nothing lost.

Skipped on a fresh clone without ../shared. The two 議事録 open with a 議事次第
page whose facts are checked one by one (read off the PDFs by hand).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import CORPUS
from tests.retention import Comparison, compare

REAL = CORPUS / "real"
FILES = sorted(REAL.glob("*.pdf")) if REAL.exists() else []


@cache
def parsed(name: str) -> Comparison:
    return compare(REAL / name)


def _require(name: str) -> None:
    if not (REAL / name).exists():
        pytest.skip("../shared/corpus/real not present")


@pytest.mark.pdf
@pytest.mark.skipif(not FILES, reason="../shared/corpus/real not present")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_pdf_parses_keeps_every_page_and_its_text(path: Path) -> None:
    result = parsed(path.name)
    with pdfplumber.open(path) as pdf:
        assert result.doc.source.pages == len(pdf.pages)
    covered = sorted({p for s in result.doc.sections for p in s.pages})
    assert covered == list(range(1, result.pages + 1)), "every page is in a section (one per block run)"
    assert result.kept >= 99.0, result.missing.most_common(10)
    # PDF copies are removed from glyph geometry only: no text-level repair ever
    # touches a PDF (新旧 columns, (cid:n) runs, leaders stay as printed).
    assert [r for r in result.doc.repairs if r.kind == "duplicated_run"] == []


@pytest.mark.pdf
def test_scanned_pages_are_reported() -> None:
    _require("nankoku-report-9-scanned.pdf")
    doc = parsed("nankoku-report-9-scanned.pdf").doc
    assert [w.pages for w in doc.warnings if w.code == "no_text_layer"] == [[1, 2]]


@pytest.mark.pdf
def test_consumer_education_minutes_agenda_page() -> None:
    _require("consumer-edu-council-25-minutes.pdf")
    doc = parsed("consumer-edu-council-25-minutes.pdf").doc
    m = doc.meeting
    assert (m.body, m.session, m.date, m.weekday, m.start_time, m.end_time) == (
        "消費者教育推進会議", 25, "2019-07-26", "金", "14:00", "15:56",
    )
    assert m.place == "中央合同庁舎第4号館共用1208特別会議室"
    assert doc.agendas and doc.agendas[0].heading == "議題"
    assert [(i.label.printed if i.label else None, i.title) for i in doc.agendas[0].items] == [
        ("⑴", "「若年者への消費者教育の推進に関するアクションプログラム」の進捗状況について"),
        ("⑵", "各分科会の取りまとめについて"),
        ("⑶", "第3期消費者教育推進会議取りまとめについて"),
        ("⑷", "その他"),
    ]
    assert [c.title for c in doc.agendas[0].items[1].children] == [
        "若年者の消費者教育分科会",
        "地域における消費者教育の充実に向けた連携に関する分科会",
    ]
    assert [(m.label, [c.label for c in m.children]) for m in doc.materials] == [
        ("資料1", ["1-1", "1-2"]), ("資料2", ["2-1", "2-2"]), ("資料3", []),
        ("参考資料1", []), ("参考資料2", []), ("参考資料3", []),
    ]
    assert doc.materials[0].children[0].title == "「若年者への消費者教育の推進に関するアクションプログラム」進捗状況(2018年度【平成30年度】末時点)"
    assert doc.materials[5].title == "第二期消費者教育推進会議取りまとめ(平成29年6月)"
    members = next(g for g in m.attendance if g.label == "委員")
    assert [p.name for p in members.people][:3] == ["青木 秀子", "東 珠実", "色川 卓男"]
    assert len(members.people) == 13 and members.people[-1].name == "原 早苗"  # one list over a line wrap
    assert [g.remarks for g in m.attendance if g.remarks] == [["(敬称略・50音順)"]]  # a remark, not a person


@pytest.mark.pdf
def test_digital_society_minutes_agenda_page() -> None:
    _require("digital-society-council-4-minutes.pdf")
    doc = parsed("digital-society-council-4-minutes.pdf").doc
    m = doc.meeting
    assert (m.body, m.session, m.date, m.weekday, m.start_time, m.end_time, m.place) == (
        "デジタル社会推進会議", 4, "2023-06-06", "火", "08:45", "08:55", "総理大臣官邸2階大ホール",
    )
    assert doc.agendas
    assert [(i.label.number if i.label else None, i.title) for i in doc.agendas[0].items] == [(1, "開会"), (2, "議事"), (3, "閉会")]
    assert [c.title for c in doc.agendas[0].items[1].children] == ["「デジタル社会の実現に向けた重点計画」について", "その他"]
    assert [(x.label, x.title) for x in doc.materials] == [
        ("資料1-1", "デジタル社会の実現に向けた重点計画(案)説明資料"),
        ("資料1-2", "デジタル社会の実現に向けた重点計画(案)概要資料"),
        ("資料1-3", "デジタル社会の実現に向けた重点計画(案)"),
        ("資料2-1", "モビリティワーキンググループの開催について(案)"),
        ("資料2-2", "デジタル社会推進会議幹事会の開催について(改正案)"),
    ]


@pytest.mark.pdf
def test_chinese_fake_bold_has_no_doubled_runs() -> None:
    _require("cjk-fake-bold-4x.pdf")
    doc = parsed("cjk-fake-bold-4x.pdf").doc
    text = "\n".join(t.text for t in doc.texts)
    assert "安徽安利合成革股份有限公司" in text and "安安" not in text and "股票代码:300218" in text
    assert sum(r.count for r in doc.repairs) > 0


@pytest.mark.pdf
def test_bill_list_is_read_as_a_list_across_its_page_break() -> None:
    _require("nankoku-425-bill-list.pdf")
    doc = parsed("nankoku-425-bill-list.pdf").doc
    assert [s.kind for s in doc.sections] == ["materials", "materials"]
    labels = [m.label for m in doc.materials]
    assert labels[:2] == ["議案第1号", "議案第2号"] and labels[-1] == "報告第8号"
    bill27 = next(m for m in doc.materials if m.label == "議案第27号")
    assert bill27.title.endswith("休暇等に関する条例の一部を改正する条例")  # wrapped line joined


@pytest.mark.pdf
def test_kodaira_additional_agenda_is_its_own_agenda_with_every_item() -> None:
    """p.81 議事日程(第1号追加の1): its own heading (spacing collapsed), its first item kept."""
    _require("kodaira-council-2020-05-agenda.pdf")
    doc = parsed("kodaira-council-2020-05-agenda.pdf").doc
    assert [(a.heading, a.provenance.page if a.provenance else None) for a in doc.agendas] == [
        ("議事日程(第1号)", 1),
        ("議事日程(第1号追加の1)", 81),
    ]
    first, extra = doc.agendas
    assert [i.label.printed if i.label else None for i in first.items] == [f"第{n}" for n in range(1, 9)]
    assert [(i.label.printed if i.label else None, i.title, i.note) for i in extra.items] == [
        ("第1", "議案第17号 令和2年度小平市一般会計補正予算(第2号)", "(総務委員会審査報告)"),
        ("第2", "議案第18号 令和2年度小平市国民健康保険事業特別会計補正予算(第1号)", None),
        ("第3", "議案第19号 小平市国民健康保険条例の一部を改正する条例", "(以上2件一括・厚生委員会審査報告)"),
    ]
    assert extra.meeting is not None and (extra.meeting.title, extra.meeting.date) == ("令和2年5月小平市議会臨時会", "2020-05-19")


@pytest.mark.pdf
def test_council_heading_fills_the_meeting() -> None:
    _require("nankoku-446-bill-list.pdf")
    m = parsed("nankoku-446-bill-list.pdf").doc.meeting
    assert (m.title, m.body, m.session) == ("第446回南国市議会定例会", "南国市議会", 446)
