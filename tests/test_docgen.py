"""Sanity checks of the document generator in tests/docgen (not of the pipeline).

They make sure the generated documents are deterministic, cover every listed
variation several times, and really print every fact they claim.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

try:
    from tests.docgen import FEATURES, big_document, fact_strings, generate, suite, text_of
except ModuleNotFoundError:  # plain `pytest` puts tests/ on sys.path, not the repo root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.docgen import FEATURES, big_document, fact_strings, generate, suite, text_of

from tests.docgen import jp
from tests.docgen.textlayer import missing_strings

MIN_PER_FEATURE = 3


def test_same_seed_same_bytes() -> None:
    assert generate(11).pdf_bytes == generate(11).pdf_bytes
    assert generate(11).pdf_bytes != generate(12).pdf_bytes


def test_suite_size_and_coverage() -> None:
    docs = suite()
    assert len(docs) >= 40
    assert len({d.name for d in docs}) == len(docs)
    counts = Counter(f for d in docs for f in d.features)
    thin = {f: counts[f] for f in FEATURES if counts[f] < MIN_PER_FEATURE}
    assert not thin, f"features in fewer than {MIN_PER_FEATURE} documents: {thin}"


@pytest.mark.parametrize("index", range(len(suite())))
def test_every_fact_string_is_printed(index: int) -> None:
    doc = suite()[index]
    assert not missing_strings(doc.pdf_bytes, fact_strings(doc.facts)), doc.name


def test_facts_have_only_present_sections() -> None:
    for doc in suite():
        assert set(doc.facts) <= {"meeting", "agenda", "materials", "hierarchy", "opinions"}
        for section in ("agenda", "materials", "plan", "opinions"):
            key = "hierarchy" if section == "plan" else section
            assert (key in doc.facts) == (f"missing:{section}" not in doc.features), (
                doc.name,
                section,
            )


def test_text_of_separates_pages() -> None:
    doc = suite()[0]
    with pdfplumber.open(io.BytesIO(doc.pdf_bytes)) as pdf:
        n = len(pdf.pages)
    assert text_of(doc.pdf_bytes).count("\f") == n


def test_big_document_page_count() -> None:
    with pdfplumber.open(io.BytesIO(big_document(10))) as pdf:
        assert len(pdf.pages) == 10


@pytest.mark.parametrize(
    ("date", "kw", "printed"),
    [
        (
            dt.date(2024, 10, 3),
            {"western": False, "digits": "kanji", "weekday": None},
            "令和六年十月三日",
        ),
        (
            dt.date(2019, 6, 1),
            {"western": False, "digits": "ascii", "weekday": "（）"},
            "令和元年6月1日（土）",
        ),
        (
            dt.date(2019, 4, 12),
            {"western": False, "digits": "fullwidth", "weekday": None},
            "平成３１年４月１２日",
        ),
        (
            dt.date(2024, 5, 10),
            {"western": True, "digits": "ascii", "weekday": "()"},
            "2024年5月10日(金)",
        ),
    ],
)
def test_date_forms(date: dt.date, kw: dict, printed: str) -> None:
    assert jp.format_date(date, **kw) == printed


def test_time_forms() -> None:
    assert jp.format_time(dt.time(14, 0), dt.time(15, 56), "colon_range", "ascii") == "14:00～15:56"
    assert (
        jp.format_time(dt.time(10, 0), dt.time(12, 0), "kara_made", "ascii")
        == "10時00分から12時00分まで"
    )
    assert jp.format_time(dt.time(14, 0), None, "gozen", "ascii", minutes=False) == "午後2時から"
