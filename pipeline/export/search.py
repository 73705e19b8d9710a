"""Search across kinds: every full-text-indexed column of every table, with page.

The query is split on whitespace into terms that must all occur in one row
(substring match, case-insensitive for ASCII as the trigram tokenizer is).
Terms of 3 characters or more go through each table's FTS5 trigram index.
A shorter term (福祉) cannot: the trigram index has no token shorter than three
characters, so MATCH finds nothing, and SQLite 3.40's LIKE on the FTS table does
not fall back either. Those terms are matched with LIKE on the same columns of
the content table: a scan, but with exactly the trigram index's substring
semantics and no second index to keep in sync. A bigram side index was the
rejected alternative: it doubles the index size for the rare short query, and
the scan of the whole 188-file archive stays in milliseconds (see bench/).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pipeline.export import ROOT

MIN_FTS = 3
CONTEXT = 20


@dataclass(frozen=True, slots=True)
class Hit:
    file_name: str
    page: int | None
    kind: str  # table name
    field: str
    row_id: int
    snippet: str


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def snippet(text: str, term: str, context: int = CONTEXT) -> str:
    """``…before[term]after…`` around the first occurrence, on one line."""
    flat = " ".join(text.split())
    at = flat.lower().find(term.lower())
    if at < 0:
        return flat[: 2 * context] + ("…" if len(flat) > 2 * context else "")
    lo, hi = max(0, at - context), min(len(flat), at + len(term) + context)
    return (("…" if lo else "") + flat[lo:at] + "[" + flat[at:at + len(term)] + "]"
            + flat[at + len(term):hi] + ("…" if hi < len(flat) else ""))


def _as_text(value: str) -> str:
    """A JSON list of paragraphs (a list-of-strings field) reads as its paragraphs."""
    if value.startswith('["'):
        try:
            return " / ".join(map(str, json.loads(value)))
        except ValueError:
            pass
    return value


def _indexed(con: sqlite3.Connection) -> list[tuple[str, list[str], bool]]:
    """(table, FTS columns, has a page column) for every table with an ``<table>_fts`` index.

    Read from the database itself (no models, no pydantic import): search works on
    whatever archive it is given and starts fast.
    """
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
    out = []
    for name in names:
        if f"{name}_fts" in names:
            fts = [r[1] for r in con.execute(f'PRAGMA table_info("{name}_fts")')]
            cols = {r[1] for r in con.execute(f'PRAGMA table_info("{name}")')}
            out.append((name, fts, "page" in cols))
    return out


def search(db_path: Path, query: str, limit: int | None = None) -> list[Hit]:
    """Hits ordered by file, page, kind; the snippet shows the first term."""
    terms = query.split()
    if not terms:
        return []
    long_terms = [t for t in terms if len(t) >= MIN_FTS]
    short_terms = [t for t in terms if len(t) < MIN_FTS]
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        hits: list[Hit] = []
        for name, columns, has_page in _indexed(con):
            page = "t.page" if has_page else "NULL"
            for column in columns:
                where = [f't."{column}" IS NOT NULL']
                args: list[str] = []
                if long_terms:
                    # FTS over this column only, so every hit is attributed to its column.
                    where.append(f't.rowid IN (SELECT rowid FROM "{name}_fts" '
                                 f'WHERE "{name}_fts" MATCH ?)')
                    args.append(f'"{column}" : (' + " ".join(_fts_phrase(t) for t in long_terms) + ")")
                for term in short_terms:
                    where.append(f't."{column}" LIKE ? ESCAPE \'\\\'')
                    args.append(_like(term))
                sql = (f'SELECT d.file_name, {page}, t.id, t."{column}" FROM "{name}" t '
                       f"JOIN {ROOT} d ON d.id = t.document_id WHERE " + " AND ".join(where))
                for file_name, pg, row_id, text in con.execute(sql, args):
                    text = _as_text(text)
                    hits.append(Hit(file_name, pg, name, column, row_id, snippet(text, terms[0])))
    finally:
        con.close()
    hits.sort(key=lambda h: (h.file_name, h.page or 0, h.kind, h.row_id))
    return hits[:limit] if limit else hits
