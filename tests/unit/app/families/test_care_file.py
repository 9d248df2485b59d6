"""A family's printed care file: what each role finds on the page, the history of visits, the audit of the print."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.accounts.users import Actor
from app.database import Database
from app.errors import AccessDenied, CancelledError
from app.families.care_file import CareFileSummary, write_care_file
from app.families.registry import FamilyInput, PersonInput, create_family
from app.families.visits import VisitInput, log_visit
from app.validation import mask_id_number
from db.models import AuditLog
from tests.helpers.database import ADMIN, CLERK, COUNTY, new_database
from tests.helpers.families import FATHER_ID, MOTHER_ID, TODAY, V1, Families, build_families

MASKED_MOTHER = mask_id_number(MOTHER_ID)


def _poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install poppler-utils (apt-get install poppler-utils)")
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


def _text(pdf: Path) -> str:
    return _poppler("pdftotext", "-layout", str(pdf), "-")


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Families]]:
    db = new_database(tmp_path_factory.mktemp("care"))
    yield db, build_families(db)
    db.close()


def _print(db: Database, family: str, out: Path, actor: Actor = ADMIN, reveal: str | None = None) -> CareFileSummary:
    with db.unit_of_work(actor.username) as session:
        return write_care_file(session, actor, family, out, reveal_reason=reveal, today=TODAY)


def _audit_rows(db: Database, action: str, file: str) -> list[dict[str, object]]:
    with db.unit_of_work() as session:
        rows = session.scalars(select(AuditLog).where(AuditLog.action == action))
        return [json.loads(row.detail or "{}") for row in rows if file in (row.detail or "")]


def test_a_revealed_file_shows_the_whole_record_and_the_visits_newest_first(
    office: tuple[Database, Families], tmp_path: Path
) -> None:
    db, fam = office
    out = tmp_path / "档案.pdf"
    summary = _print(db, fam.bereaved, out, reveal="核对特别扶助名单")
    assert summary.revealed and summary.pages == 1 and summary.visits == 4 and summary.activities == 1
    text = _text(out)
    assert "城关村计生协特殊家庭帮扶档案" in text and "打印日期：2026年11月23日" in text
    assert "李秀英、张建国" in text and "张小明" in text
    assert MOTHER_ID in text and FATHER_ID in text and "13812345678" in text
    assert "查看原因：核对特别扶助名单" in text
    assert "独生子女死亡" in text and "正在享受（2015 年起）" in text and "已签约" in text
    assert "高血压" in text and "死亡 2019-03-01" in text
    assert "2025-01-05；范围：帮扶档案与走访记录；签字人：李秀英" in text
    assert "住院护理补贴保险" in text and "100.00" in text and "意外险" in text
    assert "端午暖心座谈会" in text and "城关村暖心家园" in text
    assert "第 1 页 / 共 1 页" in text
    # Current visits only, newest first: the corrected visit shows once, as corrected (21 January, not 20).
    assert "2025-01-20" not in text and text.count("2025-01-21") == 1
    order = [text.index(day) for day in ("2026-11-01", "2025-06-03", "2025-04-02", "2025-01-21")]
    assert order == sorted(order)
    assert "志愿者上门服务" in text and "孙志愿" in text and "吴主任" in text and "生活关怀、精神关怀" in text
    assert "送一部老年手机" in text and "期限：2026-12-01" in text and "未完成" in text
    assert [row["reason"] for row in _audit_rows(db, "print", out.name)] == ["核对特别扶助名单"]


def test_the_font_is_embedded(office: tuple[Database, Families], tmp_path: Path) -> None:
    db, fam = office
    out = tmp_path / "care.pdf"
    _print(db, fam.bereaved, out)
    for line in _poppler("pdffonts", str(out)).splitlines()[2:]:
        name, kind, *_, emb, sub, uni, _obj, _gen = line.split()
        assert name.endswith("+NotoSansCJKsc-Regular") and kind == "TrueType", line
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line


def test_without_a_reason_numbers_are_masked_and_the_print_is_audited(
    office: tuple[Database, Families], tmp_path: Path
) -> None:
    db, fam = office
    out = tmp_path / "masked.pdf"
    summary = _print(db, fam.bereaved, out, actor=COUNTY)
    text = _text(out)
    assert not summary.revealed
    assert MASKED_MOTHER in text and MOTHER_ID not in text and FATHER_ID not in text
    assert "138****5678" in text and "13812345678" not in text and "139****1111" in text
    assert "身份证号和电话已脱敏" in text
    assert "高血压" in text  # county staff see health
    assert _audit_rows(db, "print", out.name) == [{"file": out.name, "pages": 1, "visits": 4, "revealed": False}]


def test_a_clerk_sees_health_and_bereavement_masked_and_may_not_reveal(
    office: tuple[Database, Families], tmp_path: Path
) -> None:
    db, fam = office
    out = tmp_path / "clerk.pdf"
    _print(db, fam.bereaved, out, actor=CLERK)
    text = _text(out)
    assert "李秀英" in text and MASKED_MOTHER in text
    assert "高血压" not in text and "2019-03-01" not in text and "定期健康体检" not in text
    assert "＊＊＊" in text and "按账户权限隐去" in text
    refused = tmp_path / "refused.pdf"
    with pytest.raises(AccessDenied, match="不能查看特殊家庭的完整信息"):
        _print(db, fam.bereaved, refused, actor=CLERK, reveal="想看看")
    assert not refused.exists()


def test_a_volunteer_prints_only_their_familys_file_with_their_own_visits(
    office: tuple[Database, Families], tmp_path: Path
) -> None:
    db, fam = office
    out = tmp_path / "volunteer.pdf"
    summary = _print(db, fam.bereaved, out, actor=fam.volunteer)
    text = _text(out)
    assert summary.visits == 1 and "打扫卫生，陪同聊天" in text and "心理疏导一小时" not in text
    assert "需要注意" not in text and "高血压" not in text
    with pytest.raises(AccessDenied, match="只能查看与自己结对的家庭"):
        _print(db, fam.disabled, tmp_path / "other.pdf", actor=fam.volunteer)
    assert not (tmp_path / "other.pdf").exists()


def test_warnings_name_what_is_missing(office: tuple[Database, Families], tmp_path: Path) -> None:
    db, fam = office
    out = tmp_path / "warn.pdf"
    _print(db, fam.disabled, out)
    text = _text(out)
    assert "需要注意" in text and "还没有登记单独同意" in text
    assert "肢体 二级" in text and "伤残 2010-06-01" in text
    assert "（没有登记保险）" in text and "应急探视" in text and "联系民政临时救助" in text
    young = FamilyInput(
        categories=["child_deceased"], village_code=V1,
        people=[PersonInput("mother", "钱小芳", "F", birth_date="1985-04-04"), PersonInput("child", "钱多", "M")],
    )  # fmt: skip
    with db.unit_of_work() as session:
        family = create_family(session, ADMIN, young, today=TODAY)[0]
    out = tmp_path / "young.pdf"
    _print(db, family, out)
    text = _text(out)
    assert "母亲现年 41 周岁" in text and "没有子女的死亡日期" in text
    assert "（没有走访记录）" in text and "（没有参加活动的记录）" in text


def test_a_long_history_runs_onto_numbered_pages_and_a_cancel_leaves_no_file(
    office: tuple[Database, Families], tmp_path: Path
) -> None:
    db, fam = office
    with db.unit_of_work(CLERK.username) as session:
        for day in range(60):
            visit = VisitInput(fam.surgery, "phone_call", date(2026, 1, 1) + timedelta(days=day),
                               content=f"第 {day + 1} 次电话问候，询问身体和生活情况，提醒按时服药。")  # fmt: skip
            log_visit(session, CLERK, visit, today=TODAY)
    out = tmp_path / "long.pdf"
    summary = _print(db, fam.surgery, out)
    assert summary.pages >= 2 and summary.visits == 60
    last = _poppler("pdftotext", "-layout", "-f", str(summary.pages), "-l", str(summary.pages), str(out), "-")
    assert f"第 {summary.pages} 页 / 共 {summary.pages} 页" in last and "经办人" in last

    class Cancelling:
        def start(self, total: int, label: str = "") -> None:
            pass

        def advance(self, n: int = 1) -> None:
            pass

        def cancelled(self) -> bool:
            return True

    cancelled = tmp_path / "cancelled.pdf"
    with pytest.raises(CancelledError), db.unit_of_work() as session:
        write_care_file(session, ADMIN, fam.surgery, cancelled, today=TODAY, progress=Cancelling())
    assert not cancelled.exists() and not list(tmp_path.glob(".*.part"))
