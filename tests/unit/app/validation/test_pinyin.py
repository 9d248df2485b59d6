"""Name pinyin for search: full syllables and initials, with surname readings corrected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.validation import name_pinyin

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("张三", "zhangsan", "zs"),
        ("单雄信", "shanxiongxin", "sxx"),
        ("曾国藩", "zengguofan", "zgf"),
        ("曾经伟", "zengjingwei", "zjw"),
        ("解缙", "xiejin", "xj"),
        ("仇英", "qiuying", "qy"),
        ("区丽", "ouli", "ol"),
        ("查良镛", "zhaliangyong", "zly"),
        ("朴槿惠", "piaojinhui", "pjh"),
        ("乐嘉", "yuejia", "yj"),
        ("盖聂", "genie", "gn"),
        ("覃明", "qinming", "qm"),
        ("缪斯", "miaosi", "ms"),
        ("翟天", "zhaitian", "zt"),
        ("任平", "renping", "rp"),
        ("召南", "shaonan", "sn"),
        ("种师道", "chongshidao", "csd"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("吕布", "lvbu", "lb"),
        ("阿卜杜·热合曼", None, None),
        ("John Smith", "johnsmith", "js"),
        ("Anna李", "annali", "al"),
        ("丹增 Dorje", "danzengdorje", "dzd"),
        ("李单", "lidan", "ld"),  # the surname table applies to the first character only
        ("", "", ""),
    ],
)
def test_name_pinyin(name: str, full: str | None, initials: str | None) -> None:
    result = name_pinyin(name)
    if full is not None:
        assert result == (full, initials)
    assert result[0] == result[0].lower()
    assert " " not in result[0] and "·" not in result[0]


def test_middle_dot_is_dropped() -> None:
    assert name_pinyin("阿卜杜·热合曼") == (
        name_pinyin("阿卜杜")[0] + name_pinyin("热合曼")[0],
        name_pinyin("阿卜杜")[1] + name_pinyin("热合曼")[1],
    )


def test_importing_the_package_does_not_load_pypinyin() -> None:
    code = "import sys, app.validation; print('pypinyin' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_results_are_cached() -> None:
    name_pinyin.cache_clear()
    name_pinyin("张三")
    name_pinyin("张三")
    info = name_pinyin.cache_info()
    assert (info.hits, info.misses, info.maxsize) == (1, 1, 65536)
