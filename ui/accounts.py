"""Accounts in the GUI: changing one's own password, and the admin's list of users."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.errors import report_error
from ui.operations import Operation

if TYPE_CHECKING:
    from app.accounts.users import UserInfo
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress

ROLE_TITLES = {
    "admin": QT_TRANSLATE_NOOP("Accounts", "Admin (secretary)"),
    "clerk": QT_TRANSLATE_NOOP("Accounts", "Clerk"),
    "volunteer": QT_TRANSLATE_NOOP("Accounts", "Volunteer"),
    "county": QT_TRANSLATE_NOOP("Accounts", "County staff"),
}


def role_title(role: str) -> str:
    return QCoreApplication.translate("Accounts", str(ROLE_TITLES.get(role, role)))


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    return edit


class ChangePasswordDialog(QDialog):
    """The signed-in user's new password, given the current one."""

    def __init__(self, office: Office, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office, self.runner = office, runner
        self.changed = False
        self.setWindowTitle(self.tr("Change my password"))
        self.old_edit, self.new_edit, self.again_edit = _password_edit(), _password_edit(), _password_edit()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Current password:"), self.old_edit)
        form.addRow(self.tr("&New password:"), self.new_edit)
        form.addRow(self.tr("New password &again:"), self.again_edit)
        hint = QLabel(self.tr("At least 8 characters, not the user name, not too simple."))
        hint.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, office: Office, runner: OperationRunner, parent: QWidget | None = None) -> bool:
        dialog = cls(office, runner, parent)
        dialog.exec()
        return dialog.changed

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    @Slot()
    def _on_ok(self) -> None:
        if self.new_edit.text() != self.again_edit.text():
            self._show_error(self.tr("The two new passwords differ."))
            return
        office, old, new = self.office, self.old_edit.text(), self.new_edit.text()

        def work(_progress: QtProgress) -> None:
            from app.accounts.users import change_password

            with office.db.unit_of_work(office.actor.username) as session:
                change_password(session, office.actor, old, new)

        def failed(error: BaseException) -> None:
            from app.errors import FpaError
            from ui.i18n import error_language

            if isinstance(error, FpaError):
                self._show_error(error.message(error_language()))
            else:
                report_error(self, error)

        def done(_result: object) -> None:
            self.changed = True
            self.accept()

        self.runner.run(Operation(work=work, success=done, failure=failed, label=self.tr("Saving…"), cancellable=False))


@dataclass
class NewUser:
    """What the admin typed for a new account."""

    username: str
    display_name: str
    role: str
    password: str = field(repr=False)
    volunteer_id: str | None = None


class NewUserDialog(QDialog):
    """User name, the person's name, role and first password of a new account."""

    def __init__(self, volunteers: list[tuple[str, str]] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value: NewUser | None = None
        self.setWindowTitle(self.tr("New account"))
        self.volunteer_combo = QComboBox()
        self.volunteer_combo.addItem(self.tr("(not linked)"), None)
        for volunteer_id, label in volunteers or []:
            self.volunteer_combo.addItem(label, volunteer_id)
        self.username_edit = QLineEdit()
        self.username_edit.setPlaceholderText(self.tr("letters and digits, e.g. wangli"))
        self.name_edit = QLineEdit()
        self.role_combo = QComboBox()
        for role in ROLE_TITLES:
            self.role_combo.addItem(role_title(role), role)
        self.role_combo.setCurrentIndex(1)
        self.password_edit, self.again_edit = _password_edit(), _password_edit()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username_edit)
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Role:"), self.role_combo)
        form.addRow(self.tr("&Volunteer:"), self.volunteer_combo)
        self.role_combo.currentIndexChanged.connect(self._on_role_changed)
        self._on_role_changed()
        form.addRow(self.tr("First &password:"), self.password_edit)
        form.addRow(self.tr("Password &again:"), self.again_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, volunteers: list[tuple[str, str]] | None = None) -> NewUser | None:
        dialog = cls(volunteers, parent)
        dialog.exec()
        return dialog.value

    @Slot()
    def _on_role_changed(self) -> None:
        # A volunteer account sees the families of the volunteer it belongs to.
        is_volunteer = self.role_combo.currentData() == "volunteer"
        self.volunteer_combo.setEnabled(is_volunteer)
        if not is_volunteer:
            self.volunteer_combo.setCurrentIndex(0)

    @Slot()
    def _on_ok(self) -> None:
        if self.password_edit.text() != self.again_edit.text():
            self.error_label.setText(self.tr("The two passwords differ."))
            self.error_label.show()
            return
        self.value = NewUser(
            self.username_edit.text().strip(), self.name_edit.text().strip(), str(self.role_combo.currentData()),
            self.password_edit.text(), self.volunteer_combo.currentData(),
        )  # fmt: skip
        self.accept()


class UsersDialog(QDialog):
    """The admin's list of accounts: add, disable or enable, reset a password, change a role."""

    def __init__(self, office: Office, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.office, self.runner = office, runner
        self.users: list[UserInfo] = []
        self.setWindowTitle(self.tr("User accounts"))
        self.resize(720, 420)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.add_button = QPushButton(self.tr("&New account…"))
        self.disable_button = QPushButton(self.tr("&Disable / enable"))
        self.reset_button = QPushButton(self.tr("&Reset password…"))
        self.role_button = QPushButton(self.tr("Change r&ole…"))
        self.add_button.clicked.connect(self._on_add)
        self.disable_button.clicked.connect(self._on_disable)
        self.reset_button.clicked.connect(self._on_reset)
        self.role_button.clicked.connect(self._on_role)
        row = QHBoxLayout()
        for button in (self.add_button, self.disable_button, self.reset_button, self.role_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(close)
        self.reload()

    @classmethod
    def ask(cls, office: Office, runner: OperationRunner, parent: QWidget | None = None) -> None:
        cls(office, runner, parent).exec()

    # Questions (tests replace these) --------------------------------------------------------------------------

    def ask_new_user(self) -> NewUser | None:
        from app.accounts.users import volunteer_choices

        with self.office.db.unit_of_work() as session:
            volunteers = volunteer_choices(session, self.office.actor)
        return NewUserDialog.ask(self, volunteers)

    def ask_password(self, username: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getText(
            self, self.tr("Reset password"), self.tr("New password for {user}:").format(user=username),
            QLineEdit.EchoMode.Password,
        )  # fmt: skip
        return text if ok and text else None

    def ask_role(self, username: str, current: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        roles = list(ROLE_TITLES)
        titles = [role_title(r) for r in roles]
        chosen, ok = QInputDialog.getItem(
            self, self.tr("Change role"), self.tr("Role of {user}:").format(user=username), titles,
            roles.index(current) if current in roles else 0, False,
        )  # fmt: skip
        return roles[titles.index(chosen)] if ok else None

    # The list -------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        office = self.office

        def work(_progress: QtProgress) -> list[UserInfo]:
            from app.accounts.users import list_users

            with office.db.unit_of_work() as session:
                return list_users(session, office.actor)

        self.runner.run(
            Operation(
                work=work,
                success=self._show,
                failure=lambda e: report_error(self, e),
                label=self.tr("Reading the accounts…"),
                cancellable=False,
            )
        )

    def _show(self, users: list[UserInfo]) -> None:
        self.users = users
        self.table.setRowCount(len(users))
        for row, user in enumerate(users):
            states = []
            if user.disabled:
                states.append(self.tr("disabled"))
            if user.locked:
                states.append(self.tr("locked after wrong passwords"))
            if not user.can_unlock_key:
                states.append(self.tr("needs a password reset to sign in"))
            for column, text in enumerate(
                (user.username, user.display_name, role_title(user.role), "; ".join(states) or self.tr("active"))
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def _change(self, change: object) -> None:
        office = self.office

        def work(_progress: QtProgress) -> None:
            with office.db.unit_of_work(office.actor.username) as session:
                change(session)  # type: ignore[operator]

        self.runner.run(
            Operation(
                work=work,
                success=lambda _r: self.reload(),
                failure=lambda e: report_error(self, e),
                label=self.tr("Saving…"),
                cancellable=False,
            )
        )

    @Slot()
    def _on_add(self) -> None:
        new = self.ask_new_user()
        if new is None:
            return
        from app.accounts.users import create_user

        actor = self.office.actor
        self._change(
            lambda session: create_user(
                session, actor, new.username, new.display_name, new.role, new.password, volunteer_id=new.volunteer_id
            )
        )

    @Slot()
    def _on_disable(self) -> None:
        user = self.selected()
        if user is None:
            return
        from app.accounts.users import set_disabled

        actor = self.office.actor
        self._change(lambda session: set_disabled(session, actor, user.username, not user.disabled))

    @Slot()
    def _on_reset(self) -> None:
        user = self.selected()
        password = self.ask_password(user.username) if user else None
        if user is None or password is None:
            return
        from app.accounts.users import reset_password

        actor = self.office.actor
        self._change(lambda session: reset_password(session, actor, user.username, password))

    @Slot()
    def _on_role(self) -> None:
        user = self.selected()
        role = self.ask_role(user.username, user.role) if user else None
        if user is None or role is None:
            return
        from app.accounts.users import set_role

        actor = self.office.actor
        self._change(lambda session: set_role(session, actor, user.username, role))
