"""Write parsed documents into the archive database, incrementally and atomically.

Which documents are current comes from ``PARSED_DIR/index.jsonl`` (entries that
parsed, whose JSON exists). A document is rewritten when the input's sha256, the
pipeline version or the JSON file's own sha256 differs from what the archive
holds (the last catches a ``run --force`` after a code change, which keeps the
input hash); documents no longer in the index are removed. Unchanged documents
keep every row and id.

Atomicity: everything, schema set-up included, runs in one SQLite transaction
(``sqlite_utils.Database.atomic``), so a failure or a ``kill -9`` mid-way leaves
the previous database as it was (SQLite's rollback journal undoes the partial
write on the next open). An unchanged folder opens no write transaction at all,
and is checked with the standard library only (hashes and one SELECT): pydantic,
the models and sqlite-utils load only when something is to be written.

The archive remembers a fingerprint of the code that wrote it (the contract and
this package's sources): when either changed, the next export rebuilds the
whole archive, so tables never mix two layouts or two versions of the row walk.

sqlite-utils (a main dependency, not an extra: ``export``/``search`` are listed
commands and should work on a plain install; it is pure Python with small
dependencies) creates the tables with their keys, the FTS5 indexes with their
sync triggers and the foreign-key indexes; rows go in with ``insert_all``.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pipeline
from pipeline.export import ROOT
from pipeline.index import INDEX_NAME, IndexEntry, load_index

if TYPE_CHECKING:
    from pipeline.export.rows import Row
    from pipeline.export.tables import Table

META_TABLE = "_export"
SEARCH_VIEW = "search_rows"
TOKENIZER = "trigram"
# Export-only columns of the root table (not in the contract): how the archive
# knows which documents changed.
ROOT_EXTRA = {
    "path": "Input path below the parsed folder's input root, as in index.jsonl (unique).",
    "output": "File name of the document's JSON in the parsed folder.",
    "json_sha256": "SHA-256 of that JSON file when it was exported.",
    "pipeline_version": "Pipeline and schema version that wrote the JSON (index.jsonl 'version').",
}
_PY = {"TEXT": str, "INTEGER": int, "REAL": float}
# Bump when the archive must be rebuilt for a reason the sources below do not show.
FORMAT = "1"


def code_fingerprint() -> str:
    """Hash of the sources that decide the archive's layout and rows (no import needed)."""
    digest = hashlib.sha256(FORMAT.encode())
    package = Path(pipeline.__file__).parent
    for path in [package / "__init__.py", package / "models.py", *sorted(Path(__file__).parent.glob("*.py"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class ExportError(Exception):
    """Nothing was written: one line saying why."""


@dataclass
class ExportReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    rebuilt: bool = False
    rows: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.removed or self.rebuilt)


@dataclass(slots=True)
class _Current:
    entry: IndexEntry
    file: Path
    json_sha256: str
    data: bytes


def current_documents(parsed_dir: Path) -> list[_Current]:
    """The index's parsed entries whose JSON exists, read once (bytes and hash)."""
    if not (parsed_dir / INDEX_NAME).is_file():
        raise ExportError(f"{parsed_dir}: no {INDEX_NAME}; run `python -m pipeline run --out {parsed_dir}` first")
    out = []
    for _path, entry in sorted(load_index(parsed_dir).items()):
        if entry.status == "failed" or not entry.output:  # ok, no_text (a scan) and up to date are documents
            continue
        file = parsed_dir / entry.output
        try:
            data = file.read_bytes()
        except OSError:
            continue  # the index names it but it is gone: not current
        out.append(_Current(entry, file, hashlib.sha256(data).hexdigest(), data))
    return out


def _stored(db_path: Path) -> tuple[dict[str, tuple[Any, ...]], bool]:
    """(path → (id, sha256, pipeline_version, json_sha256), rebuild needed), standard library only."""
    if not db_path.exists():
        return {}, True
    try:
        con = sqlite3.connect(db_path)
        try:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if names and META_TABLE not in names:
                raise ExportError(f"{db_path}: holds tables not written by export; choose another --db")
            if not names:
                return {}, True
            row = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'fingerprint'").fetchone()
            if not row or row[0] != code_fingerprint():
                return {}, True
            rows = con.execute(f"SELECT path, id, sha256, pipeline_version, json_sha256 FROM {ROOT}").fetchall()
            return {r[0]: tuple(r[1:]) for r in rows}, False
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise ExportError(f"{db_path}: cannot be read as an archive: {exc}") from None


def export_archive(parsed_dir: Path, db_path: Path) -> ExportReport:
    """Bring ``db_path`` in line with the parsed folder; see the module docstring."""
    start = time.monotonic()
    report = ExportReport()
    docs = current_documents(parsed_dir)
    stored, rebuild = _stored(db_path)
    wanted = {d.entry.path for d in docs}
    changed = [d for d in docs if stored.get(d.entry.path, (None,))[1:]
               != (d.entry.sha256, d.entry.version, d.json_sha256)]
    report.unchanged = len(docs) - len(changed)
    gone = [p for p in stored if p not in wanted]
    if changed or gone or rebuild:
        _write(db_path, report, changed, gone, stored, rebuild)
    report.seconds = time.monotonic() - start
    return report


def _write(db_path: Path, report: ExportReport, changed: list[_Current], gone: list[str],
           stored: dict[str, tuple[Any, ...]], rebuild: bool) -> None:
    import sqlite_utils
    from pydantic import ValidationError

    from pipeline.export.tables import archive_tables
    from pipeline.models import Document

    todo: list[tuple[_Current, dict[str, Any]]] = []
    for doc in changed:
        try:
            parsed = Document.model_validate_json(doc.data).model_dump(mode="json")
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            report.failed.append((doc.entry.output or doc.entry.path, f"not a valid document: {where}: {first['msg']}"))
            if doc.entry.path in stored:
                gone.append(doc.entry.path)  # what the archive held for it is stale
            continue
        (report.replaced if doc.entry.path in stored else report.added).append(doc.entry.path)
        todo.append((doc, parsed))
    report.removed = [p for p in gone if p not in report.replaced]
    report.rebuilt = rebuild
    if not report.changed:
        return
    tables = archive_tables()
    db = sqlite_utils.Database(db_path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        with db.atomic():
            if rebuild:
                _drop_all(db)
                _create(db, tables)
            _delete(db, tables, [stored[p][0] for p in (*gone, *report.replaced)])
            report.rows = _insert(db, tables, todo, {p: stored[p][0] for p in report.replaced})
    except sqlite3.OperationalError as exc:  # locked by another writer, disk full …: rolled back
        raise ExportError(f"{db_path}: nothing written: {exc}") from None
    finally:
        db.close()


def _drop_all(db: Any) -> None:
    for kind in ("view", "trigger"):
        for (name,) in db.execute(f"SELECT name FROM sqlite_master WHERE type = '{kind}'").fetchall():
            db.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
    # FTS tables first (their shadow tables go with them), then children before owners.
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
    fts = [n for n in names if n.endswith("_fts")]
    for name in fts + [n for n in reversed(names) if n not in fts and not n.startswith("sqlite_")]:
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone():
            db.execute(f'DROP TABLE "{name}"')


def _create(db: Any, tables: tuple[Table, ...]) -> None:
    for table in tables:
        columns: dict[str, type] = {"id": int}
        fks: list[tuple[str, str, str]] = []
        if table.name == ROOT:
            columns.update({name: str for name in ROOT_EXTRA})
        else:
            columns["document_id"] = int
            fks.append(("document_id", ROOT, "id"))
            for owner, fk in zip(table.owners, table.owner_fks):
                columns[fk] = int
                fks.append((fk, owner, "id"))
            if table.self_field:
                columns["parent_id"] = int
                columns["depth"] = int
                fks.append(("parent_id", table.name, "id"))
            columns["ordinal"] = int
        columns.update({c.name: _PY[c.sqltype] for c in table.columns})
        not_null = {"document_id", "ordinal", "path"} & set(columns)
        db[table.name].create(columns, pk="id", foreign_keys=fks, not_null=not_null)
        fts = table.fts_columns()
        if fts:
            db[table.name].enable_fts(fts, tokenize=TOKENIZER, create_triggers=True)
    db[ROOT].create_index(["path"], unique=True)
    db.index_foreign_keys()
    db.execute(_search_view_sql(tables))
    db[META_TABLE].create({"key": str, "value": str}, pk="key")
    db[META_TABLE].insert({"key": "fingerprint", "value": code_fingerprint()})


def _search_view_sql(tables: tuple[Table, ...]) -> str:
    """One row per indexed text: kind (table), column, row id, document, page, text."""
    parts = []
    for table in tables:
        page = "t.page" if "page" in {c.name for c in table.columns} else "NULL"
        for column in table.fts_columns():
            parts.append(
                f"SELECT '{table.name}' AS kind, '{column}' AS field, t.id AS row_id, t.document_id, "
                f"d.file_name, {page} AS page, t.\"{column}\" AS text FROM \"{table.name}\" t "
                f"JOIN {ROOT} d ON d.id = t.document_id WHERE t.\"{column}\" IS NOT NULL"
            )
    return f"CREATE VIEW {SEARCH_VIEW} AS\n" + "\nUNION ALL\n".join(parts)


def _delete(db: Any, tables: tuple[Table, ...], document_ids: list[int]) -> None:
    if not document_ids:
        return
    marks = ",".join("?" * len(document_ids))
    for table in reversed(tables):
        key = "id" if table.name == ROOT else "document_id"
        db.execute(f'DELETE FROM "{table.name}" WHERE {key} IN ({marks})', document_ids)


def _insert(db: Any, tables: tuple[Table, ...], todo: list[tuple[_Current, dict[str, Any]]],
            keep_ids: dict[str, int]) -> int:
    from pipeline.export.rows import Ids, document_rows

    start = {}
    for table in tables:
        (top,) = db.execute(f'SELECT max(id) FROM "{table.name}"').fetchone()
        start[table.name] = (top or 0) + 1
    ids = Ids(start)
    rows: dict[str, list[Row]] = defaultdict(list)
    for doc, parsed in todo:
        entry = doc.entry
        doc_id = keep_ids.get(entry.path) or ids.take(ROOT)
        extra = {"path": entry.path, "output": entry.output, "json_sha256": doc.json_sha256,
                 "pipeline_version": entry.version}
        for name, table_rows in document_rows(tables, parsed, doc_id, extra, ids).items():
            rows[name].extend(table_rows)
    total = 0
    for table in tables:  # owners before the tables that point at them
        if rows.get(table.name):
            db[table.name].insert_all(rows[table.name], batch_size=500)
            total += len(rows[table.name])
    return total
