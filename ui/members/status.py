"""Recording a change of a member's status: transfer in or out, withdrawal, removal, death."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.members.fields import EVENT_LABELS, label
from ui.errors import report_error
from ui.i18n import error_language
from ui.operations import Operation

if TYPE_CHECKING:
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress


class StatusChangeDialog(QDialog):
    """Asks what changed, when, where to or from, and why; the service checks it and records the event."""

    def __init__(self, office: Office, runner: OperationRunner, member_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = office.db, office.actor
        self.runner = runner
        self.member_id = member_id
        self.saved = False
        self._saving = False
        self.setWindowTitle(self.tr("Change status"))
        self.setMinimumWidth(420)

        lang = error_language()
        self.event_combo = QComboBox()
        for code in EVENT_LABELS:
            if code != "join":  # joining is recorded by the member form, with the date of joining
                self.event_combo.addItem(label(EVENT_LABELS, code, lang), code)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.place_label = QLabel()
        self.place_edit = QLineEdit()
        self.place_edit.setMaxLength(100)
        self.place_label.setBuddy(self.place_edit)
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(200)

        form = QFormLayout()
        form.addRow(self.tr("&Change:"), self.event_combo)
        form.addRow(self.tr("&Date:"), self.date_edit)
        form.addRow(self.place_label, self.place_edit)
        form.addRow(self.tr("&Reason:"), self.reason_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.event_combo.currentIndexChanged.connect(self._on_event_combo_changed)
        self._on_event_combo_changed()

    @classmethod
    def ask(cls, office: Office, runner: OperationRunner, member_id: str, parent: QWidget | None = None) -> bool:
        """Show the dialog; True if a change of status was saved."""
        dialog = cls(office, runner, member_id, parent)
        dialog.exec()
        return dialog.saved

    @Slot()
    def _on_event_combo_changed(self) -> None:
        code = self.event_combo.currentData()
        text = {"transfer_out": self.tr("Moved &to:"), "transfer_in": self.tr("Moved &from:")}.get(code)
        self.place_label.setText(text or self.tr("&Place:"))

    @Slot()
    def _on_save_button_clicked(self) -> None:
        if self._saving:
            return
        from app.members.service import change_status

        db, actor, member_id = self.db, self.actor, self.member_id
        event = str(self.event_combo.currentData())
        on_date: date = self.date_edit.date().toPython()  # type: ignore[assignment]  # QDate gives a date
        place, reason = self.place_edit.text(), self.reason_edit.text()

        def work(_progress: QtProgress) -> None:
            with db.unit_of_work(actor.username) as session:
                change_status(session, actor, member_id, event, on_date, place=place, reason=reason)

        self._saving = True
        self.save_button.setEnabled(False)
        self.runner.run(
            Operation(
                work=work,
                success=self._on_save_succeeded,
                failure=self._on_save_failed,
                label=self.tr("Saving the change of status…"),
                cancellable=False,
            )
        )

    def _on_save_succeeded(self, _result: object) -> None:
        self._saving = False
        self.saved = True
        self.accept()

    def _on_save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        report_error(self, error)

    def reject(self) -> None:
        if self._saving:  # the save is under way; its outcome closes the dialog or reports the error
            return
        super().reject()
