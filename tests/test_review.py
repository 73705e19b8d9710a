"""The review page without a browser: elements found generically, spans, boxes, files, CLI.

The browser behaviour (clicks, keys, hover) is tested in test_review_browser.py.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from pipeline import batch
from pipeline.cli import main
from pipeline.review import write_review
from pipeline.review.elements import collect, warning_pages
from pipeline.review.pages import text_pages
from pipeline.review.place import PageText, compact
from tests.conftest import REPO

RAW, PARSED = REPO / "raw", REPO / "parsed"
TEXT_SAMPLE, PDF_SAMPLE = "koganei-welfare-2023-02", "generated-shingikai-024"


def _prov(page: int, box: bool = True) -> dict[str, Any]:
    return {"page": page, "bbox": {"x0": 10, "top": 20, "x1": 30, "bottom": 40} if box else None}


def test_elements_are_found_generically_in_a_contract_the_review_does_not_know() -> None:
    """The shapes other branches are bringing (agendas as a list, nested materials, speech
    turns, roster members, warning pages as a list) and an unknown kind all become elements."""
    doc = {
        "source": {"file_name": "x.pdf", "kind": "pdf", "pages": 2},
        "meeting": {"title": "T", "provenance": [_prov(1), _prov(1)]},
        "agendas": [{"heading": "次第", "items": [{"title": "開会", "children": [
            {"title": "sub", "provenance": _prov(1)}], "provenance": _prov(1)}]}],
        "materials": [{"label": "資料1", "title": "m", "children": [{"title": "m-1", "provenance": _prov(2)}],
                       "provenance": _prov(2)}],
        "minutes": [{"speeches": [{"speaker": "委員長", "text": "開会します", "provenance": _prov(2)}],
                     "meeting": {"attendance": [{"heading": "出席者", "people": [
                         {"printed": "1番 山田 太郎君", "name": "山田 太郎", "provenance": _prov(2)}]}]}}],
        "rosters": [{"members": [{"name": "A", "role": "委員", "provenance": _prov(2, box=False)}]}],
        "votes": [{"result": "可決", "provenance": _prov(2)}],
        "motions": [{"title": "x", "provenance": {"title": _prov(1), "result": [_prov(2), _prov(2)]}}],
        "repairs": [{"page": 2, "kind": "overprint", "before": "aa", "after": "a", "count": 1}],
        "warnings": [{"code": "x", "message": "m", "pages": [1, 2]}],
    }
    elements = collect(doc)
    kinds = {e.id: e.kind for e in elements}
    assert kinds == {
        "meeting": "meeting",
        "agendas.0.items.0": "agenda_item", "agendas.0.items.0.children.0": "agenda_item",
        "materials.0": "material", "materials.0.children.0": "material",
        "minutes.0.speeches.0": "speech", "rosters.0.members.0": "member",
        "minutes.0.meeting.attendance.0.people.0": "person",
        "votes.0": "vote", "motions.0": "motion", "repairs.0": "repair",
    }
    by_id = {e.id: e for e in elements}
    assert by_id["agendas.0.items.0.children.0"].parent == "agendas.0.items.0"
    assert by_id["materials.0.children.0"].parent == "materials.0"
    assert len(by_id["meeting"].places) == 2
    assert [p.page for p in by_id["motions.0"].places] == [1, 2, 2]  # provenance per field
    assert (by_id["minutes.0.speeches.0"].label, by_id["minutes.0.speeches.0"].text) == ("委員長", "開会します")
    assert by_id["minutes.0.meeting.attendance.0.people.0"].text == "1番 山田 太郎君"  # as printed, to find it
    assert by_id["votes.0"].text == "result: 可決"  # no text field: its facts, for the tooltip
    assert by_id["rosters.0.members.0"].places[0].bbox is None
    assert warning_pages(doc["warnings"][0]) == [1, 2]
    assert warning_pages({"code": "x", "page": 3}) == [3]
    assert warning_pages({"code": "x", "page": None}) == []


def test_plan_nodes_take_their_kind_from_their_level() -> None:
    doc = json.loads((PARSED / f"{PDF_SAMPLE}.json").read_text("utf-8"))
    elements = collect(doc)
    levels: dict[str, int] = {}

    def count(node: dict[str, Any]) -> None:
        levels[node["level"]] = levels.get(node["level"], 0) + 1
        for child in node["children"]:
            count(child)

    for structure in doc["plans"]:
        for plan in structure["plans"]:
            for goal in plan["goals"]:
                count(goal)
    for level, n in levels.items():
        assert sum(1 for e in elements if e.kind == f"plan_{level}") == n


def test_spans_nest_or_are_cut_where_they_would_cross() -> None:
    page = PageText("(1)福祉を支える基盤の整\n備\n(2)災害")
    item = collect({"plans": [{"title": "福祉を支える基盤の整備", "provenance": _prov(1, False)}]})[0]
    repair = collect({"repairs": [{"page": 1, "after": "(1)福祉を支える基盤の整"}]})[0]
    assert page.mark(item, item.text)  # found across the line break
    assert page.mark(repair, repair.text)
    spans = sorted((s.start, s.end, s.element.kind) for s in page.spans)
    assert spans == [(0, 3, "repair"), (3, 13, "repair"), (3, 15, "plan_table")]
    for a in page.spans:  # every pair nests or is disjoint
        for b in page.spans:
            assert a.end <= b.start or b.end <= a.start or (a.start >= b.start and a.end <= b.end) \
                or (b.start >= a.start and b.end <= a.end)


class _Marks(HTMLParser):
    """Checks <mark> nesting and collects the page text of a text review."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.pre, self.text, self.marks = 0, False, [], []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.pre = True
            self.text.append([])
        elif tag == "mark":
            self.depth += 1
            self.marks.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.pre = False
        elif tag == "mark":
            self.depth -= 1
            assert self.depth >= 0

    def handle_data(self, data: str) -> None:
        if self.pre:
            self.text[-1].append(data)


@pytest.fixture(scope="module")
def text_review(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    out = tmp_path_factory.mktemp("review")
    page = write_review(PARSED / f"{TEXT_SAMPLE}.json", out, RAW / f"{TEXT_SAMPLE}.txt")
    return json.loads((PARSED / f"{TEXT_SAMPLE}.json").read_text("utf-8")), page.read_text("utf-8")


def test_text_input_shows_every_page_text_whole_with_every_element_marked(text_review: tuple[dict[str, Any], str]) -> None:
    doc, page = text_review
    parser = _Marks()
    parser.feed(page)
    assert parser.depth == 0
    shown = ["".join(parts) for parts in parser.text]
    assert shown == text_pages(RAW / f"{TEXT_SAMPLE}.txt")  # nothing of the page text lost or altered
    assert len(shown) == doc["source"]["pages"]
    marked = {m["data-id"] for m in parser.marks}
    assert marked == {e.id for e in collect(doc)}  # every element of this sample is found in its page
    assert all(m.get("data-kind") and m.get("data-page") for m in parser.marks)
    # Each opinion's mark holds the start of its text, on its page.
    for i, opinion in enumerate(doc["opinions"]):
        pattern = rf'<mark class="box" data-kind="opinion" data-page="{opinion["provenance"]["page"]}" data-id="opinions\.{i}">(.*?)</mark>'
        found = re.search(pattern, page, re.S)
        assert found and compact(html.unescape(re.sub("<[^>]+>", "", found.group(1))))[:8] == compact(opinion["text"])[:8]
        # ... and its attribution line is marked as its own too: which line named the submitter.
        assert opinion["submitter_line"]
        line = re.escape(html.escape(opinion["submitter_line"], quote=False))
        assert re.search(rf'data-id="opinions\.{i}">(<mark[^>]*>)*{line}<', page)


def test_pdf_review_draws_each_box_where_its_bbox_is(tmp_path: Path) -> None:
    doc = json.loads((PARSED / f"{PDF_SAMPLE}.json").read_text("utf-8"))
    page = write_review(PARSED / f"{PDF_SAMPLE}.json", tmp_path, RAW / f"{PDF_SAMPLE}.pdf")
    text = page.read_text("utf-8")
    images = sorted((tmp_path / f"{PDF_SAMPLE}.pages").glob("*.png"))
    assert len(images) == doc["source"]["pages"]
    assert re.findall(r'<img loading="lazy"[^>]*src="([^"]+)"', text) == [f"{PDF_SAMPLE}.pages/{p.name}" for p in images]
    # Self-contained: nothing fetched from elsewhere.
    assert not re.search(r'(src|href)="(https?:)?//', text) and "<link" not in text and "@import" not in text
    # The first plan measure: its box's percentages are its bbox over the page size.
    structure = doc["plans"][0]
    measure = structure["plans"][1]["goals"][0]["children"][0]["children"][0]
    box = measure["provenance"]["bbox"]
    attrs = re.search(r'<div class="box" data-kind="plan_measure" data-page="3" data-id="plans\.0\.plans\.1\.goals\.0\.children\.0\.children\.0" style="([^"]+)"', text)
    assert attrs
    style = dict(kv.split(":") for kv in attrs.group(1).split(";"))
    width, height = 1190.551025390625, 841.8897705078125  # A3 landscape, as PDFium reports it
    assert float(style["left"].rstrip("%")) == pytest.approx(100 * box["x0"] / width, abs=1e-3)
    assert float(style["top"].rstrip("%")) == pytest.approx(100 * box["top"] / height, abs=1e-3)
    assert float(style["width"].rstrip("%")) == pytest.approx(100 * (box["x1"] - box["x0"]) / width, abs=1e-3)
    # A repair has no bbox: it is drawn on the element that holds its text.
    repair = next(i for i, r in enumerate(doc["repairs"]) if r["after"] == "①地域包括ケアの実施")
    assert f'data-kind="repair" data-page="3" data-id="repairs.{repair}"' in text
    # Written again for the same source: the images are kept (not rendered again), the page is the same.
    before = [p.stat().st_mtime_ns for p in images]
    assert write_review(PARSED / f"{PDF_SAMPLE}.json", tmp_path, RAW / f"{PDF_SAMPLE}.pdf").read_text("utf-8") == text
    assert [p.stat().st_mtime_ns for p in images] == before


def test_review_command_and_run_review(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "raw").mkdir()
    shutil.copy(RAW / f"{TEXT_SAMPLE}.txt", tmp_path / "raw")
    walks: list[object] = []
    discover = batch.discover
    monkeypatch.setattr(batch, "discover", lambda inputs: walks.append(inputs) or discover(inputs))
    assert main(["run", "--jobs", "1", "--review"]) == 0
    assert len(walks) == 1  # the inputs are walked once: the run and its review use that one list
    out = capsys.readouterr().out
    assert f"review review/{TEXT_SAMPLE}.html" in out
    assert (tmp_path / "review" / f"{TEXT_SAMPLE}.html").is_file()
    # review finds raw/<source.file_name> by itself; without it, one line says what to do.
    assert main(["review", f"parsed/{TEXT_SAMPLE}.json", "--out", "again"]) == 0
    assert (tmp_path / "again" / f"{TEXT_SAMPLE}.html").is_file()
    (tmp_path / "raw" / f"{TEXT_SAMPLE}.txt").unlink()
    capsys.readouterr()
    assert main(["review", f"parsed/{TEXT_SAMPLE}.json"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error parsed/{TEXT_SAMPLE}.json: source {TEXT_SAMPLE}.txt not found beside it or in raw/; give it with --pdf"]
    # A source that is not the parsed file is refused rather than drawn wrongly.
    assert main(["review", f"parsed/{TEXT_SAMPLE}.json", "--pdf", str(RAW / f"{PDF_SAMPLE}.pdf")]) == 1
    assert "sha256 differs" in capsys.readouterr().err


@pytest.mark.parametrize(("content", "reason"), [("{not json", "not a JSON file"), ('{"a": 1}', "not a parsed document")])
def test_review_of_a_file_that_is_no_parsed_document_says_why_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["review", str(bad), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error {bad}: {reason}")
    assert not (tmp_path / "out").exists()
