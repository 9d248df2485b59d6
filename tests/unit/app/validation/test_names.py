"""Personal names: one normal form for Han, minority and Latin-script names; clear rejections."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import ValidationError
from app.validation import MAX_NAME_LENGTH, normalise_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张三", "张三"),
        ("  张三  ", "张三"),
        ("张 三", "张三"),
        ("张\u3000\u3000三", "张三"),
        ("欧阳\t娜娜", "欧阳娜娜"),
        ("阿卜杜·热合曼", "阿卜杜·热合曼"),
        ("阿卜杜•热合曼", "阿卜杜·热合曼"),  # U+2022 bullet
        ("阿卜杜‧热合曼", "阿卜杜·热合曼"),  # U+2027 hyphenation point
        ("阿卜杜・热合曼", "阿卜杜·热合曼"),  # U+30FB katakana middle dot
        ("阿卜杜･热合曼", "阿卜杜·热合曼"),  # U+FF65 half-width katakana middle dot
        ("阿卜杜⋅热合曼", "阿卜杜·热合曼"),  # U+22C5 dot operator
        ("阿卜杜∙热合曼", "阿卜杜·热合曼"),  # U+2219 bullet operator
        ("阿卜杜．热合曼", "阿卜杜·热合曼"),  # U+FF0E full-width full stop
        ("阿卜杜\u02d1热合曼", "阿卜杜·热合曼"),
        ("阿卜杜\u16eb热合曼", "阿卜杜·热合曼"),
        ("阿卜杜\u0387热合曼", "阿卜杜·热合曼"),
        ("阿卜杜.热合曼", "阿卜杜·热合曼"),  # ASCII full stop between Han characters
        ("阿卜杜 · 热合曼", "阿卜杜·热合曼"),
        ("买买提·艾力·吐尔逊", "买买提·艾力·吐尔逊"),
        ("𠀀明", "𠀀明"),  # U+20000, extension B
        ("王𪚥", "王𪚥"),  # U+2A6A5, extension B
        ("李\U00031350", "李\U00031350"),  # extension H
        ("王〇", "王〇"),
        ("John Smith", "John Smith"),
        ("  John   Smith ", "John Smith"),
        ("Ｊｏｈｎ Ｓｍｉｔｈ", "John Smith"),
        ("Anne-Marie O'Neil", "Anne-Marie O'Neil"),
        ("Anne\u2010Marie", "Anne-Marie"),
        ("José", "José"),
        ("Jose\u0301", "José"),  # decomposed accent becomes the composed letter (NFC)
        ("Иван Петров", "Иван Петров"),
        ("张\u200b三", "张三"),  # zero-width space from a pasted web page
        ("丹增 Dorje", "丹增 Dorje"),
        ("a" * MAX_NAME_LENGTH, "a" * MAX_NAME_LENGTH),
        ("𠀀" * MAX_NAME_LENGTH, "𠀀" * MAX_NAME_LENGTH),  # 50 supplementary-plane characters count as 50
    ],
)
def test_names_are_normalised(text: str, expected: str) -> None:
    assert normalise_name(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "zh_mentions"),
    [
        ("", "name.empty", "为空"),
        ("   ", "name.empty", "为空"),
        ("\u3000", "name.empty", "为空"),
        ("张3", "name.digits", "不能包含数字"),
        ("张３", "name.digits", "数字“3”"),
        ("李四2号", "name.digits", "不能包含数字"),
        ("张\x00三", "name.control", "控制字符"),
        ("张\x1b三", "name.control", "U+001B"),
        ("张\u202e三", "name.control", "不可见字符"),
        ("张三!", "name.characters", "“!”"),
        ("张三@家", "name.characters", "不能用于姓名的字符"),
        ("=HYPERLINK()", "name.characters", "“=”"),
        ("张三😀", "name.characters", "不能用于姓名的字符"),
        ("张三.", "name.characters", "“.”"),
        ("·热合曼", "name.middle_dot", "间隔号"),
        ("阿卜杜·", "name.middle_dot", "位置不对"),
        ("阿卜杜··热合曼", "name.middle_dot", "只有一个"),
        ("a" * (MAX_NAME_LENGTH + 1), "name.too_long", "最多 50 个字，这里有 51 个字"),
        ("𠀀" * (MAX_NAME_LENGTH + 1), "name.too_long", "51 个字"),
    ],
)
def test_bad_names_are_rejected_with_a_reason(text: str, code: str, zh_mentions: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalise_name(text)
    assert caught.value.code == code
    assert zh_mentions in caught.value.zh
    assert caught.value.en


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.characters(
    min_codepoint=0x20000, max_codepoint=0x2A6DF
)


@given(st.text(_HAN, min_size=1, max_size=MAX_NAME_LENGTH))
def test_han_names_are_kept_as_they_are(name: str) -> None:
    assert normalise_name(name) == name


@given(st.text(max_size=60))
def test_normalising_is_idempotent_or_rejects(text: str) -> None:
    try:
        name = normalise_name(text)
    except ValidationError as error:
        assert error.code.startswith("name.")
    else:
        assert normalise_name(name) == name
        assert name == unicodedata.normalize("NFC", name)
        assert 1 <= len(name) <= MAX_NAME_LENGTH
