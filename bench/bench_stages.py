"""CPU milliseconds per page of each stage after extraction: clean, segment, models + JSON.

Every file of a corpus folder is extracted once (not timed), then each repetition
runs, per file, ``clean_layout`` → segment (``parse._segment``: the Source, the
Document and its pydantic models are built there) → ``render_json``, timing each
stage with ``time.process_time`` (CPU of this process, so other processes on a
shared machine do not count, though they still slow caches). Extraction is timed
once too, for scale. Reported: ms per page of each stage, best repetition.

    python bench/bench_stages.py                       # archive, pdfium, 3 repetitions
    python bench/bench_stages.py --engine pdfplumber --limit 40 --reps 1
    python bench/bench_stages.py --profile 25          # also cProfile clean + segment, top 25 rows

Why a separate bench: ``bench_pipeline.py`` times whole subprocesses, where
extraction dominates; this one isolates the stages the segmenters own.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.batch import render_json  # noqa: E402
from pipeline.clean import clean_layout  # noqa: E402
from pipeline.collect import fewer_collections  # noqa: E402
from pipeline.errors import InputError  # noqa: E402
from pipeline.layout import Layout  # noqa: E402
from pipeline.parse import _segment, extract  # noqa: E402

ARCHIVE = REPO.parent / "shared" / "corpus" / "archive"
STAGES = ("clean", "segment", "json")


def load(folder: Path, engine: str, limit: int | None) -> tuple[list[tuple[str, Layout]], float]:
    """Every parsable file under ``folder`` extracted once, and the CPU seconds that took."""
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".pdf", ".txt"))[:limit]
    layouts: list[tuple[str, Layout]] = []
    start = time.process_time()
    for path in files:
        try:
            with fewer_collections():
                layouts.append((path.name, extract(path.read_bytes(), path.name, engine)))
        except InputError:
            continue
    return layouts, time.process_time() - start


def run_once(layouts: list[tuple[str, Layout]]) -> dict[str, float]:
    """CPU seconds per stage over every layout."""
    spent = dict.fromkeys(STAGES, 0.0)
    for name, layout in layouts:
        with fewer_collections():  # as parse_bytes runs the stages (pipeline.collect)
            t0 = time.process_time()
            cleaned = clean_layout(layout)
            t1 = time.process_time()
            doc = _segment(cleaned, name, "0" * 64)
            t2 = time.process_time()
            render_json(doc)
            t3 = time.process_time()
        spent["clean"] += t1 - t0
        spent["segment"] += t2 - t1
        spent["json"] += t3 - t2
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", type=Path, default=ARCHIVE)
    ap.add_argument("--engine", default="pdfium", choices=("pdfium", "pdfplumber"))
    ap.add_argument("--limit", type=int, default=None, help="first N files only (sorted by path)")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--profile", type=int, default=0, metavar="ROWS", help="cProfile one pass, print the top ROWS by cumulative time")
    args = ap.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"no corpus at {args.folder}")

    load1 = os.getloadavg()[0]
    layouts, extract_s = load(args.folder, args.engine, args.limit)
    pages = sum(len(lay.pages) for _n, lay in layouts)
    print(f"{len(layouts)} files, {pages} pages, engine {args.engine}, load average {load1:.2f} at start")
    print(f"extract (once): {1000 * extract_s / pages:.2f} ms/page")
    runs = [run_once(layouts) for _ in range(args.reps)]
    best = {stage: min(r[stage] for r in runs) for stage in STAGES}
    for stage in STAGES:
        print(f"{stage:>8}: {1000 * best[stage] / pages:6.2f} ms/page   (runs: "
              + ", ".join(f"{1000 * r[stage] / pages:.2f}" for r in runs) + ")")
    print(f"   total: {1000 * sum(best.values()) / pages:6.2f} ms/page; load average now {os.getloadavg()[0]:.2f}")
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(run_once, layouts)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
