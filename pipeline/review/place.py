"""Where an element stands when its provenance has no rectangle.

Two cases, both solved by finding text in text:

* Text input has no geometry, so the review shows each page's text and marks the
  span of every element found in it (:func:`mark_spans`).
* A repair records a page and the repaired text but no rectangle; on a PDF page it
  is drawn over the recognised element whose text holds it, or is held by it
  (:func:`repair_box`). Re-extracting the PDF for line boxes would give tighter
  boxes, but costs a whole extraction per review; the element's box is enough to
  find the repaired line on the image.

Matching ignores whitespace (page text keeps the extractor's line breaks and
spaces; element text has wrapped lines joined) and compares normalized text on
both sides (:func:`pipeline.clean.normalize.normalize_text` is idempotent, so
normalizing the already normalized element text changes nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from pipeline.clean.normalize import normalize_text
from pipeline.review.elements import Element

_MIN_PREFIX = 6  # shorter prefixes are found by chance


def compact(text: str) -> str:
    return "".join(normalize_text(text).split())


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # offsets in the page text
    end: int
    element: Element


@dataclass(slots=True)
class PageText:
    """One page's text, with whitespace-free lookup and the spans marked so far."""

    text: str
    squeezed: str = ""
    offsets: list[int] = field(default_factory=list)  # squeezed index → text index
    spans: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.offsets = [i for i, ch in enumerate(self.text) if not ch.isspace()]
        self.squeezed = "".join(self.text[i] for i in self.offsets)

    def _fits(self, start: int, end: int) -> bool:
        """Spans may nest (a repair inside a plan item) but never cross: marks must nest in HTML."""
        return all(end <= s.start or start >= s.end or (start >= s.start and end <= s.end)
                   or (start <= s.start and end >= s.end) for s in self.spans)

    def _find(self, needle: str) -> tuple[int, int] | None:
        """The first occurrence that nests with the marked spans, else the first occurrence."""
        at = self.squeezed.find(needle)
        first: tuple[int, int] | None = None
        while at >= 0:
            start, end = self.offsets[at], self.offsets[at + len(needle) - 1] + 1
            if self._fits(start, end):
                return start, end
            first = first or (start, end)
            at = self.squeezed.find(needle, at + 1)
        return first

    def _add(self, start: int, end: int, element: Element) -> None:
        """Add a span, cut where it crosses a marked span's edge (a repair over the end of an
        item): every piece then nests, and the pieces share the element's id."""
        cuts = sorted({start, end, *(x for s in self.spans for x in (s.start, s.end) if start < x < end)})
        self.spans.extend(Span(a, b, element) for a, b in zip(cuts, cuts[1:]))

    def mark(self, element: Element, needle_text: str) -> bool:
        """Mark the first free occurrence of the text, or of its longest prefix found
        (an opinion continued on the next page); False when not even a prefix is found."""
        needle = compact(needle_text)
        if not needle:
            return False
        found = self._find(needle)
        if found is None and len(needle) > _MIN_PREFIX:
            lo, hi = _MIN_PREFIX, len(needle) - 1  # a prefix that occurs: every shorter one does too
            while lo <= hi:
                mid = (lo + hi) // 2
                hit = self._find(needle[:mid])
                if hit:
                    found, lo = hit, mid + 1
                else:
                    hi = mid - 1
        if found is None:
            return False
        self._add(found[0], found[1], element)
        return True


def mark_spans(page_texts: list[str], elements: Iterable[Element]) -> tuple[list[PageText], set[str]]:
    """Mark every element's needles on its page(s); returns the pages and the ids found."""
    pages = [PageText(t) for t in page_texts]
    found: set[str] = set()
    for element in elements:
        # An element without a page (a plan whose provenance is null) is looked for on every page.
        anywhere = not element.places
        numbers = sorted({p.page for p in element.places}) or range(1, len(pages) + 1)
        for number in numbers:
            if not 1 <= number <= len(pages):
                continue
            for needle in element.needles:
                if pages[number - 1].mark(element, needle):
                    found.add(element.id)
            if anywhere and element.id in found:
                break
    return pages, found


def _common(a: str, b: str) -> int:
    """Length of the longest common substring."""
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


def repair_box(repair: Element, elements: list[Element]) -> tuple[float, float, float, float] | None:
    """The box of the element on the repair's page that shares the most repaired text, smallest first.

    Shared means a common run of at least 3 characters and 60% of the shorter text:
    a repaired line often carries the item's label or its tag as well (which the
    item's title has not), or stops before the item's last wrapped glyph.
    """
    after = compact(repair.text)
    if not after or not repair.places:
        return None
    page = repair.places[0].page
    best: tuple[int, float, tuple[float, float, float, float]] | None = None
    for element in elements:
        boxes = [p.bbox for p in element.places if p.page == page and p.bbox]
        if element.kind == "repair" or not boxes:
            continue
        own = compact(element.text)
        shared = _common(after, own)
        if shared < max(3, -(-min(len(after), len(own)) * 3 // 5)):
            continue
        for x0, top, x1, bottom in boxes:
            key = (-shared, (x1 - x0) * (bottom - top), (x0, top, x1, bottom))
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best else None
