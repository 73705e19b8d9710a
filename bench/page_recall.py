"""Per-page character recall over a set of inputs: the worst pages first.

    python bench/page_recall.py [FILES or DIRS ...] [--worst 10] [--min 0.98]

Default inputs: every PDF under ../shared/corpus (real/, synthetic/, archive/),
raw/*, and the generated suite with its layout variants (tests/docgen, PDF). Prints a Markdown table of
the worst pages with at least 40 characters and exits non-zero when one is
below --min. The measure is in tests/page_recall.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.page_recall import MIN_CHARS, PageRecall, file_recall  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--worst", type=int, default=10)
    parser.add_argument("--min", type=float, default=0.98)
    parser.add_argument("--no-generated", action="store_true")
    args = parser.parse_args()
    corpus = ROOT.parent / "shared" / "corpus"
    inputs = args.inputs or [*sorted(corpus.rglob("*.pdf")), *sorted(p for p in (ROOT / "raw").iterdir() if p.is_file())]
    files = [f for p in inputs for f in (sorted(p.rglob("*")) if p.is_dir() else [p]) if f.is_file() and f.suffix in (".pdf", ".txt")]
    rows: list[PageRecall] = []
    for path in files:
        rows.extend(file_recall(path))
    if not args.inputs and not args.no_generated:
        from tests.docgen import suite
        from tests.docgen.layouts import layout_suite

        for gen in [*suite(), *layout_suite()]:
            rows.extend(file_recall(Path(f"{gen.name}.pdf"), gen.pdf_bytes))
    counted = [r for r in rows if r.chars >= MIN_CHARS]
    counted.sort(key=lambda r: r.recall)
    print(f"{len(files)} files, {len(rows)} pages, {len(counted)} with >= {MIN_CHARS} characters\n")
    print("| file | page | chars | recall | most missed |\n|---|---:|---:|---:|---|")
    for r in counted[: args.worst]:
        print(f"| {r.file} | {r.page} | {r.chars} | {r.recall:.4f} | {r.missing} |")
    below = [r for r in counted if r.recall < args.min]
    print(f"\npages below {args.min}: {len(below)}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
