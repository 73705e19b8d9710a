"""Provenance (page + bbox) for elements built from one or more layout lines."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from pipeline.layout import Line
from pipeline.models import BBox, Provenance


def prov(lines: Sequence[Line]) -> Provenance | None:
    """Page of the first line (and the last line's page when later); bbox covering the lines on the first page."""
    if not lines:
        return None
    page = lines[0].page
    # The union of the boxes as four folds, not a Rect per line: a text block may hold a page.
    boxes = [line.bbox for line in lines if line.page == page and line.bbox is not None]
    last = max(line.page for line in lines)
    end_page = last if last > page else None
    if not boxes:
        return Provenance(page=page, end_page=end_page)
    x0, top = min(b.x0 for b in boxes), min(b.top for b in boxes)
    x1, bottom = max(b.x1 for b in boxes), max(b.bottom for b in boxes)
    return Provenance(
        page=page,
        end_page=end_page,
        bbox=BBox(x0=round(x0, 2), top=round(top, 2), x1=round(x1, 2), bottom=round(bottom, 2)),
    )


def drop_geometry(value: object) -> None:
    """Set every ``provenance.bbox`` under ``value`` to None (text input).

    Layout text is read with boxes in grid points (see
    :mod:`pipeline.extract.textgrid`) so the segmenters can use its geometry,
    but those are not positions on paper: the contract says text input has no
    bbox, so they never reach the output.
    """
    if isinstance(value, Provenance):
        value.bbox = None
    elif isinstance(value, list):
        for item in value:
            drop_geometry(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            drop_geometry(getattr(value, name))
