"""Dates as offices type them and as spreadsheets store them.

A date cell may arrive as a date, as an Excel serial number (a cell formatted as a number, or read without its
format), or as text in one of half a dozen local spellings. All of them become a `datetime.date` here, and anything
that is not a real date is rejected with the input quoted, so the secretary can find the cell.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from app.errors import ValidationError
from app.validation._text import to_halfwidth

# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is 1900-02-29, a day that never existed (kept
# for compatibility with Lotus 1-2-3). From serial 61 on, day 0 is therefore 1899-12-30.
EXCEL_MIN_SERIAL = 1
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_EXCEL_FAKE_LEAP_DAY = 60
_EXCEL_EPOCH = date(1899, 12, 30)
_EARLIEST_YEAR = 1900

_TIME_SUFFIX = re.compile(r"[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_WHITESPACE = re.compile(r"\s+")
_SEPARATED = re.compile(r"^(\d{4})([-./])(\d{1,2})\2(\d{1,2})$")
_CHINESE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{1,7}(?:\.\d+)?$")


def parse_date(value: object, *, today: date | None = None, allow_future: bool = True) -> date:
    """Read a date from a cell or a text field.

    `today` decides what is in the future when `allow_future` is False; tests pass it so results do not depend on
    the clock.
    """
    result = _read(value)
    if not allow_future and result > (today or date.today()):
        raise ValidationError(
            f"日期“{_show(value)}”（{result.isoformat()}）晚于今天，这里不能填未来的日期。",
            f"Date {_show(value)!r} ({result.isoformat()}) is in the future, which is not allowed here.",
            code="date.future",
        )
    return result


def excel_serial_to_date(serial: float) -> date:
    """The date of an Excel serial day number (1900 date system); a time-of-day fraction is ignored."""
    if not math.isfinite(serial) or not EXCEL_MIN_SERIAL <= serial < EXCEL_MAX_SERIAL + 1:
        raise ValidationError(
            f"“{serial:g}”不是有效的 Excel 日期序号（应在 {EXCEL_MIN_SERIAL} 到 {EXCEL_MAX_SERIAL} 之间）。",
            f"{serial:g} is not a valid Excel date serial (between {EXCEL_MIN_SERIAL} and {EXCEL_MAX_SERIAL}).",
            code="date.serial_range",
        )
    day = int(serial)
    if day == _EXCEL_FAKE_LEAP_DAY:
        raise ValidationError(
            "Excel 日期序号 60 表示 1900-02-29，这一天并不存在。",
            "Excel date serial 60 stands for 1900-02-29, a day that does not exist.",
            code="date.invalid",
        )
    if day < _EXCEL_FAKE_LEAP_DAY:
        return _EXCEL_EPOCH + timedelta(days=day + 1)
    return _EXCEL_EPOCH + timedelta(days=day)


def _read(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):  # bool is an int subclass; True is not day 1
        raise _unrecognised(value)
    if isinstance(value, int) and 19000101 <= value <= 99991231:
        # An 8-digit number is far beyond any Excel serial: it is yyyymmdd typed into a number cell.
        return _parse_text(str(value), value)
    if isinstance(value, int | float):
        return excel_serial_to_date(value)
    if isinstance(value, str):
        return _parse_text(value, value)
    raise _unrecognised(value)


def _parse_text(text: str, original: object) -> date:
    cleaned = to_halfwidth(text).strip()
    if not cleaned:
        raise ValidationError("日期为空。", "The date is empty.", code="date.empty")
    cleaned = _WHITESPACE.sub("", _TIME_SUFFIX.sub("", cleaned))
    if _SERIAL.match(cleaned) and not _COMPACT.match(cleaned):
        return excel_serial_to_date(float(cleaned))
    for pattern in (_SEPARATED, _CHINESE, _COMPACT):
        match = pattern.match(cleaned)
        if match:
            groups = [group for group in match.groups() if group.isdigit()]
            return _make(int(groups[0]), int(groups[1]), int(groups[2]), original)
    raise _unrecognised(original)


def _make(year: int, month: int, day: int, original: object) -> date:
    if year < _EARLIEST_YEAR:
        raise ValidationError(
            f"日期“{_show(original)}”早于 1900 年，请检查年份。",
            f"Date {_show(original)!r} is before 1900; please check the year.",
            code="date.too_early",
        )
    if not 1 <= month <= 12:
        raise ValidationError(
            f"日期“{_show(original)}”不存在：没有 {month} 月。",
            f"Date {_show(original)!r} does not exist: there is no month {month}.",
            code="date.invalid",
        )
    try:
        result = date(year, month, day)
    except ValueError:
        raise ValidationError(
            f"日期“{_show(original)}”不存在：{year} 年 {month} 月没有 {day} 日。",
            f"Date {_show(original)!r} does not exist: there is no day {day} in month {month} of {year}.",
            code="date.invalid",
        ) from None
    return result


def _show(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def _unrecognised(value: object) -> ValidationError:
    return ValidationError(
        f"无法识别日期“{_show(value)}”，请写成 2017-05-29、2017.5.29 或 2017年5月29日 这样的格式。",
        f"Cannot read {_show(value)!r} as a date; write it like 2017-05-29, 2017.5.29 or 2017年5月29日.",
        code="date.format",
    )
