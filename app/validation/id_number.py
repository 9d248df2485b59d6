"""Citizen ID numbers (公民身份号码) per GB 11643-1999, with the ISO 7064 MOD 11-2 check character.

Office spreadsheets hold these in every shape: full-width digits, a lower-case x, spaces, and the old 15-digit
numbers issued before 1999. `parse_id_number` accepts all of them and stores one canonical 18-character form, so
that duplicates are found and the number printed in reports is the one on the card.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from app.errors import ValidationError
from app.validation._text import to_halfwidth

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

# Province-level prefixes of GB/T 2260, plus 83 (Taiwan residents' residence permits use the same number format).
# Anything else (00, 19, 99, ...) cannot be on a real card and is almost always a typing or column mistake.
_PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}
    | {"71", "81", "82", "83"}
)
_EARLIEST_BIRTH = date(1900, 1, 1)
_SPACES = re.compile(r"\s+")
# An ID number typed cleanly (ASCII digits, an upper-case X last): nothing to fold or to explain.
_PLAIN = re.compile(r"[0-9]{17}[0-9X]|[0-9]{15}")


@dataclass(frozen=True)
class IdNumber:
    """A checked citizen ID number and what it says about its holder."""

    value: str  # 18 characters, a final check character X is upper-case
    birth_date: date
    sex: Literal["M", "F"]  # the 17th digit: odd for men, even for women
    region_code: str  # first 6 digits: the county where the number was issued
    upgraded_from_15: bool  # typed as an old 15-digit number and upgraded to 18


def id_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValidationError(
            f"计算校验位需要 17 位数字，收到的是“{first17}”。",
            f"The check character needs exactly 17 digits, got {first17!r}.",
            code="id_number.first17",
        )
    total = sum(map(operator.mul, map(int, first17), _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def parse_id_number(text: str, *, today: date | None = None) -> IdNumber:
    """Check an ID number as typed or imported and return its canonical 18-character form.

    `today` decides what counts as a future birth date; tests pass it so that results do not depend on the clock.
    """
    today = today or date.today()
    value = text if _PLAIN.fullmatch(text or "") else _SPACES.sub("", to_halfwidth(text or "")).upper()
    if not value:
        raise ValidationError("公民身份号码为空。", "The ID number is empty.", code="id_number.empty")
    if len(value) not in (15, 18):
        raise ValidationError(
            f"公民身份号码应为 18 位（旧号码为 15 位），“{value}”是 {len(value)} 位。",
            f"An ID number has 18 characters (old numbers 15); {value!r} has {len(value)}.",
            code="id_number.length",
        )
    if not _PLAIN.fullmatch(value):
        _check_characters(value)
    upgraded = len(value) == 15
    first17 = value[:6] + "19" + value[6:] if upgraded else value[:17]
    region = first17[:6]
    if region[:2] not in _PROVINCES:
        raise ValidationError(
            f"公民身份号码的前两位“{region[:2]}”不是有效的省级行政区划代码。",
            f"The first two digits {region[:2]!r} of the ID number are not a valid province code.",
            code="id_number.region",
        )
    birth = _birth_date(first17[6:14], today)
    expected = id_check_char(first17)
    if not upgraded and value[17] != expected:
        raise ValidationError(
            f"公民身份号码“{value}”的校验位不对，按前 17 位计算应为 {expected}，请核对整个号码。",
            f"The check character of ID number {value!r} is wrong: from the first 17 digits it should be "
            f"{expected}. Please check the whole number.",
            code="id_number.check_char",
        )
    return IdNumber(
        value=first17 + expected,
        birth_date=birth,
        sex="M" if int(first17[16]) % 2 else "F",
        region_code=region,
        upgraded_from_15=upgraded,
    )


def make_id_number(region6: str, birth: date, seq3: int) -> str:
    """Build a valid 18-character ID number, for demonstration data; the parity of `seq3` decides the sex."""
    if len(region6) != 6 or not region6.isascii() or not region6.isdigit():
        raise ValidationError(
            f"行政区划代码应为 6 位数字，收到的是“{region6}”。",
            f"The region code must be 6 digits, got {region6!r}.",
            code="id_number.region",
        )
    if not 0 <= seq3 <= 999:
        raise ValidationError(
            f"顺序码应在 0 到 999 之间，收到的是 {seq3}。",
            f"The sequence number must be between 0 and 999, got {seq3}.",
            code="id_number.sequence",
        )
    first17 = f"{region6}{birth:%Y%m%d}{seq3:03d}"
    if len(first17) != 17:  # a year before 1000 formats with fewer digits on some platforms
        raise ValidationError(
            f"出生日期 {birth.isoformat()} 不能用于公民身份号码。",
            f"Birth date {birth.isoformat()} cannot be used in an ID number.",
            code="id_number.birth_date",
        )
    return first17 + id_check_char(first17)


def mask_id_number(value: str | None) -> str:
    """Hide the birth date and sequence: keep the first 6 and last 4 characters, keep the length.

    Lists and printouts show only this form (PIPL: least exposure). Input too short to hide anything meaningful is
    masked completely, and None gives an empty string, so a half-filled row never crashes a report.
    """
    text = (value or "").strip()
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def _check_characters(value: str) -> None:
    """Only ASCII digits, except that the 18th character of an 18-character number may be X."""
    for position, char in enumerate(value, 1):
        if "0" <= char <= "9" or (char == "X" and position == 18):
            continue
        raise ValidationError(
            f"公民身份号码只能由数字组成（18 位号码的最后一位可以是 X），第 {position} 位是“{char}”。",
            f"An ID number consists of digits (the last of 18 may be X); character {position} is {char!r}.",
            code="id_number.characters",
        )


def _birth_date(yyyymmdd: str, today: date) -> date:
    """The birth date in the number: a real calendar date, not before 1900 and not after today."""
    try:
        birth = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        raise ValidationError(
            f"公民身份号码中的出生日期“{yyyymmdd}”不是真实存在的日期。",
            f"The birth date {yyyymmdd!r} in the ID number is not a real date.",
            code="id_number.birth_date",
        ) from None
    if birth < _EARLIEST_BIRTH:
        raise ValidationError(
            f"公民身份号码中的出生日期 {birth.isoformat()} 早于 1900 年。",
            f"The birth date {birth.isoformat()} in the ID number is before 1900.",
            code="id_number.birth_too_early",
        )
    if birth > today:
        raise ValidationError(
            f"公民身份号码中的出生日期 {birth.isoformat()} 晚于今天，是未来的日期。",
            f"The birth date {birth.isoformat()} in the ID number is in the future.",
            code="id_number.birth_future",
        )
    return birth
