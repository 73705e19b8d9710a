"""``python -m pipeline export`` and ``python -m pipeline search``.

Registered by :func:`add_commands` so ``pipeline/cli.py`` needs two lines; each
sub-command carries its handler (``args.handler``). Light to import: the export
stages and pydantic load only when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser(
        "export", help="load parsed JSON into an SQLite archive with full-text search",
        description="Load every current document of PARSED_DIR (per its index.jsonl) into an SQLite "
                    "database: one table per kind of element, FTS5 trigram search. Re-runs replace only "
                    "changed documents, in one transaction.",
        epilog="exit status: 0 done; 1 some documents did not validate (the others are exported); "
               "2 nothing written (no index, not an archive, locked).",
    )
    export.add_argument("parsed_dir", nargs="?", type=Path, metavar="PARSED_DIR",
                        help="folder written by 'run' (with index.jsonl)")
    export.add_argument("--db", type=Path, default=Path("archive.sqlite"), metavar="FILE",
                        help="database to create or update (default: archive.sqlite)")
    export.add_argument("--metadata", type=Path, default=None, metavar="PATH",
                        help="also write Datasette metadata for FILE to PATH ('-' prints it); "
                             "without PARSED_DIR only that is done")
    export.set_defaults(handler=cmd_export)

    search = sub.add_parser("search", help="search an archive across kinds",
                            description="Print hits of QUERY (all terms, as substrings) with file, page, kind.",
                            epilog="Terms of 3 characters or more use the FTS5 trigram index, shorter ones a "
                                   "LIKE scan of the same columns. exit status: 0 hits found, 1 none.")
    search.add_argument("db", type=Path, metavar="ARCHIVE.sqlite")
    search.add_argument("query", nargs="+", metavar="QUERY")
    search.add_argument("--limit", type=int, default=None, metavar="N", help="print at most N hits")
    search.set_defaults(handler=cmd_search)


def cmd_export(args: argparse.Namespace) -> int:
    if args.metadata is not None:
        from pipeline.export.metadata import metadata_text

        text = metadata_text(args.db.stem)
        if str(args.metadata) == "-":
            sys.stdout.write(text)
        else:
            from pipeline.index import atomic_write

            atomic_write(args.metadata, text)
            print(f"wrote {args.metadata}", file=sys.stderr)
    if args.parsed_dir is None:
        if args.metadata is None:
            print("export: give PARSED_DIR (or --metadata PATH)", file=sys.stderr)
            return 2
        return 0
    from pipeline.export.load import ExportError, export_archive

    try:
        report = export_archive(args.parsed_dir, args.db)
    except ExportError as exc:
        print(f"error {exc}", file=sys.stderr)
        return 2
    for name, reason in report.failed:
        print(f"error {name}: {reason}", file=sys.stderr)
    size = args.db.stat().st_size / 1e6
    state = f"{report.rows} rows written" if report.changed else "nothing changed"
    print(f"{len(report.added)} added, {len(report.replaced)} replaced, {len(report.removed)} removed, "
          f"{report.unchanged} unchanged, {len(report.failed)} failed; {state} in {report.seconds:.2f} s "
          f"→ {args.db} ({size:.1f} MB)", file=sys.stderr)
    return 1 if report.failed else 0


def cmd_search(args: argparse.Namespace) -> int:
    if not args.db.is_file():
        print(f"error {args.db}: no such database (write one with `python -m pipeline export`)", file=sys.stderr)
        return 2
    import sqlite3

    from pipeline.export.search import search

    try:
        hits = search(args.db, " ".join(args.query), args.limit)
    except sqlite3.DatabaseError as exc:
        print(f"error {args.db}: cannot be searched: {exc}", file=sys.stderr)
        return 2
    for hit in hits:
        page = "-" if hit.page is None else str(hit.page)
        print(f"{hit.file_name}\tp.{page}\t{hit.kind}.{hit.field}\t{hit.snippet}")
    print(f"{len(hits)} hits", file=sys.stderr)
    return 0 if hits else 1
