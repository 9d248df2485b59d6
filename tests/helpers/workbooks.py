"""Workbooks for import tests, made here with openpyxl: a messy member roll as offices keep them, and broken files.

The messy roll covers every spreadsheet case of the testing guide's bad-input list; `MESSY_EXPECTED` says what the
import must make of each of its rows when the database holds `existing_members()`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

TODAY = date(2026, 11, 23)
REGION6 = "440105"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2, written out here so that the tests do not trust the code they check."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_number(birth: date, seq: int, region6: str = REGION6) -> str:
    first17 = f"{region6}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def id_ending_in_x(birth: date) -> str:
    """A valid ID number whose check character is X."""
    return next(n for n in (id_number(birth, seq) for seq in range(1000)) if n.endswith("X"))


def wrong_check_char(number: str) -> str:
    last = "0" if number[-1] != "0" else "1"
    return number[:17] + last


def old_15(birth: date, seq: int) -> tuple[str, str]:
    """An old 15-digit number and the 18-digit number it becomes."""
    short = f"{REGION6}{birth:%y%m%d}{seq:03d}"
    first17 = f"{REGION6}{birth:%Y%m%d}{seq:03d}"
    return short, first17 + check_char(first17)


# --- the messy roll -------------------------------------------------------------------------------------------

# Members already on the roll before the messy roll is imported: (name, ID number, phone).
EXISTING_SAME = ("陈十三", id_number(date(1970, 3, 3), 13), "13800138013")
EXISTING_CHANGED = ("褚十四", id_number(date(1971, 4, 4), 14), "13800138014")
EXISTING_SAME_NAME_BIRTH = ("蒋十六", id_number(date(1975, 6, 6), 16), "")

ZHANG = id_number(date(1980, 1, 1), 11)
LI = id_ending_in_x(date(1985, 3, 12))
WANG = id_number(date(1990, 7, 8), 21)
ZHAO_15, ZHAO_18 = old_15(date(1962, 2, 2), 31)
QIAN_WRONG = wrong_check_char(id_number(date(1966, 6, 6), 41))
SUN_AS_NUMBER = int(id_number(date(1968, 8, 8), 51).replace("X", "1"))
ABDU = id_number(date(1979, 9, 9), 61)
JI = id_number(date(1991, 1, 1), 71)
ZHOU = id_number(date(1992, 2, 2), 81)
WU = id_number(date(1993, 3, 3), 91)
ZHENG = id_number(date(1994, 4, 4), 101)
FENG = id_number(date(1995, 5, 5), 111)
WEI = id_number(date(1996, 6, 6), 121)
JIANG_OTHER = id_number(date(1975, 6, 6), 17)  # not on the roll, but a member with this name and birth is
LONG_NOTES = "常年参加会员活动，" * 200  # 1,800 characters: notes have no limit
LONG_ADDRESS = "广东省广州市越秀区城关街道幸福路" * 20  # 320 characters: more than an address may hold
INJECTION_NAME = '=HYPERLINK("http://example.com","点我")'

HEADER = [
    "序号",
    "姓 名",
    "性别",
    "民族",
    "公民身份号码",
    "出生年月",
    "手机号码",
    "家庭住址",
    "村（居）",
    "会员小组",
    "担任职务",
    "入会日期",
    "微信号",
    "备注",
    "文化程度",
]
COLUMNS = len(HEADER)
HEADER_ROW = 4  # title, sub-title, blank row, header
FIRST_DATA_ROW = 5


@dataclass(frozen=True)
class Expected:
    """What the import must make of one row of the messy roll."""

    row: int
    name: str  # the name as stored (or as typed, for rows that are refused)
    status: str  # with on_existing="skip"
    codes: tuple[str, ...] = ()  # problem codes the row must carry


def _row(name: object, **cells: object) -> list[object]:
    order = {
        "sex": 2,
        "ethnicity": 3,
        "id": 4,
        "birth": 5,
        "phone": 6,
        "address": 7,
        "village": 8,
        "group": 9,
        "roles": 10,
        "joined": 11,
        "wechat": 12,
        "notes": 13,
        "education": 14,
    }
    out: list[object] = [None] * COLUMNS
    out[1] = name
    for key, value in cells.items():
        out[order[key]] = value
    return out


BLANK: tuple[None, None] = (None, None)
# (row content, expected); BLANK is a blank row. Excel rows are numbered from FIRST_DATA_ROW.
_MESSY: list[tuple[list[object] | None, tuple[str, str, tuple[str, ...]] | None]] = [
    # Group cells merged over three rows (第一小组); two roles in one cell; joined as text with dots.
    (
        _row("张三", sex="男", ethnicity="汉族", id=ZHANG, birth=datetime(1980, 1, 1), phone="13800138000",
             address="城关村一组 1 号", village="城关村", group="第一小组", roles="会员小组长、骨干会员",
             joined="2017.5.29", wechat="zhangsan", education="初中"),
        ("张三", "new", ()),
    ),
    # Lower-case x, full-width phone, birth as ISO text, joined as 2017年5月29日, group from the merged cell.
    (
        _row("李四", id=LI.lower(), birth="1985-03-12", phone="１３８００１３８００１", village="440105001001",
             joined="2017年5月29日"),
        ("李四", "new", ()),
    ),
    # Full-width ID digits, joined as an Excel serial in a plain number cell, sex written as 女性.
    (
        _row("王五", sex="女性" if int(WANG[16]) % 2 == 0 else "男性", id=WANG.translate(_FULLWIDTH),
             joined=42884.0),
        ("王五", "new", ()),
    ),
    # An old 15-digit number: upgraded, with a warning.
    (_row("赵六", id=ZHAO_15, joined="2017/5/29"), ("赵六", "warning", ("id_number.upgraded",))),
    # A wrong check character.
    (_row("钱七", id=QIAN_WRONG), ("钱七", "error", ("id_number.check_char",))),
    # An ID number typed into a number cell: its last digits are gone.
    (_row("孙八", id=SUN_AS_NUMBER), ("孙八", "error", ("id_number.as_number",))),
    BLANK,
    # A minority name typed with a bullet instead of the middle dot; a group that does not exist yet.
    (
        _row("阿卜杜•热合曼", ethnicity="维吾尔族", id=ABDU, group="第二小组", roles="骨干会员"),
        ("阿卜杜·热合曼", "new", ()),
    ),
    # A character outside the BMP; notes starting with @ are only text.
    (_row("王𠮷", id=JI, notes="@所有人 按时参加活动", education="-"), ("王𠮷", "new", ())),
    # Formulas: the phone and the joining date come from cached formula results (see FORMULAS).
    (_row("周九", id=ZHOU), ("周九", "new", ())),
    # An address longer than the roll can hold.
    (_row("吴十", id=WU, address=LONG_ADDRESS), ("吴十", "error", ("address.too_long",))),
    # Very long notes are fine.
    (_row("郑十一", id=ZHENG, notes=LONG_NOTES), ("郑十一", "new", ())),
    BLANK,
    BLANK,
    # Formula injection: every cell starting with = + - @ must come back as text in the error report.
    (
        _row(INJECTION_NAME, id=FENG, phone="+86 138 0013 8003", notes="@SUM(1+1)", education="-1+2",
             wechat="+cmd"),
        (INJECTION_NAME, "error", ("name.characters",)),
    ),
    # A village the office does not know.
    (_row("卫十五", id=WEI, village="幸福村"), ("卫十五", "error", ("village.unknown",))),
    # Duplicates inside the file: the same row again (skipped), and the same ID with another name (an error).
    (
        _row("张三", sex="男", ethnicity="汉族", id=ZHANG, birth=datetime(1980, 1, 1), phone="13800138000",
             address="城关村一组 1 号", village="城关村", group="第一小组", roles="会员小组长、骨干会员",
             joined="2017.5.29", wechat="zhangsan", education="初中"),
        ("张三", "duplicate", ("import.duplicate_in_file",)),
    ),
    (_row("李肆", id=LI), ("李肆", "error", ("import.conflict_in_file",))),
    # Against the database: the same member as on the roll, the same member with a new phone, and someone with
    # the name and birth date of a member but another ID number.
    (_row(EXISTING_SAME[0], id=EXISTING_SAME[1], phone=EXISTING_SAME[2]), (EXISTING_SAME[0], "unchanged", ())),
    (
        _row(EXISTING_CHANGED[0], id=EXISTING_CHANGED[1], phone="13900139014"),
        (EXISTING_CHANGED[0], "duplicate", ("import.already_on_roll",)),
    ),
    (
        _row(EXISTING_SAME_NAME_BIRTH[0], id=JIANG_OTHER),
        (EXISTING_SAME_NAME_BIRTH[0], "warning", ("member.same_name_birth",)),
    ),
]  # fmt: skip

MESSY_EXPECTED: list[Expected] = [
    Expected(FIRST_DATA_ROW + i, name, status, codes)
    for i, (_, outcome) in enumerate(_MESSY)
    if outcome is not None
    for name, status, codes in [outcome]
]
MESSY_LAST_ROW = FIRST_DATA_ROW + len(_MESSY) - 1
TOTAL_ROW = MESSY_LAST_ROW + 1
ROW_OF = {e.name: e.row for e in reversed(MESSY_EXPECTED)}  # a name's first row
GROUP_MERGED_ROWS = (FIRST_DATA_ROW, FIRST_DATA_ROW + 2)  # 第一小组 is merged over these rows (inclusive)
# Formula cells of 周九's row, with the value a spreadsheet program saved alongside.
FORMULAS = {
    "phone": ('="138"&"00138009"', "13800138009"),
    "joined": ("=DATE(2017,5,29)", 42884),
}


def _letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def messy_roll(folder: Path, name: str = "会员名册.xlsx") -> Path:
    """The messy roll as an .xlsx in `folder`: an instructions sheet first, then the roll."""
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "填表说明"
    notes.append(["请按下一页的格式填写会员信息，身份证号请设为文本格式。"])
    sheet = book.create_sheet("会员名册")
    last = _letter(COLUMNS - 1)
    sheet.append(["城关村计生协会员名册（2026 年）"])
    sheet.merge_cells(f"A1:{last}1")
    sheet.append(["填报单位：城关村计生协（盖章）                填表日期：2026 年 11 月"])
    sheet.merge_cells(f"A2:{last}2")
    sheet.append([])
    sheet.append(HEADER)
    serial = 0
    for content, _ in _MESSY:
        if content is None:
            sheet.append([])
            continue
        serial += 1
        sheet.append([serial, *content[1:]])
    first, last_merged = GROUP_MERGED_ROWS
    sheet.merge_cells(f"J{first}:J{last_merged}")
    sheet.append(["合 计", f"共 {serial} 人"])
    sheet.append(["填表人：王秘书", None, None, "审核人：李会长"])

    zhou = ROW_OF["周九"]
    sheet[f"G{zhou}"] = FORMULAS["phone"][0]
    sheet[f"L{zhou}"] = FORMULAS["joined"][0]
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=MESSY_LAST_ROW):
        for cell in row:
            # Cells that start with = but are meant as text (the injection row) stay text, as typed in a
            # text-formatted cell; the two real formulas above stay formulas.
            if isinstance(cell.value, str) and cell.value.startswith("=") and cell.row != zhou:
                cell.data_type = "s"
    sheet.column_dimensions["E"].width = 22
    path = folder / name
    book.save(path)
    _cache_formula_results(
        path,
        "xl/worksheets/sheet2.xml",
        {f"G{zhou}": FORMULAS["phone"][1], f"L{zhou}": FORMULAS["joined"][1]},
    )
    return path


def _cache_formula_results(path: Path, member: str, values: dict[str, object]) -> None:
    """Store formula results in the file, as Excel and WPS do when they save (openpyxl writes none)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts[member].decode("utf-8")
    for ref, value in values.items():
        pattern = re.compile(rf'<c r="({ref})"([^>]*)><f>(.*?)</f><v\s*/>')
        kind = ' t="str"' if isinstance(value, str) else ""
        xml, n = pattern.subn(lambda m, v=value, k=kind: f'<c r="{m[1]}"{m[2]}{k}><f>{m[3]}</f><v>{v}</v>', xml)
        assert n == 1, f"formula cell {ref} not found"
    parts[member] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


# --- small rolls --------------------------------------------------------------------------------------------


SIMPLE_HEADER = ["姓名", "身份证号", "联系电话", "入会时间"]


def simple_roll(folder: Path, rows: Sequence[Sequence[Any]], name: str = "roll.xlsx") -> Path:
    """A plain roll: the header in row 1, then `rows`."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(SIMPLE_HEADER)
    for row in rows:
        sheet.append(list(row))
    path = folder / name
    book.save(path)
    return path


_SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"
_GIVEN = ("建国", "秀英", "桂兰", "志强", "丽娟", "海燕", "春梅", "国庆")


def many_members(count: int, *, start: int = 0) -> list[list[Any]]:
    """`count` valid rows with distinct ID numbers."""
    rows: list[list[Any]] = []
    for i in range(start, start + count):
        birth = date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        name = _SURNAMES[i % len(_SURNAMES)] + _GIVEN[i // len(_SURNAMES) % len(_GIVEN)]
        rows.append([name, id_number(birth, i % 1000), f"138{i:08d}", "2018-01-01"])
    return rows


# --- broken files -------------------------------------------------------------------------------------------


def wrong_kind(folder: Path) -> Path:
    """A text file renamed to .xlsx."""
    path = folder / "名册.xlsx"
    path.write_text("姓名,身份证号\n张三,440105198001010011\n", encoding="utf-8")
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "空文件.xlsx"
    path.write_bytes(b"")
    return path


def truncated(source: Path, folder: Path) -> Path:
    """The first half of a good workbook, as a copy interrupted half-way leaves it."""
    data = source.read_bytes()
    path = folder / "截断.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def flipped(source: Path, folder: Path, offset: int | None = None) -> Path:
    """A copy of `source` with one byte inverted: by default in the middle of the roll sheet's compressed data."""
    data = bytearray(source.read_bytes())
    if offset is None:
        with zipfile.ZipFile(source) as archive:
            info = max(archive.infolist(), key=lambda i: i.compress_size)
        name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
        extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
        offset = info.header_offset + 30 + name_length + extra_length + info.compress_size // 2
    data[offset] ^= 0xFF
    path = folder / f"flipped-{offset}.xlsx"
    path.write_bytes(bytes(data))
    return path


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def messy_roll_saved_as(extension: str) -> Path:
    """The messy roll as LibreOffice saved it in .xls or .ods, kept in tests/fixtures.

    Kept as files so that the tests need no office suite; after changing `messy_roll`, rebuild them with
    `python -m tests.helpers.workbooks` (needs LibreOffice).
    """
    return FIXTURES / f"messy_roll.{extension}"


def office_suite() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, folder: Path, extension: str) -> Path:
    """`source` saved by LibreOffice as .xls or .ods in `folder`."""
    command = office_suite()
    assert command is not None
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [command, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", extension,
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return folder / f"{source.stem}.{extension}"


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        source = messy_roll(Path(scratch))
        for ext in ("xls", "ods"):
            converted = convert(source, Path(scratch) / ext, ext)
            messy_roll_saved_as(ext).write_bytes(converted.read_bytes())
            print(messy_roll_saved_as(ext))
