"""The activities tab of the special-families page: a year's activities, and the form that records one with the
special families that attended.

A group activity or a members' day meets the 集体交流活动 item of the 五个一 for every family that attended, so the
form is built for ticking those families by keyboard: type a name or its pinyin, Down, Space. A year holds tens of
activities, not thousands, so the list is read whole into a small in-memory model. Reading and writing go through the
operation runner; nothing here opens a session on the GUI thread.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui.errors import report_error
from ui.i18n import error_language
from ui.operations import Operation

if TYPE_CHECKING:
    from app.accounts.users import Actor
    from app.database import Database
    from app.families.activities import ActivityInput, ActivityRow
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress

ERROR_COLOUR = "#b00020"
HINT_COLOUR = "#666666"
NOTE_STYLE = "QLabel { background: #eef4fb; border: 1px solid #c5d7ec; border-radius: 3px; padding: 4px; }"
MAX_PLACE = 100
MAX_PARTICIPANTS = 100_000
FIRST_YEAR = 2000
LAST_YEAR = 2100
# Holding the arrow of the year box should read the list once, at the year the user stops on.
YEAR_DELAY_MS = 150
FAMILY_ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_KEYS_ROLE = Qt.ItemDataRole.UserRole + 1


def type_word(code: str, lang: str) -> str:
    """The words for activity type `code` in the interface language ("zh" or "en")."""
    from app.families.labels import ACTIVITY_LABELS as TYPE_LABELS

    words = TYPE_LABELS.get(code)
    if words is None:
        return code
    return words[1] if lang == "en" else words[0]


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


# The list ---------------------------------------------------------------------------------------------------------


class ActivityTableModel(QAbstractTableModel):
    """The activities of one year, held whole (a year holds tens of rows), sorted in memory."""

    COLUMNS = ("held_on", "type", "title", "place", "village", "participants", "families", "counts")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ActivityRow] = []
        self._villages: dict[str, str] = {}
        self._lang = error_language()
        self._sort_column = 0
        self._sort_order = Qt.SortOrder.DescendingOrder

    def set_rows(self, rows: list[ActivityRow], villages: dict[str, str]) -> None:
        """Show `rows` (village names from `villages`), in the current sort order."""
        self.beginResetModel()
        self._rows = list(rows)
        self._villages = dict(villages)
        self._lang = error_language()
        self._rows.sort(key=self._sort_key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def activity(self, row: int) -> ActivityRow | None:
        """The activity shown on `row`, if any."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, activity_id: str) -> int | None:
        """The row showing `activity_id`, if it is in the list."""
        return next((n for n, a in enumerate(self._rows) if a.id == activity_id), None)

    def activities(self) -> list[ActivityRow]:
        """Every activity shown, in the order shown."""
        return list(self._rows)

    def village_name(self, code: str | None) -> str:
        return self._villages.get(code, code) if code else ""

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        key = self.COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "held_on": self.tr("Date"),
                "type": self.tr("Type"),
                "title": self.tr("Title"),
                "place": self.tr("Place"),
                "village": self.tr("Village"),
                "participants": self.tr("Participants"),
                "families": self.tr("Special families"),
                "counts": self.tr("Counts for five-ones"),
            }[key]
        if role == Qt.ItemDataRole.ToolTipRole and key == "counts":
            return self._counts_tip()
        return None

    def _counts_tip(self) -> str:
        return self.tr(
            "Group activities and members' days count as the group activity of the five-ones for every family that "
            "attended."
        )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        activity = self._rows[index.row()]
        key = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(activity, key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key in ("participants", "families"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if key == "counts":
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "counts":
                return self._counts_tip()
            if key in ("title", "place"):
                return self._text(activity, key) or None
            return None
        if role == Qt.ItemDataRole.UserRole:
            return activity.id
        return None

    def _text(self, activity: ActivityRow, key: str) -> str:
        if key == "held_on":
            return activity.held_on.isoformat()
        if key == "type":
            return type_word(activity.type, self._lang)
        if key == "title":
            return activity.title
        if key == "place":
            return activity.place or ""
        if key == "village":
            return self.village_name(activity.village_code)
        if key == "participants":
            return str(activity.participant_count)
        if key == "families":
            return str(activity.families)
        return self.tr("Yes") if activity.counts_for_five_ones else self.tr("No")

    def _sort_key(self, activity: ActivityRow) -> tuple[Any, ...]:
        key = self.COLUMNS[self._sort_column]
        value: Any
        if key == "participants":
            value = activity.participant_count
        elif key == "families":
            value = activity.families
        elif key == "counts":
            value = activity.counts_for_five_ones
        elif key == "held_on":
            value = activity.held_on
        else:
            value = self._text(activity, key)
        # Ties read by date, then title, so the order never depends on the order the rows arrived in.
        return (value, activity.held_on, activity.title, activity.id)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self._rows.sort(key=self._sort_key, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


@dataclass(frozen=True)
class _YearList:
    """What the tab reads for a year."""

    year: int
    rows: list[ActivityRow]
    villages: dict[str, str]


class ActivitiesTab(QWidget):
    """The activities of a year: record, change and remove them (admins and clerks); everyone else reads."""

    sig_activities_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._office: Office | None = None
        self._runner: OperationRunner | None = None
        self._select_after_refresh: str | None = None
        self._editing_allowed = False

        self.model = ActivityTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # newest first, as the service gives them
        widths = {"held_on": 90, "type": 110, "title": 260, "place": 160, "village": 120, "participants": 90,
                  "families": 110, "counts": 150}  # fmt: skip
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for n, key in enumerate(ActivityTableModel.COLUMNS):
            header.resizeSection(n, widths[key])
        # The title takes the width the screen has to spare; the other columns keep theirs.
        header.setSectionResizeMode(ActivityTableModel.COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)

        self.toolbar = QToolBar()
        self.add_action = self._action(self.tr("&New activity"), "Ctrl+N", self.add_activity)
        self.add_action.setToolTip(self.tr("Record an activity and the special families that attended (Ctrl+N)"))
        # Return and Del act on the list only: in the year box they keep their ordinary meaning.
        self.edit_action = self._action(self.tr("&Edit"), "Return", self.edit_activity, owner=self.table)
        self.edit_action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.delete_action = self._action(self.tr("&Delete…"), "Del", self.delete_activity, owner=self.table)

        self.year_spin = QSpinBox()
        self.year_spin.setRange(FIRST_YEAR, LAST_YEAR)
        self.year_spin.setValue(date.today().year)
        self.year_spin.setAccelerated(True)
        year_label = QLabel(self.tr("&Year:"))
        year_label.setBuddy(self.year_spin)
        self._year_timer = QTimer(self)
        self._year_timer.setSingleShot(True)
        self._year_timer.setInterval(YEAR_DELAY_MS)
        self._year_timer.timeout.connect(self.refresh)
        self.year_spin.valueChanged.connect(self._year_timer.start)

        top = QHBoxLayout()
        top.addWidget(self.toolbar)
        top.addStretch(1)
        top.addWidget(year_label)
        top.addWidget(self.year_spin)

        self.count_label = QLabel()
        self.empty_label = QLabel(self.tr("Open or set up an office to see its activities."))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.empty_label)
        self.table.hide()
        self.count_label.hide()
        self._set_editing_allowed(False)
        self._update_actions()

    def _action(self, text: str, keys: str, slot: object, *, owner: QWidget | None = None) -> QAction:
        """A toolbar action whose shortcut works while the focus is in `owner` (the whole tab by default)."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        if owner is None:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            owner.addAction(action)
        action.triggered.connect(slot)
        self.toolbar.addAction(action)
        return action

    # The office -----------------------------------------------------------------------------------------------

    def set_office(self, office: Office, runner: OperationRunner) -> None:
        """Show the activities of `office` as its signed-in user may; writes go through `runner`."""
        from app.accounts.users import EDITORS

        self._office, self._runner = office, runner
        self._set_editing_allowed(office.actor.role in EDITORS)
        self.model.set_rows([], {})
        self.empty_label.hide()
        self.table.show()
        self.count_label.show()
        self.refresh()

    def clear_office(self) -> None:
        """Forget the office (signed out): no activities on screen."""
        self._office = self._runner = None
        self._year_timer.stop()
        self.model.set_rows([], {})
        self.table.hide()
        self.count_label.hide()
        self.empty_label.show()
        self._set_editing_allowed(False)

    def _set_editing_allowed(self, allowed: bool) -> None:
        for action in (self.add_action, self.edit_action, self.delete_action):
            action.setVisible(allowed)
        self._editing_allowed = allowed
        self._update_actions()

    # The list -------------------------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the activities of the year in the year box again (keeping the selected one selected)."""
        office, runner = self._office, self._runner
        if office is None or runner is None:
            return
        self._year_timer.stop()
        year = self.year_spin.value()
        keep = self._select_after_refresh or self.selected_id()
        self._select_after_refresh = None
        db, actor = office.db, office.actor

        def work(_progress: QtProgress) -> _YearList:
            from app.families.activities import list_activities
            from app.site import region_names

            with db.unit_of_work() as session:
                rows = list_activities(session, actor, year=year)
                villages = dict(region_names(session, level="village"))
            return _YearList(year, rows, villages)

        runner.run(
            Operation(
                work=work,
                success=lambda result: self._show_year(office, result, keep),
                failure=lambda error: report_error(self, error),
                label=self.tr("Reading the activities…"),
            )
        )

    def _show_year(self, office: Office, result: _YearList, select_id: str | None) -> None:
        if office is not self._office or result.year != self.year_spin.value():
            return  # signed out, or the user moved on to another year meanwhile: that read is on its way
        self.model.set_rows(result.rows, result.villages)
        counting = sum(1 for a in result.rows if a.counts_for_five_ones)
        self.count_label.setText(
            self.tr("%n activity(ies) in {year}", "", len(result.rows)).format(year=result.year)
            + self.tr("; %n count(s) for the five-ones", "", counting)
        )
        if select_id is not None:
            self.select_activity(select_id)

    def select_activity(self, activity_id: str) -> None:
        """Select the row of `activity_id` and bring it into view, if the list shows it."""
        row = self.model.row_of(activity_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def selected_id(self) -> str | None:
        activity = self.selected_activity()
        return activity.id if activity else None

    def selected_activity(self) -> ActivityRow | None:
        """The activity selected in the list, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.activity(rows[0].row()) if rows else None

    @Slot()
    def _update_actions(self) -> None:
        allowed = self._office is not None and self._editing_allowed
        selected = self.selected_activity() is not None
        self.add_action.setEnabled(allowed)
        self.edit_action.setEnabled(allowed and selected)
        self.delete_action.setEnabled(allowed and selected)

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        if self.edit_action.isEnabled():
            self.edit_activity()

    # Changes --------------------------------------------------------------------------------------------------

    def _after_change(self, saved: SavedActivity | None) -> None:
        """Show the list again (the year of the saved activity, with it selected) and tell the page."""
        if saved is not None:
            self._select_after_refresh = saved.id
            if saved.held_on.year != self.year_spin.value():
                self.year_spin.blockSignals(True)
                self.year_spin.setValue(saved.held_on.year)
                self.year_spin.blockSignals(False)
        self.refresh()
        self.sig_activities_changed.emit()

    @Slot()
    def add_activity(self) -> None:
        """Record a new activity."""
        if self._office is None or self._runner is None or not self.add_action.isEnabled():
            return
        saved = ActivityDialog.ask(self._office, self._runner, None, self)
        if saved is not None:
            self._after_change(saved)

    @Slot()
    def edit_activity(self) -> None:
        """Change the selected activity or who attended it."""
        activity = self.selected_activity()
        if self._office is None or self._runner is None or activity is None or not self.edit_action.isEnabled():
            return
        saved = ActivityDialog.ask(self._office, self._runner, activity.id, self)
        if saved is not None:
            self._after_change(saved)

    @Slot()
    def delete_activity(self) -> None:
        """Remove the selected activity after the user confirms, saying how many families lose their item."""
        activity = self.selected_activity()
        office, runner = self._office, self._runner
        if office is None or runner is None or activity is None or not self.delete_action.isEnabled():
            return
        db, actor = office.db, office.actor

        def work(_progress: QtProgress) -> int:
            return _families_losing_the_item(db, actor, activity)

        runner.run(
            Operation(
                work=work,
                success=lambda losing: self._on_losing_counted(activity, losing),
                failure=lambda error: report_error(self, error),
                label=self.tr("Reading the activity…"),
            )
        )

    def _on_losing_counted(self, activity: ActivityRow, losing: int) -> None:
        office, runner = self._office, self._runner
        if office is None or runner is None or not self.confirm_delete(activity, losing):
            return
        db, actor = office.db, office.actor

        def work(_progress: QtProgress) -> None:
            from app.families.activities import delete_activity

            with db.unit_of_work(actor.username) as session:
                delete_activity(session, actor, activity.id)

        runner.run(
            Operation(
                work=work,
                success=lambda _result: self._after_change(None),
                failure=lambda error: report_error(self, error),
                label=self.tr("Deleting the activity…"),
                cancellable=False,
            )
        )

    def confirm_delete(self, activity: ActivityRow, losing: int) -> bool:
        """Ask whether to delete `activity`, of which `losing` families lose their group-activity item (tests
        replace this)."""
        answer = QMessageBox.question(
            self,
            self.tr("Delete activity"),
            self.delete_question(activity, losing),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete_question(self, activity: ActivityRow, losing: int) -> str:
        """The confirmation's text: which activity, and what the families' five-ones lose."""
        text = self.tr("Delete the activity “{title}” of {date}?").format(
            title=activity.title, date=activity.held_on.isoformat()
        )
        if activity.counts_for_five_ones and activity.families:
            year = activity.held_on.year
            text += "\n\n" + self.tr("%n special family(ies) attended it.", "", activity.families) + " "
            if losing:
                text += self.tr(
                    "For %n of them it is the only group activity of {year}: they lose the group-activity item of "
                    "their five-ones.",
                    "",
                    losing,
                ).format(year=year)
            else:
                text += self.tr(
                    "Each attended another group activity in {year}, so no family loses its group-activity item."
                ).format(year=year)
        return text


def _families_losing_the_item(db: Database, actor: Actor, activity: ActivityRow) -> int:
    """How many attending families have no other group activity (or members' day) in the activity's year.

    Runs off the GUI thread. A family deleted since it attended has no checklist to lose anything from.
    """
    from app.errors import FpaError
    from app.families.activities import activity_input, list_activities

    if not activity.counts_for_five_ones:
        return 0
    with db.unit_of_work() as session:
        families = set(activity_input(session, actor, activity.id).family_ids)
        losing = 0
        for family_id in families:
            try:
                others = list_activities(session, actor, year=activity.held_on.year, family_id=family_id)
            except FpaError:
                continue
            if not any(other.counts_for_five_ones and other.id != activity.id for other in others):
                losing += 1
    return losing


# The form ---------------------------------------------------------------------------------------------------------


class _DateEdit(QDateEdit):
    """A date box that Tab leaves (Qt's Tab walks year, month and day; the arrow keys and "-" still do that)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


@dataclass(frozen=True)
class SavedActivity:
    """What the form saved: the activity's id and date (the list shows the year of the date)."""

    id: str
    held_on: date


@dataclass(frozen=True)
class _FamilyChoice:
    """A family the form offers: its id, its line in the list, and the words the filter finds it by."""

    id: str
    text: str
    keys: str  # lower-case names, their pinyin and initials, the village name; separated by spaces


@dataclass(frozen=True)
class _Loaded:
    """What the form reads when it opens."""

    villages: list[tuple[str, str]]
    families: list[_FamilyChoice]
    data: ActivityInput | None


def _read_form(db: Database, actor: Actor, activity_id: str | None) -> _Loaded:
    """The villages, the families one may tick, and the activity being changed. Runs off the GUI thread."""
    from app.families.activities import activity_input
    from app.families.listing import FamilyFilter, family_rows
    from app.site import region_names
    from app.validation import name_pinyin

    with db.unit_of_work() as session:
        villages = region_names(session, level="village")
        data = activity_input(session, actor, activity_id) if activity_id else None
        rows = family_rows(session, actor, FamilyFilter(state=""))
    ticked = set(data.family_ids) if data else set()
    names = dict(villages)
    choices: list[_FamilyChoice] = []
    for row in rows:
        # A closed family is offered only where it already attended: new attendance is for families in care.
        if row.closed_on is not None and row.id not in ticked:
            continue
        people = [n for n in (row.mother, row.father, row.child) if n]
        keys = [*people, names.get(row.village_code or "", "")]
        for name in people:
            keys.extend(name_pinyin(name))
        text = " · ".join(people[:2]) or row.name
        if row.village_code:
            text += f"  —  {names.get(row.village_code, row.village_code)}"
        choices.append(_FamilyChoice(row.id, text, " ".join(keys).lower()))
    # Families that attended come first, so a change of attendance starts from who came.
    choices.sort(key=lambda c: c.id not in ticked)
    if data is not None:
        # Attendance of a family deleted since is dropped on saving: the service refuses a family no longer on record.
        offered = {c.id for c in choices}
        data.family_ids = [f for f in data.family_ids if f in offered]
    return _Loaded(villages, choices, data)


class ActivityDialog(QDialog):
    """Records a new activity (activity_id None) or changes one; Save stays disabled while anything is wrong."""

    def __init__(
        self, office: Office, runner: OperationRunner, activity_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        # The services load with the first form, not with the window (app.families imports SQLAlchemy).
        from app.families.activities import MAX_HOURS, MAX_TITLE
        from app.families.labels import ACTIVITY_LABELS as TYPE_LABELS

        super().__init__(parent)
        self.db, self.actor = office.db, office.actor
        self.site = office.site
        self.runner = runner
        self.activity_id = activity_id
        self.saved: SavedActivity | None = None
        self.loaded = False
        self._saving = False
        self._lang = error_language()
        self._title_touched = activity_id is not None
        # The participant count follows the number of families ticked until the user sets it.
        self._count_follows = activity_id is None
        self._setting_count = False
        self._other_attendees: tuple[list[str], list[str]] = ([], [])  # member and volunteer ids, kept as they were
        self.setWindowTitle(self.tr("Edit activity") if activity_id else self.tr("New activity"))

        self.date_edit = _DateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMinimumDate(QDate(FIRST_YEAR, 1, 1))
        self.type_combo = QComboBox()
        for code in TYPE_LABELS:
            self.type_combo.addItem(type_word(code, self._lang), code)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(MAX_TITLE)
        self.title_edit.setPlaceholderText(self.tr("e.g. Mid-Autumn get-together"))
        self.place_edit = QLineEdit()
        self.place_edit.setMaxLength(MAX_PLACE)
        self.village_combo = QComboBox()
        self.village_combo.addItem(self.tr("(none)"), None)
        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setRange(0, MAX_HOURS)
        self.hours_spin.setDecimals(1)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setSpecialValueText(self.tr("not recorded"))
        self.count_spin = QSpinBox()
        self.count_spin.setRange(0, MAX_PARTICIPANTS)
        self.count_spin.setToolTip(self.tr("Everyone who was there; at least the families ticked"))
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 3 + 12)

        form = QFormLayout()
        form.addRow(self.tr("&Date:"), self.date_edit)
        form.addRow(self.tr("T&ype:"), self.type_combo)
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Place:"), self.place_edit)
        form.addRow(self.tr("&Village:"), self.village_combo)
        form.addRow(self.tr("&Hours:"), self.hours_spin)
        form.addRow(self.tr("Partici&pants:"), self.count_spin)
        form.addRow(self.tr("&Notes:"), self.notes_edit)
        details = QGroupBox(self.tr("Activity"))
        details_layout = QVBoxLayout(details)
        details_layout.addLayout(form)
        details_layout.addStretch(1)  # rows at their natural height, at the top, when the family list is tall

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Find a family: name or pinyin (Ctrl+F)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._on_filter_edit_changed)
        self.filter_edit.installEventFilter(self)
        self.family_list = QListWidget()
        self.family_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.family_list.setUniformItemSizes(True)
        self.family_list.setMinimumHeight(220)
        self.family_list.installEventFilter(self)
        self.family_list.itemChanged.connect(self._on_family_list_item_changed)
        self.ticked_label = QLabel()
        keys_hint = QLabel(self.tr("Down: to the list · Space: tick or untick · Ctrl+F: find another"))
        keys_hint.setStyleSheet(f"color: {HINT_COLOUR}")
        keys_hint.setWordWrap(True)
        self.five_ones_note = QLabel()
        self.five_ones_note.setWordWrap(True)
        self.five_ones_note.setStyleSheet(NOTE_STYLE)
        families_label = QLabel(self.tr("&Special families that attended:"))
        families_label.setBuddy(self.filter_edit)
        families_layout = QVBoxLayout()
        families_layout.addWidget(families_label)
        families_layout.addWidget(self.filter_edit)
        families_layout.addWidget(self.family_list, 1)
        families_layout.addWidget(self.ticked_label)
        families_layout.addWidget(keys_hint)
        families_layout.addWidget(self.five_ones_note)
        families = QGroupBox(self.tr("Attendance"))
        families.setLayout(families_layout)

        self.fields = QWidget()
        columns = QHBoxLayout(self.fields)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(details, 1)
        columns.addWidget(families, 1)

        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("Save (Ctrl+Enter)"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self._shortcuts: list[QShortcut] = []
        for keys in ("Ctrl+Return", "Ctrl+Enter", QKeySequence.StandardKey.Save):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self._on_save_button_clicked)
            self._shortcuts.append(shortcut)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_filter)
        self._shortcuts.append(find)

        layout = QVBoxLayout(self)
        layout.addWidget(self.fields, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        # Fits a 1366x768 screen with the taskbar and the window frame.
        self.resize(860, 540)

        for first, second in (
            (self.date_edit, self.type_combo), (self.type_combo, self.title_edit), (self.title_edit, self.place_edit),
            (self.place_edit, self.village_combo), (self.village_combo, self.hours_spin),
            (self.hours_spin, self.count_spin), (self.count_spin, self.notes_edit),
            (self.notes_edit, self.filter_edit), (self.filter_edit, self.family_list),
            (self.family_list, self.save_button), (self.save_button, self.cancel_button),
        ):  # fmt: skip
            QWidget.setTabOrder(first, second)

        self.date_edit.dateChanged.connect(self._update_problems)
        self.type_combo.currentIndexChanged.connect(self._on_type_combo_changed)
        self.title_edit.textEdited.connect(self._on_title_edit_edited)
        self.title_edit.textChanged.connect(self._update_problems)
        self.count_spin.valueChanged.connect(self._on_count_spin_changed)

        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData("group_activity")))
        self._on_type_combo_changed()
        self.fields.setEnabled(False)
        self._update_ticked()
        self._load()

    @classmethod
    def ask(
        cls, office: Office, runner: OperationRunner, activity_id: str | None = None, parent: QWidget | None = None
    ) -> SavedActivity | None:
        """Show the form; return what was saved, or None if the user cancelled."""
        dialog = cls(office, runner, activity_id, parent)
        dialog.exec()
        return dialog.saved

    # Loading --------------------------------------------------------------------------------------------------

    def _load(self) -> None:
        db, actor, activity_id = self.db, self.actor, self.activity_id
        self.runner.run(
            Operation(
                work=lambda _progress: _read_form(db, actor, activity_id),
                success=self._show_loaded,
                failure=self._on_load_failed,
                label=self.tr("Opening the activity…"),
            )
        )

    def _show_loaded(self, loaded: _Loaded) -> None:
        for code, name in loaded.villages:
            self.village_combo.addItem(name, code)
        if self.site is not None and self.site.level == "village":
            self.village_combo.setCurrentIndex(max(0, self.village_combo.findData(self.site.region_code)))
        ticked = set(loaded.data.family_ids) if loaded.data else set()
        self.family_list.blockSignals(True)
        for choice in loaded.families:
            item = QListWidgetItem(choice.text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if choice.id in ticked else Qt.CheckState.Unchecked)
            item.setData(FAMILY_ID_ROLE, choice.id)
            item.setData(SEARCH_KEYS_ROLE, choice.keys)
            self.family_list.addItem(item)
        self.family_list.blockSignals(False)
        if loaded.data is not None:
            self._fill(loaded.data)
        self.loaded = True
        self.fields.setEnabled(True)
        self._update_ticked()
        self.date_edit.setFocus()

    def _fill(self, data: ActivityInput) -> None:
        self.date_edit.setDate(_qdate(data.held_on))
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(data.type)))
        self.title_edit.setText(data.title)
        self.place_edit.setText(data.place)
        self.village_combo.setCurrentIndex(max(0, self.village_combo.findData(data.village_code)))
        self.hours_spin.setValue(data.hours or 0)
        self.notes_edit.setPlainText(data.notes)
        self._other_attendees = (list(data.member_ids), list(data.volunteer_ids))
        count = data.participant_count if data.participant_count is not None else self.attendees()
        self._count_follows = count == self.attendees()
        self._set_count(count)

    def _on_load_failed(self, error: BaseException) -> None:
        report_error(self, error)
        self.reject()

    # The families ---------------------------------------------------------------------------------------------

    def ticked_ids(self) -> list[str]:
        """The ids of the families ticked, in list order."""
        items = (self.family_list.item(n) for n in range(self.family_list.count()))
        return [str(i.data(FAMILY_ID_ROLE)) for i in items if i.checkState() == Qt.CheckState.Checked]

    def attendees(self) -> int:
        """Everyone named as attending: the families ticked, and members and volunteers recorded before."""
        members, volunteers = self._other_attendees
        return len(self.ticked_ids()) + len(set(members)) + len(set(volunteers))

    def visible_families(self) -> list[str]:
        """The lines of the families the filter lets through (for tests and screen readers)."""
        items = (self.family_list.item(n) for n in range(self.family_list.count()))
        return [i.text() for i in items if not i.isHidden()]

    @Slot(str)
    def _on_filter_edit_changed(self, text: str) -> None:
        words = "".join(text.lower().split())
        first: QListWidgetItem | None = None
        for n in range(self.family_list.count()):
            item = self.family_list.item(n)
            hidden = bool(words) and not any(words in key for key in str(item.data(SEARCH_KEYS_ROLE)).split())
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.family_list.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.family_list.setCurrentItem(first)

    @Slot()
    def focus_filter(self) -> None:
        """Put the cursor in the family filter with its text selected, ready for the next name."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def _focus_list(self) -> None:
        current: QListWidgetItem | None = self.family_list.currentItem()
        if current is None or current.isHidden():
            visible = (self.family_list.item(n) for n in range(self.family_list.count()))
            first = next((i for i in visible if not i.isHidden()), None)
            if first is not None:
                self.family_list.setCurrentItem(first)
        self.family_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Return in the family picker would press Save, the dialog's default button, half-way through ticking.
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            key = event.key()
            if watched is self.filter_edit and plain and key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._focus_list()
                return True
            if watched is self.family_list and plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.family_list.currentItem()
                if item is not None and not item.isHidden():
                    checked = item.checkState() == Qt.CheckState.Checked
                    item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
                return True
        return super().eventFilter(watched, event)

    @Slot(QListWidgetItem)
    def _on_family_list_item_changed(self, _item: QListWidgetItem) -> None:
        self._update_ticked()

    def _update_ticked(self) -> None:
        ticked = len(self.ticked_ids())
        self.ticked_label.setText(self.tr("%n family(ies) ticked", "", ticked))
        if self._count_follows:
            self._set_count(self.attendees())
        self._update_problems()

    def _set_count(self, value: int) -> None:
        self._setting_count = True
        self.count_spin.setValue(value)
        self._setting_count = False

    @Slot(int)
    def _on_count_spin_changed(self, _value: int) -> None:
        if not self._setting_count:
            self._count_follows = False
        self._update_problems()

    # Checking -------------------------------------------------------------------------------------------------

    @Slot()
    def _on_type_combo_changed(self) -> None:
        from app.families.activities import GROUP_ACTIVITY_TYPES

        code = str(self.type_combo.currentData())
        if code in GROUP_ACTIVITY_TYPES:
            note = self.tr(
                "Group activities and members' days count as the group activity of the five-ones for every family "
                "ticked here."
            )
        else:
            note = self.tr(
                "A {type} does not count for the five-ones (only group activities and members' days do); tick the "
                "families anyway to keep a record of who came."
            ).format(type=type_word(code, self._lang))
        self.five_ones_note.setText(note)

    @Slot(str)
    def _on_title_edit_edited(self, _text: str) -> None:
        self._title_touched = True

    def problems(self) -> list[str]:
        """What keeps the activity from being saved, in words (empty when it can be saved)."""
        return [text for _code, text in self._problems()]

    def _problems(self) -> list[tuple[str, str]]:
        found = []
        if not self.title_edit.text().strip():
            found.append(("title", self.tr("Give the activity a title.")))
        if _pydate(self.date_edit.date()) > date.today():
            found.append(("future", self.tr("The date is in the future: record an activity once it has taken place.")))
        attendees = self.attendees()
        if self.count_spin.value() < attendees:
            text = self.tr("The number of participants ({count}) is less than the attendees named ({attendees}).")
            found.append(("count", text.format(count=self.count_spin.value(), attendees=attendees)))
        return found

    @Slot()
    def _update_problems(self) -> None:
        found = self._problems()
        lines = []
        for code, text in found:
            # An empty title on a new form is what to do next, not a mistake: grey until the user typed in it.
            colour = HINT_COLOUR if code == "title" and not self._title_touched else ERROR_COLOUR
            lines.append(f'<span style="color:{colour}">{html.escape(text)}</span>')
        self.problem_label.setText("<br>".join(lines))
        self.problem_label.setVisible(bool(lines))
        self.save_button.setEnabled(self.loaded and not self._saving and not found)

    def problem_text(self) -> str:
        """The reasons shown above the buttons, one per line, as plain text (for tests and screen readers)."""
        return "\n".join(self.problems()) if self.problem_label.isVisibleTo(self) else ""

    # Saving ---------------------------------------------------------------------------------------------------

    def activity_input(self) -> ActivityInput:
        """The activity as the form holds it."""
        from app.families.activities import ActivityInput

        members, volunteers = self._other_attendees
        hours = self.hours_spin.value()
        return ActivityInput(
            held_on=_pydate(self.date_edit.date()), type=str(self.type_combo.currentData()),
            title=self.title_edit.text(), place=self.place_edit.text(), village_code=self.village_combo.currentData(),
            hours=hours if hours > 0 else None, notes=self.notes_edit.toPlainText(),
            participant_count=self.count_spin.value(), family_ids=self.ticked_ids(), member_ids=list(members),
            volunteer_ids=list(volunteers),
        )  # fmt: skip

    @Slot()
    def _on_save_button_clicked(self) -> None:
        if not self.loaded or self._saving:
            return
        self._title_touched = True
        self._update_problems()
        if self.problems():
            return
        data = self.activity_input()
        db, actor, activity_id = self.db, self.actor, self.activity_id

        def work(_progress: QtProgress) -> SavedActivity:
            from app.families.activities import create_activity, update_activity

            with db.unit_of_work(actor.username) as session:
                if activity_id is None:
                    return SavedActivity(create_activity(session, actor, data), data.held_on)
                update_activity(session, actor, activity_id, data)
                return SavedActivity(activity_id, data.held_on)

        self._saving = True
        self._update_problems()
        self.runner.run(
            Operation(
                work=work,
                success=self._on_save_succeeded,
                failure=self._on_save_failed,
                label=self.tr("Saving the activity…"),
                cancellable=False,
            )
        )

    def _on_save_succeeded(self, saved: SavedActivity) -> None:
        self._saving = False
        self.saved = saved
        self.accept()

    def _on_save_failed(self, error: BaseException) -> None:
        self._saving = False
        self._update_problems()
        report_error(self, error)

    def reject(self) -> None:
        if self._saving:  # the save is under way; its outcome closes the dialog or reports the error
            return
        super().reject()
