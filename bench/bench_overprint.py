"""Time the overprint stage against ``pdfplumber.utils.dedupe_chars``.

A synthetic 10,000-char page: 5,000 distinct glyphs on a grid of lines, half
of them overprinted (each drawn twice more at 0.25 pt offsets, as whole-line
copies), so 10,000 char dicts in all. Both functions get the same dicts; ours
includes the conversion from dicts, so the comparison is end to end.

    python bench/bench_overprint.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from pdfplumber.utils import dedupe_chars

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.extract.glyphs import glyphs_from_chars  # noqa: E402
from pipeline.extract.overprint import remove_overprint  # noqa: E402

SIZE = 10.0
PER_LINE = 50


def char(text: str, x: float, top: float) -> dict[str, object]:
    return {
        "text": text, "x0": x, "x1": x + SIZE, "top": top, "bottom": top + SIZE, "doctop": top,
        "size": SIZE, "upright": True, "fontname": "Mincho", "matrix": (1, 0, 0, 1, x, 800 - top),
    }


def synthetic_page(total: int = 10_000, seed: int = 7) -> list[dict[str, object]]:
    """``total`` chars: half are originals, half copies of originals on overprinted lines."""
    rng = random.Random(seed)
    alphabet = "あいうえおかきくけこ市町村議会委員会資料令和年度第回"
    originals = total // 2
    chars: list[dict[str, object]] = []
    copies_left = total - originals
    n_lines = originals // PER_LINE
    for line in range(n_lines):
        top = 20.0 + line * 15.0
        row = [char(rng.choice(alphabet), 20.0 + i * SIZE, top) for i in range(PER_LINE)]
        chars.extend(row)
        if copies_left > 0 and line % 2 == 0:
            for k in (1, 2):  # the line drawn twice more, whole-line copies
                shifted = [char(c["text"], c["x0"] + 0.25 * k, top + 0.25 * (k % 2)) for c in row]  # type: ignore[operator]
                take = shifted[:copies_left]
                chars.extend(take)
                copies_left -= len(take)
    return chars


def main() -> None:
    chars = synthetic_page()
    ours = theirs = float("inf")
    for _ in range(3):  # best of three: the machine is shared
        start = time.perf_counter()
        kept, removed = remove_overprint(glyphs_from_chars(chars))
        ours = min(ours, time.perf_counter() - start)
        start = time.perf_counter()
        deduped = dedupe_chars(chars)
        theirs = min(theirs, time.perf_counter() - start)
    print(f"chars: {len(chars)}")
    print(f"overprint stage:           {ours * 1000:8.1f} ms  kept {len(kept)}, removed {removed}")
    print(f"pdfplumber dedupe_chars:   {theirs * 1000:8.1f} ms  kept {len(deduped)}")
    print(f"speed-up: {theirs / ours:.0f}x")


if __name__ == "__main__":
    main()
