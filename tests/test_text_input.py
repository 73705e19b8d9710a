"""Text input: encodings, page breaks, vertical glyph runs, impossible dates."""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.extract.text import decode, extract_text
from pipeline.parse import parse_bytes

AGENDA = """令和５年度第１回○○市環境審議会次第

日　時　令和５年５月１０日（水）　午前１０時００分から１１時３０分まで
場　所　市役所３階　第一会議室

１　開　　会
２　議　　事
　（１）環境基本計画の改定について
　（２）その他
３　閉　　会
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "shift_jis", "euc_jp"])
def test_encodings_are_detected(encoding: str) -> None:
    data = AGENDA.encode(encoding)
    text, found = decode(data)
    assert text.lstrip("\ufeff") == AGENDA
    doc = parse_bytes(data, "agenda.txt")
    assert doc.meeting.date == "2023-05-10"
    assert (doc.meeting.start_time, doc.meeting.end_time) == ("10:00", "11:30")
    assert doc.meeting.place == "市役所3階 第一会議室"
    assert [i.title for i in doc.agendas[0].items] == ["開会", "議事", "閉会"]
    assert [c.label.printed for c in doc.agendas[0].items[1].children] == ["(1)", "(2)"]
    assert doc.source.encoding == found


def test_half_width_katakana_becomes_full_width() -> None:
    doc = parse_bytes("第1回ｶﾞｲﾄﾞﾗｲﾝ検討会次第\n日時 令和5年5月10日\n場所 本庁舎\n1 ｾﾐﾅｰの報告\n".encode("cp932"), "x.txt")
    assert doc.meeting.body == "ガイドライン検討会"
    assert doc.agendas[0].items[0].title == "セミナーの報告"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x00\x01\x02binary\x00junk" * 50, "binary"),
        (bytes(range(128, 256)) * 20, "encoding"),
    ],
)
def test_binary_or_unknown_encoding_is_an_input_error(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        extract_text(data)


def test_form_feeds_split_pages_and_a_trailing_one_adds_none() -> None:
    layout = extract_text("一頁目\n\f二頁目\n\f".encode())
    assert [p.number for p in layout.pages] == [1, 2]
    assert [p.lines[0].text for p in layout.pages] == ["一頁目", "二頁目"]


def test_one_glyph_per_line_is_read_as_a_vertical_line() -> None:
    layout = extract_text("基本理念\n誰\nも\nが\n安\n心\n基本目標1\n".encode())
    vertical = [ln for ln in layout.pages[0].lines if ln.direction == "vertical"]
    assert [ln.text for ln in vertical] == ["誰もが安心"]


def test_impossible_date_is_a_warning_not_a_wrong_date() -> None:
    doc = parse_bytes("第3回○○協議会次第\n日時 平成31年5月1日(水)\n場所 本庁舎\n1 開会\n".encode(), "x.txt")
    assert doc.meeting.date is None
    assert [w.code for w in doc.warnings] == ["impossible_date"]
    assert "平成31年5月1日" in doc.warnings[0].message


def test_huge_single_line_is_kept_whole() -> None:
    data = ("あいうえお、かきくけこ。" * 90_000).encode()  # ~3 MB, one line
    doc = parse_bytes(data, "long.txt")
    assert len("".join(t.text for t in doc.texts)) == 12 * 90_000
