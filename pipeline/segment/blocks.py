"""Cutting a page's body into blocks, the unit a section kind is detected on."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.layout import Line, Page
from pipeline.segment.kinds.base import Block


def cut_blocks(page: Page, body: Sequence[Line]) -> list[Block]:
    """The blocks of one page, in reading order (``body``: its lines without page marks)."""
    return [Block(pages=(page.number,), lines=tuple(body), tables=tuple(page.tables))]
