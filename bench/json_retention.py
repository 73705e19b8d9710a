"""How much of each source's text reaches the JSON output (nothing should be lost).

    python bench/json_retention.py [FILES or DIRS ...] [--min 99]

Default inputs: ../shared/corpus/real/*.pdf, ../shared/corpus/synthetic/*.pdf and
raw/*. Prints a Markdown table (file, pages, chars, kept %) and exits non-zero
when any file keeps less than --min percent. The measure is in tests/retention.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.retention import retention  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--min", type=float, default=99.0)
    args = parser.parse_args()
    inputs = args.inputs or [
        *sorted((ROOT.parent / "shared" / "corpus" / "real").glob("*.pdf")),
        *sorted((ROOT.parent / "shared" / "corpus" / "synthetic").glob("*.pdf")),
        *sorted(p for p in (ROOT / "raw").iterdir() if p.is_file()),
    ]
    files = [f for p in inputs for f in (sorted(p.iterdir()) if p.is_dir() else [p]) if f.is_file()]
    worst = 100.0
    print("| file | pages | chars | kept % |\n|---|---:|---:|---:|")
    for path in files:
        pages, total, kept = retention(path)
        worst = min(worst, kept)
        print(f"| {path.name} | {pages} | {total} | {kept:.2f} |")
    return 0 if worst >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
