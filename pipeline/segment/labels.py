"""Numbering labels of Japanese administrative documents, and their meaning.

Committee papers number their outlines with a small, fixed set of families
(1 / (1) / ⑴ / ① / ア / (ア) / 一 / ・ …). Recognising the family matters more
than the digit: outline depth is decided by the order in which families first
appear, not by a fixed ranking, because cities nest them differently.

Input is normalized text (full-width digits and brackets already half-width).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from pipeline.models import Label

_KATAKANA_ORDER = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA_ORDER = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
_KANJI_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)} | {chr(0x3251 + i): 21 + i for i in range(15)}
_PAREN_CIRCLED = {chr(0x2474 + i): i + 1 for i in range(20)}  # ⑴ … ⒇
_FULL_STOP_DIGIT = {chr(0x2488 + i): i + 1 for i in range(20)}  # ⒈ … ⒛


def kanji_number(text: str) -> int | None:
    """Read a kanji numeral (一, 十二, 二十三, 百五) or plain digits; None if it is neither."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _KANJI_DIGITS and ch not in "十百千" for ch in text):
        return None
    if all(ch in _KANJI_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_KANJI_DIGITS[ch]) for ch in text))  # 二〇二三 style
    total, current = 0, 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            current = _KANJI_DIGITS[ch]
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (current or 1) * unit
            current = 0
    return total + current


@dataclass(frozen=True, slots=True)
class Labelled:
    """A line split into its numbering label and the text after it."""

    label: Label
    rest: str


# Order matters: longer, more specific forms first.
_PATTERNS: list[tuple[str, regex.Pattern[str]]] = [
    ("paren", regex.compile(r"^\((\d{1,3})\)\s*(.*)$")),
    ("paren_katakana", regex.compile(r"^\(([ア-ン])\)\s*(.*)$")),
    ("paren_kanji", regex.compile(r"^\(([一二三四五六七八九十]{1,3})\)\s*(.*)$")),
    ("paren_circled", regex.compile(r"^([\u2474-\u2487])\s*(.*)$")),
    ("circled", regex.compile(r"^([\u2460-\u2473\u3251-\u325f])\s*(.*)$")),
    # "1." and "1 " are different families: cities nest 1. under 1 (議事次第 inside item 3).
    ("arabic_dot", regex.compile(r"^(\d{1,3})[.．、]\s*(?![\d%])(\S.*)$")),
    # A number followed by a date/time unit and a break ("7 月 28 日", "3 日)") is a date, not a label.
    ("arabic", regex.compile(r"^(\d{1,3})\s+(?![\d:%]|[年月日時分](?!\p{Han}))(\S.*)$")),
    ("arabic_stop", regex.compile(r"^([\u2488-\u249b])\s*(.*)$")),
    ("katakana", regex.compile(r"^([ア-ン])(?:[.．、]\s*|\s+)(\S.*)$")),
    ("kanji", regex.compile(r"^([一二三四五六七八九十]{1,3})(?:[.．、]\s*|\s+)(\S.*)$")),
    # 日程第1 / 第 1 会期の決定: council agendas number items with 第N.
    ("dai", regex.compile(r"^(?:日程)?第\s*(\d{1,3})\s+(?![条項号回次章節期年])(\S.*)$")),
    ("bullet", regex.compile(r"^([・●○◯◎■□◆◇▪▫➤➢►▶])\s*(\S.*)$")),
]


def label_number(style: str, token: str) -> int | None:
    if style in ("paren", "arabic", "arabic_dot", "dai"):
        return int(token)
    if style in ("paren_katakana", "katakana"):
        return _KATAKANA_ORDER.index(token) + 1 if token in _KATAKANA_ORDER else None
    if style in ("paren_kanji", "kanji"):
        return kanji_number(token)
    if style == "paren_circled":
        return _PAREN_CIRCLED[token]
    if style == "circled":
        return _CIRCLED[token]
    if style == "arabic_stop":
        return _FULL_STOP_DIGIT[token]
    return None


# Every family at once: a line none of them matches (most lines) costs one match, not twelve.
_ANY_PATTERN = regex.compile("|".join(f"(?:{pattern.pattern})" for _style, pattern in _PATTERNS))


def split_label(line: str) -> Labelled | None:
    """Split a leading numbering label off a normalized line, or return None.

    The printed label is rebuilt from the matched prefix so '1. 開会' keeps '1.'.
    A number followed by a date or time unit ('2 月', '14:00') is not a label.
    """
    found = _split(line.strip())
    if found is None:
        return None
    printed, number, style, rest = found
    return Labelled(Label(printed=printed, number=number, style=style), rest)


# The largest number split_label reads in a family of plain numbers (their patterns' \d{1,3}).
MAX_LABEL_NUMBER = 999
# The families whose label is a plain number, with any number of digits. _PATTERNS read at most
# three, so that an amount or a year (1000 千円, 2024 年度) starting a line is not a label; only a
# list that has counted to 999 is read on past it (:func:`label_after`).
_ANY_DIGITS = {
    style: regex.compile(pattern.pattern.replace(r"\d{1,3}", r"\d+"))
    for style, pattern in _PATTERNS
    if r"\d{1,3}" in pattern.pattern
}


def label_after(line: str, style: str, number: int) -> Labelled | None:
    """The label of ``line`` when it is the item after ``number`` in family ``style``
    and has more digits than :func:`split_label` reads: 1000 after 999.

    Why a rule of its own: a public comment sheet may hold more than 999
    numbered opinions, and the item after 999 is known exactly (``number + 1``,
    in the list's own family), which an amount at the start of a line is not.
    """
    pattern = _ANY_DIGITS.get(style)
    if pattern is None or number < MAX_LABEL_NUMBER:
        return None
    text = line.strip()
    m = pattern.match(text)
    found = _read(style, m, text) if m is not None else None
    if found is None or found[1] != number + 1:
        return None
    printed, next_number, _style, rest = found
    return Labelled(Label(printed=printed, number=next_number, style=style), rest)


def has_label(line: str) -> bool:
    """Whether :func:`split_label` finds a label, without building it: asked of
    nearly every line (a label starts a paragraph or a block), where the Label,
    a validated model, would be thrown away."""
    return _split(line.strip()) is not None


@lru_cache(maxsize=8192)
def _split(text: str) -> tuple[str, int | None, str, str] | None:
    """:func:`split_label` as plain values, remembered per text: every section kind
    asks it of the same lines, once per segment and again per block. (The Label,
    a mutable model, is built fresh by the caller, so no two elements share one.)"""
    if _ANY_PATTERN.match(text) is None:
        return None
    for style, pattern in _PATTERNS:
        m = pattern.match(text)
        found = _read(style, m, text) if m else None
        if found is not None:
            return found
    return None


def _read(style: str, m: regex.Match[str], text: str) -> tuple[str, int | None, str, str] | None:
    """(printed label, number, style, rest) of ``text`` matched by family ``style``'s pattern;
    None for a label with nothing after it, which only the bracketed and circled forms may be."""
    token, rest = m.group(1), m.group(2).strip()
    if not rest and style not in ("paren_circled", "circled", "paren"):
        return None
    printed = text[: len(text) - len(m.group(2))].strip() if m.group(2) else text
    return printed, label_number(style, token), style, rest
