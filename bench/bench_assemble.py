"""CPU milliseconds per page of the own stages (``assemble_page``) alone, against another commit.

Every PDF of the archive is read once with the engine (not timed) and kept as its
``PageContent``s; each repetition then runs ``assemble_page`` on every page. With
``--against REF`` the pipeline of that commit (``git archive REF pipeline``) runs
beside this one, page by page in turn (the order swapped every page), so both see
the same load: the machine this was written on measured the same code 10.7 and
13.2 ms/page a minute apart, and only a comparison made this way holds. Before
each run the glyphs' ``copies`` (set by ``remove_overprint``) are cleared, so every
run starts from what the engine handed over. ``--parts`` adds where the current
code's time goes (each part wrapped with a clock, so the parts carry a little
overhead each and sum to more than the total).

    python bench/bench_assemble.py --engine pdfium --against main --reps 3
    python bench/bench_assemble.py --engine pdfplumber --parts

Reported: ms/page of each side, best repetition, and the load average.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ARCHIVE = REPO.parent / "shared" / "corpus" / "archive"
PARTS = {
    "pipeline.extract.assemble": ("remove_overprint", "find_grids", "place", "_region_blocks", "rows", "find_columns",
                                  "split_row", "make_line", "join_crossing_runs", "join_spread_words", "_mark_paragraphs"),
    "pipeline.extract.vertical": ("_stream_below",),
}


def _pipeline(root: Path) -> tuple[ModuleType, ModuleType]:
    """``assemble`` and ``layout`` imported from ``root``; earlier ``pipeline`` modules are
    forgotten first, so each copy keeps its own (its functions hold their module globals)."""
    for name in [n for n in sys.modules if n == "pipeline" or n.startswith("pipeline.")]:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module("pipeline.extract.assemble"), importlib.import_module("pipeline.layout")
    finally:
        sys.path.remove(str(root))


def read_pages(engine: str, folder: Path) -> list[tuple[int, Any]]:
    """(page index, PageContent) of every readable page under ``folder``."""
    from pipeline.extract.engines import get_engine

    pages: list[tuple[int, Any]] = []
    for path in sorted(folder.rglob("*.pdf")):
        try:
            pdf = get_engine(engine).open(path.read_bytes())
        except Exception:  # an unreadable file is the engine's business, not this bench's
            continue
        for i in range(pdf.page_count):
            try:
                pages.append((i, pdf.read_page(i)))
            except Exception:
                continue
        pdf.close()
    return pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engine", default="pdfium", choices=("pdfium", "pdfplumber"))
    ap.add_argument("--folder", type=Path, default=ARCHIVE)
    ap.add_argument("--against", metavar="REF", help="also run this commit's pipeline, page by page in turn")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--parts", action="store_true", help="also time the parts of the current code, best of --reps")
    args = ap.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"no corpus at {args.folder}")

    sides: list[tuple[str, ModuleType, ModuleType]] = []
    with tempfile.TemporaryDirectory() as tmp:  # kept while the other commit's code runs
        if args.against:
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.against, "pipeline"],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
            sides.append((args.against, *_pipeline(Path(tmp))))
        sides.append(("this", *_pipeline(REPO)))  # last, so the engines below are this commit's
        pages = read_pages(args.engine, args.folder)
        n = len(pages)
        print(f"{n} pages, engine {args.engine}, load average {os.getloadavg()[0]:.2f} at start")
        clock = time.process_time
        best = dict.fromkeys((name for name, _a, _l in sides), float("inf"))
        for rep in range(args.reps):
            spent = dict.fromkeys(best, 0.0)
            gc.collect()
            for k, (index, content) in enumerate(pages):
                for name, assemble, layout in sides if k % 2 == 0 else sides[::-1]:
                    for glyph in content.glyphs:
                        glyph.copies = None
                    doc = layout.Layout(kind="pdf")
                    start = clock()
                    assemble.assemble_page(content, index + 1, doc)
                    spent[name] += clock() - start
            best = {name: min(best[name], spent[name]) for name in best}
            print(f"run {rep}: " + ", ".join(f"{name} {1000 * t / n:.3f}" for name, t in spent.items()) + " ms/page")
    print("best: " + ", ".join(f"{name} {1000 * t / n:.3f}" for name, t in best.items())
          + f" ms/page; load average now {os.getloadavg()[0]:.2f}")
    if args.parts:
        _parts(pages, args.reps)


def _parts(pages: list[tuple[int, Any]], reps: int) -> None:
    """Best-of-``reps`` ms/page of each part of the current ``assemble_page``."""
    spent: Counter[str] = Counter()
    clock = time.process_time

    def timed(module: ModuleType, name: str) -> None:
        inner = getattr(module, name)

        def wrapper(*a: Any, **k: Any) -> Any:
            start = clock()
            try:
                return inner(*a, **k)
            finally:
                spent[name] += clock() - start

        setattr(module, name, wrapper)

    for module_name, names in PARTS.items():
        module = importlib.import_module(module_name)
        for name in names:  # a renamed part must fail here, not vanish from the table
            if not hasattr(module, name):
                raise SystemExit(f"bench_assemble: {module_name}.{name} no longer exists; update PARTS")
            timed(module, name)
    assemble, layout = importlib.import_module("pipeline.extract.assemble"), importlib.import_module("pipeline.layout")
    best: dict[str, float] = {}
    for _ in range(reps):
        spent.clear()
        start = clock()
        for index, content in pages:
            for glyph in content.glyphs:
                glyph.copies = None
            assemble.assemble_page(content, index + 1, layout.Layout(kind="pdf"))
        spent["assemble_page"] = clock() - start
        best = {k: min(v, best.get(k, float("inf"))) for k, v in spent.items()}
    for name, t in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"{name:>20}: {1000 * t / len(pages):.3f} ms/page")


if __name__ == "__main__":
    main()
