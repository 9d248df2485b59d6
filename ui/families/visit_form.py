"""The quick-entry visit form (走访登记): a visit logged in under a minute, from the keyboard alone.

Tab moves through the fields in the order a volunteer tells the visit: family, kind, date, who went, what was done,
the five cares, what was found, the follow-up, hours. Ctrl+Return saves; Ctrl+Shift+Return saves and clears the form
for the next visit of the same day; Esc closes (asking first if anything was typed). A correction opens the visit's
values and saves a new visit that supersedes the old one (`app.families.visits.correct_visit`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.families.labels import FIVE_CARES_LABELS, KIND_LABELS
from app.members.fields import label
from ui.errors import report_error
from ui.i18n import error_language
from ui.operations import Operation

if TYPE_CHECKING:
    from app.families.visits import VisitInput
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress

NO_DUE_DATE = QDate(2000, 1, 1)  # the due-date box's "none" value (shown as "—")
ERROR_COLOUR = "#b00020"
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1  # a family's names, pinyin and initials: what typing matches


class DateEdit(QDateEdit):
    """A date box that Tab leaves (Qt's moves between year, month and day; arrows still do that here)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class _FamilyCompleter(QCompleter):
    """Matches what is typed against names, pinyin and initials; puts the family's display text in the box."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole))


class VisitFormDialog(QDialog):
    """Logs a visit (visit_id None) or corrects one; `saved_ids` holds every visit saved while it was open."""

    def __init__(
        self,
        office: Office,
        runner: OperationRunner,
        *,
        family_id: str | None = None,
        visit_id: str | None = None,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.office, self.runner, self.visit_id = office, runner, visit_id
        self.today = today or date.today()
        self.saved_ids: list[str] = []
        self._saving = False
        self._keep_open = False
        self._lang = error_language()
        self.setWindowTitle(self.tr("Correct a visit") if visit_id else self.tr("Record a visit"))

        self.family_combo = QComboBox()
        self.family_combo.setEditable(True)
        self.family_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        family_edit = self.family_combo.lineEdit()
        assert family_edit is not None  # an editable combo has one
        family_edit.setPlaceholderText(self.tr("Type a name, pinyin or initials"))
        self.kind_combo = QComboBox()
        for code in KIND_LABELS:
            if code != "insurance":  # a policy is recorded on the family's form, not as a visit
                self.kind_combo.addItem(label(KIND_LABELS, code, self._lang), code)
        self.date_edit = DateEdit()
        self.date_edit.setMaximumDate(_qdate(self.today))
        self.date_edit.setDate(_qdate(self.today))
        self.visitors_edit = QLineEdit()
        self.visitors_edit.setPlaceholderText(self.tr("Names separated by 、 or commas: volunteers, members, cadres"))
        self.content_edit = QPlainTextEdit()
        self.content_edit.setTabChangesFocus(True)
        self.content_edit.setPlaceholderText(self.tr("What was done"))
        self.content_edit.setMinimumHeight(70)
        self.care_boxes: dict[str, QCheckBox] = {}
        cares = QWidget()
        cares_layout = QGridLayout(cares)
        cares_layout.setContentsMargins(0, 0, 0, 0)
        cares.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        for n, code in enumerate(FIVE_CARES_LABELS):
            box = QCheckBox(label(FIVE_CARES_LABELS, code, self._lang))
            self.care_boxes[code] = box
            cares_layout.addWidget(box, n // 3, n % 3)
        self.state_edit = QLineEdit()
        self.state_edit.setPlaceholderText(self.tr("Health, mood, living conditions found"))
        self.needs_edit = QLineEdit()
        self.needs_edit.setPlaceholderText(self.tr("Needs the family raised"))
        self.followup_edit = QLineEdit()
        self.followup_edit.setPlaceholderText(self.tr("What must be done next (leave empty if nothing)"))
        self.owner_edit = QLineEdit()
        self.owner_edit.setPlaceholderText(self.tr("Who does it"))
        self.due_edit = DateEdit()
        self.due_edit.setMinimumDate(NO_DUE_DATE)
        self.due_edit.setSpecialValueText("—")
        self.due_edit.setDate(NO_DUE_DATE)
        self.done_box = QCheckBox(self.tr("Done"))
        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setRange(0, 24)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setDecimals(1)
        self.hours_spin.setSpecialValueText("—")
        self.hours_spin.setSuffix(self.tr(" h"))
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(f"color: {ERROR_COLOUR}")

        followup = QHBoxLayout()
        followup.addWidget(self.followup_edit, 3)
        followup.addWidget(self.owner_edit, 1)
        followup.addWidget(QLabel(self.tr("Due")))
        followup.addWidget(self.due_edit)
        followup.addWidget(self.done_box)
        form = QFormLayout()
        form.addRow(self.tr("&Family"), self.family_combo)
        form.addRow(self.tr("&Kind"), self.kind_combo)
        form.addRow(self.tr("&Date"), self.date_edit)
        form.addRow(self.tr("&Who went"), self.visitors_edit)
        form.addRow(self.tr("&Content"), self.content_edit)
        form.addRow(self.tr("Five cares"), cares)
        form.addRow(self.tr("&State found"), self.state_edit)
        form.addRow(self.tr("&Needs found"), self.needs_edit)
        form.addRow(self.tr("F&ollow-up"), followup)
        form.addRow(self.tr("&Hours"), self.hours_spin)
        for n in range(form.rowCount()):  # Alt+the underlined letter jumps to the field
            label_item = form.itemAt(n, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(n, QFormLayout.ItemRole.FieldRole)
            text = label_item.widget() if label_item is not None else None
            field = field_item.widget() if field_item is not None else None
            if isinstance(text, QLabel):
                text.setBuddy(field or self.followup_edit)  # the follow-up row is a layout: its first box

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(self.tr("Save (Ctrl+Enter)"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.next_button = QPushButton(self.tr("Save and record another (Ctrl+Shift+Enter)"))
        self.next_button.setAutoDefault(False)
        self.buttons.addButton(self.next_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.next_button.setVisible(visit_id is None)
        self.save_button.clicked.connect(self.save)
        self.next_button.clicked.connect(self.save_and_next)
        self.buttons.rejected.connect(self.reject)
        # Return inside a field never presses a button: saving is Ctrl+Return, so a stray Enter loses nothing.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)
        for keys in ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save_and_next)
        self.saved_label = QLabel()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.buttons)
        self.resize(720, 560)

        self._load_families(family_id)
        if visit_id is not None:
            self._load_visit(visit_id)
        self.family_combo.setFocus()
        if family_id is not None or visit_id is not None:
            self.kind_combo.setFocus()

    @classmethod
    def ask(
        cls,
        office: Office,
        runner: OperationRunner,
        *,
        family_id: str | None = None,
        visit_id: str | None = None,
        parent: QWidget | None = None,
    ) -> list[str]:
        """Show the form; the ids of the visits saved (none if the user cancelled)."""  # fmt: skip
        dialog = cls(office, runner, family_id=family_id, visit_id=visit_id, parent=parent)
        dialog.exec()
        return dialog.saved_ids

    # Loading --------------------------------------------------------------------------------------------------

    def _load_families(self, family_id: str | None) -> None:
        """The families the user may log visits for (a volunteer's paired families), searchable by any part."""
        from app.families.listing import FamilyFilter, family_rows
        from app.site import region_names

        with self.office.db.unit_of_work() as session:
            rows = family_rows(session, self.office.actor, FamilyFilter(), today=self.today)
            villages = dict(region_names(session, level="village"))
        self.family_combo.addItem("", None)
        for row in rows:
            village = villages.get(row.village_code or "", "")
            others = "、".join(n for n in (row.father, row.child) if n and n != row.name)
            text = f"{row.name}（{village}）" + (f" {others}" if others else "")
            self.family_combo.addItem(text, row.id)
        choices = QStandardItemModel(self)
        for row in rows:
            item = QStandardItem(self.family_combo.itemText(self.family_combo.findData(row.id)))
            item.setData(f"{item.text()} {row.pinyin}", SEARCH_ROLE)
            choices.appendRow(item)
        completer = _FamilyCompleter(choices, self)
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.family_combo.setCompleter(completer)
        if family_id is not None:
            index = self.family_combo.findData(family_id)
            self.family_combo.setCurrentIndex(max(index, 0))
        else:
            self.family_combo.setCurrentIndex(0)

    def _load_visit(self, visit_id: str) -> None:
        from app.families.visits import visit_input, visitor_names

        with self.office.db.unit_of_work() as session:
            data = visit_input(session, self.office.actor, visit_id)
            names = visitor_names(session, data.visitors)
        self.family_combo.setCurrentIndex(max(self.family_combo.findData(data.family_id), 0))
        self.family_combo.setEnabled(False)  # a correction keeps the family
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(data.kind), 0))
        self.date_edit.setDate(_qdate(data.visited_on))
        self.visitors_edit.setText("、".join(names))
        self.content_edit.setPlainText(data.content)
        for code, box in self.care_boxes.items():
            box.setChecked(code in data.five_cares)
        self.state_edit.setText(data.state_found)
        self.needs_edit.setText(data.needs_found)
        self.followup_edit.setText(data.followup_action)
        self.owner_edit.setText(data.followup_owner)
        self.due_edit.setDate(_qdate(data.followup_due) if data.followup_due else NO_DUE_DATE)
        self.done_box.setChecked(data.followup_done)
        self.hours_spin.setValue(data.hours or 0)

    # Reading the form ------------------------------------------------------------------------------------------

    def family_id(self) -> str | None:
        """The family chosen: the item picked, or the one whose text was typed in full."""
        text = self.family_combo.currentText().strip()
        index = self.family_combo.findText(text, Qt.MatchFlag.MatchExactly) if text else 0
        if index <= 0:
            return None
        family_id = self.family_combo.itemData(index)
        return str(family_id) if family_id else None

    def visit_input(self, family_id: str) -> VisitInput:
        """The visit as typed (visitors resolved by name when saved)."""
        from app.families.visits import VisitInput

        due = self.due_edit.date()
        hours = self.hours_spin.value()
        return VisitInput(
            family_id=family_id,
            kind=str(self.kind_combo.currentData()),
            visited_on=self.date_edit.date().toPython(),  # type: ignore[arg-type]
            content=self.content_edit.toPlainText(),
            five_cares=[code for code, box in self.care_boxes.items() if box.isChecked()],
            state_found=self.state_edit.text(),
            needs_found=self.needs_edit.text(),
            followup_action=self.followup_edit.text(),
            followup_owner=self.owner_edit.text(),
            followup_due=None if due == NO_DUE_DATE else due.toPython(),  # type: ignore[arg-type]
            followup_done=self.done_box.isChecked(),
            hours=hours or None,
        )

    def has_typed(self) -> bool:
        """Whether closing would lose something the user typed."""
        texts = (self.content_edit.toPlainText(), self.state_edit.text(), self.needs_edit.text(),
                 self.followup_edit.text())  # fmt: skip
        return any(t.strip() for t in texts) or any(b.isChecked() for b in self.care_boxes.values())

    # Saving ---------------------------------------------------------------------------------------------------

    @Slot()
    def save_and_next(self) -> None:
        """Save, then clear the form (keeping the date and who went) for the next visit."""
        if self.visit_id is None:
            self._save(keep_open=True)

    @Slot()
    def save(self) -> None:
        self._save(keep_open=False)

    def _save(self, *, keep_open: bool) -> None:
        if self._saving:
            return
        family_id = self.family_id()
        if family_id is None:
            self.problem_label.setText(self.tr("Choose the family from the list (type part of a name)."))
            self.family_combo.setFocus()
            return
        data = self.visit_input(family_id)
        visitors_text = self.visitors_edit.text()
        db, actor, visit_id, today = self.office.db, self.office.actor, self.visit_id, self.today

        def work(_progress: QtProgress) -> str:
            from app.families.visits import correct_visit, log_visit, visitors_from_names

            with db.unit_of_work(actor.username) as session:
                data.visitors = visitors_from_names(session, visitors_text)
                if visit_id is None:
                    return log_visit(session, actor, data, today=today)
                return correct_visit(session, actor, visit_id, data, today=today)

        self._saving, self._keep_open = True, keep_open
        self.problem_label.clear()
        self.runner.run(Operation(work=work, success=self._on_saved, failure=self._on_save_failed,
                                  label=self.tr("Saving the visit…"), cancellable=False))  # fmt: skip

    def _on_saved(self, visit_id: str) -> None:
        self._saving = False
        self.saved_ids.append(visit_id)
        if not self._keep_open:
            self.accept()
            return
        self.saved_label.setText(self.tr("%n visit(s) saved.", "", len(self.saved_ids)))
        self.family_combo.setCurrentIndex(0)
        for edit in (self.content_edit, self.state_edit, self.needs_edit, self.followup_edit, self.owner_edit):
            edit.clear()
        for box in (*self.care_boxes.values(), self.done_box):
            box.setChecked(False)
        self.due_edit.setDate(NO_DUE_DATE)
        self.hours_spin.setValue(0)
        self.family_combo.setFocus()

    def _on_save_failed(self, error: BaseException) -> None:
        from app.errors import FpaError

        self._saving = False
        if isinstance(error, FpaError):  # a problem with what was typed: say it in the form, keep everything
            self.problem_label.setText(error.message(self._lang))
            return
        report_error(self, error)

    def confirm_discard(self) -> bool:
        """Ask before closing a form with typed content; tests replace this."""
        answer = QMessageBox.question(
            self, self.tr("Discard this visit?"), self.tr("What you typed has not been saved. Close anyway?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self._saving:
            return
        if self.has_typed() and not self.confirm_discard():
            return
        super().reject()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
