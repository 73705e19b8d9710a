"""Every element of a parsed document that says where it came from, found generically.

The review page must keep working while the contract grows (new section kinds,
agendas as a list, nested materials, speech turns, rosters …), so nothing here
names a model class. The document's JSON is walked as plain data: every object
with a ``provenance`` (one ``{page, bbox}`` or a list of them) is an element, and
its kind comes from :data:`KINDS`, keyed by the field path with list indices and
``children`` dropped (``plans.plans.goals.children.0`` → ``plans.plans.goals``),
then by the last field name alone. A path in neither table still becomes an
element, of the kind named after its field, so a new model shows up on the page
(in a colour of its own) without a change here.

Repairs carry a page but no provenance; they are elements too (kind ``repair``),
placed by :mod:`pipeline.review.place`.

Why the JSON and not the pydantic model: the review must open any parsed file,
including one written by an older or newer contract than the installed one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# Field path (indices and "children" dropped) → kind. "{level}" is filled from the
# element's own field (PlanNode.level: goal / policy / measure).
KINDS: dict[str, str] = {
    "meeting": "meeting",
    "agenda": "agenda",
    "agenda.items": "agenda_item",
    "agendas": "agenda",
    "agendas.items": "agenda_item",
    "materials": "material",
    "plans": "plan_table",
    "plans.plans": "plan",
    "plans.plans.goals": "plan_{level}",
    "plans.plans.goals.notes": "plan_note",
    "plans.context": "context",
    "opinions": "opinion",
    "texts": "text",
    "repairs": "repair",
    "minutes": "minutes",
    "rosters": "roster",
}
# Last field name → kind, for the same model reached by another path.
FIELD_KINDS: dict[str, str] = {
    "items": "agenda_item",
    "goals": "plan_{level}",
    "notes": "plan_note",
    "context": "context",
    "speeches": "speech",
    "turns": "speech",
    "speech_turns": "speech",
    "members": "member",
    "rosters": "roster",
    "people": "person",
    "attendance": "people_group",
}
# Fields read, in this order, for an element's text (the first one present).
TEXT_FIELDS = ("title", "text", "philosophy", "heading", "lines", "printed", "name", "speaker", "value")
# Fields that are structure, not text, when summarising an element without a text field.
_STRUCTURE = {"provenance", "children", "label", "level", "page", "pages", "bbox"}


@dataclass(frozen=True, slots=True)
class Place:
    """One box of an element: a page and, for PDF input, a rectangle in points (top-left origin)."""

    page: int
    bbox: tuple[float, float, float, float] | None  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class Element:
    id: str  # JSON path of the element, e.g. "plans.0.plans.1.goals.2"; stable for a given file
    kind: str
    label: str
    text: str
    places: tuple[Place, ...]
    parent: str | None  # id of the nearest enclosing element, if any
    group: str  # top-level field of the document ("plans", "opinions" …)
    needles: tuple[str, ...]  # strings to find in the page text (text input)


def kind_of(path: list[str], obj: dict[str, Any]) -> str:
    """The kind of the element at ``path`` (field names only, indices already dropped)."""
    key = [p for p in path if p != "children"]
    template = KINDS.get(".".join(key)) or FIELD_KINDS.get(key[-1] if key else "", "")
    if not template:
        name = key[-1] if key else "element"
        return name[:-1] if name.endswith("s") and len(name) > 3 else name
    try:
        return template.format(**{k: v for k, v in obj.items() if isinstance(v, str)})
    except (KeyError, IndexError):
        return template.split("_{", 1)[0]


def label_of(obj: dict[str, Any]) -> str:
    label = obj.get("label")
    if isinstance(label, dict):
        label = label.get("printed")
    if isinstance(label, str) and label:
        return label
    for key in ("speaker", "number", "code", "kind", "which", "role"):
        value = obj.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
    return ""


def main_text(obj: dict[str, Any]) -> str | None:
    """The first of :data:`TEXT_FIELDS` the element has (a list of strings joined by lines)."""
    for key in TEXT_FIELDS:
        value = obj.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "\n".join(value)
    return None


def text_of(obj: dict[str, Any]) -> str:
    """The element's main text; without a text field, its scalar fields as ``name: value``."""
    text = main_text(obj)
    if text is not None:
        return text
    parts = [f"{k}: {v}" for k, v in obj.items()
             if k not in _STRUCTURE and isinstance(v, (str, int, float)) and not isinstance(v, bool)]
    return "; ".join(parts)


def needles_of(obj: dict[str, Any], kind: str) -> tuple[str, ...]:
    """What to look for in the page text of text input.

    The main text and every ``*_line`` field (a line as printed, such as an opinion's
    attribution line, so the reviewer sees which line named the submitter); for the
    meeting, every printed field (its facts are spread over the header, and a title
    alone would mark one line of it). A repair is found by its repaired text.
    """
    if kind == "repair":
        return (str(obj.get("after") or ""),)
    if kind == "meeting":
        keys = ("heading", "title", "date_label", "time_label", "place")
        return tuple(v for k in keys if isinstance(v := obj.get(k), str) and v)
    if kind.startswith("context") and isinstance(obj.get("lines"), list):
        head = obj.get("heading")
        return tuple(v for v in [head, *obj["lines"]] if isinstance(v, str) and v)
    text = main_text(obj)
    lines = [v for k, v in obj.items() if k.endswith("_line") and isinstance(v, str) and v]
    return tuple([text] if text else []) + tuple(lines)


def _places(prov: Any) -> tuple[Place, ...]:
    """One place per ``{page, bbox}``: a single one, a list, or a mapping of them (field → provenance)."""
    if isinstance(prov, dict) and "page" not in prov:
        prov = [p for v in prov.values() for p in (v if isinstance(v, list) else [v])]
    items = prov if isinstance(prov, list) else [prov]
    out: list[Place] = []
    for p in items:
        if not isinstance(p, dict) or not isinstance(p.get("page"), int):
            continue
        b = p.get("bbox")
        box = None
        if isinstance(b, dict) and all(isinstance(b.get(k), (int, float)) for k in ("x0", "top", "x1", "bottom")):
            box = (float(b["x0"]), float(b["top"]), float(b["x1"]), float(b["bottom"]))
        out.append(Place(p["page"], box))
    return tuple(out)


def collect(doc: dict[str, Any]) -> list[Element]:
    """Every element of ``doc`` (parsed JSON), in document order."""
    return list(_walk(doc, [], [], None))


def _walk(node: Any, path: list[str], fields: list[str], parent: str | None) -> Iterator[Element]:
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, [*path, str(i)], fields, parent)
        return
    if not isinstance(node, dict):
        return
    here = parent
    is_repair = fields == ["repairs"] and isinstance(node.get("page"), int)
    if ("provenance" in node and fields) or is_repair:
        kind = kind_of(fields, node)
        places = _places(node.get("provenance")) if not is_repair else (Place(node["page"], None),)
        here = ".".join(path)
        yield Element(
            id=here, kind=kind, label=label_of(node),
            text=str(node.get("after") or "") if is_repair else text_of(node),
            places=places, parent=parent, group=fields[0], needles=needles_of(node, kind),
        )
    for key, value in node.items():
        if key != "provenance" and isinstance(value, (dict, list)):
            yield from _walk(value, [*path, key], [*fields, key], here)


def warning_pages(warning: dict[str, Any]) -> list[int]:
    """The page(s) a warning is about: ``page`` (int or null) or ``pages`` (list), whichever is present."""
    pages: list[int] = []
    page = warning.get("page")
    if isinstance(page, int):
        pages.append(page)
    many = warning.get("pages")
    if isinstance(many, list):
        pages.extend(p for p in many if isinstance(p, int) and p not in pages)
    return pages
