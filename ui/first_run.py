"""First start: set up this office, or try the program with demo data."""

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

from app.site import SiteSetup
from ui.i18n import error_language


@dataclass(frozen=True)
class FirstRunChoice:
    """What the user chose: set up `setup`, or open the demo office."""

    kind: Literal["setup", "demo"]
    setup: SiteSetup | None = None


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
        layout.addWidget(setup_box)
        layout.addWidget(demo_box)
        layout.addWidget(buttons)
        self.name_edit.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None) -> FirstRunChoice | None:
        """Show the dialog and return the user's choice, or None if they closed it."""
        dialog = cls(parent)
        dialog.exec()
        return dialog.choice

    @Slot()
    def _on_setup_clicked(self) -> None:
        from app.errors import ValidationError
        from app.site import validate_setup

        setup = SiteSetup(self.name_edit.text(), str(self.level_combo.currentData()), self.code_edit.text())
        try:
            setup = validate_setup(setup)
        except ValidationError as exc:
            self.error_label.setText(exc.message(error_language()))
            self.error_label.show()
            return
        self.choice = FirstRunChoice("setup", setup)
        self.accept()

    @Slot()
    def _on_demo_clicked(self) -> None:
        self.choice = FirstRunChoice("demo")
        self.accept()
