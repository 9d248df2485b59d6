"""The member roll page: one search box, filters, the list, and the actions a secretary repeats every day.

Built empty when the window starts (Qt widgets only); the list model and the services load when an office opens,
so start-up stays fast.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import error_language, settings
from ui.operations import Operation

if TYPE_CHECKING:
    from app.database import Database
    from app.office import Office
    from ui.members.table_model import MemberTableModel
    from ui.operations import OperationRunner

SEARCH_DELAY_MS = 200
HEADER_KEY = "members/header"


class MembersPage(QWidget):
    """The member roll."""

    sig_members_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db: Database | None = None
        self._office: Office | None = None
        self._runner: OperationRunner | None = None
        self.model: MemberTableModel | None = None
        self._revealed_for: str | None = None

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(
            self.tr("Search: name, pinyin or initials, ID number or its last 4-6, phone, member no.  (Ctrl+F)")
        )
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.apply_filter)

        self.status_combo = QComboBox()
        for code, text in (
            ("current", self.tr("Current members")),
            ("", self.tr("All statuses")),
            ("active", self.tr("Active")),
            ("transferred_in", self.tr("Transferred in")),
            ("transferred_out", self.tr("Transferred out")),
            ("withdrawn", self.tr("Withdrawn")),
            ("removed", self.tr("Removed")),
            ("deceased", self.tr("Deceased")),
        ):
            self.status_combo.addItem(text, code)
        self.village_combo = QComboBox()
        self.group_combo = QComboBox()
        self.role_combo = QComboBox()
        self.role_combo.addItem(self.tr("All roles"), "")
        for code, text in (
            ("director", self.tr("Director")),
            ("president", self.tr("President")),
            ("vice_president", self.tr("Vice president")),
            ("secretary_general", self.tr("Secretary general")),
            ("group_leader", self.tr("Group leader")),
            ("hub_head", self.tr("Hub household head")),
            ("core_member", self.tr("Core member")),
        ):
            self.role_combo.addItem(text, code)
        self.migrant_combo = QComboBox()
        for code, text in (("", self.tr("Migrant: any")), ("out", self.tr("Moved out")), ("in", self.tr("Moved in"))):
            self.migrant_combo.addItem(text, code)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(0, 2100)
        self.year_spin.setSpecialValueText(self.tr("Joined: any year"))
        self.year_spin.setValue(0)
        for combo in (self.status_combo, self.village_combo, self.group_combo, self.role_combo, self.migrant_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.year_spin.valueChanged.connect(self.apply_filter)

        filters = QHBoxLayout()
        for widget in (self.village_combo, self.group_combo, self.status_combo, self.role_combo, self.migrant_combo,
                       self.year_spin):  # fmt: skip
            filters.addWidget(widget)

        self.toolbar = QToolBar()
        self.add_action = self._action(self.tr("&New member"), "Ctrl+N", self.add_member)
        self.edit_action = self._action(self.tr("&Edit"), "Return", self.edit_member)
        self.status_action = self._action(self.tr("Change &status…"), "Ctrl+T", self.change_status)
        self.move_action = self._action(self.tr("&Move to group…"), "Ctrl+G", self.move_to_group)
        self.groups_action = self._action(self.tr("Member &groups…"), "", self.manage_groups, toolbar=False)
        self.import_action = self._action(self.tr("&Import…"), "Ctrl+I", self.import_members)
        self.export_action = self._action(self.tr("&Export…"), "Ctrl+E", self.export_members)
        self.export_action.setToolTip(self.tr("Export the members shown to Excel"))
        self.roster_action = self._action(self.tr("&Print roster…"), "Ctrl+P", self.print_roster)
        self.template_action = self._action(self.tr("Blank import &template…"), "", self.save_template, toolbar=False)
        self.reveal_action = self._action(self.tr("Show full ID numbers"), "", self._on_reveal_toggled, toolbar=False)
        self.delete_action = self._action(
            self.tr("&Delete a member entered by mistake…"), "", self.delete_mistaken, toolbar=False
        )
        # Less frequent actions in one menu, so the toolbar fits a 1366-pixel screen.
        more = QMenu(self)
        more.addAction(self.groups_action)
        more.addAction(self.reveal_action)
        more.addSeparator()
        more.addAction(self.template_action)
        more.addSeparator()
        more.addAction(self.delete_action)
        self.more_button = QToolButton()
        self.more_button.setText(self.tr("More"))
        self.more_button.setMenu(more)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addWidget(self.more_button)
        self.reveal_action.setCheckable(True)
        self.find_action = self._action(self.tr("Find"), "Ctrl+F", self.focus_search, toolbar=False)
        for action in (self.edit_action, self.status_action, self.move_action, self.delete_action):
            action.setEnabled(False)

        self.table = QTableView()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.doubleClicked.connect(self.edit_member)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu_requested)
        header.sectionMoved.connect(self._save_header)
        header.sectionResized.connect(self._save_header)
        self.count_label = QLabel()
        self.empty_label = QLabel(self.tr("Open or set up an office to see its members."))

        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.search_edit)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.empty_label)
        self.table.hide()

    def _action(self, text: str, keys: str, slot: object, *, toolbar: bool = True) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        return action

    # The office -----------------------------------------------------------------------------------------------

    def set_office(self, office: Office, runner: OperationRunner) -> None:
        """Show the members of `office` as its signed-in user may; writes go through `runner`."""
        from app.accounts.users import EDITORS, REVEALERS
        from ui.members.table_model import COLUMNS, MemberTableModel

        self._office, self._db, self._runner = office, office.db, runner
        role = office.actor.role
        for action in (self.add_action, self.edit_action, self.status_action, self.import_action,
                       self.move_action, self.groups_action):  # fmt: skip
            action.setVisible(role in EDITORS)
        self.reveal_action.setVisible(role in REVEALERS)
        self.delete_action.setVisible(office.actor.is_admin)
        self.reveal_action.setChecked(False)
        self._revealed_for = None
        state = settings().value(HEADER_KEY)
        self.model = None  # no header saving while the columns are laid out
        model = MemberTableModel(office, self)
        model.sig_count_changed.connect(self._on_model_count_changed)
        self.table.setModel(model)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        header = self.table.horizontalHeader()
        # Qt's default indicator is descending; the roll reads A to Z by pinyin.
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        widths = {
            "name": 90,
            "sex": 40,
            "birth_date": 90,
            "id_number": 160,
            "phone": 110,
            "village_code": 110,
            "group_id": 90,
            "member_no": 90,
            "joined_on": 90,
            "roles": 120,
            "status": 70,
            "migrant_status": 60,
        }
        for n, (key, _title) in enumerate(COLUMNS):  # fmt: skip
            header.resizeSection(n, widths.get(key, 200))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if isinstance(state, QByteArray):
            header.restoreState(state)
        self.model = model
        self._fill_filter_choices()
        self.table.setSortingEnabled(True)
        self.empty_label.hide()
        self.table.show()
        self.apply_filter()

    def clear_office(self) -> None:
        """Forget the office (signed out): no model, no records on screen."""
        self.model = None
        self.table.setModel(None)
        self.table.hide()
        self.empty_label.show()
        self._office = self._db = None

    def _fill_filter_choices(self) -> None:
        from app.members.groups import list_groups
        from app.site import region_names

        assert self._office is not None
        with self._office.db.unit_of_work() as session:
            villages = region_names(session, level="village")
            groups = list_groups(session, self._office.actor)
        for combo, items, everything in (
            (self.village_combo, villages, self.tr("All villages")),
            (self.group_combo, [(g.id, g.name) for g in groups], self.tr("All groups")),
        ):
            combo.blockSignals(True)
            current = combo.currentData()
            combo.clear()
            combo.addItem(everything, "")
            for code, name in items:
                combo.addItem(name, code)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    # Filtering ------------------------------------------------------------------------------------------------

    @Slot()
    def apply_filter(self) -> None:
        """Show the members matching the search box and the filters."""
        from app.members.listing import MemberFilter

        if self.model is None:
            return
        self._search_timer.stop()
        current = self.model.filter
        flt = MemberFilter(
            query=self.search_edit.text(),
            village_code=self.village_combo.currentData() or None,
            group_id=self.group_combo.currentData() or None,
            status=self.status_combo.currentData() or None,
            role=self.role_combo.currentData() or None,
            migrant=self.migrant_combo.currentData() or None,
            joined_year=self.year_spin.value() or None,
        )
        self.model.set_filter(replace(flt, sort=current.sort, descending=current.descending))

    @Slot()
    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    @Slot(int)
    def _on_model_count_changed(self, total: int) -> None:
        self.count_label.setText(self.tr("%n member(s)", "", total))
        self._on_selection_changed()

    # Selection and actions -------------------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        if self.model is None:
            return []
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.member_id(row) for row in rows]

    @Slot()
    def _on_selection_changed(self) -> None:
        selected = len(self.selected_ids())
        self.edit_action.setEnabled(selected == 1)
        self.status_action.setEnabled(selected == 1)
        self.move_action.setEnabled(selected >= 1)
        self.delete_action.setEnabled(selected == 1)

    def select_member(self, member_id: str) -> None:
        """Put `member_id` in view and select it, clearing the search if it hides the member."""
        if self.model is None:
            return
        row = self.model.row_of(member_id)
        if row is None:
            self.search_edit.blockSignals(True)
            self.search_edit.clear()
            self.search_edit.blockSignals(False)
            self.status_combo.setCurrentIndex(self.status_combo.findData(""))
            self.apply_filter()
            while (row := self.model.row_of(member_id)) is None and self.model.canFetchMore(self.table.rootIndex()):
                self.model.fetchMore(self.table.rootIndex())
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _after_change(self, member_id: str | None = None) -> None:
        if self.model is None:
            return
        self.model.refresh()
        self._fill_filter_choices()
        if member_id:
            self.select_member(member_id)
        self.sig_members_changed.emit()

    @Slot()
    def add_member(self) -> None:
        if self._office is None or self._runner is None:
            return
        from ui.members.form import MemberFormDialog

        saved = MemberFormDialog.ask(self._office, self._runner, None, self)
        if saved:
            self._after_change(saved)

    @Slot()
    def edit_member(self) -> None:
        ids = self.selected_ids()
        if self._office is None or self._runner is None or len(ids) != 1:
            return
        from ui.members.form import MemberFormDialog

        saved = MemberFormDialog.ask(self._office, self._runner, ids[0], self)
        if saved:
            self._after_change(saved)

    @Slot()
    def change_status(self) -> None:
        ids = self.selected_ids()
        if self._office is None or self._runner is None or len(ids) != 1:
            return
        from ui.members.status import StatusChangeDialog

        if StatusChangeDialog.ask(self._office, self._runner, ids[0], self):
            self._after_change(ids[0])

    def ask_delete_reason(self, name: str) -> str | None:
        """Why the admin deletes this member (None if they cancel); tests replace this."""
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Delete a member entered by mistake"),
            self.tr(
                "Delete {name}? Only for a member entered by mistake (a duplicate, a wrong person); a member who "
                "leaves gets a status change instead. Reason:"
            ).format(name=name),
        )
        return reason.strip() if ok and reason.strip() else None

    @Slot()
    def delete_mistaken(self) -> None:
        ids = self.selected_ids()
        office = self._office
        if office is None or self._runner is None or len(ids) != 1 or self.model is None:
            return
        row = self.model.row_of(ids[0])
        name = str(self.model.index(row, 0).data()) if row is not None else ""
        reason = self.ask_delete_reason(name)
        if reason is None:
            return

        def work(_progress: object) -> None:
            from app.members.service import delete_mistaken

            with office.db.unit_of_work(office.actor.username) as session:
                delete_mistaken(session, office.actor, ids[0], reason=reason)

        self._runner.run(
            Operation(work=work, success=lambda _r: self._after_change(), label=self.tr("Deleting…"), cancellable=False)
        )

    @Slot()
    def move_to_group(self) -> None:
        ids = self.selected_ids()
        if self._office is None or self._runner is None or not ids:
            return
        from ui.members.groups import MoveToGroupDialog
        from ui.operations import Operation

        group = MoveToGroupDialog.ask(self._office, self)
        if group is False:
            return
        office = self._office

        def work(_progress: object) -> int:
            from app.members.groups import move_members

            with office.db.unit_of_work(office.actor.username) as session:
                return move_members(session, office.actor, ids, group)

        self._runner.run(
            Operation(work=work, success=lambda _n: self._after_change(), label=self.tr("Moving members…"))
        )

    @Slot()
    def manage_groups(self) -> None:
        if self._office is None or self._runner is None:
            return
        from ui.members.groups import GroupsDialog

        GroupsDialog.ask(self._office, self._runner, self.village_combo.currentData() or None, self)
        self._after_change()

    @Slot()
    def import_members(self) -> None:
        if self._office is None or self._runner is None:
            return
        from ui.members.import_wizard import ImportWizard

        if ImportWizard.ask(self._office, self._runner, self) is not None:
            self._after_change()

    def choose_save_path(self, title: str, suggested: str, file_filter: str) -> str:
        """Where to save a file ("" if the user cancels); tests replace this."""
        from ui.files import choose_save_path

        return choose_save_path(self, title, suggested, file_filter)

    def _reveal_reason(self) -> str | None:
        # Files carry whole ID numbers only while the list shows them, and for the reason the user gave.
        return self._revealed_for if self.reveal_action.isChecked() else None

    def _write_file(self, title: str, suggested: str, file_filter: str, label: str, write: Any) -> None:
        if self._office is None or self._runner is None or self.model is None:
            return
        path = self.choose_save_path(title, suggested, file_filter)
        if not path:
            return
        from ui.files import write_in_background

        flt, reason = self.model.filter, self._reveal_reason()
        write_in_background(
            self, self._office, self._runner, path, label,
            lambda session, actor, target, progress: write(session, actor, flt, target, reason, progress),
        )  # fmt: skip

    @Slot()
    def export_members(self) -> None:
        """Export what the list shows, in its order, to an Excel workbook."""
        from datetime import date

        def write(session: Any, actor: Any, flt: Any, path: Path, reason: str | None, progress: Any) -> int:
            from app.members.excel_export import export_members

            return export_members(
                session, actor, flt, path, reveal_reason=reason, lang=error_language(), progress=progress
            )

        self._write_file(self.tr("Save the member roll"), f"会员名册-{date.today():%Y%m%d}.xlsx",
                         self.tr("Excel workbook (*.xlsx)"), self.tr("Exporting members…"), write)  # fmt: skip

    @Slot()
    def print_roster(self) -> None:
        """The printed roster (花名册) of what the list shows, as a PDF to print and sign."""
        from datetime import date

        def write(session: Any, actor: Any, flt: Any, path: Path, reason: str | None, progress: Any) -> Any:
            from app.members.roster import write_roster

            return write_roster(session, actor, flt, path, reveal_reason=reason, progress=progress)

        self._write_file(self.tr("Save the roster"), f"会员花名册-{date.today():%Y%m%d}.pdf", self.tr("PDF (*.pdf)"),
                         self.tr("Writing the roster…"), write)  # fmt: skip

    @Slot()
    def save_template(self) -> None:
        """The blank workbook offices fill in for an import."""

        def write(_session: Any, _actor: Any, _flt: Any, path: Path, _reason: str | None, _progress: Any) -> None:
            from app.members.excel_export import write_template

            write_template(path)

        self._write_file(self.tr("Save the import template"), "会员导入模板.xlsx", self.tr("Excel workbook (*.xlsx)"),
                         self.tr("Saving…"), write)  # fmt: skip

    @Slot(bool)
    def _on_reveal_toggled(self, checked: bool) -> None:
        if self.model is None or self._office is None:
            return
        reason = self.ask_reveal_reason() if checked else None
        if checked and reason is None:
            self.reveal_action.setChecked(False)
            return
        if reason is not None:
            from app.errors import FpaError
            from app.members.listing import audit_list_reveal
            from ui.errors import report_error

            office = self._office
            try:
                with office.db.unit_of_work(office.actor.username) as session:
                    audit_list_reveal(session, office.actor, reason)
            except FpaError as exc:
                self.reveal_action.setChecked(False)
                report_error(self, exc)
                return
        self._revealed_for = reason
        self.model.set_reveal(reason)

    def ask_reveal_reason(self) -> str | None:
        """Why the user needs the whole ID numbers; None if they cancel (tests replace this)."""
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Show full ID numbers"),
            self.tr("ID numbers are personal information. Reason for showing them:"),
        )
        return reason.strip() if ok and reason.strip() else None

    # Columns -------------------------------------------------------------------------------------------------

    @Slot(QPoint)
    def _on_header_menu_requested(self, pos: QPoint) -> None:
        if self.model is None:
            return
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for n in range(self.model.columnCount()):
            action = menu.addAction(str(self.model.headerData(n, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(n))
            action.toggled.connect(lambda shown, col=n: self.set_column_visible(col, shown))
        menu.exec(header.mapToGlobal(pos))

    def set_column_visible(self, column: int, visible: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(column, not visible)
        self._save_header()

    @Slot()
    def _save_header(self) -> None:
        if self.model is not None:
            settings().setValue(HEADER_KEY, self.table.horizontalHeader().saveState())
