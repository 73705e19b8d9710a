"""How many of a PDF's characters reach the Layout lines, per file.

Reference: pdfplumber's chars of each page after the overprint stage (so a
removed fake-bold copy is not counted as lost), non-space, as a multiset.
Output: the non-space characters of the page's Layout lines. "kept %" is the
multiset intersection over the reference; the target is ≥ 99% on every file.

    python bench/char_retention.py [file.pdf ...]   # default: ../shared/corpus/real/*.pdf
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.errors import InputError  # noqa: E402
from pipeline.extract.glyphs import glyphs_from_chars  # noqa: E402
from pipeline.extract.overprint import remove_overprint  # noqa: E402
from pipeline.extract.pdf import extract_pdf  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"


def reference(path: Path) -> list[Counter[str]]:
    """Per page: the non-space chars pdfplumber sees, after overprint removal."""
    pages: list[Counter[str]] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            kept, _ = remove_overprint(glyphs_from_chars(page.chars))
            pages.append(Counter(ch for g in kept if not g.is_space for ch in g.text if not ch.isspace()))
            page.close()
    return pages


def retention(path: Path) -> tuple[int, int, int, float]:
    """(pages, reference chars, kept chars, seconds for extract_pdf)."""
    start = time.perf_counter()
    layout = extract_pdf(path.read_bytes())
    seconds = time.perf_counter() - start
    ref = reference(path)
    total = kept = 0
    for page, want in zip(layout.pages, ref):
        got = Counter(ch for line in page.lines for ch in line.text if not ch.isspace())
        total += sum(want.values())
        kept += sum(min(n, got[ch]) for ch, n in want.items())
    return len(layout.pages), total, kept, seconds


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(DEFAULT_DIR.glob("*.pdf"))
    if not paths:
        print("no PDFs given and ../shared/corpus/real not present", file=sys.stderr)
        return 2
    print(f"{'file':44} {'pages':>5} {'chars':>7} {'kept %':>7} {'sec':>6}")
    worst = 100.0
    for path in paths:
        try:
            pages, total, kept, seconds = retention(path)
        except InputError as exc:
            print(f"{path.name:44} error: {exc}")
            continue
        pct = 100.0 * kept / total if total else 100.0
        worst = min(worst, pct)
        print(f"{path.name:44} {pages:5d} {total:7d} {pct:7.2f} {seconds:6.2f}")
    print(f"worst: {worst:.2f}%")
    return 0 if worst >= 99.0 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
