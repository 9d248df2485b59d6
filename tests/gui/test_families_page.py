"""The special-families page: the list with a family's visits, the 五个一 checklist and its to-do lists, the
overview's charts and their drill-down, keyboard paths between them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QMainWindow, QTableView, QWidget
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
    with qtbot.waitSignal(page.dashboard.sig_refreshed, timeout=10000):  # the tab on top reads when shown
        window.show()
    return page


def _show(qtbot: QtBot, page: FamiliesPage, tab: QWidget) -> None:
    """Bring a tab to the front and wait for what it reads (a hidden tab reads when it is shown)."""
    with qtbot.waitSignal(tab.sig_refreshed, timeout=10000):  # type: ignore[attr-defined]
        page.tabs.setCurrentWidget(tab)


def _after(qtbot: QtBot, tab: QWidget, change: Callable[[], object]) -> None:
    """Make a change on a tab and wait until it shows the numbers read again."""
    with qtbot.waitSignal(tab.sig_refreshed, timeout=10000):  # type: ignore[attr-defined]
        change()


def _column(table: QTableView, row: int) -> list[str]:
    """One line of a list, as the user reads it."""
    model = table.model()
    return [str(model.index(row, c).data()) for c in range(model.columnCount())]


def _names(table: QTableView) -> list[str]:
    """The families a list names, in its order."""
    return [_column(table, n)[0] for n in range(table.model().rowCount())]


def _red(table: QTableView, row: int, column: int) -> bool:
    brush = table.model().index(row, column).data(Qt.ItemDataRole.ForegroundRole)
    return brush is not None and brush.color().name() == "#b00020"


def test_the_checklist_shows_each_familys_items_and_the_coverage(
    qtbot: QtBot, page: FamiliesPage, office: tuple[Database, dict[str, str]]
) -> None:
    tab = page.checklist
    table = tab.tables["checklist"]
    assert table.model().rowCount() == 0  # read when first shown, not while the overview is on top
    _show(qtbot, page, tab)
    assert table.model().rowCount() == 2  # the closed family is left out
    lines = {_column(table, n)[0]: _column(table, n)[2:] for n in range(2)}
    li = _names(table).index("李秀英")
    assert _red(table, li, 3) and not _red(table, li, 2)  # a missing item is marked
    first = date(YEAR, 1, 1).isoformat()
    assert lines["张桂兰"] == [first, first, first, first, "✗"]
    assert lines["李秀英"] == [first, "✗", "✗", "✗", "✗"]
    coverage = tab.coverage_label.text()
    assert "2/2" in coverage and "100.0%" in coverage  # condolence visits
    assert "0/2" in coverage and "1/2" in coverage and "50.0%" in coverage
    # What needs doing: both miss something, 李's follow-up is overdue.
    assert tab.tables["missing"].model().rowCount() == 2
    assert _column(tab.tables["followups"], 0)[0] == "李秀英"
    assert "申请临时救助" in _column(tab.tables["followups"], 0)
    assert _red(tab.tables["followups"], 0, 2)  # overdue
    _after(qtbot, tab, lambda: tab.item_combo.setCurrentIndex(tab.item_combo.findData("group_activity")))
    assert _names(tab.tables["missing"]) == ["李秀英"]
    _after(qtbot, tab, lambda: tab.year_spin.setValue(YEAR - 1))
    assert {_column(table, n)[-1] for n in range(table.model().rowCount())} == {"✗", date(YEAR - 1, 1, 1).isoformat()}


def test_a_checklist_line_opens_the_family_with_its_visits(
    qtbot: QtBot, page: FamiliesPage, office: tuple[Database, dict[str, str]]
) -> None:
    _db, fam = office
    _show(qtbot, page, page.checklist)
    table = page.checklist.tables["checklist"]
    row = _names(table).index("张桂兰")
    _after(qtbot, page.registry, lambda: table.doubleClicked.emit(table.model().index(row, 0)))
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
    with qtbot.waitSignal(page.dashboard.sig_refreshed, timeout=10000):
        window.show()
    assert registry.model.rowCount() == 0  # not read while hidden
    _show(qtbot, page, registry)
    assert registry.model.rowCount() == 2
    _after(qtbot, registry, lambda: qtbot.keyClicks(registry.search_edit, "lxy"))  # read once typing pauses
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

    _after(qtbot, page.checklist, lambda: _click_bar(qtbot, dashboard.coverage_view, 0, 2))  # group activity: 50%
    assert page.tabs.currentWidget() is page.checklist
    missing = page.checklist.tables["missing"]
    assert page.checklist.lists.currentWidget() is missing
    assert _names(missing) == ["李秀英"]

    page.tabs.setCurrentWidget(dashboard)
    _click_bar(qtbot, dashboard.months_view, 0, 0)  # January's visits
    qtbot.waitUntil(lambda: getattr(dashboard, "month_dialog", None) is not None, timeout=10000)
    dialog = dashboard.month_dialog
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() == 4
    row = next(n for n in range(4) if dialog.table.item(n, 1).text() == "李秀英")
    dialog.table.selectRow(row)
    _after(qtbot, page.registry, lambda: dialog.table.doubleClicked.emit(dialog.table.model().index(row, 0)))
    assert page.tabs.currentWidget() is page.registry and page.registry.selected_id() == fam["li"]

    page.tabs.setCurrentWidget(dashboard)
    villages = dashboard.villages_chart.series()[0].barSets()  # type: ignore[attr-defined]
    assert villages[0].at(0) == 1  # 李's follow-up is overdue
    _after(qtbot, page.checklist, lambda: _click_bar(qtbot, dashboard.villages_view, 0, 0, set_index=0))
    assert page.checklist.lists.currentWidget() is page.checklist.tables["followups"]
    assert page.checklist.village_combo.currentData() == V1


def test_the_bar_of_the_families_with_no_village_opens_only_theirs(
    qtbot: QtBot, page: FamiliesPage, office: tuple[Database, dict[str, str]]
) -> None:
    db, _fam = office
    data = FamilyInput(categories=["child_disabled"], people=[PersonInput("mother", "赵玉兰", "F")])
    with db.unit_of_work() as session:
        create_family(session, ADMIN, data)
    dashboard = page.dashboard
    dashboard.resize(1000, 700)
    _after(qtbot, dashboard, dashboard.refresh)
    qtbot.waitExposed(dashboard.villages_view)
    categories = dashboard.villages_chart.axes(Qt.Orientation.Horizontal)[0].categories()  # type: ignore[attr-defined]
    assert categories == ["城关村计生协", "（未填写村居）"]
    quiet = dashboard.villages_chart.series()[0].barSets()[1]  # type: ignore[attr-defined]
    assert quiet.at(1) == 1  # 赵 was never visited
    _after(qtbot, page.checklist, lambda: _click_bar(qtbot, dashboard.villages_view, 0, 1, set_index=1))
    checklist = page.checklist
    assert checklist.lists.currentWidget() is checklist.tables["not_contacted"]
    assert checklist.village_combo.currentText() == "(no village recorded)"
    table = checklist.tables["not_contacted"]
    assert _names(table) == ["赵玉兰"]
    assert _names(checklist.tables["checklist"]) == ["赵玉兰"]
