"""Japanese numerals, labels, dates and times as municipal documents print them.

Kept apart from the layout code so that every surface form a document may use
(full-width digits, kanji numerals, era years, 元年, ⑴ / （ア） labels …) is
produced in one place and can be checked in isolation.
"""

from __future__ import annotations

import datetime as dt

FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
KANJI_DIGITS = "〇一二三四五六七八九"
KATAKANA = "アイウエオカキクケコサシスセソタチツテト"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN_NUM = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
WEEKDAYS = "月火水木金土日"

#: Digit styles a document may print numbers in.
DIGIT_STYLES = ("ascii", "fullwidth", "kanji")


def kanji_number(n: int) -> str:
    """1..99 as 一 … 九十九 (the positional form used in dates like 十月三日)."""
    if n < 10:
        return KANJI_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else KANJI_DIGITS[tens]
    return head + "十" + (KANJI_DIGITS[ones] if ones else "")


def num(n: int, style: str) -> str:
    """Print ``n`` in a digit style: ``ascii`` 10, ``fullwidth`` １０, ``kanji`` 十."""
    if style == "fullwidth":
        return str(n).translate(FW_DIGITS)
    if style == "kanji":
        return kanji_number(n)
    return str(n)


#: Label styles for numbered lists; each takes the ordinal and returns the label.
LABEL_STYLES = (
    "arabic",
    "fullwidth",
    "paren",
    "paren_fw",
    "paren_circled",
    "circled",
    "katakana",
    "paren_katakana",
    "kanji",
    "bullet",
)


def label(n: int, style: str) -> str:
    """The printed label for ordinal ``n`` in a numbering style (``bullet`` ignores n)."""
    match style:
        case "arabic":
            return str(n)
        case "fullwidth":
            return num(n, "fullwidth")
        case "paren":
            return f"({n})"
        case "paren_fw":
            return f"（{num(n, 'fullwidth')}）"
        case "paren_circled":
            return PAREN_NUM[n - 1]
        case "circled":
            return CIRCLED[n - 1]
        case "katakana":
            return KATAKANA[n - 1]
        case "paren_katakana":
            return f"（{KATAKANA[n - 1]}）"
        case "kanji":
            return kanji_number(n)
        case "bullet":
            return "・"
    raise ValueError(style)


def era_year(year: int, month: int, day: int) -> tuple[str, int]:
    """The era name and era year of a western date (令和 from 2019-05-01)."""
    if (year, month, day) >= (2019, 5, 1):
        return "令和", year - 2018
    return "平成", year - 1988


def era_year_text(era_n: int, digits: str) -> str:
    """Era year number as printed: 元 for the first year, else in ``digits`` style."""
    return "元" if era_n == 1 else num(era_n, digits)


def format_date(d: dt.date, *, western: bool, digits: str, weekday: str | None) -> str:
    """A meeting date as printed: 令和５年７月２８日（金）, 2024年5月10日, 令和六年十月三日.

    ``weekday`` is None (no weekday) or a pair of brackets such as "（）" / "()".
    """
    if western:
        text = f"{num(d.year, 'ascii' if digits == 'kanji' else digits)}年"
    else:
        era, n = era_year(d.year, d.month, d.day)
        text = f"{era}{era_year_text(n, digits)}年"
    text += f"{num(d.month, digits)}月{num(d.day, digits)}日"
    if weekday:
        text += f"{weekday[0]}{WEEKDAYS[d.weekday()]}{weekday[1]}"
    return text


def fiscal_year(d: dt.date) -> int:
    """Japanese fiscal year (April to March) a date belongs to."""
    return d.year if d.month >= 4 else d.year - 1


def format_fiscal_year(d: dt.date, digits: str) -> str:
    """The 年度 of a meeting date in the era in force on that date.

    令和５年度, 令和元年度, and 平成３１年度 for April 2019 (before the era changed).
    """
    fy = fiscal_year(d)
    era, _ = era_year(d.year, d.month, d.day)
    n = fy - 2018 if era == "令和" else fy - 1988
    return f"{era}{era_year_text(n, digits)}年度"


#: Time styles: 午前10時00分 / 午後2時 (start only), 14:00～15:56, 10時00分から12時00分まで.
TIME_STYLES = ("gozen", "colon_range", "kara_made")


def _ampm(t: dt.time, digits: str, minutes: bool) -> str:
    half = "午前" if t.hour < 12 else "午後"
    hour = t.hour if t.hour <= 12 else t.hour - 12
    text = f"{half}{num(hour, digits)}時"
    if minutes or t.minute:
        text += (
            f"{num(t.minute // 10, digits)}{num(t.minute % 10, digits)}分"
            if digits != "kanji"
            else (f"{kanji_number(t.minute)}分" if t.minute else "")
        )
    return text


def format_time(
    start: dt.time, end: dt.time | None, style: str, digits: str, minutes: bool = True
) -> str:
    """Meeting time as printed; ``end`` is printed only by the range styles."""
    if digits == "kanji":
        digits = "ascii"  # kanji clock times are rare enough to leave out
    if style == "gozen":
        return _ampm(start, digits, minutes) + (
            "から" if end is None else f"～{_ampm(end, digits, minutes)}"
        )
    if style == "colon_range":
        text = (
            num(start.hour, digits)
            + ("：" if digits == "fullwidth" else ":")
            + f"{num(start.minute // 10, digits)}{num(start.minute % 10, digits)}"
        )
        if end is not None:
            text += (
                "～"
                + num(end.hour, digits)
                + ("：" if digits == "fullwidth" else ":")
                + f"{num(end.minute // 10, digits)}{num(end.minute % 10, digits)}"
            )
        return text
    text = f"{num(start.hour, digits)}時{num(start.minute // 10, digits)}{num(start.minute % 10, digits)}分から"
    if end is not None:
        text += f"{num(end.hour, digits)}時{num(end.minute // 10, digits)}{num(end.minute % 10, digits)}分まで"
    return text


def hhmm(t: dt.time) -> str:
    """Neutral fact form of a clock time."""
    return f"{t.hour:02d}:{t.minute:02d}"
