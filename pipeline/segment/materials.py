"""Material lists (配布資料一覧 / 配付資料): one row per distributed document.

Two layouts occur: a ruled table whose header names the columns (資料No. /
資料名 / 備考, sometimes a meeting column spanning rows), and plain lines
(資料1 title, 1-1 title, 参考資料2 title, optionally a remark at the end). The
table is read by its header; plain lines by the row pattern, with wrapped lines
joined to the row above.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from pipeline.layout import Cell, Line, Table
from pipeline.models import Material
from pipeline.segment.flow import join_wrapped
from pipeline.segment.provenance import prov
from pipeline.segment.tablememo import head_rows, per_table

_NUM = r"\d+(?:\s*[-‐ー−]\s*\d+)*"
# Council lists number bills, reports and petitions the same way: 議案第1号 title.
_KINDS = r"参考資料|資料|(?:議案|報告|諮問|承認|認定|請願|陳情|発議|意見書案|決議案)第"
ROW_RE = regex.compile(
    rf"^(?P<kind>{_KINDS})?\s*(?P<num>{_NUM})\s*(?P<go>号)?(?=[\s:：.．]|[^\d\s-])\s*[:：.．]?\s*(?P<title>\S.*)$"
)
_KIND_START = regex.compile(rf"(?:{_KINDS})")


def is_kind_row(text: str) -> bool:
    """A row numbered with its kind word (資料1, 議案第3号 …): ``ROW_RE`` with its ``kind``.

    Every block's detection asks it of every line; a line that does not start
    with a kind word (nearly all) is answered by one short match.
    """
    return _KIND_START.match(text) is not None and bool((m := ROW_RE.match(text)) and m["kind"])


# Remarks printed at the end of a row: how and when the document was handed out.
DISTRIBUTION_NOTE_RE = regex.compile(r"\s*(?P<open>\()?(?P<note>(?:事前|当日|机上|席上|追加|後日|会議当日)(?:配布|配付|送付)|机上|委員限り|非公開)(?(open)\))$|\s+(?P<note2>配布|配付|公開)$")
# A label alone on its line (資料1, 1-1, 参考資料2, 議案第3号): a column printed by itself.
LABEL_RE = regex.compile(rf"^(?P<kind>{_KINDS})?\s*(?P<num>{_NUM})\s*(?P<go>号)?$")
# A row with a kind word but no number: 参考資料 環境白書(概要版).
UNNUMBERED_ROW_RE = regex.compile(r"^(?P<kind>参考資料)\s+(?P<title>\S.*)$")
# The list's own title: 配布資料一覧, 配付資料, 議案一覧表, 第N回…提出議案一覧表. Every
# match must hold a word of kinds/materials.py's LIST_WORDS (its gate).
MATERIALS_TITLE = regex.compile(r"^(?:配布|配付)?資料一覧$|^(?:配布|配付)資料$|(?:議案|資料|案件)一覧表?$")
_BRACKETS = regex.compile(r"^[【「<＜〈《\[](.+)[】」>＞〉》\]]$")
MEETING_RE = regex.compile(r"^第\s*\d+\s*回(?:\s*\(.*\))?$")
_PAREN_ONLY = regex.compile(r"^\(.*\)$")
_HEADER_WORDS = regex.compile(r"^(?:資料|No\.?|番号|資料名|名称|備考|資料名\s+備考|資料\s*No\.?)$")
TITLE_HEADER = regex.compile(r"資料名|名称|件名|表題|タイトル")
NOTE_HEADER = regex.compile(r"備考|摘要|配布|配付")
NUMBER_HEADER = regex.compile(r"No|番号|^資料$|資料番号")


def _clean_number(num: str) -> str:
    return regex.sub(r"\s*[-‐ー−]\s*", "-", num.strip())


def material_row(
    kind: str | None, num: str, title: str, note: str | None, meeting: str | None, lines: Sequence[Line], go: str | None = None
) -> Material:
    number = _clean_number(num) or None
    label = f"{kind or ''}{number or ''}{go or ''}" or None
    return Material(
        label=label,
        number=number,
        kind=kind.removesuffix("第") if kind else None,
        title=title,
        note=note or None,
        meeting=meeting or None,
        provenance=prov(lines),
    )


def _overlap(top1: float, bottom1: float, top2: float, bottom2: float) -> float:
    """Vertical overlap as a fraction of the shorter span (digits and kanji differ in height)."""
    shorter = max(min(bottom1 - top1, bottom2 - top2), 0.1)
    return max(0.0, min(bottom1, bottom2) - max(top1, top2)) / shorter


def same_row_lines(lines: Sequence[Line]) -> list[list[Line]]:
    """Group lines printed on one baseline (an unruled row split at its column gaps)."""
    rows: list[list[Line]] = []
    for line in lines:
        prev = rows[-1][-1] if rows else None
        if (
            prev is not None
            and line.bbox is not None
            and prev.bbox is not None
            and line.direction == prev.direction == "horizontal"
            and _overlap(line.bbox.top, line.bbox.bottom, prev.bbox.top, prev.bbox.bottom) > 0.5
            and line.bbox.x0 > prev.bbox.x0
        ):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def parse_material_lines(lines: Sequence[Line]) -> tuple[list[Material], frozenset[int]]:
    """Rows from plain lines, and the ids of the lines they read. Other lines are left alone."""
    merged: list[Line] = []
    parts_of: dict[int, list[Line]] = {}
    for row in same_row_lines(lines):
        line = row[0] if len(row) == 1 else row[0].with_text(" ".join(ln.text for ln in row))
        if len(row) > 1 and row[0].bbox is not None:
            box = row[0].bbox
            for other in row[1:]:
                box = box.union(other.bbox)  # type: ignore[arg-type]
            line.bbox = box
        parts_of[id(line)] = row
        merged.append(line)
    rows_out, read = _parse_rows(merged)
    claimed = {id(ln) for key in read for ln in parts_of.get(key, ())}
    return rows_out, frozenset(claimed)


def _parse_rows(lines: Sequence[Line]) -> tuple[list[Material], set[int]]:
    used: set[int] = set()
    rows: list[tuple[str | None, str, list[str], str | None, str | None, list[Line], str | None]] = []
    meeting: str | None = None
    after_meeting = False
    for line in lines:
        text = line.text.strip()
        if MEETING_RE.match(text):
            meeting, after_meeting = text, True
            used.add(id(line))
            continue
        if after_meeting and _PAREN_ONLY.match(text):
            meeting = f"{meeting}{text}"  # the date printed under 第N回
            used.add(id(line))
            continue
        after_meeting = False
        m = ROW_RE.match(text) or UNNUMBERED_ROW_RE.match(text)
        if m:
            title = m["title"]
            note_m = DISTRIBUTION_NOTE_RE.search(title)
            note = None
            if note_m and note_m.start() > 0:
                note = note_m["note"] or note_m["note2"]
                title = title[: note_m.start()]
            groups = m.groupdict()
            rows.append((m["kind"], groups.get("num") or "", [title], note, meeting, [line], groups.get("go")))
            used.add(id(line))
        elif all(_HEADER_WORDS.match(tok) for tok in text.split()) or text == "参考資料" or is_list_title(text):
            continue  # column headings, group headings, the list's title (stream text may print it after the rows): not a row, kept as text
        elif rows:
            rows[-1][2].append(text)
            rows[-1][5].append(line)
            used.add(id(line))
    return [material_row(k, n, join_wrapped(t), note, mt, src, go) for k, n, t, note, mt, src, go in rows], used


@per_table
def material_table_columns(table: Table) -> tuple[int, dict[str, int]] | None:
    """(header row, role → column) when ``table`` is a material list; None otherwise."""
    for row, cells in enumerate(head_rows(table)[:3]):
        roles: dict[str, int] = {}
        for col, found in enumerate(cells):
            if found is None or found[0].col != col:
                continue
            text = found[1].replace(" ", "")
            if TITLE_HEADER.search(text) and "title" not in roles:
                roles["title"] = col
            elif NOTE_HEADER.search(text) and "note" not in roles:
                roles["note"] = col
            elif NUMBER_HEADER.search(text) and "number" not in roles:
                roles["number"] = col
            elif not text and "meeting" not in roles:
                roles["meeting"] = col
        if "title" in roles and ("number" in roles or "note" in roles):
            return row, roles
    return None


def _text(cell: Cell | None) -> str | None:
    return cell.text if cell is not None else None


def parse_material_table(table: Table) -> tuple[list[Material], frozenset[int]]:
    """Rows of a ruled material list, read by its header, and the ids of the body rows' lines."""
    found = material_table_columns(table)
    if found is None:
        return [], frozenset()
    header, roles = found
    out: list[Material] = []
    for row in range(header + 1, table.n_rows):
        cells = {role: table.cell_at(row, col) for role, col in roles.items()}
        title_cell = cells.get("title")
        if title_cell is None or title_cell.row != row or not title_cell.text:
            continue
        num_text = _text(cells.get("number")) or ""
        m = regex.match(rf"^(?P<kind>{_KINDS})?\s*(?P<num>{_NUM})\s*(?P<go>号)?", num_text)
        kind, num, go = (m["kind"], m["num"], m["go"]) if m else (None, num_text, None)
        note = _text(cells.get("note"))
        meeting = _text(cells.get("meeting"))
        src = [ln for c in cells.values() if c is not None and c.row == row for ln in c.lines]
        out.append(material_row(kind, num, title_cell.text, note, meeting, src or title_cell.lines, go))
    if not out:
        return out, frozenset()
    return out, frozenset(id(ln) for c in table.cells if c.row > header for ln in c.lines)


_LIST_HEADING = regex.compile(r"資料一覧$")


def segment_material_page(tables: Sequence[Table], lines: Sequence[Line]) -> tuple[list[Material], frozenset[int]]:
    """A material list: its ruled tables when they have a material header, else its plain rows.

    Returns the rows and the ids of the lines they claim. The header row of a
    table stays as text; the list's heading (…資料一覧) is claimed as the
    section's heading.
    """
    rows: list[Material] = []
    claimed: set[int] = set()
    for table in tables:
        table_rows, read = parse_material_table(table)
        rows.extend(table_rows)
        claimed |= read
    loose = [ln for ln in lines if ln.cell is None]
    if not rows and loose and all(ln.bbox is None for ln in loose):
        # Stream text (no geometry) may print the table column by column; that
        # reader proves its pairing or reads nothing, so it goes first: the
        # plain-line reader would glue a dumped title column onto one row.
        from pipeline.segment.columndump import parse_column_dump

        rows, read = parse_column_dump(loose)
        claimed |= read
    if not rows:
        rows, read = parse_material_lines(loose)
        claimed |= read
    claimed.update(id(ln) for ln in lines if _LIST_HEADING.search(ln.text.replace(" ", "")))
    if rows:  # a title over no rows stays with its note (別紙配布資料一覧のとおり) as text
        claimed.update(id(ln) for ln in lines[:3] if ln.cell is None and is_list_title(ln.text))
    return rows, frozenset(claimed)


# A word that every list title (is_list_title: 資料 or 一覧) and every kind row
# (is_kind_row) holds: the materials kind's gate (kinds.base.shut_out).
LIST_WORDS = regex.compile(rf"一覧|{_KINDS}")


def is_list_title(text: str) -> bool:
    """A material list's title line (配布資料一覧, 【配付資料】, 議案一覧表)."""
    text = text.replace(" ", "")
    bracketed = _BRACKETS.match(text)
    return bool(MATERIALS_TITLE.search(bracketed.group(1) if bracketed else text))


_SUB_NUMBER = regex.compile(r"^(?P<parent>\d+)-\d+$")


def nest_materials(rows: list[Material], new: Sequence[Material]) -> None:
    """Append ``new`` rows to ``rows``, a sub-number (1-1, 資料1-2) under the row it extends (資料1).

    The parent is the last top-level row, when its number is the sub-number's
    first part, its kind agrees (a bare 1-1 under 資料1; 参考資料1-1 under
    参考資料1) and it belongs to the same meeting of a multi-meeting list.
    Labels stay as printed.
    """
    for row in new:
        parent = rows[-1] if rows else None
        sub = _SUB_NUMBER.match(row.number or "")
        if (
            parent is not None
            and sub is not None
            and parent.number == sub["parent"]
            and (row.kind is None or row.kind == parent.kind)
            and row.meeting == parent.meeting
        ):
            parent.children.append(row)
        else:
            rows.append(row)
