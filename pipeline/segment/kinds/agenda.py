"""The agenda kind (次第 / 議事日程): a thin adapter over :mod:`pipeline.segment.agenda`.

Detected by a title in the block's first lines (…次第, 議事日程, 会議次第), or
by the header fields an agenda prints (日時 and 場所, or 日時 and 議題).
"""

from __future__ import annotations

import regex

from pipeline.models import Document
from pipeline.segment.agenda import AgendaResult, field_of, segment_agenda
from pipeline.segment.kinds.base import Block, Claim, detect_lines
from pipeline.segment.labels import split_label

AGENDA_TITLE = regex.compile(r"次第$|^議事日程|^会議次第")


def _strip_label(text: str) -> str:
    labelled = split_label(text)
    return labelled.rest if labelled else text


def agenda_heading(block: Block) -> tuple[float, str | None]:
    """(score, the title that decided it): 5 for a title, 4.5 for header fields."""
    lines = detect_lines(block)
    for line in lines[:8]:
        text = line.text.strip()
        if AGENDA_TITLE.search(text.replace(" ", "")):
            return 5.0, text
    fields = {f[0] for f in (field_of(_strip_label(ln.text)) for ln in lines[:30]) if f is not None}
    if {"date", "place"} <= fields or ("date" in fields and "agenda" in fields):
        return 4.5, None
    return 0.0, None


class AgendaKind:
    name = "agenda"
    continuous = False

    def detect(self, block: Block) -> float:
        return agenda_heading(block)[0]

    def segment(self, block: Block) -> Claim[AgendaResult]:
        result = segment_agenda(block.lines)
        return Claim(self.name, result, frozenset(result.used), list(result.warnings), agenda_heading(block)[1])

    def merge(self, doc: Document, claim: Claim[AgendaResult]) -> None:
        res = claim.part
        if doc.agenda is None and res.agenda is not None:
            doc.agenda = res.agenda
            if doc.meeting.title is None:
                doc.meeting = res.meeting
        elif res.agenda is not None and doc.agenda is not None:
            doc.agenda.items.extend(res.agenda.items)
        if doc.meeting.date is None and res.meeting.date is not None:
            doc.meeting = res.meeting
        doc.materials.extend(res.materials)
