"""Warnings: one per kind with its pages, and only codes the contract lists."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from pipeline.layout import Notice
from pipeline.models import Warning, document_json_schema
from pipeline.segment.aggregate import aggregate_warnings, finish_warnings, page_ranges
from pipeline.warning_codes import WARNING_CODES
from tests.conftest import REPO

# How code is written where a warning is raised: Warning(code="x", …) or Notice("x", …).
_EMITTED = re.compile(r"""(?:code=|Notice\(\s*)["']([a-z_]+)["']""")


def emitted_codes() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "pipeline").rglob("*.py"):
        found |= set(_EMITTED.findall(path.read_text("utf-8")))
    return found


def test_every_code_the_pipeline_emits_is_listed() -> None:
    emitted = emitted_codes()
    assert len(emitted) >= 10, "the scan found too few codes: has the way warnings are raised changed?"
    assert emitted - set(WARNING_CODES) == set()


def test_every_listed_code_has_a_one_line_description() -> None:
    for code, meaning in WARNING_CODES.items():
        assert re.fullmatch(r"[a-z][a-z_]+", code)
        assert meaning and "\n" not in meaning


def test_schema_publishes_the_codes_as_an_enum_and_dates_as_dates() -> None:
    defs = document_json_schema()["$defs"]
    assert defs["Warning"]["properties"]["code"]["enum"] == list(WARNING_CODES)
    assert defs["Meeting"]["properties"]["date"]["anyOf"][0]["format"] == "date"
    assert "pattern" in defs["Meeting"]["properties"]["start_time"]["anyOf"][0]


def test_an_unknown_code_is_rejected() -> None:
    with pytest.raises(ValidationError, match="warning_codes.py"):
        Warning(code="made_up", message="x", pages=[1])


def test_per_page_warnings_fold_into_one_with_their_pages() -> None:
    per_page = [Warning(code="unclassified_page", message="kept as text", pages=[p]) for p in (5, 3, 4, 33)]
    other = Warning(code="impossible_date", message="impossible date '令和2年2月30日'", pages=[1])
    folded = aggregate_warnings([per_page[0], other, *per_page[1:]])
    assert [(w.code, w.pages) for w in folded] == [("unclassified_page", [3, 4, 5, 33]), ("impossible_date", [1])]
    assert page_ranges(folded[0].pages) == "3–5, 33"


def test_notices_join_the_segmenters_warnings() -> None:
    notices = [Notice("no_text_layer", "no text layer (scanned image?)", page=p) for p in (1, 2)]
    notices.append(Notice("unmapped_glyphs", "3 glyphs", pages=(2, 7)))
    folded = finish_warnings([], notices)
    assert [(w.code, w.pages) for w in folded] == [("no_text_layer", [1, 2]), ("unmapped_glyphs", [2, 7])]
