"""Per-page character recall: how much of each page's text reaches elements that name that page.

The measure behind the ledger test (``tests/test_page_recall.py``) and
``bench/page_recall.py``. For every page, the multiset of non-space characters
of its cleaned lines (the text the segmenters see) is compared with the
characters of the strings of every element whose provenance names the page
(``page`` … ``end_page``). What does not count:

* repairs (their ``before`` quotes the source);
* header field names that the Document keeps as structure instead of text
  (日時, 場所, 議題, 出席者, 配付資料 … with their brackets and their numbering
  label, as in 「一 日時」: see :data:`pipeline.segment.agenda.FIELD_KEYS`),
  taken off the source side;
* the printed marks of tags and notes (【★】, ※), kept as ``tag``/``star``/notes,
  and the brackets of a material's distribution note (（当日配布） → ``note``).

A ``(cid:n)`` placeholder counts as one U+FFFD on both sides.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.clean import clean_layout
from pipeline.layout import Layout
from pipeline.models import Document, Source
from pipeline.parse import extract
from pipeline.segment import segment
from pipeline.segment.agenda import field_of
from pipeline.segment.labels import split_label

_CID = re.compile(r"\(cid:\d+\)")
MIN_CHARS = 40


def _chars(text: str) -> Counter[str]:
    return Counter(ch for ch in _CID.sub("\ufffd", text) if not ch.isspace())


def _field_key(text: str) -> str:
    """The header field's name (and its numbering label) as printed at the start of ``text`` ('' when none)."""
    labelled = split_label(text)
    rest = labelled.rest if labelled else text
    found = field_of(rest)
    if found is None:
        return ""
    key = rest.strip()[: len(rest.strip()) - len(found[1])] if found[1] else rest.strip()
    return (labelled.label.printed if labelled else "") + key


def _pages(prov: dict[str, Any] | None) -> range:
    if not prov:
        return range(0)
    return range(prov["page"], (prov.get("end_page") or prov["page"]) + 1)


# Keys whose values are not printed text of their own element: its place, the
# parsed parts of a label or row number that the printed label already holds, and
# the contract's enumerated values (section, level, which, status), whose Latin
# letters would otherwise stand in for letters lost from the page.
_NOT_TEXT = ("provenance", "number", "kind", "style", "section", "level", "which", "status")


def _is_element(value: Any) -> bool:
    return isinstance(value, dict) and "provenance" in value


def _strings(value: Any) -> Iterator[str]:
    """The strings of one element, without those of the elements nested in it (they count for their own pages)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in _NOT_TEXT:
                yield from _strings(v) if not _is_element(v) else iter(())
    elif isinstance(value, list):
        for v in value:
            if not _is_element(v):
                yield from _strings(v)


def _marks(node: dict[str, Any]) -> Iterator[str]:
    if node.get("tag"):
        yield "【" + "★" * node.get("star", False) + "】"
    if "kind" in node and "number" in node and node.get("note"):
        yield "()"  # a material's (当日配布): kept as its note, without the brackets
    people = node.get("people")
    if isinstance(people, list) and len(people) > 1:
        yield "、" * (len(people) - 1)  # a list's separators: each person is an element


def page_strings(doc: Document) -> dict[int, Counter[str]]:
    """Characters of every element, by each page the element names.

    The walk is generic over the contract: every dict with a ``provenance`` is an
    element (a new kind of element is counted without a change here).
    """
    out: dict[int, Counter[str]] = defaultdict(Counter)

    def add(pages: range, texts: Iterator[str]) -> None:
        counter: Counter[str] = Counter()
        for t in texts:
            counter.update(_chars(t))
        for p in pages:
            out[p].update(counter)

    def walk(value: Any, pages: range) -> None:
        if isinstance(value, list):
            for v in value:
                walk(v, pages)
            return
        if not isinstance(value, dict):
            return
        prov = value.get("provenance")
        here = _pages(prov) if isinstance(prov, dict) else pages
        if isinstance(prov, list):  # the meeting: several places
            for p in prov:
                add(_pages(p), _strings(value))
        elif "provenance" in value:
            add(here, _strings(value))
            add(here, _marks(value))
            for note in value.get("notes", []):
                if isinstance(note, dict):  # a plan's ※ note: the mark is dropped, the note kept
                    add(_pages(note.get("provenance")) or here, iter(["※", *_marks(note)]))
        for key, v in value.items():
            if key != "provenance" and isinstance(v, (list, dict)):
                walk(v, here)

    data = doc.model_dump(mode="json")
    for key, value in data.items():
        if key not in ("schema_version", "source", "sections", "repairs", "warnings"):
            walk(value, range(0))
    for section in data["sections"]:
        add(range(section["pages"][0], section["pages"][0] + 1), iter([section.get("heading") or "", section.get("label") or ""]))
    return out


@dataclass(frozen=True)
class PageRecall:
    file: str
    page: int
    chars: int
    recall: float
    missing: str  # the most missed characters, for the report


def page_recall(layout: Layout, doc: Document, name: str) -> list[PageRecall]:
    kept = page_strings(doc)
    rows = []
    for page in layout.pages:
        source: Counter[str] = Counter()
        for line in page.lines:
            source.update(_chars(line.text))
            source.subtract(_chars(_field_key(line.text)))
        source = +source
        total = sum(source.values())
        hit = sum(min(n, kept[page.number][ch]) for ch, n in source.items())
        missing = "".join(ch for ch, _ in (source - kept[page.number]).most_common(8))
        rows.append(PageRecall(name, page.number, total, hit / total if total else 1.0, missing))
    return rows


def parse_layout(path: Path, data: bytes | None = None) -> tuple[Layout, Document]:
    """The cleaned layout (what the segmenters see) and the Document of one input."""
    data = path.read_bytes() if data is None else data
    layout = clean_layout(extract(data, path.name))
    doc = segment(layout, Source(file_name=path.name, sha256="-", kind=layout.kind, pages=len(layout.pages)))
    return layout, doc


@cache
def parse_cached(path: Path) -> tuple[Layout, Document]:
    """:func:`parse_layout` once per session, for files several tests read (../shared/corpus/real)."""
    return parse_layout(path)


def file_recall(path: Path, data: bytes | None = None, *, cached: bool = False) -> list[PageRecall]:
    layout, doc = parse_cached(path) if cached and data is None else parse_layout(path, data)
    return page_recall(layout, doc, path.name)
