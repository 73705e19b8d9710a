"""On-disk state of a batch: atomic file writes, the pipeline version, ``index.jsonl``.

Everything here must stay cheap to import: a warm re-run of an unchanged folder
only hashes files and reads the index, so this module must not pull in pydantic,
pdfplumber or the parsing stages.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

import pipeline

INDEX_NAME = "index.jsonl"
# Temp files are hidden (leading dot) and end in .tmp, so a consumer globbing
# ``*.json`` never sees one; the writer's pid is part of the name so a later run
# can tell a dead writer's leftovers from a live writer's file.
_TMP_RE = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")
_STALE_AFTER_S = 24 * 3600


@dataclass(slots=True)
class IndexEntry:
    """One input's line in the index (and the result of processing it)."""

    path: str  # relative to the input root, POSIX separators
    sha256: str | None
    status: str  # ok | no_text (a PDF with no text layer on any page) | failed | skipped (up to date)
    output: str | None  # file name inside the output dir
    kind: str | None = None
    pages: int | None = None
    sections: list[str] = field(default_factory=list)
    repairs: int = 0
    warnings: int = 0
    warning_codes: list[str] = field(default_factory=list)
    error: str | None = None
    version: str = ""

    def to_json(self) -> str:
        """One index line, fields in declaration order.

        Why not ``asdict``: it deep-copies every field (the lists too) before
        ``json.dumps`` reads them, about ten times the cost of the line itself,
        and the whole index is rewritten at every checkpoint of a run.
        """
        return json.dumps({name: getattr(self, name) for name in _ENTRY_FIELDS}, ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_dict(cls, data: dict) -> IndexEntry:  # type: ignore[type-arg]
        return cls(**{k: v for k, v in data.items() if k in _ENTRY_FIELDS})


_ENTRY_FIELDS = tuple(f.name for f in fields(IndexEntry))


def schema_version() -> str:
    """The JSON contract's version (kept in ``pipeline/__init__`` so no pydantic import is needed)."""
    return pipeline.SCHEMA_VERSION


def pipeline_version(engine: str = "pdfplumber") -> str:
    """Outputs made by a different code or schema version are redone, never trusted.

    A non-default PDF engine is part of the key: the engines agree on the corpus
    but not on every PDF (README, "PDF engines"), so an output made by one is
    not up to date for the other. The default adds nothing, so existing indexes
    stay valid.
    """
    base = f"{pipeline.__version__}+schema.{schema_version()}"
    return base if engine == "pdfplumber" else f"{base}+engine.{engine}"


def atomic_write(path: Path, data: str | bytes | Iterable[bytes]) -> None:
    """Write ``data`` (or its pieces, one after the other) as ``path``, so that
    readers see either the old file or the whole new one.

    Temp file in the same directory (so ``os.replace`` is a rename on one file
    system), fsync before the rename, then fsync of the directory so the rename
    itself survives a crash. Pieces are written as they come, never joined: a
    large output is never held whole (see :func:`pipeline.batch.json_parts`).
    """
    parts = [data.encode("utf-8")] if isinstance(data, str) else [data] if isinstance(data, bytes) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as fh:
            for part in parts:
                fh.write(part)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


_UMASK: int | None = None


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temps(out_dir: Path) -> list[Path]:
    """Remove temp files left by a killed run: writer gone, or older than a day."""
    removed: list[Path] = []
    if not out_dir.is_dir():
        return removed
    now = time.time()
    for entry in os.scandir(out_dir):
        match = _TMP_RE.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > _STALE_AFTER_S
            if old or not _pid_alive(int(match.group(1))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def load_index(out_dir: Path) -> dict[str, IndexEntry]:
    """Entries by path; unreadable lines are dropped (their files are simply redone)."""
    entries: dict[str, IndexEntry] = {}
    try:
        text = (out_dir / INDEX_NAME).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return entries
    for line in text.splitlines():
        try:
            entry = IndexEntry.from_dict(json.loads(line))
        except (ValueError, TypeError):
            continue
        entries[entry.path] = entry
    return entries


def write_index(out_dir: Path, entries: dict[str, IndexEntry]) -> None:
    """Sorted by path so two runs over the same inputs write the same bytes."""
    body = "".join(entries[key].to_json() + "\n" for key in sorted(entries))
    atomic_write(out_dir / INDEX_NAME, body)
