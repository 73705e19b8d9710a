"""Nothing lost, page by page: every page's characters reach elements that name that page.

The ledger in ``segment()`` puts every line in exactly one place; this checks
the result on every PDF of ``../shared/corpus`` (real/, synthetic/, archive/),
the shipped samples and the generated suite: per-page character recall ≥ 0.98
on every page with at least 40 characters (measure: ``tests/page_recall.py``;
table of the worst pages: ``python bench/page_recall.py``). On archive/, the
same parse also runs the corpus-strings checks (``tests/corpus_strings.py``:
no placeholder, no private-use character, no wrap kept inside a paragraph),
which the other corpus folders get in ``tests/test_corpus_strings.py``.
Corpus files skip cleanly when ``../shared`` is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CORPUS, REPO
from tests.corpus_strings import kept_wraps, problems
from tests.docgen import GeneratedDoc, suite
from tests.docgen.layouts import layout_suite
from tests.page_recall import (
    MIN_CHARS,
    PageRecall,
    file_recall,
    page_recall,
    parse_cached,
    parse_layout,
)

THRESHOLD = 0.98
CORPUS_PDFS = sorted(CORPUS.rglob("*.pdf")) if CORPUS.exists() else []
ARCHIVE = CORPUS / "archive"
SHIPPED = sorted(p for p in (REPO / "raw").iterdir() if p.is_file())


def _low(rows: list[PageRecall]) -> list[str]:
    return [
        f"p.{r.page}: {r.recall:.3f} of {r.chars} chars (missing {r.missing!r})"
        for r in rows
        if r.chars >= MIN_CHARS and r.recall < THRESHOLD
    ]


@pytest.mark.pdf
@pytest.mark.skipif(not CORPUS_PDFS, reason="../shared/corpus not present")
@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_pages_keep_their_text(path: Path) -> None:
    # real/ files are read by tests/test_real_corpus.py too: parse them once per session.
    layout, doc = parse_cached(path) if path.parent.name == "real" else parse_layout(path)
    assert _low(page_recall(layout, doc, path.name)) == []
    if ARCHIVE in path.parents:
        # tests/test_corpus_strings.py's checks, on this same parse (archive/ is parsed nowhere else).
        data = doc.model_dump(mode="json")
        assert problems(data) + kept_wraps(layout, data) == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_pages_keep_their_text(path: Path) -> None:
    assert _low(file_recall(path)) == []


@pytest.mark.pdf
@pytest.mark.parametrize("gen", [*suite(), *layout_suite()], ids=lambda d: d.name)
def test_generated_pages_keep_their_text(gen: GeneratedDoc) -> None:
    assert _low(file_recall(Path(f"{gen.name}.pdf"), gen.pdf_bytes)) == []


def test_a_page_that_loses_text_is_caught() -> None:
    """The measure itself: a page whose lines reach no element scores below the threshold."""
    from pipeline.clean import clean_layout
    from pipeline.extract.text import extract_text
    from pipeline.models import Document, Source

    layout = clean_layout(extract_text("令和6年度第1回○○審議会次第\n日時 令和6年5月1日\n1 開会\n2 議事について話し合う\n".encode()))
    empty = Document(source=Source(file_name="x.txt", sha256="-", kind="text", pages=1))
    (row,) = page_recall(layout, empty, "x.txt")
    assert row.recall == 0.0 and row.chars >= 20
