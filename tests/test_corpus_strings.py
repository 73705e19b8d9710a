"""Over every output of ../shared/corpus: no (cid:…), no private-use character, no wrap left inside a paragraph.

Two independent checks for a break inside a paragraph, neither using the
pipeline's own flow rules (``pipeline/segment/flow.py``):

* In any string: a line never *starts* with 、。ー or a small kana (行頭禁則,
  JIS X 4051), so a newline between a kana/kanji and one of those was a wrap
  the output kept.
* PDF input, from the cleaned Layout (:func:`paragraph_wraps`): two lines
  following each other in reading order are *one paragraph wrapped* when
  all of these hold, and then the output must not hold the first line's end,
  a newline and the second line's start where both sides are kana/kanji:

  - both horizontal, or both vertical columns, which are read turned a
    quarter (a column's top is the left edge, its bottom the right edge, the
    next column to the left the line below: :func:`tests.corpus_strings._upright`);
    in the same table cell or both outside tables; the same type size (within 10 %);
  - the second lies below the first without overlapping it, with less than a
    line's height (0.8 × size) between them: no blank line;
  - the second starts at the first's left edge (at most 1.5 characters left
    of it, for a first-line indent, or half a character right of it) and not
    with a numbering label or a bullet (:data:`_ITEM`): no new item, no
    hanging indent;
  - the first reaches the right edge of its column within 1.5 characters:
    in a cell, the cell's ruled right side; outside tables, the furthest any
    line of the page starting at the same left edge reaches.

  Headings, list items, table rows, short last lines and lines beside a
  gap fail one of these, so they may keep their break. Text input has no
  geometry and is checked by the first rule only.

The checks live in ``tests/corpus_strings.py``. The real PDFs are parsed once
for the whole session (``parse_cached``); archive/ (188 PDFs, 43 MB) is checked
by ``tests/test_page_recall.py`` on the parse it makes for page recall, so no
corpus file is parsed twice. Skips cleanly without ../shared.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from test_real_corpus import FILES, parsed

from pipeline.layout import Layout, Line, Page, Rect
from tests.conftest import CORPUS
from tests.corpus_strings import kept_wraps, paragraph_wraps, problems
from tests.facts import all_strings
from tests.page_recall import parse_cached, parse_layout

SMALL = sorted(p for d in ("synthetic", "text", "text-forms") for p in (CORPUS / d).glob("*") if p.suffix in (".pdf", ".txt")) \
    if CORPUS.exists() else []
# Wraps the check finds that flow.py still breaks, each for a reason found on the page
# (strict: a fix makes the test fail until the entry is removed).
KNOWN_WRAPS: dict[str, list[str]] = {}


@pytest.mark.pdf
@pytest.mark.skipif(not FILES, reason="../shared/corpus/real not present")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_real_outputs_read_clean(path: Path) -> None:
    layout, doc = parse_cached(path)
    assert problems(doc.model_dump(mode="json")) == []
    assert kept_wraps(layout, doc.model_dump(mode="json")) == KNOWN_WRAPS.get(path.name, [])


@pytest.mark.skipif(not SMALL, reason="../shared/corpus not present")
@pytest.mark.parametrize("path", SMALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_other_corpus_outputs_read_clean(path: Path) -> None:
    layout, doc = parse_layout(path)  # parse_file's strings, with the layout the wrap check reads
    data = doc.model_dump(mode="json")
    assert problems(data) == []
    assert kept_wraps(layout, data) == []


def _line(text: str, x0: float, top: float, x1: float) -> Line:
    return Line(text=text, page=1, bbox=Rect(x0, top, x1, top + 10), size=10.0)


# (text, left, top, right) of lines 10 high: a heading, a wrapped paragraph, a numbered item,
# a line running to the edge before an article, one before a blank line.
_SAMPLE = [
    ("第1章 総則", 50, 50, 110),
    ("この計画は、市民の暮らしを支えるための基本的な方", 50, 70, 300),
    ("向を定めるものです。", 50, 85, 150),
    ("1 目的", 50, 100, 80),
    ("地域の課題を解決するために必要な施策を総合的に推", 50, 115, 300),
    ("第2条 進める体制", 50, 130, 120),
    ("地域の課題を解決するために必要な施策を総合的に推", 50, 145, 300),
    ("進する。", 50, 170, 90),
]


def _column(text: str, x0: float, top: float, x1: float) -> Line:
    """The sample line set vertically: its left edge is the column's top, its right edge the
    bottom, and a line below it is the next column to the left."""
    return Line(text=text, page=1, bbox=Rect(1000 - top - 10, x0, 1000 - top, x1), direction="vertical", size=10.0)


def test_the_wrap_check_tells_a_wrap_from_a_boundary() -> None:
    """The check itself: a line reaching its column's edge then one starting at its left edge
    is a wrap; a short heading, a numbered item, a line after a blank line are not."""
    layout = Layout(kind="pdf", pages=[Page(number=1, lines=[_line(*row) for row in _SAMPLE])])
    assert paragraph_wraps(layout) == [(1, "の基本的な方\n向を定めるも")]
    assert kept_wraps(layout, {"texts": [{"text": "…の基本的な方\n向を定めるものです。"}]}) == ["p.1: 'の基本的な方\\n向を定めるも'"]
    assert kept_wraps(layout, {"texts": [{"text": "…基本的な方向を定めるものです。"}]}) == []


def test_the_wrap_check_reads_vertical_columns() -> None:
    """The same page set in vertical columns gives the same wrap, and no other; beside a
    horizontal line, a vertical column is never its wrap."""
    page = Page(number=1, lines=[_column(*row) for row in _SAMPLE])
    assert paragraph_wraps(Layout(kind="pdf", pages=[page])) == [(1, "の基本的な方\n向を定めるも")]
    mixed = Page(number=1, lines=[_line(*_SAMPLE[1]), _column(*_SAMPLE[2])])
    assert paragraph_wraps(Layout(kind="pdf", pages=[mixed])) == []


@pytest.mark.pdf
def test_the_wrap_check_fails_when_wraps_are_not_joined(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real regression is caught: with flow.py's edge rule switched off, the comprehensive
    plan's body text keeps its wraps and the check lists them."""
    path = CORPUS / "real" / "nankoku-comprehensive-plan-5th.pdf"
    if not path.exists():
        pytest.skip("../shared/corpus/real not present")
    import pipeline.segment.flow as flow
    monkeypatch.setattr(flow.ColumnEdges, "reaches", lambda *_a, **_k: False)
    monkeypatch.setattr(flow.Flow, "wraps", lambda _self, _line: False)
    layout, doc = parse_layout(path)
    assert len(kept_wraps(layout, doc.model_dump(mode="json"))) >= 10


@pytest.mark.pdf
def test_the_strings_the_issue_found() -> None:
    """(cid:631) on kodaira, Wingdings bullets in the DX policy, 南\\n国市条例, 営\\n業\\n利\\n益."""
    for name in ("kodaira-council-2020-05-agenda.pdf", "nankoku-dx-policy-landscape.pdf",
                 "nankoku-comprehensive-plan-5th.pdf", "nankoku-water-budget-r8.pdf"):
        if not (CORPUS / "real" / name).exists():
            pytest.skip("../shared/corpus/real not present")
    kodaira = "\n".join(all_strings(parsed("kodaira-council-2020-05-agenda.pdf").doc.model_dump(mode="json")))
    assert "付託)~" in kodaira  # CID 631 = byte 0x7E of 90ms-RKSJ-H, read back as '~'
    assert parsed("kodaira-council-2020-05-agenda.pdf").doc.meeting.date_label == "令和2年5月19日(火)"
    dx = "\n".join(t.text for t in parsed("nankoku-dx-policy-landscape.pdf").doc.texts)
    assert "◆ データを根拠とした政策立案" in dx
    assert "\nDX推進員\n" in dx and "D\nX\n推\n進\n員" not in dx  # spread over an org chart's boxes (p.2)
    plan = "\n".join(t.text for t in parsed("nankoku-comprehensive-plan-5th.pdf").doc.texts)
    assert "(平成27年南国市条例第32号)" in plan and "地方自治法第96条" in plan
    water = [t.text for t in parsed("nankoku-water-budget-r8.pdf").doc.texts if t.provenance and t.provenance.page == 11]
    assert any("営業利益" in t for t in water)
