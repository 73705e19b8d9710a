"""One large PDF across several workers: page ranges extracted apart, merged in order.

Where the cut goes: extract + clean run per page range in the workers (both are
page-local: a page's lines, tables, repairs and notices depend on that page
alone); the ranges' Layouts are concatenated in page order; segmentation, the
models and the JSON run once, on the merged Layout, in one worker (a ``Merge``
job). Segmenting needs the whole document (an opinion sheet or a plan table
crosses page breaks), so it cannot be cut; it is ≈ 5 % of a file's time (see
bench/RESULTS.md), which is what bounds the speed-up (Amdahl). It runs in a worker
rather than in the batch process so the batch's event loop (time limits, handing
out the next file) never waits on it.

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

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.batch import Task

# A range's result, pickled by the worker that made it: (cleaned Layout, how many
# of its repairs extraction made), see pipeline.parse.parse_range. Kept as bytes
# until the merge, so the batch process only passes it on: 800 pages are ≈ 5 MB
# and 0.5 s to pickle and load, which would otherwise be paid twice, serially.
Piece = bytes


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


def ranges(pages: int, parts: int) -> list[tuple[int, int]]:
    """``pages`` cut into ``parts`` consecutive ranges of near-equal size (1-based, inclusive)."""
    parts = max(1, min(parts, pages))
    size, extra = divmod(pages, parts)
    out: list[tuple[int, int]] = []
    first = 1
    for i in range(parts):
        last = first + size - 1 + (1 if i < extra else 0)
        out.append((first, last))
        first = last + 1
    return out


def should_split(path: Path, min_pages: int) -> int | None:
    """The page count when ``path`` is a PDF of at least ``min_pages`` pages (0: never split)."""
    if min_pages <= 0 or path.suffix.lower() != ".pdf":
        return None
    count = page_count(path)
    return count if count is not None and count >= min_pages else None


# Parts per worker, and the fewest pages worth a part of their own.
PARTS_PER_WORKER = 4
MIN_PART_PAGES = 50


def part_count(pages: int, workers: int) -> int:
    """How many ranges a file of ``pages`` pages is cut into for ``workers`` workers.

    Why more ranges than workers: pages differ in cost (measured on a generated
    800-page book: its 66 ruled-table pages, all in the first half, made pages
    1–400 take 16.5 s of CPU against 8.6 s for 401–800), so ranges are handed
    out as workers free up. Why not many more: every range opens the PDF again,
    and each open walks the whole page tree (pdfminer's ``create_pages``, about
    0.4 ms per page of the *file*). Reading a long file in chunks in one process
    was measured the same way and dropped: at 2,000 pages it saved 6 MiB of peak
    RSS for 16 % more CPU.
    """
    return max(workers, min(PARTS_PER_WORKER * workers, pages // MIN_PART_PAGES))


def cut(split: Split, workers: int, timeout: float | None) -> list[Part]:
    """The file's ranges (see :func:`part_count`), all due when the file's time limit ends."""
    deadline = split.started + timeout if timeout else None
    cuts = open_ended(ranges(split.pages, part_count(split.pages, workers)))
    return [Part(split.task, a, b, deadline) for a, b in cuts]


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
