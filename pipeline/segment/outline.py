"""Numbered outlines (1 → ⑴ → ア …) rebuilt from a flat list of lines.

Depth follows the order in which numbering families first appear, the way a
reader does it: the first family seen is level 1, a new family nests under the
current item, and a family seen before closes everything deeper than it. This
holds whether a city writes 1/(1)/ア, 一/1/(1) or ⑴/①.

With geometry (PDF) indentation decides first: a line indented deeper than the
current item nests under it even when it reuses a family seen above, which is
how cities print (ア) under (ア). Text input has no indentation, so there the
family order alone decides.

Lines without a label either continue the previous item (it ran to the edge of
its column: a wrap) or are a note printed under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from pipeline.layout import Line
from pipeline.models import Label
from pipeline.segment.flow import Flow, join_wrapped
from pipeline.segment.labels import split_label


@dataclass
class Node:
    label: Label | None
    parts: list[str]  # title lines (wraps joined later)
    lines: list[Line]  # every source line of the item itself (not children)
    notes: list[list[str]] = field(default_factory=list)  # paragraphs under the item
    note_lines: list[Line] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    @property
    def title(self) -> str:
        return join_wrapped(self.parts)

    @property
    def note_texts(self) -> list[str]:
        return [join_wrapped(p) for p in self.notes]

    def walk(self):  # type: ignore[no-untyped-def]
        yield self
        for child in self.children:
            yield from child.walk()


# A line wholly in brackets under an item, such as (総務委員会付託) or (即決), is
# printed as the item's note, even right after a line that reaches the margin.
ASIDE = regex.compile(r"^[(（][^()（）]*[)）](?:\(cid:\d+\))*$")


def build_outline(lines: Sequence[Line], flow: Flow | None = None) -> tuple[list[Line], list[Node]]:
    """Return (preamble lines before the first label, top-level nodes)."""
    flow = flow or Flow(lines)
    preamble: list[Line] = []
    roots: list[Node] = []
    stack: list[tuple[str, Node, float | None]] = []  # (style, node, x0) from the root down
    last: Node | None = None
    last_line: Line | None = None
    for line in lines:
        labelled = split_label(line.text)
        if labelled is None:
            if last is None:
                preamble.append(line)
            elif (
                last_line is not None
                and last_line in last.lines
                and flow.wraps(last_line)
                and not last.notes
                and not ASIDE.match(line.text.strip())
            ):
                last.parts.append(line.text)
                last.lines.append(line)
            elif last.notes and last_line is not None and flow.wraps(last_line):
                last.notes[-1].append(line.text)
                last.note_lines.append(line)
            else:
                last.notes.append([line.text])
                last.note_lines.append(line)
            last_line = line
            continue
        style = labelled.label.style
        node = Node(label=labelled.label, parts=[labelled.rest], lines=[line])
        x0 = line.bbox.x0 if line.bbox is not None else None
        _place(stack, style, labelled.label.number, x0, line.size or (line.bbox.height if line.bbox else 10.0))
        if stack:
            stack[-1][1].children.append(node)
        else:
            roots.append(node)
        stack.append((style, node, x0))
        last, last_line = node, line
    return preamble, roots


def _place(stack: list[tuple[str, Node, float | None]], style: str, number: int | None, x0: float | None, size: float) -> None:
    """Pop ``stack`` down to the parent of a new item of ``style`` (numbered ``number``) at ``x0``."""
    tol = max(size * 0.5, 2.0)
    if style == "bullet" or (stack and stack[-1][0] == "bullet"):
        # A bullet's dot sits mid-cell, so its indent is only comparable with other
        # bullets': bullets nest under the item above them, deeper bullets under
        # bullets, and a numbered item coming back closes them all.
        if style != "bullet":
            if style not in [entry[0] for entry in stack]:
                return  # a new numbering family under a bullet item: its children
            while stack and stack[-1][0] == "bullet":
                stack.pop()
        else:
            if "bullet" not in [entry[0] for entry in stack]:
                return  # the first bullets under a numbered item
            while stack[-1][0] != "bullet":
                stack.pop()  # close the numbered items opened under a bullet
            while stack and stack[-1][0] == "bullet":
                top_x = stack[-1][2]
                if x0 is not None and top_x is not None and x0 > top_x + tol:
                    return  # deeper bullet: a child
                stack.pop()
                if x0 is None or top_x is None or abs(top_x - x0) <= tol:
                    return  # a sibling bullet
            return
    if x0 is not None and all(entry[2] is not None for entry in stack):
        while stack and stack[-1][2] > x0 + tol:  # type: ignore[operator]
            stack.pop()
        if stack and abs(stack[-1][2] - x0) <= tol:  # type: ignore[operator]
            if stack[-1][0] == style:
                stack.pop()  # a sibling at the same indent
                return
        else:
            return  # indented deeper than the current item: a child, whatever its family
    styles = [entry[0] for entry in stack]
    if style not in styles:
        return
    # Without indentation the numbers tell: continuing an open level's count makes
    # a sibling there; a fresh 1 right under an item of the same family nests.
    if number is not None:
        for depth in range(len(stack) - 1, -1, -1):
            entry_style, node, _x = stack[depth]
            if entry_style == style and node.label is not None and node.label.number == number - 1:
                del stack[depth:]
                return
        if number == 1 and stack[-1][0] == style:
            return
    del stack[styles.index(style) :]
