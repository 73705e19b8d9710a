"""Marks printed on a page rather than in its text: page numbers and section labels.

A page number (- 3 -, 3/12) in the top or bottom margin, and a material label
printed in a corner (資料1, 参考資料2-1, then (当日配布)) belong to the page,
not to the section the page holds; ``segment()`` takes them off before blocks
are cut, so no kind mistakes them for a row or a heading.
"""

from __future__ import annotations

import regex

from pipeline.layout import Line, Page

PAGE_NUMBER = regex.compile(r"^[-–—‐ー]?\s*\d{1,4}\s*[-–—‐ー]?$|^\d+\s*/\s*\d+$")
SECTION_LABEL = regex.compile(r"^(?:参考)?資料\s*\d+(?:\s*[-ー－]\s*\d+)?$")
_OPENS_WITH_LABEL = regex.compile(r"^(?:参考)?資料\s*\d+(?:\s*[-ー－]\s*\d+)?(?:\s|$)")
SECTION_NOTE = regex.compile(r"^\((?:事前|当日|机上|席上|追加)?(?:配布|配付)\)$")


def is_page_number_like(line: Line) -> bool:
    """A bare number outside any table (kinds ignore these when they detect)."""
    return line.cell is None and bool(PAGE_NUMBER.match(line.text.strip()))


def in_margin(line: Line, page: Page, index: int) -> bool:
    """A page number sits in the top or bottom margin (or is the first/last line of text input)."""
    if line.cell is not None:
        return False
    if line.bbox is not None and page.height:
        return line.bbox.top < 0.08 * page.height or line.bbox.bottom > 0.9 * page.height
    return index == 0 or index == len(page.lines) - 1


def page_marks(page: Page) -> tuple[str | None, list[Line], list[Line]]:
    """(the section label, the label's lines, the page-number lines) of one page."""
    label: str | None = None
    label_lines: list[Line] = []
    numbers: list[Line] = []
    # Text without geometry cannot show a corner: there a label is one only when
    # no other line of the page opens with a label; several are rows of a
    # material list, or its number column printed by itself (stream text), to
    # read, not marks to take off.
    loose = [ln for ln in page.lines if ln.bbox is None and ln.cell is None and _OPENS_WITH_LABEL.match(ln.text.strip())]
    column = len(loose) > 1
    for i, line in enumerate(page.lines):
        text = line.text.strip()
        if SECTION_LABEL.match(text) and line.cell is None and not (column and line.bbox is None):
            note = page.lines[i + 1].text.strip() if i + 1 < len(page.lines) else ""
            label = text.replace(" ", "")
            label_lines.append(line)
            if SECTION_NOTE.match(note):
                label += note
                label_lines.append(page.lines[i + 1])
        elif PAGE_NUMBER.match(text) and in_margin(line, page, i) and not _ends_a_count(page, i):
            numbers.append(line)
    return label, label_lines, numbers


def _ends_a_count(page: Page, index: int) -> bool:
    """Text input: a bare number N last on the page after a bare N-1 ends a column of numbers (1 … N), not a page number."""
    line = page.lines[index]
    if line.bbox is not None or not line.text.strip().isdecimal():
        return False
    before = next((ln.text.strip() for ln in reversed(page.lines[:index]) if ln.text.strip()), "")
    return before.isdecimal() and int(before) + 1 == int(line.text.strip())

