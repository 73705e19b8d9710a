"""Opinion sheets (意見・提案シート): numbered opinions closed by submitter lines.

A submitter line (（提出：X委員）, 提出者：X, X委員より) attributes every opinion
before it that has no submitter yet, so one member's several opinions share one
line. Opinions are numbered in sequence; a label that breaks the sequence (a
quoted ④ or "5 番目" at the start of a wrapped line) continues the text instead,
and the sequence goes on past 999 (1000 is read as the label after 999).
Unnumbered sheets are split into paragraphs by layout (blank lines, gaps, short
last lines).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from pipeline.layout import Line
from pipeline.models import Opinion
from pipeline.segment.flow import Flow, join_wrapped
from pipeline.segment.labels import MAX_LABEL_NUMBER, label_after, split_label
from pipeline.segment.provenance import prov

# Every form must hold a word of kinds/opinions.py's VOCABULARY (its gate): extend that with a new one.
SUBMITTER_RES = [
    regex.compile(r"^[(（]\s*提出者?\s*[:：]\s*(?P<name>[^)）]+?)\s*[)）]$"),
    regex.compile(r"^提出者?\s*[:：]\s*(?P<name>.+?)$"),
    regex.compile(r"^[(（]?\s*(?P<name>\S+?(?:委員|会長|副会長|議員))\s*(?:より|から)\s*[)）]?$"),
]
_OPENERS = ("・", "○", "〇", "●", "◯")


@lru_cache(maxsize=8192)
def submitter_of(text: str) -> str | None:
    """The submitter a line names, remembered per text (every block's detection asks it of every line)."""
    for pattern in SUBMITTER_RES:
        m = pattern.match(text.strip())
        if m:
            return m["name"].strip()
    return None


def has_submitter_lines(lines: Sequence[Line]) -> bool:
    return any(submitter_of(ln.text) for ln in lines)


@dataclass
class _Draft:
    label: str | None
    number: int | None
    parts: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    submitter: str | None = None
    submitter_line: str | None = None


def segment_opinions(lines: Sequence[Line]) -> tuple[list[Opinion], set[int]]:
    """Opinions and the ids of the lines they used. Lines before the first opinion are left alone."""
    flow = Flow(lines)
    numbered_style = _opinion_style(lines)
    drafts: list[_Draft] = []
    attributed = 0  # drafts[:attributed] have their submitter; a submitter line names all the rest
    used: set[int] = set()
    current: _Draft | None = None
    prev: Line | None = None
    first_body = _first_body_line(lines, flow) if numbered_style is None else 0
    for index, line in enumerate(lines):
        if index < first_body:
            continue  # the sheet's heading lines stay as text
        name = submitter_of(line.text)
        if name is not None:
            # Only the drafts since the last submitter line: walking every draft again
            # made a long sheet (a book of opinions read as one block) quadratic: the
            # 800-page generated book's 16,822-line sheet, old and new alternating,
            # best of 5: 0.098 → 0.041 CPU ms/page.
            for draft in drafts[attributed:]:
                draft.submitter, draft.submitter_line = name, line.text.strip()
            attributed = len(drafts)
            used.add(id(line))
            current, prev = None, line
            continue
        labelled = split_label(line.text)
        if labelled is None and numbered_style is not None and drafts and (drafts[-1].number or 0) >= MAX_LABEL_NUMBER:
            labelled = label_after(line.text, numbered_style, drafts[-1].number or 0)  # 1000 after 999
        starts = False
        if numbered_style is not None:
            if labelled is not None and labelled.label.style == numbered_style:
                expected = (drafts[-1].number or 0) + 1 if drafts else None
                starts = expected is None or labelled.label.number == expected
        else:
            starts = current is None or line.break_before or line.text.lstrip().startswith(_OPENERS) or (
                prev is not None and not flow.wraps(prev)
            )
        if starts:
            if labelled is not None and numbered_style is not None:
                current = _Draft(labelled.label.printed, labelled.label.number, [labelled.rest], [line])
            else:
                current = _Draft(None, None, [line.text], [line])
            drafts.append(current)
            used.add(id(line))
        elif current is not None:
            current.parts.append(line.text)
            current.lines.append(line)
            used.add(id(line))
        prev = line
    opinions = [
        Opinion(
            number=d.number,
            label=d.label,
            text=join_wrapped(d.parts),
            submitter=d.submitter,
            submitter_line=d.submitter_line,
            provenance=prov(d.lines),
        )
        for d in drafts
        if join_wrapped(d.parts)
    ]
    return opinions, used


def _opinion_style(lines: Sequence[Line]) -> str | None:
    """The numbering family of the opinions: the first label style that recurs before a submitter line."""
    seen: dict[str, int] = {}
    for line in lines:
        if submitter_of(line.text):
            break
        labelled = split_label(line.text)
        if labelled is not None and labelled.label.style != "bullet":
            seen[labelled.label.style] = seen.get(labelled.label.style, 0) + 1
            if labelled.label.number == 1 or seen[labelled.label.style] >= 2:
                return labelled.label.style
    return None


def _first_body_line(lines: Sequence[Line], flow: Flow) -> int:
    """Index of the first opinion line of an unnumbered sheet.

    Headings above the opinions are short lines; the first opinion is the first
    line that runs to the margin (a wrapped paragraph) or that a submitter line
    closes directly.
    """
    for i, line in enumerate(lines):
        if submitter_of(line.text):
            return i
        if flow.wraps(line) or (i + 1 < len(lines) and submitter_of(lines[i + 1].text)):
            return i
    return len(lines)
