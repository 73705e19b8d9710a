"""Write one generated committee PDF (and its facts): python -m tests.docgen SEED OUT.pdf [--facts OUT.json]."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("seed", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--facts", type=Path, help="also write the document's neutral facts as JSON")
    args = parser.parse_args()
    doc = generate(args.seed)
    args.out.write_bytes(doc.pdf_bytes)
    if args.facts:
        args.facts.write_text(json.dumps(doc.facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{doc.name}: {len(doc.pdf_bytes)} bytes → {args.out}")


if __name__ == "__main__":
    main()
