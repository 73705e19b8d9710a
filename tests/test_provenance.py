"""Provenance of an element: the first line's page, the last page it reaches, the union of its boxes there."""

from __future__ import annotations

import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.layout import Line, Rect
from pipeline.models import BBox, Provenance
from pipeline.segment.provenance import prov


def _folds(lines: list[Line]) -> Provenance | None:
    """The definition: ``min``/``max`` over the first page's boxes, ``max`` over every line's page."""
    if not lines:
        return None
    page = lines[0].page
    boxes = [ln.bbox for ln in lines if ln.page == page and ln.bbox is not None]
    last = max(ln.page for ln in lines)
    end_page = last if last > page else None
    if not boxes:
        return Provenance(page=page, end_page=end_page)
    return Provenance(page=page, end_page=end_page, bbox=BBox(
        x0=round(min(b.x0 for b in boxes), 2), top=round(min(b.top for b in boxes), 2),
        x1=round(max(b.x1 for b in boxes), 2), bottom=round(max(b.bottom for b in boxes), 2)))


# Few distinct values, signed zeros among them, so ties and -0.0 against 0.0 are common.
_coord = st.sampled_from([0.0, -0.0, 1.0, 1.004, 1.005, 12.5, 300.0, -3.25, math.inf])
_box = st.one_of(st.none(), st.builds(Rect, _coord, _coord, _coord, _coord))
_line = st.builds(Line, st.just("x"), st.integers(1, 4), _box)


_ZEROS = Rect(0.0, 0.0, 0.0, 0.0), Rect(-0.0, -0.0, -0.0, -0.0)


@settings(max_examples=400, deadline=None)
@given(st.lists(_line, max_size=8))
@example([Line("x", 1, _ZEROS[0]), Line("x", 1, _ZEROS[1])])  # ties: the first value stays, sign and all
@example([Line("x", 1, _ZEROS[1]), Line("x", 1, _ZEROS[0])])
def test_prov_is_the_folds(lines: list[Line]) -> None:
    got, want = prov(lines), _folds(lines)
    assert got == want
    if want is not None and want.bbox is not None and got is not None and got.bbox is not None:
        # == says 0.0 == -0.0; the JSON would not: the sign must be the folds' too.
        signs = [math.copysign(1.0, v) for v in (got.bbox.x0, got.bbox.top, got.bbox.x1, got.bbox.bottom)]
        assert signs == [math.copysign(1.0, v) for v in (want.bbox.x0, want.bbox.top, want.bbox.x1, want.bbox.bottom)]


def test_prov_covers_the_first_page_only() -> None:
    lines = [
        Line("a", 3, Rect(10.0, 20.0, 50.0, 30.0)),
        Line("b", 3, Rect(5.0, 32.0, 40.0, 42.0)),
        Line("c", 4, Rect(0.0, 0.0, 500.0, 800.0)),  # the next page: counted in end_page, not in the box
    ]
    assert prov(lines) == Provenance(page=3, end_page=4, bbox=BBox(x0=5.0, top=20.0, x1=50.0, bottom=42.0))
