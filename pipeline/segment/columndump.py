"""A material table printed column by column (stream text: pdfminer's ``extract_text``).

Stream extractors print each column of an unruled or ruled table as one
block, so a material list arrives as::

    資料 / No. / 1 / 2 / 第2回 / (7月28日) / 資料名 / title 1 / title 2 / 備考 / 事前配布 / 当日配布

Model. The column headings (a number heading, 資料名, 備考) are lines of their
own, in that order. The number column holds n bare numbers, and may be followed
by a meeting label (第N回, with its date in brackets) that spans every row.
The title column must then hold exactly n lines and the note column n
distribution notes; with any other count the rows cannot be paired (a title
wrapped over two lines is indistinguishable from two titles), and nothing is
read, so the lines stay in ``texts``.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from pipeline.layout import Line
from pipeline.models import Material
from pipeline.segment.provenance import prov

_NUMBER_HEAD = regex.compile(r"^(?:資料\s*)?(?:No\.?|番号)$|^資料$")
_TITLE_HEAD = regex.compile(r"^(?:資料名|名称|件名)$")
_NOTE_HEAD = regex.compile(r"^備考$")
_NUMBER = regex.compile(r"^\d{1,3}(?:-\d{1,3})?$")
_MEETING = regex.compile(r"^第\s*\d+\s*回$")
_PAREN = regex.compile(r"^\(.*\)$")
_NOTE = regex.compile(r"^(?:事前|当日|机上|席上|追加|後日)?(?:配布|配付)$|^机上$|^委員限り$")


def parse_column_dump(lines: Sequence[Line]) -> tuple[list[Material], frozenset[int]]:
    """Rows of a material table printed column by column, and the ids of the lines
    they claim; nothing when the shape does not fit."""
    texts = [ln.text.strip() for ln in lines]
    try:
        title_at = next(i for i, t in enumerate(texts) if _TITLE_HEAD.match(t))
    except StopIteration:
        return [], frozenset()
    first = title_at  # the number column ends where the title heading starts
    while first > 0 and (_NUMBER.match(texts[first - 1]) or _MEETING.match(texts[first - 1]) or _PAREN.match(texts[first - 1])):
        first -= 1
    heads: list[int] = []
    while first > 0 and len(heads) < 2 and _NUMBER_HEAD.match(texts[first - 1]):
        first -= 1
        heads.insert(0, first)
    if not heads:
        return [], frozenset()
    numbers: list[int] = []
    meeting_lines: list[int] = []
    i = heads[-1] + 1
    while i < title_at:
        if _NUMBER.match(texts[i]) and not meeting_lines:
            numbers.append(i)
        elif _MEETING.match(texts[i]) or (meeting_lines and _PAREN.match(texts[i])):
            meeting_lines.append(i)
        else:
            return [], frozenset()
        i += 1
    n = len(numbers)
    titles = list(range(title_at + 1, title_at + 1 + n))
    if n == 0 or titles[-1] >= len(texts) or any(not texts[t] or _NOTE_HEAD.match(texts[t]) for t in titles):
        return [], frozenset()
    notes: list[int] = []
    after = titles[-1] + 1
    if after < len(texts) and _NOTE_HEAD.match(texts[after]):
        notes = list(range(after + 1, after + 1 + n))
        if notes[-1] >= len(texts) or not all(_NOTE.match(texts[x]) for x in notes):
            return [], frozenset()
    meeting = "".join(texts[x] for x in meeting_lines) or None
    rows = []
    for r in range(n):
        src = [lines[numbers[r]], lines[titles[r]]] + ([lines[notes[r]]] if notes else [])
        rows.append(
            Material(
                label=texts[numbers[r]],
                number=texts[numbers[r]],
                title=texts[titles[r]],
                note=texts[notes[r]] if notes else None,
                meeting=meeting,
                provenance=prov(src),
            )
        )
    claimed = {id(lines[x]) for x in [*heads, *numbers, *meeting_lines, title_at, *titles, *notes]}
    if notes:
        claimed.add(id(lines[titles[-1] + 1]))
    return rows, frozenset(claimed)
