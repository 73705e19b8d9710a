"""Plan-structure tables (計画の体系): 基本理念 → 基本目標 → 基本施策 → 施策, with context columns.

With a ruled table (PDF) the grid decides: the header rows name each column
(which plan, which level, or a context column), and a node's parent is the node
in the column to its left whose cell spans its row. Without one (text input)
the columns arrive one after another and the numbering decides: named goals
(基本目標1) open one plan, tagged items (1 …【継承】) another, bracketed
headings (【…の方針】) open context blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from pipeline.layout import Line, Table
from pipeline.models import (
    BBox,
    ContextBlock,
    Label,
    Plan,
    PlanNode,
    PlanNote,
    PlanStructure,
    Provenance,
    Warning,
)
from pipeline.segment.flow import Flow, join_wrapped
from pipeline.segment.labels import kanji_number, split_label
from pipeline.segment.provenance import prov

TAG_RE = regex.compile(r"\s*【(?P<star>★)?\s*(?P<tag>[^】]+?)】\s*$")
NAMED_RE = regex.compile(r"^(?P<name>基本目標|基本施策|施策|目標)\s*(?P<num>\d+|[一二三四五六七八九十]+)\s*[.:：]?\s*(?P<rest>.*)$")
NAMED_LEVEL = {"基本目標": 0, "目標": 0, "基本施策": 1, "施策": 2}
BRACKET_ONLY = regex.compile(r"^【(?P<star>★)?(?P<body>[^】]+)】$")
SUBHEAD_RE = regex.compile(r"^[<＜〈《].*[>＞〉》]$")
NOTE_RE = regex.compile(r"^※\s*(?P<rest>.*)$")
PLAN_HEADER = regex.compile(r"基本理念|基本目標|基本施策|施策|計画の体系")
NEXT_PLAN = regex.compile(r"^(?:次期|新)|[(（]案[)）]|改定後|新計画")
CURRENT_PLAN = regex.compile(r"^(?:現行?|現計画)|改定前")
LEVELS = ("goal", "policy", "measure")
ROLE_OF_HEADER = [("philosophy", regex.compile(r"理念")), ("goal", regex.compile(r"目標")),
                  ("policy", regex.compile(r"基本施策|施策の方向")), ("measure", regex.compile(r"施策|事業|取組")),
                  ("mixed", regex.compile(r"体系"))]


def is_plan_page(lines: Sequence[Line], tables: Sequence[Table]) -> bool:
    if any(plan_table_header(t) for t in tables):
        return True
    # Without a grid: the column headings and at least one numbered goal (基本目標1).
    text = "\n".join(ln.text for ln in lines)
    headings = len(regex.findall(r"基本目標|基本施策|基本理念", text)) >= 3
    return headings and any(NAMED_RE.match(ln.text.strip()) for ln in lines)


# ---------------------------------------------------------------- entries

@dataclass
class Entry:
    """One logical item of a plan column: a numbered item, a note, a heading or a paragraph."""

    kind: str  # named | label | note | subhead | heading | text | vertical
    parts: list[str]
    lines: list[Line]
    label: Label | None = None
    named_level: int | None = None
    closed: bool = False

    @property
    def text(self) -> str:
        return join_wrapped(self.parts)


def group_entries(lines: Sequence[Line], flow: Flow | None = None) -> list[Entry]:
    """Split a column's lines into entries, joining wrapped lines to the item they continue."""
    flow = flow or Flow(lines)
    entries: list[Entry] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        cur = entries[-1] if entries else None
        if line.direction == "vertical":
            entries.append(Entry("vertical", [text], [line], closed=True))
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
            if bracket["star"] or not nxt or split_label(nxt) or NAMED_RE.match(nxt) or NOTE_RE.match(nxt):
                cur.parts.append(text)  # a tag wrapped onto its own line
                cur.lines.append(line)
                cur.closed = True
                continue
        if named:
            label = Label(printed=text[: named.start("rest")].strip(), number=kanji_number(named["num"]), style="named")
            entries.append(Entry("named", [named["rest"]], [line], label=label, named_level=NAMED_LEVEL[named["name"]]))
        elif bracket:
            entries.append(Entry("heading", [text], [line], closed=True))
        elif NOTE_RE.match(text):
            entries.append(Entry("note", [NOTE_RE.match(text)["rest"]], [line]))  # type: ignore[index]
        elif SUBHEAD_RE.match(text):
            entries.append(Entry("subhead", [text], [line], closed=True))
        elif labelled is not None:
            entries.append(Entry("label", [labelled.rest], [line], label=labelled.label))
        elif cur is not None and not cur.closed and not line.break_before and (
            (cur.kind in ("label", "named", "note") and not (cur.label and cur.label.style == "bullet"))
            or flow.wraps(cur.lines[-1])
        ):
            # Numbered plan items run on until the next item (narrow cells wrap
            # anywhere); bullets and prose only while their lines reach the margin.
            cur.parts.append(text)
            cur.lines.append(line)
        else:
            entries.append(Entry("text", [text], [line]))
        last = entries[-1]
        if last.kind in ("label", "named", "note") and TAG_RE.search(last.text):
            last.closed = True
    return entries


def split_tag(text: str) -> tuple[str, str | None, bool]:
    m = TAG_RE.search(text)
    if not m:
        return text.strip(), None, False
    return text[: m.start()].strip(), m["tag"].strip(), bool(m["star"])


# ---------------------------------------------------------------- plan builder

@dataclass
class PlanBuilder:
    which: str
    heading: str | None = None
    philosophy: str | None = None
    philosophy_lines: list[Line] = field(default_factory=list)
    goals: list[PlanNode] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    named_goals: bool = False
    last_at: list[PlanNode | None] = field(default_factory=lambda: [None, None, None])
    warnings: list[Warning] = field(default_factory=list)

    def level_of(self, entry: Entry) -> int:
        if entry.kind == "named":
            self.named_goals = self.named_goals or entry.named_level == 0
            return entry.named_level or 0
        style = entry.label.style if entry.label else "text"
        if style not in self.styles:
            self.styles.append(style)
        return min(self.styles.index(style) + (1 if self.named_goals else 0), 2)

    def add(self, entry: Entry, level: int | None = None) -> PlanNode:
        if level is None:
            level = self.level_of(entry)
        title, tag, star = split_tag(entry.text)
        node = PlanNode(level=LEVELS[level], label=entry.label, title=title, tag=tag, star=star, provenance=prov(entry.lines))
        parent = self.last_at[level - 1] if level > 0 else None
        if level > 0 and parent is None:
            self.warnings.append(Warning(code="orphan_plan_item", message=f"plan item '{entry.text}' has no parent; kept as a goal", page=entry.lines[0].page))
            level = 0
            node.level = "goal"
        if level == 0:
            self.goals.append(node)
        else:
            assert parent is not None
            if parent.children and node.label and node.label.number and parent.children[-1].label and parent.children[-1].label.number:
                if node.label.number != parent.children[-1].label.number + 1:
                    self.warnings.append(Warning(code="numbering_gap", message=f"plan item '{entry.text}' does not follow {parent.children[-1].label.printed}", page=entry.lines[0].page))
            parent.children.append(node)
        self.last_at[level] = node
        for deeper in range(level + 1, 3):
            self.last_at[deeper] = None
        return node

    def add_note(self, entry: Entry) -> bool:
        """Attach a ※ note to the item whose children it sits among (after the last child so far)."""
        measure = self.last_at[2]
        owner = self.last_at[1] if measure is not None else (self.last_at[1] or self.last_at[0])
        if owner is None:
            return False
        text, tag, star = split_tag(entry.text)
        after = owner.children[-1].label.number if owner.children and owner.children[-1].label else None
        owner.notes.append(PlanNote(text=text, tag=tag, star=star, after_child=after, provenance=prov(entry.lines)))
        return True

    def set_philosophy(self, entry: Entry) -> None:
        self.philosophy = entry.text.replace(" ", "")
        self.philosophy_lines = entry.lines

    @property
    def started(self) -> bool:
        return bool(self.goals)

    def build(self) -> Plan:
        return Plan(which=self.which, heading=self.heading, philosophy=self.philosophy, goals=self.goals,  # type: ignore[arg-type]
                    provenance=prov(self.philosophy_lines or [ln for g in self.goals[:1] for ln in []]) or None)


@dataclass
class PlanResult:
    structure: PlanStructure
    used: set[int]
    warnings: list[Warning]


class _Context:
    def __init__(self) -> None:
        self.blocks: list[ContextBlock] = []
        self._lines: list[list[Line]] = []

    def open(self, column: str | None, heading: str | None, lines: list[Line]) -> None:
        self.blocks.append(ContextBlock(column=column, heading=heading, lines=[]))
        self._lines.append(list(lines))

    def add(self, entry: Entry, column: str | None = None) -> None:
        if not self.blocks or (column is not None and self.blocks[-1].column != column):
            self.open(column, None, [])
        text = entry.text if entry.kind != "note" else "※" + entry.text
        if entry.label is not None and entry.kind == "label":
            text = f"{entry.label.printed} {text}" if entry.label.style not in ("bullet",) and not entry.label.printed.startswith("(") else f"{entry.label.printed}{text}"
        self.blocks[-1].lines.append(text)
        self._lines[-1].extend(entry.lines)

    def done(self) -> list[ContextBlock]:
        for block, lines in zip(self.blocks, self._lines):
            block.provenance = prov(lines)
        return [b for b in self.blocks if b.lines or b.heading]


# ---------------------------------------------------------------- linear (no grid)

def _heading_of(lines: Sequence[Line]) -> list[str]:
    return [ln.text for ln in lines if "計画" in ln.text and (NEXT_PLAN.search(ln.text) or CURRENT_PLAN.search(ln.text))]


def _which(heading: str | None, fallback: str) -> str:
    if heading is None:
        return fallback
    if NEXT_PLAN.search(heading):
        return "next"
    if CURRENT_PLAN.search(heading):
        return "current"
    return fallback


def segment_plan_linear(lines: Sequence[Line]) -> PlanResult:
    entries = group_entries(lines)
    headings = _heading_of(lines)
    used: set[int] = set()
    named = PlanBuilder("unknown")
    tagged = PlanBuilder("unknown")
    order: list[PlanBuilder] = []
    ctx = _Context()
    pending: list[Entry] = []
    side: list[str] = []
    header_texts: list[str] = []
    mode: str | None = None
    warnings: list[Warning] = []

    def start(builder: PlanBuilder) -> None:
        if builder not in order:
            order.append(builder)
            if pending:
                builder.set_philosophy(pending.pop())
                side.extend(p.text for p in pending)
                pending.clear()

    for entry in entries:
        tag = TAG_RE.search(entry.text) if entry.kind in ("label", "named") else None
        if entry.kind == "named" and entry.named_level == 0:
            mode = "named"
            start(named)
            named.add(entry)
        elif entry.kind == "heading":
            mode = "ctx"
            ctx.open(None, entry.text, entry.lines)
        elif entry.kind == "vertical":
            pending.append(entry)
            if mode == "ctx":
                mode = None
        elif entry.kind in ("label", "named"):
            if mode == "ctx" and not tag:
                ctx.add(entry)
                continue
            if tag and mode != "tagged" and (mode != "named" or entry.label is None or entry.label.style not in named.styles):
                mode = "tagged"
                start(tagged)
            builder = named if mode == "named" else tagged if mode == "tagged" else None
            if builder is None:
                header_texts.append(entry.lines[0].text)
                continue
            builder.add(entry)
        elif entry.kind == "note":
            builder = named if mode == "named" else tagged if mode == "tagged" else None
            if builder is None or not builder.add_note(entry):
                ctx.add(entry)
        elif entry.kind == "subhead":
            header_texts.append(entry.text)
        elif mode == "ctx":
            ctx.add(entry)
        elif mode is None and not order:
            header_texts.extend(ln.text for ln in entry.lines)
        else:
            ctx.add(entry)
            warnings.append(Warning(code="unplaced_plan_text", message=f"text '{entry.text[:40]}' in a plan table could not be placed; kept as context", page=entry.lines[0].page))
        used.update(id(ln) for ln in entry.lines)
    for entry in entries:
        used.update(id(ln) for ln in entry.lines)
    side.extend(p.text for p in pending)
    for i, builder in enumerate(order):
        builder.heading = headings[i] if i < len(headings) else None
        builder.which = _which(builder.heading, "unknown")
        warnings.extend(builder.warnings)
    title = next((t for t in header_texts if not regex.match(r"^(?:参考)?資料\s*\d", t) and not _heading_of([Line(t, 0)])), None)
    headers = [t for t in header_texts if t != title]
    structure = PlanStructure(
        title=title, plans=[b.build() for b in order], context=ctx.done(), side_labels=side, headers=headers, provenance=prov(list(lines))
    )
    return PlanResult(structure, used, warnings)


# ---------------------------------------------------------------- grid (ruled table)

def plan_table_header(table: Table) -> int:
    """Number of header rows when ``table`` is a plan-structure table, else 0."""
    for row in range(min(table.n_rows, 4)):
        texts = [table.cell_at(row, c).text.replace(" ", "") for c in range(table.n_cols) if table.cell_at(row, c) is not None]  # type: ignore[union-attr]
        if any(PLAN_HEADER.fullmatch(t) for t in texts):
            return row + 1
    return 0


def segment_plan_table(table: Table, page_lines: Sequence[Line]) -> PlanResult:
    n_header = plan_table_header(table)
    warnings: list[Warning] = []
    used = {id(ln) for cell in table.cells for ln in cell.lines}
    # Column headings, top to bottom, per column.
    col_heads: list[list[str]] = []
    for col in range(table.n_cols):
        heads = []
        for row in range(n_header):
            cell = table.cell_at(row, col)
            if cell is not None and cell.row == row and cell.text.strip():
                heads.append(cell.text.replace(" ", ""))
            elif cell is not None and cell.text.strip() and cell.row < row:
                pass
        col_heads.append(heads)
    # Plans: a top header spanning several columns that names a plan.
    builders: dict[int, PlanBuilder] = {}
    col_role: dict[int, str] = {}
    col_plan: dict[int, int] = {}
    plan_cells = []
    for cell in table.cells:
        if cell.row == 0 and cell.colspan > 1 and ("計画" in cell.text or "体系" in cell.text):
            plan_cells.append(cell)
    plan_cells.sort(key=lambda c: c.col)
    order: list[PlanBuilder] = []
    for i, cell in enumerate(plan_cells):
        b = PlanBuilder(_which(cell.text, "unknown"), heading=cell.text)
        builders[i] = b
        order.append(b)
        for col in range(cell.col, cell.col + cell.colspan):
            col_plan[col] = i
    if not plan_cells:
        b = PlanBuilder("unknown")
        builders[0] = b
        order.append(b)
    for col in range(table.n_cols):
        heads = col_heads[col]
        sub = heads[-1] if heads else ""
        role = next((r for r, pat in ROLE_OF_HEADER if pat.search(sub)), None) if sub else None
        if not plan_cells and role is not None:
            col_plan[col] = 0
        if col in col_plan:
            col_role[col] = role or "mixed"
        elif heads:
            col_role[col] = "context"
        else:
            col_role[col] = "side"
    ctx = _Context()
    side: list[str] = []
    headers = [c.text for c in sorted(table.cells, key=lambda c: (c.row, c.col)) if c.row < n_header and c.text]
    body_cells = sorted((c for c in table.cells if c.row >= n_header), key=lambda c: (c.row, c.col))
    level_of_role = {"goal": 0, "policy": 1, "measure": 2}
    for cell in body_cells:
        role = col_role.get(cell.col, "side")
        if not cell.lines:
            continue
        if role == "context":
            column = col_heads[cell.col][-1] if col_heads[cell.col] else None
            for entry in group_entries(cell.lines):
                if entry.kind == "heading":
                    ctx.open(column, entry.text, entry.lines)
                else:
                    ctx.add(entry, column)
            continue
        if role == "side":
            side.append(cell.text)
            continue
        builder = builders[col_plan[cell.col]]
        if role == "philosophy":
            builder.philosophy = "".join(ln.text for ln in cell.lines).replace(" ", "")
            builder.philosophy_lines = list(cell.lines)
            continue
        for entry in group_entries(cell.lines):
            if entry.kind == "note":
                if not builder.add_note(entry):
                    ctx.add(entry)
            elif entry.kind in ("label", "named"):
                builder.add(entry, level_of_role.get(role))
            elif entry.kind in ("subhead",):
                headers.append(entry.text)
            elif role in level_of_role and entry.kind == "text":
                builder.add(entry, level_of_role[role])
            else:
                ctx.add(entry)
                warnings.append(Warning(code="unplaced_plan_text", message=f"text '{entry.text[:40]}' in a plan table could not be placed; kept as context", page=entry.lines[0].page))
    for b in order:
        warnings.extend(b.warnings)
    above = [ln for ln in page_lines if id(ln) not in used and ln.bbox is not None and ln.bbox.bottom <= table.bbox.top + 1]
    title_line = next((ln for ln in above if not regex.match(r"^(?:参考)?資料\s*\d", ln.text)), None)
    if title_line is not None:
        used.add(id(title_line))
    structure = PlanStructure(
        title=title_line.text if title_line else None,
        plans=[b.build() for b in order if b.started or b.philosophy],
        context=ctx.done(),
        side_labels=side,
        headers=headers,
        provenance=prov_table(table, page_lines),
    )
    return PlanResult(structure, used, warnings)


def prov_table(table: Table, page_lines: Sequence[Line]) -> Provenance:
    """The whole table's box, on the page its lines come from."""
    page = next((ln.page for c in table.cells for ln in c.lines), page_lines[0].page if page_lines else 1)
    b = table.bbox
    return Provenance(page=page, bbox=BBox(x0=round(b.x0, 2), top=round(b.top, 2), x1=round(b.x1, 2), bottom=round(b.bottom, 2)))
