"""The corpus-strings checks, shared by the tests that parse corpus files (one parse per file).

See ``tests/test_corpus_strings.py`` for what they check and why; ``tests/test_page_recall.py``
runs them on archive/ on the parse it already makes.
"""
from __future__ import annotations

from typing import Any

import regex

from pipeline.layout import Cell, Layout, Line, Page, Rect, Table
from tests.facts import all_strings

_PRIVATE_USE = regex.compile(r"\p{Co}")
_WRAP_INSIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー々]\n[ー、。ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ]")
_KANA_KANJI = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー々]")
# A new item: 1. 1) (1) ① ⑴ ア. 第N, or a bullet.
_ITEM = regex.compile(r"\s*(\d+[.、)]|\(\w{1,3}\)|[①-⑳⑴-⒇]|[ア-ン][.、)]|第[\d一二三四五六七八九十]+|[・●○◆◇■□※★☆▶▷>-])")


def _right_edge(page: Page, a: Line, b: Line) -> float:
    """Where a full line of ``a``'s column ends: its cell's ruled side, or outside tables the
    furthest any line starting at the same left edge reaches."""
    assert a.bbox is not None and b.bbox is not None
    if a.cell is not None:
        cell = page.tables[a.cell.table].cell_at(a.cell.row, a.cell.col)
        assert cell is not None
        return cell.bbox.x1
    size = a.size or a.bbox.height
    lo, hi = min(a.bbox.x0, b.bbox.x0) - 1.5 * size, max(a.bbox.x0, b.bbox.x0) + 1.5 * size
    return max(ln.bbox.x1 for ln in page.lines
               if ln.bbox is not None and ln.cell is None and ln.direction == "horizontal" and lo <= ln.bbox.x0 <= hi)


def _one_paragraph(page: Page, a: Line, b: Line) -> bool:
    """``b`` continues ``a``'s paragraph after a wrap (the rule in the module docstring)."""
    if a.direction != "horizontal" or b.direction != "horizontal" or a.bbox is None or b.bbox is None:
        return False
    if (a.cell is None) != (b.cell is None) or (
            a.cell is not None and b.cell is not None
            and (a.cell.table, a.cell.row, a.cell.col) != (b.cell.table, b.cell.row, b.cell.col)):
        return False
    size = a.size or a.bbox.height
    if abs((b.size or b.bbox.height) - size) > 0.1 * size:
        return False
    if not (b.bbox.top >= a.bbox.bottom - 0.3 * size and b.bbox.top - a.bbox.bottom <= 0.8 * size):
        return False
    if not (a.bbox.x0 - 1.5 * size <= b.bbox.x0 <= a.bbox.x0 + 0.5 * size) or _ITEM.match(b.text):
        return False
    return a.bbox.x1 >= _right_edge(page, a, b) - 1.5 * size


def _turn(box: Rect) -> Rect:
    """A vertical column's box turned a quarter: its top becomes the left edge, its bottom the
    right edge, and the column to its left the line below."""
    return Rect(box.top, -box.x1, box.bottom, -box.x0)


def _upright(page: Page) -> tuple[Page, dict[int, Line]]:
    """The page's vertical columns (and its tables' cells) turned into horizontal lines, and
    each column's turned line by ``id``: the horizontal rule then reads vertical text."""
    turned = {id(ln): Line(ln.text, ln.page, _turn(ln.bbox), "horizontal", ln.size, ln.cell)
              for ln in page.lines if ln.direction == "vertical" and ln.bbox is not None}
    tables = [Table(_turn(t.bbox), t.n_rows, t.n_cols,
                    [Cell(c.row, c.col, _turn(c.bbox), c.rowspan, c.colspan) for c in t.cells])
              for t in page.tables]
    return Page(number=page.number, lines=list(turned.values()), tables=tables), turned


def paragraph_wraps(layout: Layout) -> list[tuple[int, str]]:
    """(page, "end of a line⏎start of the next") for every kana/kanji wrap inside a paragraph,
    horizontal or vertical."""
    found = []
    for page in layout.pages:
        upright, turned = _upright(page)
        for a, b in zip(page.lines, page.lines[1:]):
            tail, head = a.text.rstrip(), b.text.lstrip()
            if not (tail and head and _KANA_KANJI.match(tail[-1]) and _KANA_KANJI.match(head[0])):
                continue
            if _one_paragraph(page, a, b) or (
                    id(a) in turned and id(b) in turned and _one_paragraph(upright, turned[id(a)], turned[id(b)])):
                found.append((page.number, tail[-6:] + "\n" + head[:6]))
    return found


def kept_wraps(layout: Layout, doc: dict[str, Any]) -> list[str]:
    """The wraps of :func:`paragraph_wraps` that the output still breaks."""
    text = "\x00".join(all_strings({k: v for k, v in doc.items() if k != "repairs"}))
    return [f"p.{page}: {key!r}" for page, key in paragraph_wraps(layout) if key in text]


def problems(doc: dict[str, Any]) -> list[str]:
    doc = {k: v for k, v in doc.items() if k != "repairs"}  # repairs quote the source on purpose
    found = []
    for text in all_strings(doc):
        if "(cid:" in text:
            found.append(f"placeholder in {text[:60]!r}")
        if _PRIVATE_USE.search(text):
            found.append(f"private-use character in {text[:60]!r}")
        for m in _WRAP_INSIDE.finditer(text):
            found.append(f"wrap inside a paragraph: {text[max(0, m.start() - 15):m.end() + 10]!r}")
    return found
