"""The agenda kind (次第 / 議事日程): a thin adapter over :mod:`pipeline.segment.agenda`.

Detected by a title in the block's first lines (…次第, 議事日程, 会議次第), or
by the header fields an agenda prints (日時 and 場所, or 日時 and 議題).
"""

from __future__ import annotations

import regex

from pipeline.models import Document, Meeting
from pipeline.segment.agenda import AGENDA_TITLE, FIELD_KEYS, AgendaResult, field_of, segment_agenda
from pipeline.segment.kinds.base import Block, Claim, detect_lines, shut_out
from pipeline.segment.labels import split_label
from pipeline.segment.materials import nest_materials


def _strip_label(text: str) -> str:
    labelled = split_label(text)
    return labelled.rest if labelled else text


# The gate (kinds.base.shut_out): every title AGENDA_TITLE finds holds 次第 or 議事日程,
# and every header reading that scores holds a date field (FIELD_KEYS["date"], taken
# from there so a new date key opens the gate too).
VOCABULARY = regex.compile(rf"次第|議事日程|{FIELD_KEYS['date']}")


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
        if shut_out(block, self.name, VOCABULARY):
            return 0.0
        return agenda_heading(block)[0]

    def segment(self, block: Block) -> Claim[AgendaResult]:
        result = segment_agenda(block.lines)
        return Claim(self.name, result, frozenset(result.used), list(result.warnings), agenda_heading(block)[1])

    def merge(self, doc: Document, claim: Claim[AgendaResult]) -> None:
        """Each agenda stays separate, with the meeting facts printed above it.

        The document's meeting is the first agenda's that names the meeting (or,
        failing that, the first that prints a date).
        """
        res = claim.part
        meeting = res.meeting if res.meeting != Meeting() else None
        first = res.agenda.items and not any(a.items for a in doc.agendas)
        if res.agenda.items or res.agenda.heading or meeting is not None:
            doc.agendas.append(res.agenda.model_copy(update={"meeting": meeting}))
        if first and doc.meeting.title is None:
            doc.meeting = res.meeting
        if doc.meeting.date is None and res.meeting.date is not None:
            doc.meeting = res.meeting
        nest_materials(doc.materials, res.materials)
