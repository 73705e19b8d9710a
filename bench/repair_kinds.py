"""Count repairs by kind over a folder of PDFs (or text files): python bench/repair_kinds.py DIR ...

Used to show that no text-level repair (duplicated_run) touches a PDF: run it
on ../shared/corpus/real and ../shared/corpus/archive. Exit status 1 when a
PDF has a duplicated_run repair. Parses one file at a time in this process.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from pipeline.errors import InputError
from pipeline.parse import parse_file


def main(folders: list[str]) -> int:
    kinds: Counter[str] = Counter()
    bad: list[str] = []
    files = sorted(p for folder in folders for p in Path(folder).rglob("*") if p.suffix.lower() in (".pdf", ".txt"))
    for path in files:
        try:
            doc = parse_file(path)
        except InputError as exc:
            print(f"error {path}: {exc}", file=sys.stderr)
            continue
        found = Counter(r.kind for r in doc.repairs)
        kinds.update(found)
        if path.suffix.lower() == ".pdf" and found["duplicated_run"]:
            bad.append(f"{path}: {found['duplicated_run']}")
    print(f"{len(files)} files; repairs by kind: {dict(sorted(kinds.items()))}")
    print(f"PDFs with duplicated_run repairs: {len(bad)}")
    for line in bad:
        print("  " + line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["../shared/corpus/real", "../shared/corpus/archive"]))
