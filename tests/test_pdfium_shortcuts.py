"""The two facts about PDFium that the fast pdfium adapter relies on, checked on real pages.

* A path's points can be read in one copy of PDFium's point array
  (``_path_points``) and give what the per-point API gives (``_api_points``).
* PDFium keeps no path object that is neither stroked nor filled (a clip,
  ``W n``), so the adapter does not ask a path's draw mode; and a path's point
  count, -1 for other objects, tells paths apart without asking the type.
* Every character PDFium attributes to a text object has the same matrix, so
  the adapter reads it once per object.

If a PDFium update broke the first, the adapter would still be right (it checks
the layout and falls back to the API) but slow; for the others, wrong.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as R
import pytest

from pipeline.extract.engines import pdfium as adapter
from pipeline.extract.glyphs import Glyph, blank
from tests import pdfkit
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
            for obj, kind, _parent, n in adapter._walk(adapter._address(page.raw), IDENTITY, []):
                # The walk tells paths by their point count: PDFium's own type must agree
                # (asked directly; the walk's ``kind`` is derived from ``n``).
                assert (adapter._object_type(obj) == R.FPDF_PAGEOBJ_PATH) == (n >= 0)
                if kind != R.FPDF_PAGEOBJ_PATH:
                    continue
                assert _painted(obj)
                assert adapter._path_points(obj, n) == adapter._api_points(obj, n)
                paths += n > 1
    assert paths > 100  # tables and rules were really read
    assert adapter._bulk_points is True  # the one-copy reading was used, not the fallback


def _painted(obj: int) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    assert R.FPDFPath_GetDrawMode(ctypes.cast(obj, R.FPDF_PAGEOBJECT), ctypes.byref(fill), ctypes.byref(stroke))
    return bool(fill.value or stroke.value)


def test_a_clipping_path_is_no_path_object() -> None:
    def draw(c):  # type: ignore[no-untyped-def]
        clip = c.beginPath()
        clip.rect(50, 50, 300, 300)
        c.clipPath(clip, stroke=0, fill=0)  # W n: clips, paints nothing
        c.line(72, 200, 300, 200)
        c.rect(80, 220, 100, 40, stroke=0, fill=1)

    for page, _textpage in _pages(pdfkit.build(draw)):
        paths = [(obj, n) for obj, _kind, _p, n in adapter._walk(adapter._address(page.raw), IDENTITY, []) if n >= 0]
        assert [n for _obj, n in paths] == [2, 5]  # the line and the filled rectangle, no clip
        assert all(_painted(obj) for obj, _n in paths)


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


def test_glyph_new_makes_what_the_constructor_makes() -> None:
    for text in ("あ", " ", "\u3000", "\u00a0", "\u200b", "1", "\ufffd"):
        for upright, vfont, down in ((True, False, True), (False, True, False)):
            args = (text, 1.5, 2.25, 3.5, 12.0, 9.75, upright, vfont, down)
            made, built = Glyph.new(*args, blank(text)), Glyph(*args)
            assert [getattr(made, s) for s in Glyph.__slots__] == [getattr(built, s) for s in Glyph.__slots__]


def _rotated(data: bytes, quarter_turns: int) -> bytes:
    """The document with every page's /Rotate set, saved by PDFium."""
    import io

    doc = pdfium.PdfDocument(data)
    try:
        for index in range(len(doc)):
            doc[index].set_rotation(90 * quarter_turns)
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()
    finally:
        doc.close()


def _contents(data: bytes) -> list[tuple[Any, ...]]:
    pdf = adapter.PdfiumPdf(data)
    try:
        out = []
        for index in range(pdf.page_count):
            content = pdf.read_page(index)
            glyphs = [tuple(getattr(g, name) for name in Glyph.__slots__ if name != "copies") for g in content.glyphs]
            out.append((content.width, content.height, glyphs, list(content.rulings), content.images))
        return out
    finally:
        pdf.close()


@pytest.mark.pdf
def test_the_short_glyph_and_rectangle_paths_give_the_general_paths_floats(monkeypatch: pytest.MonkeyPatch) -> None:
    """Horizontal glyphs of unrotated objects on an upright or quarter-turned page, and
    single-rectangle paths, take short paths that must give the general paths' floats
    exactly (parity with pdfplumber allows 0.5 pt, so it would not see a slip). Pages
    upright and turned by each /Rotate, read with the shortcuts on and off."""
    files = _pdfs()[:6]
    datas = [data for _name, data in files] + [_rotated(data, q) for _name, data in files[:3] for q in (1, 2, 3)]
    fast = [_contents(data) for data in datas]
    monkeypatch.setattr(adapter, "_UPRIGHT_PAGE", (9.0,) * 4)  # no frame takes the short glyph path
    monkeypatch.setattr(adapter, "_TURNED_PAGE", (9.0,) * 4)
    monkeypatch.setattr(adapter, "_LOOP", None)  # no path takes the short rectangle path
    slow = [_contents(data) for data in datas]
    assert sum(len(glyphs) for doc in fast for _w, _h, glyphs, _r, _i in doc) > 1000
    assert sum(len(rulings) for doc in fast for _w, _h, _g, rulings, _i in doc) > 100
    assert repr(fast) == repr(slow)  # repr: -0.0 and 0.0 told apart


def test_a_rectangles_rulings_are_those_of_min_and_max() -> None:
    """``_rectangle`` picks each side with comparisons written out and builds the rulings
    without the named tuple's ``__new__``; both paths of the walk call it, so the test
    above cannot see a slip in it. Here it is held to ``min``/``max`` and ``Ruling(...)``
    on every order of corner values, ties of 0.0 and -0.0, and infinities."""
    values = (-1.5, -0.0, 0.0, 2.25, float("inf"), -float("inf"))

    def reference(corners: list[tuple[float, float]]) -> list[adapter.Ruling]:
        (x0, y0), (_x1, _y1), (x2, y2), _ = corners
        left, right, top, bottom = min(x0, x2), max(x0, x2), min(y0, y2), max(y0, y2)
        return [adapter.Ruling(left, top, right, top, "h"), adapter.Ruling(left, bottom, right, bottom, "h"),
                adapter.Ruling(left, top, left, bottom, "v"), adapter.Ruling(right, top, right, bottom, "v")]

    checked = 0
    for xa in values:
        for xb in values:
            for ya in values:
                for yb in values:
                    for corners in ([(xa, ya), (xa, yb), (xb, yb), (xb, ya)], [(xa, ya), (xb, ya), (xb, yb), (xa, yb)]):
                        out: list[adapter.Ruling] = []
                        assert adapter._rectangle(corners, out)
                        expected = reference(corners)
                        assert repr(out) == repr(expected)  # repr: -0.0 and 0.0 told apart
                        assert all(type(r) is adapter.Ruling for r in out)
                        checked += 1
    assert checked == 2 * len(values) ** 4
    assert not adapter._rectangle([(0.0, 0.0), (1.0, 1.0), (2.0, 0.0), (0.0, 2.0)], [])  # not axis-aligned
