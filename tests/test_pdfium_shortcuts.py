"""The two facts about PDFium that the fast pdfium adapter relies on, checked on real pages.

* A path's points can be read in one copy of PDFium's point array
  (``_path_points``) and give what the per-point API gives (``_api_points``).
* Every character PDFium attributes to a text object has the same matrix, so
  the adapter reads it once per object.

If a PDFium update broke either, the adapter would still be right for the first
(it checks the layout and falls back to the API) but slow; for the second, wrong.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as R
import pytest

from pipeline.extract.engines import pdfium as adapter
from tests.conftest import CORPUS
from tests.docgen import suite

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _pdfs() -> list[tuple[str, bytes]]:
    out = [(f"{g.name}.pdf", g.pdf_bytes) for g in suite()]
    if CORPUS.is_dir():
        out += [(p.name, p.read_bytes()) for p in sorted((CORPUS / "real").glob("*.pdf"))]
    return out


def _pages(data: bytes) -> Iterator[tuple[Any, Any]]:
    """Each page with its text page, closed (and the document) once the next is asked for."""
    doc = pdfium.PdfDocument(data)
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            try:
                yield page, textpage
            finally:
                textpage.close()
                page.close()
    finally:
        doc.close()


@pytest.mark.pdf
def test_path_points_read_in_one_copy_equal_the_api_point_by_point() -> None:
    paths = 0
    for _name, data in _pdfs():
        for page, _textpage in _pages(data):
            for obj, kind, _parent in adapter._walk(adapter._address(page.raw), IDENTITY, []):
                if kind != R.FPDF_PAGEOBJ_PATH:
                    continue
                n = adapter._segment_count(obj)
                assert adapter._path_points(obj, n) == adapter._api_points(obj, n)
                paths += n > 1
    assert paths > 100  # tables and rules were really read
    assert adapter._bulk_points is True  # the one-copy reading was used, not the fallback


@pytest.mark.pdf
def test_every_character_of_a_text_object_has_the_same_matrix() -> None:
    m = R.FS_MATRIX()
    objects = 0
    for name, data in _pdfs():
        for _page, textpage in _pages(data):
            matrices: dict[int, set[tuple[float, ...]]] = {}
            for i in range(R.FPDFText_CountChars(textpage.raw)):
                obj = adapter._char_object(adapter._address(textpage.raw), i)
                if obj and not R.FPDFText_IsGenerated(textpage.raw, i):
                    R.FPDFText_GetMatrix(textpage.raw, i, ctypes.byref(m))
                    matrices.setdefault(obj, set()).add((m.a, m.b, m.c, m.d, m.e, m.f))
            for seen in matrices.values():
                assert len(seen) == 1, name
                objects += 1
    assert objects > 1000
