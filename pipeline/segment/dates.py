"""Japanese dates and times (和暦, kanji digits, 午前/午後) → ISO 8601.

Era boundaries are checked, so an impossible date such as 平成31年5月1日 (the
Heisei era ended on 30 April 2019) is rejected with a reason instead of being
silently shifted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from pipeline.segment.labels import kanji_number

# era: (first day, last day or None)
ERAS: dict[str, tuple[dt.date, dt.date | None]] = {
    "明治": (dt.date(1868, 1, 25), dt.date(1912, 7, 29)),
    "大正": (dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    "昭和": (dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    "平成": (dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    "令和": (dt.date(2019, 5, 1), None),
}
_ERA_ALIASES = {"R": "令和", "H": "平成", "S": "昭和"}
_NUM = r"(?:\d{1,4}|[〇一二三四五六七八九十百千]{1,5})"
# Month and day digits a justified line spreads apart (5月1 9日): one space between digits.
_SPREAD = r"(?:\d(?: ?\d)?|[〇一二三四五六七八九十]{1,3})"

DATE_RE = regex.compile(
    rf"(?:(?P<era>明治|大正|昭和|平成|令和)\s*(?P<ey>元|{_NUM})\s*年|(?P<wy>\d{{4}})\s*年)"
    rf"\s*(?P<m>{_SPREAD})\s*月\s*(?P<d>{_SPREAD})\s*日"
    r"(?:\s*[(（]\s*(?P<wd>[月火水木金土日])(?:曜日?)?\s*[)）])?"
)
FISCAL_RE = regex.compile(rf"(?P<era>明治|大正|昭和|平成|令和)\s*(?P<ey>元|{_NUM})\s*年度|(?P<wy>\d{{4}})\s*年度")
# A time: 正午, or [午前|午後] H時[M分|半], or H:MM (午前0時 = 00:00, 午後0時 = 正午 = 12:00).
_TIME = (
    rf"(?P<ampm#>午前|午後)?\s*(?:(?P<noon#>正午)|(?P<h#>{_NUM})\s*"
    rf"(?:時\s*(?:(?P<mi#>{_NUM})\s*分|(?P<half#>半))?|:\s*(?P<mc#>\d{{2}})))"
)
# A range: start, an optional verb, then ~ 〜 ～ ー － - or から, the end, and an optional まで.
TIME_RANGE_RE = regex.compile(
    _TIME.replace("#", "1")
    + r"(?:\s*(?:から|より|開始|開会)?\s*(?:[~〜～ー－\-]|から)\s*"
    + _TIME.replace("#", "2")
    + r"(?:\s*まで)?)?"
)


class DateError(ValueError):
    """A printed date that cannot exist (wrong era year, 2月30日 …)."""


def _num(text: str | None) -> int | None:
    if text is None:
        return None
    if text == "元":
        return 1
    return kanji_number(text.replace(" ", ""))


def era_year(era: str, year: int) -> int:
    return ERAS[_ERA_ALIASES.get(era, era)][0].year + year - 1


@dataclass(frozen=True, slots=True)
class ParsedDate:
    iso: str
    label: str
    weekday: str | None
    end: int  # index in the searched text just after the date


def find_date(text: str) -> ParsedDate | None:
    """The first date in ``text``. Raises DateError when it is printed but impossible."""
    m = DATE_RE.search(text)
    if not m:
        return None
    month, day = _num(m["m"]), _num(m["d"])
    if m["era"]:
        ey = _num(m["ey"])
        assert ey is not None
        year = era_year(m["era"], ey)
    else:
        year = int(m["wy"])
    try:
        date = dt.date(year, month or 0, day or 0)
    except ValueError as exc:
        raise DateError(f"impossible date '{m.group(0)}': {exc}") from exc
    if m["era"]:
        first, last = ERAS[m["era"]]
        if date < first or (last is not None and date > last):
            raise DateError(f"impossible date '{m.group(0)}': outside the {m['era']} era")
    weekday = m["wd"]
    if weekday is not None and "月火水木金土日"[date.weekday()] != weekday:
        raise DateError(f"date '{m.group(0)}' does not fall on {weekday}曜日")
    # A printed date holds no meaningful space: any is a glyph gap read as one (日 (火)).
    return ParsedDate(date.isoformat(), "".join(m.group(0).split()), weekday, m.end())


def find_fiscal_year(text: str) -> tuple[int, str] | None:
    m = FISCAL_RE.search(text)
    if not m:
        return None
    if m["era"]:
        ey = _num(m["ey"])
        assert ey is not None
        return era_year(m["era"], ey), m.group(0)
    return int(m["wy"]), m.group(0)


def _hhmm(groups: dict[str, str | None], n: int) -> str | None:
    if groups[f"noon{n}"]:
        return "12:00"
    hour = _num(groups[f"h{n}"])
    if hour is None:
        return None
    minute = _num(groups[f"mi{n}"]) if groups[f"mi{n}"] else None
    if minute is None and groups[f"mc{n}"]:
        minute = int(groups[f"mc{n}"] or 0)
    if minute is None:
        minute = 30 if groups[f"half{n}"] else 0
    ampm = groups[f"ampm{n}"]
    if ampm == "午後" and hour < 12:
        hour += 12
    elif ampm == "午前" and hour == 12:
        hour = 0
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    return f"{hour:02d}:{minute:02d}"


def find_times(text: str) -> tuple[str | None, str | None]:
    """(start, end) as 24-hour HH:MM from forms like 午後2時00分から, 14:00~15:56, 10時から12時まで, 午前10時～正午.

    The end is null when none is printed. An end without 午前/午後 after a 午後
    start is afternoon too (午後1時~3時 → 13:00–15:00).
    """
    m = TIME_RANGE_RE.search(text)
    if not m:
        return None, None
    groups = m.groupdict()
    start = _hhmm(groups, 1)
    end = _hhmm(groups, 2) if groups.get("h2") or groups.get("noon2") else None
    if end is not None and groups.get("ampm2") is None and groups.get("noon2") is None and groups.get("ampm1") == "午後":
        h = int(end[:2])
        if h < 12:
            end = f"{h + 12:02d}:{end[3:]}"
    return start, end
