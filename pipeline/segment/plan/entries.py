"""A plan column's lines grouped into entries: numbered items, notes, headings, paragraphs.

Cells of a plan table are narrow, so a numbered item wraps anywhere and runs on
until the next item; a tag such as 【★新規】 may even wrap onto its own line.
Bullets and prose wrap only while their lines reach the margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from pipeline.layout import Line
from pipeline.models import Label
from pipeline.segment.flow import Flow, join_wrapped
from pipeline.segment.labels import kanji_number, split_label

TAG_RE = regex.compile(r"\s*【(?P<star>★)?\s*(?P<tag>[^】]+?)】\s*$")
NAMED_RE = regex.compile(
    r"^(?P<name>基本目標|基本施策|施策|目標)\s*(?P<num>\d+|[一二三四五六七八九十]+)\s*[.:：]?\s*(?P<rest>.*)$"
)
NAMED_LEVEL = {"基本目標": 0, "目標": 0, "基本施策": 1, "施策": 2}
BRACKET_ONLY = regex.compile(r"^【(?P<star>★)?(?P<body>[^】]+)】$")
SUBHEAD_RE = regex.compile(r"^[<＜〈《].*[>＞〉》]$")
PLAN_NOTE_RE = regex.compile(r"^※\s*(?P<rest>.*)$")
PLAN_HEADER = regex.compile(r"基本理念|基本目標|基本施策|施策|計画の体系")
# A sub-heading inside a column names the level of the items under it.
SUBHEAD_LEVELS = [
    (0, regex.compile(r"基本目標|^[<＜〈《]\s*目標")),
    (1, regex.compile(r"施策の方向|基本施策|施策の柱|基本方針")),
    (2, regex.compile(r"施策|事業|取組|取り組み")),
]


def subhead_level(text: str) -> int | None:
    """The plan level a sub-heading such as ＜施策の方向＞ or ＜基本施策＞ names, if any."""
    return next((level for level, pattern in SUBHEAD_LEVELS if pattern.search(text)), None)


@dataclass
class PlanEntry:
    """One logical item of a plan column: a numbered item, a note, a heading or a paragraph."""

    kind: str  # named | label | note | subhead | heading | title | text | vertical
    parts: list[str]
    lines: list[Line]
    label: Label | None = None
    named_level: int | None = None
    closed: bool = False

    @property
    def text(self) -> str:
        return join_wrapped(self.parts)


# A tag closes a cell; a label after it on the same line opens the next
# column's cell (stream text prints neighbouring cells of one baseline as one
# line: 「⑶…の充実【拡充】 ①…の支援」). A circled number (①, ⑴) after a space
# opens one too: titles do not hold such labels mid-line.
_AFTER_TAG = regex.compile(r"(?<=】)\s*(?=\S)|\s+(?=[\u2460-\u2473\u2474-\u2487])")
# The table's own title (次期 …計画の体系(案)), printed again wherever its
# header cell fell in stream text: never the wrapped end of an item.
PLAN_TITLE = regex.compile(r"計画.*体系")


def _cells(text: str) -> list[str]:
    """``text`` cut after each closing tag that a numbered cell follows."""
    parts: list[str] = []
    rest = text
    for m in _AFTER_TAG.finditer(text):
        tail = text[m.end() :]
        if split_label(tail) is not None or NAMED_RE.match(tail):
            parts.append(rest[: len(rest) - len(tail)].rstrip())
            rest = tail
    return [*parts, rest]


def group_entries(lines: Sequence[Line], flow: Flow | None = None) -> list[PlanEntry]:
    """Split a column's lines into entries, joining wrapped lines to the item they continue."""
    flow = flow or Flow(lines)
    entries: list[PlanEntry] = []
    # Only text without geometry glues cells; a PDF or layout-text line is one cell's.
    pieces = [
        (i, line, part)
        for i, line in enumerate(lines)
        for part in (_cells(line.text.strip()) if line.bbox is None else [line.text.strip()])
    ]
    for i, line, text in pieces:
        cur = entries[-1] if entries else None
        if line.direction == "vertical":
            entries.append(PlanEntry("vertical", [text], [line], closed=True))
            continue
        if PLAN_TITLE.search(text) and cur is not None and line.bbox is None:
            entries.append(PlanEntry("title", [text], [line], closed=True))
            continue
        named = NAMED_RE.match(text)
        labelled = split_label(text) if not named else None
        bracket = BRACKET_ONLY.match(text)
        if (
            bracket
            and cur is not None
            and cur.kind in ("label", "named")
            and not (cur.label and cur.label.style == "bullet")
            and not cur.closed
            and not TAG_RE.search(cur.text)
        ):
            nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
            if (
                bracket["star"]
                or not nxt
                or split_label(nxt)
                or NAMED_RE.match(nxt)
                or PLAN_NOTE_RE.match(nxt)
            ):
                cur.parts.append(text)  # a tag wrapped onto its own line
                cur.lines.append(line)
                cur.closed = True
                continue
        if named:
            label = Label(
                printed=text[: named.start("rest")].strip(),
                number=kanji_number(named["num"]),
                style="named",
            )
            entries.append(
                PlanEntry(
                    "named",
                    [named["rest"]],
                    [line],
                    label=label,
                    named_level=NAMED_LEVEL[named["name"]],
                )
            )
        elif bracket:
            entries.append(PlanEntry("heading", [text], [line], closed=True))
        elif PLAN_NOTE_RE.match(text):
            entries.append(PlanEntry("note", [PLAN_NOTE_RE.match(text)["rest"]], [line]))  # type: ignore[index]
        elif SUBHEAD_RE.match(text):
            entries.append(PlanEntry("subhead", [text], [line], closed=True))
        elif labelled is not None:
            entries.append(PlanEntry("label", [labelled.rest], [line], label=labelled.label))
        elif (
            cur is not None
            and not cur.closed
            and not line.break_before
            and (
                (
                    cur.kind in ("label", "named", "note")
                    and not (cur.label and cur.label.style == "bullet")
                )
                or flow.wraps(cur.lines[-1])
            )
        ):
            # Numbered plan items run on until the next item (narrow cells wrap
            # anywhere); bullets and prose only while their lines reach the margin.
            cur.parts.append(text)
            cur.lines.append(line)
        else:
            entries.append(PlanEntry("text", [text], [line]))
        last = entries[-1]
        if last.kind in ("label", "named", "note") and TAG_RE.search(last.text):
            last.closed = True
    return entries


def split_tag(text: str) -> tuple[str, str | None, bool]:
    m = TAG_RE.search(text)
    if not m:
        return text.strip(), None, False
    return text[: m.start()].strip(), m["tag"].strip(), bool(m["star"])
