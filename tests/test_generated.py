"""Every generated committee document (tests/docgen) parses to its facts, fact by fact.

The suite varies bodies, dates, numbering, header blocks, material lists, plan
tables and opinion sheets the way other cities do (see tests/docgen/features.py).
"""

import pytest

from pipeline.parse import parse_bytes
from tests.docgen import GeneratedDoc, suite
from tests.docgen.layouts import VARIANTS, layout_suite, text_form_facts
from tests.facts import check_all

DOCS = suite()


def test_suite_is_large_and_varied() -> None:
    assert len(DOCS) >= 40
    features = set().union(*(d.features for d in DOCS))
    for family in ("body:", "date:", "agenda-num:", "materials:", "plan:", "opinions:", "submitter:", "missing:"):
        assert any(f.startswith(family) for f in features), family


@pytest.mark.pdf
@pytest.mark.parametrize("gen", DOCS, ids=lambda d: d.name)
def test_generated_pdf_yields_every_fact(gen: GeneratedDoc) -> None:
    doc = parse_bytes(gen.pdf_bytes, f"{gen.name}.pdf")
    assert check_all(doc, gen.facts) == []


def _bullets_under_bullets(items: list[dict]) -> bool:  # type: ignore[type-arg]
    """Nesting that only indentation shows: a bullet list inside a bullet item."""
    for item in items:
        children = item.get("children", [])
        if item.get("number") is None and any(c.get("number") is None for c in children):
            return True
        if _bullets_under_bullets(children):
            return True
    return False


@pytest.mark.pdf
@pytest.mark.parametrize("gen", DOCS, ids=lambda d: d.name)
def test_generated_text_form_yields_the_same_facts(gen: GeneratedDoc) -> None:
    """The pdfminer text of each PDF gives the same meeting, agenda and opinions.

    Left out, because only layout carries them in pdfminer's text: ruled tables
    (material lists and plan tables come out column by column) and bullets nested
    under bullets (no indentation survives).
    """
    from tests.docgen import text_of

    doc = parse_bytes(text_of(gen.pdf_bytes).encode("utf-8"), f"{gen.name}.txt")
    facts = {k: v for k, v in gen.facts.items() if k in ("meeting", "agenda", "opinions")}
    if "agenda" in facts and _bullets_under_bullets(facts["agenda"]):
        del facts["agenda"]
    assert check_all(doc, facts) == []


LAYOUTS = layout_suite()


def test_layout_variants_cover_every_layout() -> None:
    """At least 20 documents whose layout the seeded suite never draws, every variant three times."""
    assert len(LAYOUTS) >= 20
    assert {f for d in LAYOUTS for f in d.features} == {f"layout:{v}" for v in VARIANTS}


@pytest.mark.pdf
@pytest.mark.parametrize("gen", LAYOUTS, ids=lambda d: d.name)
def test_layout_variant_pdf_yields_every_fact(gen: GeneratedDoc) -> None:
    doc = parse_bytes(gen.pdf_bytes, f"{gen.name}.pdf")
    assert check_all(doc, gen.facts) == []


@pytest.mark.pdf
@pytest.mark.parametrize("gen", [g for g in LAYOUTS if text_form_facts(g)], ids=lambda d: d.name)
def test_layout_variant_text_form_yields_the_same_facts(gen: GeneratedDoc) -> None:
    """The pdfminer text of each variant yields the facts that survive pdfminer (see layouts.TEXT_FORM_FACTS).

    Variants none of whose facts survive pdfminer (a material table and a
    one-column plan printed column by column) are left out: they would assert nothing.
    """
    from tests.docgen import text_of

    doc = parse_bytes(text_of(gen.pdf_bytes).encode("utf-8"), f"{gen.name}.txt")
    assert check_all(doc, text_form_facts(gen)) == []
