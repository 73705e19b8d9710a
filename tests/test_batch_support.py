"""Fake parse functions for the batch and CLI tests (no tests here).

The real stages are written in parallel, so the batch is tested with a parse
function whose behaviour is chosen by the input's first line:
``FAIL <msg>`` raises InputError, ``BOOM`` raises a bug, ``SLEEP <s>`` sleeps,
``HANG`` blocks SIGALRM and sleeps (as if stuck in C code), anything else parses
into a Document with one page per line.
"""

from __future__ import annotations

import hashlib
import signal
import time
from pathlib import Path

from pipeline.errors import InputError
from pipeline.models import Document, Section, Source, Warning


def fake_parse(path: Path) -> Document:
    data = path.read_bytes()
    if not data:
        raise InputError("is empty (0 bytes)")
    first = data.split(b"\n", 1)[0].decode("utf-8", "replace")
    if first.startswith("FAIL "):
        raise InputError(first[5:])
    if first == "BOOM":
        raise RuntimeError("boom\nwith a second line")
    if first.startswith("SLEEP "):
        time.sleep(float(first[6:]))
    if first == "HANG":
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
        time.sleep(60)
    pages = max(1, data.count(b"\n"))
    warnings = [Warning(code="unclassified_page", message="警告", pages=[1])] if "WARN" in first else []
    return Document(
        source=Source(
            file_name=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            kind="pdf" if path.suffix == ".pdf" else "text",
            pages=pages,
        ),
        sections=[Section(kind="other", pages=list(range(1, pages + 1)))],
        warnings=warnings,
    )


def write_inputs(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def outputs(out: Path) -> dict[str, bytes]:
    """Every file in the output dir by name, index included."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}
