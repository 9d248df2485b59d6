"""Citizen ID numbers: what a secretary types or imports, and what is stored or rejected."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import ValidationError
from app.validation import IdNumber, id_check_char, make_id_number, mask_id_number, parse_id_number

TODAY = date(2025, 6, 1)


def _reference_check_char(first17: str) -> str:
    """GB 11643-1999 written out from the standard's definition (weights 2^(17-i) mod 11), not from the module."""
    total = sum(int(digit) * (2 ** (17 - i) % 11) for i, digit in enumerate(first17))
    return "10X98765432"[total % 11]


@pytest.mark.parametrize(
    ("text", "value", "birth", "sex", "region"),
    [
        ("11010519491231002X", "11010519491231002X", date(1949, 12, 31), "F", "110105"),
        ("330106198503151238", "330106198503151238", date(1985, 3, 15), "M", "330106"),
        ("510107199901014567", "510107199901014567", date(1999, 1, 1), "F", "510107"),
        ("650102200002297895", "650102200002297895", date(2000, 2, 29), "M", "650102"),
        ("310115201705290006", "310115201705290006", date(2017, 5, 29), "F", "310115"),
        ("150102190001010034", "150102190001010034", date(1900, 1, 1), "M", "150102"),
        ("810000199512310013", "810000199512310013", date(1995, 12, 31), "M", "810000"),
        # lower-case and full-width x, full-width digits, spaces
        ("11010519491231002x", "11010519491231002X", date(1949, 12, 31), "F", "110105"),
        ("43010219800101002ｘ", "43010219800101002X", date(1980, 1, 1), "F", "430102"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X", date(1949, 12, 31), "F", "110105"),
        (" 110105 19491231 002X ", "11010519491231002X", date(1949, 12, 31), "F", "110105"),
        ("110105\u300019491231002X", "11010519491231002X", date(1949, 12, 31), "F", "110105"),
    ],
)
def test_valid_numbers_are_stored_in_canonical_form(text: str, value: str, birth: date, sex: str, region: str) -> None:
    parsed = parse_id_number(text, today=TODAY)
    assert (parsed.value, parsed.birth_date, parsed.sex, parsed.region_code) == (value, birth, sex, region)
    assert parsed.upgraded_from_15 is False
    assert isinstance(parsed, IdNumber)
    assert _reference_check_char(value[:17]) == value[17]


@pytest.mark.parametrize(
    ("old", "new", "birth"),
    [
        ("110105491231002", "11010519491231002X", date(1949, 12, 31)),
        ("330106850315123", "330106198503151238", date(1985, 3, 15)),
        ("１１０１０５４９１２３１００２", "11010519491231002X", date(1949, 12, 31)),
    ],
)
def test_old_15_digit_numbers_are_upgraded_to_18(old: str, new: str, birth: date) -> None:
    parsed = parse_id_number(old, today=TODAY)
    assert parsed.value == new
    assert parsed.birth_date == birth
    assert parsed.upgraded_from_15 is True


@pytest.mark.parametrize(
    ("text", "code", "zh_mentions"),
    [
        ("", "id_number.empty", "为空"),
        ("   ", "id_number.empty", "为空"),
        ("11010519491231002", "id_number.length", "17 位"),
        ("11010519491231002X1", "id_number.length", "19 位"),
        ("1101051949123", "id_number.length", "应为 18 位"),
        ("110105194912310021", "id_number.check_char", "校验位不对，按前 17 位计算应为 X"),
        ("11010519491231002Y", "id_number.characters", "第 18 位是“Y”"),
        ("1101051949123100AX", "id_number.characters", "第 17 位是“A”"),
        ("X10105194912310021", "id_number.characters", "第 1 位是“X”"),
        ("11010519491231002Z", "id_number.characters", "只能由数字组成"),
        ("11010549123100X", "id_number.characters", "第 15 位是“X”"),
        ("abcdefghijklmnopqr", "id_number.characters", "第 1 位是“A”"),
        ("000105194912310021", "id_number.region", "“00”不是有效的省级行政区划代码"),
        ("990105194912310021", "id_number.region", "“99”"),
        ("110105194902300021", "id_number.birth_date", "“19490230”不是真实存在的日期"),
        ("110105190002290021", "id_number.birth_date", "不是真实存在的日期"),  # 1900 was not a leap year
        ("110105194913010021", "id_number.birth_date", "不是真实存在的日期"),
        ("110105490230002", "id_number.birth_date", "“19490230”"),
        ("440524188001010014", "id_number.birth_too_early", "早于 1900 年"),
        ("110105202506020021", "id_number.birth_future", "未来的日期"),
    ],
)
def test_bad_numbers_are_rejected_with_a_reason(text: str, code: str, zh_mentions: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_id_number(text, today=TODAY)
    assert caught.value.code == code
    assert zh_mentions in caught.value.zh
    assert caught.value.en


def test_birth_today_is_accepted_and_tomorrow_is_not() -> None:
    today = make_id_number("110105", TODAY, 1)
    assert parse_id_number(today, today=TODAY).birth_date == TODAY
    with pytest.raises(ValidationError) as caught:
        parse_id_number(today, today=date(2025, 5, 31))
    assert caught.value.code == "id_number.birth_future"


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("11010519491231002", "X"),
        ("44052418800101001", "4"),
        ("33010619850315123", "8"),
        ("15010219000101003", "4"),
        ("31011520170529000", "6"),
    ],
)
def test_check_char(first17: str, check: str) -> None:
    assert id_check_char(first17) == check == _reference_check_char(first17)


@pytest.mark.parametrize("bad", ["", "1101051949123100", "1101051949123100X", "１１０１０５１９４９１２３１００２"])
def test_check_char_needs_17_ascii_digits(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        id_check_char(bad)
    assert caught.value.code == "id_number.first17"


@pytest.mark.parametrize(
    ("region", "birth", "seq", "expected"),
    [
        ("110105", date(1949, 12, 31), 2, "11010519491231002X"),
        ("330106", date(1985, 3, 15), 123, "330106198503151238"),
        ("310115", date(2017, 5, 29), 0, "310115201705290006"),
    ],
)
def test_make_id_number(region: str, birth: date, seq: int, expected: str) -> None:
    assert make_id_number(region, birth, seq) == expected


@pytest.mark.parametrize(
    ("region", "seq", "code"),
    [("11010", 1, "id_number.region"), ("11010a", 1, "id_number.region"), ("110105", 1000, "id_number.sequence")],
)
def test_make_id_number_rejects_bad_parts(region: str, seq: int, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        make_id_number(region, date(1980, 1, 1), seq)
    assert caught.value.code == code


_PROVINCES = ["11", "13", "31", "33", "44", "46", "50", "51", "65", "71", "81", "82"]


@given(
    province=st.sampled_from(_PROVINCES),
    county=st.integers(0, 9999),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    seq=st.integers(0, 999),
)
def test_made_numbers_parse_back(province: str, county: int, birth: date, seq: int) -> None:
    region = f"{province}{county:04d}"
    value = make_id_number(region, birth, seq)
    parsed = parse_id_number(value, today=TODAY)
    assert parsed.value == value
    assert parsed.birth_date == birth
    assert parsed.sex == ("M" if seq % 2 else "F")
    assert parsed.region_code == region
    assert parse_id_number(value.lower(), today=TODAY).value == value


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)),
    seq=st.integers(0, 999),
)
def test_15_digit_form_upgrades_to_the_made_number(birth: date, seq: int) -> None:
    value = make_id_number("110105", birth, seq)
    old = value[:6] + value[8:17]
    assert parse_id_number(old, today=TODAY).value == value


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    seq=st.integers(0, 999),
    wrong=st.sampled_from("0123456789X"),
)
def test_any_wrong_check_char_is_caught(birth: date, seq: int, wrong: str) -> None:
    value = make_id_number("440106", birth, seq)
    if wrong == value[-1]:
        return
    with pytest.raises(ValidationError) as caught:
        parse_id_number(value[:17] + wrong, today=TODAY)
    assert caught.value.code == "id_number.check_char"
    assert f"应为 {value[-1]}" in caught.value.zh


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "110105********002X"),
        ("110105491231002", "110105*****1002"),
        ("12345678901", "123456*8901"),
        ("1234567890", "**********"),
        ("123", "***"),
        ("", ""),
        (None, ""),
        ("  11010519491231002X  ", "110105********002X"),
    ],
)
def test_mask_id_number(value: str | None, masked: str) -> None:
    assert mask_id_number(value) == masked


@given(birth=st.dates(min_value=date(1900, 1, 1), max_value=TODAY), seq=st.integers(0, 999))
def test_mask_never_reveals_birth_date_or_sequence(birth: date, seq: int) -> None:
    value = make_id_number("110105", birth, seq)
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    assert masked[:6] == value[:6] and masked[-4:] == value[-4:]
    assert set(masked[6:14]) == {"*"}


@given(st.text(max_size=30))
def test_mask_never_crashes_and_keeps_length(text: str) -> None:
    masked = mask_id_number(text)
    assert len(masked) == len(text.strip())
    if len(masked) > 10:
        assert set(masked[6:-4]) == {"*"}
