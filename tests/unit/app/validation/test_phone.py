"""Phone numbers: the ways people write them, one stored form, and masking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import ValidationError
from app.validation import Phone, mask_phone, parse_phone


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("13812345678", "13812345678", "mobile"),
        ("+86 138 1234 5678", "13812345678", "mobile"),
        ("+8613812345678", "13812345678", "mobile"),
        ("0086 138-1234-5678", "13812345678", "mobile"),
        ("8613812345678", "13812345678", "mobile"),
        ("１３８１２３４５６７８", "13812345678", "mobile"),
        ("＋８６ １３８ １２３４ ５６７８", "13812345678", "mobile"),
        ("138-1234-5678", "13812345678", "mobile"),
        ("(+86) 199 0000 1111", "19900001111", "mobile"),
        (" 15012345678 ", "15012345678", "mobile"),
        ("(0571)87654321", "0571-87654321", "landline"),
        ("（０５７１）８７６５４３２１", "0571-87654321", "landline"),
        ("0571-87654321", "0571-87654321", "landline"),
        ("057187654321", "0571-87654321", "landline"),
        ("0571 8765 4321", "0571-87654321", "landline"),
        ("010-12345678", "010-12345678", "landline"),
        ("01012345678", "010-12345678", "landline"),
        ("021-6123456", "021-6123456", "landline"),
        ("0755-2612345", "0755-2612345", "landline"),
        ("0571-87654321-8001", "0571-87654321-8001", "landline"),
        ("0571-87654321转8001", "0571-87654321-8001", "landline"),
        ("0571-87654321 分机 12", "0571-87654321-12", "landline"),
        ("010-12345678 ext. 5", "010-12345678-5", "landline"),
        ("+86 571 87654321", "0571-87654321", "landline"),
        ("+86 10 12345678", "010-12345678", "landline"),
    ],
)
def test_valid_numbers_are_normalised(text: str, value: str, kind: str) -> None:
    assert parse_phone(text) == Phone(value, kind)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "code", "zh_mentions"),
    [
        ("", "phone.empty", "为空"),
        ("  ", "phone.empty", "为空"),
        ("12345678901", "phone.mobile_prefix", "13 至 19 开头"),
        ("1381234567", "phone.mobile_length", "10 位"),
        ("138123456789", "phone.mobile_length", "12 位"),
        ("+86 138 1234 567", "phone.mobile_length", "应为 11 位"),
        ("13812345678-12", "phone.mobile_length", "13 位"),
        ("138 1234 567a", "phone.characters", "数字以外的字符"),
        ("电话13812345678", "phone.characters", "数字以外的字符"),
        ("0571-12345", "phone.landline", "区号"),
        ("0571-123456789", "phone.landline", "7 至 8 位"),
        ("0012345678", "phone.landline", "区号"),
        ("87654321", "phone.format", "需带区号"),
        ("+1 415 555 0100", "phone.format", "不是有效的电话号码"),
        ("+86+13812345678", "phone.format", "不是有效的电话号码"),
    ],
)
def test_bad_numbers_are_rejected_with_a_reason(text: str, code: str, zh_mentions: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_phone(text)
    assert caught.value.code == code
    assert zh_mentions in caught.value.zh
    assert caught.value.en


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("0571-87654321", "0571-****4321"),
        ("010-1234567", "010-***4567"),
        ("0571-87654321-8001", "0571-****4321-8001"),
        ("12345", "*2345"),
        ("123", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(value: str | None, masked: str) -> None:
    assert mask_phone(value) == masked


@given(prefix=st.integers(13, 19), rest=st.integers(0, 10**9 - 1))
def test_every_mobile_parses_and_masks(prefix: int, rest: int) -> None:
    number = f"{prefix}{rest:09d}"
    spaced = f"+86 {number[:3]} {number[3:7]} {number[7:]}"
    assert parse_phone(spaced) == Phone(number, "mobile")
    masked = mask_phone(number)
    assert masked == number[:3] + "****" + number[-4:]


@given(st.text(max_size=25))
def test_anything_is_either_a_phone_or_a_validation_error(text: str) -> None:
    try:
        phone = parse_phone(text)
    except ValidationError as error:
        assert error.code.startswith("phone.")
    else:
        assert parse_phone(phone.value) == phone
    assert isinstance(mask_phone(text), str)
