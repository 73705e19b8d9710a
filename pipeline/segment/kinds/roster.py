"""Member rosters (委員名簿) as a section kind: one member per table row.

A roster is a table whose header names the columns: 氏名 always, then some of
区分 / 選出区分 (the seat a member fills: 学識経験者, 公募市民 …), 所属 / 役職 /
団体 (organisation and post), 役職 in the body (会長, 副会長 …) and 備考.
Ruled tables are read through their grid (merged 区分 cells span their rows);
unruled ones through the header line's column positions, each line of a row
going to the column whose heading starts nearest to its left (PDF), or, without
geometry (text input), by reading the row as 'office? name affiliation'.

Body offices are also marked instead of printed in a column: ◎ 会長, ○ 副会長
with a legend line (◎…会長 ○…副会長); the legend decides, never a fixed meaning.

Detection: 0.9 for a header row with 氏名 and another roster column, or a
title ending in 名簿 (委員名簿, 構成員名簿) followed by member rows; 0.5 for a block of member-like rows
right after a roster (a roster running over a page break).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from pipeline.layout import Line, Table
from pipeline.models import Document, Member, Roster, Warning
from pipeline.segment.kinds.base import Block, Claim, line_ids, shut_out
from pipeline.segment.labels import has_label
from pipeline.segment.materials import ROW_RE
from pipeline.segment.people import is_name, parse_person
from pipeline.segment.provenance import prov
from pipeline.segment.tablememo import head_rows, per_table

TITLE = regex.compile(r"(?:委員|構成員|会員|委員会|審議会|協議会|会議|部会|懇談会)?(?:名簿|委員一覧|構成員一覧)(?:\s*\(.*\))?$")
_COLUMNS: list[tuple[str, regex.Pattern[str]]] = [
    ("name", regex.compile(r"^(?:氏\s*名|委員名|名前|お名前)$")),
    ("category", regex.compile(r"^(?:選出区分|区\s*分|分野|種別|選出母体)$")),
    ("role", regex.compile(r"^(?:役\s*職|職\s*名|委員会役職|役)$")),
    ("affiliation", regex.compile(r"^(?:所属|本職|現職|職業|団体|推薦|勤務先|役職等)")),
    ("note", regex.compile(r"^(?:備\s*考|摘要)$")),
]
OFFICE = regex.compile(
    r"^(?:会長|副会長|会長代理|会長職務代理者?|委員長|副委員長|委員長職務代理者?|部会長|副部会長|座長|副座長|議長|副議長"
    r"|理事長|副理事長|専務理事|常務理事|理事|監事|幹事|顧問|参与)$"
)
_LEGEND = regex.compile(r"(?P<mark>[◎○〇●☆★])\s*(?:は|:)?\s*(?P<office>会長|副会長|会長代理|委員長|副委員長|職務代理者|座長|副座長|部会長)")
_MARK = regex.compile(r"^(?P<mark>[◎○〇●☆★])\s*(?P<rest>.+)$")
_HONORIFIC = regex.compile(r"(?:君|さん|氏|様)$")
_NUMBER = regex.compile(r"^\d{1,3}\.?$")
# The gate (kinds.base.shut_out): an unruled header names 氏名/委員名/名前 (all hold 名),
# and every TITLE holds 名簿 or 一覧.
VOCABULARY = regex.compile(r"名|一覧")

# On the scale of SectionKind.detect: a 氏名 header or a 名簿 title over member rows
# is decisive and beats a list title (4); a continued roster is as weak as a
# continued list (1.5), and loses to anything titled.
HEADING_SCORE = 4.2
CONTINUATION_SCORE = 1.4


@dataclass
class RosterPart:
    rosters: list[Roster] = field(default_factory=list)
    continues: bool = False  # rows with no heading or header of their own: the previous roster goes on


def _is_title(line: Line) -> bool:
    """A roster's title line; '資料3 委員名簿' in a material list or agenda is a row naming one."""
    text = line.text.strip()
    return bool(TITLE.search(text)) and len(text) <= 50 and not has_label(text) and not ROW_RE.match(text)


# Any column heading at all: most words are none, and are answered with one match instead of five.
_ANY_COLUMN = regex.compile("|".join(f"(?:{pattern.pattern})" for _name, pattern in _COLUMNS))


def column_of(text: str) -> str | None:
    text = text.strip()
    if _ANY_COLUMN.match(text) is None:
        return None
    for name, pattern in _COLUMNS:
        if pattern.match(text):
            return name
    return None


@per_table
def _header_table(table: Table) -> tuple[int, dict[str, int]] | None:
    """(header row, column → index) when a row of ``table`` names 氏名 and another roster column."""
    for row, cells in enumerate(head_rows(table)[:3]):
        cols: dict[str, int] = {}
        for col, found in enumerate(cells):
            if found is not None and found[0].col == col and (name := column_of(found[1])) and name not in cols:
                cols[name] = col
        if "name" in cols and len(cols) >= 2:
            return row, cols
    return None


def _header_line(lines: Sequence[Line]) -> int | None:
    """Index of an unruled header: a row of lines (or one line) naming 氏名 and another column."""
    # Every header row holds a word (a line, or a word of one) naming the name column; a
    # block without one is answered in one pass instead of a row scan per line. Every
    # name-column heading (氏名, 委員名, 名前) holds 名: a line without it is not read at all.
    if not any("名" in ln.text and (column_of(ln.text.strip()) == "name" or any(column_of(w) == "name" for w in ln.text.split()))
               for ln in lines):
        return None
    for i in range(min(len(lines), 30)):
        words = _row_words(lines, i)
        names = [column_of(w) for w, _x in words]
        if "name" in names and sum(1 for n in names if n) >= 2:
            return i
    return None


def _row_words(lines: Sequence[Line], i: int) -> list[tuple[str, float | None]]:
    """The words of the row of line ``i``: separate lines on the same row (PDF), or its space-separated words."""
    same = _same_row(lines, lines[i])
    if len(same) > 1:
        return [(ln.text.strip(), ln.bbox.x0 if ln.bbox else None) for ln in same]
    return [(w, None) for w in lines[i].text.split()]


def _same_row(lines: Sequence[Line], line: Line) -> list[Line]:
    """The lines printed on the same row as ``line`` (PDF: tops within half a line), left to right."""
    box = line.bbox
    if box is None:
        return [line]
    same = [ln for ln in lines if ln.bbox is not None and ln.page == line.page and abs(ln.bbox.top - box.top) < 0.5 * (line.size or 10)]
    return sorted(same, key=lambda ln: ln.bbox.x0 if ln.bbox else 0.0)


def _legend(lines: Sequence[Line]) -> tuple[dict[str, str], set[int]]:
    marks: dict[str, str] = {}
    used: set[int] = set()
    for line in lines:
        found = list(_LEGEND.finditer(line.text))
        if found and len(line.text.strip()) <= 30 and not is_name(line.text):
            for m in found:
                marks[m["mark"]] = m["office"]
            used.add(id(line))
    return marks, used


def _member(name: str, values: dict[str, str], legend: dict[str, str], lines: Sequence[Line]) -> Member | None:
    name = name.strip()
    role = values.get("role") or None
    mark = _MARK.match(name)
    if mark:
        name = mark["rest"].strip()
        role = role or legend.get(mark["mark"])
    name = _HONORIFIC.sub("", name).strip()
    if not name or column_of(name):
        return None
    affiliation = values.get("affiliation") or None
    if role and not OFFICE.match(role) and affiliation is None:
        role, affiliation = None, role  # a 役職 column holding posts, not offices
    return Member(name=name, role=role, affiliation=affiliation, category=values.get("category") or None,
                  note=values.get("note") or None, provenance=prov(lines))


class RosterKind:
    name = "roster"
    continuous = True

    def detect(self, block: Block) -> float:
        if shut_out(block, self.name, VOCABULARY) and not any(_header_table(t) for t in block.tables):
            return 0.0
        if any(_header_table(t) for t in block.tables) or _header_line(block.lines) is not None:
            return HEADING_SCORE
        # A title alone is not enough (選挙人名簿の… in an ordinance): members must follow it.
        if any(_is_title(ln) for ln in block.lines[:5]) and _member_rows(block.lines) >= 2:
            return HEADING_SCORE
        if block.previous == self.name and (
            _member_rows(block.lines) * 2 >= len(block.lines) or any(_has_name_column(t) for t in block.tables)
        ):
            return CONTINUATION_SCORE
        return 0.0

    def segment(self, block: Block) -> Claim[RosterPart]:
        lines = list(block.lines)
        legend, used = _legend(lines)
        part = RosterPart()
        title = next((ln for ln in lines[:5] if _is_title(ln)), None)
        roster = Roster(heading=title.text.strip() if title else None, provenance=prov(lines[:1]))
        if title is not None:
            used.add(id(title))
        tables = [(t, h) for t in block.tables if (h := _header_table(t))]
        if tables:
            # A roster table running onto the next page repeats no header: same columns, no header row.
            cols_of = {t.n_cols: h[1] for t, h in tables}
            tables = [(t, h if (h := _header_table(t)) else (-1, cols_of[t.n_cols])) for t in block.tables
                      if _header_table(t) or t.n_cols in cols_of]
        for table, (head, cols) in tables:
            if head >= 0:
                roster.columns = roster.columns or [
                    c.text for col in range(table.n_cols) if (c := table.cell_at(head, col)) is not None and c.col == col
                ]
                used |= {id(ln) for col in range(table.n_cols) if (c := table.cell_at(head, col)) for ln in c.lines}
            carry: dict[str, str] = {}
            # Columns the roster has no field for (郵便番号, 住所, 任期 …) go to the note with their heading.
            others = {col: (c.text if head >= 0 and (c := table.cell_at(head, col)) else "") for col in range(table.n_cols)
                      if col not in cols.values()}
            for row in range(head + 1, table.n_rows):
                values: dict[str, str] = {}
                row_lines: list[Line] = []
                for key, col in cols.items():
                    cell = table.cell_at(row, col)
                    text = cell.text.strip() if cell else ""
                    if key == "category" and not text:
                        text = carry.get(key, "")  # a group heading drawn once over its rows
                    values[key] = text
                    if cell is not None:
                        row_lines += cell.lines
                extra = []
                for col, heading in others.items():
                    cell = table.cell_at(row, col)
                    if cell is not None and cell.col == col and cell.text.strip():
                        extra.append(f"{heading}:{cell.text.strip()}" if heading else cell.text.strip())
                        row_lines += cell.lines
                if extra:
                    values["note"] = " ".join([values["note"], *extra] if values.get("note") else extra)
                if values.get("category"):
                    carry["category"] = values["category"]
                member = _member(values.get("name", ""), values, legend, row_lines)
                if member is not None:
                    roster.members.append(member)
                    used |= line_ids(row_lines)
        warnings = []
        if not tables and _header_line(lines) is None and any(column_of(ln.text) == "name" for ln in lines):
            # A heading 氏名 alone on a line with no row beside it: the table was dumped column by
            # column (text extracted without geometry); its rows cannot be put back together.
            warnings.append(Warning(code="roster_columns_lost", message="roster table read as separate columns (text without layout); members kept as text", pages=[lines[0].page]))
        elif not tables:
            used |= self._unruled(lines, roster, legend, used)
        part.continues = title is None and not roster.columns
        part.rosters.append(roster)
        return Claim(kind=self.name, part=part, lines=frozenset(used), warnings=warnings, heading=roster.heading)

    def merge(self, doc: Document, claim: Claim[RosterPart]) -> None:
        for roster in claim.part.rosters:
            if claim.part.continues and doc.rosters:
                doc.rosters[-1].members.extend(roster.members)
            else:
                doc.rosters.append(roster)

    def _unruled(self, lines: list[Line], roster: Roster, legend: dict[str, str], used: set[int]) -> set[int]:
        taken: set[int] = set()
        head = _header_line(lines)
        starts: list[tuple[str, float | None]] = []
        if head is not None:
            words = _row_words(lines, head)
            starts = [(column_of(w) or "note", x) for w, x in words]
            roster.columns = [w for w, _x in words]
            taken |= line_ids(_same_row(lines, lines[head]))
        body = [ln for ln in lines[(head + 1 if head is not None else 0):] if id(ln) not in used and id(ln) not in taken]
        geometric = bool(starts) and all(x is not None for _n, x in starts) and all(ln.bbox is not None for ln in body)
        for row in _rows(body):
            if geometric:
                values: dict[str, str] = {}
                for ln in row:
                    key = min(starts, key=lambda s: abs((s[1] or 0.0) - ln.bbox.x0))[0]  # type: ignore[union-attr]
                    values[key] = f"{values[key]} {ln.text.strip()}" if key in values else ln.text.strip()
                member = _member(values.get("name", ""), values, legend, row)
            else:
                member = _member_from_text(" ".join(ln.text.strip() for ln in row), legend, row)
            if member is not None:
                roster.members.append(member)
                taken |= line_ids(row)
        return taken


def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    """Lines on one visual row together, left to right (PDF), whatever order the page gave
    them in (a column may come after the others); one row per line without geometry."""
    if any(ln.bbox is None for ln in lines):
        return [[ln] for ln in lines]
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.page, ln.bbox.top if ln.bbox else 0.0)):
        if rows and any(ln is line for ln in _same_row([rows[-1][0], line], rows[-1][0])):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda ln: ln.bbox.x0 if ln.bbox else 0.0) for row in rows]


def _member_from_text(text: str, legend: dict[str, str], lines: Sequence[Line]) -> Member | None:
    """A row without columns: '[No.] [office] name affiliation [note]'."""
    tokens = text.split()
    if tokens and _NUMBER.match(tokens[0]):
        tokens = tokens[1:]
    role = None
    if tokens and OFFICE.match(tokens[0]):
        role, tokens = tokens[0], tokens[1:]
    if not tokens or column_of(tokens[0]):
        return None
    person = parse_person(" ".join(tokens), lines)
    if person.name is None:
        return None
    name = person.name
    mark = _MARK.match(tokens[0])
    if mark and role is None:
        role = legend.get(mark["mark"])
        name = person.name.lstrip("◎○〇●☆★ ")
    return Member(name=name, role=role or (person.role if person.role and OFFICE.match(person.role) else None),
                  affiliation=person.affiliation, note=person.note, provenance=prov(lines))


def _member_rows(lines: Sequence[Line]) -> int:
    return sum(1 for ln in lines if _member_from_text(ln.text, {}, [ln]) is not None)



def _has_name_column(table: Table) -> bool:
    """A table without header whose column holds a name in most rows: a roster's next page."""
    for col in range(table.n_cols):
        cells = [table.cell_at(row, col) for row in range(table.n_rows)]
        if sum(1 for c in cells if c is not None and is_name(c.text.replace("\u3000", " "))) * 2 > table.n_rows:
            return True
    return False
