"""(cid:n) placeholders and symbol-font bullets never reach an output string."""

from __future__ import annotations

from pipeline.clean import clean_layout
from pipeline.clean.normalize import normalize_text
from pipeline.extract.cidmap import cmap_decoder
from pipeline.layout import Layout, Line, Page


def test_a_predefined_cmap_gives_the_character_back() -> None:
    decode = cmap_decoder("90ms-RKSJ-H")
    assert decode is not None
    assert decode(631) == "~"  # byte 0x7E, which Adobe-Japan1's Unicode table leaves out
    assert decode(843) == "あ"  # an ordinary CID agrees with pdfminer's own table
    assert cmap_decoder("Identity-H") is None  # no encoding to go back to


def test_placeholders_and_private_use_characters_become_bullets_or_u_fffd() -> None:
    assert normalize_text("(cid:631)議案") == "\ufffd議案"
    assert normalize_text("\uf077 推進体制") == "◆ 推進体制"
    assert normalize_text("\uf06c 目的") == "● 目的"
    assert normalize_text("外字\ue001") == "外字\ufffd"


def test_unmapped_glyphs_are_counted_per_page_in_one_warning() -> None:
    pages = [Page(number=n, lines=[Line(text=t, page=n)]) for n, t in ((1, "(cid:1)(cid:2)"), (2, "ok"), (3, "(cid:9)"))]
    layout = clean_layout(Layout(kind="pdf", pages=pages))
    assert [ln.text for p in layout.pages for ln in p.lines] == ["\ufffd\ufffd", "ok", "\ufffd"]
    (notice,) = layout.notices
    assert notice.code == "unmapped_glyphs" and notice.pages == (1, 3)
    assert notice.message == "3 glyphs with no Unicode mapping shown as U+FFFD (p.1 ×2, p.3 ×1)"
