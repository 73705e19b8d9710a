"""Agenda pages (次第 / 議事次第): meeting facts, agenda items, and an embedded material list.

Cities print the same few header fields (日時, 場所, 議題 or 議事, 出席者, 配付資料)
either as unnumbered labels above a numbered agenda, or as the numbered items
themselves with the agenda nested under 議題. Both are read the same way: build
the outline, take the header fields out of it, and what remains (or what sits
under the 議題 field) is the agenda.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from pipeline.layout import Line
from pipeline.models import Agenda, AgendaItem, Material, Meeting, Provenance, Warning
from pipeline.segment.dates import DateError, find_date, find_fiscal_year, find_times
from pipeline.segment.flow import Flow, join_wrapped
from pipeline.segment.labels import has_label, split_label
from pipeline.segment.materials import parse_material_lines, same_row_lines
from pipeline.segment.outline import Node, build_outline
from pipeline.segment.people import parse_attendance
from pipeline.segment.provenance import prov

# Header field keys, as printed after letter-spacing collapse. kinds/agenda.py's gate
# (VOCABULARY) includes the date keys.
FIELD_KEYS: dict[str, str] = {
    "date": r"(?:開催)?日時|開催日",
    "place": r"(?:開催)?場所|会場",
    "agenda": r"議題|議事次第|議事|次第|案件",
    "attendees": r"出席者|出席委員|委員出席者|出席議員|欠席委員|欠席者|欠席議員|説明員|説明のため(?:会議に)?出席した者|事務局職員|事務局(?=\s|$)|出席",
    "materials": r"配付資料|配布資料|資料",
}
_FIELD_RE = {name: regex.compile(rf"^(?:{pat})(?=$|[\s:：]|\()") for name, pat in FIELD_KEYS.items()}
# Document-type words after the body's name. "会議次第" only when spaced off, so
# that "…推進会議次第" keeps its 会議.
_TITLE_SUFFIX = regex.compile(r"(?:\s+(?:会議次第|議事次第|次第|議事録|会議録|議事要旨|会議資料)|(?:議事次第|次第|議事録|会議録|議事要旨))\s*$")
_BODY_HINT = regex.compile(r"(?:委員会|審議会|協議会|会議|懇談会|懇話会|部会|分科会|検討会|研究会|評議会|議会)")
# A date or fiscal year printed before the body's name, and the session kind after it.
_BODY_PREFIX = regex.compile(r"^(?:(?:令和|平成|昭和)?\s*(?:\d+|元)\s*年(?:度)?\s*(?:\d+\s*月)?)")
_BODY_SUFFIX = regex.compile(r"(?:定例会|臨時会|本会議)$")
_SESSION = regex.compile(r"第\s*(\d+)\s*回")


# The agenda's own title: …次第, 議事日程(第N号), 会議次第. Every match must hold a
# word of kinds/agenda.py's VOCABULARY (its gate): extend that with a new form.
AGENDA_TITLE = regex.compile(r"次第$|^議事日程|^会議次第")
_BRACKETED = regex.compile(r"^[<＜〈《【\[]\s*(.+?)\s*[>＞〉》】\]]$")


_ANY_FIELD = regex.compile("|".join(f"(?:{pattern.pattern})" for pattern in _FIELD_RE.values()))


@lru_cache(maxsize=8192)
def field_of(text: str) -> tuple[str, str] | None:
    """(field name, value after the key) when ``text`` starts with a header key ('<配付資料>' too).

    Remembered per text, and one match answers most lines (no key at all): every
    kind's detection asks this of the same lines, per segment and again per block.
    """
    text = text.strip()
    bracketed = _BRACKETED.match(text)
    if bracketed:
        text = bracketed.group(1)
    if _ANY_FIELD.match(text) is None:
        return None
    for name, pattern in _FIELD_RE.items():
        m = pattern.match(text)
        if m:
            return name, text[m.end() :].lstrip(" :：")
    return None


@dataclass
class AgendaResult:
    meeting: Meeting
    agenda: Agenda  # items may be empty: a page of header fields only
    materials: list[Material] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # id() of lines consumed
    warnings: list[Warning] = field(default_factory=list)


def join_label_rows(lines: Sequence[Line]) -> tuple[list[Line], dict[int, list[Line]]]:
    """Lines printed on one baseline after a numbering label, joined into one line.

    Council agendas set the label (第1), the bill number (議案第17号) and the
    title in columns, so the extractor sees three lines on one row. Returns the
    lines to read and, for each joined line, the printed lines it stands for.
    """
    out: list[Line] = []
    parts_of: dict[int, list[Line]] = {}
    for row in same_row_lines(lines):
        text = " ".join(ln.text.strip() for ln in row)
        if len(row) == 1 or not has_label(text) or not has_label(row[0].text + " x"):
            out.extend(row)
            continue
        joined = row[0].with_text(text)
        for other in row[1:]:
            if joined.bbox is not None and other.bbox is not None:
                joined.bbox = joined.bbox.union(other.bbox)
        parts_of[id(joined)] = row
        out.append(joined)
    return out, parts_of


def segment_agenda(printed: Sequence[Line]) -> AgendaResult:
    lines, parts_of = join_label_rows(printed)
    result = _segment_agenda(lines)
    result.used = {id(part) for key in result.used for part in parts_of.get(key, ())} | {
        key for key in result.used if key not in parts_of
    }
    return result


def _segment_agenda(lines: Sequence[Line]) -> AgendaResult:
    flow = Flow(lines)
    # Unnumbered field headings after the numbered agenda (<配付資料>, 出席者) end it.
    cut = len(lines)
    seen_label = False
    for i, line in enumerate(lines):
        if has_label(line.text):
            seen_label = True
        elif seen_label and field_of(line.text) is not None and field_of(line.text)[0] in ("materials", "attendees"):  # type: ignore[index]
            cut = i
            break
    preamble, roots = build_outline(lines[:cut], flow)
    result = AgendaResult(meeting=Meeting(), agenda=Agenda())
    used = result.used

    # 1. Preamble (and trailer): title lines, then unnumbered header fields with their continuation lines.
    fields: list[tuple[str, str, list[Line]]] = []
    title_lines: list[Line] = []
    for line in [*preamble, *lines[cut:]]:
        f = field_of(line.text)
        if f is not None:
            fields.append((f[0], f[1], [line]))
        elif fields:
            name, value, src = fields[-1]
            fields[-1] = (name, join_wrapped([value, line.text]) if value else line.text, [*src, line])
        else:
            title_lines.append(line)

    # 2. Numbered items that are header fields.
    agenda_nodes: list[Node] = []
    container: Node | None = None
    field_roots: list[tuple[str, Node]] = []
    for node in roots:
        f = field_of(node.title)
        if f is None:
            agenda_nodes.append(node)
            continue
        name, value = f
        field_roots.append((name, node))
        if name == "agenda":
            container = node
        elif name != "materials":
            notes = " ".join(node.note_texts)
            fields.append((name, join_wrapped([value, notes]) if value else notes, node.lines + node.note_lines))

    only_fields = not agenda_nodes
    for name, node in field_roots:
        if name == "agenda" and only_fields:
            used.update(id(ln) for ln in node.lines)
            continue  # the container: its children are the agenda
        if name == "materials":
            rows, read = parse_material_lines(node.note_lines)
            if only_fields or (rows and len(rows) * 2 >= len(node.notes)):
                result.materials.extend(rows)
                if only_fields:
                    # Lines that were not rows ("別紙…のとおり") stay as text.
                    used.update(read | ({id(ln) for ln in node.lines} if rows else set()))
                    continue
        if name in ("agenda", "materials"):
            agenda_nodes.append(node)  # an agenda item that happens to carry a field's name
        else:
            used.update(id(ln) for sub in node.walk() for ln in sub.lines + sub.note_lines)

    items_src: list[Node] = container.children if (container is not None and only_fields) else agenda_nodes
    position = {id(ln): i for i, ln in enumerate(lines)}
    items = [_item(n) for n in sorted(items_src, key=lambda n: position[id(n.lines[0])])]
    for n in items_src:
        for sub in n.walk():
            used.update(id(ln) for ln in sub.lines + sub.note_lines)
    heading = None
    heading_line = next((ln for ln in title_lines if AGENDA_TITLE.search(ln.text.replace(" ", ""))), None)
    if container is not None and only_fields:
        heading = container.title  # 議題 / 議事次第: the field the items sit under
    elif title_lines:
        heading = "".join(ln.text for ln in title_lines if _TITLE_SUFFIX.search(ln.text)) or None
    if heading is None and heading_line is not None:
        heading = heading_line.text  # 議事日程(第1号追加の1): the agenda's own title
    result.agenda = Agenda(heading=heading, items=items, provenance=prov(lines))

    numbered_materials = any(name == "materials" for name, _node in field_roots)
    for name, _value, src in fields:
        if name == "materials" and not numbered_materials:
            first = field_of(src[0].text)[1]  # type: ignore[index]
            key_value = src[0].with_text(first) if first else None
            rows, read = parse_material_lines([key_value, *src[1:]] if key_value else src[1:])
            result.materials.extend(rows)
            # The key line and the rows are read; a note such as 「別紙配布資料一覧のとおり」,
            # and a key with no rows under it, stay as text.
            if rows and (key_value is None or id(key_value) in read):
                used.add(id(src[0]))
            used.update(id(ln) for ln in src[1:] if id(ln) in read)
    result.meeting = _meeting(title_lines, fields, result.warnings)
    used.update(id(ln) for ln in title_lines if _is_title(ln) or (ln is heading_line and heading == ln.text))
    for name, _value, src in fields:
        if name != "materials":
            used.update(id(ln) for ln in src)
    return result


_MATERIAL_REF = regex.compile(r"\s*\(\s*((?:参考)?資料\s*[\d\-、,・~]+(?:\s*[、,]\s*(?:参考)?資料\s*[\d\-]+)*)\s*\)\s*$")


def _item(node: Node) -> AgendaItem:
    """An agenda item; a trailing (資料1) reference is the item's note (as printed), not its title."""
    title = node.title
    notes = node.note_texts
    ref = _MATERIAL_REF.search(title)
    if ref and ref.start() > 0:
        title = title[: ref.start()]
        notes = [ref.group(0).strip(), *notes]  # as printed, brackets included
    note = " ".join(notes) or None
    return AgendaItem(
        label=node.label,
        title=title,
        note=note,
        children=[_item(c) for c in node.children],
        provenance=prov(node.lines),
    )


def _is_title(line: Line) -> bool:
    return bool(_BODY_HINT.search(line.text) or _TITLE_SUFFIX.search(line.text))


def _meeting(title_lines: list[Line], fields: list[tuple[str, str, list[Line]]], warnings: list[Warning]) -> Meeting:
    meeting = Meeting()
    # The title is the line naming the body; a 'session' line and a '次第' line may be split.
    title = join_wrapped([ln.text for ln in title_lines if _is_title(ln)])
    if title:
        meeting.heading = title
        meeting.title = _TITLE_SUFFIX.sub("", title).strip() or title
        fy = find_fiscal_year(title)
        if fy:
            meeting.fiscal_year, meeting.fiscal_year_label = fy
        session = _SESSION.search(title)
        if session:
            meeting.session = int(session.group(1))
        body_line = next((ln.text for ln in title_lines if _BODY_HINT.search(ln.text)), title)
        body = _TITLE_SUFFIX.sub("", body_line)
        body = regex.sub(r"^.*?年度", "", body) if fy else body
        body = _SESSION.sub("", body, count=1).strip()
        body = _BODY_SUFFIX.sub("", _BODY_PREFIX.sub("", body.replace(" ", "")))
        meeting.body = body or None
    provenance: list[Provenance] = [p for p in (prov(title_lines),) if p]
    for name, value, src in fields:
        if name == "date" and meeting.date is None:
            try:
                parsed = find_date(value)
            except DateError as exc:
                warnings.append(Warning(code="impossible_date", message=str(exc), pages=[src[0].page]))
                parsed = None
            rest = value[parsed.end :] if parsed else value
            if parsed:
                meeting.date, meeting.date_label, meeting.weekday = parsed.iso, parsed.label, parsed.weekday
            meeting.start_time, meeting.end_time = find_times(rest)
            meeting.time_label = rest.strip() or None
            provenance.extend(p for p in (prov(src),) if p)
        elif name == "attendees":
            labelled = split_label(src[0].text)
            printed = (labelled.rest if labelled else src[0].text).strip()
            head = field_of(printed)
            value = head[1] if head else ""
            key = printed[: len(printed) - len(value)].strip(" :：") if value else printed
            meeting.attendance.extend(parse_attendance(key, value, src))
            provenance.extend(p for p in (prov(src),) if p)
        elif name == "place" and meeting.place is None:
            meeting.place = value or None
            provenance.extend(p for p in (prov(src),) if p)
    if meeting.date is None:
        # No 日時 field: an agenda (議事日程) prints the sitting's date under its title.
        for line in title_lines:
            try:
                parsed = find_date(line.text)
            except DateError as exc:
                warnings.append(Warning(code="impossible_date", message=str(exc), pages=[line.page]))
                continue
            if parsed:
                meeting.date, meeting.date_label, meeting.weekday = parsed.iso, parsed.label, parsed.weekday
                meeting.start_time, meeting.end_time = find_times(line.text[parsed.end :])
                meeting.time_label = line.text[parsed.end :].strip() or None
                provenance.extend(p for p in (prov([line]),) if p)
                break
    meeting.provenance = provenance
    return meeting


_BODY_LINE = regex.compile(
    r"^(?:.*?年度)?\s*(?:第\s*\d+\s*回)?\s*(?P<body>[^\s()]{2,40}?(?:委員会|審議会|協議会|推進会議|会議|懇談会|懇話会|部会|分科会|検討会|研究会|評議会))\s*(?:\([^)]*\))?$"
)


def body_from_heading(text: str) -> str | None:
    """The body's name from a page heading such as '○○懇談会(委員意見書)', for papers without a 次第."""
    m = _BODY_LINE.match(text.strip())
    return m["body"] if m else None


# A council sitting: 第446回南国市議会定例会, 令和7年第1回○○町議会臨時会, 令和2年5月○○市議会臨時会.
_COUNCIL_LINE = regex.compile(
    r"^(?P<title>(?:(?:令和|平成|昭和)\s*(?:\d+|元)\s*年\s*(?:\d+\s*月)?)?\s*(?:第\s*(?P<session>\d+)\s*回)?\s*"
    r"(?P<body>[^\s()第]{1,20}?(?:都|道|府|県|市|区|町|村)議会)\s*(?:(?:令和|平成)\s*(?:\d+|元)\s*年\s*(?:\d+\s*月)?)?\s*"
    r"(?:第\s*(?P<session2>\d+)\s*回)?\s*(?P<kind>定例会|臨時会))"
)


def meeting_from_heading(line: Line) -> Meeting | None:
    """Meeting facts from a page heading, for papers without a 次第.

    A council sitting (第N回○○市議会定例会／臨時会, at the start of a heading such
    as …提出議案一覧表) gives its title, body and session; another heading naming
    a body (○○懇談会(委員意見書)) gives the body only.
    """
    text = line.text.strip()
    council = _COUNCIL_LINE.match(text)
    if council:
        session = council["session"] or council["session2"]
        return Meeting(
            title=council["title"].replace(" ", ""),
            heading=text,
            body=council["body"],
            session=int(session) if session else None,
            provenance=[p for p in (prov([line]),) if p],
        )
    body = body_from_heading(text)
    return Meeting(body=body) if body else None
