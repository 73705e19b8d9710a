"""Overprint (fake bold) removal: unit level on glyphs and end to end through reportlab PDFs."""

from __future__ import annotations

import pytest

from pipeline.extract.glyphs import Glyph
from pipeline.extract.overprint import remove_overprint
from pipeline.extract.pdf import extract_pdf
from tests import pdfkit

HEADING = "計画の体系と骨子"
REPEATS = "ここに々・・・……1111"


def _row(s: str, x: float = 50.0, top: float = 100.0, size: float = 10.0) -> list[Glyph]:
    out = []
    for ch in s:
        w = size * (0.5 if ch.isascii() else 1.0)
        out.append(Glyph(ch, x, top, x + w, top + size, size))
        x += w
    return out


def test_natural_repeats_are_never_merged() -> None:
    kept, removed = remove_overprint(_row(REPEATS))
    assert removed == 0
    assert "".join(g.text for g in kept) == REPEATS


@pytest.mark.parametrize("offset", [0.2, 0.3, 1.0, 4.0])
def test_copy_within_half_a_glyph_is_removed(offset: float) -> None:
    original = _row("議")
    copy = [Glyph("議", 50 + offset, 100 + offset / 2, 60 + offset, 110 + offset / 2, 10.0, order=1)]
    kept, removed = remove_overprint(original + copy)
    assert removed == 1 and kept == original and kept[0].copies == copy


def test_same_text_a_full_advance_away_is_kept() -> None:
    kept, removed = remove_overprint(_row("議") + _row("議", x=59.0))  # condensed: 0.9 em apart
    assert removed == 0 and len(kept) == 2


def _page_text(data: bytes) -> tuple[list[str], list]:  # type: ignore[type-arg]
    layout = extract_pdf(data)
    return [line.text for line in layout.pages[0].lines], layout.repairs


@pytest.mark.parametrize("times", [2, 3, 4])
@pytest.mark.parametrize("order", ["lines", "glyphs", "reversed"])
@pytest.mark.parametrize("spread", [0.2, 0.3, 1.0])
def test_fake_bold_line_comes_out_once(times: int, order: str, spread: float) -> None:
    data = pdfkit.build(lambda c: (
        pdfkit.overprint(c, 50, 100, HEADING, times, spread, order),
        pdfkit.text(c, 50, 130, REPEATS),
        pdfkit.overprint(c, 50, 160, REPEATS, times, spread, order),
    ))
    lines, repairs = _page_text(data)
    assert lines == [HEADING, REPEATS, REPEATS]
    assert [r.count for r in repairs] == [(times - 1) * len(HEADING), (times - 1) * len(REPEATS)]
    first = repairs[0]
    assert first.kind == "overprint" and first.page == 1 and first.after == HEADING
    assert len(first.before) == times * len(HEADING) and sorted(first.before) == sorted(HEADING * times)
    if order == "glyphs":
        assert first.before == "".join(ch * times for ch in HEADING)
    if order == "lines":
        assert first.before == HEADING * times


def test_chars_found_counts_after_removal() -> None:
    data = pdfkit.build(lambda c: pdfkit.overprint(c, 50, 100, HEADING, 4, 0.25))
    page = extract_pdf(data).pages[0]
    assert page.chars_found == len(HEADING)
