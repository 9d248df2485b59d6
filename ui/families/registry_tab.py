"""The special families' list with the selected family's visits below: find a family, open it, log a visit.

The actions a volunteer or secretary repeats have keys: Ctrl+F search, Ctrl+N new family, Return open, Ctrl+R
record a visit, Ctrl+Shift+R correct the selected visit, Ctrl+P the family's care file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.families.labels import CATEGORY_LABELS, KIND_LABELS
from app.members.fields import label
from ui.families.family_table import COLUMNS, FamilyTableModel
from ui.i18n import error_language
from ui.operations import LatestRun

if TYPE_CHECKING:
    from app.families.listing import FamilyRow
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress

SEARCH_DELAY_MS = 200
VISIT_COLUMNS = (
    QT_TRANSLATE_NOOP("RegistryTab", "Date"),
    QT_TRANSLATE_NOOP("RegistryTab", "Kind"),
    QT_TRANSLATE_NOOP("RegistryTab", "Content"),
    QT_TRANSLATE_NOOP("RegistryTab", "State found"),
    QT_TRANSLATE_NOOP("RegistryTab", "Follow-up"),
    QT_TRANSLATE_NOOP("RegistryTab", "Recorded by"),
)


class RegistryTab(QWidget):
    """Families as lines; the selected family's visits, newest first."""

    sig_families_changed = Signal()  # a family or a visit was saved: the checklist and dashboard refresh
    sig_refreshed = Signal()  # the list shows what was just read

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office: Office | None = None
        self.runner: OperationRunner | None = None
        self.reads: LatestRun | None = None
        self._select_next: str | None = None  # the family to select once the list is read
        self._lang = error_language()
        self._visit_ids: list[str] = []

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search: a name, pinyin or initials, last digits of a phone or ID"
                                                    " number  (Ctrl+F)"))  # fmt: skip
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.village_combo = QComboBox()
        self.category_combo = QComboBox()
        self.category_combo.addItem(self.tr("All categories"), "")
        for code in CATEGORY_LABELS:
            self.category_combo.addItem(label(CATEGORY_LABELS, code, self._lang), code)
        self.state_combo = QComboBox()
        for code, text in (("open", self.tr("In care")), ("closed", self.tr("Closed")), ("", self.tr("All"))):
            self.state_combo.addItem(text, code)
        for combo in (self.village_combo, self.category_combo, self.state_combo):
            combo.currentIndexChanged.connect(self.refresh)

        self.toolbar = QToolBar()
        self.new_action = self._action(self.tr("&New family"), "Ctrl+N", self.new_family)
        self.open_action = self._action(self.tr("&Open"), "Return", self.open_family)
        self.visit_action = self._action(self.tr("&Record a visit"), "Ctrl+R", self.record_visit)
        self.correct_action = self._action(self.tr("&Correct the visit"), "Ctrl+Shift+R", self.correct_visit)
        self.care_file_action = self._action(self.tr("Care &file (PDF)…"), "Ctrl+P", self.print_care_file)
        self.export_action = self._action(self.tr("&Export families…"), "Ctrl+E", self.export_families)
        self.export_visits_action = self._action(self.tr("Export &visits…"), "Ctrl+Shift+E", self.export_visits)
        self.find_action = self._action(self.tr("Find"), "Ctrl+F", self.focus_search, toolbar=False)

        self.model = FamilyTableModel(self._lang, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self.open_family)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        header = self.table.horizontalHeader()
        widths = {"mother": 80, "father": 80, "child": 80, "village": 110, "categories": 120, "phone": 110,
                  "assistance": 90, "last_visit": 90, "missing": 260, "consent": 90}  # fmt: skip
        for n, (key, _title) in enumerate(COLUMNS):
            header.resizeSection(n, widths[key])
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)

        self.visits_label = QLabel()
        self.visits = QTableWidget(0, len(VISIT_COLUMNS))
        self.visits.setHorizontalHeaderLabels([self.tr(str(t)) for t in VISIT_COLUMNS])
        self.visits.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.visits.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.visits.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.visits.verticalHeader().hide()
        self.visits.horizontalHeader().setStretchLastSection(True)
        self.visits.horizontalHeader().resizeSection(2, 320)
        self.visits.itemSelectionChanged.connect(self._update_actions)
        self.visits.doubleClicked.connect(self.correct_visit)
        self.count_label = QLabel()

        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        for combo in (self.village_combo, self.category_combo, self.state_combo):
            filters.addWidget(combo)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.visits_label)
        lower_layout.addWidget(self.visits)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count_label)
        self._update_actions()

    def _action(self, text: str, keys: str, slot: object, *, toolbar: bool = True) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text.replace('&', '')} ({QKeySequence(keys).toString()})")
        action.triggered.connect(slot)
        self.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        return action

    # The office -----------------------------------------------------------------------------------------------

    def set_office(self, office: Office, runner: OperationRunner) -> None:
        from app.accounts.users import EDITORS
        from app.site import region_names

        self.office, self.runner = office, runner
        if self.reads is None:  # one per tab: it watches the tab being shown
            self.reads = LatestRun(runner, self, self.tr("Reading the special families…"))
        self.reads.runner = runner
        self.new_action.setVisible(office.actor.role in EDITORS)
        writes_visits = office.actor.role in ("admin", "clerk", "volunteer")
        self.visit_action.setVisible(writes_visits)
        self.correct_action.setVisible(writes_visits)
        with office.db.unit_of_work() as session:
            villages = region_names(session, level="village")
        self.village_combo.blockSignals(True)
        self.village_combo.clear()
        self.village_combo.addItem(self.tr("All villages"), "")
        for code, name in villages:
            self.village_combo.addItem(name, code)
        self.village_combo.blockSignals(False)
        self._villages = dict(villages)
        self.refresh()

    def clear_office(self) -> None:
        if self.reads is not None:
            self.reads.cancel()
        self.office = self.runner = None
        self.model.set_rows([], {})
        self.visits.setRowCount(0)
        self._visit_ids = []

    @Slot()
    def refresh(self, select: str | None = None) -> None:
        """Read the list again with the search and filters, on the worker; then select `select`, or keep the family
        selected now."""
        from app.families.listing import FamilyFilter

        if self.office is None or self.reads is None:
            return
        self._search_timer.stop()
        self._select_next = select or self._select_next or self.selected_id()
        office = self.office
        flt = FamilyFilter(
            query=self.search_edit.text(), village_code=self.village_combo.currentData() or None,
            category=self.category_combo.currentData() or None, state=self.state_combo.currentData(),
        )  # fmt: skip

        def work(_progress: QtProgress) -> list[FamilyRow]:
            from app.families.listing import family_rows

            with office.db.unit_of_work() as session:
                return family_rows(session, office.actor, flt)

        self.reads.request(work, self._show_rows)

    def _show_rows(self, rows: list[FamilyRow]) -> None:
        selected, self._select_next = self._select_next, None
        self.model.set_rows(rows, self._villages)
        self.count_label.setText(self.tr("%n family(ies)", "", len(rows)))
        if selected is not None:
            self.select_family(selected)
        self._on_selection_changed()
        self.sig_refreshed.emit()

    def show_family(self, family_id: str) -> None:
        """Select the family, reading the whole list (no search, every state) if the list does not show it."""
        if self.reads is not None and not self.reads.busy() and self.select_family(family_id):
            return
        for combo in (self.village_combo, self.category_combo, self.state_combo):
            combo.blockSignals(True)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.state_combo.setCurrentIndex(self.state_combo.findData(""))
        self.village_combo.setCurrentIndex(0)
        self.category_combo.setCurrentIndex(0)
        for combo in (self.village_combo, self.category_combo, self.state_combo):
            combo.blockSignals(False)
        self.refresh(select=family_id)

    @Slot()
    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.family_id(rows[0].row()) if rows else None

    def select_family(self, family_id: str) -> bool:
        row = self.model.row_of(family_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_visit_id(self) -> str | None:
        rows = self.visits.selectionModel().selectedRows()
        return self._visit_ids[rows[0].row()] if rows else None

    @Slot()
    def _on_selection_changed(self) -> None:
        self._show_visits(self.selected_id())
        self._update_actions()

    def _show_visits(self, family_id: str | None) -> None:
        from app.families.access import visits_of

        self.visits.setRowCount(0)
        self._visit_ids = []
        if family_id is None or self.office is None:
            self.visits_label.setText(self.tr("Select a family to see its visits."))
            return
        with self.office.db.unit_of_work() as session:
            visits = visits_of(session, self.office.actor, family_id)
        replaced = {v["supersedes_id"] for v in visits if v["supersedes_id"]}
        visits = [v for v in visits if v["id"] not in replaced]  # a corrected visit shows as corrected, once
        self.visits_label.setText(self.tr("Visits (%n)", "", len(visits)))
        self.visits.setRowCount(len(visits))
        for n, visit in enumerate(visits):
            followup = visit["followup_action"] or ""
            if followup:
                due = visit["followup_due"].isoformat() if visit["followup_due"] else ""
                done = self.tr("done") if visit["followup_done"] else due
                followup = f"{followup}（{done}）" if done else followup
            kind = label(KIND_LABELS, visit["kind"], self._lang)
            texts = (visit["visited_on"].isoformat(), kind, visit["content"] or "", visit["state_found"] or "",
                     followup, visit["recorded_by"] or "")  # fmt: skip
            for column, text in enumerate(texts):
                self.visits.setItem(n, column, QTableWidgetItem(text))
            self._visit_ids.append(visit["id"])

    @Slot()
    def _update_actions(self) -> None:
        family = self.selected_id() is not None
        self.open_action.setEnabled(family)
        self.care_file_action.setEnabled(family)
        self.correct_action.setEnabled(self.selected_visit_id() is not None)

    # Actions --------------------------------------------------------------------------------------------------

    @Slot()
    def new_family(self) -> None:
        from ui.families.family_form import FamilyFormDialog

        if self.office is None or self.runner is None:
            return
        saved = FamilyFormDialog.ask(self.office, self.runner, None, self)
        if saved:
            self._changed(saved)

    @Slot()
    def open_family(self) -> None:
        from ui.families.family_form import FamilyFormDialog

        family_id = self.selected_id()
        if self.office is None or self.runner is None or family_id is None:
            return
        FamilyFormDialog.ask(self.office, self.runner, family_id, self)
        self._changed(family_id)  # the form may have saved, recorded consent, insurance or closed the family

    @Slot()
    def record_visit(self) -> None:
        from ui.families.visit_form import VisitFormDialog

        if self.office is None or self.runner is None:
            return
        if VisitFormDialog.ask(self.office, self.runner, family_id=self.selected_id(), parent=self):
            self._changed(self.selected_id())

    @Slot()
    def correct_visit(self) -> None:
        from ui.families.visit_form import VisitFormDialog

        visit_id = self.selected_visit_id()
        if self.office is None or self.runner is None or visit_id is None:
            return
        if VisitFormDialog.ask(self.office, self.runner, visit_id=visit_id, parent=self):
            self._changed(self.selected_id())

    # Files ----------------------------------------------------------------------------------------------------

    def choose_save_path(self, title: str, suggested: str, file_filter: str) -> str:
        """Where to save a file ("" if the user cancels); tests replace this."""
        from ui.files import choose_save_path

        return choose_save_path(self, title, suggested, file_filter)

    def ask_reveal_reason(self) -> str | None:
        """For admins and county staff: the reason to print full details, None to print them masked (tests
        replace this)."""
        from PySide6.QtWidgets import QInputDialog

        reason, ok = QInputDialog.getText(
            self, self.tr("Care file"), self.tr("ID numbers and health details are printed masked. To print them in "
                                                "full, give the reason (leave empty to print masked):"),
        )  # fmt: skip
        return reason.strip() if ok and reason.strip() else None

    def _write(self, title: str, suggested: str, file_filter: str, label: str, write: Any) -> None:
        from ui.files import write_in_background

        if self.office is None or self.runner is None:
            return
        path = self.choose_save_path(title, suggested, file_filter)
        if path:
            write_in_background(self, self.office, self.runner, path, label, write)

    @Slot()
    def print_care_file(self) -> None:
        """The selected family's care file (帮扶档案): its record and visit history, masked unless revealed."""
        from datetime import date

        family_id = self.selected_id()
        if family_id is None or self.office is None:
            return
        reason = self.ask_reveal_reason() if self.office.actor.role in ("admin", "county") else None
        row = self.model.rows[self.model.row_of(family_id) or 0]

        def write(session: Any, actor: Any, path: Any, progress: Any) -> Any:
            from app.families.care_file import write_care_file

            return write_care_file(session, actor, family_id, path, reveal_reason=reason,
                                   progress=progress)  # fmt: skip

        self._write(self.tr("Save the care file"), f"帮扶档案-{row.name}-{date.today():%Y%m%d}.pdf",
                    self.tr("PDF (*.pdf)"), self.tr("Writing the care file…"), write)  # fmt: skip

    @Slot()
    def export_families(self) -> None:
        """The families of the village chosen (or all) to a workbook, ID numbers and phones masked."""
        from datetime import date

        village = self.village_combo.currentData() or None

        def write(session: Any, actor: Any, path: Any, progress: Any) -> Any:
            from app.families.family_export import export_families

            return export_families(session, actor, path, village_code=village, progress=progress)

        self._write(self.tr("Save the special families"), f"计生特殊家庭-{date.today():%Y%m%d}.xlsx",
                    self.tr("Excel workbook (*.xlsx)"), self.tr("Exporting families…"), write)  # fmt: skip

    @Slot()
    def export_visits(self) -> None:
        """This year's visits of the village chosen (or all) to a workbook."""
        from datetime import date

        village, year = self.village_combo.currentData() or None, date.today().year

        def write(session: Any, actor: Any, path: Any, progress: Any) -> Any:
            from app.families.family_export import export_visits

            return export_visits(session, actor, path, village_code=village, year=year,
                                 progress=progress)  # fmt: skip

        self._write(self.tr("Save the visits"), f"走访记录-{year}.xlsx", self.tr("Excel workbook (*.xlsx)"),
                    self.tr("Exporting visits…"), write)  # fmt: skip

    def _changed(self, family_id: str | None) -> None:
        self.refresh(select=family_id)
        self.sig_families_changed.emit()
