"""Minutes (会議録・議事録・議事要旨) as a section kind: header, then speaker turns.

A set of minutes opens with a title (…議事録), often a cover page, then the
header fields of the meeting (日時, 場所, 出席者, 議事次第, 資料) or, for a
council sitting, 議事日程 第N号 / 本日の会議に付した事件 / 出席議員; then the
record itself, one turn per speaker. A turn starts at a speaker mark at the
start of a line:

* a mark glued to the speaker: ``○東会長 それでは…``, ``〇河野大臣: ただいまから…``,
  ``◯委員長(山田太郎君)``, ``◎市長(…君)`` (the speech may start on the next line);
* without a mark, only a colon form whose speaker is a role or an anonymised
  member (``委員A: …``, ``事務局: …``), and only in minutes without marks.

A ○ used as a bullet inside a speech is not a speaker: a speaker is glued to the
mark, short, without punctuation, and reads as a title (ends in a role word, or
``(…君)``) or as a name already seen as a speaker. Lines before the first turn
stay header or text; bracketed stage directions (``(「異議なし」と声あり)``) are
kept with the turn as notes, not as speech.

The kind is ``continuous``: a speech runs over page breaks and headings, so the
dispatcher joins consecutive minutes blocks and :meth:`MinutesKind.segment`
reads cover, header and record in one pass.

Detection scores (on the scale of :meth:`SectionKind.detect`, where an agenda
title is 5): 7 for a block with two or more speaker turns; 5.5 for a block
whose title line names minutes (…議事録 / 会議録 / 議事要旨) and for header
fields (日時, 場所, 出席者, 議題, 資料) in a block that follows minutes (the
議事次第 page of minutes is part of the minutes, and read as its agenda
through :func:`pipeline.segment.agenda.segment_agenda`); 3 for one speaker
turn right after minutes (a lone turn anywhere else is 0: ``○衆議院議員`` in a
budget book is a bullet); 1.2 for any other block right after minutes (a speech running on), so
that every real structure (a material list, a roster) still wins there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from pipeline.layout import Line
from pipeline.models import Agenda, Document, Material, Meeting, Minutes, SpeechTurn
from pipeline.segment.agenda import field_of, segment_agenda
from pipeline.segment.flow import Flow, join_wrapped
from pipeline.segment.kinds.base import Block, Claim, line_ids, shut_out
from pipeline.segment.labels import has_label, split_label
from pipeline.segment.materials import ROW_RE, nest_materials
from pipeline.segment.people import ROLE, parse_person, split_speaker
from pipeline.segment.provenance import prov

MARKS = "○〇◯◎●"
_MARKED = regex.compile(rf"^(?P<mark>[{MARKS}])(?P<speaker>[^\s:、。,「」『』]{{1,24}}?)\s*(?:[:]\s*|\s+|$)(?P<rest>.*)$")
_UNMARKED = regex.compile(r"^(?P<speaker>[^\s:、。,「」『』()]{1,16}?)\s*:\s*(?P<rest>\S.*)$")
# A title at the end, or a bracketed name with its honorific: 議長(田中一郎君). A bracket without
# one is not enough: a budget line '○税務一般管理費(民税)' is a bullet.
_SPEAKERISH = regex.compile(rf"(?:{ROLE}(?:[A-Za-z]|\d{{1,3}})?|\([\p{{Han}}\p{{Hiragana}}\p{{Katakana}}ー々 ]{{1,12}}(?:君|さん|氏|様)\))$")
TITLE = regex.compile(r"(?:議事録|会議録|議事要旨|会議要旨|議事概要|会議概要)(?:\s*\(.*\))?$")
# The gate (kinds.base.shut_out): a speaker line starts with a mark or holds a colon
# (speaker_of), and every TITLE holds 議事 or 会議. (Anchoring the mark and the colon
# at a line's start as the speaker patterns do shuts twice as many blocks, but the
# anchored search costs what it saves.)
VOCABULARY = regex.compile(rf"[{MARKS}:]|議事|会議")
_STAGE = regex.compile(r"^\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)$")
_SITTING = regex.compile(r"^議事日程\s*(?:\(?\s*第\s*\d+\s*号\s*\)?)")
_BUSINESS = regex.compile(r"^(?:本日の会議に付した事件|会議に付した事件|付議事件)")
_STAGE_MAX = 40  # a bracketed line longer than this is speech, not a stage direction

# On the scale of SectionKind.detect (6 plan table, 5 agenda title, 4.5 agenda
# header fields, ≥ 3 decisive). Two or more turns beat every other kind; a
# 会議録 title, or header fields right after minutes, beat the agenda's title and
# fields, because the 議事次第 printed in minutes is read by this kind (as the
# minutes' agenda), never as a separate agenda. A lone turn after minutes is
# decisive (a speaker mark starts a turn); any other block after minutes is only
# a weak continuation, so that a titled list or roster after them still wins.
SPEECH_SCORE = 7.0
TITLE_SCORE = 5.5
ONE_TURN_SCORE = 3.0
CONTINUATION_SCORE = 1.2


@dataclass
class MinutesPart:
    """What the minutes kind read from one (joined) block."""

    minutes: Minutes
    meeting: Meeting | None = None
    agenda: Agenda | None = None
    materials: list[Material] = field(default_factory=list)


def speaker_of(text: str, known: set[str] | frozenset[str] = frozenset(), marked_only: bool = True) -> tuple[str | None, str, str] | None:
    """(mark, speaker, rest of the line) when ``text`` starts a turn, else None.

    Asked of every line of every block: a line that neither starts with a mark nor
    holds a colon is answered before any pattern runs.
    """
    text = text.strip()
    m = _MARKED.match(text) if text[:1] in MARKS else None
    if m:
        speaker = m["speaker"]
        name, role, anonymised = split_speaker(speaker)
        # A bare name after a mark is a speaker only once seen with a title (○東 after ○東会長).
        if _SPEAKERISH.search(speaker) or speaker in known or role is not None or anonymised:
            return m["mark"], speaker, m["rest"].strip()
        return None
    if marked_only or ":" not in text:
        return None
    m = _UNMARKED.match(text)
    if not m:
        return None
    name, role, anonymised = split_speaker(m["speaker"])
    if role is None and not anonymised:
        return None
    rest = m["rest"]
    parts = [p for p in regex.split(r"\s*[、,]\s*", rest) if p]
    if ":" in rest or len(regex.findall(r"\p{Hiragana}", rest)) < 3 or all(parse_person(p).name for p in parts):
        return None  # 委員: 青木 秀子(…)、東 珠実 … is an attendance list, not a speech
    return None, m["speaker"], rest.strip()


def _turn_starts(lines: Sequence[Line]) -> tuple[list[int], bool]:
    """Indices of speaker lines, and whether the minutes mark their speakers."""
    known: set[str] = set()
    marked = [i for i, ln in enumerate(lines) if _first_pass(ln, known)]
    if marked:
        # A second pass accepts a name seen as a speaker elsewhere (○東 alone, after ○東会長).
        return [i for i, ln in enumerate(lines) if speaker_of(ln.text, frozenset(known)) is not None], True
    return [i for i, ln in enumerate(lines) if speaker_of(ln.text, marked_only=False) is not None], False


def _first_pass(line: Line, known: set[str]) -> bool:
    hit = speaker_of(line.text)
    if hit is None:
        return False
    name = split_speaker(hit[1])[0]
    if name:
        known.add(name)
    return True


def _is_title(line: Line, block: Sequence[Line] = ()) -> bool:
    text = line.text.strip()
    # '参考資料1 前回会議録' is a material row naming minutes, not a title; so is a
    # cell of a ruled list, or a row whose number is printed apart on the same
    # baseline: a title is never in a table, and stands alone on its line.
    return (line.cell is None and bool(TITLE.search(text)) and not has_label(text) and len(text) <= 60
            and field_of(text) is None and not ROW_RE.match(text) and not _shares_baseline(line, block))


def _baseline_context(block: Block) -> tuple[Line, ...]:
    """The lines a title must not share its baseline with: its page's (the first page's,
    where the dispatcher gave them) and the block's own on later pages."""
    return (*block.page_lines, *block.lines)


def _shares_baseline(line: Line, block: Sequence[Line]) -> bool:
    """Another line of ``block`` (the page, where known) overlaps ``line`` vertically (text input: never known)."""
    box = line.bbox
    if box is None:
        return False
    return any(
        other is not line and other.bbox is not None and other.page == line.page
        and min(box.bottom, other.bbox.bottom) - max(box.top, other.bbox.top) > 0.5 * box.height
        for other in block
    )


class MinutesKind:
    name = "minutes"
    continuous = True

    def detect(self, block: Block) -> float:
        if shut_out(block, self.name, VOCABULARY):
            return 0.0
        starts, _marked = _turn_starts(block.lines)
        if len(starts) >= 2:
            return SPEECH_SCORE
        context = _baseline_context(block)
        if any(_is_title(ln, context) for ln in block.lines[:6]):
            return TITLE_SCORE
        if block.previous == self.name:
            # Any header field (日時, 場所, 出席者, 議題, 資料) after minutes is the minutes' header,
            # also when the dispatcher cut the header into one block per numbered field.
            if any(_field(ln.text) is not None for ln in block.lines[:40]):
                return TITLE_SCORE
            # One speech (or the rest of one) after minutes; a lone ○…議員 line elsewhere is a bullet.
            return ONE_TURN_SCORE if starts else CONTINUATION_SCORE
        return 0.0

    def segment(self, block: Block) -> Claim[MinutesPart]:
        lines = list(block.lines)
        starts, marked = _turn_starts(lines)
        first = starts[0] if starts else len(lines)
        header, record = lines[:first], lines[first:]
        minutes = Minutes()
        part = MinutesPart(minutes=minutes)
        claimed: set[int] = set()

        context = _baseline_context(block)  # the same lines detect checked the title against
        titles = [ln for ln in header if _is_title(ln, context)]
        if titles:
            # The title may be set over several lines on a cover page (第25回 / …会議 / 議事録).
            at = header.index(titles[0])
            lead = [ln for ln in header[max(0, at - 3) : at] if _title_part(ln)]
            minutes.heading = join_wrapped([ln.text for ln in [*lead, titles[0]]])
            claimed |= line_ids([*lead, titles[0]])
        rest_header = [ln for ln in header if id(ln) not in claimed]
        claimed |= _read_council(rest_header, minutes)
        fields = [ln for ln in rest_header if id(ln) not in claimed and _field(ln.text) is not None]
        if fields:
            # The 議事次第 page: its own title lines and fields (a cover page before it is the title's).
            page = fields[0].page
            head_lines = [ln for ln in header if ln.page >= page and id(ln) not in claimed - line_ids(titles[:1])]
            res = segment_agenda(head_lines)
            part.meeting, part.agenda, part.materials = res.meeting, res.agenda, res.materials
            claimed |= res.used
            warnings = res.warnings
        else:
            warnings = []
        minutes.provenance = prov(lines[:1])

        flow = Flow(record)
        left = min((ln.bbox.x0 for ln in record if ln.bbox is not None), default=None)
        known = {n for i in starts if (h := speaker_of(lines[i].text)) and (n := split_speaker(h[1])[0])}
        turn: _Draft | None = None
        read: list[Line] = []
        for line in record:
            text = line.text.strip()
            if _FOLIO.match(text) and line.cell is None and _at_page_edge(line, record):
                continue  # a page number printed in the margin is not speech; it stays in texts
            read.append(line)
            hit = speaker_of(text, frozenset(known), marked_only=marked)
            if hit is not None:
                if turn is not None:
                    minutes.turns.append(turn.build(len(minutes.turns) + 1, known))
                turn = _Draft(hit[0], hit[1], [line])
                if hit[2]:
                    turn.paragraphs.append([hit[2]])
                    turn.last = line
                continue
            if turn is None:  # record lines are after the first speaker
                continue
            turn.lines.append(line)
            stage = _STAGE.match(text)
            if stage and len(text) <= _STAGE_MAX and (turn.last is None or not flow.wraps(turn.last)):
                turn.notes.append(text)
                turn.last = None
                continue
            indented = left is not None and line.bbox is not None and line.bbox.x0 > left + 0.5 * (line.size or 10.0)
            bullet = text.startswith(tuple(MARKS + "・"))  # a bullet inside the speech opens a paragraph
            if not turn.paragraphs or turn.last is None or not flow.wraps(turn.last) or indented or bullet or line.break_before:
                turn.paragraphs.append([text])
            else:
                turn.paragraphs[-1].append(text)
            turn.last = line
        if turn is not None:
            minutes.turns.append(turn.build(len(minutes.turns) + 1, known))
        claimed |= line_ids(read)
        return Claim(kind=self.name, part=part, lines=frozenset(claimed), warnings=warnings, heading=minutes.heading)

    def merge(self, doc: Document, claim: Claim[MinutesPart]) -> None:
        part = claim.part
        last = doc.minutes[-1] if doc.minutes else None
        if last is not None and part.minutes.heading is None and part.meeting is None:
            offset = len(last.turns)
            for turn in part.minutes.turns:
                last.turns.append(turn.model_copy(update={"number": turn.number + offset}))
        else:
            doc.minutes.append(part.minutes)
        # The first dated header is the document's meeting, as for an agenda; a later one (minutes of
        # a previous meeting in a packet) stays with its minutes, so nothing read is dropped.
        if part.meeting is not None and doc.meeting.date is None:
            doc.meeting = part.meeting
        elif part.meeting is not None:
            part.minutes.meeting = part.meeting
        # An agenda of no items is only the minutes' title line (kept as Minutes.heading).
        agenda = part.agenda if part.agenda is not None and part.agenda.items else None
        if agenda is not None and not doc.agendas:
            doc.agendas.append(agenda)
        elif agenda is not None:
            part.minutes.agenda = agenda
        nest_materials(doc.materials, part.materials)


_FOLIO = regex.compile(r"^[-–—‐ー]?\s*\d{1,4}\s*[-–—‐ー]?$")


def _at_page_edge(line: Line, lines: Sequence[Line]) -> bool:
    """The first or last line of its page (a folio between two halves of a speech)."""
    same = [ln for ln in lines if ln.page == line.page]
    return line is same[0] or line is same[-1]


def _field(text: str) -> tuple[str, str] | None:
    labelled = split_label(text.strip())
    return field_of(labelled.rest if labelled else text)


def _title_part(line: Line) -> bool:
    """A cover-page line above the 議事録 title: a session or the body's name, no sentence."""
    text = line.text.strip()
    return len(text) <= 40 and not regex.search(r"[。、:]", text) and field_of(text) is None


def _read_council(lines: Sequence[Line], minutes: Minutes) -> set[int]:
    """議事日程 第N号 and the lines of 本日の会議に付した事件 (up to the next field or heading)."""
    used: set[int] = set()
    in_business = False
    for line in lines:
        text = line.text.strip()
        if _SITTING.match(text) and minutes.sitting is None:
            minutes.sitting = text
            used.add(id(line))
            continue
        if _BUSINESS.match(text):
            in_business = True
            used.add(id(line))
            continue
        if in_business:
            if _field(text) is not None or _SITTING.match(text) or TITLE.search(text):
                in_business = False
                continue
            minutes.business.append(text)
            used.add(id(line))
    return used


@dataclass
class _Draft:
    mark: str | None
    speaker: str
    lines: list[Line]
    paragraphs: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last: Line | None = None

    def build(self, ordinal: int, known: set[str]) -> SpeechTurn:
        name, role, anonymised = split_speaker(self.speaker, known)
        pages = sorted({ln.page for ln in self.lines})
        return SpeechTurn(
            number=ordinal,
            mark=self.mark,
            speaker=self.speaker,
            name=name,
            role=role,
            anonymised=anonymised,
            text="\n".join(join_wrapped(p) for p in self.paragraphs if p),
            notes=self.notes,
            pages=pages,
            provenance=prov(self.lines),
        )
