"""Layout → Document: classify pages, run each section's segmenter, keep the rest as text.

Every line ends up somewhere: claimed by a segmenter (agenda item, material row,
plan node, opinion …) or kept verbatim in ``Document.texts``. That is what lets
the tests check that nothing in the source is lost.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.clean.normalize import normalize_text
from pipeline.extract.params import LAYOUT
from pipeline.layout import Layout, Line, Page
from pipeline.models import Document, Repair, Section, Source, TextBlock, Warning
from pipeline.segment.agenda import body_from_heading, segment_agenda
from pipeline.segment.classify import PAGE_NUMBER, SECTION_LABEL, SECTION_NOTE, classify_page
from pipeline.segment.materials import segment_material_page
from pipeline.segment.opinions import segment_opinions
from pipeline.segment.plan import plan_table_header, segment_plan_linear, segment_plan_table
from pipeline.segment.provenance import prov


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


def segment(layout: Layout, source: Source) -> Document:
    doc = Document(source=source)
    used: set[int] = set()
    kinds: list[tuple[Page, str, str | None]] = []
    previous: str | None = None
    for page in layout.pages:
        mark_breaks(page.lines)
        kind, heading = classify_page(page, previous)
        kinds.append((page, kind, heading))
        previous = kind if kind != "empty" else previous

    # Section labels printed in a page corner (資料1, (当日配布)) and page numbers.
    labels: dict[int, str] = {}
    for page, _kind, _heading in kinds:
        for i, line in enumerate(page.lines):
            text = line.text.strip()
            if SECTION_LABEL.match(text) and line.cell is None:
                note = page.lines[i + 1].text.strip() if i + 1 < len(page.lines) else ""
                labels[page.number] = text.replace(" ", "")
                used.add(id(line))
                if SECTION_NOTE.match(note):
                    labels[page.number] += note
                    used.add(id(page.lines[i + 1]))
            elif PAGE_NUMBER.match(text) and _in_margin(line, page, i):
                used.add(id(line))
                doc.texts.append(TextBlock(section="page_number", text=text, provenance=prov([line])))

    body = {page.number: [ln for ln in page.lines if id(ln) not in used] for page in layout.pages}

    # Consecutive opinion pages form one sheet: an opinion may cross the page break.
    i = 0
    while i < len(kinds):
        page, kind, heading = kinds[i]
        sheet = [page]
        if kind == "opinions":
            while i + 1 < len(kinds) and kinds[i + 1][1] == "opinions":
                i += 1
                sheet.append(kinds[i][0])
        doc.sections.append(Section(kind=kind, pages=[p.number for p in sheet], heading=heading, label=labels.get(page.number)))  # type: ignore[arg-type]
        lines = [ln for p in sheet for ln in body[p.number]]
        if kind == "agenda":
            res = segment_agenda(lines)
            if doc.agenda is None and res.agenda is not None:
                doc.agenda = res.agenda
                if doc.meeting.title is None:
                    doc.meeting = res.meeting
            elif res.agenda is not None and doc.agenda is not None:
                doc.agenda.items.extend(res.agenda.items)
            if doc.meeting.date is None and res.meeting.date is not None:
                doc.meeting = res.meeting
            doc.materials.extend(res.materials)
            doc.warnings.extend(res.warnings)
            used |= res.used
        elif kind == "materials":
            doc.materials.extend(segment_material_page(page.tables, lines, used))
        elif kind == "plan":
            grid = [t for t in page.tables if plan_table_header(t)]
            if grid:
                res_p = segment_plan_table(grid[0], lines)
            else:
                res_p = segment_plan_linear(lines)
            doc.plans.append(res_p.structure)
            doc.warnings.extend(res_p.warnings)
            used |= res_p.used
        elif kind == "opinions":
            opinions, op_used = segment_opinions(lines)
            doc.opinions.extend(opinions)
            used |= op_used
            unattributed = [o for o in opinions if o.submitter is None]
            if unattributed:
                doc.warnings.append(Warning(code="unattributed_opinion", message=f"{len(unattributed)} opinion(s) have no submitter line after them", page=page.number))
        i += 1

    if doc.meeting.body is None:
        # No 次第: the body's name is still printed as a heading on some page.
        for page in layout.pages:
            name = next((b for ln in page.lines[:4] if ln.cell is None and (b := body_from_heading(ln.text))), None)
            if name:
                doc.meeting.body = name
                break

    # Everything not claimed is kept as text, one block per contiguous run of lines.
    for page, kind, _heading in kinds:
        unclaimed: list[Line] = []
        for maybe in [*page.lines, None]:
            if maybe is not None and id(maybe) not in used:
                unclaimed.append(maybe)
                continue
            if unclaimed:
                doc.texts.append(TextBlock(section=kind, text="\n".join(ln.text for ln in unclaimed), provenance=prov(unclaimed)))
                unclaimed = []
        if kind == "other" and any(id(ln) not in used for ln in page.lines):
            doc.warnings.append(Warning(code="unclassified_page", message=f"page {page.number}: no agenda, material list, plan table or opinion sheet recognised; kept as text", page=page.number))

    doc.texts.sort(key=lambda t: t.provenance.page if t.provenance else 0)  # stable: page order, then reading order
    for notice in layout.notices:
        doc.warnings.append(Warning(code=notice.code, message=notice.message, page=notice.page))
    doc.repairs = [
        Repair(page=r.page, kind=r.kind, before=normalize_text(r.before), after=normalize_text(r.after), count=r.count)
        for r in layout.repairs
    ]
    return doc


def _in_margin(line: Line, page: Page, index: int) -> bool:
    """A page number sits in the top or bottom margin (or is the first/last line of text input)."""
    if line.cell is not None:
        return False
    if line.bbox is not None and page.height:
        return line.bbox.top < 0.08 * page.height or line.bbox.bottom > 0.9 * page.height
    return index == 0 or index == len(page.lines) - 1
