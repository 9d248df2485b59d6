"""The special-family form (计生特殊家庭登记): a family, its people, liaisons, consent and insurance, checked as typed.

The checks are the registry's own (`app.families.registry.check_family`): an error is shown next to its field, marks
its tab and keeps Save disabled; whether the family qualifies for special assistance and whether its separate consent
is recorded are warnings in a panel that stays in sight and never block (saving asks once).

Privacy (design.md): an existing family opens as `view_family` shows it to the user: ID numbers and phones masked, and
for clerks and volunteers the health and bereavement details too. A masked field is read-only, and saving never writes
the mask back: the stored values of the fields the user could not see are read again in the save's own unit of work.
Admins and county staff may show everything for a reason, which the service audits. County staff, volunteers and
records imported from another office only read the family here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.members.fields import SEX_LABELS, label
from ui.errors import report_error
from ui.i18n import error_language
from ui.operations import Operation
from ui.record_picker import Choice, RecordPicker

if TYPE_CHECKING:
    from app.accounts.users import Actor
    from app.database import Database
    from app.errors import FpaError
    from app.families.access import FamilyView
    from app.families.insurance import Policy
    from app.families.registry import FamilyInput, PersonInput
    from app.members.checks import Problem
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress

# Long enough to wait for the next key of a fast typist, short enough to feel immediate.
CHECK_DELAY_MS = 150
ERROR_COLOUR = "#b00020"
WARNING_COLOUR = "#9a5800"
ROLES = ("father", "mother", "child")
# Text fields of each person (sex, disability category and grade are combo boxes).
PERSON_TEXT_FIELDS = ("name", "id_number", "birth_date", "phone", "health", "disabled_on", "deceased_on")
PERSON_DATE_FIELDS = ("birth_date", "disabled_on", "deceased_on")
# Masked for everyone until revealed (view_family): the people's and the liaisons' numbers.
NUMBER_FIELDS = ("id_number", "phone")
LIAISON_PHONES = ("township_liaison_phone", "village_liaison_phone")
# `view_family` reveals to these roles only (it refuses everyone else, although clerks may reveal members' numbers).
FAMILY_REVEALERS = ("admin", "county")
NO_YEAR = 1989  # the "since" box's "not given" value, shown as "—"; special assistance began in 2004
# Suggestions only: both are free text of the office's own words (glossary.md: "the office wins").
LIVING_ARRANGEMENTS = ("夫妻同住", "独居", "与亲属同住", "入住养老机构")
DISABILITY_CATEGORIES = ("视力", "听力", "言语", "肢体", "智力", "精神", "多重")
HIDDEN = "hidden"  # the data of a disability-grade item that stands for a masked grade
FAMILY_TAB, PEOPLE_TAB, LIAISONS_TAB, CONSENT_TAB, INSURANCE_TAB = range(5)


@dataclass(frozen=True)
class _Loaded:
    """What the form reads when it opens (and again after the family was anonymised)."""

    villages: list[tuple[str, str]]
    view: FamilyView | None = None
    policies: list[Policy] = field(default_factory=list)
    locked: FpaError | None = None  # why this user may not change the family; None: they may
    links: dict[str, str] = field(default_factory=dict)  # the linked household's and members' lines, by id


def _date_text(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _line_of(combo: QComboBox) -> QLineEdit:
    """The text box of an editable combo box."""
    edit = combo.lineEdit()
    assert edit is not None, "only for editable combo boxes"
    return edit


class _CloseDialog(QDialog):
    """Asks the date and the reason for closing a family's care."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Close the case"))
        self.setMinimumWidth(440)
        today = QDate.currentDate()
        self.date_edit = QDateEdit(today)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(today)
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setPlaceholderText(self.tr("e.g. moved away, both parents died, no longer eligible"))
        form = QFormLayout()
        form.addRow(self.tr("&Date:"), self.date_edit)
        form.addRow(self.tr("&Reason:"), self.reason_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Close the case"))
        self.ok_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[date, str] | None:
        """The closing date and reason, or None if the user cancelled."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        on: date = dialog.date_edit.date().toPython()  # type: ignore[assignment]  # a QDate gives a date
        return on, dialog.reason_edit.text().strip()


class FamilyFormDialog(QDialog):
    """Records a special family (family_id None) or shows and edits one; Save stays disabled while a field has an error.

    `sig_family_changed` carries the family's id whenever something was written: the family saved, insurance added or
    removed, the case closed, the family anonymised. `saved_id` is then that id too, so that `ask` tells the caller
    to refresh its list even when the user closed the form with Cancel afterwards.
    """

    sig_family_changed = Signal(str)

    def __init__(
        self, office: Office, runner: OperationRunner, family_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.office = office
        self.db: Database = office.db
        self.actor: Actor = office.actor
        self.runner = runner
        self.family_id = family_id
        self.saved_id: str | None = None
        self.problems: list[Problem] = []
        # True while the form shows `view_family`'s masked values (an existing family until revealed).
        self.masked = family_id is not None
        self.read_only = False
        self._lang = error_language()
        self._loaded: dict[str, Any] = {}
        self._hidden: set[str] = set()  # fields shown masked: read-only, and their stored values kept on save
        self._locked_note = ""
        self._loading = True
        self._saving = False
        self._busy = False  # an action other than saving (reveal, close, insurance, copy, anonymise) is under way
        self._first_load = True
        self._touched: set[str] = set()
        self._show_all = family_id is not None
        self._snapshot: tuple[object, ...] = ()
        self._consent: tuple[date, str, str] | None = None  # the consent as typed, when complete and valid
        self._policies: list[Policy] = []
        self.setWindowTitle(self.tr("Special family") if family_id else self.tr("New special family"))

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._on_check_timer_timeout)

        # Every input, with the key of the field it edits: change tracking, read-only state, "anything typed?".
        self._watched: list[tuple[str, QWidget]] = []
        self.problem_labels: dict[str, QLabel] = {}
        self._field_widgets: dict[int, QWidget] = {}  # id(problem label) -> the field it sits under
        self._tab_of: dict[str, int] = {}

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_family_tab(), self.tr("&Family"))
        self.tabs.addTab(self._build_people_tab(), self.tr("&People"))
        self.tabs.addTab(self._build_liaisons_tab(), self.tr("&Liaisons"))
        self.tabs.addTab(self._build_consent_tab(), self.tr("C&onsent"))
        self.tabs.addTab(self._build_insurance_tab(), self.tr("&Insurance"))
        self.tabs.currentChanged.connect(lambda _index: self._show_problems())

        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setObjectName("family_note")
        self.note_label.setStyleSheet("QLabel#family_note { background: #e8f0fe; padding: 6px; border-radius: 3px; }")
        self.note_label.hide()
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setTextFormat(Qt.TextFormat.RichText)
        self.warning_frame = QFrame()
        self.warning_frame.setObjectName("family_warnings")
        self.warning_frame.setStyleSheet(
            "QFrame#family_warnings { background: #fff4e5; border: 1px solid #f0c36d; border-radius: 3px; }"
        )
        warning_layout = QVBoxLayout(self.warning_frame)
        warning_layout.setContentsMargins(8, 6, 8, 6)
        warning_layout.addWidget(self.warning_label)
        self.warning_frame.hide()

        self.reveal_button = QPushButton(self.tr("Sho&w full details…"))
        self.reveal_button.setToolTip(self.tr("ID numbers, phones and health details are masked; showing them asks "
                                              "for a reason, which is kept in the audit log"))  # fmt: skip
        self.reveal_button.clicked.connect(self._on_reveal_button_clicked)
        self.close_case_button = QPushButton(self.tr("Clos&e the case…"))
        self.close_case_button.clicked.connect(self._on_close_case_button_clicked)
        self.copy_button = QPushButton(self.tr("Give the family a cop&y of its data…"))
        self.copy_button.setToolTip(self.tr("Write everything the office holds on this family to a workbook for them"))
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.anonymise_button = QPushButton(self.tr("A&nonymise…"))
        self.anonymise_button.setToolTip(self.tr("Remove who the family's people are; the counts of care stay"))
        self.anonymise_button.clicked.connect(self._on_anonymise_button_clicked)
        for button in (self.reveal_button, self.close_case_button, self.copy_button, self.anonymise_button):
            button.setAutoDefault(False)
            button.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setToolTip(self.tr("Save (Ctrl+S or Ctrl+Enter)"))
        # Return inside a field never saves a half-typed family: saving is Ctrl+S, Ctrl+Return or the button.
        self.save_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self.save_shortcuts = [
            QShortcut(QKeySequence(keys), self)
            for keys in (QKeySequence.StandardKey.Save, "Ctrl+Return", "Ctrl+Enter")
        ]  # fmt: skip
        for shortcut in self.save_shortcuts:
            shortcut.activated.connect(self._on_save_button_clicked)

        actions = QHBoxLayout()
        for button in (self.reveal_button, self.close_case_button, self.copy_button, self.anonymise_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.buttons)

        self.setStyleSheet(
            'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] { background: #f0f0f0; color: #555; }'
        )
        layout = QVBoxLayout(self)
        # The dialog grows when problem lines appear, so that no sentence is cut off.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.note_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.warning_frame)
        layout.addLayout(actions)

        self.tabs.setEnabled(family_id is None)
        self._update_buttons()
        self.category_boxes["child_deceased"].setFocus()
        self._load()

    @classmethod
    def ask(
        cls, office: Office, runner: OperationRunner, family_id: str | None = None, parent: QWidget | None = None
    ) -> str | None:
        """Show the form; the family's id if anything was saved or changed, None if nothing was."""
        dialog = cls(office, runner, family_id, parent)
        dialog.exec()
        return dialog.saved_id

    # Building -------------------------------------------------------------------------------------------------

    def _watch(self, key: str, widget: QWidget) -> None:
        """Track `widget` as the input of field `key`: edits re-run the check."""
        self._watched.append((key, widget))

        def edited(*_args: object) -> None:
            self._on_field_edited(key)

        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            widget.textChanged.connect(edited)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(edited)
            if widget.isEditable():
                widget.editTextChanged.connect(edited)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(edited)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(edited)

    def _problem_label(self, keys: tuple[str, ...], tab: int, under: QWidget) -> QLabel:
        problem = QLabel()
        problem.setObjectName(f"problem_{keys[0]}")
        problem.setWordWrap(True)
        problem.setTextFormat(Qt.TextFormat.RichText)
        problem.hide()
        for key in keys:
            self.problem_labels[key] = problem
            self._tab_of[key] = tab
        self._field_widgets[id(problem)] = under
        return problem

    def _cell(self, widget: QWidget, keys: tuple[str, ...], tab: int) -> QWidget:
        """`widget` with the line below it where the problems of `keys` appear."""
        cell = QWidget()
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.setSpacing(2)
        cell_layout.addWidget(widget)
        cell_layout.addWidget(self._problem_label(keys, tab, widget))
        return cell

    def _add_row(
        self,
        form: QFormLayout,
        keys: tuple[str, ...],
        text: str,
        widget: QWidget,
        tab: int,
        buddy: QWidget | None = None,
    ) -> None:
        row_label = QLabel(text)
        row_label.setBuddy(buddy or widget)
        form.addRow(row_label, self._cell(widget, keys, tab))

    def _line_edit(self, key: str, max_length: int, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(max_length)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        self._watch(key, edit)
        return edit

    def _text_box(self, key: str, lines: int) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setTabChangesFocus(True)
        box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
        self._watch(key, box)
        return box

    def _picker(self, key: str, search: Callable[[str], Sequence[Choice]], placeholder: str) -> RecordPicker:
        picker = RecordPicker(self.runner, search, placeholder)
        self._watch(key, picker.edit)
        return picker

    def _find_households(self, text: str) -> Sequence[Choice]:
        """Runs on the worker."""
        from app.families.links import household_choices

        with self.db.unit_of_work() as session:
            return household_choices(session, self.actor, text)

    def _find_members(self, text: str) -> Sequence[Choice]:
        """Runs on the worker."""
        from app.families.links import member_choices

        with self.db.unit_of_work() as session:
            return member_choices(session, self.actor, text)

    def _build_family_tab(self) -> QWidget:
        from app.families.labels import ASSISTANCE_LABELS, CATEGORY_LABELS

        lang = self._lang
        self.category_boxes: dict[str, QCheckBox] = {}
        categories = QWidget()
        categories_layout = QHBoxLayout(categories)
        categories_layout.setContentsMargins(0, 0, 0, 0)
        for code in CATEGORY_LABELS:
            box = QCheckBox(label(CATEGORY_LABELS, code, lang))
            self.category_boxes[code] = box
            categories_layout.addWidget(box)
            self._watch("categories", box)
        categories_layout.addStretch(1)
        self.village_combo = QComboBox()
        self.village_combo.addItem(self.tr("(none)"), None)
        self._watch("village_code", self.village_combo)
        self.address_edit = self._line_edit("address", 200)
        self.living_combo = QComboBox()
        self.living_combo.setEditable(True)
        self.living_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.living_combo.addItems(["", *LIVING_ARRANGEMENTS])
        _line_of(self.living_combo).setMaxLength(30)
        self._watch("living_arrangement", self.living_combo)
        self.assistance_combo = QComboBox()
        for code in ASSISTANCE_LABELS:
            self.assistance_combo.addItem(label(ASSISTANCE_LABELS, code, lang), code)
        self._watch("assistance_status", self.assistance_combo)
        self.since_spin = QSpinBox()
        self.since_spin.setRange(NO_YEAR, date.today().year)
        self.since_spin.setSpecialValueText("—")
        self.since_spin.setValue(NO_YEAR)
        self.since_spin.setToolTip(self.tr("The year the special assistance started"))
        self._watch("assistance_since", self.since_spin)
        assistance = QWidget()
        assistance_layout = QHBoxLayout(assistance)
        assistance_layout.setContentsMargins(0, 0, 0, 0)
        assistance_layout.addWidget(self.assistance_combo, 1)
        since_label = QLabel(self.tr("since year:"))
        since_label.setBuddy(self.since_spin)
        assistance_layout.addWidget(since_label)
        assistance_layout.addWidget(self.since_spin)
        self.doctor_box = QCheckBox(self.tr("&Has a family-doctor contract"))
        self._watch("doctor_contract", self.doctor_box)
        self.doctor_date_edit = self._line_edit("doctor_contract_on", 20, self.tr("e.g. 2024-03-01"))
        doctor = QWidget()
        doctor_layout = QHBoxLayout(doctor)
        doctor_layout.setContentsMargins(0, 0, 0, 0)
        doctor_layout.addWidget(self.doctor_box)
        doctor_date_label = QLabel(self.tr("signed on:"))
        doctor_date_label.setBuddy(self.doctor_date_edit)
        doctor_layout.addWidget(doctor_date_label)
        doctor_layout.addWidget(self.doctor_date_edit, 1)
        self.priority_box = QCheckBox(self.tr("Has &priority medical care (就医绿色通道)"))
        self._watch("priority_care", self.priority_box)
        self.household_picker = self._picker("household_id", self._find_households,
                                             self.tr("Type the head's name or the address"))  # fmt: skip
        self.needs_edit = self._text_box("needs", 3)
        self.notes_edit = self._text_box("notes", 3)

        form = QFormLayout()
        self._add_row(form, ("categories",), self.tr("Cate&gory:"), categories, FAMILY_TAB,
                      buddy=self.category_boxes["child_deceased"])  # fmt: skip
        self._add_row(form, ("village_code",), self.tr("&Village:"), self.village_combo, FAMILY_TAB)
        self._add_row(form, ("address",), self.tr("&Address:"), self.address_edit, FAMILY_TAB)
        self._add_row(form, ("living_arrangement",), self.tr("Living a&rrangement:"), self.living_combo, FAMILY_TAB)
        self._add_row(form, ("assistance_status", "assistance_since"), self.tr("Spe&cial assistance:"), assistance,
                      FAMILY_TAB, buddy=self.assistance_combo)  # fmt: skip
        self._add_row(form, ("doctor_contract", "doctor_contract_on"), self.tr("Family doctor:"), doctor, FAMILY_TAB,
                      buddy=self.doctor_box)  # fmt: skip
        self._add_row(form, ("priority_care",), "", self.priority_box, FAMILY_TAB)
        self._add_row(form, ("household_id",), self.tr("Liaison &household:"), self.household_picker, FAMILY_TAB,
                      buddy=self.household_picker.edit)  # fmt: skip
        self._add_row(form, ("needs",), self.tr("Nee&ds:"), self.needs_edit, FAMILY_TAB)
        self._add_row(form, ("notes",), self.tr("No&tes:"), self.notes_edit, FAMILY_TAB)
        page = QWidget()
        page.setLayout(form)
        return page

    def _build_people_tab(self) -> QWidget:
        from app.families.labels import ROLE_LABELS

        lang = self._lang
        self.person_boxes: dict[str, QCheckBox] = {}
        self.person_edits: dict[str, dict[str, QLineEdit]] = {}
        self.sex_combos: dict[str, QComboBox] = {}
        self.disability_combos: dict[str, QComboBox] = {}
        self.grade_combos: dict[str, QComboBox] = {}
        self.member_pickers: dict[str, RecordPicker] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        row_titles = [
            ("name", self.tr("Name:")),
            ("sex", self.tr("Sex:")),
            ("id_number", self.tr("ID number:")),
            ("birth_date", self.tr("Date of birth:")),
            ("phone", self.tr("Phone:")),
            ("health", self.tr("Health:")),
            ("disability_category", self.tr("Disability:")),
            ("disability_grade", self.tr("Disability grade:")),
            ("disabled_on", self.tr("Disabled since:")),
            ("deceased_on", self.tr("Date of death:")),
            ("member_id", self.tr("Member:")),
        ]
        # As high as a field, so that each title sits level with its field and not with the problem line below it.
        field_height = QLineEdit().sizeHint().height()
        for row, (_key, title) in enumerate(row_titles, 1):
            row_label = QLabel(title)
            row_label.setMinimumHeight(field_height)
            row_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(row_label, row, 0, Qt.AlignmentFlag.AlignTop)
        date_hint = self.tr("e.g. 2020-08-15")
        # Column by column, so that Tab goes through one person before the next.
        for column, role in enumerate(ROLES, 1):
            box = QCheckBox(label(ROLE_LABELS, role, lang))
            box.setChecked(True)
            box.setStyleSheet("QCheckBox { font-weight: bold; }")
            box.setToolTip(self.tr("Untick to leave this person out of the family's record"))
            box.toggled.connect(lambda _checked: self._apply_editable())
            self._watch(role, box)
            self.person_boxes[role] = box
            grid.addWidget(box, 0, column)
            edits = {
                "name": self._line_edit(f"{role}.name", 50),
                "id_number": self._line_edit(f"{role}.id_number", 20, self.tr("18 characters")),
                "birth_date": self._line_edit(f"{role}.birth_date", 20, date_hint),
                "phone": self._line_edit(f"{role}.phone", 30),
                "health": self._line_edit(f"{role}.health", 100),
                "disabled_on": self._line_edit(f"{role}.disabled_on", 20, date_hint),
                "deceased_on": self._line_edit(f"{role}.deceased_on", 20, date_hint),
            }
            self.person_edits[role] = edits
            sex = QComboBox()
            sex.addItem("", None)
            for code in SEX_LABELS:
                sex.addItem(label(SEX_LABELS, code, lang), code)
            self.sex_combos[role] = sex
            disability = QComboBox()
            disability.setEditable(True)
            disability.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            disability.addItems(["", *DISABILITY_CATEGORIES])
            _line_of(disability).setMaxLength(20)
            self.disability_combos[role] = disability
            grade = QComboBox()
            grade.addItem("", None)
            for n in (1, 2, 3, 4):
                grade.addItem(self.tr("Grade {grade}").format(grade=n), n)
            self.grade_combos[role] = grade
            self.member_pickers[role] = self._picker(f"{role}.member_id", self._find_members,
                                                     self.tr("The member's name, if they are one"))  # fmt: skip
            widgets: dict[str, QWidget] = {**edits, "sex": sex, "disability_category": disability,
                                           "disability_grade": grade,
                                           "member_id": self.member_pickers[role]}  # fmt: skip
            for row, (key, _title) in enumerate(row_titles, 1):
                widget = widgets[key]
                if key in ("sex", "disability_category", "disability_grade"):
                    self._watch(f"{role}.{key}", widget)
                grid.addWidget(
                    self._cell(widget, (f"{role}.{key}",), PEOPLE_TAB), row, column, Qt.AlignmentFlag.AlignTop
                )
            # Wide enough for an 18-character ID number and a problem sentence on two lines; three people side by
            # side still fit a 1366x768 screen.
            grid.setColumnMinimumWidth(column, edits["id_number"].fontMetrics().horizontalAdvance("0" * 30))
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(len(row_titles) + 1, 1)
        page = QWidget()
        page.setLayout(grid)
        return page

    def _build_liaisons_tab(self) -> QWidget:
        self.liaison_edits = {
            "township_liaison_name": self._line_edit("township_liaison_name", 50),
            "township_liaison_phone": self._line_edit("township_liaison_phone", 30),
            "village_liaison_name": self._line_edit("village_liaison_name", 50),
            "village_liaison_phone": self._line_edit("village_liaison_phone", 30),
        }
        hint = QLabel(self.tr("Every special family has two liaisons (双岗联系人): a township cadre and a village "
                              "cadre, a member, doctor or volunteer of the village."))  # fmt: skip
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(hint)
        edits = self.liaison_edits
        self._add_row(form, ("township_liaison_name",), self.tr("&Township cadre:"), edits["township_liaison_name"],
                      LIAISONS_TAB)  # fmt: skip
        self._add_row(form, ("township_liaison_phone",), self.tr("Township cadre's p&hone:"),
                      edits["township_liaison_phone"], LIAISONS_TAB)  # fmt: skip
        self._add_row(form, ("village_liaison_name",), self.tr("&Village cadre:"), edits["village_liaison_name"],
                      LIAISONS_TAB)  # fmt: skip
        self._add_row(form, ("village_liaison_phone",), self.tr("Villa&ge cadre's phone:"),
                      edits["village_liaison_phone"], LIAISONS_TAB)  # fmt: skip
        page = QWidget()
        page.setLayout(form)
        return page

    def _build_consent_tab(self) -> QWidget:
        self.consent_date_edit = self._line_edit("consent_on", 20, self.tr("e.g. 2025-01-05"))
        self.consent_scope_edit = self._line_edit("consent_scope", 200, self.tr("e.g. care records and visit logs"))
        self.consent_signer_edit = self._line_edit("consent_signer", 50)
        hint = QLabel(self.tr("Health, disability and bereavement are sensitive personal information: the family's "
                              "separate written consent is needed to keep them. Record when it was signed, what it "
                              "covers and who signed it."))  # fmt: skip
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(hint)
        self._add_row(form, ("consent_on",), self.tr("&Date signed:"), self.consent_date_edit, CONSENT_TAB)
        self._add_row(form, ("consent_scope",), self.tr("&Covers:"), self.consent_scope_edit, CONSENT_TAB)
        self._add_row(form, ("consent_signer",), self.tr("Signed &by:"), self.consent_signer_edit, CONSENT_TAB)
        page = QWidget()
        page.setLayout(form)
        return page

    def _build_insurance_tab(self) -> QWidget:
        from app.families.labels import INSURANCE_LABELS

        self.policy_table = QTableWidget(0, 4)
        self.policy_table.setHorizontalHeaderLabels([self.tr("Year"), self.tr("Kind"), self.tr("Insurer"),
                                                     self.tr("Premium (yuan)")])  # fmt: skip
        self.policy_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.policy_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.policy_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.policy_table.verticalHeader().hide()
        header = self.policy_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.policy_year_spin = QSpinBox()
        self.policy_year_spin.setRange(2000, date.today().year + 1)
        self.policy_year_spin.setValue(date.today().year)
        self.policy_kind_combo = QComboBox()
        self.policy_kind_combo.setEditable(True)
        self.policy_kind_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code in INSURANCE_LABELS:
            self.policy_kind_combo.addItem(label(INSURANCE_LABELS, code, self._lang), code)
        _line_of(self.policy_kind_combo).setMaxLength(40)
        self.policy_kind_combo.setCurrentIndex(-1)
        _line_of(self.policy_kind_combo).setPlaceholderText(self.tr("Kind of insurance"))
        self.policy_insurer_edit = QLineEdit()
        self.policy_insurer_edit.setMaxLength(100)
        self.policy_insurer_edit.setPlaceholderText(self.tr("Insurer"))
        self.policy_premium_edit = QLineEdit()
        self.policy_premium_edit.setMaxLength(12)
        self.policy_premium_edit.setPlaceholderText(self.tr("Premium"))
        self.add_policy_button = QPushButton(self.tr("A&dd policy"))
        self.add_policy_button.setAutoDefault(False)
        self.add_policy_button.clicked.connect(self._on_add_policy_button_clicked)
        self.remove_policy_button = QPushButton(self.tr("&Remove policy…"))
        self.remove_policy_button.setAutoDefault(False)
        self.remove_policy_button.clicked.connect(self._on_remove_policy_button_clicked)
        self.policy_table.itemSelectionChanged.connect(self._update_buttons)
        for edit in (self.policy_insurer_edit, self.policy_premium_edit):
            edit.returnPressed.connect(self._on_add_policy_button_clicked)
        self.insurance_note = QLabel(self.tr("Save the family first: insurance is recorded for a saved family."))
        self.insurance_note.setWordWrap(True)
        adding = QHBoxLayout()
        year_label = QLabel(self.tr("Ye&ar:"))
        year_label.setBuddy(self.policy_year_spin)
        adding.addWidget(year_label)
        adding.addWidget(self.policy_year_spin)
        adding.addWidget(self.policy_kind_combo, 2)
        adding.addWidget(self.policy_insurer_edit, 2)
        adding.addWidget(self.policy_premium_edit, 1)
        adding.addWidget(self.add_policy_button)
        self.policy_editor = QWidget()
        editor_layout = QVBoxLayout(self.policy_editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(adding)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_policy_button)
        editor_layout.addLayout(remove_row)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.insurance_note)
        layout.addWidget(self.policy_table, 1)
        layout.addWidget(self.policy_editor)
        return page

    # Loading --------------------------------------------------------------------------------------------------

    def _load(self) -> None:
        db, actor, family_id = self.db, self.actor, self.family_id

        def work(_progress: QtProgress) -> _Loaded:
            from app.accounts.users import EDITORS, require_role
            from app.errors import AccessDenied
            from app.families.access import own_family, view_family
            from app.families.insurance import insurance_of
            from app.families.links import link_texts
            from app.site import region_names

            with db.unit_of_work() as session:
                villages = region_names(session, level="village")
                if family_id is None:
                    require_role(actor, *EDITORS)  # volunteers and county staff record no families
                    return _Loaded(villages)
                view = view_family(session, actor, family_id)
                policies = insurance_of(session, actor, family_id)
                links = link_texts(session, actor, view.family.get("household_id"),
                                   [p["member_id"] for p in view.people if p.get("member_id")])  # fmt: skip
                try:
                    own_family(session, actor, family_id)
                except AccessDenied as exc:  # county, volunteer, or a record another office owns
                    return _Loaded(villages, view, policies, exc, links)
                return _Loaded(villages, view, policies, None, links)

        self._loading = True
        self._update_buttons()
        self.runner.run(
            Operation(
                work=work,
                success=self._on_loaded,
                failure=self._on_load_failed,
                label=self.tr("Opening the family…"),
                cancellable=False,
            )
        )

    def _on_loaded(self, loaded: _Loaded) -> None:
        if self._first_load:
            self.village_combo.blockSignals(True)
            for code, name in loaded.villages:
                self.village_combo.addItem(f"{name}（{code}）", code)
            if len(loaded.villages) == 1 and loaded.view is None:  # a village office: its own village, already chosen
                self.village_combo.setCurrentIndex(1)
            self.village_combo.blockSignals(False)
        first_load, self._first_load = self._first_load, False
        if loaded.view is not None:
            self._fill(loaded.view, loaded.links)
            self.show_policies(loaded.policies)
            self._set_locked(loaded.locked)
        self._loading = False
        self.tabs.setEnabled(True)
        self._apply_editable()
        if first_load:  # the fields were disabled while loading: start at the top, as a form is read
            first = self.category_boxes["child_deceased"]
            (first if first.isEnabled() else self.tabs).setFocus()
        self.run_check()
        self._snapshot = self._form_state()
        self._update_buttons()

    def _on_load_failed(self, error: BaseException) -> None:
        report_error(self, error)
        self._loading = False
        self.done(QDialog.DialogCode.Rejected)

    def _set_locked(self, locked: FpaError | None) -> None:
        """Read-only for county staff, volunteers and records owned by another office, with a note saying why."""
        self.read_only = locked is not None
        role = self.actor.role
        if locked is None:
            self._locked_note = ""
        elif role == "county":
            self._locked_note = self.tr("County staff read the families here; the office that keeps a family "
                                        "changes it.")  # fmt: skip
        elif role == "volunteer":
            self._locked_note = self.tr("Volunteers read the families paired with them; the office changes them.")
        else:
            self._locked_note = locked.message(self._lang)
        if self._loaded.get("anonymised_on"):
            self.read_only = True
        self._update_note()

    def _update_note(self) -> None:
        notes: list[str] = []
        loaded = self._loaded
        if loaded.get("anonymised_on"):
            text = self.tr("This family was anonymised on {date}: the record keeps the counts of its care, not who "
                           "they were.")  # fmt: skip
            notes.append(text.format(date=_date_text(loaded["anonymised_on"])))
        elif self._locked_note:
            notes.append(self._locked_note)
        if loaded.get("closed_on"):
            text = self.tr("The case was closed on {date}: {reason}")
            notes.append(text.format(date=_date_text(loaded["closed_on"]), reason=loaded.get("closed_reason") or ""))
        self.note_label.setText("\n".join(notes))
        self.note_label.setVisible(bool(notes))

    def _fill(self, view: FamilyView, links: dict[str, str]) -> None:
        """Show the family as the service gave it; masked values are remembered as hidden and made read-only.

        `links` names the linked household and members by their ids.
        """
        from app.families.access import MASK, SENSITIVE_PERSON_FIELDS

        values = view.family
        self._loaded = dict(values)
        self.masked = view.masked
        hidden: set[str] = set()
        self._loading = True  # no check per field while filling
        names = [p["name"] for role in ("mother", "father", "child") for p in view.people if p["role"] == role]
        if names:
            self.setWindowTitle(self.tr("Special family: {names}").format(names="、".join(names[:2])))
        for code, box in self.category_boxes.items():
            box.setChecked(code in (values.get("categories") or []))
        village = values.get("village_code")
        if village and self.village_combo.findData(village) < 0:
            self.village_combo.addItem(str(village), village)  # a code the region table does not list
        self.village_combo.setCurrentIndex(max(0, self.village_combo.findData(village)))
        self.address_edit.setText(values.get("address") or "")
        self.living_combo.setEditText(values.get("living_arrangement") or "")
        status = values.get("assistance_status") or "none"
        if self.assistance_combo.findData(status) < 0:
            self.assistance_combo.addItem(status, status)
        self.assistance_combo.setCurrentIndex(self.assistance_combo.findData(status))
        self.since_spin.setValue(values.get("assistance_since") or NO_YEAR)
        self.doctor_box.setChecked(bool(values.get("doctor_contract")))
        self.doctor_date_edit.setText(_date_text(values.get("doctor_contract_on")))
        self.priority_box.setChecked(bool(values.get("priority_care")))
        household = values.get("household_id")
        self.household_picker.set_record(household, links.get(household, "") if household else "")
        self.needs_edit.setPlainText(values.get("needs") or "")
        if values.get("needs") == MASK:
            hidden.add("needs")
        self.notes_edit.setPlainText(values.get("notes") or "")
        for key, edit in self.liaison_edits.items():
            edit.setText(values.get(key) or "")
            if key in LIAISON_PHONES and view.masked and values.get(key):
                hidden.add(key)
        self.consent_date_edit.setText(_date_text(values.get("consent_on")))
        self.consent_scope_edit.setText(values.get("consent_scope") or "")
        self.consent_signer_edit.setText(values.get("consent_signer") or "")
        people = {p["role"]: p for p in view.people}
        for role in ROLES:
            person = people.get(role, {})
            self.person_boxes[role].setChecked(True)
            for key, edit in self.person_edits[role].items():
                edit.setText(_date_text(person.get(key)))
            self.sex_combos[role].setCurrentIndex(max(0, self.sex_combos[role].findData(person.get("sex"))))
            self.disability_combos[role].setEditText(str(person.get("disability_category") or ""))
            self._set_grade(role, person.get("disability_grade"))
            member = person.get("member_id")
            self.member_pickers[role].set_record(member, links.get(member, "") if member else "")
            for key in NUMBER_FIELDS:
                if view.masked and person.get(key):
                    hidden.add(f"{role}.{key}")
            for key in SENSITIVE_PERSON_FIELDS:
                if person.get(key) == MASK:
                    hidden.add(f"{role}.{key}")
        self._hidden = hidden
        self._loading = False

    def _set_grade(self, role: str, grade: object) -> None:
        from app.families.access import MASK

        combo = self.grade_combos[role]
        masked_item = combo.findData(HIDDEN)
        if grade == MASK:
            if masked_item < 0:
                combo.addItem(MASK, HIDDEN)
            combo.setCurrentIndex(combo.findData(HIDDEN))
            return
        if masked_item >= 0:
            combo.removeItem(masked_item)
        combo.setCurrentIndex(max(0, combo.findData(grade)))

    def _apply_editable(self) -> None:
        """Read-only where the user may not change a field: a read-only family, masked fields, people left out."""
        for key, widget in self._watched:
            role, dot, _name = key.partition(".")
            column_on = not dot or self.person_boxes[role].isChecked()
            editable = not self.read_only and key not in self._hidden
            masked_tip = self.tr("Masked to protect the family's privacy")
            if key in self._hidden:
                widget.setToolTip(masked_tip)
            elif widget.toolTip() == masked_tip:
                widget.setToolTip("")
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                if widget.isReadOnly() == editable:
                    widget.setReadOnly(not editable)
                    # The style sheet greys read-only boxes; a changed property needs the style applied again.
                    widget.style().unpolish(widget)
                    widget.style().polish(widget)
                widget.setEnabled(column_on)
            elif isinstance(widget, QAbstractSpinBox):
                widget.setReadOnly(not editable)
            else:
                widget.setEnabled(editable and column_on)
        self._update_buttons()

    def show_policies(self, policies: list[Policy]) -> None:
        """Fill the insurance list, newest year first."""
        from app.families.labels import INSURANCE_LABELS

        self._policies = list(policies)
        self.policy_table.setRowCount(len(policies))
        for row, policy in enumerate(policies):
            premium = "" if policy.premium is None else f"{policy.premium:g}"
            cells = (str(policy.year), label(INSURANCE_LABELS, policy.kind, self._lang), policy.insurer or "", premium)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, policy.id)
                self.policy_table.setItem(row, column, item)
        self._update_buttons()

    # Checking -------------------------------------------------------------------------------------------------

    def family_input(self) -> FamilyInput:
        """The form as `check_family` and the save read it; a masked field gives nothing (its stored value stays)."""
        from app.families.registry import FamilyInput

        categories = [code for code, box in self.category_boxes.items() if box.isChecked()]
        loaded_categories = list(self._loaded.get("categories") or [])
        if set(categories) == set(loaded_categories):
            categories = loaded_categories  # the stored order: no change to audit
        since = self.since_spin.value()
        values: dict[str, Any] = {
            "categories": categories,
            "people": [person for role in ROLES if (person := self._person_input(role)) is not None],
            "village_code": self.village_combo.currentData(),
            "address": self.address_edit.text(),
            "living_arrangement": self.living_combo.currentText(),
            "assistance_status": self.assistance_combo.currentData(),
            "assistance_since": None if since == NO_YEAR else since,
            "doctor_contract": self.doctor_box.isChecked(),
            "doctor_contract_on": self.doctor_date_edit.text() or None,
            "priority_care": self.priority_box.isChecked(),
            "needs": self.needs_edit.toPlainText(),
            "notes": self.notes_edit.toPlainText(),
            "household_id": self.household_picker.record_id(),
        }
        values.update({key: edit.text() for key, edit in self.liaison_edits.items()})
        for key in self._hidden:
            if "." not in key:
                values[key] = ""
        return FamilyInput(**values)

    def _person_input(self, role: str) -> PersonInput | None:
        """One person as typed; None when left out (unticked, or nothing typed and nothing stored)."""
        from app.families.registry import PersonInput

        if not self.person_boxes[role].isChecked():
            return None

        def text(key: str) -> str:
            return "" if f"{role}.{key}" in self._hidden else self.person_edits[role][key].text()

        grade = None if f"{role}.disability_grade" in self._hidden else self.grade_combos[role].currentData()
        disability = "" if f"{role}.disability_category" in self._hidden else self.disability_combos[role].currentText()
        sex = self.sex_combos[role].currentData()
        person = PersonInput(
            role=role, name=text("name"), sex=sex, id_number=text("id_number"), birth_date=text("birth_date") or None,
            phone=text("phone"), health=text("health"), disability_category=disability, disability_grade=grade,
            disabled_on=text("disabled_on") or None, deceased_on=text("deceased_on") or None,
            member_id=self.member_pickers[role].record_id(),
        )  # fmt: skip
        typed = any(text(key).strip() for key in PERSON_TEXT_FIELDS) or bool(sex or grade or disability.strip())
        if not typed and not any(key.startswith(f"{role}.") for key in self._hidden):
            return None
        return person

    def run_check(self) -> None:
        """Check the form now and show every problem: errors by their fields, warnings in the panel."""
        from app.families.registry import check_family

        self._check_timer.stop()
        checked = check_family(self.family_input())
        self._fill_from_id_numbers(checked.people, checked.problems)
        problems = [p for p in checked.problems if not self._depends_on_hidden(p)]
        problems += self._check_pickers()
        problems += self._check_consent()
        self.problems = problems
        self._show_problems()
        self._update_buttons()

    def _depends_on_hidden(self, problem: Problem) -> bool:
        """An eligibility warning about a field the user sees masked would be wrong (and would tell its value)."""
        needs = {"eligibility.death_date": "child.deceased_on", "eligibility.grade": "child.disability_grade"}
        return needs.get(problem.code) in self._hidden

    def _fill_from_id_numbers(self, people: list[dict[str, Any]], problems: list[Problem]) -> None:
        """A valid ID number says the birth date and sex: fill them in where the user left them empty."""
        wrong = {p.field for p in problems if p.severity == "error"}
        for person in people:
            role = person["role"]
            if f"{role}.id_number" in self._hidden or f"{role}.id_number" in wrong or not person.get("id_number"):
                continue
            birth = self.person_edits[role]["birth_date"]
            if not birth.text().strip() and person.get("birth_date"):
                birth.blockSignals(True)  # the check already used the value: no second check
                birth.setText(_date_text(person["birth_date"]))
                birth.blockSignals(False)
            sex = self.sex_combos[role]
            if sex.currentData() is None and person.get("sex"):
                sex.blockSignals(True)
                sex.setCurrentIndex(sex.findData(person["sex"]))
                sex.blockSignals(False)

    def _check_pickers(self) -> list[Problem]:
        """A name typed in a link box but not picked from its list links nothing: say so rather than drop it."""
        from app.members.checks import Problem

        pickers = {"household_id": self.household_picker}
        pickers.update({f"{role}.member_id": picker for role, picker in self.member_pickers.items()
                        if self.person_boxes[role].isChecked()})  # fmt: skip
        return [
            Problem(key, "error", "请从下拉列表中选择一项，或清空此框。",
                    "Pick one from the drop-down list, or clear the box.", "link.not_picked")
            for key, picker in pickers.items()
            if picker.pending()
        ]  # fmt: skip

    def _check_consent(self) -> list[Problem]:
        """The consent's date, scope and signer come together; without them every save warns."""
        from app.errors import ValidationError
        from app.families.access import NO_CONSENT_WARNING
        from app.members.checks import Problem
        from app.validation import parse_date

        self._consent = None
        on_text = self.consent_date_edit.text().strip()
        scope = " ".join(self.consent_scope_edit.text().split())
        signer = " ".join(self.consent_signer_edit.text().split())
        problems: list[Problem] = []
        if not (on_text or scope or signer):
            if self._loaded.get("consent_on"):
                problems.append(Problem("consent_on", "error", "已登记的同意不能在这里清空；同意撤回时请在备注中说明。",
                                        "A recorded consent cannot be cleared here; if it was withdrawn, say so in "
                                        "the notes.", "consent.cleared"))  # fmt: skip
            zh, en = NO_CONSENT_WARNING
            return [*problems, Problem("consent", "warning", zh, en, "consent.none")]
        on: date | None = None
        if not on_text:
            problems.append(Problem("consent_on", "error", "请填写签字日期。", "Give the date the consent was signed.",
                                    "consent.date_missing"))  # fmt: skip
        else:
            try:
                on = parse_date(on_text, allow_future=False)
            except ValidationError as exc:
                problems.append(Problem("consent_on", "error", exc.zh, exc.en, exc.code))
        if not scope:
            problems.append(Problem("consent_scope", "error", "请填写同意的范围。", "Give what the consent covers.",
                                    "consent.scope_missing"))  # fmt: skip
        if not signer:
            problems.append(Problem("consent_signer", "error", "请填写签字人。", "Give who signed the consent.",
                                    "consent.signer_missing"))  # fmt: skip
        if on is not None and scope and signer:
            self._consent = (on, scope, signer)
        return problems

    def _shows(self, problem: Problem) -> bool:
        """On a new form, a field's problems wait until the user has been there (the category's never waits).

        Fields that go together count as one: typing anything of a person (or of the consent) shows what else that
        person (or the consent) still needs, so that Save is never disabled without a visible reason.
        """
        if self._show_all or problem.field in ("categories", "eligibility", "consent"):
            return True
        return problem.field in self._touched or _group(problem.field) in {_group(key) for key in self._touched}

    def _show_problems(self) -> None:
        by_label: dict[int, list[str]] = {}
        panel: list[str] = []
        error_tabs: set[int] = set()
        for problem in self.problems:
            if not self._shows(problem):
                continue
            colour = ERROR_COLOUR if problem.severity == "error" else WARNING_COLOUR
            text = f'<span style="color:{colour}">{html.escape(problem.message(self._lang))}</span>'
            problem_label = self.problem_labels.get(problem.field)
            if problem_label is None:
                panel.append(f"• {text}")
            else:
                by_label.setdefault(id(problem_label), []).append(text)
            if problem.severity == "error":
                error_tabs.add(self._tab_of.get(problem.field, FAMILY_TAB))
        for problem_label in {id(lb): lb for lb in self.problem_labels.values()}.values():
            texts = by_label.get(id(problem_label))
            problem_label.setText("<br>".join(texts or []))
            problem_label.setVisible(bool(texts))
        warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for tab in range(self.tabs.count()):
            self.tabs.setTabIcon(tab, warning_icon if tab in error_tabs else QIcon())
        elsewhere = sorted(error_tabs - {self.tabs.currentIndex()})
        if elsewhere:
            separator = "、" if self._lang == "zh" else ", "
            tabs = separator.join(self.tabs.tabText(tab).replace("&", "") for tab in elsewhere)
            line = self.tr("Please correct the fields marked in red on: {tabs}").format(tabs=tabs)
            panel.insert(0, f'<span style="color:{ERROR_COLOUR}">{html.escape(line)}</span>')
        self.warning_label.setText("<br>".join(panel))
        self.warning_frame.setVisible(bool(panel))
        self._fit_problem_labels()

    def _fit_problem_labels(self) -> None:
        """Give each wrapped problem line the height it needs at its field's width (layouts underestimate it)."""
        for problem_label in self.problem_labels.values():
            width = self._field_widgets[id(problem_label)].width()
            if problem_label.text() and width > 0:
                problem_label.setMinimumHeight(problem_label.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_problem_labels()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The button box makes Save the default button as it is shown; Return in a field must not save the family.
        self.save_button.setDefault(False)

    def problem_text(self, key: str) -> str:
        """The problems shown under field `key`, as plain text (for tests and accessibility)."""
        problem_label = self.problem_labels[key]
        return "" if problem_label.isHidden() else _plain(problem_label.text())

    def warning_text(self) -> str:
        """The warning panel as plain text: eligibility, consent, and errors on other tabs."""
        return "" if self.warning_frame.isHidden() else _plain(self.warning_label.text())

    def _errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def _update_buttons(self) -> None:
        existing = self.family_id is not None and not self._loading
        idle = not self._loading and not self._saving and not self._busy
        role = self.actor.role
        own = existing and not self.read_only
        self.save_button.setVisible(not self.read_only)
        self.save_button.setEnabled(idle and not self.read_only and not self._errors())
        self.cancel_button.setText(self.tr("Close") if self.read_only else self.tr("Cancel"))
        self.reveal_button.setVisible(existing and self.masked and role in FAMILY_REVEALERS)
        self.close_case_button.setVisible(own and not self._loaded.get("closed_on"))
        self.copy_button.setVisible(existing and role == "admin")
        self.anonymise_button.setVisible(own and role == "admin")
        for button in (self.reveal_button, self.close_case_button, self.copy_button, self.anonymise_button):
            button.setEnabled(idle)
        self.insurance_note.setVisible(self.family_id is None)
        self.policy_editor.setVisible(self.family_id is not None and not self.read_only)
        self.add_policy_button.setEnabled(idle)
        self.remove_policy_button.setEnabled(idle and bool(self.policy_table.selectedItems()))

    def _on_field_edited(self, key: str) -> None:
        if self._loading:
            return
        self._touched.add(key)
        self._check_timer.start()

    @Slot()
    def _on_check_timer_timeout(self) -> None:
        self.run_check()

    def _form_state(self) -> tuple[object, ...]:
        """Everything typed, to tell whether closing would lose anything."""
        state: list[object] = []
        for _key, widget in self._watched:
            if isinstance(widget, QLineEdit):
                state.append(widget.text())
            elif isinstance(widget, QPlainTextEdit):
                state.append(widget.toPlainText())
            elif isinstance(widget, QComboBox):
                state.append(widget.currentText())
            elif isinstance(widget, QCheckBox):
                state.append(widget.isChecked())
            elif isinstance(widget, QSpinBox):
                state.append(widget.value())
        state += [self.policy_kind_combo.currentText(), self.policy_insurer_edit.text(),
                  self.policy_premium_edit.text()]  # fmt: skip
        return tuple(state)

    def has_changes(self) -> bool:
        """Whether anything was typed since the form opened (what a reveal filled in is not typing)."""
        return not self._loading and self._form_state() != self._snapshot

    # Saving ---------------------------------------------------------------------------------------------------

    def confirm_warnings(self, warnings: list[Problem]) -> bool:
        """Ask once whether to save despite the warnings; tests replace this."""
        lines = "\n".join(f"• {p.message(self._lang)}" for p in warnings)
        answer = QMessageBox.question(
            self,
            self.tr("Save anyway?"),
            self.tr("Please check:") + "\n\n" + lines + "\n\n" + self.tr("Save the family anyway?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    @Slot()
    def _on_save_button_clicked(self) -> None:
        if self._loading or self._saving or self._busy or self.read_only:
            return
        self._show_all = True
        self.run_check()
        errors = self._errors()
        if errors:
            self.tabs.setCurrentIndex(self._tab_of.get(errors[0].field, FAMILY_TAB))
            return
        warnings = [p for p in self.problems if p.severity == "warning"]
        if warnings and not self.confirm_warnings(warnings):
            return
        data = self.family_input()
        hidden = set(self._hidden)
        loaded_consent = (self._loaded.get("consent_on"), self._loaded.get("consent_scope"),
                          self._loaded.get("consent_signer"))  # fmt: skip
        consent = self._consent if self._consent != loaded_consent else None
        db, actor, family_id = self.db, self.actor, self.family_id

        def work(_progress: QtProgress) -> str:
            from app.families.access import record_consent
            from app.families.registry import create_family, save_family

            with db.unit_of_work(actor.username) as session:
                if family_id is None:
                    saved, _warnings = create_family(session, actor, data)
                else:
                    saved = family_id
                    save_family(session, actor, family_id, data, keep=hidden)
                if consent is not None:
                    record_consent(session, actor, saved, *consent)
                return saved

        self._saving = True
        self._update_buttons()
        self.runner.run(
            Operation(
                work=work,
                success=self._on_save_succeeded,
                failure=self._on_save_failed,
                label=self.tr("Saving the family…"),
                cancellable=False,
            )
        )

    def _on_save_succeeded(self, family_id: str) -> None:
        self._saving = False
        self._changed(family_id)
        self.accept()

    def _on_save_failed(self, error: BaseException) -> None:
        self._saving = False
        report_error(self, error)
        self.run_check()

    def _changed(self, family_id: str) -> None:
        self.saved_id = family_id
        self.sig_family_changed.emit(family_id)

    def confirm_discard(self) -> bool:
        """Ask before closing a form with unsaved typing; tests replace this."""
        answer = QMessageBox.question(
            self, self.tr("Discard changes?"), self.tr("What you typed has not been saved. Close anyway?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self._saving or self._busy:  # the work under way closes the dialog, or changes it, or reports an error
            return
        if not self.read_only and self.has_changes() and not self.confirm_discard():
            return
        super().reject()

    # Actions on an existing family ----------------------------------------------------------------------------

    def _run(self, work: Callable[[QtProgress], Any], success: Callable[[Any], None], label_text: str) -> None:
        """Run an action on the family; every error is reported, and the buttons wait for it."""

        def succeeded(result: object) -> None:
            self._busy = False
            self._update_buttons()
            success(result)

        def failed(error: BaseException) -> None:
            self._busy = False
            self._update_buttons()
            report_error(self, error)

        self._busy = True
        self._update_buttons()
        self.runner.run(Operation(work=work, success=succeeded, failure=failed, label=label_text, cancellable=False))

    def ask_reveal_reason(self) -> str | None:
        """Why the user needs the full details; None if they cancel (tests replace this)."""
        from PySide6.QtWidgets import QInputDialog

        reason, ok = QInputDialog.getText(
            self, self.tr("Show full details"),
            self.tr("ID numbers, phones, health and bereavement are sensitive personal information. The reason is "
                    "kept in the audit log. Reason for showing them:"),
        )  # fmt: skip
        return reason.strip() if ok and reason.strip() else None

    @Slot()
    def _on_reveal_button_clicked(self) -> None:
        reason = self.ask_reveal_reason()
        if reason is None or self.family_id is None:
            return
        db, actor, family_id = self.db, self.actor, self.family_id

        def work(_progress: QtProgress) -> FamilyView:
            from app.families.access import view_family

            with db.unit_of_work(actor.username) as session:
                return view_family(session, actor, family_id, reveal_reason=reason)

        self._run(work, self._on_revealed, self.tr("Opening the family…"))

    def _on_revealed(self, view: FamilyView) -> None:
        """Put the full values into the masked fields only: whatever the user typed elsewhere stays."""
        typed = self.has_changes()
        self._loading = True
        people = {p["role"]: p for p in view.people}
        for key in self._hidden:
            role, dot, name = key.partition(".")
            if not dot:
                value = view.family.get(key)
                if key == "needs":
                    self.needs_edit.setPlainText(value or "")
                else:
                    self.liaison_edits[key].setText(value or "")
                continue
            value = people.get(role, {}).get(name)
            if name == "disability_grade":
                self._set_grade(role, value)
            elif name == "disability_category":
                self.disability_combos[role].setEditText(str(value or ""))
            else:
                self.person_edits[role][name].setText(_date_text(value))
        self._loading = False
        self._hidden = set()
        self.masked = False
        self._apply_editable()
        self.run_check()
        if not typed:  # what was revealed is not a change the user typed
            self._snapshot = self._form_state()

    def ask_close(self) -> tuple[date, str] | None:
        """The date and reason for closing the case; None if the user cancels (tests replace this)."""
        return _CloseDialog.ask(self)

    @Slot()
    def _on_close_case_button_clicked(self) -> None:
        answer = self.ask_close()
        if answer is None or self.family_id is None:
            return
        on, reason = answer
        db, actor, family_id = self.db, self.actor, self.family_id

        def work(_progress: QtProgress) -> tuple[date, str]:
            from app.families.registry import close_family

            with db.unit_of_work(actor.username) as session:
                close_family(session, actor, family_id, on, reason)
            return on, reason.strip()[:200]

        def done(closed: tuple[date, str]) -> None:
            self._loaded["closed_on"], self._loaded["closed_reason"] = closed
            self._update_note()
            self._update_buttons()
            self._changed(family_id)

        self._run(work, done, self.tr("Closing the case…"))

    def choose_copy_path(self) -> str:
        """Where to write the family's copy; "" if the user cancels (tests replace this)."""
        from PySide6.QtWidgets import QFileDialog

        suggested = self.tr("Family data copy") + f" {date.today().isoformat()}.xlsx"
        path, _chosen = QFileDialog.getSaveFileName(
            self, self.tr("Give the family a copy of its data"), suggested, self.tr("Excel workbook (*.xlsx)")
        )
        return path

    def ask_copy_reason(self) -> str | None:
        """Why the copy is made (e.g. the person asked for it); None if the user cancels (tests replace this)."""
        from PySide6.QtWidgets import QInputDialog

        reason, ok = QInputDialog.getText(
            self, self.tr("Give the family a copy of its data"),
            self.tr("The copy holds everything in full, for the family only. The reason is kept in the audit log. "
                    "Reason:"),
        )  # fmt: skip
        return reason.strip() if ok and reason.strip() else None

    def inform(self, text: str) -> None:
        """Tell the user that something worked; tests replace this."""
        QMessageBox.information(self, self.tr("Special family"), text)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        if self.family_id is None:
            return
        path = self.choose_copy_path()
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        reason = self.ask_copy_reason()
        if reason is None:
            return
        db, actor, family_id = self.db, self.actor, self.family_id

        def work(_progress: QtProgress) -> int:
            from app.families.access import export_personal_copy

            with db.unit_of_work(actor.username) as session:
                return export_personal_copy(session, actor, family_id, path, reason)

        def done(rows: int) -> None:
            self.inform(self.tr("The family's data (%n row(s)) was written to {path}.", "", rows).format(path=path))

        self._run(work, done, self.tr("Writing the family's copy…"))

    def ask_anonymise_reason(self) -> str | None:
        """Why the family is anonymised (its purpose ended); None if the user cancels (tests replace this)."""
        from PySide6.QtWidgets import QInputDialog

        reason, ok = QInputDialog.getText(
            self, self.tr("Anonymise the family"),
            self.tr("Anonymising removes who the family's people are for good; the counts of its care stay. "
                    "Reason (e.g. care ended five years ago):"),
        )  # fmt: skip
        return reason.strip() if ok and reason.strip() else None

    def confirm_anonymise(self) -> bool:
        """The last question before anonymising, which cannot be undone; tests replace this."""
        answer = QMessageBox.warning(
            self, self.tr("Anonymise the family"),
            self.tr("Names, ID numbers, phones, addresses, birth dates, liaisons and the text of visits will be "
                    "removed. This cannot be undone. Anonymise the family?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def _on_anonymise_button_clicked(self) -> None:
        if self.family_id is None:
            return
        reason = self.ask_anonymise_reason()
        if reason is None or not self.confirm_anonymise():
            return
        db, actor, family_id = self.db, self.actor, self.family_id

        def work(_progress: QtProgress) -> None:
            from app.families.access import anonymise_family

            with db.unit_of_work(actor.username) as session:
                anonymise_family(session, actor, family_id, reason)

        def done(_result: object) -> None:
            self._changed(family_id)
            self._touched.clear()
            self._load()  # shows what is left, read-only

        self._run(work, done, self.tr("Anonymising the family…"))

    # Insurance ------------------------------------------------------------------------------------------------

    def _policy_kind(self) -> str:
        """The chosen kind's code, or the kind as typed (an office's own kind of insurance)."""
        text = self.policy_kind_combo.currentText().strip()
        index = self.policy_kind_combo.findText(text)
        return str(self.policy_kind_combo.itemData(index)) if text and index >= 0 else text

    @Slot()
    def _on_add_policy_button_clicked(self) -> None:
        from app.errors import ValidationError
        from app.families.labels import INSURANCE_LABELS

        if self.family_id is None or self._busy:
            return
        premium_text = self.policy_premium_edit.text().strip().replace("，", ".").replace(",", ".")
        premium: float | None = None
        if premium_text:
            try:
                premium = float(premium_text)
            except ValueError:
                report_error(self, ValidationError("保费应为金额（元），例如 100 或 35.5。",
                                                   "The premium is an amount in yuan, e.g. 100 or 35.5.",
                                                   code="insurance.premium"))  # fmt: skip
                return
        year, kind, insurer = self.policy_year_spin.value(), self._policy_kind(), self.policy_insurer_edit.text()
        if any(p.year == year and p.kind == kind for p in self._policies):
            # The service refuses it too, but would name a listed kind by its code.
            zh, en = label(INSURANCE_LABELS, kind, "zh"), label(INSURANCE_LABELS, kind, "en")
            report_error(self, ValidationError(f"{year} 年已登记“{zh}”。", f"{en!r} is already recorded for {year}.",
                                               code="insurance.duplicate"))  # fmt: skip
            return
        db, actor, family_id = self.db, self.actor, self.family_id

        def work(_progress: QtProgress) -> list[Policy]:
            from app.families.insurance import insurance_of, record_insurance

            with db.unit_of_work(actor.username) as session:
                record_insurance(session, actor, family_id, year, kind, insurer=insurer, premium=premium)
                return insurance_of(session, actor, family_id)

        def done(policies: list[Policy]) -> None:
            self.show_policies(policies)
            self.policy_kind_combo.setCurrentIndex(-1)
            self.policy_kind_combo.setEditText("")
            self.policy_insurer_edit.clear()
            self.policy_premium_edit.clear()
            self._changed(family_id)

        self._run(work, done, self.tr("Saving the policy…"))

    def confirm_remove_policy(self, description: str) -> bool:
        """Ask before removing a policy recorded by mistake; tests replace this."""
        answer = QMessageBox.question(
            self, self.tr("Remove policy"), self.tr("Remove {policy}? Only for a policy recorded by mistake.").format(
                policy=description),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def _on_remove_policy_button_clicked(self) -> None:
        items = self.policy_table.selectedItems()
        if not items or self.family_id is None or self._busy:
            return
        row = items[0].row()
        policy_id = str(items[0].data(Qt.ItemDataRole.UserRole))
        description = " ".join(item.text() for column in (0, 1) if (item := self.policy_table.item(row, column)))
        if not self.confirm_remove_policy(description):
            return
        db, actor, family_id = self.db, self.actor, self.family_id

        def work(_progress: QtProgress) -> list[Policy]:
            from app.families.insurance import insurance_of, remove_insurance

            with db.unit_of_work(actor.username) as session:
                remove_insurance(session, actor, policy_id)
                return insurance_of(session, actor, family_id)

        def done(policies: list[Policy]) -> None:
            self.show_policies(policies)
            self._changed(family_id)

        self._run(work, done, self.tr("Removing the policy…"))


def _group(key: str) -> str | None:
    """The fields `key` goes with: a person's ("mother.name" -> "mother"), the consent's; None for a field alone."""
    role, dot, _name = key.partition(".")
    if dot:
        return role
    return "consent" if key.startswith("consent_") else None


def _plain(rich: str) -> str:
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(rich).toPlainText()
