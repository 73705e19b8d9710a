"""Layout → Document: cut blocks, let the section kinds read them, keep the rest as text.

``segment()`` runs, in order: mark paragraph breaks → take page labels and page
numbers off → cut each page into blocks → detect each block's kind over the
registry (:mod:`pipeline.segment.kinds`) → join consecutive blocks of a
continuous kind → let the winner segment its block into a claim → check the
claim in the ledger → merge it into the Document → keep every leftover line in
``Document.texts``. Every line ends up in exactly one place, and the ledger
(:mod:`pipeline.segment.ledger`) warns when one does not: that is what lets the
tests check that nothing in the source is lost.

The steps up to detecting the kinds read one page at a time (:func:`read_page`),
and so does a kind that reads one block at a time (not ``continuous``): a split
file's workers run them on their own pages (see :class:`PageRead`); the rest
needs the whole document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.clean.normalize import normalize_text
from pipeline.extract.params import LAYOUT
from pipeline.layout import Layout, Line, Page, RepairRecord
from pipeline.models import Document, Repair, Section, Source, TextBlock, Warning
from pipeline.segment.agenda import meeting_from_heading
from pipeline.segment.aggregate import finish_warnings
from pipeline.segment.blocks import cut_blocks
from pipeline.segment.flow import PageFlow
from pipeline.segment.kinds import REGISTRY, Block, Claim, SectionKind
from pipeline.segment.ledger import Ledger, keep_text
from pipeline.segment.pagemarks import is_page_number_like, page_marks


def mark_breaks(lines: Sequence[Line]) -> None:
    """Mark paragraph gaps from geometry: a vertical gap over ``paragraph_gap`` (1.2) line heights."""
    factor = LAYOUT.paragraph_gap
    prev: Line | None = None
    for line in lines:
        if line.bbox is None or line.direction != "horizontal":
            prev = None
            continue
        if prev is not None and prev.bbox is not None and prev.cell == line.cell:
            height = max(prev.bbox.height, line.bbox.height, 1.0)
            gap = line.bbox.top - prev.bbox.bottom
            if gap > factor * height and not line.break_before:
                line.break_before = True
        prev = line


@dataclass
class _Decided:
    """A block with the kind that won it (``None``: no kind; ``empty``: a page without text),
    and, for a kind read one block at a time, what it read (:func:`_read_claims`)."""

    block: Block
    kind: SectionKind[Any] | None
    empty: bool = False
    first_on_page: bool = True
    # Not compared: it names lines by id(), which differ for equal blocks (another process's copy).
    claim: Claim[Any] | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return "empty" if self.empty else (self.kind.name if self.kind is not None else "other")

    # A kind is code, not data: it travels between processes (a split file's page
    # ranges, pipeline.split) as its place in REGISTRY, so the merge finds the very
    # kind objects the unsplit run uses (runs are joined by the kind's identity).
    # A claim names its lines by id(), which another process does not share: it
    # travels with the claimed lines themselves (pickled once with the layout, so
    # the very objects of the block), and their ids are taken again on arrival.
    # A part's own copies of those ids (AgendaResult.used, PlanResult.used) are
    # not read after the kind's segment(): merge() and the ledger read claim.lines.
    def __getstate__(self) -> tuple[Block, int | None, bool, bool, tuple[Claim[Any], tuple[Line, ...]] | None]:
        index = None if self.kind is None else next(i for i, k in enumerate(REGISTRY) if k is self.kind)
        claim = self.claim
        sent = None if claim is None else (
            replace(claim, lines=frozenset()), tuple(ln for ln in self.block.lines if id(ln) in claim.lines))
        return self.block, index, self.empty, self.first_on_page, sent

    def __setstate__(self, state: tuple[Block, int | None, bool, bool, tuple[Claim[Any], tuple[Line, ...]] | None]) -> None:
        self.block, index, self.empty, self.first_on_page, sent = state
        self.kind = None if index is None else REGISTRY[index]
        self.claim = None
        if sent is not None:
            claim, lines = sent
            claim.lines = frozenset(map(id, lines))
            self.claim = claim


def best_kind(block: Block) -> tuple[SectionKind[Any] | None, float]:
    """The registered kind most sure of ``block`` and its score (ties: the earlier registration)."""
    best: SectionKind[Any] | None = None
    best_score = 0.0
    for kind in REGISTRY:
        score = kind.detect(block)
        if score > best_score:
            best, best_score = kind, score
    return best, best_score


def detect(block: Block) -> SectionKind[Any] | None:
    """The registered kind most sure of ``block``; None when none is."""
    return best_kind(block)[0]


def _named(block: Block) -> tuple[str | None, float]:
    kind, score = best_kind(block)
    return (kind.name if kind is not None else None), score


def _join(run: list[_Decided]) -> _Decided:
    """Consecutive blocks of one continuous kind, read as one block."""
    first = run[0]
    pages = tuple(dict.fromkeys(p for d in run for p in d.block.pages))
    tables = tuple({id(t): t for d in run for t in d.block.tables}.values())  # by identity: a Table is mutable, unhashable
    lines = tuple(ln for d in run for ln in d.block.lines)
    # A joined block is a new block: what a kind read of the first one no longer applies (continuous
    # kinds, the only ones joined, read nothing in read_page; dropped so that never depends on it).
    return replace(first, block=replace(first.block, pages=pages, lines=lines, tables=tables), claim=None)


@dataclass(slots=True)
class PageRead:
    """What segmenting reads from one page alone: its marks, and its blocks with the kinds they won
    (and what a kind that reads one block at a time read of its block: :func:`_read_claims`).

    Why apart from :func:`segment`: all of it depends on the page only, so a
    split file's ranges read their pages in the workers, in parallel
    (:func:`pipeline.parse.parse_range`), and the one serial merge is left with
    what needs the whole document: on the generated 800-page book that took the
    merge (load, segment, JSON) from 1.37 to 0.73 s CPU (old and new code in
    fresh processes, alternated 3 times, best of 3 each). The one exception is
    ``Block.previous`` (the kind of the block before, so a list or a sheet can
    continue over a page break): a page's first block depends on the page
    before. A range's first page is read as if it opened the document;
    ``previous`` records the kind that was assumed, and :func:`_decide` detects
    the page's kinds again when the page before ended otherwise (and the next
    page too, only if that changed how this one ends). The unsplit run reads
    every page in order, so nothing is detected twice.
    """

    label: str | None  # the section label printed in a corner (資料1)
    marks: tuple[Line, ...]  # the label's lines
    numbers: tuple[Line, ...]  # page-number lines
    decided: list[_Decided]  # the page's blocks in reading order; one ``empty`` block for a page without text
    previous: str | None  # the kind before the page's first block, as assumed when its kinds were detected

    @property
    def empty(self) -> bool:
        return self.decided[0].empty

    def then(self, previous: str | None) -> str | None:
        """The kind before the next page's first block, ``previous`` being the one before this page."""
        return previous if self.empty else self.decided[-1].name


def read_pages(pages: Sequence[Page]) -> list[PageRead]:
    """:func:`read_page` for consecutive pages, each after the one before."""
    reads: list[PageRead] = []
    previous: str | None = None
    for page in pages:
        reads.append(read_page(page, previous))
        previous = reads[-1].then(previous)
    return reads


def read_page(page: Page, previous: str | None) -> PageRead:
    """Mark paragraph breaks, take the page marks off, cut the blocks and detect their kinds.

    A page without a text layer (or with nothing but a page number) is one
    ``empty`` block.
    """
    mark_breaks(page.lines)
    label, label_lines, numbers = page_marks(page)
    marked = {id(ln) for ln in (*label_lines, *numbers)}
    body = [ln for ln in page.lines if id(ln) not in marked]
    if not page.has_text_layer or all(is_page_number_like(ln) for ln in page.lines):
        decided = [_Decided(Block(pages=(page.number,), lines=tuple(body)), None, empty=True)]
    else:
        decided = [_Decided(block, None, first_on_page=i == 0) for i, block in enumerate(cut_blocks(page, body, _named))]
        _detect_kinds(decided, previous)
        _read_claims(decided)
    return PageRead(label, tuple(label_lines), tuple(numbers), decided, previous)


def _detect_kinds(decided: list[_Decided], previous: str | None) -> None:
    """Each block's kind, ``Block.previous`` carrying the kind of the block before (what was read of it dropped)."""
    for d in decided:
        d.block = replace(d.block, previous=previous)
        d.kind = detect(d.block)
        d.claim = None
        previous = d.name


def _read_claims(decided: list[_Decided]) -> None:
    """Let each block's kind read it now, when that kind reads one block at a time.

    Why here, per page: a kind that is not ``continuous`` reads its block alone
    (no run of blocks is joined for it), so its claim depends on the page only,
    and a split file's workers make it in parallel instead of the serial merge
    (:func:`segment` merges it in document order as before). On the generated
    800-page book the 66 plan tables were about 30 % of the merge's CPU. A claim
    naming a line outside its block is not kept: :func:`segment` reads the block
    again, and the ledger warns about it as before.
    """
    for d in decided:
        if d.kind is not None and not d.kind.continuous:
            claim = d.kind.segment(d.block)
            if claim.lines <= {id(ln) for ln in d.block.lines}:
                d.claim = claim


def _decide(reads: list[PageRead]) -> list[_Decided]:
    """Every page's blocks with the kinds that won them, in order; continuous runs joined.

    A page read apart from the page before it (the first page of a range) whose
    assumed ``previous`` proves wrong has its kinds detected again here.
    """
    decided: list[_Decided] = []
    previous: str | None = None
    for read in reads:
        if not read.empty and read.previous != previous:
            _detect_kinds(read.decided, previous)
            read.previous = previous
        previous = read.then(previous)
        decided.extend(read.decided)
    # Join runs of a continuous kind (an opinion sheet over a page break). Each run
    # is collected first and joined once: joining pairwise rebuilt the growing
    # block (and its derived lines) at every step, quadratic in a long run, such
    # as a book of opinion sheets hundreds of pages long.
    runs: list[list[_Decided]] = []
    for d in decided:
        first = runs[-1][0] if runs else None
        if first is not None and d.kind is not None and d.kind is first.kind and d.kind.continuous and not first.empty:
            runs[-1].append(d)
        else:
            runs.append([d])
    return [_join(run) if len(run) > 1 else run[0] for run in runs]


def segment(layout: Layout, source: Source, reads: list[PageRead] | None = None) -> Document:
    """The Document of a cleaned layout; ``reads``: its pages' :func:`read_pages`, when made already (a split file)."""
    doc = Document(source=source)
    ledger = Ledger(layout)
    if reads is None:
        reads = read_pages(layout.pages)

    # Section labels printed in a page corner (資料1, (当日配布)) and page numbers.
    labels: dict[int, str] = {}
    for page, read in zip(layout.pages, reads, strict=True):
        if read.label is not None:
            labels[page.number] = read.label
        ledger.claim("section label", (id(ln) for ln in read.marks))
        for line in read.numbers:
            ledger.claim("texts", [id(line)])
            doc.texts.append(keep_text([line], "page_number"))

    decided = _decide(reads)
    owner_block: dict[int, _Decided] = {}
    found_repairs: list[RepairRecord] = []
    for d in decided:
        owner_block.update((id(ln), d) for ln in d.block.lines)
        label = labels.get(d.block.pages[0]) if d.first_on_page else None
        if d.kind is None:
            doc.sections.append(Section(kind=d.name, pages=list(d.block.pages), label=label))  # type: ignore[arg-type]
            continue
        claim: Claim[Any] = d.claim if d.claim is not None else d.kind.segment(d.block)
        claim.lines = ledger.claim(d.kind.name, claim.lines, frozenset(id(ln) for ln in d.block.lines))
        doc.sections.append(Section(kind=d.kind.name, pages=list(d.block.pages), heading=claim.heading, label=label))  # type: ignore[arg-type]
        d.kind.merge(doc, claim)
        doc.warnings.extend(claim.warnings)
        found_repairs.extend(claim.repairs)

    if doc.meeting.body is None:
        # No 次第: the body's name (a council's sitting) is still printed as a heading on some page.
        for page in layout.pages:
            found = next((m for ln in page.lines[:4] if ln.cell is None and (m := meeting_from_heading(ln))), None)
            if found is not None:
                # Field values as objects: a dump's dicts would be copied in unvalidated (attendance as dicts).
                known = {k: getattr(doc.meeting, k) for k in doc.meeting.model_dump(exclude_defaults=True)}
                doc.meeting = found.model_copy(update={**known, "provenance": [*doc.meeting.provenance, *found.provenance]})
                break

    doc.texts.extend(_leftovers(layout, ledger, owner_block, doc.warnings))
    doc.texts.sort(key=lambda t: t.provenance.page if t.provenance else 0)  # stable: page order, then reading order
    ledger.check()
    doc.warnings = finish_warnings([*doc.warnings, *ledger.warnings], layout.notices)
    doc.repairs = [
        Repair(page=r.page, kind=r.kind, before=normalize_text(r.before), after=normalize_text(r.after), count=r.count)
        # Extraction's and cleaning's repairs, then those a kind made while reading, in page order.
        for r in sorted([*layout.repairs, *found_repairs], key=lambda r: r.page)
    ]
    return doc


def _leftovers(layout: Layout, ledger: Ledger, owner_block: dict[int, _Decided], warnings: list[Warning]) -> list[TextBlock]:
    """Every unclaimed line as text, one block per contiguous run of lines of one block."""
    texts: list[TextBlock] = []
    for page in layout.pages:
        run: list[Line] = []
        run_owner: _Decided | None = None
        unclassified = False
        page_flow: PageFlow | None = None  # the page measured once for all its runs, if it has any
        for line in [*page.lines, None]:
            owner = owner_block.get(id(line)) if line is not None else None
            if run and (line is None or ledger.owns(id(line)) or owner is not run_owner):
                section = run_owner.name if run_owner is not None else "other"
                ledger.claim("texts", [id(ln) for ln in run])
                page_flow = page_flow or PageFlow(page.lines)
                texts.append(keep_text(run, section, page_flow))
                unclassified |= section == "other"
                run = []
            if line is not None and not ledger.owns(id(line)):
                run.append(line)
                run_owner = owner
        if unclassified:
            message = "no agenda, material list, plan table, opinion sheet, minutes or roster recognised; kept as text"
            warnings.append(Warning(code="unclassified_page", message=message, pages=[page.number]))
    return texts
