"""Signing in: at start, after the screen locked, and unlocking a database with the printed recovery key."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QSettings, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.dbkey import Credentials

LAST_USER_KEY = "login/last_user"


@dataclass(frozen=True)
class LoginResult:
    """What the user asked for: sign in, or unlock the database with the recovery key (and then sign in)."""

    kind: Literal["login", "recover"]
    credentials: Credentials
    recovery_code: str = field(default="", repr=False)


def last_username() -> str:
    return str(QSettings().value(LAST_USER_KEY, "") or "")


def remember_username(username: str) -> None:
    QSettings().setValue(LAST_USER_KEY, username)


class LoginDialog(QDialog):
    """User name and password; a message from the last attempt; a way in with the recovery key."""

    def __init__(
        self, database: Path, message: str = "", username: str = "", *, locked: bool = False,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.result_value: LoginResult | None = None
        self.setWindowTitle(self.tr("Screen locked") if locked else self.tr("Sign in to FPA Desk"))
        self.setMinimumWidth(420)

        intro = QLabel(
            self.tr("FPA Desk was locked after a while without use. Enter your password to go on.")
            if locked
            else self.tr("Sign in with the account the office's admin gave you.")
        )
        intro.setWordWrap(True)
        where = QLabel(self.tr("Database: {path}").format(path=database))
        where.setWordWrap(True)
        where.setStyleSheet("color: #555;")

        self.username_edit = QLineEdit(username)
        self.username_edit.setMaxLength(50)
        self.username_edit.setReadOnly(locked)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(200)
        self.error_label = QLabel(message)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setVisible(bool(message))

        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)

        buttons = QDialogButtonBox()
        self.sign_in_button = buttons.addButton(self.tr("&Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        buttons.addButton(self.tr("Sign &out") if locked else self.tr("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_sign_in)
        buttons.rejected.connect(self.reject)
        self.recovery_button = QPushButton(self.tr("Unlock with the &recovery key…"))
        self.recovery_button.setFlat(True)
        self.recovery_button.setVisible(not locked)
        self.recovery_button.clicked.connect(self._on_recovery_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        layout.addWidget(self.recovery_button)
        (self.password_edit if username else self.username_edit).setFocus()

    @classmethod
    def ask(
        cls, parent: QWidget | None, database: Path, message: str = "", username: str = "", *, locked: bool = False
    ) -> LoginResult | None:
        """Show the dialog; the user's request, or None if they quit (or, when locked, signed out)."""
        dialog = cls(database, message, username, locked=locked, parent=parent)
        dialog.exec()
        return dialog.result_value

    def _credentials(self) -> Credentials | None:
        username, password = self.username_edit.text().strip(), self.password_edit.text()
        if not username or not password:
            self._show_error(self.tr("Enter your user name and password."))
            return None
        return Credentials(username, password)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    @Slot()
    def _on_sign_in(self) -> None:
        credentials = self._credentials()
        if credentials is not None:
            self.result_value = LoginResult("login", credentials)
            self.accept()

    @Slot()
    def _on_recovery_clicked(self) -> None:
        credentials = self._credentials()
        if credentials is None:
            self._show_error(self.tr("Enter an admin's user name and password first, then the recovery key."))
            return
        code = RecoveryCodeDialog.ask(self)
        if code:
            self.result_value = LoginResult("recover", credentials, code)
            self.accept()


class RecoveryCodeDialog(QDialog):
    """Typing the 14 groups of the printed recovery key."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recovery key"))
        note = QLabel(
            self.tr(
                "Type the recovery key from the sheet printed when this office was set up (14 groups of 4 letters "
                "and digits). It opens the database when its key in this computer's keyring or key file is lost."
            )
        )
        note.setWordWrap(True)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX-…")
        self.code_edit.setMinimumWidth(460)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.code_edit)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None) -> str | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.code_edit.text().strip() or None
