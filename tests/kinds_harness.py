"""A dispatcher over the section-kind registry with blocks cut where a test says.

The pipeline's own :func:`pipeline.segment.segment` decides where blocks start.
To show that the minutes kind reads the same speeches however finely a page is
cut (a heading or gap rule may change), this harness cuts blocks at every line
``split_at`` accepts, then runs the same detect → join continuous runs →
segment → merge, with unclaimed lines kept in ``texts``. Without ``split_at``,
:func:`parse_with_kinds` is the real pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.clean import clean_layout
from pipeline.layout import Layout, Line
from pipeline.models import Document, Section, Source, TextBlock
from pipeline.parse import extract
from pipeline.segment import mark_breaks
from pipeline.segment.kinds import REGISTRY, Block, SectionKind
from pipeline.segment.pagemarks import in_margin, is_page_number_like
from pipeline.segment.provenance import prov


def _winner(block: Block, kinds: list[SectionKind]) -> SectionKind | None:  # type: ignore[type-arg]
    best, score = None, 0.0
    for kind in kinds:
        s = kind.detect(block)
        if s > score:
            best, score = kind, s
    return best


def segment_blocks(
    layout: Layout,
    source: Source,
    split_at: Callable[[Line], bool] | None = None,
) -> Document:
    """``split_at``: also start a block at such lines (to mimic finer blocks than pages)."""
    kinds = list(REGISTRY)
    doc = Document(source=source)
    blocks: list[tuple[Block, SectionKind | None]] = []  # type: ignore[type-arg]
    previous: str | None = None
    for page in layout.pages:
        mark_breaks(page.lines)
        body: list[Line] = []
        for i, line in enumerate(page.lines):
            if is_page_number_like(line) and in_margin(line, page, i):
                doc.texts.append(TextBlock(section="page_number", text=line.text.strip(), provenance=prov([line])))
            else:
                body.append(line)
        if not body:
            doc.sections.append(Section(kind="empty", pages=[page.number]))
            continue
        pieces: list[list[Line]] = [[]]
        for line in body:
            if split_at is not None and pieces[-1] and split_at(line):
                pieces.append([])
            pieces[-1].append(line)
        for piece in pieces:
            tables = tuple(page.tables) if piece is pieces[0] else ()
            block = Block(pages=(page.number,), lines=tuple(piece), tables=tables, previous=previous)
            kind = _winner(block, kinds)
            if blocks and kind is not None and kind.continuous and blocks[-1][1] is kind:
                prior = blocks[-1][0]
                pages = prior.pages + tuple(p for p in block.pages if p not in prior.pages)
                block = Block(pages=pages, lines=prior.lines + block.lines, tables=prior.tables + block.tables,
                              previous=prior.previous)
                blocks[-1] = (block, kind)
            else:
                blocks.append((block, kind))
            previous = kind.name if kind is not None else "other"
    for block, kind in blocks:
        claimed: frozenset[int] = frozenset()
        name = "other"
        heading = None
        if kind is not None:
            claim = kind.segment(block)
            assert claim.lines <= {id(ln) for ln in block.lines}, "a claim names only lines of its own block"
            kind.merge(doc, claim)
            claimed, name, heading = claim.lines, kind.name, claim.heading
        doc.sections.append(Section(kind=name, pages=list(block.pages), heading=heading))  # type: ignore[arg-type]
        run: list[Line] = []
        for maybe in [*block.lines, None]:
            if maybe is not None and id(maybe) not in claimed and (not run or run[-1].page == maybe.page):
                run.append(maybe)
                continue
            if run:
                doc.texts.append(TextBlock(section=name, text="\n".join(ln.text for ln in run), provenance=prov(run)))
                run = []
            if maybe is not None and id(maybe) not in claimed:
                run.append(maybe)
    doc.texts.sort(key=lambda t: t.provenance.page if t.provenance else 0)
    return doc


def parse_with_kinds(path: Path, split_at: Callable[[Line], bool] | None = None) -> Document:
    """The real pipeline; with ``split_at``, blocks cut there too (see the module doc)."""
    if split_at is None:
        from pipeline.parse import parse_file

        return parse_file(path)
    data = path.read_bytes()
    layout = clean_layout(extract(data, path.name))
    source = Source(file_name=path.name, sha256="", kind=layout.kind, pages=len(layout.pages), encoding=layout.encoding)
    return segment_blocks(layout, source, split_at=split_at)
