"""Pinyin of personal names, for searching a roll by typing "zs" or "zhangsan" instead of 张三.

pypinyin reads characters as ordinary words, so it reads many surnames wrongly (单 as dan, 曾 as ceng); a small
table of surname readings corrects the start of the name. pypinyin loads large dictionaries, so it is imported on
first use, not when the application starts.
"""

from __future__ import annotations

import functools
import re

from app.validation._text import is_cjk_ideograph

# Compound surnames whose ordinary reading differs from the surname reading; checked before single characters.
_COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
    "令狐": ("ling", "hu"),
    "亓官": ("qi", "guan"),
    "宰父": ("zai", "fu"),
    "谷梁": ("gu", "liang"),
}
# Single-character surnames read differently from the everyday word.
_SURNAMES: dict[str, str] = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "乐": "yue",
    "盖": "ge",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "纪": "ji",
    "华": "hua",
    "任": "ren",
    "繁": "po",
    "员": "yun",
    "召": "shao",
    "秘": "bi",
    "种": "chong",
    "折": "she",
    "黑": "he",
    "过": "guo",
    "句": "gou",
    "尉": "wei",
    "沈": "shen",
    "石": "shi",
    "柏": "bai",
    "贲": "ben",
    "车": "che",
    "都": "du",
    "阚": "kan",
    "隗": "wei",
    "冼": "xian",
    "洗": "xian",
    "能": "nai",
    "宿": "su",
    "占": "zhan",
    "粘": "nian",
    "相": "xiang",
    "祭": "zhai",
    "薄": "bo",
    "重": "chong",
    "藏": "zang",
    "褚": "chu",
    "莘": "shen",
    "隽": "juan",
    "呙": "guo",
    "蕃": "pi",
}
_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=65536)
def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower-case, without tones or spaces: 张三 gives ("zhangsan", "zs").

    The initials are the first letters of the Style.NORMAL syllables, which is what Style.FIRST_LETTER gives, so
    one dictionary pass serves both.

    Latin-script parts pass through lower-cased (one initial per word); the middle dot, spaces and hyphens are
    dropped.
    """
    from pypinyin import Style, pinyin

    syllables: list[str] = []
    for position, (run, is_han) in enumerate(_runs(name)):
        if not is_han:
            syllables.extend(word.lower() for word in _WORD.findall(run))
            continue
        rest = run
        if position == 0:
            surname, reading = _surname(run)
            syllables.extend(reading)
            rest = run[len(surname) :]
        if rest:
            readings: list[list[str]] = pinyin(rest, style=Style.NORMAL, heteronym=False)
            syllables.extend(reading[0].lower() for reading in readings if reading)
    full = "".join(syllables)
    initials = "".join(syllable[0] for syllable in syllables if syllable)
    return full, initials


def _surname(run: str) -> tuple[str, tuple[str, ...]]:
    """The surname at the start of a run of Han characters with its reading, or ("", ()) if none is listed."""
    if len(run) >= 3 and run[:2] in _COMPOUND_SURNAMES:
        return run[:2], _COMPOUND_SURNAMES[run[:2]]
    if run[:1] in _SURNAMES:
        return run[:1], (_SURNAMES[run[0]],)
    return "", ()


def _runs(name: str) -> list[tuple[str, bool]]:
    """Split a name into maximal runs of Han and of other characters."""
    runs: list[tuple[str, bool]] = []
    for char in name:
        is_han = is_cjk_ideograph(char)
        if runs and runs[-1][1] == is_han:
            runs[-1] = (runs[-1][0] + char, is_han)
        else:
            runs.append((char, is_han))
    return runs
