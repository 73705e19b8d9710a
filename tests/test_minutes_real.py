"""Speaker turns of the two real 議事録 in ../shared/corpus/real.

Counts verified by hand: every line of ``pdftotext -layout`` output that holds a
speaker mark (○/〇) was listed and read (81 in the consumer-education minutes,
all at the start of a line and all speakers; 16 in the digital-society minutes),
and the pages were read for marks used as bullets (none) and stage directions
(three in the digital-society minutes).

The whole-text check is independent of the pipeline's line building: it splits
pdfplumber's own ``extract_text()`` at the marks and compares each chunk, with
whitespace removed, to the turn's text plus its notes.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pdfplumber
import pytest
import regex

from pipeline.clean.normalize import normalize_text
from pipeline.models import Document
from tests.conftest import corpus_file
from tests.kinds_harness import parse_with_kinds

CONSUMER = "real/consumer-edu-council-25-minutes.pdf"
DIGITAL = "real/digital-society-council-4-minutes.pdf"


@cache
def _doc(relative: str) -> Document:
    return parse_with_kinds(corpus_file(relative))


def _chunks(relative: str) -> list[str]:
    """The record split at speaker marks, from pdfplumber's text, page numbers dropped, no whitespace."""
    with pdfplumber.open(corpus_file(relative)) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    lines = [ln for text in pages for ln in text.splitlines() if not regex.fullmatch(r"\s*\d{1,3}\s*", ln)]
    record = "\n".join(normalize_text(ln) for ln in lines)
    parts = regex.split(r"(?m)^\s*(?=[○〇])", record)
    return [regex.sub(r"\s+", "", p) for p in parts[1:]]


def _check_whole_text(relative: str) -> None:
    doc = _doc(relative)
    turns = doc.minutes[0].turns
    chunks = _chunks(relative)
    assert len(turns) == len(chunks)
    for turn, chunk in zip(turns, chunks, strict=True):
        head = f"{turn.mark}{turn.speaker}"
        assert chunk.startswith(head), (turn.number, chunk[:30])
        body = chunk[len(head) :].removeprefix(":")
        for note in turn.notes:
            assert note.replace(" ", "") in body
            body = body.replace(note.replace(" ", ""), "", 1)
        assert regex.sub(r"\s+", "", turn.text) == body, turn.number


@pytest.mark.pdf
def test_digital_society_minutes_turns() -> None:
    doc = _doc(DIGITAL)
    # The 資料 list on the header page is a block of its own; nothing is read as an agenda.
    kinds = [s.kind for s in doc.sections]
    assert "agenda" not in kinds and kinds[0] == kinds[-1] == "minutes" and set(kinds) <= {"minutes", "materials"}, kinds
    assert len(doc.minutes) == 1, "one set of minutes, its turns joined over the blocks"
    minutes = doc.minutes[0]
    assert minutes.heading == "第4回デジタル社会推進会議 議事録"
    assert [t.speaker for t in minutes.turns] == [
        "河野大臣", "松本大臣", "谷大臣", "岡田大臣", "齋藤大臣", "小倉大臣", "井出副大臣", "伊佐副大臣",
        "野中副大臣", "太田副大臣", "河野大臣", "河野大臣", "河野大臣", "岸田内閣総理大臣", "河野大臣", "河野大臣",
    ]
    first = minutes.turns[0]
    assert (first.mark, first.name, first.role, first.pages) == ("〇", "河野", "大臣", [2, 3])
    assert first.text.startswith("ただいまから、第4回「デジタル社会推進会議」を開催いたします。お忙しい中、御参加いただきまして")
    assert first.text.split("\n")[1] == "それでは、議事に入ります。"  # an indented line starts a paragraph
    assert first.text.endswith("構成員の皆様からご発言をお願いいたします。")
    pm = minutes.turns[13]
    assert (pm.name, pm.role, pm.pages) == ("岸田", "内閣総理大臣", [5, 6])
    assert "地方公共団体の基幹業務システムの統一・標準化" in pm.text  # joined over the page break
    assert [t.notes for t in minutes.turns if t.notes] == [["(「異議なし」と声あり)"], ["(報道関係者入室)"], ["(報道関係者退室)"]]
    assert minutes.turns[11].text.startswith("ありがとうございます。\nそれでは、最後に総理から御挨拶")
    # The header is the meeting's; the 議事次第 in it is the agenda.
    assert (doc.meeting.date, doc.meeting.start_time, doc.meeting.end_time) == ("2023-06-06", "08:45", "08:55")
    assert doc.agendas and [i.title for i in doc.agendas[0].items] == ["開会", "議事", "閉会"]
    assert [m.label for m in doc.materials] == ["資料1-1", "資料1-2", "資料1-3", "資料2-1", "資料2-2"]
    _check_whole_text(DIGITAL)


@pytest.mark.pdf
def test_consumer_education_minutes_turns() -> None:
    doc = _doc(CONSUMER)
    kinds = [s.kind for s in doc.sections]  # the 資料 list on the header page is its own block
    assert kinds[0] == kinds[-1] == "minutes" and set(kinds) <= {"minutes", "materials"}, kinds
    assert len(doc.minutes) == 1
    minutes = doc.minutes[0]
    assert minutes.heading == "第25回消費者教育推進会議議事録"
    turns = minutes.turns
    assert len(turns) == 81
    assert Counter(t.speaker for t in turns) == {
        "東会長": 39, "米山企画官": 8, "清水委員": 6, "千葉会長代理": 6, "原委員": 4, "宮腰大臣": 3, "岩本委員": 3,
        "萩原委員": 3, "伊藤長官": 2, "宮原消費者教育推進課長": 2, "坂倉委員": 1, "尾上委員": 1, "片山委員": 1,
        "色川委員": 1, "青木委員": 1,
    }
    assert [(t.speaker, t.name, t.role) for t in turns[:4]] == [
        ("東会長", "東", "会長"), ("宮腰大臣", "宮腰", "大臣"), ("東会長", "東", "会長"),
        ("宮原消費者教育推進課長", None, None),  # name and title glued: not guessed
    ]
    assert (turns[9].speaker, turns[9].name, turns[9].role) == ("千葉会長代理", "千葉", "会長代理")
    assert turns[10].speaker == "東会長" and turns[10].pages == [7, 8]  # a mark printed one blank in
    last = turns[-1]
    assert last.text.endswith("それでは、本日はこれにて閉会といたします。ありがとうございました。")
    # A short line ends a paragraph. (The first line runs to the margin and its indent is a blank glyph,
    # so 「…開催いたします。」 and 「皆様、…」 read as one paragraph: text joined, nothing lost.)
    assert turns[0].text.split("\n")[1] == "本日は、飯泉委員、柿沼委員、鈴木委員、出口委員、永沢委員、中村委員、吉國委員が御欠席でございます。"
    _check_whole_text(CONSUMER)


@pytest.mark.pdf
def test_page_numbers_inside_a_block_are_not_speech() -> None:
    """Whatever the dispatcher leaves in a block, a folio between two halves of a speech stays text."""
    from pipeline.clean import clean_layout
    from pipeline.parse import extract
    from pipeline.segment.kinds import Block
    from pipeline.segment.kinds.minutes import MinutesKind

    path = corpus_file(DIGITAL)
    layout = clean_layout(extract(path.read_bytes(), path.name))
    lines = tuple(ln for page in layout.pages for ln in page.lines)
    claim = MinutesKind().segment(Block(pages=tuple(p.number for p in layout.pages), lines=lines))
    assert len(claim.part.minutes.turns) == 16
    assert [ln.text for ln in lines if id(ln) not in claim.lines][-5:] == ["2", "3", "4", "5", "6"]
    # The same speeches as when the folios are taken out before (the harness does).
    assert [t.text for t in claim.part.minutes.turns] == [t.text for t in _doc(DIGITAL).minutes[0].turns]


@pytest.mark.pdf
def test_finer_blocks_give_the_same_minutes() -> None:
    """Blocks cut at every numbered header field and every speaker (finer than seg8's) join back into the same minutes."""
    from pipeline.segment.agenda import field_of
    from pipeline.segment.kinds.minutes import speaker_of
    from pipeline.segment.labels import split_label

    def cut(line) -> bool:  # type: ignore[no-untyped-def]
        labelled = split_label(line.text)
        return speaker_of(line.text) is not None or (labelled is not None and field_of(labelled.rest) is not None)

    for relative in (CONSUMER, DIGITAL):
        fine = parse_with_kinds(corpus_file(relative), split_at=cut)
        whole = _doc(relative)
        assert "agenda" not in [s.kind for s in fine.sections]
        assert fine.minutes[0].turns == whole.minutes[0].turns
        assert fine.meeting.model_dump(exclude={"provenance"}) == whole.meeting.model_dump(exclude={"provenance"})
        # Where a block starts moves an element's box, never what it reads.
        assert _facts(fine.agendas) == _facts(whole.agendas) and _facts(fine.materials) == _facts(whole.materials)


def _facts(models: list) -> list:  # type: ignore[type-arg]
    """The elements as JSON without their provenance (page and box)."""

    def strip(value):  # type: ignore[no-untyped-def]
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "provenance"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return [strip(m.model_dump(mode="json")) for m in models]


@pytest.mark.pdf
def test_real_roster_of_a_land_corporation() -> None:
    """A ruled roster from the shared archive: office, name, post, and the columns without a field in the note."""
    doc = parse_with_kinds(corpus_file("archive/nankoku/gian/426_2022_06/other/開発公社資料/令和４年度事業計画予算書.pdf"))
    roster = next(r for r in doc.rosters if r.heading == "南国市土地開発公社名簿")
    assert roster.columns == ["職名", "氏名", "本職又は専任", "郵便番号", "住所"]
    assert len(roster.members) == 12
    first, last = roster.members[0], roster.members[-1]
    assert (first.role, first.name, first.affiliation) == ("理事長", "村田 功", "副市長")
    assert first.note == "郵便番号:783-0004 住所:南国市大埇甲1081番地15"
    assert (last.role, last.name, last.affiliation) == ("監事", "秋田 節夫", "会計管理者")
    assert [m.role for m in roster.members].count("理事") == 7
