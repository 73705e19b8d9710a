"""Warnings as a reader wants them: one per kind, with every page it concerns.

Stages raise warnings where they notice something, page by page (81 identical
``unclassified_page`` warnings for an 81-page report). This module folds them,
once, at the end of segmentation: warnings with the same code and the same
message become one, their pages merged and sorted. Messages therefore never
name a page; the page list carries that. First-seen order is kept, so the
output is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.layout import Notice
from pipeline.models import Warning


def notice_warnings(notices: Iterable[Notice]) -> list[Warning]:
    """Extraction/cleaning notices as published warnings."""
    out = []
    for notice in notices:
        pages = {*notice.pages, *([notice.page] if notice.page else [])}
        out.append(Warning(code=notice.code, message=notice.message, pages=sorted(pages)))
    return out


def aggregate_warnings(warnings: Iterable[Warning]) -> list[Warning]:
    """One warning per (code, message), pages merged; first-seen order."""
    merged: dict[tuple[str, str], set[int]] = {}
    for warning in warnings:
        merged.setdefault((warning.code, warning.message), set()).update(warning.pages)
    return [Warning(code=code, message=message, pages=sorted(pages)) for (code, message), pages in merged.items()]


def finish_warnings(warnings: Iterable[Warning], notices: Iterable[Notice]) -> list[Warning]:
    """The document's final warning list: segmenters' warnings, then notices, folded."""
    return aggregate_warnings([*warnings, *notice_warnings(notices)])


def page_ranges(pages: Iterable[int]) -> str:
    """``[3, 4, 5, 9]`` → ``'3–5, 9'`` (en dash), for messages and the CLI."""
    spans: list[list[int]] = []
    for page in sorted(set(pages)):
        if spans and page == spans[-1][1] + 1:
            spans[-1][1] = page
        else:
            spans.append([page, page])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)
