"""The fast character reader gives exactly pdfplumber's own values for the keys the stages read."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from pipeline.extract.objects import CHAR_KEYS, load_objects
from tests import pdfkit
from tests.conftest import CORPUS, REPO


def _same_as_pdfplumber(data: bytes) -> int:
    compared = 0
    with pdfplumber.open(io.BytesIO(data)) as ours, pdfplumber.open(io.BytesIO(data)) as theirs:
        for mine, reference in zip(ours.pages, theirs.pages):
            chars = load_objects(mine)
            expected = [{k: c[k] for k in CHAR_KEYS} for c in reference.chars]
            assert chars == expected, f"page {reference.page_number}"
            for kind in ("rect", "line", "curve", "image"):
                # Image dicts hold their stream object, which differs between two open files.
                def strip(objs):  # type: ignore[no-untyped-def]
                    return [{k: v for k, v in o.items() if k != "stream"} for o in objs]

                assert strip(mine.objects.get(kind, [])) == strip(reference.objects.get(kind, [])), kind
            assert len(mine.find_tables()) == len(reference.find_tables())
            compared += len(chars)
    return compared


def test_generated_pdf_with_tables_and_overprint() -> None:
    assert _same_as_pdfplumber((REPO / "raw" / "generated-shingikai-024.pdf").read_bytes()) > 1000


def test_reportlab_page_with_a_ruled_grid_and_vertical_text() -> None:
    def draw(c):  # type: ignore[no-untyped-def]
        pdfkit.text(c, 72, 72, "第1回 会議次第")
        pdfkit.vertical(c, 100, 150, "縦書きの理念")
        pdfkit.ruled_grid(c, 150, 150, [60, 200], [20, 20, 20], merged=[(1, 0, 2, 1)])
        pdfkit.text(c, 215, 155, "資料名")

    assert _same_as_pdfplumber(pdfkit.build(draw)) > 5


@pytest.mark.parametrize(
    "name", ["kampo-gazette-vertical.pdf", "nankoku-water-budget-r8.pdf", "cjk-fake-bold-2x.pdf", "kodaira-council-2020-05-agenda.pdf"]
)
def test_real_pdfs(name: str) -> None:
    path: Path = CORPUS / "real" / name
    if not path.exists():
        pytest.skip("../shared/corpus/real not present")
    assert _same_as_pdfplumber(path.read_bytes()) > 0
