"""The pages behind the navigation. Pages whose screens come later say what they will hold, nothing more."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ui.i18n import LANGUAGES, set_ui_language, ui_language

# (key, navigation title, what the page is for); keys match the glossary's code names.
PAGES = (
    (
        "members",
        QT_TRANSLATE_NOOP("Pages", "Member roll"),
        QT_TRANSLATE_NOOP("Pages", "Register, find, import and export the association's members."),
    ),
    (
        "households",
        QT_TRANSLATE_NOOP("Pages", "Liaison households"),
        QT_TRANSLATE_NOOP("Pages", "The households each member keeps in touch with, and the contact log."),
    ),
    (
        "families",
        QT_TRANSLATE_NOOP("Pages", "Special families"),
        QT_TRANSLATE_NOOP("Pages", "Bereaved and disabled-child families, their visits and the yearly five-ones."),
    ),
    (
        "volunteers",
        QT_TRANSLATE_NOOP("Pages", "Volunteers"),
        QT_TRANSLATE_NOOP("Pages", "Volunteer teams, their members and their service hours."),
    ),
    (
        "sync",
        QT_TRANSLATE_NOOP("Pages", "Sync"),
        QT_TRANSLATE_NOOP(
            "Pages", "Export this office's signed, encrypted package; import packages from the offices below."
        ),
    ),
    (
        "reports",
        QT_TRANSLATE_NOOP("Pages", "Reports"),
        QT_TRANSLATE_NOOP("Pages", "Statistics and printable registers."),
    ),
    ("settings", QT_TRANSLATE_NOOP("Pages", "Settings"), ""),
)


class ComingPage(QWidget):
    """A page whose screens are not built yet: its title and what it will be for."""

    def __init__(self, title: str, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(purpose + "\n\n" + self.tr("This part of FPA Desk is being built."))
        body.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)


class SettingsPage(QWidget):
    """Interface language and where this office's files are."""

    sig_language_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("<h2>" + self.tr("Settings") + "</h2>")
        self.language_combo = QComboBox()
        names = {"zh_CN": "简体中文", "en": "English"}
        for code in LANGUAGES:
            self.language_combo.addItem(names[code], code)
        self.language_combo.setCurrentIndex(LANGUAGES.index(ui_language()))
        self.language_combo.currentIndexChanged.connect(self._on_language_combo_changed)
        self.restart_note = QLabel()
        from ui.idle import MAX_IDLE_MINUTES, MIN_IDLE_MINUTES, idle_minutes

        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.idle_spin.setSuffix(self.tr(" min"))
        self.idle_spin.setValue(idle_minutes())
        self.idle_spin.valueChanged.connect(self._on_idle_spin_changed)
        self.database_label = QLabel()
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label = QLabel()
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Interface &language:"), self.language_combo)
        form.addRow("", self.restart_note)
        form.addRow(self.tr("&Lock after no use for:"), self.idle_spin)
        form.addRow(self.tr("Database:"), self.database_label)
        form.addRow(self.tr("Log folder:"), self.log_label)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addStretch(1)

    def show_paths(self, database: str, logs: str) -> None:
        self.database_label.setText(database)
        self.log_label.setText(logs)

    @Slot(int)
    def _on_idle_spin_changed(self, minutes: int) -> None:
        from ui.idle import set_idle_minutes

        set_idle_minutes(minutes)  # the next idle period uses it

    @Slot(int)
    def _on_language_combo_changed(self, index: int) -> None:
        language = str(self.language_combo.itemData(index))
        set_ui_language(language)
        # Said in the chosen language, since that is the one the user can read.
        self.restart_note.setText("重新启动后生效。" if language == "zh_CN" else "Takes effect when FPA Desk restarts.")
        self.sig_language_changed.emit(language)
