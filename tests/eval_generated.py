"""Per-category accuracy of the pipeline on the generated suite and its layout variants (tests/docgen), PDF and text forms.

Run: python -m tests.eval_generated [--form pdf|layout|stream|all] [-v]
Three forms of every generated PDF: the PDF itself, its layout text
(``pdftotext -layout``, poppler-utils; the column is skipped when pdftotext is
not installed) and its stream text (pdfminer's ``extract_text``).
A category counts a document as right when every fact of that category holds.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from pipeline.parse import parse_bytes
from tests.docgen import GeneratedDoc, layout_text_of, suite, text_of
from tests.docgen.kinds_suite import kinds_suite
from tests.docgen.layouts import layout_suite
from tests.facts import (
    check_agenda,
    check_agendas,
    check_hierarchy,
    check_materials,
    check_meeting,
    check_opinions,
)
from tests.people_facts import check_attendance, check_roster, check_turns

CATEGORIES = {
    "meeting": lambda doc, f: check_meeting(doc, f["meeting"]) if "meeting" in f else None,
    "agenda": lambda doc, f: check_agenda(doc, f["agenda"]) if "agenda" in f else None,
    "materials": lambda doc, f: check_materials(doc, f["materials"]) if "materials" in f else None,
    "hierarchy": lambda doc, f: check_hierarchy(doc, f["hierarchy"]) if "hierarchy" in f else None,
    "opinions": lambda doc, f: check_opinions(doc, f["opinions"]) if "opinions" in f else None,
    "turns": lambda doc, f: check_turns(doc, f["minutes"]) if "minutes" in f else None,
    "attendance": lambda doc, f: check_attendance(doc, f["minutes"]) if "minutes" in f else None,
    "roster": lambda doc, f: check_roster(doc, f["roster"]) if "roster" in f else None,
    "agendas": lambda doc, f: check_agendas(doc, f["agendas"]) if "agendas" in f else None,
}


FORMS = ("pdf", "layout", "stream")


def parse_form(gen: GeneratedDoc, form: str):  # type: ignore[no-untyped-def]
    """The Document of one form of ``gen``; None for the layout form without pdftotext."""
    parse = parse_bytes
    if form == "pdf":
        return parse(gen.pdf_bytes, f"{gen.name}.pdf")
    if form == "layout":
        text = layout_text_of(gen.pdf_bytes)
        return None if text is None else parse(text.encode("utf-8"), f"{gen.name}.layout.txt")
    return parse(text_of(gen.pdf_bytes).encode("utf-8"), f"{gen.name}.txt")


def evaluate(form: str, verbose: bool = False, docs: list[GeneratedDoc] | None = None) -> dict[str, tuple[int, int]]:
    """Per-category (held, total) over ``docs`` (default: the whole generated suite, minutes and rosters too)."""
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for gen in docs if docs is not None else [*suite(), *layout_suite(), *kinds_suite()]:
        doc = parse_form(gen, form)
        if doc is None:
            return {}
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
    parser.add_argument("--form", choices=[*FORMS, "all"], default="all")
    parser.add_argument("-v", "--verbose", action="store_true", help="print the first problem of each miss")
    args = parser.parse_args()
    forms = list(FORMS) if args.form == "all" else [args.form]
    results = {form: evaluate(form, args.verbose) for form in forms}
    if "layout" in results and not results["layout"]:
        print("layout text: pdftotext not installed (apt-get install poppler-utils); column left out", file=sys.stderr)
    shown = [f for f in forms if results[f]]
    print(f"{'category':10} " + " ".join(f"{f + ' text' if f != 'pdf' else 'PDF':>14}" for f in shown))
    for name in CATEGORIES:
        cells = []
        for form in shown:
            ok, total = results[form].get(name, (0, 0))
            cells.append(f"{ok:3d}/{total:<3d} {ok / total if total else 1:6.1%}")
        print(f"{name:10} " + " ".join(f"{c:>14}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
