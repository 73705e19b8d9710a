"""Fake-bold copies that a stream extractor spread over several lines (text input only).

pdfminer's ``extract_text`` groups glyphs into lines by position, so the k
copies of a fake-bold cell (drawn 0.25 pt apart) often come out as k lines
instead of one line with glued runs::

    ①包括的相談支援体制の              ③③③③地域づくりの促進
    ①包括的相談支援体制の構築構築構築構築    地域づくりの促進
    ①包括的相談支援体制の              地域づくりの促進
    ①包括的相談支援体制の              地域づくりの促進

Model. :func:`pipeline.clean.repeats.repair_duplicates` first repairs each line
on its own and says which lines hold proven copies (and their k). Then, on a
page's lines in reading order:

* **Split copies.** Exactly k consecutive lines, one of them proven with that
  k, whose texts merge into one string ``U`` (each next line contains the
  string so far, is contained in it, or overlaps its end by two glyphs or
  more), with every line a substring of ``U``: the k lines are one cell drawn
  k times, and become ``U``. (Left: ``U`` = the repaired second line; right:
  ``U`` = the repaired first line, the others its copies.)
* **Identical copies.** Exactly k identical lines next to a proven line or
  group of the same k: the copies of a neighbouring cell of the same fake-bold
  row (``②参加支援`` four times between two proven rows).

* **Numbered copies.** Two to four identical lines in a row that start with a
  numbering label (``⑴意思疎通支援の充実【新規】`` three times): one list never
  numbers two items alike in a row, so the repeat is proof. The line right
  after such a group that is nothing but its k-fold tail (``規】規】規】``, the
  wrapped end of the same cell) is collapsed too.

Nothing else is merged: k identical lines with no proven neighbour and no
label are what a column dump of a table prints for a column repeating a value
(``事前配布`` four times), and lines separated by a blank line are never one
group.

Why not in :mod:`pipeline.clean.repeats`: that model reads one line; this one
needs the neighbours, and only stream text (text input) has this shape. PDF
input never comes here (its copies are removed from glyph geometry).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

MIN_OVERLAP = 2  # glyphs a line must share with the end of the text before it
_NUMBERED = regex.compile(
    r"^(?:[(（][0-9０-９一二三四五六七八九十ア-ン]{1,3}[)）]|[0-9０-９]{1,3}[.．、\s]|[ア-ン][\s\u3000]|[\u2460-\u2473\u2474-\u2487]"
    r"|(?:基本目標|基本施策|施策|目標)\s*[0-9０-９一二三四五六七八九十]+)"
)


@dataclass(frozen=True, slots=True)
class CopyGroup:
    """Lines ``start … end - 1`` are k copies of ``text``."""

    start: int
    end: int
    text: str
    k: int


def find_copy_groups(
    texts: Sequence[str], proven: Sequence[int | None], gaps: Sequence[bool]
) -> list[CopyGroup]:
    """Copy groups among a page's lines (already repaired one by one), left to right.

    ``texts[i]`` is line i after the per-line repair, ``proven[i]`` its k when
    that repair proved copies, ``gaps[i]`` whether a blank line precedes it.
    Groups never overlap.
    """
    n = len(texts)
    stripped = [t.strip() for t in texts]
    ks = sorted({k for k in proven if k is not None})
    owner: list[CopyGroup | None] = [None] * n
    groups: list[CopyGroup] = []

    def free(i: int, j: int) -> bool:
        return all(owner[x] is None for x in range(i, j)) and not any(gaps[i + 1 : j])

    def take(group: CopyGroup) -> None:
        groups.append(group)
        for x in range(group.start, group.end):
            owner[x] = group

    for k in ks:
        for i in range(n - k + 1):
            if not free(i, i + k) or k not in proven[i : i + k]:
                continue
            merged = _merge(stripped[i : i + k])
            if merged is not None and len(set(stripped[i : i + k])) > 1:
                take(CopyGroup(i, i + k, merged, k))

    i = 0
    while i < n:  # numbered copies
        size = 1
        while i + size < n and stripped[i + size] == stripped[i] and not gaps[i + size]:
            size += 1
        if 2 <= size <= 4 and free(i, i + size) and _NUMBERED.match(stripped[i]):
            take(CopyGroup(i, i + size, stripped[i], size))
            if size not in ks:
                ks.append(size)
            tail = stripped[i + size] if i + size < n and not gaps[i + size] else ""
            if tail and owner[i + size] is None and len(tail) % size == 0 and tail == tail[: len(tail) // size] * size:
                take(CopyGroup(i + size, i + size + 1, tail[: len(tail) // size], size))
        i += size

    changed = True
    while changed:  # a collapsed group proves its identical neighbours in turn
        changed = False
        for k in ks:
            for i in range(n - k + 1):
                run = stripped[i : i + k]
                if not free(i, i + k) or not run[0] or len(set(run)) != 1:
                    continue
                before = i - 1 if i > 0 and not gaps[i] else None
                after = i + k if i + k < n and not gaps[i + k] else None
                if any(_proven_at(x, k, proven, owner) for x in (before, after) if x is not None):
                    take(CopyGroup(i, i + k, run[0], k))
                    changed = True
    groups.sort(key=lambda g: g.start)
    return groups


def _proven_at(index: int, k: int, proven: Sequence[int | None], owner: Sequence[CopyGroup | None]) -> bool:
    group = owner[index]
    return proven[index] == k or (group is not None and group.k == k)


def _merge(lines: Sequence[str]) -> str | None:
    """One string that every line is part of, built by overlap in order; None if there is none."""
    merged = lines[0]
    if not merged:
        return None
    for line in lines[1:]:
        if not line:
            return None
        if line in merged:
            continue
        if merged in line:
            merged = line
            continue
        overlap = next(
            (size for size in range(min(len(merged), len(line)) - 1, MIN_OVERLAP - 1, -1) if merged.endswith(line[:size])),
            0,
        )
        if not overlap:
            return None
        merged += line[overlap:]
    return merged if all(line in merged for line in lines) else None
