"""A parsed document as a rich Tree, for a person checking what the parser understood.

It reads the JSON back through the pydantic model, so ``show`` also tells you
when a file does not match the published contract.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.markup import escape
from rich.tree import Tree

from pipeline.jsonfile import read_json
from pipeline.models import (
    AgendaItem,
    Document,
    Label,
    Material,
    Minutes,
    PeopleGroup,
    PlanNode,
    PlanStructure,
    Provenance,
    SpeechTurn,
)
from pipeline.segment.aggregate import page_ranges


def load_document(path: Path) -> Document:
    """Raises ValueError with a one-line reason for unreadable or invalid files."""
    from pydantic import ValidationError

    data = read_json(path)
    try:
        return Document.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"not a parsed document ({exc.error_count()} errors; first at {where}: {first['msg']})") from None


def _label(label: Label | None) -> str:
    return f"[bold]{escape(label.printed)}[/] " if label else ""


def _page(prov: Provenance | None) -> str:
    return f" [dim]p.{prov.page}[/]" if prov else ""


def _tag(tag: str | None, star: bool) -> str:
    if not tag and not star:
        return ""
    return f" [magenta]【{'★' if star else ''}{escape(tag or '')}】[/]"


def _add_agenda_item(parent: Tree, item: AgendaItem) -> None:
    node = parent.add(f"{_label(item.label)}{escape(item.title)}{_page(item.provenance)}")
    if item.note:
        node.add(f"[dim]{escape(item.note)}[/]")
    for child in item.children:
        _add_agenda_item(node, child)


def _add_material(parent: Tree, mat: Material) -> None:
    extra = "".join(f" [dim]{escape(x)}[/]" for x in (mat.note, mat.meeting) if x)
    node = parent.add(f"[bold]{escape(mat.label or '')}[/] {escape(mat.title)}{extra}{_page(mat.provenance)}")
    for child in mat.children:
        _add_material(node, child)


def _add_plan_node(parent: Tree, plan_node: PlanNode) -> None:
    text = f"[dim]{plan_node.level}[/] {_label(plan_node.label)}{escape(plan_node.title)}"
    node = parent.add(text + _tag(plan_node.tag, plan_node.star) + _page(plan_node.provenance))
    # A ※ note is printed where it stood: after the child it follows.
    shown: set[int] = set()

    def add_notes(after: int | None, every: bool = False) -> None:
        for i, note in enumerate(plan_node.notes):
            if i not in shown and (every or note.after_child == after):
                shown.add(i)
                node.add(f"[yellow]※ {escape(note.text)}[/]{_tag(note.tag, note.star)}")

    add_notes(None)
    for child in plan_node.children:
        _add_plan_node(node, child)
        if child.label is not None and child.label.number is not None:
            add_notes(child.label.number)
    add_notes(None, every=True)  # a note after a child the numbering cannot name


def _add_plan_structure(parent: Tree, structure: PlanStructure) -> None:
    node = parent.add(f"[bold]{escape(structure.title or '(untitled plan structure)')}[/]{_page(structure.provenance)}")
    for plan in structure.plans:
        heading = f" — {escape(plan.heading)}" if plan.heading else ""
        plan_tree = node.add(f"plan [cyan]{plan.which}[/]{heading}")
        if plan.philosophy:
            plan_tree.add(f"philosophy: {escape(plan.philosophy)}")
        for goal in plan.goals:
            _add_plan_node(plan_tree, goal)
    if structure.context:
        context = node.add("context")
        for block in structure.context:
            title = " / ".join(escape(t) for t in (block.column, block.heading) if t) or "(block)"
            block_tree = context.add(title + _page(block.provenance))
            for line in block.lines:
                block_tree.add(escape(line))
    if structure.side_labels:
        node.add("side labels: " + ", ".join(escape(s) for s in structure.side_labels))


TURN_PREVIEW = 40  # characters of a speech shown after the speaker


def turn_line(turn: SpeechTurn) -> str:
    """「speaker: first words…」 for one speech turn (plain text, no markup)."""
    first = turn.text.replace("\n", " ")
    preview = first[:TURN_PREVIEW] + ("…" if len(first) > TURN_PREVIEW else "")
    return f"{turn.speaker}: {preview}"


def _add_minutes(tree: Tree, minutes: Minutes) -> None:
    title = f"minutes{' — ' + escape(minutes.heading) if minutes.heading else ''}"
    node = _section(tree, title, len(minutes.turns))
    if minutes.sitting:
        node.add(escape(minutes.sitting))
    for line in minutes.business:
        node.add(f"[dim]{escape(line)}[/]")
    for turn in minutes.turns:
        notes = "".join(f" [yellow]{escape(n)}[/]" for n in turn.notes)
        node.add(f"{escape(turn_line(turn))}{notes}{_page(turn.provenance)}")


def _add_people_group(parent: Tree, group: PeopleGroup) -> None:
    label = f" / {escape(group.label)}" if group.label else ""
    remarks = "".join(f" [dim]{escape(r)}[/]" for r in group.remarks)
    node = parent.add(f"{escape(group.heading)}{label} [dim]({group.status})[/]{remarks}")
    for person in group.people:
        parts = [x for x in (person.seat, person.role, person.name) if x] or [person.printed]
        extra = "".join(f" [dim]{escape(x)}[/]" for x in (person.affiliation, person.note) if x)
        node.add(escape(" ".join(parts)) + extra)


def _section(tree: Tree, title: str, count: int | None = None) -> Tree:
    suffix = f" ({count})" if count is not None else ""
    return tree.add(f"[bold blue]{title}[/]{suffix}")


def _facts(pairs: Iterable[tuple[str, object]]) -> list[str]:
    return [f"{name}: {escape(str(value))}" for name, value in pairs if value not in (None, "")]


def render(doc: Document) -> Tree:
    src = doc.source
    tree = Tree(f"[bold]{escape(src.file_name)}[/] [dim]{src.kind}, {src.pages} pages, schema {doc.schema_version}[/]")

    m = doc.meeting
    meeting = _section(tree, "meeting")
    for line in _facts([
        ("title", m.title), ("body", m.body), ("fiscal year", m.fiscal_year_label or m.fiscal_year),
        ("session", m.session), ("date", m.date), ("date as printed", m.date_label), ("weekday", m.weekday),
        ("time", "–".join(t for t in (m.start_time, m.end_time) if t)), ("place", m.place),
    ]):
        meeting.add(line)
    for group in m.attendance:
        _add_people_group(meeting, group)

    for one in doc.agendas:
        heading = f" — {escape(one.heading)}" if one.heading else ""
        agenda = _section(tree, f"agenda{heading}{_page(one.provenance)}", len(one.items))
        own = one.meeting
        if own is not None and (own.title, own.date, own.place) != (m.title, m.date, m.place):  # another meeting
            for line in _facts([("title", own.title), ("date", own.date), ("place", own.place)]):
                agenda.add(f"[dim]{line}[/]")
        for item in one.items:
            _add_agenda_item(agenda, item)

    if doc.materials:
        materials = _section(tree, "materials", len(doc.materials))
        for mat in doc.materials:
            _add_material(materials, mat)

    if doc.plans:
        plans = _section(tree, "plan structures", len(doc.plans))
        for structure in doc.plans:
            _add_plan_structure(plans, structure)

    if doc.opinions:
        opinions = _section(tree, "opinions", len(doc.opinions))
        groups: dict[str | None, Tree] = {}
        for op in doc.opinions:
            if op.submitter not in groups:
                groups[op.submitter] = opinions.add(f"[cyan]{escape(op.submitter or '(no submitter)')}[/]")
            number = f"[bold]{escape(op.label or str(op.number))}[/] " if (op.label or op.number) else ""
            groups[op.submitter].add(f"{number}{escape(op.text)}{_page(op.provenance)}")

    for minutes in doc.minutes:
        _add_minutes(tree, minutes)

    for roster in doc.rosters:
        node = _section(tree, f"roster{' — ' + escape(roster.heading) if roster.heading else ''}", len(roster.members))
        for member in roster.members:
            extra = " ".join(f"[dim]{escape(x)}[/]" for x in (member.category, member.affiliation, member.note) if x)
            role = f"[cyan]{escape(member.role)}[/] " if member.role else ""
            node.add(f"{role}{escape(member.name)} {extra}{_page(member.provenance)}".rstrip())

    if doc.texts:
        texts = _section(tree, "unclaimed text", len(doc.texts))
        for block in doc.texts:
            first = block.text.splitlines()[0] if block.text else ""
            texts.add(f"[dim]{block.section}[/] {escape(first[:80])}{'…' if len(block.text) > len(first[:80]) else ''}"
                      f"{_page(block.provenance)}")

    sections = _section(tree, "sections", len(doc.sections))
    for sec in doc.sections:
        pages = ",".join(str(p) for p in sec.pages)
        extras = " ".join(escape(x) for x in (sec.label, sec.heading) if x)
        sections.add(f"{sec.kind} [dim]p.{pages}[/] {extras}".rstrip())

    tree.add(f"[bold blue]repairs[/] ({len(doc.repairs)})")
    warnings = _section(tree, "warnings", len(doc.warnings))
    for w in doc.warnings:
        page = f" [dim]p.{page_ranges(w.pages)}[/]" if w.pages else ""
        warnings.add(f"[yellow]{escape(w.code)}[/] {escape(w.message)}{page}")
    return tree
