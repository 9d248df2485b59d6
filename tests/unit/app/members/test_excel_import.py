"""Importing a member roll from a workbook: what the secretary sees in the preview, in the database, in the error
report and on the command line, for a roll with every mess the testing guide lists, and for broken files."""

from __future__ import annotations

import json
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

import app.members.excel_import as excel_import
import app.members.import_table as import_table
from app.accounts.users import Actor
from app.cli import main
from app.database import Database
from app.errors import CancelledError, ValidationError
from app.members.checks import check_member
from app.members.excel_import import ImportSummary, preview, run_import
from app.members.import_report import write_error_report
from app.members.import_table import detect_columns, field_for_header, read_workbook
from app.members.service import add_member, status_history
from db.models import ChangeLog, Member, MemberGroup, MemberStatusEvent
from tests.helpers import workbooks as wb
from tests.helpers.database import ADMIN
from tests.helpers.workbooks import MESSY_EXPECTED, ROW_OF, TODAY

VILLAGE = "440105001001"


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return wb.messy_roll(tmp_path_factory.mktemp("messy"))


@pytest.fixture
def office(db: Database) -> Database:
    """The test office with member group 第一小组 and the members the messy roll meets again."""
    with db.unit_of_work("admin") as session:
        session.add(MemberGroup(name="第一小组", village_code=VILLAGE))
        for name, number, phone in (wb.EXISTING_SAME, wb.EXISTING_CHANGED, wb.EXISTING_SAME_NAME_BIRTH):
            add_member(session, ADMIN, check_member({"name": name, "id_number": number, "phone": phone}, today=TODAY))
    return db


# The messy roll imported in mode "valid": what the summary and the CLI's JSON report.
VALID_MODE_COUNTS = {"created": 9, "updated": 0, "unchanged": 1, "skipped": 2, "rejected": 6, "warnings": 2}


def count(db: Database, model: Any, *where: Any) -> int:
    with db.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def members(db: Database) -> dict[str, Member]:
    with db.unit_of_work() as session:
        return {m.name: m for m in session.scalars(select(Member))}


def group_id(db: Database, name: str) -> str:
    with db.unit_of_work() as session:
        return session.scalars(select(MemberGroup.id).where(MemberGroup.name == name)).one()


def snapshot(db: Database) -> tuple[int, int, int, int]:
    return count(db, Member), count(db, MemberStatusEvent), count(db, MemberGroup), count(db, ChangeLog)


def statuses(result: excel_import.ImportPreview) -> dict[int, str]:
    return {r.row: r.status for r in result.rows}


# --- reading and the header ---------------------------------------------------------------------------------


def test_read_workbook_lists_the_sheets(messy: Path) -> None:
    assert read_workbook(messy) == ["填表说明", "会员名册"]


def test_header_is_found_below_the_title_rows_with_the_office_s_own_words(messy: Path) -> None:
    mapping = detect_columns(messy)
    assert (mapping.sheet, mapping.header_row) == ("会员名册", wb.HEADER_ROW)
    by_header = {mapping.headers[i]: key for i, key in mapping.columns.items()}
    assert by_header["姓 名"] == "name"
    assert by_header["公民身份号码"] == "id_number"
    assert by_header["手机号码"] == "phone"
    assert by_header["出生年月"] == "birth_date"
    assert by_header["村（居）"] == "village_code"
    assert by_header["会员小组"] == "group_id"
    assert by_header["担任职务"] == "roles"
    assert by_header["入会日期"] == "joined_on"
    assert mapping.unknown == ["序号", "微信号"]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("姓名", "name"),
        ("名字", "name"),
        ("姓　名", "name"),  # ideographic space
        ("*姓名", "name"),
        ("身份证号", "id_number"),
        ("身份证号码", "id_number"),
        ("公民身份号码", "id_number"),
        ("身份证号码（18位）", "id_number"),
        ("联系电话", "phone"),
        ("手机号码", "phone"),
        ("电话", "phone"),
        ("联系电话(手机)", "phone"),
        ("所属村（居）", "village_code"),
        ("所属村(居)", "village_code"),
        ("入会时间：", "joined_on"),
        ("微信号", None),
        ("", None),
    ],
)
def test_header_words_and_their_variants(header: str, key: str | None) -> None:
    assert field_for_header(header) == key


def test_a_sheet_without_a_header_is_refused(messy: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        detect_columns(messy, "填表说明")
    assert caught.value.code == "import.no_header" and "找不到表头" in caught.value.zh


def test_a_missing_sheet_is_named(office: Database, messy: Path) -> None:
    with pytest.raises(ValidationError) as caught, office.unit_of_work() as session:
        preview(session, messy, "花名册")
    assert caught.value.code == "import.no_sheet" and "会员名册" in caught.value.zh


def test_rows_keep_their_excel_numbers_when_the_table_starts_lower_right(db: Database, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["C5"], sheet["D5"] = "姓名", "身份证号"
    sheet["C6"], sheet["D6"] = "张三", wb.ZHANG
    sheet["C8"], sheet["D8"] = "李四", wb.wrong_check_char(wb.LI)
    book.save(tmp_path / "offset.xlsx")
    with db.unit_of_work() as session:
        result = preview(session, tmp_path / "offset.xlsx", today=TODAY)
    assert result.mapping.header_row == 5 and result.mapping.columns == {2: "name", 3: "id_number"}
    assert statuses(result) == {6: "new", 8: "error"}


def test_the_mapping_can_be_changed_before_importing(office: Database, messy: Path) -> None:
    mapping = detect_columns(messy)
    wechat, phone = wb.HEADER.index("微信号"), wb.HEADER.index("手机号码")
    mapping.columns[wechat] = "member_no"  # this office keeps member numbers in a column of its own naming
    mapping.columns[phone] = None
    assert mapping.unknown == ["序号", "手机号码"]
    with office.unit_of_work() as session:
        result = preview(session, messy, mapping=mapping, today=TODAY)
    zhang = next(r for r in result.rows if r.row == ROW_OF["张三"])
    assert zhang.values["member_no"] == "zhangsan" and zhang.values["phone"] is None

    mapping.columns[phone] = "member_no"
    with pytest.raises(ValidationError) as caught, office.unit_of_work() as session:
        preview(session, messy, mapping=mapping, today=TODAY)
    assert caught.value.code == "import.mapping_twice" and "G" in caught.value.zh and "M" in caught.value.zh
    mapping.columns[phone] = None
    mapping.columns[wb.HEADER.index("姓 名")] = None
    with pytest.raises(ValidationError) as caught, office.unit_of_work() as session:
        preview(session, messy, mapping=mapping, today=TODAY)
    assert caught.value.code == "import.no_name_column"


def test_an_old_15_digit_number_typed_as_a_number_keeps_its_digits(db: Database, tmp_path: Path) -> None:
    path = wb.simple_roll(tmp_path, [["赵六", int(wb.ZHAO_15), 13800138000, 42884]])
    summary = run_import(db, ADMIN, path, today=TODAY)
    assert (summary.created, summary.warnings) == (1, 1)
    member = members(db)["赵六"]
    assert (member.id_number, member.phone, member.joined_on) == (wb.ZHAO_18, "13800138000", date(2017, 5, 29))


# --- the preview of the messy roll --------------------------------------------------------------------------


def test_preview_gives_every_row_its_status_and_reasons(office: Database, messy: Path) -> None:
    with office.unit_of_work() as session:
        result = preview(session, messy, today=TODAY)
    assert statuses(result) == {e.row: e.status for e in MESSY_EXPECTED}  # blank rows are left out
    for expected in MESSY_EXPECTED:
        codes = [p.code for p in result.rows[[r.row for r in result.rows].index(expected.row)].problems]
        assert set(expected.codes) <= set(codes), (expected, codes)
    assert result.ignored_rows == [wb.TOTAL_ROW, wb.TOTAL_ROW + 1]  # 合计 and the signature line
    assert result.new_groups == ["第二小组"]
    by_row = {r.row: r for r in result.rows}
    check = by_row[ROW_OF["钱七"]]
    assert result.problem_text(check).startswith("公民身份号码：公民身份号码")
    assert "校验位不对" in result.problem_text(check)
    as_number = by_row[ROW_OF["孙八"]]
    assert "存成了数字" in result.problem_text(as_number)
    assert "与第 5 行的身份证号相同" in result.problem_text(by_row[ROW_OF["张三"] + 16])
    assert "家庭住址：内容过长" in result.problem_text(by_row[ROW_OF["吴十"]])


def test_preview_reads_cells_as_a_person_means_them(office: Database, messy: Path) -> None:
    with office.unit_of_work() as session:
        result = preview(session, messy, today=TODAY)
    values = {r.row: r.values for r in result.rows}
    first_group = group_id(office, "第一小组")
    zhang, li, wang = (values[ROW_OF[n]] for n in ("张三", "李四", "王五"))
    # Merged group cells count for every row they cover.
    assert zhang["group_id"] == li["group_id"] == wang["group_id"] == first_group
    assert zhang["roles"] == ["group_leader", "core_member"]
    assert zhang["village_code"] == li["village_code"] == VILLAGE  # by name (城关村) and by code
    # Dates as text in three spellings, as an Excel serial, and from a formula's saved result.
    for name in ("张三", "李四", "王五", "赵六", "周九"):
        assert values[ROW_OF[name]]["joined_on"] == date(2017, 5, 29), name
    assert li["id_number"] == wb.LI and li["id_number"].endswith("X")  # lower-case x
    assert li["phone"] == "13800138001"  # full-width digits
    assert wang["id_number"] == wb.WANG and wang["sex"] == ("M" if int(wb.WANG[16]) % 2 else "F")
    assert values[ROW_OF["赵六"]]["id_number"] == wb.ZHAO_18
    assert values[ROW_OF["周九"]]["phone"] == "13800138009"
    assert values[ROW_OF["阿卜杜·热合曼"]]["name"] == "阿卜杜·热合曼"
    assert values[ROW_OF["王𠮷"]]["name"] == "王𠮷" and values[ROW_OF["王𠮷"]]["education"] is None


# --- importing ----------------------------------------------------------------------------------------------


def test_mode_all_with_one_bad_row_imports_nothing(office: Database, messy: Path) -> None:
    before = snapshot(office)
    summary = run_import(office, ADMIN, messy, mode="all", today=TODAY)
    assert summary.refused and not summary.imported
    assert summary.counts() == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
        "skipped": 11,  # the 9 valid new rows and the 2 duplicates
        "rejected": 6,
        "warnings": 0,
    }
    assert snapshot(office) == before


def test_mode_valid_imports_exactly_the_valid_rows(office: Database, messy: Path) -> None:
    log_before = count(office, ChangeLog)
    summary = run_import(office, Actor("secretary", "clerk"), messy, mode="valid", today=TODAY)
    assert summary.imported
    assert summary.counts() == VALID_MODE_COUNTS
    valid = {e.name for e in MESSY_EXPECTED if e.status in ("new", "warning")}
    on_roll = members(office)
    assert set(on_roll) == valid | {wb.EXISTING_SAME[0], wb.EXISTING_CHANGED[0], wb.EXISTING_SAME_NAME_BIRTH[0]}
    assert len([m for m in on_roll.values() if m.name == "蒋十六"]) == 1 and count(office, Member) == 12

    zhang = on_roll["张三"]
    assert zhang.group_id == group_id(office, "第一小组") and zhang.village_code == VILLAGE
    assert zhang.roles == ["group_leader", "core_member"] and zhang.status == "active"
    assert zhang.joined_on == zhang.status_since == date(2017, 5, 29)
    assert on_roll["李四"].id_number == wb.LI and on_roll["李四"].phone == "13800138001"
    assert on_roll["赵六"].id_number == wb.ZHAO_18
    assert on_roll["王𠮷"].notes == "@所有人 按时参加活动"
    assert on_roll["郑十一"].notes == wb.LONG_NOTES
    assert on_roll["阿卜杜·热合曼"].group_id == group_id(office, "第二小组")
    assert summary.groups_created == ["第二小组"]
    # Joining is the member's joined_on, shown as the first line of the history; no event rows are written.
    assert count(office, MemberStatusEvent) == 0
    with office.unit_of_work() as session:
        assert [(h.event, h.on_date) for h in status_history(session, ADMIN, zhang.id)] == [("join", date(2017, 5, 29))]
    # Every new record is in the change log, by the user who imported.
    with office.unit_of_work() as session:
        logged = list(session.scalars(select(ChangeLog).where(ChangeLog.by == "secretary")))
    assert len(logged) == count(office, ChangeLog) - log_before == 9 + 1
    assert {r.tbl for r in logged} == {"member", "member_group"}
    assert {r.record_id for r in logged if r.tbl == "member"} == {m.id for name, m in on_roll.items() if name in valid}


def test_update_changes_a_matched_member_and_a_second_import_finds_everything_unchanged(
    office: Database, messy: Path
) -> None:
    changed_id = members(office)[wb.EXISTING_CHANGED[0]].id
    summary = run_import(office, ADMIN, messy, mode="valid", on_existing="update", today=TODAY)
    assert (summary.created, summary.updated, summary.unchanged, summary.skipped) == (9, 1, 1, 1)
    assert members(office)[wb.EXISTING_CHANGED[0]].phone == "13900139014"
    with office.unit_of_work() as session:
        last = session.scalars(
            select(ChangeLog).where(ChangeLog.record_id == changed_id).order_by(ChangeLog.change_seq.desc())
        ).first()
    assert last is not None and last.fields == ["phone"] and last.base_rev is not None

    before = snapshot(office)
    again = run_import(office, ADMIN, messy, mode="valid", on_existing="update", today=TODAY)
    assert again.counts() == {
        "created": 0,
        "updated": 0,
        "unchanged": 11,
        "skipped": 1,
        "rejected": 6,
        "warnings": 0,
    }
    assert snapshot(office) == before


def test_an_empty_cell_does_not_erase_what_the_roll_knows(office: Database, tmp_path: Path) -> None:
    name, number, phone = wb.EXISTING_CHANGED
    path = wb.simple_roll(tmp_path, [[name, number, None, "2019-09-09"]])
    summary = run_import(office, ADMIN, path, on_existing="update", today=TODAY)
    assert summary.updated == 1
    member = members(office)[name]
    assert member.phone == phone and member.joined_on == date(2019, 9, 9)


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(office: Database, messy: Path) -> None:
    before = snapshot(office)
    summary = run_import(office, ADMIN, messy, mode="valid", dry_run=True, today=TODAY)
    assert summary.dry_run and not summary.imported
    assert (summary.created, summary.rejected, summary.groups_created) == (9, 6, ["第二小组"])
    assert snapshot(office) == before


class CancelAfterFirstChunk:
    """Progress whose user presses Cancel once the first chunk of members has been written."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self.written = 0

    def start(self, total: int, label: str = "") -> None:
        self.labels.append(label)

    def advance(self, n: int = 1) -> None:
        self.written += n  # a chunk advances once it is checked and written

    def cancelled(self) -> bool:
        return self.written > 0


def test_a_cancel_after_the_first_chunk_leaves_the_database_as_before(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_table, "CHUNK_ROWS", 5)
    path = wb.simple_roll(tmp_path, wb.many_members(23))
    before = snapshot(db)
    progress = CancelAfterFirstChunk()
    with pytest.raises(CancelledError):
        run_import(db, ADMIN, path, mode="valid", progress=progress, today=TODAY)
    assert progress.written == 5 and progress.labels == ["导入"]  # one chunk had gone in before the cancel
    assert snapshot(db) == before
    summary = run_import(db, ADMIN, path, mode="valid", today=TODAY)  # and a retry completes
    assert summary.created == 23 == count(db, Member)


# --- the error report ---------------------------------------------------------------------------------------


def test_error_report_has_the_original_rows_and_what_is_wrong(office: Database, messy: Path, tmp_path: Path) -> None:
    summary = run_import(office, ADMIN, messy, mode="all", today=TODAY)
    out = tmp_path / "错误明细.xlsx"
    written = write_error_report(summary, out)
    problem_rows = [e for e in MESSY_EXPECTED if e.status in ("error", "warning", "duplicate")]
    assert written == len(problem_rows)

    sheet = load_workbook(out).active
    assert sheet is not None and sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == [*wb.HEADER, "问题", "原行号"]
    assert [r[-1].value for r in rows[1:]] == [e.row for e in problem_rows]
    by_row = {r[-1].value: r for r in rows[1:]}
    column = {h: i for i, h in enumerate(wb.HEADER)}

    check = by_row[ROW_OF["钱七"]]
    assert check[column["公民身份号码"]].value == wb.QIAN_WRONG and check[column["公民身份号码"]].data_type == "s"
    assert "校验位不对" in check[-2].value
    as_number = by_row[ROW_OF["孙八"]][column["公民身份号码"]]
    # As a spreadsheet shows the number: 15 significant digits, then zeros.
    shown = format(Decimal(f"{float(wb.SUN_AS_NUMBER):.15g}"), "f")
    assert as_number.data_type == "s" and as_number.value == shown and len(shown) == 18
    assert by_row[ROW_OF["吴十"]][column["家庭住址"]].value == wb.LONG_ADDRESS

    injection = by_row[ROW_OF[wb.INJECTION_NAME]]
    for header, text in (
        ("姓 名", wb.INJECTION_NAME),
        ("手机号码", "+86 138 0013 8003"),
        ("备注", "@SUM(1+1)"),
        ("文化程度", "-1+2"),
        ("微信号", "+cmd"),
    ):
        cell = injection[column[header]]
        assert (cell.value, cell.data_type) == (text, "s"), header
    with zipfile.ZipFile(out) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()

    zhao = by_row[ROW_OF["赵六"]]  # imported with a warning: its row is in the report as typed in the sheet
    assert zhao[column["公民身份号码"]].value == wb.ZHAO_15
    assert "已升级为 18 位" in zhao[-2].value


def test_error_report_in_english(office: Database, messy: Path, tmp_path: Path) -> None:
    with office.unit_of_work() as session:
        result = preview(session, messy, today=TODAY)
    write_error_report(result, tmp_path / "errors.xlsx", lang="en")
    sheet = load_workbook(tmp_path / "errors.xlsx").active
    assert sheet is not None
    header = [c.value for c in next(sheet.iter_rows())]
    assert header[-2:] == ["Problems", "Row"]
    texts = [row[-2].value for row in sheet.iter_rows(min_row=2)]
    assert any("check character" in t for t in texts)


# --- broken files -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["wrong kind", "empty", "truncated", "one byte flipped"])
def test_a_broken_file_gets_a_sentence_and_changes_nothing(
    office: Database, messy: Path, tmp_path: Path, kind: str
) -> None:
    path = {
        "wrong kind": lambda: wb.wrong_kind(tmp_path),
        "empty": lambda: wb.empty_file(tmp_path),
        "truncated": lambda: wb.truncated(messy, tmp_path),
        "one byte flipped": lambda: wb.flipped(messy, tmp_path),
    }[kind]()
    before = snapshot(office)
    with pytest.raises(ValidationError) as caught:
        read_workbook(path)
    assert caught.value.code == "import.unreadable"
    assert caught.value.zh.startswith(f"无法读取文件“{path.name}”") and caught.value.en.startswith("Cannot read")
    with pytest.raises(ValidationError):
        run_import(office, ADMIN, path, mode="valid", today=TODAY)
    assert snapshot(office) == before


def test_a_byte_flipped_anywhere_gives_a_sentence_or_the_same_rows(db: Database, tmp_path: Path) -> None:
    good = wb.simple_roll(tmp_path, wb.many_members(3))
    with db.unit_of_work() as session:
        expected = [r.values for r in preview(session, good, today=TODAY).rows]
    size = good.stat().st_size
    for offset in range(0, size, max(size // 40, 1)):
        damaged = wb.flipped(good, tmp_path, offset)
        try:
            with db.unit_of_work() as session:
                rows = [r.values for r in preview(session, damaged, today=TODAY).rows]
        except ValidationError as exc:
            assert exc.code in ("import.unreadable", "import.no_header"), (offset, exc.code)
        else:
            assert rows == expected, offset


def test_a_missing_file_is_named(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        run_import(db, ADMIN, tmp_path / "没有这个文件.xlsx")
    assert caught.value.code == "import.missing" and "没有这个文件.xlsx" in caught.value.zh


# --- the command line ---------------------------------------------------------------------------------------


def test_cli_prints_one_json_object_with_the_counts(
    office: Database, messy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    errors = tmp_path / "errors.xlsx"
    args = ["members", "import", str(messy), "--db", str(office.path), "--mode", "valid", "--json"]
    assert main([*args, "--errors", str(errors)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "ok": True,
        "dry_run": False,
        "file": str(messy),
        "sheet": "会员名册",
        "errors_file": str(errors),
        **VALID_MODE_COUNTS,
    }
    assert errors.exists() and count(office, Member) == 12


def test_cli_mode_all_refuses_with_one_sentence_and_writes_the_report(
    office: Database, messy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    errors = tmp_path / "errors.xlsx"
    before = snapshot(office)
    code = main(["members", "import", str(messy), "--db", str(office.path), "--errors", str(errors)])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.strip().count("\n") == 0 and "没有导入任何会员" in captured.err and str(errors) in captured.err
    assert "有错误 6" in captured.out and "第 9 行：公民身份号码" in captured.out
    assert errors.exists() and snapshot(office) == before


def test_cli_dry_run_in_english(
    office: Database, messy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FPA_DESK_LANG", "en")
    before = snapshot(office)
    assert main(["members", "import", str(messy), "--db", str(office.path), "--dry-run", "--mode", "valid"]) == 0
    out = capsys.readouterr().out
    assert "Dry run, nothing written" in out and "created 9" in out and "Columns not recognised" in out
    assert snapshot(office) == before


def test_cli_unreadable_file_exits_1_with_one_sentence(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = wb.wrong_kind(tmp_path)
    assert main(["members", "import", str(path), "--db", str(db.path), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("无法读取文件“名册.xlsx”")
    assert captured.err.strip().count("\n") == 0


# --- other formats ------------------------------------------------------------------------------------------


def test_xls_and_ods_read_like_the_xlsx(office: Database, messy: Path) -> None:
    with office.unit_of_work() as session:
        expected = statuses(preview(session, messy, today=TODAY))
    for extension in ("xls", "ods"):
        converted = wb.messy_roll_saved_as(extension)
        assert read_workbook(converted) == ["填表说明", "会员名册"]
        with office.unit_of_work() as session:
            result = preview(session, converted, today=TODAY)
        values = {r.row: r.values for r in result.rows}
        zhou = ROW_OF["周九"]
        if extension == "xls":
            # The reader gives a text formula's saved result in .xls as 0: the row is refused, never imported wrong.
            assert result.rows[[r.row for r in result.rows].index(zhou)].problems[0].code == "phone.landline"
            assert statuses(result) == {**expected, zhou: "error"}
        else:
            assert statuses(result) == expected, extension
            assert values[zhou]["phone"] == "13800138009"
        assert values[ROW_OF["王五"]]["joined_on"] == date(2017, 5, 29)
        if extension == "xls":  # the reader knows merged areas in .xls and .xlsx only
            assert values[ROW_OF["王五"]]["group_id"] == group_id(office, "第一小组")


def test_summary_is_what_the_cli_reports(office: Database, messy: Path) -> None:
    summary = run_import(office, ADMIN, messy, mode="valid", dry_run=True, today=TODAY)
    assert isinstance(summary, ImportSummary)
    total = sum(summary.counts()[k] for k in ("created", "updated", "unchanged", "skipped", "rejected"))
    assert total == len(MESSY_EXPECTED) == sum(summary.statuses.values())
    # Only the rows with problems are kept (for the report), each with its problems.
    assert {r.row for r in summary.problem_rows} == {e.row for e in MESSY_EXPECTED if e.codes}


def test_a_big_import_refreshes_the_planner_statistics_and_the_search_index(db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook
    from sqlalchemy import text

    from app.members.listing import MemberFilter, member_ids

    book = Workbook(write_only=True)
    sheet = book.create_sheet("会员名册")
    sheet.append(["姓名", "联系电话"])
    surnames, given = "赵钱孙李周吴郑王冯陈", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
    for n in range(2000):
        sheet.append([surnames[n % 10] + given[n // 10 % 20] + given[n // 200 % 20], f"138{n:08d}"])
    book.save(tmp_path / "big.xlsx")
    summary = run_import(db, ADMIN, tmp_path / "big.xlsx", mode="valid")
    assert summary.created == 2000
    with db.unit_of_work() as session:
        assert session.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'member'")).scalar()
        assert len(member_ids(session, ADMIN, MemberFilter(query="赵"))) == 200  # indexed after the bulk insert
        assert len(member_ids(session, ADMIN, MemberFilter(query="0001999"))) == 0
        assert len(member_ids(session, ADMIN, MemberFilter(query="1999"))) == 1  # last 4 digits of a phone


def _long_roll(path: Path, rows: int, *, bad_row: int | None = None, repeat: tuple[int, int] | None = None) -> None:
    """A roll of `rows` members over several chunks: row n (from 1) has its own ID number; `bad_row` gets a wrong
    check digit; `repeat` (a, b) makes row b an exact copy of row a, and row b+1 the same name and birth date as
    row a with another ID number."""
    from openpyxl import Workbook

    from app.members.import_table import CHUNK_ROWS

    assert rows > 2 * CHUNK_ROWS
    book = Workbook(write_only=True)
    sheet = book.create_sheet("会员名册")
    sheet.append(["姓名", "身份证号", "所属小组"])
    people = []
    for n in range(1, rows + 1):
        number = wb.id_number(date(1960, 1, 1) + timedelta(days=n), n % 1000)
        surname, given = "赵钱孙李周吴郑王冯陈"[n % 10], "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"[n // 10 % 20]
        name = surname + given + "国华"[n // 200 % 2] + "年月日时"[n // 400 % 4]  # 1,600 different names
        people.append([name, number, f"第{n % 3 + 1}小组"])
    if bad_row is not None:
        good = people[bad_row - 1][1]
        people[bad_row - 1][1] = good[:-1] + ("0" if good[-1] != "0" else "1")
    if repeat is not None:
        a, b = repeat
        people[b - 1] = list(people[a - 1])
        twin = wb.id_number(date(1960, 1, 1) + timedelta(days=a), 999)
        people[b] = [people[a - 1][0], twin, people[a - 1][2]]
    for row in people:
        sheet.append(row)
    book.save(path)


def test_an_error_in_a_late_chunk_undoes_the_chunks_already_written(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    _long_roll(path, 1300, bad_row=1250)
    before = snapshot(db)
    summary = run_import(db, ADMIN, path, mode="all")
    assert summary.refused and not summary.imported
    assert (summary.created, summary.skipped, summary.rejected) == (0, 1299, 1)
    assert [r.row for r in summary.problem_rows] == [1251]  # Excel row: the header is row 1
    assert snapshot(db) == before  # members, events, groups and change log as they were
    # The search index's trigger is back: a member added by hand is found.
    with db.unit_of_work() as session:
        add_member(session, ADMIN, check_member({"name": "钱多多"}))
    with db.unit_of_work() as session:
        from app.members.listing import MemberFilter, member_ids

        assert len(member_ids(session, ADMIN, MemberFilter(query="钱多"))) == 1

    summary = run_import(db, ADMIN, path, mode="valid")
    assert (summary.created, summary.rejected, summary.groups_created) == (1299, 1, ["第2小组", "第3小组", "第1小组"])
    assert count(db, Member) == 1300


def test_rows_are_compared_with_earlier_chunks_of_the_file(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    _long_roll(path, 1300, repeat=(3, 1200))
    summary = run_import(db, ADMIN, path, mode="valid")
    by_row = {r.row - 1: r for r in summary.problem_rows}  # by position in the file
    assert [p.code for p in by_row[1200].problems] == ["import.duplicate_in_file"]
    assert "第 4 行" in summary.problem_text(by_row[1200])
    # The same name and birth date as a member this import created is not "already on the roll".
    assert 1201 not in by_row
    assert (summary.created, summary.skipped, summary.rejected, summary.warnings) == (1299, 1, 0, 0)
