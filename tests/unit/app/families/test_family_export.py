"""Special families and their visits in Excel: the cells a secretary finds, masked or revealed, per role."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from app.database import Database
from app.errors import AccessDenied, CancelledError, ValidationError
from app.families.access import MASK
from app.families.family_export import (
    FAMILIES_SHEET,
    FAMILY_COLUMNS,
    VISIT_COLUMNS,
    VISITS_SHEET,
    export_families,
    export_visits,
)
from app.validation import mask_id_number
from db.models import AuditLog
from tests.helpers.database import ADMIN, CLERK, COUNTY, new_database
from tests.helpers.families import (
    FATHER_ID,
    INJECTION,
    MOTHER_ID,
    MOTHER_PHONE,
    V1,
    V2_NAME,
    Families,
    build_families,
)

FAMILY = {column.header: index for index, column in enumerate(FAMILY_COLUMNS)}
VISIT = {column.header: index for index, column in enumerate(VISIT_COLUMNS)}


class FakeProgress:
    """Counts what the export reports and cancels when told to."""

    def __init__(self, cancel: bool = False) -> None:
        self.total: int | None = None
        self.done = 0
        self.cancel = cancel

    def start(self, total: int, label: str = "") -> None:
        self.total = total

    def advance(self, n: int = 1) -> None:
        self.done += n

    def cancelled(self) -> bool:
        return self.cancel


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Families]]:
    db = new_database(tmp_path_factory.mktemp("family_export"))
    yield db, build_families(db)
    db.close()


def _rows(path: Path, title: str) -> list[tuple[Cell, ...]]:
    sheet = load_workbook(path)[title]
    assert isinstance(sheet, Worksheet)
    assert sheet.freeze_panes == "A2"
    return list(sheet.iter_rows())


def _by_name(rows: list[tuple[Cell, ...]], column: str) -> dict[object, tuple[Cell, ...]]:
    return {row[FAMILY[column]].value: row for row in rows[1:]}


def _last_export(db: Database) -> dict[str, object]:
    with db.unit_of_work() as session:
        row = session.scalars(select(AuditLog).where(AuditLog.action == "export").order_by(AuditLog.seq.desc())).first()
    assert row is not None
    return {"tbl": row.tbl, **json.loads(row.detail or "{}")}


def test_families_masked_by_default_with_text_ids_and_escaped_formulas(
    office: tuple[Database, Families], tmp_path: Path
) -> None:
    db, _fam = office
    out = tmp_path / "特殊家庭.xlsx"
    progress = FakeProgress()
    with db.unit_of_work() as session:
        summary = export_families(session, ADMIN, out, progress=progress)
    assert (summary.rows, summary.revealed) == (3, False) and progress.total == progress.done == 3
    rows = _rows(out, FAMILIES_SHEET)
    assert [cell.value for cell in rows[0]] == [column.header for column in FAMILY_COLUMNS]
    mothers = _by_name(rows, "母亲")
    bereaved = mothers["李秀英"]
    number = bereaved[FAMILY["母亲身份证号"]]
    assert number.value == mask_id_number(MOTHER_ID) and number.data_type == "s" and number.number_format == "@"
    assert bereaved[FAMILY["父亲身份证号"]].value == mask_id_number(FATHER_ID)
    assert bereaved[FAMILY["母亲电话"]].value == "138****5678"
    assert bereaved[FAMILY["家庭类别"]].value == "独生子女死亡"
    assert bereaved[FAMILY["特别扶助"]].value == "正在享受（2015 年起）"
    assert bereaved[FAMILY["父母健康状况"]].value == "母亲：高血压"  # an admin sees health
    assert bereaved[FAMILY["子女伤残或死亡情况"]].value == "死亡 2019-03-01"
    assert bereaved[FAMILY["单独同意日期"]].value == datetime(2025, 1, 5)
    assert bereaved[FAMILY["乡镇联系人电话"]].value == "139****1111"
    address = mothers["王桂兰"][FAMILY["住址"]]
    assert address.value == INJECTION and address.data_type == "s"  # text shown as typed, never a formula
    assert mothers["王桂兰"][FAMILY["子女伤残或死亡情况"]].value == "肢体 二级，伤残 2010-06-01"
    assert _by_name(rows, "父亲")["赵大勇"][FAMILY["村（居）"]].value == V2_NAME
    with zipfile.ZipFile(out) as book:
        xml = "".join(book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml"))
    assert MOTHER_ID not in xml and FATHER_ID not in xml and MOTHER_PHONE not in xml
    assert _last_export(db) == {"tbl": "special_family", "file": out.name, "rows": 3, "revealed": False}


def test_a_reveal_shows_full_numbers_and_is_audited_with_its_reason(
    office: tuple[Database, Families], tmp_path: Path
) -> None:
    db, _fam = office
    out = tmp_path / "full.xlsx"
    with db.unit_of_work() as session:
        summary = export_families(session, COUNTY, out, village_code=V1, reveal_reason="核对特别扶助名单")
    assert summary.rows == 2 and summary.revealed
    bereaved = _by_name(_rows(out, FAMILIES_SHEET), "母亲")["李秀英"]
    number = bereaved[FAMILY["母亲身份证号"]]
    assert number.value == MOTHER_ID and number.data_type == "s"
    assert bereaved[FAMILY["母亲电话"]].value == MOTHER_PHONE
    assert _last_export(db)["reason"] == "核对特别扶助名单"
    blank = tmp_path / "blank.xlsx"
    with db.unit_of_work() as session:
        assert not export_families(session, ADMIN, blank, reveal_reason="   ").revealed  # no reason, no reveal
    assert _by_name(_rows(blank, FAMILIES_SHEET), "母亲")["李秀英"][FAMILY["母亲电话"]].value == "138****5678"


def test_a_clerk_gets_health_masked_and_may_not_reveal(office: tuple[Database, Families], tmp_path: Path) -> None:
    db, _fam = office
    out = tmp_path / "clerk.xlsx"
    with db.unit_of_work() as session:
        export_families(session, CLERK, out)
        with pytest.raises(AccessDenied, match="不能查看特殊家庭的完整信息"):
            export_families(session, CLERK, tmp_path / "refused.xlsx", reveal_reason="想看看")
    bereaved = _by_name(_rows(out, FAMILIES_SHEET), "母亲")["李秀英"]
    assert bereaved[FAMILY["父母健康状况"]].value == MASK
    assert bereaved[FAMILY["子女伤残或死亡情况"]].value == MASK and bereaved[FAMILY["家庭需求"]].value == MASK
    assert bereaved[FAMILY["子女"]].value == "张小明"
    assert not (tmp_path / "refused.xlsx").exists()


def test_a_volunteer_exports_only_their_family_and_their_own_visits(
    office: tuple[Database, Families], tmp_path: Path
) -> None:
    db, fam = office
    families, visits = tmp_path / "mine.xlsx", tmp_path / "my_visits.xlsx"
    with db.unit_of_work() as session:
        assert export_families(session, fam.volunteer, families).rows == 1
        assert export_visits(session, fam.volunteer, visits).rows == 1
        with pytest.raises(AccessDenied):
            export_families(session, fam.volunteer, tmp_path / "all.xlsx", reveal_reason="核对")
    rows = _rows(families, FAMILIES_SHEET)
    assert [row[FAMILY["母亲"]].value for row in rows[1:]] == ["李秀英"]
    assert rows[1][FAMILY["父母健康状况"]].value == MASK
    (visit,) = _rows(visits, VISITS_SHEET)[1:]
    assert visit[VISIT["走访类型"]].value == "志愿者上门服务" and visit[VISIT["走访人"]].value == "孙志愿"


def test_visits_export_current_visits_in_words_filtered_by_village_and_year(
    office: tuple[Database, Families], tmp_path: Path
) -> None:
    db, _fam = office
    out = tmp_path / "走访记录.xlsx"
    with db.unit_of_work() as session:
        summary = export_visits(session, ADMIN, out, year=2025)
        assert export_visits(session, ADMIN, tmp_path / "2026.xlsx", year=2026, village_code=V1).rows == 1
        with pytest.raises(ValidationError, match="年度应在 2000 到"):
            export_visits(session, ADMIN, tmp_path / "bad.xlsx", year=1999)
    assert summary.rows == 5
    rows = _rows(out, VISITS_SHEET)
    assert [cell.value for cell in rows[0]] == [column.header for column in VISIT_COLUMNS]
    dates = [row[VISIT["走访日期"]].value for row in rows[1:]]
    assert dates == sorted(dates) and datetime(2025, 1, 20) not in dates  # the replaced visit is not exported
    first = rows[1]
    assert first[VISIT["家庭（母亲、父亲）"]].value == "李秀英、张建国" and first[VISIT["走访类型"]].value == "走访慰问"
    assert first[VISIT["内容"]].value == "春节前走访，送慰问金 500 元" and first[VISIT["走访人"]].value == "吴主任"
    assert first[VISIT["五关怀一倡导"]].value == "生活关怀、精神关怀"
    service = next(row for row in rows if row[VISIT["走访类型"]].value == "志愿者上门服务")
    assert service[VISIT["服务时长（小时）"]].value == 2 and service[VISIT["跟进完成"]].value == "否"
    assert service[VISIT["跟进期限"]].value == datetime(2026, 12, 1) and service[VISIT["登记人"]].value == "clerk"
    emergency = next(row for row in rows if row[VISIT["走访类型"]].value == "应急探视")
    assert emergency[VISIT["内容"]].value == INJECTION and emergency[VISIT["内容"]].data_type == "s"
    assert _last_export(db) == {"tbl": "visit", "file": "2026.xlsx", "rows": 1, "revealed": False, "village": V1,
                                "year": 2026}  # fmt: skip


def test_a_cancelled_export_leaves_no_file_and_no_audit_row(office: tuple[Database, Families], tmp_path: Path) -> None:
    db, _fam = office
    before = _last_export(db)
    out = tmp_path / "cancelled.xlsx"
    with pytest.raises(CancelledError), db.unit_of_work() as session:
        export_families(session, ADMIN, out, progress=FakeProgress(cancel=True))
    assert not out.exists() and not list(tmp_path.glob(".*.part"))
    assert _last_export(db) == before
