"""SQLite export: integrity, row counts against the JSON, search on the seed, incremental and atomic re-export."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.export.load import export_archive
from pipeline.export.search import search
from tests.conftest import CORPUS, REPO

PARSED = REPO / "parsed"
SEED_TEXT = "koganei-welfare-2023-02.txt"
SEED_PDF = "generated-shingikai-024.pdf"
# A few real files of different kinds (minutes, bill list, scanned pages, fake bold), small enough for CI.
REAL = ["digital-society-council-4-minutes.pdf", "nankoku-425-bill-list.pdf",
        "nankoku-report-9-scanned.pdf", "cjk-fake-bold-2x.pdf"]


def copy_parsed(target: Path) -> Path:
    shutil.copytree(PARSED, target)
    return target


def dump(db: Path) -> dict[str, dict[int, tuple[Any, ...]]]:
    """Every row of every table (FTS shadow tables excluded), by table and id."""
    con = sqlite3.connect(db)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%' "
            "AND name NOT LIKE 'sqlite_%' AND name != '_export'")]
        return {n: {row[0]: row for row in con.execute(f'SELECT * FROM "{n}"')} for n in names}
    finally:
        con.close()


def check_integrity(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE name LIKE '%\\_fts' ESCAPE '\\'").fetchall():
            con.execute(f"INSERT INTO \"{name}\"(\"{name}\") VALUES('integrity-check')")  # raises when out of sync
    finally:
        con.close()


# JSON key → table, read by a walk of the JSON that does not use the export's model walk.
# ``children`` stays in the table of the list that holds it; the first ``plans`` is the
# plan-structure list, a ``plans`` inside it the plans.
KEY_TABLE = {"meeting": "meetings", "agenda": "agendas", "agendas": "agendas", "items": "agenda_items",
             "materials": "materials", "goals": "plan_nodes", "notes": "plan_notes", "context": "context_blocks",
             "opinions": "opinions", "sections": "sections", "texts": "text_blocks", "repairs": "repairs",
             "warnings": "warnings"}


def count_json(doc: dict[str, Any]) -> dict[str, int]:
    counts: dict[str, int] = {"documents": 1}

    def add(table: str, obj: dict[str, Any]) -> None:
        counts[table] = counts.get(table, 0) + 1
        walk(obj, table)

    def walk(obj: dict[str, Any], table: str) -> None:
        for key, value in obj.items():
            if key in ("provenance", "source"):
                continue
            if key == "plans":
                name = "plans" if table == "plan_structures" else "plan_structures"
            else:
                # A list this test does not know (a kind added to the contract later) is counted
                # under "?": only the grand total checks it.
                name = table if key == "children" else KEY_TABLE.get(key, "?")
            if isinstance(value, dict):
                # A single object is a row of its own at the top or when it holds lists of
                # objects; otherwise it is flattened into its owner's row (label, bbox …).
                holds_lists = any(isinstance(v, list) and v and isinstance(v[0], dict) and k != "provenance"
                                  for k, v in value.items())
                # A meeting or agenda is a row wherever it is nested (an agenda's own meeting,
                # a set of minutes' agenda), even when its lists happen to be empty.
                if table == "documents" or holds_lists or key in ("meeting", "agenda"):
                    add(name, value)
            elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                for item in value:
                    add(name, item)

    walk(doc, "documents")
    return counts


def table_counts(db: Path) -> dict[str, int]:
    return {name: len(rows) for name, rows in dump(db).items() if rows}


def assert_counts_match(db: Path, parsed_dir: Path) -> None:
    """Every table the JSON walk knows has its count; all rows together equal all elements."""
    actual, expected = table_counts(db), expected_counts(parsed_dir)
    assert {k: actual.get(k, 0) for k in expected if k != "?"} == {k: v for k, v in expected.items() if k != "?"}
    assert sum(actual.values()) == sum(expected.values())


def expected_counts(parsed_dir: Path) -> dict[str, int]:
    total: dict[str, int] = {}
    for path in sorted(parsed_dir.glob("*.json")):
        for table, n in count_json(json.loads(path.read_text("utf-8"))).items():
            total[table] = total.get(table, 0) + n
    return total


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "archive.sqlite"
    report = export_archive(PARSED, db)
    assert not report.failed and len(report.added) == 2
    return db


@pytest.fixture(scope="module")
def real_parsed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped outputs plus a few real corpus files parsed into one folder."""
    files = [CORPUS / "real" / name for name in REAL]
    if not all(f.exists() for f in files):
        pytest.skip("../shared/corpus/real not present (fresh clone without the shared corpus)")
    from pipeline.batch import BatchOptions, run_batch

    out = copy_parsed(tmp_path_factory.mktemp("real") / "parsed")
    report = run_batch(files, BatchOptions(out_dir=out, jobs=1))
    assert not report.failed
    index = (out / "index.jsonl").read_text("utf-8").splitlines()
    assert len(index) == 2 + len(REAL)
    return out


def test_seed_export_is_consistent_and_counts_match_the_json(seed_db: Path) -> None:
    check_integrity(seed_db)
    assert_counts_match(seed_db, PARSED)
    assert table_counts(seed_db)["plan_nodes"] > 50  # the walk really reached the nested lists


def test_corpus_export_is_consistent_and_counts_match_the_json(real_parsed: Path, tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite"
    report = export_archive(real_parsed, db)
    assert not report.failed and len(report.added) == 2 + len(REAL)
    check_integrity(db)
    assert_counts_match(db, real_parsed)


def test_every_row_points_at_its_document_page(seed_db: Path) -> None:
    """Rows read from a PDF carry page and bbox; text input has pages but no bbox."""
    con = sqlite3.connect(seed_db)
    rows = con.execute("SELECT d.kind, count(*), count(t.page), count(t.x0) FROM plan_nodes t "
                       "JOIN documents d ON d.id = t.document_id GROUP BY d.kind ORDER BY d.kind").fetchall()
    con.close()
    (pdf_kind, pdf_n, pdf_pages, pdf_boxes), (text_kind, text_n, text_pages, text_boxes) = rows
    assert (pdf_kind, text_kind) == ("pdf", "text")
    assert pdf_n == pdf_pages == pdf_boxes > 0
    assert text_n == text_pages > 0 and text_boxes == 0


def hits_of(db: Path, query: str) -> set[tuple[str, int | None, str]]:
    return {(h.file_name, h.page, f"{h.kind}.{h.field}") for h in search(db, query)}


def test_search_finds_the_plan_item_and_the_context_block(seed_db: Path) -> None:
    hits = search(seed_db, "重層的支援")
    found = {(h.file_name, h.page, h.kind) for h in hits}
    assert (SEED_TEXT, 3, "plan_nodes") in found
    context = [h for h in hits if h.kind == "context_blocks"]
    assert context and "[重層的支援]体制整備事業" in context[0].snippet and context[0].page == 3


def test_search_finds_plan_items_and_the_opinion(seed_db: Path) -> None:
    hits = search(seed_db, "権利擁護")
    plan_titles = sorted(h.snippet for h in hits if h.kind == "plan_nodes")
    assert plan_titles == ["[権利擁護]事業の充実", "人権尊重と[権利擁護]事業の推進", "人権尊重と[権利擁護]事業の推進"]
    opinions = [h for h in hits if h.kind == "opinions"]
    assert len(opinions) == 1 and opinions[0].page == 4 and opinions[0].file_name == SEED_TEXT


def test_two_character_term_uses_the_like_path(seed_db: Path) -> None:
    con = sqlite3.connect(seed_db)
    # The trigram index alone cannot answer it: that is why search() falls back.
    assert con.execute("SELECT count(*) FROM plan_nodes_fts WHERE plan_nodes_fts MATCH '\"福祉\"'").fetchone() == (0,)
    like_rows = con.execute("SELECT count(*) FROM search_rows WHERE text LIKE '%福祉%'").fetchone()[0]
    con.close()
    hits = search(seed_db, "福祉")
    assert len(hits) == like_rows > 10
    assert {SEED_TEXT, SEED_PDF} <= {h.file_name for h in hits}
    assert (SEED_TEXT, 3, "plan_nodes.title") in hits_of(seed_db, "福祉")
    # Mixed terms: the long one through FTS, the short one by LIKE, both in the same row.
    both = search(seed_db, "権利擁護 充実")
    assert [h.snippet for h in both if h.kind == "plan_nodes"] == ["[権利擁護]事業の充実"]  # not 人権尊重と…推進
    assert {h.kind for h in both} == {"plan_nodes", "context_blocks"}


def test_search_command_prints_file_page_kind(seed_db: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pipeline", "search", str(seed_db), "重層的支援"],
                          capture_output=True, text=True, cwd=REPO, check=True)
    lines = proc.stdout.splitlines()
    assert f"{SEED_TEXT}\tp.3\tplan_nodes.title\t[重層的支援]体制の整備" in lines
    assert proc.stderr.strip() == f"{len(lines)} hits"


# ---------------------------------------------------------------- incremental and atomic


def rewrite_document(parsed: Path, name: str, change: Any) -> None:
    """Edit one output as a re-parse would: new JSON, new input sha256 in the JSON and the index."""
    path = parsed / name
    doc = json.loads(path.read_text("utf-8"))
    change(doc)
    doc["source"]["sha256"] = "0" * 64
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    lines = []
    for line in (parsed / "index.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        if entry["output"] == name:
            entry["sha256"] = "0" * 64
        lines.append(json.dumps(entry, ensure_ascii=False))
    (parsed / "index.jsonl").write_text("\n".join(lines) + "\n", "utf-8")


def rows_of(snapshot: dict[str, dict[int, tuple[Any, ...]]], document_id: int, *, keep: bool) -> set[tuple[str, Any]]:
    """Rows of (keep=True) or not of (keep=False) one document; row[1] is document_id outside documents."""
    out = set()
    for table, rows in snapshot.items():
        for row in rows.values():
            owner = row[0] if table == "documents" else row[1]
            if (owner == document_id) == keep:
                out.add((table, row))
    return out


def doc_id(db: Path, output: str) -> int:
    con = sqlite3.connect(db)
    (value,) = con.execute("SELECT id FROM documents WHERE output = ?", [output]).fetchone()
    con.close()
    return int(value)


def test_unchanged_folder_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite"
    export_archive(PARSED, db)
    before = db.read_bytes(), db.stat().st_mtime_ns
    report = export_archive(PARSED, db)
    assert not report.changed and report.unchanged == 2 and report.rows == 0
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before


def test_reexport_touches_only_the_changed_document(tmp_path: Path) -> None:
    parsed = copy_parsed(tmp_path / "parsed")
    db = tmp_path / "archive.sqlite"
    export_archive(parsed, db)
    before = dump(db)
    changed, other = doc_id(db, "koganei-welfare-2023-02.json"), doc_id(db, "generated-shingikai-024.json")

    def edit(doc: dict[str, Any]) -> None:
        doc["opinions"][0]["text"] = "改訂された意見の本文"
        del doc["opinions"][1]

    rewrite_document(parsed, "koganei-welfare-2023-02.json", edit)
    report = export_archive(parsed, db)
    assert report.replaced == [SEED_TEXT] and report.unchanged == 1 and not report.added and not report.removed
    after = dump(db)
    assert rows_of(after, other, keep=True) == rows_of(before, other, keep=True)  # untouched, same ids
    assert len(after["opinions"]) == len(before["opinions"]) - 1
    assert doc_id(db, "koganei-welfare-2023-02.json") == changed  # the document keeps its id
    assert {h.file_name for h in search(db, "改訂された意見")} == {SEED_TEXT}
    assert not search(db, "権利擁護事業」の推進")  # the old opinion text left the FTS index too
    check_integrity(db)
    assert_counts_match(db, parsed)


def test_documents_gone_from_the_index_are_removed(tmp_path: Path) -> None:
    parsed = copy_parsed(tmp_path / "parsed")
    db = tmp_path / "archive.sqlite"
    export_archive(parsed, db)
    keep = doc_id(db, "koganei-welfare-2023-02.json")
    before = dump(db)
    index = parsed / "index.jsonl"
    index.write_text("".join(line + "\n" for line in index.read_text("utf-8").splitlines() if SEED_PDF not in line))
    report = export_archive(parsed, db)
    assert report.removed == [SEED_PDF] and report.unchanged == 1
    assert rows_of(dump(db), keep, keep=False) == set()
    assert rows_of(dump(db), keep, keep=True) == rows_of(before, keep, keep=True)
    check_integrity(db)


def exported_then_changed(tmp_path: Path) -> tuple[Path, Path, dict[str, dict[int, tuple[Any, ...]]]]:
    """A copy of parsed/, its archive, the archive's rows, and then one document changed on disk."""
    parsed = copy_parsed(tmp_path / "parsed")
    db = tmp_path / "archive.sqlite"
    export_archive(parsed, db)
    before = dump(db)
    rewrite_document(parsed, "koganei-welfare-2023-02.json", lambda d: d["opinions"].clear())
    return parsed, db, before


def test_failure_mid_export_leaves_the_previous_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.export.load as load

    parsed, db, before = exported_then_changed(tmp_path)
    real_insert = load._insert

    def failing(*args: Any) -> int:
        real_insert(*args)  # old rows deleted and new rows written inside the transaction …
        raise OSError("disk full")  # … then the export fails

    monkeypatch.setattr(load, "_insert", failing)
    with pytest.raises(OSError):
        export_archive(parsed, db)
    assert dump(db) == before
    check_integrity(db)


KILL_SCRIPT = """
import os, signal, sys
from pathlib import Path
import pipeline.export.load as load
real_insert = load._insert
def dying(*args):
    real_insert(*args)
    os.kill(os.getpid(), signal.SIGKILL)
load._insert = dying
load.export_archive(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_kill_mid_export_leaves_the_previous_database(tmp_path: Path) -> None:
    parsed, db, before = exported_then_changed(tmp_path)
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(parsed), str(db)], cwd=REPO)
    assert proc.returncode == -signal.SIGKILL
    assert Path(f"{db}-journal").exists()  # the killed writer left a hot journal …
    assert dump(db) == before  # … which the next open rolls back
    check_integrity(db)
    report = export_archive(parsed, db)  # and the export then completes
    assert report.replaced == [SEED_TEXT]
    assert_counts_match(db, parsed)


def test_a_changed_layout_rebuilds_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite"
    export_archive(PARSED, db)
    con = sqlite3.connect(db)
    con.execute("UPDATE _export SET value = 'old' WHERE key = 'fingerprint'")
    con.commit()
    con.close()
    report = export_archive(PARSED, db)
    assert report.rebuilt and len(report.added) == 2
    assert_counts_match(db, PARSED)


def test_bad_inputs_get_one_line(tmp_path: Path) -> None:
    parsed = copy_parsed(tmp_path / "parsed")
    (parsed / "generated-shingikai-024.json").write_text('{"schema_version": "1.0.0"}', "utf-8")
    db = tmp_path / "archive.sqlite"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "export", str(parsed), "--db", str(db)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error ")]
    assert errors == ["error generated-shingikai-024.json: not a valid document: source: Field required"]
    assert table_counts(db)["documents"] == 1
    proc = subprocess.run([sys.executable, "-m", "pipeline", "export", str(tmp_path), "--db", str(db)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "no index.jsonl" in proc.stderr
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    proc = subprocess.run([sys.executable, "-m", "pipeline", "export", str(parsed), "--db", str(other)],
                          capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 2 and "not written by export" in proc.stderr


def test_unchanged_export_reads_no_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a timing assertion (bench/ has the figures): an unchanged run validates no JSON."""
    import pipeline.models as models

    db = tmp_path / "archive.sqlite"
    export_archive(PARSED, db)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an unchanged document was parsed again")

    monkeypatch.setattr(models.Document, "model_validate_json", refuse)
    assert export_archive(PARSED, db).unchanged == 2


def test_a_locked_archive_gives_one_line_and_keeps_its_rows(tmp_path: Path) -> None:
    from pipeline.export.load import ExportError

    parsed, db, before = exported_then_changed(tmp_path)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer (readers still allowed)
    try:
        with pytest.raises(ExportError, match="nothing written: database is locked"):
            export_archive(parsed, db)  # waits sqlite3's 5 s busy timeout, then gives up
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert dump(db) == before
