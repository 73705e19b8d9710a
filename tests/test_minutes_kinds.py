"""Minutes and roster kinds: generated documents fact by fact, text input, and the speaker rules."""

from __future__ import annotations

import pytest

from pipeline.layout import Line
from pipeline.parse import parse_bytes
from pipeline.segment.kinds import REGISTRY, Block
from pipeline.segment.kinds.minutes import SPEECH_SCORE, TITLE_SCORE, MinutesKind, speaker_of
from pipeline.segment.people import parse_attendance, parse_person, split_speaker
from tests.docgen import GeneratedDoc
from tests.docgen.kinds_suite import kinds_suite
from tests.facts import check_meeting
from tests.people_facts import check_attendance, check_roster, check_turns

SUITE = kinds_suite()


def test_the_generator_covers_the_styles_the_issue_names() -> None:
    features = set().union(*(g.features for g in SUITE))
    assert sum(1 for g in SUITE if "minutes" in g.facts) >= 10
    assert sum(1 for g in SUITE if "roster" in g.facts) >= 5
    for wanted in ("minutes:council", "minutes:bullets", "minutes:role_only", "minutes:anon", "minutes:anon_prefix",
                   "minutes:mark-○", "minutes:mark-〇", "minutes:mark-◯", "minutes:mark-none", "minutes:affiliation_first"):
        assert wanted in features


@pytest.mark.parametrize("gen", SUITE, ids=lambda g: g.name)
def test_generated_minutes_and_rosters(gen: GeneratedDoc) -> None:
    doc = parse_bytes(gen.pdf_bytes, f"{gen.name}.pdf")
    problems = []
    if "minutes" in gen.facts:
        assert [s.kind for s in doc.sections] == ["minutes"]
        problems += check_turns(doc, gen.facts["minutes"]) + check_attendance(doc, gen.facts["minutes"])
        problems += check_meeting(doc, gen.facts["meeting"])
        assert any(len(t.pages) > 1 for t in doc.minutes[0].turns), "a speech runs over a page break"
    if "roster" in gen.facts:
        problems += check_roster(doc, gen.facts["roster"])
    assert problems == []


MINUTES_TEXT = """\
令和6年度第1回○○市環境審議会 議事録
日時 令和6年5月20日(月)午後2時から午後3時まで
場所 市役所本庁舎3階 第1会議室
出席者(敬称略・50音順)
委員:青木 一郎(○○大学教授)、秋山 恵子(公募市民)、
浅野 健太(商工会議所副会頭)
1 開会
○青木会長 ただいまから審議会を開会いたします。
○事務局 資料1について御説明いたします。主な論点は次のとおりです。
○ 地域の見守り体制について
○秋山委員 質問がございます。
委員A:私からも一点お願いします。
"""


def test_twelve_line_minutes_text_is_minutes_not_an_agenda() -> None:
    """The issue's example: 日時 and 場所 above speeches are a minutes header, not an agenda."""
    doc = parse_bytes(MINUTES_TEXT.encode("utf-8"), "minutes.txt")
    assert [s.kind for s in doc.sections] == ["minutes"]
    turns = doc.minutes[0].turns
    assert [(t.speaker, t.name, t.role) for t in turns] == [
        ("青木会長", "青木", "会長"), ("事務局", None, "事務局"), ("秋山委員", "秋山", "委員"),
    ]
    # A ○ followed by a blank is a bullet of the speech; an unmarked 委員A: in marked minutes is speech.
    assert turns[1].text == "資料1について御説明いたします。主な論点は次のとおりです。\n○ 地域の見守り体制について"
    assert turns[2].text == "質問がございます。\n委員A:私からも一点お願いします。"
    assert (doc.meeting.date, doc.meeting.start_time, doc.meeting.end_time) == ("2024-05-20", "14:00", "15:00")
    groups = doc.meeting.attendance
    assert [g.remarks for g in groups if g.remarks] == [["(敬称略・50音順)"]]
    members = next(g for g in groups if g.label == "委員")
    assert [(p.name, p.affiliation) for p in members.people] == [
        ("青木 一郎", "○○大学教授"), ("秋山 恵子", "公募市民"), ("浅野 健太", "商工会議所副会頭"),
    ]


def test_minutes_scores_beat_header_fields() -> None:
    """seg8's agenda kind must score below these on minutes blocks (see kinds/minutes.py)."""
    kind = MinutesKind()
    doc = parse_bytes(MINUTES_TEXT.encode("utf-8"), "minutes.txt")
    assert doc.minutes
    from pipeline.extract.text import extract_text

    layout = extract_text(MINUTES_TEXT.encode("utf-8"))
    lines = tuple(layout.pages[0].lines)
    header_only = tuple(ln for ln in lines if not ln.text.startswith(("○", "委員A")))
    for block, score in ((Block(pages=(1,), lines=lines), SPEECH_SCORE), (Block(pages=(1,), lines=header_only), TITLE_SCORE)):
        assert kind.detect(block) == score
        others = max(k.detect(block) for k in REGISTRY if k.name != kind.name)
        assert others < score, f"another kind ({others}) would take a minutes block ({score})"
    assert kind.detect(Block(pages=(1,), lines=header_only[1:])) == 0.0  # no title, no speech: not minutes
    assert [k.name for k in REGISTRY][-2:] == ["minutes", "roster"]


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("東会長", ("東", "会長", False)),
        ("議長(田中一郎君)", ("田中一郎", "議長", False)),
        ("委員長(山田太郎君)", ("山田太郎", "委員長", False)),
        ("事務局", (None, "事務局", False)),
        ("委員A", (None, "委員", True)),
        ("B委員", (None, "委員", True)),
        ("千葉会長代理", ("千葉", "会長代理", False)),
        ("岸田内閣総理大臣", ("岸田", "内閣総理大臣", False)),
        ("宮原消費者教育推進課長", (None, None, False)),  # name glued to a long title: not guessed
    ],
)
def test_split_speaker(printed: str, expected: tuple[str | None, str | None, bool]) -> None:
    assert split_speaker(printed) == expected


def test_a_known_name_splits_a_long_title() -> None:
    assert split_speaker("宮原消費者教育推進課長", ["宮原"]) == ("宮原", "消費者教育推進課長", False)


@pytest.mark.parametrize(
    "line",
    ["○ 地域の見守り体制について", "○地域の見守り体制について検討する", "○東京都の事例", "◎基本方針"],
)
def test_bullets_are_not_speakers(line: str) -> None:
    assert speaker_of(line) is None


@pytest.mark.parametrize(
    ("line", "speaker"),
    [("○東会長 それでは", "東会長"), ("〇河野大臣: ただいまから", "河野大臣"), ("◎市長(山田太郎君)", "市長(山田太郎君)"),
     ("○委員A ありがとうございます", "委員A")],
)
def test_speaker_marks(line: str, speaker: str) -> None:
    hit = speaker_of(line)
    assert hit is not None and hit[1] == speaker


def test_people_entries() -> None:
    assert parse_person("法務省大臣官房司法法制部司法法制課:川副官房付【代理出席】").model_dump(
        include={"name", "affiliation", "note"}
    ) == {"name": None, "affiliation": "法務省大臣官房司法法制部司法法制課", "note": "【代理出席】"}
    assert parse_person("1番 山田 太郎君").model_dump(include={"name", "seat"}) == {"name": "山田 太郎", "seat": "1番"}
    assert parse_person("市長 山田 太郎君").model_dump(include={"name", "role"}) == {"name": "山田 太郎", "role": "市長"}
    assert parse_person("○○大学教授 青木 一郎").model_dump(include={"name", "affiliation"}) == {
        "name": "青木 一郎", "affiliation": "○○大学教授",
    }


def test_remarks_are_not_people() -> None:
    groups = parse_attendance("出席者", "別紙名簿のとおり", [Line("出席者 別紙名簿のとおり", page=1)])
    assert groups[0].people == [] and groups[0].remarks == ["別紙名簿のとおり"]


def test_show_prints_turns_as_speaker_and_first_words() -> None:
    from rich.console import Console

    from pipeline.show import render

    doc = parse_bytes(MINUTES_TEXT.encode("utf-8"), "minutes.txt")
    console = Console(width=200, record=True)
    console.print(render(doc))
    out = console.export_text()
    assert "青木会長: ただいまから審議会を開会いたします。" in out
    assert "事務局: 資料1について御説明いたします。主な論点は次のとおりです。 ○ 地域の見守り体制…" in out
    assert "出席者 / 委員 (present)" in out and "青木 一郎 ○○大学教授" in out
    roster = next(g for g in SUITE if "roster" in g.facts)
    console = Console(width=200, record=True)
    console.print(render(parse_bytes(roster.pdf_bytes, "r.pdf")))
    first = roster.facts["roster"]["members"][0]
    assert f"会長 {first['name']}" in console.export_text()


def test_a_material_row_naming_a_roster_is_not_a_roster() -> None:
    from pipeline.extract.text import extract_text
    from pipeline.segment.kinds.roster import RosterKind

    text = "配布資料一覧\n資料1 計画の素案\n資料2 委員名簿\n参考資料1 前回会議録\n"
    lines = tuple(extract_text(text.encode("utf-8")).pages[0].lines)
    assert RosterKind().detect(Block(pages=(1,), lines=lines)) == 0.0
    assert MinutesKind().detect(Block(pages=(1,), lines=lines)) == 0.0


def test_minutes_of_another_meeting_keep_their_own_header() -> None:
    """Minutes of a previous meeting attached to a packet: the packet's meeting is not overwritten."""
    from pipeline.extract.text import extract_text
    from pipeline.models import Document, Meeting, Source

    doc = Document(source=Source(file_name="x.txt", sha256="", kind="text", pages=1),
                   meeting=Meeting(date="2024-07-01", title="packet"))
    kind = MinutesKind()
    lines = tuple(extract_text(MINUTES_TEXT.encode("utf-8")).pages[0].lines)
    kind.merge(doc, kind.segment(Block(pages=(1,), lines=lines)))
    assert doc.meeting.title == "packet"
    own = doc.minutes[0].meeting
    assert own is not None and own.date == "2024-05-20" and own.attendance


def test_numbered_people_fields_of_a_minutes_header() -> None:
    text = (
        "第3回○○委員会 会議録\n1 日時 令和6年6月3日(月)10時00分から11時00分まで\n2 場所 市役所3階会議室\n"
        "3 出席委員 会長 青木 一郎、副会長 秋山 恵子\n4 欠席委員 浅野 健太\n5 事務局 福祉部長 山田 太郎、企画課長 佐藤 花子\n"
        "○青木会長 開会いたします。\n○事務局 説明いたします。\n"
    )
    doc = parse_bytes(text.encode("utf-8"), "m.txt")
    assert doc.agendas == [], "people fields are not agenda items"
    got = [(g.heading, g.status, [(p.role, p.name) for p in g.people]) for g in doc.meeting.attendance]
    assert got == [
        ("出席委員", "present", [("会長", "青木 一郎"), ("副会長", "秋山 恵子")]),
        ("欠席委員", "absent", [(None, "浅野 健太")]),
        ("事務局", "secretariat", [("福祉部長", "山田 太郎"), ("企画課長", "佐藤 花子")]),
    ]


def test_a_title_naming_a_register_without_members_is_not_a_roster() -> None:
    from pipeline.extract.text import extract_text
    from pipeline.segment.kinds.roster import RosterKind

    text = "選挙人名簿\n第1条 この条例は、選挙人名簿の調製に関し必要な事項を定めるものとする。\n"
    lines = tuple(extract_text(text.encode("utf-8")).pages[0].lines)
    assert RosterKind().detect(Block(pages=(1,), lines=lines)) == 0.0


def test_every_registered_kind_is_a_section_kind_of_the_contract() -> None:
    """A kind added to REGISTRY must be named in Section.kind too (and no name is left without a kind)."""
    from typing import get_args

    from pipeline.models import Section

    assert set(get_args(Section.model_fields["kind"].annotation)) == {k.name for k in REGISTRY} | {"other", "empty"}
