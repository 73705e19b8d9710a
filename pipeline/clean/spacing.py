"""Undo letter-spacing: headings typeset with a gap between every character.

Committee papers justify short headings across a fixed width (均等割付), so the
extracted text reads ``開  会`` or ``配 布 資 料 一 覧``. Segmenters look for the
word ``開会``, not for its letters, so those runs are glued back together. Spaces
between *words* are content and stay.

The rule (one line at a time, whitespace = any run of spaces, tabs or U+3000):

* A **letter** is a token (text between whitespace) that is exactly one kanji,
  hiragana or katakana character (``々 〆 ヶ ー`` included).
* A **letter-spaced run** is two or more letters in a row whose gaps all have the
  same width (U+3000 counts as two spaces). A gap of another width ends the run,
  so ``日 時  令和…`` collapses ``日 時`` and keeps the wider gap before the
  date. Two letters may have any gap (``開  会``: two-character headings get the
  widest spread).
* A run may end with one digit token (``資 料 １`` → ``資料１``), but only after two
  or more letters, so ``第 1 条`` is left alone.
* The run's inner gaps are removed; the gaps on either side of it become one space.
* A run may start with a letter glued to a numbering label (``1.開 会`` →
  ``1.開会``, ``(2)議 事`` → ``(2)議事``): the label is kept, the letters glued.
* A bare number glued to the first letter at the start of a line is a
  numbering label too (``１開 会`` → ``１ 開会``, ``２議 事`` → ``２ 議事``): layout
  text (``pdftotext -layout``) loses the narrow gap after the number of an
  agenda item set in a fixed grid. It is set off by one space, as the PDF
  reader prints it, so the label reads like ``１ 開会``. Only the first token
  of a line, at most two digits, not a unit or counter (``3月 日``, ``5人 目``,
  ``5番 堤`` a seat number), and only
  when a letter-spaced run follows.
* A kanji numeral set off by another gap than the letters after it is a label,
  not a letter: ``一　開 会`` → ``一 開会``.
* Anything else is untouched: multi-character tokens (``第 107 条``), labels that
  are not letters (``１ 開  会`` → ``１ 開会``, ``① 誰もが…``), Latin text
  (``A B C``).

* A genre word set with uneven gaps (``議事 日 程(第1号)``, where the rule above
  sees the two-letter token ``議事``) is glued whole: the words of
  :data:`GENRE_WORDS` (議事日程, 会議次第, 配布資料 …) never hold a space.

Limits: two one-character words that really are separate words, written with
single spaces, are glued too (a table header row ``男 女 計`` becomes ``男女計``).
Extractors emit table cells as separate lines, so this rarely meets real cells.
A letter-spaced heading whose gaps vary in width (``開 催  場 所``) is split at
the odd gap, into ``開催 場所`` (a genre word such as ``配 布  資 料`` is glued whole).
"""

from __future__ import annotations

import regex

_TOKEN = regex.compile(r"\S+")
_LETTER = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}々〆ヶー]")
_DIGIT = regex.compile(r"\d")
_LABELLED_LETTER = regex.compile(r"^(?:\d{1,3}[.．、]|[(（]\d{1,3}[)）]|[\u2460-\u2487])[\p{Han}\p{Hiragana}\p{Katakana}々〆ヶー]$")
# A bare number glued to a letter: a label only as the line's first token.
# A unit or counter after the number (3月, 5人, 2回, 5番 as a seat) makes it a quantity, not a label.
_NUMBERED_LETTER = regex.compile(r"^(\d{1,2})(?![年月日時分秒回人名件号条項歳期次番位枚本部階円区款節頁])[\p{Han}\p{Hiragana}\p{Katakana}々〆ヶー]$")
# Cheap gate: a line can only hold a run if two single letters sit one gap apart.
_CANDIDATE = regex.compile(
    r"(?:^|\s|[.．、)）\u2460-\u2487\d])[\p{Han}\p{Hiragana}\p{Katakana}々〆ヶー]\s+[\p{Han}\p{Hiragana}\p{Katakana}々〆ヶー\d](?:\s|$)"
)


# Headings of the genre whose letters may be spread unevenly by justification.
GENRE_WORDS = ("議事日程", "会議次第", "議事次第", "配布資料", "配付資料", "資料一覧", "会議録", "議事録", "開催日時")
_SPACED_GENRE_WORD = regex.compile("|".join(r"[ \t\u3000]*".join(word) for word in GENRE_WORDS))


def _glue_genre_words(line: str) -> str:
    if " " not in line and "\t" not in line and "\u3000" not in line:
        return line  # nothing to glue: a match without a gap is replaced by itself
    return _SPACED_GENRE_WORD.sub(lambda m: regex.sub(r"[ \t\u3000]", "", m.group(0)), line)


def _gap_width(gap: str) -> int:
    return len(gap) + gap.count("\u3000")


_KANJI_NUMERALS = frozenset("一二三四五六七八九十")


def _find_runs(kinds: list[str], widths: list[int], tokens: list[str] | None = None) -> list[tuple[int, int]]:
    """Letter-spaced runs as (first, last) token indices, inclusive, left to right."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(kinds)
    while i < n:
        if kinds[i] not in ("L", "P"):
            i += 1
            continue
        if (
            tokens is not None
            and tokens[i] in _KANJI_NUMERALS
            and i + 2 < n
            and kinds[i + 1] == kinds[i + 2] == "L"
            and widths[i] != widths[i + 1]
        ):
            i += 1  # a numbering label set apart from a letter-spaced heading
            continue
        j = i
        while j + 1 < n and kinds[j + 1] == "L" and (j == i or widths[j] == widths[i]):
            j += 1
        if j > i and j + 1 < n and kinds[j + 1] == "D" and widths[j] == widths[i]:
            j += 1  # a trailing number after two or more letters: 資 料 １
        if j > i:
            runs.append((i, j))
        i = j + 1
    return runs


def collapse_letter_spacing(line: str) -> str:
    """Glue letter-spaced runs in ``line``, then spread genre words (see the module docstring for the rule)."""
    return _glue_genre_words(_collapse_runs(line))


def _collapse_runs(line: str) -> str:
    if _CANDIDATE.search(line) is None:
        return line
    spans = [m.span() for m in _TOKEN.finditer(line)]
    tokens = [line[a:b] for a, b in spans]
    kinds = [
        "L" if len(t) == 1 and _LETTER.match(t)
        else "D" if len(t) == 1 and _DIGIT.match(t)
        # Both label forms are 2 to 6 characters: long tokens (figures of a table row) skip them.
        else "P" if 2 <= len(t) <= 6 and (_LABELLED_LETTER.match(t) or (i == 0 and _NUMBERED_LETTER.match(t)))
        else ""
        for i, t in enumerate(tokens)
    ]
    widths = [_gap_width(line[spans[i][1] : spans[i + 1][0]]) for i in range(len(spans) - 1)]

    runs = _find_runs(kinds, widths, tokens)
    if not runs:
        return line

    inside: set[int] = set()  # gap indices (gap g lies between tokens g and g + 1) to remove
    beside = set()  # gaps next to a run, narrowed to one space
    for first, last in runs:
        inside.update(range(first, last))
        if first > 0:
            beside.add(first - 1)
        if last + 1 < len(tokens):
            beside.add(last)
    out = [line[: spans[0][0]]]
    for g, (_, end) in enumerate(spans):
        bare = _NUMBERED_LETTER.match(tokens[g]) if g == 0 and runs[0][0] == 0 else None
        out.append(f"{bare.group(1)} {tokens[g][len(bare.group(1)):]}" if bare else tokens[g])
        if g + 1 < len(spans):
            out.append("" if g in inside else " " if g in beside else line[end : spans[g + 1][0]])
    out.append(line[spans[-1][1] :])
    return "".join(out)
