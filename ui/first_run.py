"""First start: the first admin account, then set up this office or try the program with demo data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QRegularExpression, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.dbkey import Credentials
from app.site import SiteSetup
from ui.i18n import error_language


@dataclass(frozen=True)
class FirstRunChoice:
    """What the user chose: set up `setup`, or open the demo office; either way with `admin` as its first admin."""

    kind: Literal["setup", "demo"]
    admin: Credentials
    setup: SiteSetup | None = None
    display_name: str = ""


class FirstRunDialog(QDialog):
    """Asks who this office is; the form is checked by the same rules the CLI's `init` uses."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: FirstRunChoice | None = None
        self.setWindowTitle(self.tr("Welcome to FPA Desk"))
        self.setMinimumWidth(520)

        intro = QLabel(
            self.tr(
                "This computer has no office set up yet. Enter your association's name, level and 12-digit "
                "statistical region code, or try the program with a made-up demo office first."
            )
        )
        intro.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(self.tr("e.g. Dongfeng Village Family Planning Association"))
        self.level_combo = QComboBox()
        for level, text in (
            ("village", self.tr("Village / residents' committee")),
            ("township", self.tr("Township / street")),
            ("county", self.tr("County / district")),
        ):
            self.level_combo.addItem(text, level)
        self.code_edit = QLineEdit()
        self.code_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,12}"), self))
        self.code_edit.setPlaceholderText(self.tr("12 digits, e.g. 330106001001"))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()

        self.admin_edit = QLineEdit("admin")
        self.admin_edit.setMaxLength(50)
        self.admin_name_edit = QLineEdit()
        self.admin_name_edit.setMaxLength(50)
        self.admin_name_edit.setPlaceholderText(self.tr("e.g. Wang Li"))
        self.password_edit, self.again_edit = QLineEdit(), QLineEdit()
        for edit in (self.password_edit, self.again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(200)
        account = QFormLayout()
        account.addRow(self.tr("Admin &user name:"), self.admin_edit)
        account.addRow(self.tr("Your n&ame:"), self.admin_name_edit)
        account.addRow(self.tr("&Password:"), self.password_edit)
        account.addRow(self.tr("Password a&gain:"), self.again_edit)
        account_note = QLabel(
            self.tr(
                "You are this office's admin: you sign in with this account and create the others. The password "
                "protects the records of special families; at least 8 characters."
            )
        )
        account_note.setWordWrap(True)
        self.account_error = QLabel()
        self.account_error.setWordWrap(True)
        self.account_error.setStyleSheet("color: #b00020;")
        self.account_error.hide()
        account_box = QGroupBox(self.tr("Your account"))
        account_layout = QVBoxLayout(account_box)
        account_layout.addWidget(account_note)
        account_layout.addLayout(account)
        account_layout.addWidget(self.account_error)

        form = QFormLayout()
        form.addRow(self.tr("Office &name:"), self.name_edit)
        form.addRow(self.tr("&Level:"), self.level_combo)
        form.addRow(self.tr("&Region code:"), self.code_edit)
        self.setup_button = QPushButton(self.tr("&Set up this office"))
        self.setup_button.setDefault(True)
        self.setup_button.clicked.connect(self._on_setup_clicked)
        setup_box = QGroupBox(self.tr("Set up this office"))
        setup_layout = QVBoxLayout(setup_box)
        setup_layout.addLayout(form)
        setup_layout.addWidget(self.error_label)
        setup_layout.addWidget(self.setup_button)

        self.demo_button = QPushButton(self.tr("Try with &demo data"))
        self.demo_button.clicked.connect(self._on_demo_clicked)
        demo_box = QGroupBox(self.tr("Just looking?"))
        demo_layout = QVBoxLayout(demo_box)
        demo_note = QLabel(
            self.tr("Opens a separate demo database filled with made-up people; your own office stays empty.")
        )
        demo_note.setWordWrap(True)
        demo_layout.addWidget(demo_note)
        demo_layout.addWidget(self.demo_button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(account_box)
        layout.addWidget(setup_box)
        layout.addWidget(demo_box)
        layout.addWidget(buttons)
        self.password_edit.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None) -> FirstRunChoice | None:
        """Show the dialog and return the user's choice, or None if they closed it."""
        dialog = cls(parent)
        dialog.exec()
        return dialog.choice

    def _admin(self) -> Credentials | None:
        """The admin account typed in, checked by the rules the services use; None (and the reason shown) if not."""
        from app.accounts.passwords import check_new_password
        from app.accounts.users import check_username
        from app.errors import ValidationError

        self.account_error.hide()
        try:
            username = check_username(self.admin_edit.text())
            if self.password_edit.text() != self.again_edit.text():
                raise ValidationError("两次输入的密码不一致。", "The two passwords differ.", code="password.differ")
            check_new_password(self.password_edit.text(), username=username)
        except ValidationError as exc:
            self.account_error.setText(exc.message(error_language()))
            self.account_error.show()
            return None
        return Credentials(username, self.password_edit.text())

    @Slot()
    def _on_setup_clicked(self) -> None:
        from app.errors import ValidationError
        from app.site import validate_setup

        admin = self._admin()
        if admin is None:
            return
        setup = SiteSetup(self.name_edit.text(), str(self.level_combo.currentData()), self.code_edit.text())
        try:
            setup = validate_setup(setup)
        except ValidationError as exc:
            self.error_label.setText(exc.message(error_language()))
            self.error_label.show()
            return
        self.choice = FirstRunChoice("setup", admin, setup, self.admin_name_edit.text().strip())
        self.accept()

    @Slot()
    def _on_demo_clicked(self) -> None:
        admin = self._admin()
        if admin is not None:
            self.choice = FirstRunChoice("demo", admin, None, self.admin_name_edit.text().strip())
            self.accept()
