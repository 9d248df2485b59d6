"""The member roll page: search as you type, filters, SQL sorting, paging, columns remembered, masked IDs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.database import Database
from app.demo import build_demo
from app.members.checks import check_member
from app.members.service import add_member
from db.models import AuditLog, Member
from tests.helpers.database import ADMIN, COUNTY, new_database, office_of
from ui.members.page import MembersPage
from ui.members.table_model import COLUMNS, PAGE_ROWS, MemberTableModel
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = new_database(tmp_path_factory.mktemp("roll"), setup=None)
    build_demo(db, members=1200, seed=4, today=TODAY)
    with db.unit_of_work() as session:
        add_member(
            session, ADMIN, check_member({"name": "张三", "id_number": "11010519491231002X", "phone": "13812345678"})
        )
    yield db
    db.close()


@pytest.fixture
def page(qtbot: QtBot, demo_db: Database) -> MembersPage:
    window = QMainWindow()
    qtbot.addWidget(window)
    page = MembersPage()
    window.setCentralWidget(page)
    page.set_office(office_of(demo_db), OperationRunner(window))
    window.show()
    return page


def _column(key: str) -> int:
    return [k for k, _ in COLUMNS].index(key)


def _cell(page: MembersPage, row: int, key: str) -> str:
    assert page.model is not None
    return str(page.model.index(row, _column(key)).data())


def _current(demo_db: Database) -> int:
    with demo_db.unit_of_work() as session:
        return (
            session.scalar(
                select(func.count()).select_from(Member).where(Member.status.in_(("active", "transferred_in")))
            )
            or 0
        )


def test_the_list_pages_in_members_as_it_scrolls(page: MembersPage, demo_db: Database) -> None:
    assert page.model is not None
    total = _current(demo_db)
    assert page.model.total == total > PAGE_ROWS
    assert page.model.rowCount() == PAGE_ROWS
    page.table.scrollToBottom()
    while page.model.canFetchMore(page.table.rootIndex()):
        page.model.fetchMore(page.table.rootIndex())
    assert page.model.rowCount() == total
    assert page.count_label.text() == f"{total} member(s)"


def test_search_as_you_type_by_pinyin_initials_and_id_tail(qtbot: QtBot, page: MembersPage) -> None:
    assert page.model is not None
    for query in ("zhangsan", "zs", "张三", "002X", "13812345678"):
        page.search_edit.setText(query)
        qtbot.waitUntil(lambda q=query: page.model is not None and page.model.filter.query == q, timeout=3000)
        names = {_cell(page, row, "name") for row in range(page.model.rowCount())}
        assert "张三" in names, query
        if query in ("002X", "13812345678"):
            assert names == {"张三"}
    row = next(r for r in range(page.model.rowCount()) if _cell(page, r, "name") == "张三")
    assert _cell(page, row, "id_number") == "110105********002X"  # masked by default


def test_showing_full_id_numbers_needs_a_reason_and_is_audited(
    page: MembersPage, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.search_edit.setText("002X")
    page.apply_filter()
    monkeypatch.setattr(page, "ask_reveal_reason", lambda: None)
    page.reveal_action.trigger()
    assert not page.reveal_action.isChecked()
    assert _cell(page, 0, "id_number") == "110105********002X"
    assert _cell(page, 0, "phone") == "138****5678"
    monkeypatch.setattr(page, "ask_reveal_reason", lambda: "核对特别扶助名单")
    page.reveal_action.trigger()
    assert page.reveal_action.isChecked()
    assert _cell(page, 0, "id_number") == "11010519491231002X"
    assert _cell(page, 0, "phone") == "13812345678"
    with demo_db.unit_of_work() as session:
        row = session.scalars(select(AuditLog).where(AuditLog.action == "reveal").order_by(AuditLog.seq.desc())).first()
    assert row is not None and row.username == "admin" and "核对特别扶助名单" in (row.detail or "")


def test_county_staff_read_the_roll_and_admins_alone_delete_a_mistaken_member(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    page = MembersPage()
    window.setCentralWidget(page)
    window.show()
    page.set_office(office_of(demo_db, COUNTY), OperationRunner(window))
    assert page.model is not None and page.model.total > 0
    assert not any(a.isVisible() for a in (page.add_action, page.edit_action, page.import_action, page.delete_action))
    assert page.reveal_action.isVisible() and page.export_action.isVisible()

    with demo_db.unit_of_work() as session:
        mistaken = add_member(session, ADMIN, check_member({"name": "误录会员", "id_number": "110105194912310046"}))
    page.set_office(office_of(demo_db, ADMIN), OperationRunner(window))
    assert page.delete_action.isVisible()
    page.search_edit.setText("误录会员")
    page.apply_filter()
    page.table.selectRow(0)
    asked: list[str] = []
    monkeypatch.setattr(page, "ask_delete_reason", lambda name: asked.append(name) or "重复录入")
    with qtbot.waitSignal(_runner(page).sig_idle, timeout=20000):
        page.delete_action.trigger()
    assert asked == ["误录会员"] and page.model.total == 0
    with demo_db.unit_of_work() as session:
        assert session.get_one(Member, mistaken).deleted


def test_filters_narrow_the_list(page: MembersPage, demo_db: Database) -> None:
    assert page.model is not None
    village = page.village_combo.itemData(1)
    page.village_combo.setCurrentIndex(1)
    with demo_db.unit_of_work() as session:
        expected = session.scalar(
            select(func.count())
            .select_from(Member)
            .where(Member.village_code == village, Member.status.in_(("active", "transferred_in")))
        )
    assert page.model.total == expected
    page.status_combo.setCurrentIndex(page.status_combo.findData("withdrawn"))
    assert {_cell(page, r, "status") for r in range(page.model.rowCount())} <= {"退会"}


def test_clicking_a_header_sorts_in_sql(qtbot: QtBot, page: MembersPage) -> None:
    assert page.model is not None
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(_column("birth_date")) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5))
    assert page.model.filter.sort == "birth_date"
    births = [_cell(page, r, "birth_date") for r in range(50)]
    assert births == sorted(births) or births == sorted(births, reverse=True)


def test_hidden_columns_and_order_are_remembered(qtbot: QtBot, page: MembersPage, demo_db: Database) -> None:
    page.set_column_visible(_column("address"), False)
    page.table.horizontalHeader().moveSection(_column("phone"), 0)
    again = MembersPage()
    qtbot.addWidget(again)
    window = QMainWindow()
    qtbot.addWidget(window)
    again.set_office(office_of(demo_db), OperationRunner(window))
    header = again.table.horizontalHeader()
    assert header.isSectionHidden(_column("address"))
    assert header.logicalIndex(0) == _column("phone")


def test_the_model_passes_qt_model_tests(qtmodeltester: object, demo_db: Database) -> None:
    model = MemberTableModel(office_of(demo_db))
    from app.members.listing import MemberFilter

    model.set_filter(MemberFilter(query="张"))
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def _runner(page: MembersPage) -> OperationRunner:
    runner = page._runner
    assert runner is not None
    return runner


def test_export_writes_what_the_list_shows_masked_unless_revealed(
    qtbot: QtBot, page: MembersPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    page.search_edit.setText("张")
    page.apply_filter()
    assert page.model is not None
    shown = page.model.total
    target = tmp_path / "roll.xlsx"
    monkeypatch.setattr(page, "choose_save_path", lambda *_args: str(target))
    with qtbot.waitSignal(_runner(page).sig_idle, timeout=20000):
        page.export_action.trigger()
    book = load_workbook(target, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[0][0] == "姓名" and len(rows) - 1 == shown
    ids = [str(v) for row in rows[1:] for v in row if isinstance(v, str) and v.endswith("002X")]
    assert ids == ["110105********002X"]


def test_print_roster_writes_a_pdf_of_the_list(
    qtbot: QtBot, page: MembersPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.search_edit.setText("002X")
    page.apply_filter()
    target = tmp_path / "roster.pdf"
    monkeypatch.setattr(page, "choose_save_path", lambda *_args: str(target))
    with qtbot.waitSignal(_runner(page).sig_idle, timeout=30000):
        page.roster_action.trigger()
    assert target.read_bytes().startswith(b"%PDF")
