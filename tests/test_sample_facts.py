"""The shipped sample and the corpus documents yield every fact a reader expects.

The expectation files are in the corpus's neutral form (see tests/facts.py):
tests/expectations/ holds ours for the sample shipped in raw/, so the suite is
meaningful on a fresh clone; ../shared/corpus/*/*.expected.json are checked too
when present.
"""

import json
from pathlib import Path

import pytest

from pipeline.parse import parse_file
from tests.conftest import REPO, corpus_file
from tests.facts import check_all

SAMPLE = REPO / "raw" / "koganei-welfare-2023-02.txt"
OWN = REPO / "tests" / "expectations" / "koganei-welfare-2023-02.json"


def _facts(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.read_text(encoding="utf-8"))


def test_shipped_text_sample_has_every_fact() -> None:
    doc = parse_file(SAMPLE)
    assert check_all(doc, _facts(OWN)) == []


def test_shipped_text_sample_structure() -> None:
    doc = parse_file(SAMPLE)
    assert [s.kind for s in doc.sections] == ["agenda", "materials", "plan", "opinions"]
    assert [s.label for s in doc.sections] == [None, None, "資料1", "資料2(当日配布)"]
    # Six fake-bold rows, each repaired once (the ※ row has a tag on its own line).
    assert len([r for r in doc.repairs if r.kind == "duplicated_run"]) >= 6
    assert all(r.count == 4 for r in doc.repairs)
    # The next plan's 基本理念 is interleaved with a side label in this text: it is
    # reported, not guessed.
    assert "garbled_vertical_text" in {w.code for w in doc.warnings}
    next_plan = [p for s in doc.plans for p in s.plans if p.which == "next"][0]
    assert next_plan.philosophy is None
    # Opinions 2 and 3 are closed by one submitter line.
    assert doc.opinions[1].submitter == doc.opinions[2].submitter


def test_text_corpus_expected_facts() -> None:
    text = corpus_file("text/koganei-welfare-2023-02.txt")
    doc = parse_file(text)
    assert check_all(doc, _facts(corpus_file("text/koganei-welfare-2023-02.expected.json"))) == []


@pytest.mark.pdf
def test_synthetic_pdf_expected_facts() -> None:
    pdf = corpus_file("synthetic/koganei-welfare-2023-02.pdf")
    doc = parse_file(pdf)
    problems = check_all(doc, _facts(corpus_file("synthetic/koganei-welfare-2023-02.expected.json")))
    assert problems == []


@pytest.mark.pdf
def test_shipped_generated_pdf_has_every_fact() -> None:
    """raw/ also ships a PDF from the project's generator (python -m tests.docgen 24 …)."""
    pdf = REPO / "raw" / "generated-shingikai-024.pdf"
    doc = parse_file(pdf)
    assert check_all(doc, _facts(REPO / "tests" / "expectations" / "generated-shingikai-024.json")) == []
    assert [s.kind for s in doc.sections] == ["agenda", "materials", "plan", "opinions"]
    assert all(r.kind == "overprint" for r in doc.repairs) and doc.repairs


@pytest.mark.parametrize("name", ["koganei-welfare-2023-02.txt", "generated-shingikai-024.pdf"])
def test_nothing_in_the_shipped_samples_is_lost(name: str) -> None:
    """At least 99% of the source's characters reach the JSON (the rest: header keys such as 日時, 場所)."""
    from tests.retention import retention

    _pages, total, kept = retention(REPO / "raw" / name)
    assert total > 3000
    assert kept >= 99.0


@pytest.mark.pdf
def test_every_pdf_element_has_page_and_bbox() -> None:
    doc = parse_file(REPO / "raw" / "generated-shingikai-024.pdf")
    elements: list[tuple[str, object]] = []
    assert doc.agendas

    def agenda(items, path):  # type: ignore[no-untyped-def]
        for i, item in enumerate(items):
            elements.append((f"{path}[{i}]", item.provenance))
            agenda(item.children, f"{path}[{i}]")

    def plan(nodes, path):  # type: ignore[no-untyped-def]
        for i, node in enumerate(nodes):
            elements.append((f"{path}[{i}]", node.provenance))
            elements.extend((f"{path}[{i}].note", n.provenance) for n in node.notes)
            plan(node.children, f"{path}[{i}]")

    agenda(doc.agendas[0].items, "agenda")
    elements += [(f"materials[{i}]", m.provenance) for i, m in enumerate(doc.materials)]
    for s in doc.plans:
        elements.append(("plan", s.provenance))
        elements += [("context", c.provenance) for c in s.context]
        for p in s.plans:
            plan(p.goals, f"plan.{p.which}")
    elements += [(f"opinions[{i}]", o.provenance) for i, o in enumerate(doc.opinions)]
    elements += [("texts", t.provenance) for t in doc.texts]
    assert len(elements) > 60
    missing = [name for name, p in elements if p is None or p.bbox is None]  # type: ignore[attr-defined]
    assert missing == []
    page = {"agenda": 1, "materials": 2, "plan": 3, "opinions": 4}
    for name, p in elements:
        root = name.split("[")[0].split(".")[0]
        if root in page:
            assert p.page >= page[root], name  # type: ignore[attr-defined]
        box = p.bbox  # type: ignore[attr-defined]
        assert 0 <= box.x0 < box.x1 <= 1191 and 0 <= box.top < box.bottom <= 842, name
