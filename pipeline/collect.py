"""The cyclic garbage collector during a parse: its young generation collected less often.

Why: a parse is the worst case for CPython's generational collector. Extraction,
cleaning and segmenting build a document's worth of small objects (glyphs,
lines, boxes, blocks, models) that all stay alive until the JSON is written, so
with the default threshold (a young collection every 700 allocations, which
also drives the older generations' collections) collection after collection
traverses objects that are never garbage. Reference counting still frees every
acyclic object at once; only cycles wait, for a collection every
:data:`GC_YOUNG` allocations, which holds little memory (peak RSS at 2,000
pages stays under 200 MiB: ``bench/bench_scale.py``).

Measured (CPU time):
* the whole parse, ``--engine pdfium`` over the archive's 188 PDFs (1,570 pages),
  both settings interleaved file by file, each file's best of 2, quiet machine:
  8.56 → 7.94 ms/page (``/tmp``-free reproduction: ``bench/bench_engines.py``
  with and without);
* the merge of a split file (the one serial step: unpickle every range, segment,
  JSON), the generated 800-page book, best of 3, loaded machine: 3.00 s with the
  default thresholds, 2.57 s with this one, 2.55 s with the collector off.

Used around every parse (:mod:`pipeline.parse`) and around a split file's merge
(:mod:`pipeline.batch`), whose unpickling happens before the parse is called.
The previous thresholds come back when the last parse running in this process
ends (a Dask worker may run several in threads).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between two young-generation collections during a parse (CPython's default: 700).
GC_YOUNG = 50_000

_lock = threading.Lock()
_running = 0  # parses running in this process
_threshold = gc.get_threshold()  # the collector's thresholds before the first of them


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the body with the young generation collected every :data:`GC_YOUNG` allocations."""
    global _running, _threshold
    with _lock:
        if _running == 0:
            _threshold = gc.get_threshold()
            gc.set_threshold(GC_YOUNG, *_threshold[1:])
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                gc.set_threshold(*_threshold)
