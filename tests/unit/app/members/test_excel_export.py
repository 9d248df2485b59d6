"""The member roll in Excel: what a secretary finds in the exported workbook and in the blank template."""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from app.cli import main
from app.database import Database
from app.errors import CancelledError
from app.members.excel_export import GUIDE_SHEET, SHEET_ZH, export_members, write_template
from app.members.fields import FIELDS, STATUS_LABELS
from app.members.listing import MemberFilter, member_ids
from db.models import Member
from tests.helpers.database import ADMIN, VILLAGE
from tests.helpers.roll import OTHER_VILLAGE, RARE_NAMES, add_other_village, add_raw, build_roll

HEADERS = [field.zh for field in FIELDS]
COLUMN = {field.key: index for index, field in enumerate(FIELDS)}
MASKED_ID = re.compile(r"^\d{6}\*{8}[\dX]{4}$")


class FakeProgress:
    """Counts what the export reports and cancels when told to."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.total: int | None = None
        self.done = 0
        self.checks = 0
        self.cancel_after = cancel_after

    def start(self, total: int, label: str = "") -> None:
        self.total = total

    def advance(self, n: int = 1) -> None:
        self.done += n

    def cancelled(self) -> bool:
        self.checks += 1
        return self.cancel_after is not None and self.checks > self.cancel_after


@pytest.fixture
def roll(db: Database) -> Database:
    build_roll(db)
    return db


def _export(db: Database, path: Path, flt: MemberFilter | None = None, reveal: str | None = None) -> int:
    with db.unit_of_work() as session:
        return export_members(session, ADMIN, flt or MemberFilter(), path, reveal_reason=reveal)


def _sheet(path: Path) -> Worksheet:
    sheet = load_workbook(path)[SHEET_ZH]
    assert isinstance(sheet, Worksheet)
    return sheet


def _stored_ids(db: Database) -> set[str]:
    with db.unit_of_work() as session:
        return {n for n in session.scalars(select(Member.id_number).where(Member.id_number.is_not(None)))}


def test_headers_types_widths_and_frozen_header(roll: Database, tmp_path: Path) -> None:
    out = tmp_path / "名册.xlsx"
    rows = _export(roll, out)
    sheet = _sheet(out)
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    assert rows == len(values) - 1 > 20
    assert sheet.freeze_panes == "A2"
    for index, field in enumerate(FIELDS, 1):
        assert (sheet.column_dimensions[sheet.cell(1, index).column_letter].width or 0) >= 6, field.key
    assert sheet.column_dimensions["D"].width >= 20  # the ID number column shows all 18 characters

    data = list(sheet.iter_rows(min_row=2))
    for row in data:
        id_cell, phone, member_no = row[COLUMN["id_number"]], row[COLUMN["phone"]], row[COLUMN["member_no"]]
        for cell in (id_cell, phone, member_no):
            if cell.value is not None:
                assert isinstance(cell.value, str) and cell.data_type == "s" and cell.number_format == "@"
    births = [row[COLUMN["birth_date"]].value for row in data if row[COLUMN["birth_date"]].value is not None]
    joined = [row[COLUMN["joined_on"]] for row in data if row[COLUMN["joined_on"]].value is not None]
    assert births and all(isinstance(v, datetime | date) for v in births)
    assert joined and all(cell.is_date for cell in joined)
    words = {row[COLUMN["status"]].value for row in data}
    assert words <= {zh for zh, _ in STATUS_LABELS.values()}
    assert {row[COLUMN["sex"]].value for row in data} <= {"男", "女", None}
    assert {row[COLUMN["village_code"]].value for row in data} == {VILLAGE.name}  # the region's name, not its code
    assert all(not re.fullmatch(r"[0-9a-f-]{36}", str(row[COLUMN["group_id"]].value)) for row in data)
    names = {row[COLUMN["name"]].value for row in data}
    assert set(RARE_NAMES) <= names


def test_id_and_phone_numbers_are_masked_unless_revealed_for_a_reason(roll: Database, tmp_path: Path) -> None:
    stored = _stored_ids(roll)
    masked, blank_reason, shown = tmp_path / "masked.xlsx", tmp_path / "blank.xlsx", tmp_path / "shown.xlsx"
    _export(roll, masked)
    _export(roll, blank_reason, reveal="   ")
    _export(roll, shown, reveal="上报县计生协")

    for path in (masked, blank_reason):
        ids = [row[COLUMN["id_number"]] for row in _sheet(path).iter_rows(min_row=2, values_only=True)]
        assert all(MASKED_ID.match(str(v)) for v in ids if v is not None)
        with zipfile.ZipFile(path) as book:
            text = "".join(book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml"))
        assert not any(number in text for number in stored)
        phones = [row[COLUMN["phone"]] for row in _sheet(path).iter_rows(min_row=2, values_only=True)]
        assert all("****" in str(p) for p in phones if p)

    ids = {row[COLUMN["id_number"]] for row in _sheet(shown).iter_rows(min_row=2, values_only=True)}
    assert ids - {None} == stored


def test_formula_like_values_are_written_as_literal_text(db: Database, tmp_path: Path) -> None:
    add_raw(db, "=1+2", member_no="-12", notes="@SUM(A1:A9)", address="+86 村口")
    out = tmp_path / "out.xlsx"
    _export(db, out)
    row = next(_sheet(out).iter_rows(min_row=2))
    cells = {key: row[COLUMN[key]] for key in ("name", "member_no", "notes", "address")}
    assert {key: cell.value for key, cell in cells.items()} == {
        "name": "=1+2",
        "member_no": "-12",
        "notes": "@SUM(A1:A9)",
        "address": "+86 村口",
    }
    for cell in cells.values():
        assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(out) as book:
        sheet_xml = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_the_filter_decides_the_rows_and_their_order(roll: Database, tmp_path: Path) -> None:
    other = add_other_village(roll)
    village = tmp_path / "village.xlsx"
    assert _export(roll, village, MemberFilter(village_code=OTHER_VILLAGE)) == 1
    rows = list(_sheet(village).iter_rows(min_row=2, values_only=True))
    assert [(r[COLUMN["name"]], r[COLUMN["village_code"]]) for r in rows] == [("钱多多", "新河村")]

    for flt in (MemberFilter(query="刘"), MemberFilter(sort="joined_on", descending=True)):
        with roll.unit_of_work() as session:
            expected = [session.get_one(Member, mid).name for mid in member_ids(session, ADMIN, flt)]
        out = tmp_path / "query.xlsx"
        assert _export(roll, out, flt) == len(expected)
        assert [r[COLUMN["name"]] for r in _sheet(out).iter_rows(min_row=2, values_only=True)] == expected
    assert "刘䶮" in expected and other  # the query found the one 刘; the sort put everyone in joining order


def test_progress_is_reported_per_page(roll: Database, tmp_path: Path) -> None:
    progress = FakeProgress()
    with roll.unit_of_work() as session:
        rows = export_members(session, ADMIN, MemberFilter(), tmp_path / "out.xlsx", progress=progress)
    assert progress.total == progress.done == rows
    assert progress.checks >= 2


def test_a_cancelled_export_leaves_no_file_and_keeps_the_old_one(
    roll: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, temp = tmp_path / "exports", tmp_path / "temp"
    folder.mkdir()
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where openpyxl keeps the rows until it saves
    out = folder / "out.xlsx"
    fresh = folder / "fresh.xlsx"
    out.write_bytes(b"the file from last week")
    for target in (out, fresh):
        with roll.unit_of_work() as session, pytest.raises(CancelledError):
            export_members(session, ADMIN, MemberFilter(), target, progress=FakeProgress(cancel_after=1))
    assert out.read_bytes() == b"the file from last week"
    assert sorted(p.name for p in folder.iterdir()) == ["out.xlsx"]
    assert list(temp.iterdir()) == []


def test_an_unwritable_folder_is_a_clear_error(roll: Database, tmp_path: Path) -> None:
    from app.errors import FpaError

    with roll.unit_of_work() as session, pytest.raises(FpaError) as raised:
        export_members(session, ADMIN, MemberFilter(), tmp_path / "missing" / "out.xlsx")
    assert raised.value.code == "file.write" and "无法写入文件" in raised.value.zh


def test_a_revealed_export_imports_back_to_the_same_members(roll: Database, tmp_path: Path) -> None:
    from app.members.excel_import import run_import

    out = tmp_path / "roll.xlsx"
    rows = _export(roll, out, reveal="核对名册")
    summary = run_import(roll, ADMIN, out, on_existing="update", dry_run=True)
    assert (summary.unchanged, summary.created, summary.updated, summary.rejected) == (rows, 0, 0, 0)


def test_template_has_the_roll_headers_and_instructions(tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    write_template(out)
    book = load_workbook(out)
    assert book.sheetnames == [SHEET_ZH, GUIDE_SHEET]
    roll_sheet, guide = book[SHEET_ZH], book[GUIDE_SHEET]
    assert [c.value for c in roll_sheet[1]] == HEADERS
    assert roll_sheet.max_row == 1 and roll_sheet.freeze_panes == "A2"
    for key in ("id_number", "phone", "member_no"):
        letter = roll_sheet.cell(1, COLUMN[key] + 1).column_letter
        assert roll_sheet.column_dimensions[letter].number_format == "@"

    rules = {row[0]: row[2] for row in guide.iter_rows(min_row=2, values_only=True) if row[0]}
    assert set(HEADERS) <= set(rules)
    assert "“男”或“女”" in rules["性别"]
    assert all(word in rules["会员状态"] for word, _ in STATUS_LABELS.values())
    assert "会员小组长" in rules["职务"] and "流出" in rules["流动情况"]
    assert all(form in rules["入会时间"] for form in ("2017-05-29", "2017.5.29", "2017年5月29日"))
    assert "文本格式" in rules["身份证号"]


def test_cli_export_and_template(roll: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_other_village(roll)
    out = tmp_path / "v.xlsx"
    db = str(roll.path)
    roll.close()
    assert main(["members", "export", "--db", db, "-o", str(out), "--village", OTHER_VILLAGE, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "file": str(out), "rows": 1, "revealed": False}

    code = main(["members", "export", "--db", db, "-o", str(out), "--status", "在册", "--reveal", "核对", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["revealed"] is True and result["rows"] > 20

    assert main(["members", "export", "--db", db, "-o", str(out), "--status", "nonsense"]) == 2
    assert "--status" in capsys.readouterr().err
    assert main(["members", "export", "--db", db, "-o", str(tmp_path / "x.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err

    template = tmp_path / "t.xlsx"
    assert main(["members", "template", "-o", str(template), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "file": str(template)}
    assert load_workbook(template).sheetnames == [SHEET_ZH, GUIDE_SHEET]


def test_a_masked_export_imported_back_changes_nothing_and_says_why(roll: Database, tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from app.members.excel_import import run_import
    from db.models import ChangeLog

    out = tmp_path / "masked.xlsx"
    _export(roll, out)
    with roll.unit_of_work() as session:
        logged = session.scalar(select(func.count()).select_from(ChangeLog))
    summary = run_import(roll, ADMIN, out, mode="valid", on_existing="update")
    assert (summary.created, summary.updated) == (0, 0)
    masked = [r for r in summary.problem_rows if any(p.code == "id_number.masked" for p in r.problems)]
    assert masked and all(r.status == "error" for r in masked)
    assert "隐去了部分数字" in summary.problem_text(masked[0])
    with roll.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(ChangeLog)) == logged
