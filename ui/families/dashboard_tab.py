"""The overview: three charts of this year's care (QtCharts) and the numbers behind them; a bar leads to its list.

- coverage of each 五个一 item: a bar opens the families still missing that item;
- visits per month: a bar opens that month's visits;
- overdue work per village (follow-ups past due, families not contacted for 30 days): a bar opens that village's list.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.families.labels import ITEM_LABELS, ITEMS, KIND_LABELS
from app.members.fields import label
from ui.i18n import error_language
from ui.operations import LatestRun, Operation

if TYPE_CHECKING:
    from app.families.dashboard import DashboardData, VisitLine
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress

BAR_COLOUR = QColor("#2e6fb7")
OVERDUE_COLOUR = QColor("#b00020")
QUIET_COLOUR = QColor("#d98c00")


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return chart, view


def _reset(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)


class DashboardTab(QWidget):
    """Charts of the current year, computed by `app.families.dashboard` when the office opens or records change."""

    sig_list_requested = Signal(str, str, str)  # checklist list key, item, village code
    sig_family_open_requested = Signal(str)
    sig_refreshed = Signal()  # the charts show the numbers just read

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office: Office | None = None
        self.runner: OperationRunner | None = None
        self.reads: LatestRun | None = None
        self.today = date.today()
        self.data: DashboardData | None = None
        self._lang = error_language()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.coverage_chart, self.coverage_view = _chart(self.tr("Five-ones coverage this year (%)"))
        self.months_chart, self.months_view = _chart(self.tr("Visits per month (January to December)"))
        self.villages_chart, self.villages_view = _chart(self.tr("Overdue per village"))
        self.villages_chart.legend().setVisible(True)
        self.villages_chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        hint = QLabel(self.tr("Click a bar to open its list."))
        hint.setStyleSheet("color: #666")
        grid = QGridLayout()
        grid.addWidget(self.coverage_view, 0, 0)
        grid.addWidget(self.months_view, 0, 1)
        grid.addWidget(self.villages_view, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addLayout(grid, 1)
        layout.addWidget(hint)

    def set_office(self, office: Office, runner: OperationRunner, today: date | None = None) -> None:
        self.office, self.runner = office, runner
        if self.reads is None:  # one per tab: it watches the tab being shown
            self.reads = LatestRun(runner, self, self.tr("Reading this year's care…"))
        self.reads.runner = runner
        self.today = today or date.today()
        self.refresh()

    def clear_office(self) -> None:
        if self.reads is not None:
            self.reads.cancel()
        self.office = None
        self.data = None
        for chart in (self.coverage_chart, self.months_chart, self.villages_chart):
            _reset(chart)
        self.summary_label.clear()

    @Slot()
    def refresh(self) -> None:
        """Compute the year's numbers again on the worker, then redraw the charts."""
        if self.office is None or self.reads is None:
            return
        office, today = self.office, self.today

        def work(_progress: QtProgress) -> DashboardData:
            from app.families.dashboard import dashboard_data

            with office.db.unit_of_work() as session:
                return dashboard_data(session, office.actor, today.year, today=today)

        self.reads.request(work, self._on_computed)

    def _on_computed(self, data: DashboardData) -> None:
        self.data = data
        self._draw()
        self.sig_refreshed.emit()

    # Drawing --------------------------------------------------------------------------------------------------

    def _draw(self) -> None:
        data = self.data
        assert data is not None
        coverage = data.coverage
        self.summary_label.setText(
            self.tr("{year}: families in care {families} · all five items met {complete} ({percent:.1f}%) · "
                    "visits this year {visits} · follow-ups overdue {overdue} · open emergencies {emergencies}").format(
                year=data.year, families=coverage.families, complete=coverage.complete,
                percent=coverage.percent(coverage.complete), visits=sum(m.visits for m in data.months),
                overdue=data.followups_overdue, emergencies=data.emergencies,
            )
        )  # fmt: skip
        items = [label(ITEM_LABELS, item, self._lang) for item in ITEMS]
        self._bars(self.coverage_chart, items, [coverage.percent(coverage.met[i]) for i in ITEMS], 100,
                   self._on_coverage_bar_clicked)  # fmt: skip
        months = [str(m) for m in range(1, 13)]  # the chart's title says they are months
        self._bars(self.months_chart, months, [float(m.visits) for m in data.months], None,
                   self._on_month_bar_clicked)  # fmt: skip
        _reset(self.villages_chart)
        series = QStackedBarSeries()
        overdue = QBarSet(self.tr("Follow-ups overdue"))
        quiet = QBarSet(self.tr("Not contacted for {days} days").format(days=data.days))
        overdue.setColor(OVERDUE_COLOUR)
        quiet.setColor(QUIET_COLOUR)
        for line in data.villages:
            overdue.append(line.followups_overdue)
            quiet.append(line.not_contacted)
        series.append(overdue)
        series.append(quiet)
        series.setLabelsVisible(True)
        overdue.clicked.connect(lambda index: self._on_village_bar_clicked("followups", index))
        quiet.clicked.connect(lambda index: self._on_village_bar_clicked("not_contacted", index))
        self._axes(self.villages_chart, series, [line.village for line in data.villages], None)

    def _bars(self, chart: QChart, categories: list[str], values: list[float], top: float | None,
              on_click: object) -> None:  # fmt: skip
        _reset(chart)
        bars = QBarSet("")
        bars.setColor(BAR_COLOUR)
        for value in values:
            bars.append(value)
        bars.clicked.connect(on_click)
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        self._axes(chart, series, categories, top)

    @staticmethod
    def _axes(chart: QChart, series: QBarSeries | QStackedBarSeries, categories: list[str], top: float | None) -> None:
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(categories)
        font = x.labelsFont()
        font.setPointSizeF(font.pointSizeF() * 0.85)  # five items' names fit under their bars
        x.setLabelsFont(font)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        y = QValueAxis()
        y.setLabelFormat("%d")
        highest = max((sum(s.at(n) for s in series.barSets()) for n in range(len(categories))), default=0)
        y.setRange(0, top if top is not None else max(1.0, highest * 1.15))
        if top is None:
            y.applyNiceNumbers()  # whole-number ticks for counts
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(y)

    # Drill-down -----------------------------------------------------------------------------------------------

    @Slot(int)
    def _on_coverage_bar_clicked(self, index: int) -> None:
        self.sig_list_requested.emit("missing", ITEMS[index], "")

    @Slot(int)
    def _on_month_bar_clicked(self, index: int) -> None:
        self.show_month(index + 1)

    def _on_village_bar_clicked(self, key: str, index: int) -> None:
        assert self.data is not None
        self.sig_list_requested.emit(key, "", self.data.villages[index].village_code or "")

    def show_month(self, month: int) -> None:
        """The visits of a month of this year, in a list; a double-click opens the family."""
        if self.office is None or self.data is None or self.runner is None:
            return
        office, year, today = self.office, self.data.year, self.today

        def work(_progress: QtProgress) -> list[VisitLine]:
            from app.families.dashboard import visits_in_month

            with office.db.unit_of_work() as session:
                return visits_in_month(session, office.actor, year, month, today=today)

        def show(visits: list[VisitLine]) -> None:
            title = self.tr("Visits in {year}-{month:02d}").format(year=year, month=month)
            dialog = MonthVisitsDialog(title, visits, self._lang, self)
            dialog.sig_family_open_requested.connect(self.sig_family_open_requested)
            self.month_dialog = dialog
            dialog.open()

        self.runner.run(Operation(work=work, success=show, label=self.tr("Reading the month's visits…"),
                                  cancellable=False))  # fmt: skip


class MonthVisitsDialog(QDialog):
    """One month's visits: date, family, village, kind."""

    sig_family_open_requested = Signal(str)

    def __init__(self, title: str, visits: list[VisitLine], lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.family_ids = [v.family_id for v in visits]
        self.table = QTableWidget(len(visits), 4)
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Family"), self.tr("Village"),
                                              self.tr("Kind")])  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for n, visit in enumerate(visits):
            cells = (visit.visited_on.isoformat(), visit.name, visit.village, label(KIND_LABELS, visit.kind, lang))
            for column, text in enumerate(cells):
                self.table.setItem(n, column, QTableWidgetItem(text))
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 420)

    @Slot()
    def _on_table_double_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.sig_family_open_requested.emit(self.family_ids[rows[0].row()])
            self.accept()
