"""Page classification by structure: headings, header fields, table shape, submitter lines.

Only the vocabulary of the genre is used (次第, 日時, 資料名, 基本目標, 提出 …),
never a document's own words, so another city's papers classify the same way.
"""

from __future__ import annotations

import regex

from pipeline.layout import Page
from pipeline.segment.agenda import field_of
from pipeline.segment.labels import split_label
from pipeline.segment.materials import ROW_RE, material_table_columns
from pipeline.segment.opinions import has_submitter_lines
from pipeline.segment.plan import is_plan_page

AGENDA_TITLE = regex.compile(r"次第$|^議事日程|^会議次第")
MATERIALS_TITLE = regex.compile(r"^(?:配布|配付)?資料一覧$|^(?:配布|配付)資料$|(?:議案|資料|案件)一覧表?$")
OPINION_TITLE = regex.compile(r"意見|提案シート|質問票")
PAGE_NUMBER = regex.compile(r"^[-–—‐ー]?\s*\d{1,4}\s*[-–—‐ー]?$|^\d+\s*/\s*\d+$")
SECTION_LABEL = regex.compile(r"^(?:参考)?資料\s*\d+(?:\s*[-ー－]\s*\d+)?$")
SECTION_NOTE = regex.compile(r"^\((?:事前|当日|机上|席上|追加)?(?:配布|配付)\)$")


def classify_page(page: Page, previous: str | None) -> tuple[str, str | None]:
    """(kind, heading that decided it)."""
    lines = [ln for ln in page.lines if not (PAGE_NUMBER.match(ln.text.strip()) and ln.cell is None)]
    if not page.has_text_layer or not lines:
        return "empty", None
    if is_plan_page(lines, page.tables):
        return "plan", None
    top = [ln.text.strip() for ln in lines[:8]]
    for text in top:
        if AGENDA_TITLE.search(text.replace(" ", "")):
            return "agenda", text
    fields = {f[0] for f in (field_of(_strip_label(ln.text)) for ln in lines[:30]) if f is not None}
    if {"date", "place"} <= fields or ("date" in fields and "agenda" in fields):
        return "agenda", None
    for text in top:
        if MATERIALS_TITLE.search(text.replace(" ", "")):
            return "materials", text
    if any(material_table_columns(t) for t in page.tables):
        return "materials", None
    if has_submitter_lines(lines):
        heading = next((t for t in top if OPINION_TITLE.search(t)), None)
        return "opinions", heading
    if previous == "materials" and sum(1 for ln in lines if ROW_RE.match(ln.text.strip())) * 2 >= len(lines):
        return "materials", None  # a list running over a page break
    if previous == "opinions":
        return "opinions", None  # an opinion sheet running over a page break
    return "other", None


def _strip_label(text: str) -> str:
    labelled = split_label(text)
    return labelled.rest if labelled else text
