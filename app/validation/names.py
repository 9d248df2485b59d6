"""Personal names: one normal form for Han, minority and Latin-script names.

Names are compared to find duplicates and printed on forms, so the same name typed on two PCs must give the same
string: NFC, no stray spaces inside a Han name, and one middle dot (U+00B7) in transliterated minority names such as
阿卜杜·热合曼, whatever dot-like character the input method produced.
"""

from __future__ import annotations

import re
import unicodedata

from app.errors import ValidationError
from app.validation._text import is_cjk_ideograph, to_halfwidth

MAX_NAME_LENGTH = 50
MIDDLE_DOT = "\u00b7"

# Characters that input methods and fonts produce where a name needs the middle dot.
_DOT_LOOKALIKES = "\u2022\u2027\u30fb\uff65\u22c5\u2219\uff0e\u02d1\u16eb\u0387"
_TO_MIDDLE_DOT = {ord(char): MIDDLE_DOT for char in _DOT_LOOKALIKES}
# Hyphen-like characters in Latin-script names become the ASCII hyphen.
_TO_HYPHEN = {ord(char): "-" for char in "\u2010\u2011\u2012\u2013\u2212\ufe63"}
# Invisible characters that copy-and-paste from web pages and chat apps leave behind; they carry nothing.
_INVISIBLE = {ord(char): None for char in "\u200b\ufeff\u2060"}
_WHITESPACE = re.compile(r"\s+")
# Most names are a few Han characters (unified ideographs and extension A, which NFC leaves alone) and nothing
# else: already in normal form.
_PLAIN_HAN = re.compile(f"[\u3400-\u4dbf\u4e00-\u9fff]{{1,{MAX_NAME_LENGTH}}}")
_SPACES_AROUND_DOT = re.compile(r"\s*\u00b7\s*")


def normalise_name(text: str) -> str:
    """Check a personal name and return its normal form."""
    if text and _PLAIN_HAN.fullmatch(text):
        return text
    name = unicodedata.normalize("NFC", text or "").translate(_INVISIBLE).translate(_TO_MIDDLE_DOT)
    name = to_halfwidth(name).translate(_TO_HYPHEN).strip()
    name = _cjk_full_stops_to_middle_dot(name)
    if not name:
        raise ValidationError("姓名为空。", "The name is empty.", code="name.empty")
    _check_characters(text, name)
    name = _SPACES_AROUND_DOT.sub(MIDDLE_DOT, name)
    # Han names have no spaces ("张 三" is 张三); other scripts keep one space between words.
    separator = " " if any(_is_spaced_letter(char) for char in name) else ""
    name = _WHITESPACE.sub(separator, name)
    if name.startswith(MIDDLE_DOT) or name.endswith(MIDDLE_DOT) or MIDDLE_DOT * 2 in name:
        raise ValidationError(
            f"姓名“{name}”中的间隔号“·”位置不对：只能出现在两段名字之间，且只有一个。",
            f"The middle dot in name {name!r} is misplaced: it goes between two parts of the name, once.",
            code="name.middle_dot",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            f"姓名过长：最多 {MAX_NAME_LENGTH} 个字，这里有 {len(name)} 个字。",
            f"The name is too long: at most {MAX_NAME_LENGTH} characters, this one has {len(name)}.",
            code="name.too_long",
        )
    return name


def _cjk_full_stops_to_middle_dot(name: str) -> str:
    """An ASCII full stop between two Han characters is a middle dot typed the easy way."""
    chars = list(name)
    for index in range(1, len(chars) - 1):
        if chars[index] == "." and is_cjk_ideograph(chars[index - 1]) and is_cjk_ideograph(chars[index + 1]):
            chars[index] = MIDDLE_DOT
    return "".join(chars)


def _is_spaced_letter(char: str) -> bool:
    """A letter of a script that separates words with spaces (Latin, Cyrillic, Arabic, ...), not a Han character."""
    return unicodedata.category(char).startswith("L") and not is_cjk_ideograph(char)


def _check_characters(original: str, name: str) -> None:
    """Letters (any script), Han characters, marks, the middle dot, spaces, hyphens and apostrophes (O'Brien)."""
    for char in name:
        category = unicodedata.category(char)
        if is_cjk_ideograph(char) or category.startswith(("L", "M")) or char in (MIDDLE_DOT, "-", "'"):
            continue
        if category == "Zs" or char in "\t\n\r":  # whitespace; collapsed afterwards
            continue
        if category == "Nd" or char.isdigit():
            raise ValidationError(
                f"姓名“{original}”中含有数字“{char}”，姓名不能包含数字。",
                f"Name {original!r} contains the digit {char!r}; names cannot contain digits.",
                code="name.digits",
            )
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise ValidationError(
                f"姓名“{original}”中含有控制字符或不可见字符（U+{ord(char):04X}），请重新输入。",
                f"Name {original!r} contains a control or invisible character (U+{ord(char):04X}).",
                code="name.control",
            )
        raise ValidationError(
            f"姓名“{original}”中含有不能用于姓名的字符“{char}”。",
            f"Name {original!r} contains the character {char!r}, which cannot be part of a name.",
            code="name.characters",
        )
