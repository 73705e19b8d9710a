"""Check a parsed Document against facts in the corpus's neutral form (*.expected.json).

The neutral form is not our schema: strings compare after NFKC with whitespace
removed, numbers may be printed as labels. Each helper returns a list of
human-readable problems so a failing test names every missing fact at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline.models import Document, Plan, PlanNode


def norm(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def _num(value: Any) -> str:
    return norm(value).strip("()（）.")


def check_meeting(doc: Document, want: dict[str, Any]) -> list[str]:
    problems = []
    got = doc.meeting.model_dump()
    for key, value in want.items():
        if key in ("body", "title", "place"):
            ok = norm(got.get(key) or "") == norm(value)
        else:
            ok = got.get(key) == value
        if not ok:
            problems.append(f"meeting.{key}: want {value!r}, got {got.get(key)!r}")
    return problems


def check_agenda(doc: Document, want: list[dict[str, Any]]) -> list[str]:
    items = [item for agenda in doc.agendas for item in agenda.items]
    return _check_items(items, want, "agenda")


def check_agendas(doc: Document, want: list[dict[str, Any]]) -> list[str]:
    """Each agenda separate, with its own heading and items, in printed order."""
    problems = []
    if len(doc.agendas) != len(want):
        problems.append(f"agendas: want {len(want)}, got {len(doc.agendas)}: {[a.heading for a in doc.agendas]}")
    for i, (got, exp) in enumerate(zip(doc.agendas, want)):
        if norm(got.heading or "") != norm(exp["heading"]):
            problems.append(f"agendas[{i}].heading: want {exp['heading']!r}, got {got.heading!r}")
        problems += _check_items(got.items, exp["items"], f"agendas[{i}]")
    return problems


def check_texts(doc: Document, want: list[str]) -> list[str]:
    """Lines no element holds are still in ``texts`` (a note after the agenda, say)."""
    kept = norm("".join(t.text for t in doc.texts))
    return [f"texts: {w!r} missing" for w in want if norm(w) not in kept]


def _check_items(items: list[Any], want: list[dict[str, Any]], where: str) -> list[str]:
    problems = []
    if len(items) != len(want):
        problems.append(f"{where}: want {len(want)} items, got {len(items)}: {[i.title for i in items]}")
    for i, (got, exp) in enumerate(zip(items, want)):
        path = f"{where}[{i}]"
        if "number" in exp and (got.label is None or str(got.label.number) != _num(exp["number"])):
            problems.append(f"{path}.number: want {exp['number']}, got {got.label}")
        if norm(got.title) != norm(exp["title"]):
            problems.append(f"{path}.title: want {exp['title']!r}, got {got.title!r}")
        if "note" in exp and norm(exp["note"]) not in norm(got.note or ""):
            problems.append(f"{path}.note: want {exp['note']!r}, got {got.note!r}")
        problems += _check_items(got.children, exp.get("children", []), path)
    return problems


def _flat_materials(rows: list[Any], depth: int = 0) -> list[tuple[int, Any]]:
    """(depth, row) in printed order: sub-materials (1-1 under 資料1) right after their parent."""
    out: list[tuple[int, Any]] = []
    for row in rows:
        out.append((depth, row))
        children = row.children if hasattr(row, "children") else row.get("children", [])
        out += _flat_materials(children, depth + 1)
    return out


def check_materials(doc: Document, want_rows: list[dict[str, Any]]) -> list[str]:
    problems = []
    got_flat, want_flat = _flat_materials(doc.materials), _flat_materials(want_rows)
    if [d for d, _ in got_flat] != [d for d, _ in want_flat] and len(got_flat) == len(want_flat):
        problems.append(f"materials nesting: want {[d for d, _ in want_flat]}, got {[d for d, _ in got_flat]}")
    got = [m for _, m in got_flat]
    want = [m for _, m in want_flat]
    if len(got) != len(want):
        problems.append(f"materials: want {len(want)}, got {len(got)}: {[m.title for m in got]}")
    for i, (m, exp) in enumerate(zip(got, want)):
        want_no = _num(exp["no"])
        got_no = _num(m.label or "") if not want_no[:1].isdigit() else _num(m.number or "")
        if got_no != want_no:
            problems.append(f"materials[{i}].no: want {exp['no']}, got {m.number}")
        if norm(m.title) != norm(exp["title"]):
            problems.append(f"materials[{i}].title: want {exp['title']!r}, got {m.title!r}")
        if norm(m.note or "") != norm(exp.get("note") or ""):
            problems.append(f"materials[{i}].note: want {exp.get('note')!r}, got {m.note!r}")
        if "meeting_label" in exp and norm(m.meeting or "") != norm(exp["meeting_label"]):
            problems.append(f"materials[{i}].meeting: want {exp['meeting_label']!r}, got {m.meeting!r}")
    return problems


def _plan(doc: Document, which: str) -> Plan | None:
    for structure in doc.plans:
        for plan in structure.plans:
            if plan.which == which:
                return plan
    return None


def _check_nodes(nodes: list[PlanNode], want: list[dict[str, Any]], where: str, child_keys: tuple[str, ...]) -> list[str]:
    problems = []
    if len(nodes) != len(want):
        problems.append(f"{where}: want {len(want)} nodes, got {len(nodes)}: {[n.title for n in nodes]}")
    for i, (node, exp) in enumerate(zip(nodes, want)):
        path = f"{where}[{i}]"
        if node.label is None or node.label.number != int(exp["no"]):
            problems.append(f"{path}.no: want {exp['no']}, got {node.label}")
        if norm(node.title) != norm(exp["title"]):
            problems.append(f"{path}.title: want {exp['title']!r}, got {node.title!r}")
        if exp.get("tag") is not None and node.tag != exp["tag"]:
            problems.append(f"{path}.tag: want {exp['tag']!r}, got {node.tag!r}")
        if child_keys:
            problems += _check_nodes(node.children, exp.get(child_keys[0], []), f"{path}.{child_keys[0]}", child_keys[1:])
    return problems


def check_hierarchy(doc: Document, want: dict[str, Any]) -> list[str]:
    problems = []
    for which, keys in (("current", ("policies",)), ("next", ("policies", "measures"))):
        if which not in want:
            continue
        exp = want[which]
        plan = _plan(doc, which)
        if plan is None:
            problems.append(f"hierarchy.{which}: no plan found")
            continue
        if "philosophy" in exp and norm(plan.philosophy or "") != norm(exp["philosophy"]):
            problems.append(f"hierarchy.{which}.philosophy: want {exp['philosophy']!r}, got {plan.philosophy!r}")
        problems += _check_nodes(plan.goals, exp["goals"], f"hierarchy.{which}.goals", keys)
        for note in exp.get("notes", []):
            owners = [p for g in plan.goals for p in g.children if norm(p.title) == norm(note["under_policy"])]
            found = [
                n for o in owners for n in o.notes
                if norm(n.text) == norm(note["text"]) and n.tag == note.get("tag") and n.after_child == note.get("attached_to_measure")
            ]
            if not found:
                got = [(o.title, [n.model_dump() for n in o.notes]) for o in owners]
                problems.append(f"hierarchy.{which}.notes: missing {note}, got {got}")
    return problems


def context_text(doc: Document) -> str:
    parts = []
    for s in doc.plans:
        for block in s.context:
            parts.append(block.heading or "")
            parts.extend(block.lines)
    return norm("".join(parts))


def check_context(doc: Document, strings: list[str], columns: dict[str, list[str]] | None = None) -> list[str]:
    text = context_text(doc)
    problems = [f"context string missing: {s!r}" for s in strings if norm(s) not in text]
    for column, wanted in (columns or {}).items():
        blocks = [b for s in doc.plans for b in s.context if norm(b.column or "") == norm(column)]
        col_text = norm("".join((b.heading or "") + "".join(b.lines) for b in blocks))
        problems += [f"context column {column!r} lacks {w!r}" for w in wanted if norm(w) not in col_text]
    return problems


def check_opinions(doc: Document, want: list[dict[str, Any]]) -> list[str]:
    problems = []
    got = doc.opinions
    if len(got) != len(want):
        problems.append(f"opinions: want {len(want)}, got {len(got)}")
    for i, (o, exp) in enumerate(zip(got, want)):
        if exp.get("no") is not None and o.number != exp["no"]:
            problems.append(f"opinions[{i}].no: want {exp['no']}, got {o.number}")
        if norm(o.submitter or "") != norm(exp["submitter"]):
            problems.append(f"opinions[{i}].submitter: want {exp['submitter']!r}, got {o.submitter!r}")
        if norm(o.text) != norm(exp["text"]):
            problems.append(f"opinions[{i}].text: want {exp['text'][:40]!r}…, got {o.text[:80]!r}…")
    return problems


def all_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from all_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from all_strings(v)


_TRIPLED = re.compile(r"([^\s\d・.ー―─…・\-=_*])\1\1")


def check_no_duplicated_glyphs(doc: Document, repaired: list[str]) -> list[str]:
    """No fake-bold residue: no repaired string twice in a row, no glyph tripled (outside repairs)."""
    data = doc.model_dump(mode="json")
    data.pop("repairs", None)
    problems = []
    for s in all_strings(data):
        n = norm(s)
        for r in repaired:
            if norm(r) * 2 in n:
                problems.append(f"duplicated run {r!r} in {s[:60]!r}")
        m = _TRIPLED.search(n)
        if m:
            problems.append(f"tripled glyph {m.group(0)!r} in {s[:60]!r}")
    present = norm("".join(all_strings(data)))
    problems += [f"repaired string missing: {r!r}" for r in repaired if norm(r) not in present]
    return problems


def check_layout_facts(doc: Document, facts: dict[str, Any]) -> list[str]:
    """Page count, text-less pages, page labels (資料1 …), side labels and fake-bold rows."""
    problems = []
    if "pages" in facts and doc.source.pages != facts["pages"]:
        problems.append(f"pages: want {facts['pages']}, got {doc.source.pages}")
    if "pages_without_text" in facts:
        got = sorted({p for w in doc.warnings if w.code in ("no_text_layer", "blank_page") for p in w.pages})
        if got != sorted(facts["pages_without_text"]):
            problems.append(f"pages_without_text: want {facts['pages_without_text']}, got {got}")
    for label in facts.get("labels", []):
        want = norm(label["text"] + (f"({label['note']})" if label.get("note") else ""))
        if not any(s.label and norm(s.label) == want and label["page"] in s.pages for s in doc.sections):
            problems.append(f"page label {want!r} on page {label['page']} not found: {[(s.pages, s.label) for s in doc.sections]}")
    side = [norm(t) for s in doc.plans for t in s.side_labels]
    problems += [f"side label missing: {t!r}" for t in facts.get("hierarchy", {}).get("side_labels", []) if norm(t) not in side]
    for run in facts.get("fake_bold_runs", []):
        repairs = [r for r in doc.repairs if r.page == run["page"]]
        joined = norm("".join(r.after for r in repairs))
        if norm(run["text"]) not in joined:
            problems.append(f"fake-bold row {run['text']!r} on page {run['page']} not among the repairs")
        for r in repairs:
            after, before = norm(r.after), norm(r.before)
            if after and after in norm(run["text"]) and before != after and len(before) != run["copies"] * len(after):
                problems.append(f"repair {r.after!r}: read {len(before)} glyphs, want {run['copies']} copies of {len(after)}")
    return problems


def check_all(doc: Document, facts: dict[str, Any]) -> list[str]:
    problems: list[str] = check_layout_facts(doc, facts)
    if "meeting" in facts:
        problems += check_meeting(doc, facts["meeting"])
    if "agenda" in facts:
        problems += check_agenda(doc, facts["agenda"])
    if "materials" in facts:
        problems += check_materials(doc, facts["materials"])
    if "agendas" in facts:
        problems += check_agendas(doc, facts["agendas"])
    if "texts" in facts:
        problems += check_texts(doc, facts["texts"])
    if "hierarchy" in facts:
        problems += check_hierarchy(doc, facts["hierarchy"])
        cols = facts["hierarchy"].get("context_columns")
        problems += check_context(doc, facts.get("context_strings", []), cols)
    if "opinions" in facts:
        problems += check_opinions(doc, facts["opinions"])
    if "repaired_strings" in facts:
        problems += check_no_duplicated_glyphs(doc, facts["repaired_strings"])
    return problems


# ------------------------------------------------------------------ a score

# Facts about how the source was drawn, not what it says: the fake-bold rows
# must show up among the repairs. A text form whose extractor already dropped
# the copies (pdftotext) has nothing to repair, so the score leaves them out;
# check_all still checks them for the PDF.
_DRAWING_FACTS = ("fake_bold_runs",)


@dataclass
class Score:
    """Content facts (what the papers say) and layout facts (where it was printed), held / expected."""

    held: int = 0
    total: int = 0
    layout_held: int = 0
    layout_total: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def content(self) -> float:
        return self.held / self.total if self.total else 1.0

    @property
    def layout(self) -> float:
        return self.layout_held / self.layout_total if self.layout_total else 1.0

    def tally(self, ok: bool, layout: bool = False) -> None:
        if layout:
            self.layout_total += 1
            self.layout_held += ok
        else:
            self.total += 1
            self.held += ok


def fact_score(doc: Document, facts: dict[str, Any]) -> Score:
    """Score a document fact by fact: one fact per element, not per field.

    Content facts: a meeting field, an agenda item, a material row, a plan node
    (number, title and tag), a philosophy, a ※ note, a context string, an
    opinion. Layout facts, which only geometry can give: the column a context
    string was printed in, side labels, page labels, the page count. An
    element whose parent is missing is missing too. Artefact strings (fake-bold
    residue) are not a score: :func:`check_no_duplicated_glyphs` must be empty.
    The problems are those of :func:`check_all` without the drawing facts.
    """
    score = Score()
    tally = score.tally
    for key, value in facts.get("meeting", {}).items():
        tally(not check_meeting(doc, {key: value}))

    def items(got: list[Any], want: list[dict[str, Any]]) -> None:
        for i, exp in enumerate(want):
            item = got[i] if i < len(got) else None
            own = {k: v for k, v in exp.items() if k != "children"}
            problems = _check_items([item], [own], "") if item is not None else ["missing"]
            tally(not [p for p in problems if not p.startswith("[0]: want 0 items")])
            items(item.children if item is not None else [], exp.get("children", []))

    if "agenda" in facts:
        items([item for agenda in doc.agendas for item in agenda.items], facts["agenda"])
    material_problems = check_materials(doc, facts.get("materials", []))
    for i in range(len(facts.get("materials", []))):
        tally(i < len(doc.materials) and not [p for p in material_problems if p.startswith(f"materials[{i}]")])

    def nodes(got: list[PlanNode], want: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
        for i, exp in enumerate(want):
            node = got[i] if i < len(got) else None
            tally(
                node is not None
                and node.label is not None
                and node.label.number == int(exp["no"])
                and norm(node.title) == norm(exp["title"])
                and (exp.get("tag") is None or node.tag == exp["tag"])
            )
            if keys:
                nodes(node.children if node is not None else [], exp.get(keys[0], []), keys[1:])

    hierarchy = facts.get("hierarchy", {})
    for which, keys in (("current", ("policies",)), ("next", ("policies", "measures"))):
        if which not in hierarchy:
            continue
        exp = hierarchy[which]
        plan = _plan(doc, which)
        if "philosophy" in exp:
            tally(plan is not None and norm(plan.philosophy or "") == norm(exp["philosophy"]))
        nodes(plan.goals if plan else [], exp["goals"], keys)
        for note in exp.get("notes", []):
            owners = [p for g in (plan.goals if plan else []) for p in g.children if norm(p.title) == norm(note["under_policy"])]
            tally(any(
                norm(n.text) == norm(note["text"]) and n.tag == note.get("tag") and n.after_child == note.get("attached_to_measure")
                for o in owners for n in o.notes
            ))
    if hierarchy:
        text = context_text(doc)
        for s in facts.get("context_strings", []):
            tally(norm(s) in text)
        for column, wanted in hierarchy.get("context_columns", {}).items():
            for w in wanted:
                tally(not check_context(doc, [], {column: [w]}), layout=True)
        side = [norm(t) for s in doc.plans for t in s.side_labels]
        for t in hierarchy.get("side_labels", []):
            tally(norm(t) in side, layout=True)
    opinion_problems = check_opinions(doc, facts.get("opinions", []))
    for i in range(len(facts.get("opinions", []))):
        tally(i < len(doc.opinions) and not [p for p in opinion_problems if p.startswith(f"opinions[{i}]")])
    for label in facts.get("labels", []):
        tally(not check_layout_facts(doc, {"labels": [label]}), layout=True)
    for key in ("pages", "pages_without_text"):
        if key in facts:
            tally(not check_layout_facts(doc, {key: facts[key]}), layout=True)
    score.problems = check_all(doc, {k: v for k, v in facts.items() if k not in _DRAWING_FACTS})
    return score
