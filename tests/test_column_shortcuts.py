"""The vertical-column finder's shortcuts decide exactly what the full search decides.

``find_columns`` skips the candidate search for a cell whose rows all hold two
glyphs or more (``_no_isolated_glyph``), decides one-glyph chains without
``_is_vertical``, and ``_stream_below`` looks at the even pairs only when an odd
pair goes down. Each test builds the regions where the shortcut's proof has to
hold (a vertical font, a run drawn downwards inside one row)
and compares with the search the shortcut replaces.
"""

from __future__ import annotations

import pytest

from pipeline.extract import vertical
from pipeline.extract.glyphs import Glyph
from pipeline.extract.lines import rows
from pipeline.extract.vertical import _stream_below, find_columns


def _glyph(text: str, x0: float, top: float, size: float = 10.0, height: float | None = None,
           vfont: bool = False, order: int = 0) -> Glyph:
    return Glyph(text, x0, top, x0 + abs(size), top + (abs(size) if height is None else height), size,
                 vfont=vfont, order=order)


def _columns(glyphs: list[Glyph], in_cell: bool) -> list[list[str]]:
    return [[g.text for g in col] for col in find_columns(rows(glyphs), glyphs, in_cell=in_cell)]


def _cases() -> dict[str, list[Glyph]]:
    return {
        "one row": [_glyph(t, 10 * i, 0, order=i) for i, t in enumerate("委員会名簿")],
        "one row, a vertical font": [_glyph("委", 0, 0, vfont=True), _glyph("員", 10, 0, order=1)],
        # Glyphs half a size tall, each drawn a quarter size lower: one row, yet drawn downwards.
        "one row drawn downwards": [_glyph(t, 0, 2.5 * i, size=12, height=5, order=i) for i, t in enumerate("委員会")],
        "rows of one glyph": [_glyph(t, 0, 12 * i, order=i) for i, t in enumerate("委員会")],
    }


@pytest.mark.parametrize("name", list(_cases()))
@pytest.mark.parametrize("in_cell", [True, False])
def test_the_cell_shortcut_finds_what_the_full_search_finds(name: str, in_cell: bool,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    glyphs = _cases()[name]
    fast = _columns(glyphs, in_cell)
    monkeypatch.setattr(vertical, "_no_isolated_glyph", lambda rows: False)
    assert fast == _columns(glyphs, in_cell)


def test_the_shortcut_cases_are_not_all_empty() -> None:
    """The cases reach both answers, so the comparison above can tell them apart."""
    cases = _cases()
    assert _columns(cases["one row"], True) == []
    assert _columns(cases["one row, a vertical font"], True) != []
    assert _columns(cases["rows of one glyph"], True) == [["委", "員", "会"]]


def test_one_glyph_chain_is_a_column_only_by_its_font() -> None:
    alone = [_glyph("縦", 0, 0, vfont=True)]
    assert _columns(alone, in_cell=False) == [["縦"]]
    assert _columns([_glyph("横", 0, 0)], in_cell=False) == []
    blank = [Glyph("\u3000", 0, 0, 10, 10, 10, vfont=True)]
    assert _columns(blank, in_cell=False) == []


@pytest.mark.parametrize("start", [0, 1, 2])
def test_a_run_drawn_downwards_is_found_wherever_it_starts(start: int) -> None:
    """A run of three glyphs drawn downwards after ``start`` glyphs of a row: its two pairs
    sit at indices start and start + 1, one of them odd whatever ``start`` is."""
    row = [_glyph(t, 10 * i, 0, order=i) for i, t in enumerate("議事"[:start])]
    run = [_glyph(t, 100, 20 + 11 * i, order=start + i) for i, t in enumerate("委員会")]
    below = _stream_below([*row, *run, _glyph("録", 200, 0, order=start + 3)])
    assert below[id(run[0])] == id(run[1]) and below[id(run[1])] == id(run[2])
    assert not any(id(g) in below for g in row)


def test_pairs_drawn_downwards_without_a_run_are_no_run() -> None:
    """Two glyphs stacked, then a jump right, then two more: pairs 0 and 2 go down, no two
    consecutive ones, so no glyph counts as drawn downwards."""
    stream = [_glyph("上", 0, 0), _glyph("下", 0, 11, order=1), _glyph("上", 50, 0, order=2), _glyph("下", 50, 11, order=3)]
    assert _stream_below(stream) == {}
