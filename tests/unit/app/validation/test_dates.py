"""Dates from cells and text fields: Excel serials, local spellings, and clear rejections."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import ValidationError
from app.validation import excel_serial_to_date, parse_date

TODAY = date(2025, 6, 1)
MEMBERS_DAY = date(2017, 5, 29)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (MEMBERS_DAY, MEMBERS_DAY),
        (datetime(2017, 5, 29, 14, 30), MEMBERS_DAY),
        (42884, MEMBERS_DAY),
        (42884.75, MEMBERS_DAY),  # a time of day in the serial
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (2958465, date(9999, 12, 31)),
        (20170529, MEMBERS_DAY),  # yyyymmdd typed into a number cell
        ("2017-05-29", MEMBERS_DAY),
        ("2017-5-29", MEMBERS_DAY),
        ("2017-5-9", date(2017, 5, 9)),
        ("2017.5.29", MEMBERS_DAY),
        ("2017.05.29", MEMBERS_DAY),
        ("2017/5/29", MEMBERS_DAY),
        ("2017年5月29日", MEMBERS_DAY),
        ("2017年05月29号", MEMBERS_DAY),
        ("2017年5月29", MEMBERS_DAY),
        ("2017 年 5 月 29 日", MEMBERS_DAY),
        ("20170529", MEMBERS_DAY),
        ("２０１７年５月２９日", MEMBERS_DAY),
        ("２０１７－０５－２９", MEMBERS_DAY),
        ("  2017-05-29  ", MEMBERS_DAY),
        ("2017-05-29 00:00:00", MEMBERS_DAY),
        ("2017-05-29T08:15", MEMBERS_DAY),
        ("42884", MEMBERS_DAY),
        ("42884.0", MEMBERS_DAY),
        ("２０１７０５２９", MEMBERS_DAY),
        ("2000-02-29", date(2000, 2, 29)),
    ],
)
def test_dates_are_read(value: object, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "code", "zh_mentions"),
    [
        ("", "date.empty", "为空"),
        ("  ", "date.empty", "为空"),
        ("2017-02-30", "date.invalid", "2017 年 2 月没有 30 日"),
        ("2017年2月29日", "date.invalid", "“2017年2月29日”不存在"),
        ("1900-02-29", "date.invalid", "没有 29 日"),
        ("2017-13-01", "date.invalid", "没有 13 月"),
        ("2017-00-10", "date.invalid", "没有 0 月"),
        ("20170230", "date.invalid", "“20170230”不存在"),
        (20170230, "date.invalid", "“20170230”不存在"),
        ("1899-12-31", "date.too_early", "早于 1900 年"),
        ("0000-01-01", "date.too_early", "早于 1900 年"),
        ("yesterday", "date.format", "无法识别日期“yesterday”"),
        ("2017-05", "date.format", "“2017-05”"),
        ("2017-5/29", "date.format", "无法识别日期"),
        ("17.5.29", "date.format", "无法识别日期"),
        ("5/29/2017", "date.format", "无法识别日期"),
        ("2017年5月29日下午", "date.format", "无法识别日期"),
        (None, "date.format", "“None”"),
        (True, "date.format", "“True”"),
        ([2017, 5, 29], "date.format", "无法识别日期"),
        (0, "date.serial_range", "Excel 日期序号"),
        (-5, "date.serial_range", "“-5”"),
        (2958466, "date.serial_range", "不是有效的 Excel 日期序号"),
        (float("nan"), "date.serial_range", "不是有效的 Excel 日期序号"),
        (float("inf"), "date.serial_range", "不是有效的 Excel 日期序号"),
        ("0", "date.serial_range", "不是有效的 Excel 日期序号"),
        (60, "date.invalid", "1900-02-29"),
        ("60", "date.invalid", "并不存在"),
    ],
)
def test_bad_dates_are_rejected_with_a_reason(value: object, code: str, zh_mentions: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(value)
    assert caught.value.code == code
    assert zh_mentions in caught.value.zh
    assert caught.value.en


@pytest.mark.parametrize("value", ["2025-06-02", date(2030, 1, 1), "2099年1月1日", 45810])
def test_future_dates_are_rejected_when_not_allowed(value: object) -> None:
    assert parse_date(value, today=TODAY) > TODAY  # allowed by default
    with pytest.raises(ValidationError) as caught:
        parse_date(value, today=TODAY, allow_future=False)
    assert caught.value.code == "date.future"
    assert "未来的日期" in caught.value.zh


def test_today_is_not_in_the_future() -> None:
    assert parse_date("2025-06-01", today=TODAY, allow_future=False) == TODAY


@given(st.dates(min_value=date(1900, 1, 1)))
def test_isoformat_round_trips(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.year}年{day.month}月{day.day}日") == day
    assert parse_date(f"{day.year}.{day.month}.{day.day}") == day
    assert parse_date(day.strftime("%Y%m%d").zfill(8)) == day


@given(st.integers(62, 2958465))
def test_serials_after_the_fake_leap_day_are_consecutive(serial: int) -> None:
    assert (excel_serial_to_date(serial) - excel_serial_to_date(serial - 1)).days == 1
    assert parse_date(str(serial)) == excel_serial_to_date(serial)


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.none()))
def test_anything_is_either_a_date_or_a_validation_error(value: object) -> None:
    try:
        result = parse_date(value)
    except ValidationError as error:
        assert error.code.startswith("date.")
    else:
        assert date(1900, 1, 1) <= result <= date(9999, 12, 31)
