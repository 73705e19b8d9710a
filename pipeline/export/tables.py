"""The archive's relational layout, derived from the pydantic contract.

Nothing here names a model field by hand (apart from the few declared rules
below): the tables follow :class:`pipeline.models.Document` wherever it goes, so a
new list of elements in the contract becomes a new table with no export change.

Rules, walking ``Document``'s fields:

* ``documents`` is the root table: one row per document, ``Document``'s scalar
  fields plus the fields of ``source`` (declared in :data:`MERGED`: the source is
  the document's identity, so its fields sit in the root row unprefixed).
* Every list of sub-models, and every single sub-model that is a direct field of
  ``Document`` or itself holds a list of sub-models, becomes a table named after
  its class (``AgendaItem`` → ``agenda_items``), with an integer ``id`` primary
  key, ``document_id``, one foreign key per owning table that is not the root
  (``plan_id`` on ``plan_nodes``), an ``ordinal`` (1-based place among its
  siblings) and, when the model nests itself (a ``children`` list of its own
  class), ``parent_id`` (self-reference, null at the top) and ``depth``.
* ``provenance`` becomes ``page`` and the bbox columns ``x0 top x1 bottom``; a
  list of provenances gives the first one's columns and the whole list as JSON.
* A single sub-model that holds no list of sub-models is flattened into its
  owner's row with the field name as prefix (``label`` of type ``Label`` →
  ``label``, ``label_number``, ``label_style``: :data:`PRIMARY_SUBFIELD` names the
  sub-field that keeps the bare name).
* Lists of scalars and any other value are stored as JSON text (Datasette shows
  them as arrays; ``json_each`` reads them).

Full-text search covers the string columns named in :data:`FTS_COLUMNS` wherever
they occur (a test checks each name against the models): titles, texts, notes,
context lines, a plan's 基本理念. Naming columns rather than tables means a new
kind whose prose field is called ``text`` (a speech, say) is searchable at once.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from pipeline import models
from pipeline.export import ROOT

MERGED = ("source",)
PRIMARY_SUBFIELD = {"Label": "printed"}
FTS_COLUMNS = ("title", "text", "note", "lines", "philosophy")
BBOX_COLUMNS = ("x0", "top", "x1", "bottom")

Path = tuple[str | int, ...]
SqlType = Literal["TEXT", "INTEGER", "REAL"]


@dataclass(frozen=True, slots=True)
class Column:
    """A data column: where its value sits in the element's JSON and how it is stored."""

    name: str
    sqltype: SqlType
    description: str
    path: Path
    as_json: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A field of a table's element whose value gives rows of another table."""

    field: str
    table: str
    many: bool


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    model: type[BaseModel]
    description: str
    fk: str  # how child tables name their foreign key to this one (document_id, plan_id …)
    owners: tuple[str, ...]  # owning tables other than the root, each gives a <owner fk> column
    owner_fks: tuple[str, ...]
    self_field: str | None  # field holding nested rows of the same model (parent_id, depth)
    self_description: str
    columns: tuple[Column, ...]
    links: tuple[Link, ...]

    def structural(self) -> dict[str, str]:
        """Key columns every row carries, with their descriptions (name → description)."""
        if self.name == ROOT:
            return {"id": "Integer primary key of the document."}
        cols = {
            "id": "Integer primary key.",
            "document_id": "The document this row belongs to (documents.id).",
        }
        for owner, fk in zip(self.owners, self.owner_fks):
            cols[fk] = f"The {owner} row this row belongs to ({owner}.id)."
        if self.self_field:
            cols["parent_id"] = (
                f"The {self.name} row this one is nested under, null at the top "
                f"(`{self.self_field}`: {self.self_description})"
            )
            cols["depth"] = "Nesting depth: 0 at the top, parent's depth + 1 below."
        cols["ordinal"] = "1-based position among its siblings, in printed order."
        return cols

    def fts_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.name in FTS_COLUMNS and c.sqltype == "TEXT")


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_IRREGULAR = {"person": "people", "child": "children", "datum": "data", "minutes": "minutes", "series": "series"}


def plural(word: str) -> str:
    head, _, last = word.rpartition("_")
    if last in _IRREGULAR:
        out = _IRREGULAR[last]
    elif last.endswith(("s", "x", "ch", "sh")):
        out = last + "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        out = last[:-1] + "ies"
    else:
        out = last + "s"
    return f"{head}_{out}" if head else out


def table_name(model: type[BaseModel]) -> str:
    return plural(snake(model.__name__))


def fk_name(model: type[BaseModel]) -> str:
    """``plan_id`` for Plan: how rows point at their owner."""
    return f"{snake(model.__name__)}_id"


def _unwrap(annotation: Any) -> Any:
    """``X | None`` → ``X`` (the archive stores nulls as NULL)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _list_model(annotation: Any) -> type[BaseModel] | None:
    if typing.get_origin(annotation) is list:
        (arg,) = typing.get_args(annotation) or (None,)
        return _model(_unwrap(arg))
    return None


def _sqltype(annotation: Any) -> SqlType | None:
    """SQL type of a scalar annotation, None for anything stored as JSON."""
    if typing.get_origin(annotation) is Literal:
        values = typing.get_args(annotation)
        return "TEXT" if all(isinstance(v, str) for v in values) else None
    if annotation is bool or annotation is int:
        return "INTEGER"
    if annotation is float:
        return "REAL"
    if annotation is str:
        return "TEXT"
    return None


def _holds_lists(model: type[BaseModel]) -> bool:
    return any(_list_model(_unwrap(f.annotation)) not in (None, models.Provenance) for f in model.model_fields.values())


def _self_field(model: type[BaseModel]) -> str | None:
    found = [n for n, f in model.model_fields.items() if _list_model(_unwrap(f.annotation)) is model]
    if len(found) > 1:
        raise ValueError(f"{model.__name__} nests itself through {found}: the export supports one such field")
    return found[0] if found else None


def _describe(field: Any) -> str:
    return (field.description or "").strip()


def _provenance_columns(fname: str, many: bool, description: str) -> list[Column]:
    prov, bbox = models.Provenance.model_fields, models.BBox.model_fields
    base: Path = (fname, 0) if many else (fname,)
    which = "First place" if many else "Place"
    cols = [Column("page", "INTEGER", f"{which} read: {_describe(prov['page'])}", (*base, "page"))]
    cols += [Column(n, "REAL", f"{which} read, bbox: {_describe(bbox[n])}", (*base, "bbox", n)) for n in BBOX_COLUMNS]
    if many:
        cols.append(Column(fname, "TEXT", f"{description} (JSON list of {{page, bbox}})", (fname,), as_json=True))
    return cols


class _Builder:
    """Walks the models breadth-first; a model met again under another owner gains that owner."""

    def __init__(self, root: type[BaseModel]) -> None:
        self.root = root
        self.order: list[type[BaseModel]] = []
        self.owners: dict[type[BaseModel], list[type[BaseModel]]] = {}
        self.described: dict[type[BaseModel], str] = {}
        self.columns: dict[type[BaseModel], list[Column]] = {}
        self.links: dict[type[BaseModel], list[Link]] = {}

    def visit(self, model: type[BaseModel], owner: type[BaseModel] | None, via: str) -> None:
        if model in self.owners:
            if owner and owner is not self.root and owner not in self.owners[model]:
                self.owners[model].append(owner)
            return
        self.order.append(model)
        self.owners[model] = [owner] if owner and owner is not self.root else []
        doc = inspect.cleandoc(model.__doc__ or "") if "__doc__" in model.__dict__ else ""
        self.described[model] = " ".join(p for p in (via, doc) if p)
        cols: list[Column] = []
        links: list[Link] = []
        self._fields(model, model, (), "", cols, links, root=model is self.root)
        self.columns[model] = cols
        self.links[model] = links
        name = self.name(model)
        seen: set[str] = set()
        for link in links:
            if link.table in seen and link.table != name:
                raise ValueError(f"{model.__name__} holds {link.table} through two fields: give them distinct models")
            seen.add(link.table)
        for fname, field in model.model_fields.items():
            sub = _model(_unwrap(field.annotation)) or _list_model(_unwrap(field.annotation))
            if sub is not None and any(lk.field == fname for lk in links) and sub is not model:
                self.visit(sub, model, _describe(field))

    def name(self, model: type[BaseModel]) -> str:
        return ROOT if model is self.root else table_name(model)

    def _fields(
        self, table: type[BaseModel], model: type[BaseModel], path: Path, prefix: str,
        cols: list[Column], links: list[Link], *, root: bool = False,
    ) -> None:
        self_field = _self_field(model) if model is table else None
        for fname, field in model.model_fields.items():
            ann = _unwrap(field.annotation)
            desc = _describe(field)
            name = prefix + fname
            sub, many = _model(ann), _list_model(ann)
            if fname == self_field:
                continue
            if sub is models.Provenance or many is models.Provenance:
                cols += _provenance_columns(fname, many is not None, desc)
            elif many is not None:
                links.append(Link(fname, self.name(many), True))
            elif sub is not None and root and fname in MERGED:
                self._fields(table, sub, (*path, fname), "", cols, links)
            elif sub is not None and (root or _holds_lists(sub)):
                links.append(Link(fname, self.name(sub), False))
            elif sub is not None:
                primary = PRIMARY_SUBFIELD.get(sub.__name__)
                for sname, sfield in sub.model_fields.items():
                    sub_ann = _unwrap(sfield.annotation)
                    col = name if sname == primary else f"{name}_{sname}"
                    sql = _sqltype(sub_ann)
                    cols.append(Column(col, sql or "TEXT", f"{desc} {_describe(sfield)}".strip(),
                                       (*path, fname, sname), as_json=sql is None))
            else:
                sql = _sqltype(ann)
                cols.append(Column(name, sql or "TEXT", desc, (*path, fname), as_json=sql is None))

    def tables(self) -> tuple[Table, ...]:
        out = []
        seen: dict[str, type[BaseModel]] = {}
        for model in _owners_first_order(self.order, self.owners):
            name = self.name(model)
            if seen.setdefault(name, model) is not model:
                raise ValueError(f"{name}: two models ({seen[name].__name__} in {seen[name].__module__}, "
                                 f"{model.__name__} in {model.__module__}) would share one table")
            self_field = _self_field(model)
            self_desc = _describe(model.model_fields[self_field]) if self_field else ""
            owners = self.owners[model]
            table = Table(name, model, self.described[model], fk_name(model),
                          tuple(self.name(o) for o in owners), tuple(fk_name(o) for o in owners), self_field, self_desc, tuple(self.columns[model]), tuple(self.links[model]))
            clash = set(table.structural()) & {c.name for c in table.columns}
            names = [c.name for c in table.columns]
            if clash or len(names) != len(set(names)):
                raise ValueError(f"{name}: column names clash ({sorted(clash) or names})")
            out.append(table)
        return tuple(out)


def _owners_first_order(order: list[type[BaseModel]], owners: dict[type[BaseModel], list[type[BaseModel]]]) -> list[type[BaseModel]]:
    """Visit order, moved so that every owner comes before the tables it owns.

    A model reached from two owners (an Agenda of the document and of a set of
    minutes) is first met under one of them; its foreign key to the other needs
    that table to exist first. Depth-first, keeping the visit order otherwise.
    """
    done: dict[type[BaseModel], None] = {}

    def place(model: type[BaseModel]) -> None:
        if model in done:
            return
        done[model] = None  # before the owners: a cycle cannot recurse forever
        for owner in owners.get(model, []):
            if owner is not model:
                place(owner)
        done.pop(model)
        done[model] = None

    for model in order:
        place(model)
    return list(done)


def derive(root: type[BaseModel]) -> tuple[Table, ...]:
    """The tables for a contract whose top model is ``root``, owners before the tables they own."""
    builder = _Builder(root)
    builder.visit(root, None, "One row per parsed document (its source file and schema version).")
    return builder.tables()


@cache
def archive_tables() -> tuple[Table, ...]:
    """Every table of the archive, from :class:`pipeline.models.Document`."""
    return derive(models.Document)
