"""The cyclic garbage collector during a parse: its young generation collected less often
(:func:`fewer_collections`), and a split file's loaded pieces kept out of its reach (:func:`held_for_good`).

Why: a parse is the worst case for CPython's generational collector. Extraction,
cleaning and segmenting build a document's worth of small objects (glyphs,
lines, boxes, blocks, models) that all stay alive until the JSON is written, so
with the default threshold (a young collection every 700 allocations, which
also drives the older generations' collections) collection after collection
traverses objects that are never garbage. Reference counting still frees every
acyclic object at once; only cycles wait, for a collection every
:data:`GC_YOUNG` allocations.

Why 10,000 and not more: the older generations' collections are driven by the
young one's, so a larger step also lets cycles that reached them (pdfminer
leaves some per page) live longer. Measured on a generated 2,000-page file,
``run --jobs 1`` (pdfplumber, ``/usr/bin/time -v``, one run each, quiet
machine): CPU 37.7 s and peak RSS 178 MiB with CPython's default (700);
31.3 s and 180 MiB with 10,000; 28.3 s and 206 MiB with 50,000, over the
issue's 200 MiB. On the archive's 188 PDFs (1,570 pages, mostly small files),
``--engine pdfium``, both settings interleaved file by file, each file's best
of 2: 8.15 → 7.55 ms/page with 10,000 (50,000 gave 8.56 → 7.94 in another
run). The merge of a split file (the one serial step: unpickle every range,
segment, JSON) was the first user, at 50,000: 3.00 → 2.57 s on the generated
800-page book.

Used around every parse (:mod:`pipeline.parse`) and around a split file's merge
(:mod:`pipeline.batch`), whose unpickling happens before the parse is called
(inside :func:`held_for_good`).
The previous thresholds come back when the last parse running in this process
ends (a Dask worker may run several in threads).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

# Allocations between two young-generation collections during a parse (CPython's default: 700).
GC_YOUNG = 10_000

_lock = threading.Lock()
_running = 0  # parses running in this process
_threshold = gc.get_threshold()  # the collector's thresholds before the first of them
_holding = False  # a held_for_good block holds the process's freeze


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the body with the young generation collected every :data:`GC_YOUNG` allocations."""
    global _running, _threshold
    entered = False
    try:  # the count moves inside try, as in held_for_good: a time limit raised on entry cannot leak it
        with _lock:
            if _running == 0:
                _threshold = gc.get_threshold()
                gc.set_threshold(GC_YOUNG, *_threshold[1:])
            _running, entered = _running + 1, True
        yield
    finally:
        if entered:
            with _lock:
                _running -= 1
                if _running == 0:
                    gc.set_threshold(*_threshold)


@contextmanager
def held_for_good(load: Callable[[], T]) -> Iterator[T]:
    """``load()``'s result, made with the collector paused and kept out of its collections until the block ends.

    For a split file's merge, which first unpickles every range: on the generated
    800-page book about 300,000 objects, every one alive until the document is
    written. Unpickling makes no garbage, yet at :data:`GC_YOUNG` it ran some 30
    young collections, each traversing the objects just made, and an older
    generation's collection while segmenting traversed them all again. Here the
    collector is off while loading, then everything alive is frozen
    (``gc.freeze``: moved to the permanent generation, which no collection
    visits) until the block ends (``gc.unfreeze``: into the oldest generation).
    What segmenting makes is collected as before. The book's merge (load,
    parse_ranges, JSON, in :func:`fewer_collections`), both ways alternated 6
    times in one process, best of each: 0.319 → 0.278 s CPU (loading 0.102 →
    0.065); paused without freezing, 0.316: the collections only came later.

    Why one block at a time: a freeze is the whole process's, so it also holds
    what other threads have alive (a Dask worker may merge in several), and
    their garbage cycles wait for the unfreeze. Were every block to freeze until
    the last one ended, overlapping merges would keep the process frozen, and
    that garbage growing, for as long as they overlap. So a block that starts
    while another holds the freeze just loads, as without this function; what
    stays frozen is bounded by one merge. The counters move inside ``try``, and
    the collector is switched back on in the outer ``finally`` too, so a time
    limit raised at any point (``batch._Alarm``) leaves it as it was.
    """
    global _holding
    mine = False
    enabled = gc.isenabled()
    try:
        with _lock:
            mine, _holding = not _holding, True
        try:
            if mine:
                gc.disable()
            value = load()
        finally:
            if mine:
                gc.freeze()
                if enabled:
                    gc.enable()
        yield value
    finally:
        if mine:
            gc.unfreeze()
            if enabled:
                gc.enable()
            with _lock:
                _holding = False
