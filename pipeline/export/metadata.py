"""Datasette ``metadata.json`` for the archive, generated from the pydantic descriptions.

Table descriptions are the describing field plus the model's docstring; column
descriptions are the field descriptions (flattened and provenance columns name
both levels). Nothing is written by hand, so the descriptions cannot drift from
the contract; ``schemas/metadata.json`` is this output for a database file named
``archive.sqlite`` and a test keeps it in sync.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.export.load import META_TABLE, ROOT_EXTRA, SEARCH_VIEW
from pipeline.export.tables import ROOT, archive_tables

SHIPPED_DATABASE = "archive"


def datasette_metadata(database: str = SHIPPED_DATABASE) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for table in archive_tables():
        columns = dict(table.structural())
        if table.name == ROOT:
            columns.update(ROOT_EXTRA)
        columns.update({c.name: c.description for c in table.columns})
        spec: dict[str, Any] = {"description": table.description, "columns": columns}
        names = {c.name for c in table.columns}
        label = next((n for n in ("title", "file_name") if n in names), None)
        if label:
            spec["label_column"] = label
        tables[table.name] = spec
    tables[SEARCH_VIEW] = {
        "description": "Every full-text-indexed string, one row per (row, column): filter `text` with LIKE "
                       "for any length, or use the per-table search (FTS5 trigram, 3 characters or more).",
    }
    tables[META_TABLE] = {"hidden": True}
    return {
        "title": "Committee papers archive",
        "description": "Parsed committee papers (python -m pipeline export); every row carries its "
                       "document, page and bbox.",
        "databases": {database: {"tables": tables}},
    }


def metadata_text(database: str = SHIPPED_DATABASE) -> str:
    return json.dumps(datasette_metadata(database), ensure_ascii=False, indent=2) + "\n"
