"""One document's JSON → rows for every archive table, following :mod:`.tables`.

The walk reads the plain JSON (``Document.model_dump(mode="json")``), so it is
the same code whatever the models hold; ids come from a per-table counter the
loader seeds with the archive's current maxima, so rows of other documents never
move.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from pipeline.export.tables import ROOT, Column, Table

Row = dict[str, Any]


class Ids:
    """Next free integer key per table."""

    def __init__(self, start: Mapping[str, int]) -> None:
        self.next: dict[str, int] = dict(start)

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


def _value(element: Any, column: Column) -> Any:
    value = element
    for key in column.path:
        if isinstance(key, int):
            value = value[key] if isinstance(value, list) and len(value) > key else None
        else:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None:
            return None
    if column.as_json:
        return json.dumps(value, ensure_ascii=False)
    return value


def data_columns(table: Table, element: Mapping[str, Any]) -> Row:
    return {c.name: _value(element, c) for c in table.columns}


class _Walk:
    def __init__(self, tables: tuple[Table, ...], ids: Ids) -> None:
        self.by_name = {t.name: t for t in tables}
        self.ids = ids
        self.rows: dict[str, list[Row]] = defaultdict(list)

    def element(self, table: Table, element: Mapping[str, Any], keys: dict[str, int], ordinal: int,
                parent: int | None = None, depth: int = 0) -> None:
        row_id = self.ids.take(table.name)
        row: Row = {"id": row_id, "document_id": keys["document_id"]}
        row.update({fk: keys.get(fk) for fk in table.owner_fks})
        if table.self_field:
            row["parent_id"], row["depth"] = parent, depth
        row["ordinal"] = ordinal
        row.update(data_columns(table, element))
        self.rows[table.name].append(row)
        self.links(table, element, {**keys, table.fk: row_id})
        if table.self_field:
            for i, child in enumerate(element.get(table.self_field) or (), 1):
                self.element(table, child, keys, i, row_id, depth + 1)

    def links(self, table: Table, element: Mapping[str, Any], keys: dict[str, int]) -> None:
        for link in table.links:
            value = element.get(link.field)
            target = self.by_name[link.table]
            if link.many:
                for i, item in enumerate(value or (), 1):
                    self.element(target, item, keys, i)
            elif value is not None:
                self.element(target, value, keys, 1)


def document_rows(
    tables: tuple[Table, ...], document: Mapping[str, Any], document_id: int, extra: Row, ids: Ids
) -> dict[str, list[Row]]:
    """Rows by table name for one document; ``extra`` adds the root row's export columns."""
    walk = _Walk(tables, ids)
    root = walk.by_name[ROOT]
    walk.rows[ROOT].append({"id": document_id, **extra, **data_columns(root, document)})
    walk.links(root, document, {"document_id": document_id})
    return walk.rows
