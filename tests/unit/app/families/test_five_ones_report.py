"""The 五个一 checklist printed and in a workbook, and the village's annual report: the figures a secretary reads
agree with the visits, activities and insurance recorded, per village and in total."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from app.database import Database
from app.errors import AccessDenied, ValidationError
from app.families.annual_report import annual_report
from app.families.annual_report_pdf import write_annual_report
from app.families.five_ones import coverage
from app.families.five_ones_pdf import write_five_ones_pdf
from app.families.five_ones_report import five_ones_checklist
from app.families.five_ones_workbook import CHECKLIST_SHEET, COVERAGE_SHEET, TODO_SHEET, write_five_ones_workbook
from app.validation import mask_id_number
from db.models import AuditLog
from tests.helpers.database import ADMIN, CLERK, COUNTY, new_database
from tests.helpers.families import MOTHER_ID, TODAY, V1, V2_NAME, YEAR, Families, build_families

V1_NAME = "城关村计生协"  # the site's own region row carries the office's name


def _text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (apt-get install poppler-utils)")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def _flat(text: str) -> str:
    """The text without spaces: the PDF's text layer keeps or drops the narrow spaces beside Han characters."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Families]]:
    db = new_database(tmp_path_factory.mktemp("five_report"))
    yield db, build_families(db)
    db.close()


def _sheet(path: Path, title: str) -> Worksheet:
    sheet = load_workbook(path)[title]
    assert isinstance(sheet, Worksheet)
    return sheet


def test_the_printed_checklist_dates_each_item_and_totals_each_village(
    office: tuple[Database, Families], tmp_path: Path
) -> None:
    db, _fam = office
    out = tmp_path / "五个一.pdf"
    with db.unit_of_work() as session:
        summary = write_five_ones_pdf(session, ADMIN, YEAR, out, today=TODAY)
        expected = coverage(session, ADMIN, YEAR)
    assert summary.coverage == expected and summary.families == 3 and summary.pages == 1
    text = _text(out)
    flat = _flat(text)
    assert f"{V1_NAME}{YEAR}年特殊家庭“五个一”服务清单" in text and "范围：全部村（居）" in text
    assert "共3户" in flat and "五项全部完成：1户（33.3%）" in flat and "制表日期：2026年11月23日" in text
    bereaved = next(line for line in text.splitlines() if "李秀英、张建国" in line)
    # The corrected condolence visit (21 January), home service, activity, psychological support, insurance.
    assert bereaved.split()[-6:] == ["2025-01-21", "2025-04-02", "2025-06-15", "2025-06-03", "2025-01-01", "5/5"]
    assert mask_id_number(MOTHER_ID) in bereaved and MOTHER_ID not in text
    assert "2025-01-20" not in text
    never = next(line for line in text.splitlines() if "赵大勇" in line)
    assert never.split()[-6:] == ["—"] * 5 + ["0/5"]
    subtotal = next(line for line in text.splitlines() if f"{V1_NAME} 小计" in line)
    assert subtotal.count("2 户（100.0%）") == 2 and subtotal.count("1 户（50.0%）") == 4
    assert f"{V2_NAME} 小计" in text and f"{V2_NAME}（1 户）" in text
    total = next(line for line in text.splitlines() if line.strip().startswith("合计"))
    assert total.split()[1:] == ["2", "户（66.7%）", "1", "户（33.3%）", "2", "户（66.7%）", "1", "户（33.3%）",
                                 "1", "户（33.3%）", "1", "户（33.3%）"]  # fmt: skip
    assert "第 1 页 / 共 1 页" in text


def test_one_village_and_a_volunteers_scope(office: tuple[Database, Families], tmp_path: Path) -> None:
    db, fam = office
    out = tmp_path / "village.pdf"
    with db.unit_of_work() as session:
        summary = write_five_ones_pdf(session, CLERK, YEAR, out, village_code=V1, today=TODAY)
        mine = five_ones_checklist(session, fam.volunteer, YEAR, today=TODAY)
    text = _text(out)
    assert summary.families == 2 and f"范围：{V1_NAME}" in text and "赵大勇" not in text
    assert not [line for line in text.splitlines() if line.strip().startswith("合计")]  # one village: its subtotal
    assert [line.family.family_id for line in mine.lines] == [fam.bereaved]


def test_bad_years_villages_and_reveals_are_refused(office: tuple[Database, Families], tmp_path: Path) -> None:
    db, _fam = office
    out = tmp_path / "refused.pdf"
    with db.unit_of_work() as session:
        with pytest.raises(ValidationError, match="年度应在 2000 到 2026 之间，而不是 2027"):
            write_five_ones_pdf(session, ADMIN, 2027, out, today=TODAY)
        with pytest.raises(ValidationError, match="没有区划代码为 440105009999 的村"):
            write_five_ones_pdf(session, ADMIN, YEAR, out, village_code="440105009999", today=TODAY)
        with pytest.raises(ValidationError, match="12 位统计用区划代码"):
            write_five_ones_pdf(session, ADMIN, YEAR, out, village_code="城关村", today=TODAY)
        with pytest.raises(AccessDenied):
            write_five_ones_pdf(session, CLERK, YEAR, out, reveal_reason="核对", today=TODAY)
    assert not out.exists()


def test_the_workbook_holds_the_checklist_coverage_and_to_do_lists(
    office: tuple[Database, Families], tmp_path: Path
) -> None:
    db, _fam = office
    out = tmp_path / "五个一.xlsx"
    with db.unit_of_work() as session:
        summary = write_five_ones_workbook(session, COUNTY, YEAR, out, reveal_reason="县里核对名单", today=TODAY)
    assert summary.revealed and summary.families == 3
    assert load_workbook(out).sheetnames == [CHECKLIST_SHEET, COVERAGE_SHEET, TODO_SHEET]

    checklist = _sheet(out, CHECKLIST_SHEET)
    assert checklist.freeze_panes == "A2"
    header = [cell.value for cell in checklist[1]]
    assert header[:8] == ["村（居）", "家庭（母亲、父亲）", "身份证号", "走访慰问", "志愿者上门服务", "集体交流活动",
                          "心理疏导", "保险保障"]  # fmt: skip
    rows = {row[1].value: row for row in checklist.iter_rows(min_row=2)}
    bereaved = rows["李秀英、张建国"]
    assert bereaved[2].value == MOTHER_ID and bereaved[2].data_type == "s" and bereaved[2].number_format == "@"
    assert bereaved[3].value == datetime(2025, 1, 21) and bereaved[3].is_date
    assert bereaved[8].value == 5 and bereaved[9].value is None
    assert [cell.value for cell in rows["王桂兰"][3:10]] == [
        datetime(2025, 2, 1), "—", datetime(2025, 6, 15), "—", "—", 2, "志愿者上门服务、心理疏导、保险保障"
    ]  # fmt: skip
    assert rows["赵大勇"][0].value == V2_NAME

    cover = {row[0].value: row for row in _sheet(out, COVERAGE_SHEET).iter_rows(min_row=2)}
    total = cover["合计（全部村（居））"]
    assert total[1].value == 3 and total[2].value == 2
    assert total[3].value == pytest.approx(0.667) and total[3].number_format == "0.0%"
    assert [cover[V1_NAME][i].value for i in (1, 2, 3, 12, 13)] == [2, 2, 1, 1, 0.5]

    todo = [[cell for cell in row if cell is not None] for row in _sheet(out, TODO_SHEET).iter_rows(values_only=True)]
    titles = [row[0] for row in todo if row and str(row[0])[:2] in ("一、", "二、", "三、", "四、")]
    assert titles == ["一、缺项家庭", "二、超过 30 天未联系的家庭", "三、一周内到期或已逾期的跟进事项",
                      "四、尚未处理完的紧急情况"]  # fmt: skip
    assert [V2_NAME, "赵大勇", 0, "走访慰问、志愿者上门服务、集体交流活动、心理疏导、保险保障"] in todo
    assert [V2_NAME, "赵大勇", "从未走访"] in todo
    assert [V1_NAME, "王桂兰", datetime(2025, 12, 30), 328] in todo
    assert [V1_NAME, "王桂兰", datetime(2025, 12, 30), "应急探视", "联系民政临时救助", "吴主任", datetime(2026, 1, 15),
            "已逾期 312 天"] in todo  # fmt: skip
    assert ["（无）"] in todo  # no other follow-up falls due within the week
    with db.unit_of_work() as session:
        logged = session.scalars(select(AuditLog).where(AuditLog.action == "export")).all()
    detail = json.loads(logged[-1].detail or "{}")
    assert detail["file"] == out.name and detail["reason"] == "县里核对名单" and detail["families"] == 3


def test_not_contacted_follows_days(office: tuple[Database, Families], tmp_path: Path) -> None:
    db, _fam = office
    out = tmp_path / "days.xlsx"
    with db.unit_of_work() as session:
        write_five_ones_workbook(session, ADMIN, YEAR, out, days=400, today=TODAY)
        with pytest.raises(ValidationError, match="未联系天数应在 1 到 3660 之间"):
            write_five_ones_workbook(session, ADMIN, YEAR, tmp_path / "bad.xlsx", days=0, today=TODAY)
    todo = [row for row in _sheet(out, TODO_SHEET).iter_rows(values_only=True)]
    quiet = todo[todo.index(next(r for r in todo if r[0] == "二、超过 400 天未联系的家庭")) + 2]
    assert quiet[:4] == (V2_NAME, "赵大勇", None, "从未走访")  # 王桂兰 was visited 328 days ago: not listed
    assert not (tmp_path / "bad.xlsx").exists()


def test_the_annual_report_counts_the_villages_year(office: tuple[Database, Families], tmp_path: Path) -> None:
    db, fam = office
    with db.unit_of_work() as session:
        report = annual_report(session, CLERK, YEAR, V1, today=TODAY)
    assert report.families == 2 and report.by_category == {"child_deceased": 1, "child_disabled": 1}
    assert report.by_assistance == {"receiving": 1, "none": 1} and report.closed == 0
    assert report.visits["condolence_visit"][:2] == [1, 1] and report.visit_count == 5  # the corrected visit once
    assert report.visits["emergency"][11] == 1 and report.hours == 2
    assert [(a.title, a.participants, a.families) for a in report.activities] == [("端午暖心座谈会", 12, 2)]
    assert [f.followup.action for f in report.followups] == ["联系民政临时救助", "送一部老年手机"]

    out = tmp_path / "年度报告.pdf"
    with db.unit_of_work() as session:
        summary = write_annual_report(session, ADMIN, YEAR, V1, out, today=TODAY)
    assert (summary.families, summary.visits, summary.pages) == (2, 5, 1)
    text = _text(out)
    flat = _flat(text)
    assert f"{V1_NAME}{YEAR}年度特殊家庭帮扶工作年度报告" in text
    assert "2025年末在册特殊家庭2户，本年结案0户；全年走访5次，服务时长2小时；开展活动1次" in flat
    assert "五项全部完成1户（50.0%）" in flat
    condolence = next(line for line in text.splitlines() if line.strip().startswith("走访慰问") and "%" not in line)
    assert condolence.split() == ["走访慰问", "1", "1", "2"]
    assert "端午暖心座谈会" in text and "已逾期 312 天" in text and "未到期" in text
    with db.unit_of_work() as session, pytest.raises(AccessDenied):
        write_annual_report(session, fam.volunteer, YEAR, V1, tmp_path / "v.pdf", today=TODAY)
