"""Cleaning stage: Layout in, new Layout out, every line's text repaired and normalized.

The order matters. Duplicate repair runs first, on the text as extracted,
because normalization would merge the extractor's whitespace that tells runs
apart. It runs on text input only (``layout.kind == "text"``): a PDF's
fake-bold copies are removed from glyph geometry by
:mod:`pipeline.extract.overprint`, so any repeat left in a PDF's text is real
(identical 新旧 clauses, counters, leaders) and a text-level repair could only
damage it. On text input, copies that a stream extractor spread over several
lines are collapsed next (:mod:`pipeline.clean.copylines`). Letter-spacing collapse runs before normalization too, because it reads
gap widths (an ideographic space is a wide gap) that normalization flattens.
:func:`~pipeline.clean.normalize.normalize_text` comes last, so every string
that leaves this stage has had exactly that one normalization.

The input Layout is not modified: extractors may keep it for diagnostics.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.clean.copylines import find_copy_groups
from pipeline.clean.normalize import normalize_text
from pipeline.clean.repeats import repair_duplicates
from pipeline.clean.spacing import collapse_letter_spacing
from pipeline.layout import Cell, Layout, Line, Notice, Page, RepairRecord

__all__ = [
    "clean_layout",
    "clean_text",
    "collapse_letter_spacing",
    "normalize_text",
    "repair_duplicates",
]


def clean_text(text: str) -> str:
    """One line of text input through the whole stage (duplicate repair, letter-spacing, normalization)."""
    return normalize_text(collapse_letter_spacing(repair_duplicates(text)[0]))


def clean_layout(layout: Layout) -> Layout:
    """Return a new Layout with every line cleaned and empty lines dropped.

    On text input each duplicate repair is recorded as a ``duplicated_run``
    RepairRecord after the existing ones; PDF lines are never repaired here. Table cells get the very same Line objects as
    ``Page.lines``, so both views stay consistent.
    """
    repairs = list(layout.repairs)
    text_input = layout.kind == "text"
    seen: dict[str, str] = {}  # one document's texts, cleaned once each (see _clean_page)
    pages = [_clean_page(page, repairs, text_input, seen) for page in layout.pages]
    notices = list(layout.notices)
    unmapped = unmapped_glyphs(pages)
    if unmapped is not None:
        notices.append(unmapped)
    return replace(layout, pages=pages, repairs=repairs, notices=notices)


def unmapped_glyphs(pages: list[Page]) -> Notice | None:
    """One notice counting, per page, the glyphs normalization showed as U+FFFD
    (``(cid:n)`` placeholders, private-use characters, undecodable source bytes)."""
    counts = {page.number: n for page in pages if (n := sum(ln.text.count("\ufffd") for ln in page.lines))}
    if not counts:
        return None
    per_page = ", ".join(f"p.{number} ×{n}" for number, n in counts.items())
    return Notice(
        "unmapped_glyphs",
        f"{sum(counts.values())} glyphs with no Unicode mapping shown as U+FFFD ({per_page})",
        pages=tuple(counts),
    )


def _repair_text_page(page: Page, repairs: list[RepairRecord]) -> tuple[Page, dict[int, str]]:
    """Text input: each line's duplicate repair, then copies spread over lines collapsed.

    Returns the page without the lines a copy group absorbed, and the repaired
    text of every remaining line by id. Lines inside table cells are repaired
    one by one only (a cell's copies are not spread over the flow).
    """
    repaired: dict[int, str] = {}
    proven: list[int | None] = []
    for line in page.lines:
        text, k = repair_duplicates(line.text)
        repaired[id(line)] = text
        proven.append(k)
        if k is not None:
            # before/after are the repair's own input and output, so the
            # record shows exactly what the repair changed.
            repairs.append(RepairRecord(line.page, "duplicated_run", line.text, text, count=k))
    flow = [i for i, line in enumerate(page.lines) if line.cell is None]
    groups = find_copy_groups(
        [repaired[id(page.lines[i])] for i in flow],
        [proven[i] for i in flow],
        [page.lines[i].break_before for i in flow],
    )
    dropped: set[int] = set()
    for group in groups:
        members = [page.lines[flow[x]] for x in range(group.start, group.end)]
        repairs.append(
            RepairRecord(page.number, "duplicated_run", "\n".join(ln.text for ln in members), group.text, count=group.k)
        )
        repaired[id(members[0])] = group.text
        dropped.update(id(ln) for ln in members[1:])
    if dropped:
        page = replace(page, lines=[ln for ln in page.lines if id(ln) not in dropped])
    return page, repaired


def _clean_page(page: Page, repairs: list[RepairRecord], text_input: bool, seen: dict[str, str]) -> Page:
    """``page`` with every line cleaned; ``seen`` maps a text already cleaned in
    this document to its result.

    Why ``seen``: letter-spacing and normalization are functions of the text
    alone, and a document repeats its texts (table figures, units, running
    headers: 41 % of the archive's lines repeat a line of their own document),
    so each distinct text is cleaned once. Per document, not a global cache:
    nothing outlives the call, and the work saved does not depend on what ran
    before. Archive, pdfium input, old and new alternating in one process, best
    of 7 (load 4): clean 0.61 → 0.39 CPU ms/page.
    """
    cleaned: dict[int, Line | None] = {}  # id(old line) -> new line, None if dropped
    repaired: dict[int, str] = {}
    if text_input:
        page, repaired = _repair_text_page(page, repairs)

    def clean(line: Line) -> Line | None:
        key = id(line)
        if key not in cleaned:
            source = repaired.get(key, line.text)
            text = seen.get(source)
            if text is None:
                text = seen[source] = normalize_text(collapse_letter_spacing(source))
            cleaned[key] = line.with_text(text) if text else None
        return cleaned[key]

    lines: list[Line] = []
    pending_break = False  # a dropped line's paragraph break moves to the next kept line
    for line in page.lines:
        new = clean(line)
        if new is None:
            pending_break = pending_break or line.break_before
            continue
        if pending_break and not new.break_before:
            new.break_before = True
        pending_break = False
        lines.append(new)

    tables = [
        replace(table, cells=[_with_lines(cell, [new for old in cell.lines if (new := clean(old)) is not None])
                              for cell in table.cells])
        for table in page.tables
    ]
    return replace(page, lines=lines, tables=tables)


def _with_lines(cell: Cell, lines: list[Line]) -> Cell:
    """``cell`` with other lines; built field by field, not with dataclasses.replace
    (several times slower, and this runs for every cell of every table).
    tests/test_layout_copy.py checks that no field is left behind."""
    return Cell(cell.row, cell.col, cell.bbox, cell.rowspan, cell.colspan, lines)
