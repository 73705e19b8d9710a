"""The lean pdfminer device gives exactly pdfplumber's own values: chars, edges and images.

:mod:`pipeline.extract.engines.plumber_device` replaces pdfplumber's layout
objects and their dicts; each page here is read both ways, from two separately
opened copies of the file, and compared value for value with ``page.chars``
(the eight keys the stages read), ``page.edges`` (pdfplumber's own
``line_to_edge``/``rect_to_edges``/``curve_to_edges``, in its order) and
``page.images``, shifted into the page frame as the adapter shifts them.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.extract.engines import plumber_interp
from pipeline.extract.engines.base import Ruling
from pipeline.extract.engines.plumber import page_frame
from pipeline.extract.engines.plumber_device import CHAR_KEYS, read_page
from pipeline.extract.pdfopen import reason
from tests import pdfkit
from tests.conftest import CORPUS, REPO


def _same_as_pdfplumber(data: bytes) -> tuple[int, int, int]:
    """Compare every page; returns how many (chars, rulings, images) were compared."""
    chars = rulings = images = 0
    with pdfplumber.open(io.BytesIO(data)) as ours, pdfplumber.open(io.BytesIO(data)) as theirs:
        for mine, reference in zip(ours.pages, theirs.pages):
            _width, _height, dx, dy = page_frame(mine)
            page = read_page(mine, dx, dy)
            where = f"page {reference.page_number}"
            assert page.chars == [{k: c[k] for k in CHAR_KEYS} for c in reference.chars], where
            edges = [Ruling(e["x0"] - dx, e["top"] - dy, e["x1"] - dx, e["bottom"] - dy, e["orientation"]) for e in reference.edges]
            assert page.rulings == edges, where
            boxes = [(o["x0"] - dx, o["top"] - dy, o["x1"] - dx, o["bottom"] - dy) for o in reference.images]
            assert page.images == boxes, where
            chars, rulings, images = chars + len(page.chars), rulings + len(edges), images + len(boxes)
    return chars, rulings, images


def test_generated_pdf_with_tables_and_overprint() -> None:
    chars, rulings, _ = _same_as_pdfplumber((REPO / "raw" / "generated-shingikai-024.pdf").read_bytes())
    assert chars > 1000 and rulings > 10


def test_reportlab_page_with_a_ruled_grid_vertical_text_lines_and_curves() -> None:
    def draw(c):  # type: ignore[no-untyped-def]
        pdfkit.text(c, 72, 72, "第1回 会議次第")
        pdfkit.vertical(c, 100, 150, "縦書きの理念")
        pdfkit.ruled_grid(c, 150, 150, [60, 200], [20, 20, 20], merged=[(1, 0, 2, 1)])
        pdfkit.text(c, 215, 155, "資料名")
        c.line(72, 400, 300, 400)  # a line; then a slanted one, a triangle and a Bézier curve
        c.line(72, 420, 300, 460)
        path = c.beginPath()
        path.moveTo(72, 500)
        path.lineTo(150, 500)
        path.lineTo(100, 560)
        path.close()
        path.moveTo(200, 500)
        path.curveTo(220, 560, 260, 560, 280, 500)
        c.drawPath(path)

    chars, rulings, _ = _same_as_pdfplumber(pdfkit.build(draw))
    assert chars > 5 and rulings > 20


@pytest.mark.parametrize(
    "name",
    ["kampo-gazette-vertical.pdf", "nankoku-water-budget-r8.pdf", "cjk-fake-bold-2x.pdf", "kodaira-council-2020-05-agenda.pdf"],
)
def test_real_pdfs(name: str) -> None:
    path: Path = CORPUS / "real" / name
    if not path.exists():
        pytest.skip("../shared/corpus/real not present")
    assert _same_as_pdfplumber(path.read_bytes())[0] > 0


def test_a_failing_content_stream_is_worded_as_pdfplumber_words_it() -> None:
    """A page whose interpreter fails raises PdfminerException, as ``page.layout`` does."""
    with pdfplumber.open(io.BytesIO((REPO / "raw" / "generated-shingikai-024.pdf").read_bytes())) as pdf:
        pdf_page = pdf.pages[0]
        pdf_page.page_obj.mediabox = [0, 0, "wide", 842]  # apply_matrix_rect fails on it, as in pdfminer's device
        with pytest.raises(PdfminerException) as caught:
            read_page(pdf_page, 0.0, 0.0)
    assert reason(caught.value).startswith("truncated or corrupt PDF (TypeError")


def _read_all(data: bytes) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for pdf_page in pdf.pages:
            page = read_page(pdf_page, *page_frame(pdf_page)[2:])
            out.append((page.chars, page.rulings, page.images))
    return out


def test_the_fast_operator_loop_runs_and_its_fallback_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loop is in use with the installed pdfminer, and pdfminer's own loop gives the same objects,
    on a page with an inline image (BI/ID/EI, left to pdfminer's parser), a form XObject and text arrays."""
    from PIL import Image

    def draw(c):  # type: ignore[no-untyped-def]
        pdfkit.text(c, 72, 72, "第1回 会議次第")
        c.drawInlineImage(Image.new("RGB", (4, 3), "red"), 72, 600, 40, 30)
        c.beginForm("stamp")
        pdfkit.text(c, 300, 100, "資料名")
        c.rect(290, 80, 80, 40)
        c.endForm()
        c.doForm("stamp")
        pdfkit.ruled_grid(c, 150, 150, [60, 200], [20, 20])

    assert plumber_interp.fast_loop_usable(), "pdfminer changed: check plumber_interp against it, then update _KNOWN_SOURCE"
    data = pdfkit.build(draw)
    fast = _read_all(data)
    (chars, rulings, images), = fast
    assert len(images) == 1 and len(chars) > 5 and len(rulings) > 8
    assert _same_as_pdfplumber(data) == (len(chars), len(rulings), 1)
    monkeypatch.setattr(plumber_interp, "fast_loop_usable", lambda: False)
    assert _read_all(data) == fast
