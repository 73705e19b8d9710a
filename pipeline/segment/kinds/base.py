"""The section-kind seam: what a kind of section (agenda, materials, plan, opinions,
minutes, roster …) must provide so that ``segment()`` only dispatches.

A document is cut into :class:`Block` s (a heading and what follows it, split by
headings, rulings and large vertical gaps; a block may run over a page break).
For each block, every registered kind is asked :meth:`SectionKind.detect`; the
highest score wins (ties go to the earlier registration). Consecutive blocks won by a kind whose ``continuous`` is true
(an opinion sheet, minutes: a speech runs over headings and page breaks) are
joined into one block first. The winner's :meth:`SectionKind.segment` returns one
:class:`Claim`: the lines it owns, what it read (its ``part``) and its warnings.
``segment()`` then calls the winner's :meth:`SectionKind.merge` to put the part
into the Document, and keeps every line no claim owns in ``Document.texts``.

Why claims and not a shared ``used`` set: a segmenter that mutates a set passed
in can silently claim lines of another block, and the ledger (every line in
exactly one place) cannot be checked. A claim is a value: the dispatcher checks
that it only names lines of its own block before it is merged.

Adding a kind is one module that defines a class with these four members,
one line in :mod:`pipeline.segment.kinds` (``REGISTRY``), and its name in the
``Section.kind`` literal of the contract (a test keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import regex

from pipeline.layout import Line, RepairRecord, Table
from pipeline.segment.pagemarks import is_page_number_like

if TYPE_CHECKING:
    from pipeline.models import Document, Warning

P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class Block:
    """A run of lines that one kind reads: a heading and what follows it.

    ``lines`` are in reading order and may span pages (``pages`` lists them);
    ``tables`` are the ruled tables whose cells hold some of those lines.
    ``previous`` is the kind decided for the block before it (``None`` for the
    first), so a list or sheet can continue over a page break.
    """

    pages: tuple[int, ...]
    lines: tuple[Line, ...]
    tables: tuple[Table, ...] = ()
    previous: str | None = None
    # Every line of the block's (first) page, for geometry a kind may check beyond
    # the block (a title stands alone on its baseline); read-only context, never claimed.
    page_lines: tuple[Line, ...] = ()
    # The lines kinds detect on (see detect_lines), derived on first use and kept:
    # every kind whose gate (shut_out) lets the block through asks for them.
    detected: tuple[Line, ...] | None = field(default=None, init=False, repr=False, compare=False)
    # Every line's text, one per line, with its spaces taken out: what each kind's
    # vocabulary gate searches (see shut_out), derived on first use and kept.
    vocabulary: str | None = field(default=None, init=False, repr=False, compare=False)

    # The derived fields are caches: a block crossing processes (a split file's
    # range, pipeline.split) travels without them and derives them again if asked
    # (they were a third of a range's pickled bytes).
    # The fields that travel are those made by __init__ (_made_fields), so a field added later travels too.
    def __getstate__(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in _made_fields(Block))

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in _derived_defaults(Block):
            object.__setattr__(self, name, value)  # a derived cache: made again on first use
        for name, value in zip(_made_fields(Block), state, strict=True):
            object.__setattr__(self, name, value)


@cache
def _made_fields(cls: type) -> tuple[str, ...]:
    """The names of ``cls``'s fields that its ``__init__`` takes, in order (the others are derived caches)."""
    return tuple(f.name for f in fields(cls) if f.init)


@cache
def _derived_defaults(cls: type) -> tuple[tuple[str, object], ...]:
    """(name, default) of ``cls``'s derived caches, the fields ``__init__`` does not take: read
    once per class, not per block loaded (a split file's merge loads thousands)."""
    return tuple((f.name, f.default) for f in fields(cls) if not f.init)


@dataclass(slots=True)
class Claim(Generic[P]):
    """What one kind read from one block.

    ``lines`` holds ``id()`` of the block's lines the kind turned into elements
    (or deliberately consumed, such as field keys); the rest of the block goes to
    ``texts``. ``part`` is the kind's own result, given back to its ``merge``.
    """

    kind: str
    part: P
    lines: frozenset[int] = frozenset()
    warnings: list[Warning] = field(default_factory=list)
    heading: str | None = None
    # Artefacts the kind repaired while reading (copies only its structure proves), quoted in Document.repairs.
    repairs: list[RepairRecord] = field(default_factory=list)


class SectionKind(Protocol[P]):
    """A kind of section, as a plug-in."""

    name: str  # the Section.kind it produces ("agenda", "minutes" …)
    continuous: bool  # consecutive blocks of this kind are read as one block

    def detect(self, block: Block) -> float:
        """How sure this block is of this kind: 0 = not at all; higher wins.

        Scale in use: 6 plan table, 5 agenda title, 4.5 agenda header fields,
        4 list title, 3.5 material table header, 3 numbered 資料/議案 rows or
        submitter lines, 1.5/1 a list or sheet continued from the block before.
        A score ≥ 3 is decisive: it may cut a page into blocks
        (:data:`pipeline.segment.blocks.DECISIVE`).
        """
        ...

    def segment(self, block: Block) -> Claim[P]:
        """Read the block. Must not mutate the block or its lines' membership."""
        ...

    def merge(self, doc: Document, claim: Claim[P]) -> None:
        """Put the claim's part into the document (append, or join the previous one)."""
        ...


def shut_out(block: Block, kind: str, words: regex.Pattern[str]) -> bool:
    """True when ``block`` cannot score for ``kind`` by its text: it holds none of ``words``
    and does not follow a block of that kind (a continuation is scored without them).

    Why a gate: ``segment()`` asks every kind of every segment of a page and again
    of every block, and on most blocks every kind says 0 (a budget book holds no
    agenda). Each kind reads its lines with a dozen patterns, but every pattern
    that can score needs some word of its genre (日時, 次第, 資料, 名簿 …), so one
    search of the block's text for those words answers most blocks. ``words``
    must be a *necessary* condition of each text rule of the kind: a word every
    match of the rule contains, spaced or not (the search runs on the text with
    its spaces out). A kind's table tests are not gated: a cell's text joins its
    lines, which the block's text does not. tests/test_kind_gates.py checks, on
    the corpus, that no gate ever changes a score. The archive's 17,774 blocks
    (pdfium input), every kind asked of each, gates open and gates on alternating
    in one process, best of 4 (load 3.9): 0.70 → 0.30 CPU ms/page.
    """
    if block.previous == kind:
        return False
    vocabulary = block.vocabulary
    if vocabulary is None:
        vocabulary = "\n".join([ln.text for ln in block.lines]).replace(" ", "")
        object.__setattr__(block, "vocabulary", vocabulary)  # a cache of a frozen value: set once
    return words.search(vocabulary) is None


def line_ids(lines: Sequence[Line]) -> frozenset[int]:
    """The claim form of a set of lines."""
    return frozenset(id(ln) for ln in lines)


def detect_lines(block: Block) -> list[Line]:
    """The block's lines a kind detects on: bare numbers outside tables (page numbers) left out.

    A fresh list each time: callers own it.
    """
    detected = block.detected
    if detected is None:
        detected = tuple(ln for ln in block.lines if not is_page_number_like(ln))
        object.__setattr__(block, "detected", detected)  # a cache of a frozen value: set once
    return list(detected)
