"""The yearly 五个一 checklist on screen: each family's five items with the date each was met, coverage per item,
and the lists of what needs doing (an item missing, no contact for N days, follow-ups due, open emergencies)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.families.labels import DEFAULT_CONTACT_DAYS, ITEM_LABELS, ITEMS, KIND_LABELS, NO_VILLAGE_CODE
from app.members.fields import label
from ui.i18n import error_language
from ui.lines_model import LinesModel
from ui.operations import LatestRun

if TYPE_CHECKING:
    from app.families.family_names import FamilyHeader
    from app.families.five_ones import Coverage, FamilyItems, Followup
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress

MISSING_COLOUR = QColor("#b00020")
NOT_MET = "✗"
LISTS = ("checklist", "missing", "not_contacted", "followups", "emergencies")


@dataclass(frozen=True)
class _Read:
    """What one refresh read, for the GUI thread to show."""

    today: date
    lines: list[FamilyItems]
    totals: Coverage
    quiet: list[tuple[str, date | None]]
    due: list[Followup]
    emergencies: list[Followup]
    families: dict[str, FamilyHeader]


def _table(headers: list[str]) -> QTableView:
    table = QTableView()
    table.setModel(LinesModel(headers, MISSING_COLOUR, table))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def lines_of(table: QTableView) -> LinesModel:
    """The lines a list of the tab shows."""
    model = table.model()
    assert isinstance(model, LinesModel)
    return model


class ChecklistTab(QWidget):
    """Checklist and to-do lists for a year and a village (or every village of the office)."""

    sig_family_open_requested = Signal(str)  # double-click on a family: the page shows it in the registry
    sig_refreshed = Signal()  # the lists show what was just read

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office: Office | None = None
        self.reads: LatestRun | None = None
        self._lang = error_language()
        self.today = date.today()

        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(self.today.year)
        self.year_spin.setPrefix(self.tr("Year "))
        self.village_combo = QComboBox()
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 365)
        self.days_spin.setValue(DEFAULT_CONTACT_DAYS)
        self.days_spin.setPrefix(self.tr("Not contacted for "))
        self.days_spin.setSuffix(self.tr(" days"))
        self.item_combo = QComboBox()
        self.item_combo.addItem(self.tr("Any item missing"), "")
        for item in ITEMS:
            self.item_combo.addItem(label(ITEM_LABELS, item, self._lang), item)
        for spin in (self.year_spin, self.days_spin):
            spin.valueChanged.connect(self.refresh)
        for combo in (self.village_combo, self.item_combo):
            combo.currentIndexChanged.connect(self.refresh)
        self.coverage_label = QLabel()
        self.coverage_label.setWordWrap(True)
        self.coverage_label.setTextFormat(Qt.TextFormat.RichText)

        item_words = [label(ITEM_LABELS, item, self._lang) for item in ITEMS]
        family = [self.tr("Family"), self.tr("Village")]
        self.tables = {
            "checklist": _table([*family, *item_words]),
            "missing": _table([*family, self.tr("Missing")]),
            "not_contacted": _table([*family, self.tr("Last visit"), self.tr("Days since")]),
            "followups": _table([*family, self.tr("Due"), self.tr("Follow-up"), self.tr("Who"), self.tr("Visit")]),
            "emergencies": _table([*family, self.tr("Visit date"), self.tr("Follow-up"), self.tr("Who")]),
        }
        self.lists = QTabWidget()
        titles = {"checklist": self.tr("Checklist"), "missing": self.tr("Missing items"),
                  "not_contacted": self.tr("Not contacted"), "followups": self.tr("Follow-ups due"),
                  "emergencies": self.tr("Open emergencies")}  # fmt: skip
        for key in LISTS:
            self.lists.addTab(self.tables[key], titles[key])
            self.tables[key].doubleClicked.connect(lambda index, key=key: self._on_table_double_clicked(key, index))
        self._titles = titles

        controls = QHBoxLayout()
        for widget in (self.year_spin, self.village_combo, self.item_combo, self.days_spin):
            controls.addWidget(widget)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.coverage_label)
        layout.addWidget(self.lists, 1)

    def set_office(self, office: Office, runner: OperationRunner, today: date | None = None) -> None:
        from app.site import region_names

        self.office = office
        if self.reads is None:  # one per tab: it watches the tab being shown
            self.reads = LatestRun(runner, self, self.tr("Reading the five-ones checklist…"))
        self.reads.runner = runner
        self.today = today or date.today()
        with office.db.unit_of_work() as session:
            villages = region_names(session, level="village")
        self.village_combo.blockSignals(True)
        self.village_combo.clear()
        self.village_combo.addItem(self.tr("All villages"), "")
        for code, name in villages:
            self.village_combo.addItem(name, code)
        self.village_combo.addItem(self.tr("(no village recorded)"), NO_VILLAGE_CODE)
        self.village_combo.blockSignals(False)
        self.refresh()

    def clear_office(self) -> None:
        if self.reads is not None:
            self.reads.cancel()
        self.office = None
        for table in self.tables.values():
            lines_of(table).set_lines([])
        self.coverage_label.clear()

    def show_list(self, key: str, *, item: str | None = None, village_code: str | None = None) -> None:
        """Open one list, narrowed to an item and a village (the dashboard's drill-down)."""
        self.village_combo.setCurrentIndex(max(self.village_combo.findData(village_code or ""), 0))
        self.item_combo.setCurrentIndex(max(self.item_combo.findData(item or ""), 0))
        self.lists.setCurrentWidget(self.tables[key])
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Compute the checklist and the lists again on the worker, for the chosen year, village and days."""
        if self.office is None or self.reads is None:
            return
        office, year, days = self.office, self.year_spin.value(), self.days_spin.value()
        village = self.village_combo.currentData() or None
        # Lists of what needs doing are about today; for an earlier year only the checklist applies.
        today = self.today if year == self.today.year else date(year, 12, 31)

        def work(_progress: QtProgress) -> _Read:
            from app.families.family_names import family_headers
            from app.families.five_ones import checklist, coverage, not_contacted, open_followups

            actor = office.actor
            with office.db.unit_of_work() as session:
                lines = checklist(session, actor, year, village_code=village)
                totals = coverage(session, actor, year, village_code=village)
                quiet = not_contacted(session, actor, today=today, days=days, village_code=village)
                due = open_followups(session, actor, today=today, village_code=village)
                emergencies = open_followups(session, actor, today=today, village_code=village, emergencies_only=True)
                named = [r.family_id for r in lines] + [f for f, _ in quiet]
                named += [f.family_id for f in (*due, *emergencies)]
                return _Read(today, lines, totals, quiet, due, emergencies, family_headers(session, named))

        self.reads.request(work, self._show)

    def _show(self, read: _Read) -> None:
        today, families, due = read.today, read.families, read.due
        self._show_coverage(read.totals)
        item = self.item_combo.currentData() or None
        lines = [(r.family_id, [_met(r.met[i]) for i in ITEMS]) for r in read.lines]
        self._fill(
            "checklist",
            lines,
            families,
            {(n, 2 + c) for n, (_f, cells) in enumerate(lines) for c, text in enumerate(cells) if text == NOT_MET},
        )
        missing = [r for r in read.lines if (item in r.missing if item else r.missing)]
        self._fill("missing", [(r.family_id, ["、".join(label(ITEM_LABELS, i, self._lang) for i in r.missing)])
                               for r in missing], families)  # fmt: skip
        self._fill("not_contacted", [(fid, [_day(last), str((today - last).days) if last else "—"])
                                     for fid, last in read.quiet], families)  # fmt: skip
        self._fill("followups", [(f.family_id, [_day(f.due), f.action, f.owner or "",
                                                f"{_day(f.visited_on)} {label(KIND_LABELS, f.kind, self._lang)}"])
                                 for f in due], families, {(n, 2) for n, f in enumerate(due) if f.overdue})  # fmt: skip
        self._fill("emergencies", [(f.family_id, [_day(f.visited_on), f.action, f.owner or ""])
                                   for f in read.emergencies], families)  # fmt: skip
        for key in LISTS:
            count = lines_of(self.tables[key]).rowCount()
            self.lists.setTabText(LISTS.index(key), f"{self._titles[key]} ({count})")
        self.sig_refreshed.emit()

    def _show_coverage(self, totals: Coverage) -> None:
        parts = [
            f"{label(ITEM_LABELS, item, self._lang)} <b>{totals.met[item]}/{totals.families}</b>"
            f"（{totals.percent(totals.met[item]):.1f}%）"
            for item in ITEMS
        ]
        overall = self.tr("All five: {done}/{total} ({percent:.1f}%)").format(
            done=totals.complete, total=totals.families, percent=totals.percent(totals.complete)
        )
        self.coverage_label.setText("　".join(parts) + f"<br><b>{overall}</b>")

    def _fill(
        self,
        key: str,
        lines: list[tuple[str, list[str]]],
        families: dict[str, FamilyHeader],
        marked: set[tuple[int, int]] | None = None,
    ) -> None:
        """Show `lines` (family id, cells) in list `key`, each after the family's name and village."""
        named: list[tuple[str, Sequence[str]]] = []
        for family_id, cells in lines:
            family = families.get(family_id)
            name, village = (family.label, family.village) if family else ("—", "")
            named.append((family_id, [name, village, *cells]))
        lines_of(self.tables[key]).set_lines(named, marked)

    def _on_table_double_clicked(self, key: str, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_family_open_requested.emit(lines_of(self.tables[key]).record_id(index.row()))

    def family_ids(self, key: str) -> list[str]:
        """The families list `key` shows, in its order."""
        return lines_of(self.tables[key]).record_ids()


def _met(value: date | None) -> str:
    return value.isoformat() if value else NOT_MET


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"
