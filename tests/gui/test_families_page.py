"""The special-families page: the list with a family's visits, the 五个一 checklist and its to-do lists, the
overview's charts and their drill-down, keyboard paths between them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from app.database import Database
from app.families.registry import FamilyInput, PersonInput, close_family, create_family
from app.families.visits import VisitInput, log_visit
from db.models import Activity, ActivityAttendance, FamilyInsurance
from tests.helpers.database import ADMIN, CLERK, COUNTY, new_database, office_of
from ui.families.page import FamiliesPage
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui
TODAY = date.today()
YEAR = TODAY.year
V1 = "440105001001"


def _family(db: Database, mother: str) -> str:
    data = FamilyInput(categories=["child_deceased"], village_code=V1,
                       people=[PersonInput("mother", mother, "F", birth_date="1970-01-01")])  # fmt: skip
    with db.unit_of_work() as session:
        return create_family(session, ADMIN, data)[0]


@pytest.fixture
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, str]]]:
    """Three families this year: 张 has four of five items, 李 one item and an overdue follow-up, 王 closed."""
    db = new_database(tmp_path_factory.mktemp("families_page"))
    fam = {"zhang": _family(db, "张桂兰"), "li": _family(db, "李秀英"), "wang": _family(db, "王芳")}
    start = date(YEAR, 1, 1)
    with db.unit_of_work() as session:
        for kind in ("condolence_visit", "volunteer_home_service", "psych_support"):
            log_visit(session, CLERK, VisitInput(fam["zhang"], kind, start))
        log_visit(session, CLERK, VisitInput(fam["li"], "condolence_visit", start, followup_action="申请临时救助",
                                             followup_due=start + timedelta(days=1)))  # fmt: skip
        activity = Activity(held_on=start, type="group_activity", title="新春座谈", participant_count=1)
        session.add(activity)
        session.flush()
        session.add(ActivityAttendance(activity_id=activity.id, family_id=fam["zhang"]))
        session.add(FamilyInsurance(family_id=fam["li"], year=YEAR - 1, kind="综合保险"))
        close_family(session, ADMIN, fam["wang"], start, "迁出本县")
    yield db, fam
    db.close()


@pytest.fixture
def page(qtbot: QtBot, office: tuple[Database, dict[str, str]]) -> FamiliesPage:
    window = QMainWindow()
    qtbot.addWidget(window)
    page = FamiliesPage()
    window.setCentralWidget(page)
    page.set_office(office_of(office[0]), OperationRunner(window))
    window.show()
    return page


def _column(table: object, row: int) -> list[str]:
    from PySide6.QtWidgets import QTableWidget

    assert isinstance(table, QTableWidget)
    return [table.item(row, c).text() if table.item(row, c) else "" for c in range(table.columnCount())]


def test_the_checklist_shows_each_familys_items_and_the_coverage(
    page: FamiliesPage, office: tuple[Database, dict[str, str]]
) -> None:
    tab = page.checklist
    table = tab.tables["checklist"]
    assert table.rowCount() == 2  # the closed family is left out
    lines = {_column(table, n)[0]: _column(table, n)[2:] for n in range(2)}
    first = date(YEAR, 1, 1).isoformat()
    assert lines["张桂兰"] == [first, first, first, first, "✗"]
    assert lines["李秀英"] == [first, "✗", "✗", "✗", "✗"]
    coverage = tab.coverage_label.text()
    assert "2/2" in coverage and "100.0%" in coverage  # condolence visits
    assert "0/2" in coverage and "1/2" in coverage and "50.0%" in coverage
    # What needs doing: both miss something, 李's follow-up is overdue.
    assert tab.tables["missing"].rowCount() == 2
    assert _column(tab.tables["followups"], 0)[0] == "李秀英"
    assert "申请临时救助" in _column(tab.tables["followups"], 0)
    tab.item_combo.setCurrentIndex(tab.item_combo.findData("group_activity"))
    assert [_column(tab.tables["missing"], n)[0] for n in range(tab.tables["missing"].rowCount())] == ["李秀英"]
    tab.year_spin.setValue(YEAR - 1)
    assert {_column(table, n)[-1] for n in range(table.rowCount())} == {"✗", date(YEAR - 1, 1, 1).isoformat()}


def test_a_checklist_line_opens_the_family_with_its_visits(
    qtbot: QtBot, page: FamiliesPage, office: tuple[Database, dict[str, str]]
) -> None:
    _db, fam = office
    page.tabs.setCurrentWidget(page.checklist)
    table = page.checklist.tables["checklist"]
    row = next(n for n in range(table.rowCount()) if _column(table, n)[0] == "张桂兰")
    table.doubleClicked.emit(table.model().index(row, 0))
    assert page.tabs.currentWidget() is page.registry
    assert page.registry.selected_id() == fam["zhang"]
    assert page.registry.visits.rowCount() == 3
    qtbot.keyClick(page.registry.table, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentIndex() == 1
    qtbot.keyClick(page.registry.table, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentWidget() is page.checklist


def test_the_list_searches_and_county_staff_cannot_write(qtbot: QtBot, office: tuple[Database, dict[str, str]]) -> None:
    db, fam = office
    window = QMainWindow()
    qtbot.addWidget(window)
    page = FamiliesPage()
    window.setCentralWidget(page)
    page.set_office(office_of(db, COUNTY), OperationRunner(window))
    registry = page.registry
    assert registry.model.rowCount() == 2
    registry.search_edit.setText("lxy")
    registry.refresh()
    assert [r.id for r in registry.model.rows] == [fam["li"]]
    assert registry.model.text(registry.model.rows[0], "missing").count("、") == 3  # four items missing
    assert not registry.new_action.isVisible() and not registry.visit_action.isVisible()
    page.clear_office()
    assert registry.model.rowCount() == 0 and page.body.currentWidget() is page.empty_label


def _click_bar(qtbot: QtBot, view: object, series_index: int, bar: int, set_index: int = 0) -> None:
    """Click the middle of a bar as the user would, with the mouse on the chart."""
    from PySide6.QtCharts import QChartView

    assert isinstance(view, QChartView)
    chart = view.chart()
    series = chart.series()[series_index]
    bars = series.barSets()  # type: ignore[attr-defined]
    below = sum(bars[n].at(bar) for n in range(set_index))
    point = chart.mapToPosition(QPointF(bar, below + bars[set_index].at(bar) / 2), series)
    pos = view.mapFromScene(chart.mapToScene(point))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_the_overview_charts_the_year_and_a_bar_opens_its_list(
    qtbot: QtBot, page: FamiliesPage, office: tuple[Database, dict[str, str]]
) -> None:
    _db, fam = office
    dashboard = page.dashboard
    page.tabs.setCurrentWidget(dashboard)
    dashboard.resize(1000, 700)
    qtbot.waitExposed(dashboard.coverage_view)
    coverage = dashboard.coverage_chart.series()[0].barSets()[0]  # type: ignore[attr-defined]
    assert [coverage.at(n) for n in range(5)] == [100.0, 50.0, 50.0, 50.0, 0.0]
    months = dashboard.months_chart.series()[0].barSets()[0]  # type: ignore[attr-defined]
    assert months.at(0) == 4 and sum(months.at(n) for n in range(12)) == 4
    summary = dashboard.summary_label.text()
    assert "families in care 2" in summary and "met 0 (0.0%)" in summary and "visits this year 4" in summary
    assert "follow-ups overdue 1" in summary

    _click_bar(qtbot, dashboard.coverage_view, 0, 2)  # group activity: 50%
    assert page.tabs.currentWidget() is page.checklist
    missing = page.checklist.tables["missing"]
    assert page.checklist.lists.currentWidget() is missing
    assert [missing.item(n, 0).text() for n in range(missing.rowCount())] == ["李秀英"]

    page.tabs.setCurrentWidget(dashboard)
    _click_bar(qtbot, dashboard.months_view, 0, 0)  # January's visits
    dialog = dashboard.month_dialog
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 4
    row = next(n for n in range(4) if dialog.table.item(n, 1).text() == "李秀英")
    dialog.table.selectRow(row)
    dialog.table.doubleClicked.emit(dialog.table.model().index(row, 0))
    assert page.tabs.currentWidget() is page.registry and page.registry.selected_id() == fam["li"]

    page.tabs.setCurrentWidget(dashboard)
    villages = dashboard.villages_chart.series()[0].barSets()  # type: ignore[attr-defined]
    assert villages[0].at(0) == 1  # 李's follow-up is overdue
    _click_bar(qtbot, dashboard.villages_view, 0, 0, set_index=0)
    assert page.checklist.lists.currentWidget() is page.checklist.tables["followups"]
    assert page.checklist.village_combo.currentData() == V1
