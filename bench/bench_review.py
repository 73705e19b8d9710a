"""How fast a review page opens: an 83-page real PDF in headless Chromium.

    python bench/bench_review.py [PDF] [--runs N]

Parses the PDF (default ../shared/corpus/real/kodaira-council-2020-05-agenda.pdf),
writes its review page into a temporary folder (timed: PDFium renders every page),
then opens the page N times (default 5), each in a fresh browser context so
nothing is cached, and times from ``goto`` to page 1 shown: its image loaded and
decoded and its boxes in the DOM. Chromium's own start-up is not counted (it is
launched once, before the runs). Target: under 2 s.

Needs Debian's chromium and the ``review`` extra (playwright).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT = REPO.parent / "shared" / "corpus" / "real" / "kodaira-council-2020-05-agenda.pdf"

SHOWN = """() => {
  const img = document.querySelector('#page-1 img');
  const rect = img && img.getBoundingClientRect();
  return img && img.complete && img.naturalWidth > 0 && rect.top < window.innerHeight && rect.height > 0;
}"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if not args.pdf.exists() or chromium is None:
        print(f"needs {args.pdf} and chromium on PATH", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    from pipeline.parse import parse_file
    from pipeline.review import write_review

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        doc = parse_file(args.pdf)
        json_path = Path(tmp) / f"{args.pdf.stem}.json"
        json_path.write_text(doc.model_dump_json(), encoding="utf-8")
        t1 = time.perf_counter()
        html = write_review(json_path, Path(tmp) / "review", args.pdf)
        t2 = time.perf_counter()
        images = sum(f.stat().st_size for f in html.with_suffix(".pages").iterdir())
        html_kb = html.stat().st_size // 1024
        times, boxes = [], 0
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for _ in range(args.runs):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                start = time.perf_counter()
                page.goto(html.as_uri(), wait_until="commit")
                page.wait_for_function(SHOWN, polling="raf", timeout=30_000)
                times.append(time.perf_counter() - start)
                boxes = page.locator(".box").count()
                loaded = page.evaluate("Array.from(document.images).filter(i => i.complete && i.naturalWidth).length")
                context.close()
            browser.close()
    load = os.getloadavg()[0]
    print(f"{args.pdf.name}: {doc.source.pages} pages, {boxes} boxes; HTML {html_kb} KB, "
          f"images {images / 2**20:.1f} MB")
    print(f"parse {t1 - t0:.1f} s, write review {t2 - t1:.1f} s")
    print(f"open → page 1 shown: best {min(times):.2f} s, median {statistics.median(times):.2f} s, "
          f"worst {max(times):.2f} s over {args.runs} runs; {loaded} of {doc.source.pages} images loaded by then "
          f"(lazy); load average {load:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
