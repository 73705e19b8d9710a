"""Plans assembled from entries: levels, parents, tags, ※ notes and context blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import regex

from pipeline.layout import Line, RepairRecord
from pipeline.models import ContextBlock, Plan, PlanNode, PlanNote, PlanStructure, Warning
from pipeline.segment.plan.entries import PlanEntry, split_tag
from pipeline.segment.provenance import prov

NEXT_PLAN = regex.compile(r"^(?:次期|新)|[(（]案[)）]|改定後|新計画")
CURRENT_PLAN = regex.compile(r"^(?:現行?|現計画)|改定前")
Level = Literal["goal", "policy", "measure"]
Which = Literal["current", "next", "unknown"]
LEVELS: tuple[Level, Level, Level] = ("goal", "policy", "measure")


@dataclass
class PlanBuilder:
    which: Which
    heading: str | None = None
    philosophy: str | None = None
    philosophy_lines: list[Line] = field(default_factory=list)
    goals: list[PlanNode] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    named_goals: bool = False
    last_at: list[PlanNode | None] = field(default_factory=lambda: [None, None, None])
    warnings: list[Warning] = field(default_factory=list)
    # Under a sub-heading that names a level (＜施策の方向＞ → policy), the items'
    # numbering families count from that level, until the next goal or sub-heading.
    scope: int | None = None
    scope_styles: list[str] = field(default_factory=list)

    def open_scope(self, level: int | None) -> None:
        self.scope, self.scope_styles = level, []

    def scoped_level(self, entry: PlanEntry) -> int | None:
        """The level of ``entry`` under the open sub-heading (one level deeper per new numbering family)."""
        if self.scope is None or entry.kind == "named":
            return None
        style = entry.label.style if entry.label else "text"
        if style not in self.scope_styles:
            self.scope_styles.append(style)
        return min(self.scope + self.scope_styles.index(style), 2)

    def level_of(self, entry: PlanEntry) -> int:
        if entry.kind == "named":
            self.named_goals = self.named_goals or entry.named_level == 0
            return entry.named_level or 0
        style = entry.label.style if entry.label else "text"
        if style not in self.styles:
            self.styles.append(style)
        return min(self.styles.index(style) + (1 if self.named_goals else 0), 2)

    def add(self, entry: PlanEntry, level: int | None = None) -> PlanNode:
        if entry.kind == "named" and entry.named_level == 0:
            self.open_scope(None)  # a new goal closes the sub-heading before it
        elif (
            level is None
            and not self.named_goals
            and entry.label is not None
            and self.styles
            and entry.label.style == self.styles[0]
        ):
            self.open_scope(None)  # so does one numbered like the first goal (1 …, 2 …)
        if level is None:
            scoped = self.scoped_level(entry)
            level = scoped if scoped is not None else self.level_of(entry)
        title, tag, star = split_tag(entry.text)
        node = PlanNode(
            level=LEVELS[level],
            label=entry.label,
            title=title,
            tag=tag,
            star=star,
            provenance=prov(entry.lines),
        )
        parent = self.last_at[level - 1] if level > 0 else None
        if level > 0 and parent is None:
            self.warnings.append(
                Warning(
                    code="orphan_plan_item",
                    message=f"plan item '{entry.text}' has no parent; kept as a goal",
                    pages=[entry.lines[0].page],
                )
            )
            level = 0
            node.level = "goal"
        if level == 0:
            self.goals.append(node)
        else:
            assert parent is not None
            if (
                parent.children
                and node.label
                and node.label.number
                and parent.children[-1].label
                and parent.children[-1].label.number
            ):
                if node.label.number != parent.children[-1].label.number + 1:
                    self.warnings.append(
                        Warning(
                            code="numbering_gap",
                            message=f"plan item '{entry.text}' does not follow {parent.children[-1].label.printed}",
                            pages=[entry.lines[0].page],
                        )
                    )
            parent.children.append(node)
        self.last_at[level] = node
        for deeper in range(level + 1, 3):
            self.last_at[deeper] = None
        return node

    def add_note(self, entry: PlanEntry) -> bool:
        """Attach a ※ note to the item whose children it sits among (after the last child so far)."""
        measure = self.last_at[2]
        owner = self.last_at[1] if measure is not None else (self.last_at[1] or self.last_at[0])
        if owner is None:
            return False
        text, tag, star = split_tag(entry.text)
        after = (
            owner.children[-1].label.number if owner.children and owner.children[-1].label else None
        )
        owner.notes.append(
            PlanNote(text=text, tag=tag, star=star, after_child=after, provenance=prov(entry.lines))
        )
        return True

    def set_philosophy(self, lines: list[Line]) -> None:
        """基本理念 from its vertical line(s); spaces are gaps between stacked glyphs, not words."""
        self.philosophy = "".join(ln.text for ln in lines).replace(" ", "")
        self.philosophy_lines = lines

    @property
    def started(self) -> bool:
        return bool(self.goals)

    def build(self) -> Plan:
        return Plan(
            which=self.which,
            heading=self.heading,
            philosophy=self.philosophy,
            goals=self.goals,
            provenance=prov(self.philosophy_lines),
        )


@dataclass
class PlanResult:
    structure: PlanStructure
    used: set[int]
    warnings: list[Warning]
    repairs: list[RepairRecord] = field(default_factory=list)  # copies the reader merged (stream text)


class ContextCollector:
    def __init__(self) -> None:
        self.blocks: list[ContextBlock] = []
        self._lines: list[list[Line]] = []

    def open(self, column: str | None, heading: str | None, lines: list[Line]) -> None:
        self.blocks.append(ContextBlock(column=column, heading=heading, lines=[]))
        self._lines.append(list(lines))

    def add(self, entry: PlanEntry, column: str | None = None) -> None:
        if not self.blocks or (column is not None and self.blocks[-1].column != column):
            self.open(column, None, [])
        text = entry.text if entry.kind != "note" else "※" + entry.text
        if entry.label is not None and entry.kind == "label":
            text = (
                f"{entry.label.printed} {text}"
                if entry.label.style not in ("bullet",) and not entry.label.printed.startswith("(")
                else f"{entry.label.printed}{text}"
            )
        self.blocks[-1].lines.append(text)
        self._lines[-1].extend(entry.lines)

    def add_unplaced(self, entry: PlanEntry) -> Warning:
        """Keep text the plan could not place as context, and say so."""
        self.add(entry)
        return Warning(
            code="unplaced_plan_text",
            message=f"text '{entry.text[:40]}' in a plan table could not be placed; kept as context",
            pages=[entry.lines[0].page],
        )

    def done(self) -> list[ContextBlock]:
        for block, lines in zip(self.blocks, self._lines):
            block.provenance = prov(lines)
        return [b for b in self.blocks if b.lines or b.heading]


def which_plan(heading: str | None, fallback: Which) -> Which:
    """current / next from a plan's column heading (現行 …, 次期 …, …(案))."""
    if heading is None:
        return fallback
    if NEXT_PLAN.search(heading):
        return "next"
    if CURRENT_PLAN.search(heading):
        return "current"
    return fallback
