"""Checking and normalising what people type: ID numbers, phone numbers, names, dates, and name pinyin.

Every rejection is an `app.errors.ValidationError` with a Chinese and an English sentence and a stable code, so
that an import report can list row by row what is wrong and the UI can show it as is.
"""

from __future__ import annotations

from app.validation.dates import excel_serial_to_date, parse_date
from app.validation.id_number import IdNumber, id_check_char, make_id_number, mask_id_number, parse_id_number
from app.validation.names import MAX_NAME_LENGTH, MIDDLE_DOT, normalise_name
from app.validation.phone import Phone, mask_phone, parse_phone
from app.validation.pinyin import name_pinyin

__all__ = [
    "MAX_NAME_LENGTH",
    "MIDDLE_DOT",
    "IdNumber",
    "Phone",
    "excel_serial_to_date",
    "id_check_char",
    "make_id_number",
    "mask_id_number",
    "mask_phone",
    "name_pinyin",
    "normalise_name",
    "parse_date",
    "parse_id_number",
    "parse_phone",
]
