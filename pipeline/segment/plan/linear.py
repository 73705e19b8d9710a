"""Plan tables without a grid (text input): the numbering and headings decide.

The columns arrive one after another: named goals (基本目標1) open one plan,
tagged items (1 …【継承】) another, bracketed headings (【…の方針】) open
context blocks, vertical lines are 基本理念 or side labels.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from pipeline.layout import Line, RepairRecord
from pipeline.models import PlanStructure, Warning
from pipeline.segment.plan.builder import (
    CURRENT_PLAN,
    NEXT_PLAN,
    ContextCollector,
    PlanBuilder,
    PlanResult,
    which_plan,
)
from pipeline.segment.plan.entries import TAG_RE, PlanEntry, group_entries, subhead_level
from pipeline.segment.provenance import prov


def _heading_of(lines: Sequence[Line]) -> list[str]:
    return [
        ln.text
        for ln in lines
        if "計画" in ln.text and (NEXT_PLAN.search(ln.text) or CURRENT_PLAN.search(ln.text))
    ]


def _style(entry: PlanEntry) -> str | None:
    return entry.label.style if entry.kind == "label" and entry.label is not None else None


def _number(entry: PlanEntry) -> int | None:
    return entry.label.number if entry.kind == "label" and entry.label is not None else None


def pair_column_runs(entries: list[PlanEntry]) -> list[PlanEntry]:
    """Measures printed as a column after the policies they belong to, put back under them.

    Stream text prints a run of grid rows column by column: the goals and
    policies of several rows, then (after the 基本理念 column, maybe) every
    measure of those rows. The measures come in groups, each numbered from 1
    (①②, ①②③ …). Model: a run of labelled items of one family S, numbered
    1, 2 … and restarting at 1 (※ notes among them), right after a run of
    items of other families (vertical lines between are skipped). The items of
    the deepest family P of that run (the family of its last item) have no
    measure of their own. When there are exactly as many groups as P items,
    the i-th group is the i-th P item's, and the entries are reordered so; any
    other count leaves the order as printed. Nothing is added or dropped.
    """
    out = list(entries)
    i = 0
    while i < len(out):
        style = _style(out[i])
        if style is None or _number(out[i]) != 1:
            i += 1
            continue
        end, groups, expected = i, 0, 0
        while end < len(out) and (out[end].kind == "note" or _style(out[end]) == style):
            number = _number(out[end])
            if number == 1:
                groups, expected = groups + 1, 2
            elif number is not None:
                if number != expected:
                    break
                expected += 1
            end += 1
        before = i
        while before > 0 and out[before - 1].kind == "vertical":
            before -= 1
        start = before
        while start > 0 and _style(out[start - 1]) not in (None, style):
            start -= 1
        deepest = _style(out[before - 1]) if before > start else None
        owners = [x for x in range(start, before) if _style(out[x]) == deepest]
        if groups < 2 or deepest is None or len(owners) != groups:
            i = end if end > i else i + 1
            continue
        cuts = [x for x in range(i, end) if _number(out[x]) == 1]
        runs = [out[a:b] for a, b in zip(cuts, [*cuts[1:], end])]
        rebuilt: list[PlanEntry] = []
        for x in range(start, before):
            rebuilt.append(out[x])
            if x in owners:
                rebuilt.extend(runs[owners.index(x)])
        out[start:end] = [*rebuilt, *out[before:i]]
        i = start + (end - start)
    return out


def _copy_key(entry: PlanEntry) -> tuple[str, str | None, str] | None:
    if entry.kind not in ("label", "named", "note") or len({id(ln) for ln in entry.lines}) != 1:
        return None
    return entry.kind, entry.label.printed if entry.label else None, entry.text


def merge_interleaved_copies(entries: list[PlanEntry]) -> tuple[list[PlanEntry], list[RepairRecord]]:
    """A fake-bold row whose k copies stream text printed interleaved, as one row.

    pdfminer prints the k copies of a bold row (policy and measure cells side
    by side) as k lines in varying order: ``⑴A ①B`` / ``①B`` / ``⑴A``.
    Model: a window of numbered items (and ※ notes), each of one line, in which
    every distinct item occurs two to four times (k, or fewer where the clean
    stage already collapsed adjacent copies), and at least two distinct items
    (the row's cells) do: two different items repeated together are one row's
    copies. A single item repeated is not enough: measures printed as one
    column after their policies repeat 「①普及啓発」 in neighbouring groups
    (:func:`pair_column_runs` pairs them). The window becomes one entry per distinct item, each holding the
    lines of its copies, in first-appearance order except where a line holding
    two cells shows their left-to-right order. Nothing else is merged. Each
    merged item is recorded as a ``duplicated_run`` repair quoting its copies'
    lines (``count`` = copies), like the clean stage's repairs.
    """
    out: list[PlanEntry] = []
    repairs: list[RepairRecord] = []
    i = 0
    while i < len(entries):
        counts: dict[tuple[str, str | None, str], int] = {}
        best = None
        for j in range(i, min(len(entries), i + 16)):
            key = _copy_key(entries[j])
            if key is None:
                break
            counts[key] = counts.get(key, 0) + 1
            if len(counts) >= 2 and all(2 <= c <= 4 for c in counts.values()):
                best = j
        if best is None:
            out.append(entries[i])
            i += 1
            continue
        window = entries[i : best + 1]
        keys = [k for k in map(_copy_key, window) if k is not None]
        glued = [(ka, kb) for a, b, ka, kb in zip(window, window[1:], keys, keys[1:]) if a.lines[0] is b.lines[0] and ka != kb]
        first: dict[tuple[str, str | None, str], PlanEntry] = {}
        order: list[tuple[str, str | None, str]] = []
        copies: dict[tuple[str, str | None, str], list[Line]] = {}
        for entry, key in zip(window, keys):
            copies.setdefault(key, []).append(entry.lines[0])
            if key not in first:
                first[key] = entry
                order.append(key)
            else:
                held = first[key]
                held.lines.extend(ln for ln in entry.lines if all(ln is not x for x in held.lines))
        for key in order:
            seen = copies[key]
            kept = first[key]
            after = kept.label.printed + kept.text if kept.label else kept.text
            repairs.append(RepairRecord(seen[0].page, "duplicated_run", "\n".join(ln.text for ln in seen), after, count=len(seen)))
        for ka, kb in glued:  # two cells of one line: left before right
            if order.index(ka) > order.index(kb):
                order.remove(ka)
                order.insert(order.index(kb), ka)
        out.extend(first[k] for k in order)
        i = best + 1
    return out, repairs


def segment_plan_linear(lines: Sequence[Line]) -> PlanResult:
    merged, repairs = merge_interleaved_copies(group_entries(lines))
    entries = pair_column_runs(merged)
    headings = _heading_of(lines)
    used: set[int] = set()
    named = PlanBuilder("unknown")
    tagged = PlanBuilder("unknown")
    order: list[PlanBuilder] = []
    ctx = ContextCollector()
    pending: list[PlanEntry] = []
    side: list[str] = []
    header_texts: list[str] = []
    mode: str | None = None
    warnings: list[Warning] = []

    def start(builder: PlanBuilder) -> None:
        if builder not in order:
            order.append(builder)
            if pending:
                builder.set_philosophy(pending.pop().lines)
                side.extend(p.text for p in pending)
                pending.clear()

    inner: list[PlanEntry] = []  # vertical lines met inside a plan without 基本理念
    owner: list[PlanBuilder] = []  # the plan those lines stand beside

    def flush_inner() -> None:
        if inner:
            builder = owner.pop() if owner else named if mode == "named" else tagged
            builder.set_philosophy(inner.pop().lines)
            side.extend(p.text for p in inner)
            inner.clear()

    for entry in entries:
        if entry.kind != "vertical":
            flush_inner()
        tag = TAG_RE.search(entry.text) if entry.kind in ("label", "named") else None
        if entry.kind == "text" and named not in order and _heading_of(entry.lines) and CURRENT_PLAN.search(entry.text):
            # 「現 …計画」: the current plan's column starts here; its column
            # headings follow, then its goals, numbered plainly or named.
            mode = "current"
            header_texts.append(entry.text)
            continue
        if mode == "current" and entry.kind == "text":
            header_texts.extend(ln.text for ln in entry.lines)
            continue
        if mode == "current" and entry.kind == "label" and not tag:
            mode = "named"
            start(named)
        if (
            mode == "ctx"
            and not tag
            and entry.kind == "label"
            and entry.label is not None
            and named in order
            and not named.named_goals
            and named.goals
            and named.goals[-1].label is not None
            and named.goals[-1].label.style == entry.label.style
            and named.goals[-1].label.number is not None
            and entry.label.number == named.goals[-1].label.number + 1
        ):
            mode = "named"  # the current plan's next goal, after context cells printed between
        if entry.kind == "named" and entry.named_level == 0:
            mode = "named"
            start(named)
            named.add(entry)
        elif entry.kind == "heading":
            mode = "ctx"
            ctx.open(None, entry.text, entry.lines)
        elif entry.kind == "vertical":
            builder = named if mode == "named" else tagged if mode == "tagged" else None
            if builder is None and named in order and tagged not in order and named.philosophy is None:
                # Context cells printed between the named goals and their
                # 基本理念 column: the column is still the named plan's.
                builder = named
            if builder is not None and builder.philosophy is None:
                # Stream text prints the 基本理念 column after the goal it stands
                # beside: vertical lines inside a plan without one are side
                # labels, then (the last of the run) its 基本理念.
                if not inner:
                    owner[:] = [builder]
                inner.append(entry)
                continue
            pending.append(entry)
            if mode == "ctx":
                mode = None
        elif entry.kind in ("label", "named"):
            if mode == "ctx" and not tag:
                ctx.add(entry)
                continue
            if (
                tag
                and mode != "tagged"
                and (
                    mode != "named"
                    or entry.label is None
                    or entry.label.style not in named.styles
                    or not named.named_goals
                )
            ):
                mode = "tagged"
                start(tagged)
            builder = named if mode == "named" else tagged if mode == "tagged" else None
            if builder is None:
                header_texts.append(entry.lines[0].text)
                continue
            builder.add(entry)
        elif entry.kind == "note":
            builder = named if mode == "named" else tagged if mode == "tagged" else None
            if builder is None or not builder.add_note(entry):
                ctx.add(entry)
        elif entry.kind == "title":
            header_texts.append(entry.text)  # the table's title again: names no level
        elif entry.kind == "subhead":
            header_texts.append(entry.text)
            if mode in ("named", "tagged"):
                (named if mode == "named" else tagged).open_scope(subhead_level(entry.text))
        elif mode == "ctx":
            ctx.add(entry)
        elif mode is None and not order:
            header_texts.extend(ln.text for ln in entry.lines)
        else:
            warnings.append(ctx.add_unplaced(entry))
    flush_inner()
    lacking = [b for b in order if b.philosophy is None]
    if len(lacking) == 1 and pending:
        # Vertical lines left after the last plan started, and one plan without
        # its 基本理念: the last of them is that column (printed after the cells).
        lacking[0].set_philosophy(pending.pop().lines)
    for entry in entries:  # every entry was placed somewhere above
        used.update(id(ln) for ln in entry.lines)
    side.extend(p.text for p in pending)
    for i, builder in enumerate(order):
        builder.heading = headings[i] if i < len(headings) else None
        builder.which = which_plan(builder.heading, "unknown")
        warnings.extend(builder.warnings)
    title = next(
        (
            t
            for t in header_texts
            if not regex.match(r"^(?:参考)?資料\s*\d", t) and not _heading_of([Line(t, 0)])
        ),
        None,
    )
    headers = [t for t in header_texts if t != title]
    structure = PlanStructure(
        title=title,
        plans=[b.build() for b in order],
        context=ctx.done(),
        side_labels=side,
        headers=headers,
        provenance=prov(list(lines)),
    )
    return PlanResult(structure, used, warnings, repairs)
