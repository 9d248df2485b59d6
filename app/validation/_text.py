"""Small text helpers shared by the validators."""

from __future__ import annotations

# Full-width ASCII (U+FF01..U+FF5E) sits exactly 0xFEE0 above its ASCII twin; the ideographic space is U+3000.
# Chinese input methods produce these in spreadsheets all the time, so every parser folds them first.
_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def to_halfwidth(text: str) -> str:
    """Fold full-width digits, Latin letters, punctuation and the ideographic space to ASCII."""
    return text.translate(_HALFWIDTH)


def is_cjk_ideograph(char: str) -> bool:
    """True for a CJK unified or compatibility ideograph, including extensions A to I and the supplementary planes.

    Ranges are listed explicitly rather than read from `unicodedata`, because this Python's Unicode database may
    predate the newest extension and a rare-character name must still be accepted.
    """
    code = ord(char)
    return (
        0x3400 <= code <= 0x4DBF  # extension A
        or 0x4E00 <= code <= 0x9FFF  # unified ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x3FFFF  # planes 2 and 3: extensions B to I and compatibility supplement
        or code == 0x3007  # 〇, used as a digit-like ideograph in some names
    )
