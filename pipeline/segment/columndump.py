"""A material table printed column by column (stream text: pdfminer's ``extract_text``).

Stream extractors print each column of a table as text boxes in an order of
their own: the whole number column then every title, or number and title
paired row by row for a while, a row whose cells sat close printed as one line
(``資料1-1 用語集``), the column headings anywhere among them, the note column
last, a spanning meeting label (第N回 with its date in brackets) wherever its
box fell::

    資料 / No. / 1 / 2 / 第2回 / (7月28日) / 資料名 / 備考 / title 1 / title 2 / 事前配布 / 当日配布

Model. What survives is the order *within* each column, top to bottom. So the
region after the list title is read as tokens: column headings, meeting
labels, distribution notes, bare labels (資料1, 1-1, 参考資料2), whole rows
(label, space, title) and titles (anything else). The i-th label goes with the
i-th title and the i-th note. That pairing is proven only when the structure
agrees: a title heading (資料名) and a number heading are printed, there are as
many titles as labels, a whole row stands at the same place in both sequences,
and the notes are none, one per row, or one per row of the later meetings
(below). With any other count the rows cannot be
paired (a title wrapped over two lines is indistinguishable from two titles) and
nothing is read, so the plain-line reader or ``texts`` take the lines.

Meeting labels: one label spans every row. With k labels the rows are cut
where numbering starts again (a label numbered 1 or 1-1 of the first row's
kind); that needs exactly k - 1 such places, in printed order. Otherwise the
rows are read without a meeting and the labels stay in ``texts``. Fewer notes
than rows pair only with the rows of the last meeting groups, when their count
is exactly that: the distribution notes (当日配布 …) say how this meeting's
papers were handed out, and an earlier meeting's rows listed above carry none.

Rejected: pairing by guessing wraps (joining two title lines when there is one
title too many): two short titles and one wrapped title are the same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from pipeline.layout import Line
from pipeline.models import Material
from pipeline.segment.materials import LABEL_RE, material_row

_NUMBER_HEAD = regex.compile(r"^(?:資料\s*)?(?:No\.?|番号)$|^資料$")
_TITLE_HEAD = regex.compile(r"^(?:資料名|名称|件名)$")
_NOTE_HEAD = regex.compile(r"^備考$")
_MEETING = regex.compile(r"^第\s*\d+\s*回$")
_PAREN = regex.compile(r"^\(.*\)$")
_NOTE = regex.compile(r"^(?:事前|当日|机上|席上|追加|後日|会議当日)?(?:配布|配付|送付)$|^机上$|^委員限り$")
# A whole row printed as one line: a label, a space, its title.
_WHOLE_ROW = regex.compile(r"^(?P<label>\S+)\s+(?P<title>\S.*)$")


@dataclass
class _Token:
    kind: str  # head | meeting | note | label | row | title
    lines: list[Line]
    label: str | None = None
    title: str | None = None


def _tokens(lines: Sequence[Line]) -> list[_Token]:
    out: list[_Token] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.kind == "meeting" and len(prev.lines) == 1 and _PAREN.match(text):
            prev.lines.append(line)  # the date printed under 第N回
        elif _NUMBER_HEAD.match(text) or _TITLE_HEAD.match(text) or _NOTE_HEAD.match(text):
            out.append(_Token("head", [line], label=text))
        elif _MEETING.match(text):
            out.append(_Token("meeting", [line]))
        elif _NOTE.match(text):
            out.append(_Token("note", [line], title=text))
        elif LABEL_RE.match(text):
            out.append(_Token("label", [line], label=text))
        elif (whole := _WHOLE_ROW.match(text)) and LABEL_RE.match(whole["label"]):
            out.append(_Token("row", [line], label=whole["label"], title=whole["title"]))
        else:
            out.append(_Token("title", [line], title=text))
    return out


def _restarts(labels: list[_Token]) -> list[int]:
    """Indices (after the first) where numbering may start again: 1 or 1-1 of the first label's kind."""
    first = LABEL_RE.match(labels[0].label or "")
    out = []
    for i, tok in enumerate(labels[1:], 1):
        m = LABEL_RE.match(tok.label or "")
        if m and first and (m["kind"] or "資料") == (first["kind"] or "資料") and regex.sub(r"\D+", "-", m["num"]) in ("1", "1-1"):
            out.append(i)
    return out


def parse_column_dump(lines: Sequence[Line]) -> tuple[list[Material], frozenset[int]]:
    """Rows of a material table printed column by column, and the ids of the lines
    they claim; nothing when the shape does not prove the pairing (see module doc)."""
    tokens = _tokens(lines)
    start = next((i for i, t in enumerate(tokens) if t.kind in ("head", "meeting", "label")), None)
    if start is None:
        return [], frozenset()
    tokens = tokens[start:]
    heads = [t.label or "" for t in tokens if t.kind == "head"]
    if not any(_TITLE_HEAD.match(h) for h in heads) or not any(_NUMBER_HEAD.match(h) for h in heads):
        return [], frozenset()
    labels = [t for t in tokens if t.kind in ("label", "row")]
    titles = [t for t in tokens if t.kind in ("title", "row")]
    notes = [t for t in tokens if t.kind == "note"]
    n = len(labels)
    if n == 0 or len(titles) != n:
        return [], frozenset()
    if any(labels.index(t) != titles.index(t) for t in labels if t.kind == "row"):
        return [], frozenset()
    meetings = [t for t in tokens if t.kind == "meeting"]
    starts = [0, *_restarts(labels)] if len(meetings) > 1 else [0]
    placed = len(meetings) == len(starts) or len(meetings) == 1
    # Notes: one per row, or one per row of the later meetings' groups (rows of
    # an earlier meeting were handed out at that meeting and carry no note).
    noted_from = next((s for s in starts if n - s == len(notes)), None) if placed else (0 if len(notes) == n else None)
    if notes and noted_from is None:
        return [], frozenset()
    meeting_of: list[str | None] = [None] * n
    if meetings and placed:
        printed = ["".join(ln.text.strip() for ln in t.lines) for t in meetings]
        for r in range(n):
            meeting_of[r] = printed[sum(1 for s in starts[1:] if s <= r)]
    rows = []
    for r, (lab, tit) in enumerate(zip(labels, titles)):
        m = LABEL_RE.match(lab.label or "")
        assert m is not None  # every label token matched LABEL_RE
        note = notes[r - noted_from] if notes and noted_from is not None and r >= noted_from else None
        src = [*lab.lines, *([] if tit is lab else tit.lines), *(note.lines if note else [])]
        rows.append(material_row(m["kind"], m["num"], tit.title or "", note.title if note else None, meeting_of[r], src, m["go"]))
    claimed = {id(ln) for t in tokens if t.kind != "meeting" or placed for ln in t.lines}
    return rows, frozenset(claimed)


def column_dump_lines(lines: Sequence[Line]) -> frozenset[int]:
    """Ids of the lines of a material table printed column by column in text without geometry.

    Block cutting must not cut inside it: stream text sets every cell off by a
    blank line, and a title alone (委員名簿, 前回会議録) looks like another
    kind's heading.
    """
    if not lines or any(ln.bbox is not None for ln in lines):
        return frozenset()
    return parse_column_dump(lines)[1]

