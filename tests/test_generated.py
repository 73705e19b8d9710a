"""Every generated committee document (tests/docgen) parses to its facts, fact by fact.

The suite varies bodies, dates, numbering, header blocks, material lists, plan
tables and opinion sheets the way other cities do (see tests/docgen/features.py).
"""

import pytest

from pipeline.parse import parse_bytes
from tests.docgen import GeneratedDoc, suite
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
