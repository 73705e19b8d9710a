"""Provenance (page + bbox) for elements built from one or more layout lines."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.layout import Line
from pipeline.models import BBox, Provenance


def prov(lines: Sequence[Line]) -> Provenance | None:
    """Page of the first line (and the last line's page when later); bbox covering the lines on the first page."""
    if not lines:
        return None
    page = lines[0].page
    box = None
    for line in lines:
        if line.page != page or line.bbox is None:
            continue
        box = line.bbox if box is None else box.union(line.bbox)
    last = max(line.page for line in lines)
    end_page = last if last > page else None
    if box is None:
        return Provenance(page=page, end_page=end_page)
    return Provenance(
        page=page,
        end_page=end_page,
        bbox=BBox(x0=round(box.x0, 2), top=round(box.top, 2), x1=round(box.x1, 2), bottom=round(box.bottom, 2)),
    )
