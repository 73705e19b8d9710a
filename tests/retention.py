"""Characters of a source that reach the JSON output: the measure behind "nothing is lost".

Compares the multiset of non-space characters on the cleaned pages (after
overprint removal, duplicate repair and normalization: the text the segmenters
see) with the multiset of non-space characters in the Document's strings.
Repair records are left out (they quote the source), and tags and notes, which
the Document keeps as structure (tag="新規", star=true, a PlanNote), count
their printed marks 【★】 and ※ as kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.models import Document
from tests.facts import all_strings
from tests.page_recall import parse_cached


def _plan_nodes(doc: dict):  # type: ignore[no-untyped-def,type-arg]
    def walk(nodes):  # type: ignore[no-untyped-def]
        for node in nodes:
            yield node
            yield from walk(node["children"])

    for structure in doc["plans"]:
        for plan in structure["plans"]:
            yield from walk(plan["goals"])


def chars(texts) -> Counter[str]:  # type: ignore[no-untyped-def]
    counter: Counter[str] = Counter()
    for text in texts:
        counter.update(ch for ch in text if not ch.isspace())
    return counter


@dataclass
class Comparison:
    doc: Document
    pages: int
    total: int  # non-space characters on the cleaned pages
    kept: float  # percent of them found in the output
    missing: Counter[str]


def compare(path: Path) -> Comparison:
    layout, doc = parse_cached(path)
    source_chars = chars(line.text for line in layout.iter_lines())
    dumped = doc.model_dump(mode="json")
    dumped.pop("repairs")
    # Tags and notes are kept as structure (tag="新規", star=true; a PlanNote):
    # count their printed marks as kept.
    marks = []
    for node in _plan_nodes(dumped):
        if node["tag"]:
            marks.append("【" + "★" * node["star"] + "】")
        for note in node["notes"]:
            marks.append("※" + ("【" + "★" * note["star"] + "】" if note["tag"] else ""))
    out_chars = chars([*all_strings(dumped), *marks])
    total = sum(source_chars.values())
    kept = sum(min(n, out_chars[ch]) for ch, n in source_chars.items())
    return Comparison(doc, len(layout.pages), total, 100.0 * kept / total if total else 100.0, source_chars - out_chars)


def retention(path: Path) -> tuple[int, int, float]:
    """(pages, characters, percent kept) for one input file."""
    c = compare(path)
    return c.pages, c.total, c.kept
