"""和暦 dates, fiscal years and times as printed in committee papers."""

import pytest

from pipeline.segment.dates import DateError, find_date, find_fiscal_year, find_times


@pytest.mark.parametrize(
    ("text", "iso", "weekday"),
    [
        ("令和5年7月28日(金)", "2023-07-28", "金"),
        ("令和元年7月26日(金)14:00~15:56", "2019-07-26", "金"),
        ("令和六年十月三日", "2024-10-03", None),
        ("平成31年4月30日(火)", "2019-04-30", "火"),
        ("平成元年1月8日", "1989-01-08", None),
        ("2024年5月10日(金曜日)", "2024-05-10", "金"),
        ("令和 5 年 6 月 6 日 (火)", "2023-06-06", "火"),
        ("開催日 令和二十年一月一日", "2038-01-01", None),
        ("令和2年5月1 9日 (火)", "2020-05-19", "火"),
    ],
)
def test_dates_convert_to_iso(text: str, iso: str, weekday: str | None) -> None:
    parsed = find_date(text)
    assert parsed is not None
    assert (parsed.iso, parsed.weekday) == (iso, weekday)


@pytest.mark.parametrize("text", ["平成31年5月1日", "令和元年4月30日", "令和5年2月30日", "令和5年7月28日(月)"])
def test_impossible_dates_are_rejected(text: str) -> None:
    with pytest.raises(DateError):
        find_date(text)


def test_no_date() -> None:
    assert find_date("場所 市役所第二庁舎8階") is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("午後2時00分から", "14:00", None),
        ("14:00~15:56", "14:00", "15:56"),
        ("10時00分から12時00分まで", "10:00", "12:00"),
        ("午前10時", "10:00", None),
        ("午後1時30分~午後3時", "13:30", "15:00"),
        ("午後1時半から3時", "13:30", "15:00"),
        ("午前九時三十分", "09:30", None),
        ("8:45~8:55", "08:45", "08:55"),
        ("正午から", "12:00", None),
        ("午前0時", "00:00", None),
        ("午後0時30分から", "12:30", None),
        ("12時から", "12:00", None),
        ("午前10時～正午", "10:00", "12:00"),
        ("午前10時〜正午", "10:00", "12:00"),
        ("午前10時から正午まで", "10:00", "12:00"),
        ("午前11時から午後0時まで", "11:00", "12:00"),
        ("10時から12時まで", "10:00", "12:00"),
        ("午後1時~3時30分", "13:00", "15:30"),
        ("正午~午後1時", "12:00", "13:00"),
    ],
)
def test_times_are_24_hour(text: str, start: str, end: str | None) -> None:
    assert find_times(text) == (start, end)


def test_fiscal_year() -> None:
    assert find_fiscal_year("令和5年度第2回") == (2023, "令和5年度")
    assert find_fiscal_year("令和元年度") == (2019, "令和元年度")
    assert find_fiscal_year("2024年度 第1回") == (2024, "2024年度")
    assert find_fiscal_year("第2回") is None


def test_date_label_keeps_no_glyph_gap() -> None:
    parsed = find_date("令和2年5月19日 (火) 午前9時開会")
    assert parsed is not None and parsed.label == "令和2年5月19日(火)"
