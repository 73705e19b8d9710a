"""Export time, database size and search time for the 188-file archive.

    python bench/bench_export.py            # print the figures
    python bench/bench_export.py --write    # also replace the export section of bench/RESULTS.md

The archive (``../shared/corpus/archive``) is parsed once with ``python -m pipeline
run`` into ``--parsed`` (kept between runs, so later runs only re-hash it). Then,
each as the wall time of a fresh ``python -m pipeline export`` process:
cold (new database), warm (nothing changed), one document changed (its JSON
rewritten with other indentation, so its hash differs). Search times are in
process (no interpreter start-up), best of 5.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.export.search import search  # noqa: E402

ARCHIVE = REPO.parent / "shared" / "corpus" / "archive"
RESULTS = REPO / "bench" / "RESULTS.md"
BEGIN, END = "<!-- export:begin -->", "<!-- export:end -->"


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def export_cmd(parsed: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "export", str(parsed), "--db", str(db)]


def best(times: list[float]) -> float:
    return min(times)


def measure(parsed: Path, work: Path) -> dict[str, str]:
    db = work / "archive.sqlite"
    cold = []
    for _ in range(2):
        db.unlink(missing_ok=True)
        cold.append(wall(export_cmd(parsed, db)))
    warm = best([wall(export_cmd(parsed, db)) for _ in range(3)])
    victim = sorted(parsed.glob("*.json"))[0]
    original = victim.read_text("utf-8")
    one = []
    try:
        for indent in (1, 2):
            victim.write_text(json.dumps(json.loads(original), ensure_ascii=False, indent=indent), "utf-8")
            one.append(wall(export_cmd(parsed, db)))
    finally:
        victim.write_text(original, "utf-8")
        subprocess.run(export_cmd(parsed, db), check=True, cwd=REPO, capture_output=True)
    con = sqlite3.connect(db)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '%fts%' "
                                        "AND name NOT LIKE 'sqlite_%' AND name != '_export'")]
    rows = sum(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
    docs = con.execute("SELECT count(*), sum(pages) FROM documents").fetchone()
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    fk_errors = len(con.execute("PRAGMA foreign_key_check").fetchall())
    con.close()
    timings = {}
    for term in ("補正予算", "福祉"):
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            hits = search(db, term)
            runs.append(time.perf_counter() - start)
        timings[term] = (best(runs), len(hits))
    n = docs[0]
    return {
        "documents (pages)": f"{n} ({docs[1]})",
        "rows in element tables": f"{rows}",
        "database size": f"{db.stat().st_size / 1e6:.1f} MB",
        "PRAGMA integrity_check / foreign_key_check": f"{integrity} / {fk_errors} violations",
        "export, cold (new database), s": f"{best(cold):.2f}",
        "export, warm (nothing changed), s": f"{warm:.2f} ({warm / n * 100:.2f} per 100 documents)",
        "export, one document changed, s": f"{best(one):.2f}",
        "search 補正予算 (FTS5 trigram), ms": f"{timings['補正予算'][0] * 1000:.0f} ({timings['補正予算'][1]} hits)",
        "search 福祉 (2 characters: LIKE scan), ms": f"{timings['福祉'][0] * 1000:.0f} ({timings['福祉'][1]} hits)",
    }


def render(figures: dict[str, str], load: tuple[float, float]) -> str:
    lines = [
        BEGIN,
        "## Export (`python bench/bench_export.py --write`)",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}",
        f"- Load: 1-minute load average {load[0]:.2f} before, {load[1]:.2f} after (shared machine: "
        "other processes ran; wall times of fresh processes, interpreter start-up included)",
        "- Input: `../shared/corpus/archive` (188 PDFs) parsed once by `python -m pipeline run`; "
        "best of 2 (cold, one changed) or 3 (warm) runs; search best of 5, in process",
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in figures.items()],
        END,
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parsed", type=Path, default=Path(tempfile.gettempdir()) / "committee-pipeline-bench-archive",
                        help="where the archive's parse is kept between runs")
    parser.add_argument("--write", action="store_true", help="replace the export section of bench/RESULTS.md")
    args = parser.parse_args()
    if not ARCHIVE.is_dir():
        print(f"{ARCHIVE} not present: nothing to measure", file=sys.stderr)
        return 1
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(ARCHIVE), "--out", str(args.parsed), "--quiet"],
                   cwd=REPO, check=False)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as work:
        figures = measure(args.parsed, Path(work))
    text = render(figures, (load_before, os.getloadavg()[0]))
    print(text)
    if args.write:
        old = RESULTS.read_text("utf-8") if RESULTS.exists() else ""
        pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END) + "\n", re.S)
        new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
        RESULTS.write_text(new, "utf-8")
        print(f"wrote {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
