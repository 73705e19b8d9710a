"""Per-category accuracy of the pipeline on the generated suite and its layout variants (tests/docgen), PDF and text forms.

Run: python -m tests.eval_generated [--form pdf|text|both]
A category counts a document as right when every fact of that category holds.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from pipeline.parse import parse_bytes
from tests.docgen import GeneratedDoc, suite, text_of
from tests.docgen.layouts import layout_suite
from tests.facts import (
    check_agenda,
    check_agendas,
    check_hierarchy,
    check_materials,
    check_meeting,
    check_opinions,
)

CATEGORIES = {
    "meeting": lambda doc, f: check_meeting(doc, f["meeting"]) if "meeting" in f else None,
    "agenda": lambda doc, f: check_agenda(doc, f["agenda"]) if "agenda" in f else None,
    "materials": lambda doc, f: check_materials(doc, f["materials"]) if "materials" in f else None,
    "hierarchy": lambda doc, f: check_hierarchy(doc, f["hierarchy"]) if "hierarchy" in f else None,
    "opinions": lambda doc, f: check_opinions(doc, f["opinions"]) if "opinions" in f else None,
    "agendas": lambda doc, f: check_agendas(doc, f["agendas"]) if "agendas" in f else None,
}


def parse_form(gen: GeneratedDoc, form: str):  # type: ignore[no-untyped-def]
    if form == "pdf":
        return parse_bytes(gen.pdf_bytes, f"{gen.name}.pdf")
    return parse_bytes(text_of(gen.pdf_bytes).encode("utf-8"), f"{gen.name}.txt")


def evaluate(form: str, verbose: bool = False) -> dict[str, tuple[int, int]]:
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for gen in [*suite(), *layout_suite()]:
        doc = parse_form(gen, form)
        for name, check in CATEGORIES.items():
            problems = check(doc, gen.facts)
            if problems is None:
                continue
            score[name][1] += 1
            if not problems:
                score[name][0] += 1
            elif verbose:
                print(f"  {form} {gen.name} {name}: {problems[0]}", file=sys.stderr)
    return {k: (v[0], v[1]) for k, v in score.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--form", choices=["pdf", "text", "both"], default="both")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the first problem of each miss")
    args = parser.parse_args()
    forms = ["pdf", "text"] if args.form == "both" else [args.form]
    print(f"{'form':6} {'category':10} {'right':>6} {'of':>4} {'accuracy':>9}")
    for form in forms:
        for name, (ok, total) in evaluate(form, args.verbose).items():
            print(f"{form:6} {name:10} {ok:6d} {total:4d} {ok / total:9.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
