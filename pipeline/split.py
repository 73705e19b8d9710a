"""One large PDF across several workers: page ranges extracted apart, merged in order.

Where the cut goes: extract, clean and the page-local half of segmenting
(paragraph breaks, page marks, blocks and their kinds: :class:`pipeline.segment.PageRead`)
run per page range in the workers (a page's lines, tables, repairs, notices and
blocks depend on that page alone); the ranges are concatenated in page order,
and the rest of segmenting, the models and the JSON run once, on the merged
Layout, in one worker (a ``Merge`` job). That rest needs the whole document (an
opinion sheet or a plan table crosses page breaks), so it cannot be cut, and it
is what bounds the speed-up (Amdahl). The merge was 7.6–8.5 % of the unsplit
parse of an 800-page file in the issue-13 runs (bench/RESULTS.md); reading the
pages in the workers took it from 1.37 to 0.73 s CPU on the generated 800-page
book (load, segment, JSON; old and new code in fresh processes, alternated 3
times, best of 3 each, on a loaded machine), about 5 % of the parse, and
letting the kinds that read one block at a time read it there too
(:func:`pipeline.segment.read_page`) took it to 0.29–0.30 s. It runs
in a worker rather than in the batch process so the batch's event loop (time
limits, handing out the next file) never waits on it.

Why the split is decided by a worker and not while planning: counting pages
means opening the PDF; done by the batch process for every file of an archive it
would be a serial pass over the archive. A worker that gets a file counts its
pages (pdfminer's page tree /Count, no page parsed) and, for a large one, answers
:class:`Split` instead of parsing it; the ranges then go to the front of the queue.

The output is byte for byte the unsplit one (``tests/test_split.py``): pages keep
their numbers, repairs and notices stay in page order, and the document-level
check (every page failed) is made on the merged Layout.
"""

from __future__ import annotations

import copyreg
import dataclasses
import functools
import io
import pickle
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from pipeline.batch import Task
    from pipeline.extract.engines.base import OpenPdf
    from pipeline.parse import Range

# A range's result, pickled by the worker that made it: a pipeline.parse.Range
# (cleaned Layout, how many of its repairs extraction made, the pages' reads), see
# pipeline.parse.parse_range. Kept as bytes
# until the merge, so the batch process only passes it on: 800 pages are ≈ 5 MB
# and 0.5 s to pickle and load, which would otherwise be paid twice, serially.
Piece = bytes


def dump_piece(piece: Range) -> Piece:
    """A range's result as bytes, its layout's dataclasses written as their field values.

    Why not plain ``pickle.dumps``: the layout's classes are slotted dataclasses;
    the frozen ones (a line's box, a cell reference) pickle through the dataclass
    module's generic ``__getstate__`` / ``__setstate__`` (a ``fields()`` walk per
    object, in Python), the others through ``object.__reduce_ex__`` with their
    slots as state — 26,000 lines and as many boxes for 800 pages. Written as ``(class, field values)`` they
    are rebuilt by their own ``__init__``: loading every range, which the one
    serial merge does, went from 0.12–0.14 to 0.06–0.08 s CPU on the generated
    800-page book (with the merge's fewer collections), writing (in the workers)
    from 0.18 to 0.10–0.17 s, and the bytes from 5.1 to 4.4 MB (one process,
    both ways alternated 3 times, loaded machine). Only classes whose every field
    is an ``__init__`` argument, that derive nothing in ``__post_init__``, hold no
    state beyond their slots and bring no ``__init__`` or pickling methods of their
    own are written so (:func:`_by_fields`); the others pickle as usual. The
    contract's models (what a kind read of its block in the worker, such as a plan
    table's structure) travel as their dump, validated again on arrival
    (:func:`_validated`): pydantic's own pickling restores them one model at a
    time through a Python ``__setstate__`` (11,448 models for the book's 66 plan
    tables), where pydantic-core validates the whole nested dump at once. Loading
    needs nothing special: ``pickle.loads``.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _by_fields()
    pickler.dump(piece)
    return buffer.getvalue()


@functools.cache
def _by_fields() -> dict[type, Any]:
    from pydantic import BaseModel

    from pipeline import layout, models

    table: dict[type, Any] = dict(copyreg.dispatch_table)
    for cls in vars(layout).values():
        if isinstance(cls, type) and cls.__module__ == layout.__name__ and _rebuilt_by_fields(cls):
            table[cls] = _fields_reducer(cls)
    for cls in vars(models).values():
        if isinstance(cls, type) and cls.__module__ == models.__name__ and issubclass(cls, BaseModel):
            table[cls] = _dump_reducer(cls)
    return table


def _dump_reducer(cls: type[BaseModel]) -> Callable[[BaseModel], tuple[Any, ...]]:
    def reduce(obj: BaseModel) -> tuple[Any, ...]:
        # Every field: a list filled after the model was made (a plan node's children)
        # is not in ``model_fields_set``, so a dump of the set fields only would drop it.
        # Nothing reads which fields were set (the JSON writes every field).
        return _validated, (cls, obj.model_dump())

    return reduce


def _validated(cls: type[BaseModel], data: dict[str, Any]) -> BaseModel:
    """A contract model back from :func:`_dump_reducer`'s dump, validated as it was made."""
    return cls.model_validate(data)


def _rebuilt_by_fields(cls: type) -> bool:
    """``cls(*field values)`` gives back an equal object: a slotted dataclass (no
    ``__dict__`` for stray attributes), every field an ``__init__`` argument, the
    generated ``__init__`` (a hand-written one may do more), nothing derived after
    it, no pickling of its own."""
    if not dataclasses.is_dataclass(cls) or "__slots__" not in vars(cls) or hasattr(cls, "__post_init__"):
        return False
    own = vars(cls)
    if any(name in own for name in ("__reduce__", "__reduce_ex__")):
        return False
    if "__getstate__" in own and own["__getstate__"].__module__ != "dataclasses":
        return False  # frozen slotted dataclasses get the dataclass module's pair
    init = own.get("__init__")
    # The dataclass module compiles the __init__ it writes from a string; a doubt
    # only costs speed (the class then pickles as usual), never a value.
    generated = init is not None and getattr(getattr(init, "__code__", None), "co_filename", None) == "<string>"
    return generated and all(f.init for f in dataclasses.fields(cls))


def _fields_reducer(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    names = tuple(f.name for f in dataclasses.fields(cls))

    def reduce(obj: Any) -> tuple[Any, ...]:
        return cls, tuple([getattr(obj, name) for name in names])

    return reduce


@dataclass(slots=True)
class Split:
    """A worker's answer for a file worth splitting: how many pages it has."""

    task: Task
    pages: int
    started: float  # time.time() when the worker began the file: its time limit counts from here


@dataclass(slots=True)
class Part:
    """Job: extract and clean pages ``first..last`` (1-based, inclusive) of one file."""

    task: Task
    first: int
    last: int
    deadline: float | None = None  # time.time() by which the whole file must be done


@dataclass(slots=True)
class PartDone:
    task: Task
    first: int
    piece: Piece


@dataclass(slots=True)
class Merge:
    """Job: concatenate the parts in page order, segment, write the JSON."""

    task: Task
    parts: list[Piece]
    deadline: float | None = None


def page_count(path: Path) -> int | None:
    """Pages declared by the page tree's /Count, without parsing any page; None if unreadable.

    A file that cannot be counted is simply not split: the normal parse then
    reports what is wrong with it. /Count can be wrong; the last range is
    therefore open-ended (:func:`open_ended`), so a page beyond it is not lost.
    """
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import resolve1

        with path.open("rb") as fh:
            head = fh.read(1024)
            if b"%PDF-" not in head:
                return None
            fh.seek(0)
            doc = PDFDocument(PDFParser(fh))
            count = resolve1(resolve1(doc.catalog["Pages"])["Count"])
    except (Exception, RecursionError):  # noqa: BLE001 - any doubt: do not split
        return None
    return count if isinstance(count, int) and count > 0 else None


def open_ended(cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The last range reaches the document's real end (extract_pdf clamps it), whatever /Count said."""
    return cuts[:-1] + [(cuts[-1][0], sys.maxsize)] if cuts else cuts


def should_split(path: Path, min_pages: int) -> int | None:
    """The page count when ``path`` is a PDF of at least ``min_pages`` pages (0: never split)."""
    if min_pages <= 0 or path.suffix.lower() != ".pdf":
        return None
    count = page_count(path)
    return count if count is not None and count >= min_pages else None


# The fewest pages worth a range of their own. A range's own cost (a round trip,
# a pickle, a clean_layout call) was lost in the noise when measured (40 pages as
# one range or as 40: within ±8 ms per range), a page costs 20-40 ms.
MIN_PART_PAGES = 8
# Each range is this share of the pages still unassigned, per worker.
GUIDED_SHARE = 2


def guided(pages: int, workers: int) -> list[tuple[int, int]]:
    """``pages`` cut into consecutive ranges of decreasing size (1-based, inclusive).

    Guided self-scheduling in the "factoring" form (Hummel, Schonberg & Flynn
    1992): each range is ``1 / (GUIDED_SHARE × workers)`` of the pages not yet in
    a range, at least ``MIN_PART_PAGES``, and ranges are handed out in order as
    workers free up. Why: pages differ in cost (the generated 800-page book's 66
    ruled-table pages, all at its start, make pages 1–100 cost three times any
    other 100), and with a few equal ranges per worker the worker that takes the
    last one finishes up to a whole range after the other. Large early ranges
    keep the count small (15 for 800 pages on 2 workers); the small late ones let
    the workers finish within a few pages of each other whatever the pages cost,
    so no cost estimate per page is needed. More ranges cost no extra open: a
    worker keeps the file open between its ranges (:func:`held_pdf`).
    """
    workers = max(1, workers)
    out: list[tuple[int, int]] = []
    first = 1
    while first <= pages:
        left = pages - first + 1
        size = min(left, max(MIN_PART_PAGES, -(-left // (GUIDED_SHARE * workers))))
        out.append((first, first + size - 1))
        first += size
    return out


def cut(split: Split, workers: int, timeout: float | None) -> list[Part]:
    """The file's ranges (see :func:`guided`), all due when the file's time limit ends."""
    deadline = split.started + timeout if timeout else None
    cuts = open_ended(guided(split.pages, workers))
    return [Part(split.task, a, b, deadline) for a, b in cuts]


# ---------------------------------------------------------------- a worker's open file


@dataclass(slots=True)
class _Held:
    key: tuple[str, str, str]  # path, sha256, engine
    pdf: OpenPdf


_held = threading.local()  # per thread: a Dask worker may run several tasks at once


def held_pdf(key: tuple[str, str, str], open_pdf: Callable[[], OpenPdf]) -> OpenPdf:
    """The file ``key`` = (path, sha256, engine), kept open in this worker thread between its ranges.

    Why: an open costs the same whatever the range (pdfplumber walks the whole
    page tree, about 0.3 ms per page of the *file*: 0.25 s for 800 pages), so
    with one open per range that cost grew with the number of ranges. The key
    holds the sha256, so a changed file is opened again (``open_pdf()``). One
    file at a time: a range of another file closes it, and so does
    :func:`release` (every other job, or a range that fails). A worker's memory
    stays within that of an unsplit parse, which holds the same document open
    throughout. (Reading a long file in chunks from fresh opens in one process,
    to save memory, was measured and dropped: at 2,000 pages it saved 6 MiB of
    peak RSS for 16 % more CPU.)
    """
    held: _Held | None = getattr(_held, "doc", None)
    if held is not None and held.key == key:
        return held.pdf
    release()
    pdf = open_pdf()
    _held.doc = _Held(key, pdf)
    return pdf


def release() -> None:
    """Close the file this thread holds open, if any."""
    held: _Held | None = getattr(_held, "doc", None)
    _held.doc = None
    if held is not None:
        held.pdf.close()




@dataclass(slots=True)
class _Pending:
    parts: dict[int, Piece | None]  # by first page, None until done
    deadline: float | None


@dataclass(slots=True)
class Splits:
    """The batch side's book of files being processed in parts (one per executor run).

    Deadlines are wall-clock (``time.time``), because under Dask the parts run on
    other machines: the file's time limit counts from when a worker began it (the
    Split answer says when), so a split file gets the same limit as an unsplit
    one, whichever workers run its parts.
    """

    workers: int
    files: dict[str, _Pending] = field(default_factory=dict)

    def parts_of(self, split: Split, timeout: float | None) -> list[Part]:
        parts = cut(split, self.workers, timeout)
        deadline = parts[0].deadline
        self.files[split.task.rel] = _Pending(dict.fromkeys((p.first for p in parts), None), deadline)
        return parts

    def done(self, part: PartDone) -> Merge | None:
        """Record a finished part; the Merge job once every part of its file is in."""
        pending = self.files.get(part.task.rel)
        if pending is None:  # the file already failed; a late part is dropped
            return None
        pending.parts[part.first] = part.piece
        if any(piece is None for piece in pending.parts.values()):
            return None
        pieces = [pending.parts[first] for first in sorted(pending.parts)]
        pending.parts = {}
        return Merge(part.task, pieces, pending.deadline)  # type: ignore[arg-type]

    def drop(self, rel: str) -> None:
        """The file failed or finished: forget it, so its late parts are ignored."""
        self.files.pop(rel, None)
