"""Mainland Chinese phone numbers: mobiles and landlines, in the many ways people write them.

A roll is searched and deduplicated by phone number, so each number is stored in one normal form: a mobile as 11
digits ("13812345678"), a landline as "area-local" with an optional "-extension" ("0571-87654321-8001").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from app.errors import ValidationError
from app.validation._text import to_halfwidth

_ALLOWED = re.compile(r"^[0-9+()\-.\s]*$")
# Spelled-out extensions: 转, 分机, ext, x, #.  A trailing "-digits" is tried as an extension only if the number
# does not read as a phone number with it.
_EXTENSION_WORD = re.compile(r"^(?P<main>.+?)\s*(?:转|分机|ext\.?|x|#|,)\s*(?P<ext>\d{1,6})$", re.IGNORECASE)
_EXTENSION_HYPHEN = re.compile(r"^(?P<main>.+)-(?P<ext>\d{1,6})$")
_SEPARATORS = re.compile(r"[\s()\-.]")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# 010 and 020-029 have 3-digit area codes, every other area code has 4 digits; local numbers have 7 or 8 digits.
_LANDLINE = re.compile(r"^(?P<area>010|02\d|0[3-9]\d{2})(?P<local>\d{7,8})$")


@dataclass(frozen=True)
class Phone:
    """A checked phone number in its normal form."""

    value: str
    kind: Literal["mobile", "landline"]


def parse_phone(text: str) -> Phone:
    """Check a phone number as typed or imported and return it in normal form."""
    if text and _MOBILE.fullmatch(text):
        return Phone(text, "mobile")  # the usual case, already in normal form
    raw = to_halfwidth(text or "").strip()
    if not raw:
        raise ValidationError("电话号码为空。", "The phone number is empty.", code="phone.empty")
    main, extension = raw, ""
    worded = _EXTENSION_WORD.match(raw)
    if worded:
        main, extension = worded["main"], worded["ext"]
    if not _ALLOWED.match(main):
        raise ValidationError(
            f"电话号码“{text}”含有数字以外的字符，只能有数字、空格、横线、括号和开头的 +86。",
            f"Phone number {text!r} contains characters other than digits, spaces, hyphens, brackets and +86.",
            code="phone.characters",
        )
    phone = _read(main, extension)
    if phone is None and not extension:
        hyphenated = _EXTENSION_HYPHEN.match(main.strip())
        if hyphenated:
            phone = _read(hyphenated["main"], hyphenated["ext"])
    if phone is not None:
        return phone
    raise _explain(text, _digits(main))


def mask_phone(value: str | None) -> str:
    """Hide the middle of a phone number: "138****5678", "0571-****4321"; anything else keeps only its last 4."""
    text = (value or "").strip()
    try:
        phone = parse_phone(text)
    except ValidationError:
        return "*" * len(text) if len(text) <= 4 else "*" * (len(text) - 4) + text[-4:]
    if phone.kind == "mobile":
        return phone.value[:3] + "****" + phone.value[-4:]
    area, local, *extension = phone.value.split("-")
    return "-".join([area, "*" * (len(local) - 4) + local[-4:], *extension])


def _digits(text: str) -> str:
    """The number without separators, with a leading + kept so that country codes can be recognised."""
    return _SEPARATORS.sub("", text)


def _read(main: str, extension: str) -> Phone | None:
    """The phone number `main` (plus extension) in normal form, or None if it is not one."""
    digits = _digits(main)
    if digits.count("+") > 1 or "+" in digits[1:]:
        return None
    national = digits
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            national = digits[len(prefix) :]
            # Written internationally, a landline drops the trunk 0: +86 571 87654321, +86 10 12345678.
            if not _MOBILE.match(national):
                national = "0" + national
            break
    else:
        if digits.startswith("+"):
            return None
        if len(digits) == 13 and digits.startswith("86") and _MOBILE.match(digits[2:]):
            national = digits[2:]
    if _MOBILE.match(national):
        return None if extension else Phone(national, "mobile")
    landline = _LANDLINE.match(national)
    if landline:
        value = f"{landline['area']}-{landline['local']}" + (f"-{extension}" if extension else "")
        return Phone(value, "landline")
    return None


def _explain(text: str, digits: str) -> ValidationError:
    """The most helpful rejection for a number that is neither a mobile nor a landline."""
    national = digits.removeprefix("+86").removeprefix("0086")
    if national.startswith("1"):
        if len(national) != 11:
            return ValidationError(
                f"手机号码应为 11 位数字，“{text}”是 {len(national)} 位。",
                f"A mobile number has 11 digits; {text!r} has {len(national)}.",
                code="phone.mobile_length",
            )
        return ValidationError(
            f"“{text}”不是有效的手机号码：手机号码以 13 至 19 开头。",
            f"{text!r} is not a valid mobile number: mobile numbers start with 13 to 19.",
            code="phone.mobile_prefix",
        )
    if national.startswith("0"):
        return ValidationError(
            f"“{text}”不是有效的固定电话号码：应为区号（如 010、0571）加 7 至 8 位号码。",
            f"{text!r} is not a valid landline number: an area code (such as 010 or 0571) and 7 to 8 digits.",
            code="phone.landline",
        )
    return ValidationError(
        f"“{text}”不是有效的电话号码：手机号码为 11 位，固定电话需带区号（如 0571-87654321）。",
        f"{text!r} is not a valid phone number: mobiles have 11 digits, landlines need an area code "
        "(such as 0571-87654321).",
        code="phone.format",
    )
