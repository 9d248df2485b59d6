"""The member form (会员登记表): add a member or edit one, checked as the secretary types.

The checks are the ones the Excel import uses (`app.members.checks`); every problem is shown next to its field in
the interface language. Loading and saving run through the operation runner; only the duplicate look-up, one
indexed query, runs on the GUI thread so that its answer appears while the user is still typing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.members.fields import EVENT_LABELS, EVENT_STATUS, MIGRANT_LABELS, ROLE_LABELS, SEX_LABELS, STATUS_LABELS, label
from ui.errors import report_error
from ui.i18n import error_language
from ui.operations import Operation

if TYPE_CHECKING:
    from app.members.checks import CheckedMember, Problem
    from app.members.groups import GroupInfo
    from app.members.service import HistoryEntry
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress

# Long enough to wait for the next key of a fast typist, short enough to feel immediate.
CHECK_DELAY_MS = 150
# Shown masked on an existing member's form until revealed for a reason (audited).
MASKED_FIELDS = ("id_number", "phone")
ERROR_COLOUR = "#b00020"
WARNING_COLOUR = "#9a5800"
OPEN_LINK = "open-member:"
TEXT_FIELDS = (
    "name", "ethnicity", "id_number", "birth_date", "phone", "address", "member_no", "joined_on",
    "political_status", "education", "occupation", "migrant_place", "migrant_since",
)  # fmt: skip


@dataclass(frozen=True)
class _Loaded:
    """What the form reads when it opens."""

    groups: list[GroupInfo]
    villages: list[tuple[str, str]]  # (region code, name) of the office's villages
    values: dict[str, Any] | None
    history: list[HistoryEntry]


def _date_text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else ""


class MemberFormDialog(QDialog):
    """Adds a member (member_id None) or edits one; Save stays disabled while any field has an error."""

    sig_member_open_requested = Signal(str)

    def __init__(
        self, office: Office, runner: OperationRunner, member_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.office = office
        self.db, self.actor = office.db, office.actor
        # An existing member's ID number and phone show masked until the user reveals them for a reason.
        self.masked = member_id is not None
        self.runner = runner
        self.member_id = member_id
        self.saved_id: str | None = None
        self.open_requested: str | None = None
        self.checked: CheckedMember | None = None
        self.problems: list[Problem] = []
        self._lang = error_language()
        self._loaded_values: dict[str, Any] = {}
        self._duplicate_key: tuple[object, ...] | None = None
        self._duplicates: list[Problem] = []
        self._loading = True
        self._saving = False
        # A new, empty form shows no "name is empty" before the user has typed anything; Save is still disabled.
        self._touched: set[str] = set()
        self._show_all = member_id is not None
        self.setWindowTitle(self.tr("Edit member") if member_id else self.tr("New member"))

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._on_check_timer_timeout)

        self.edits: dict[str, QLineEdit] = {key: QLineEdit() for key in TEXT_FIELDS}
        self.edits["id_number"].setPlaceholderText(self.tr("18 characters; birth date and sex are read from it"))
        date_hint = self.tr("e.g. 1980-05-29 or 1980.5.29")
        for key in ("birth_date", "joined_on", "migrant_since"):
            self.edits[key].setPlaceholderText(date_hint)
        self.village_combo = QComboBox()
        self.village_combo.addItem(self.tr("(none)"), None)
        self.sex_combo = QComboBox()
        self.sex_combo.addItem("", None)
        for code in SEX_LABELS:
            self.sex_combo.addItem(label(SEX_LABELS, code, self._lang), code)
        self.group_combo = QComboBox()
        self.group_combo.addItem(self.tr("(none)"), None)
        self.role_boxes: dict[str, QCheckBox] = {}
        roles = QWidget()
        roles_layout = QGridLayout(roles)
        roles_layout.setContentsMargins(0, 0, 0, 0)
        for n, code in enumerate(ROLE_LABELS):
            box = QCheckBox(label(ROLE_LABELS, code, self._lang))
            self.role_boxes[code] = box
            roles_layout.addWidget(box, n // 3, n % 3)
        self.migrant_combo = QComboBox()
        for code in MIGRANT_LABELS:
            self.migrant_combo.addItem(label(MIGRANT_LABELS, code, self._lang), code)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 3 + 12)

        self.problem_labels: dict[str, QLabel] = {}
        self._row_labels: dict[str, QLabel] = {}
        self._field_widgets: dict[str, QWidget] = {}
        person = QFormLayout()
        self._add_row(person, "name", self.tr("Name:"), self.edits["name"])
        self._add_row(person, "id_number", self.tr("ID number:"), self.edits["id_number"])
        self._add_row(person, "sex", self.tr("Sex:"), self.sex_combo)
        self._add_row(person, "birth_date", self.tr("Date of birth:"), self.edits["birth_date"])
        self._add_row(person, "ethnicity", self.tr("Ethnicity:"), self.edits["ethnicity"])
        self._add_row(person, "phone", self.tr("Phone:"), self.edits["phone"])
        self.reveal_button = QPushButton(self.tr("Show full &numbers…"))
        self.reveal_button.setToolTip(self.tr("ID number and phone are masked; showing them asks for a reason"))
        self.reveal_button.clicked.connect(self._on_reveal_button_clicked)
        from app.accounts.users import REVEALERS

        self.reveal_button.setVisible(self.masked and self.actor.role in REVEALERS)
        person.addRow("", self.reveal_button)
        self._add_row(person, "address", self.tr("Address:"), self.edits["address"])
        self._add_row(person, "migrant_status", self.tr("Migrant:"), self.migrant_combo)
        self._add_row(person, "migrant_place", self.tr("Place:"), self.edits["migrant_place"])
        self._add_row(person, "migrant_since", self.tr("Since:"), self.edits["migrant_since"])
        membership = QFormLayout()
        self._add_row(membership, "village_code", self.tr("Village:"), self.village_combo)
        self._add_row(membership, "member_no", self.tr("Member no.:"), self.edits["member_no"])
        self._add_row(membership, "joined_on", self.tr("Joined on:"), self.edits["joined_on"])
        self._add_row(membership, "group_id", self.tr("Member group:"), self.group_combo)
        self._add_row(membership, "roles", self.tr("Roles:"), roles)
        self._add_row(membership, "political_status", self.tr("Political status:"), self.edits["political_status"])
        self._add_row(membership, "education", self.tr("Education:"), self.edits["education"])
        self._add_row(membership, "occupation", self.tr("Occupation:"), self.edits["occupation"])
        self._add_row(membership, "notes", self.tr("Notes:"), self.notes_edit)

        person_box = QGroupBox(self.tr("Person"))
        person_box.setLayout(person)
        membership_box = QGroupBox(self.tr("Membership"))
        membership_box.setLayout(membership)
        self.fields = QWidget()
        # Wide enough that an 18-character ID number and a problem sentence fit; fits a 1366x768 screen.
        self.fields.setMinimumWidth(880)
        columns = QHBoxLayout(self.fields)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(person_box, 1)
        columns.addWidget(membership_box, 1)

        self.history_box = QGroupBox(self.tr("Status history"))
        self.status_label = QLabel()
        self.history_table = QTableWidget(0, 4)
        self.history_table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Change"), self.tr("Place"),
                                                      self.tr("Reason")])  # fmt: skip
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history_table.verticalHeader().hide()
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.history_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.history_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.history_table.setFixedHeight(self.history_table.fontMetrics().lineSpacing() * 7)
        self.status_button = QPushButton(self.tr("Change status…"))
        self.status_button.clicked.connect(self._on_status_button_clicked)
        history_top = QHBoxLayout()
        history_top.addWidget(self.status_label, 1)
        history_top.addWidget(self.status_button)
        history_layout = QVBoxLayout(self.history_box)
        history_layout.addLayout(history_top)
        history_layout.addWidget(self.history_table)
        self.history_box.setVisible(member_id is not None)

        self.general_label = QLabel()
        self._setup_problem_label(self.general_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self.save_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        self.save_shortcut.activated.connect(self._on_save_button_clicked)

        layout = QVBoxLayout(self)
        # The dialog grows when problem lines appear, so that no sentence is cut off.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.fields)
        layout.addWidget(self.history_box)
        layout.addWidget(self.general_label)
        layout.addWidget(self.buttons)

        for key, edit in self.edits.items():
            edit.textChanged.connect(lambda _text, key=key: self._on_field_edited(key))
        for key, combo in (
            ("sex", self.sex_combo),
            ("group_id", self.group_combo),
            ("village_code", self.village_combo),
            ("migrant_status", self.migrant_combo),
        ):
            combo.currentIndexChanged.connect(lambda _index, key=key: self._on_field_edited(key))
        for box in self.role_boxes.values():
            box.toggled.connect(lambda _checked: self._on_field_edited("roles"))
        self.notes_edit.textChanged.connect(lambda: self._on_field_edited("notes"))
        self.migrant_combo.currentIndexChanged.connect(self._on_migrant_combo_changed)
        self._on_migrant_combo_changed()

        self.fields.setEnabled(member_id is None)
        self._update_save_button()
        self.edits["name"].setFocus()
        self._load()

    @classmethod
    def ask(
        cls,
        office: Office,
        runner: OperationRunner,
        member_id: str | None = None,
        parent: QWidget | None = None,
        *,
        on_open_member: Callable[[str], None] | None = None,
    ) -> str | None:
        """Show the form; return the saved member's id, or None if the user cancelled.

        When the user follows the link to an existing duplicate, `on_open_member` gets that member's id; without
        it, the existing member opens in a form of its own and its result is returned.
        """
        dialog = cls(office, runner, member_id, parent)
        if on_open_member is not None:
            dialog.sig_member_open_requested.connect(on_open_member)
        dialog.exec()
        if dialog.open_requested is not None and on_open_member is None:
            return cls.ask(office, runner, dialog.open_requested, parent)
        return dialog.saved_id

    # Building -------------------------------------------------------------------------------------------------

    def _setup_problem_label(self, problem: QLabel) -> None:
        problem.setWordWrap(True)
        problem.setTextFormat(Qt.TextFormat.RichText)
        problem.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        problem.linkActivated.connect(self._on_problem_link_activated)
        problem.hide()

    def _add_row(self, form: QFormLayout, key: str, text: str, widget: QWidget) -> None:
        """A labelled field with the line below it where its problems appear."""
        problem = QLabel()
        problem.setObjectName(f"problem_{key}")
        self._setup_problem_label(problem)
        cell = QWidget()
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.setSpacing(2)
        cell_layout.addWidget(widget)
        cell_layout.addWidget(problem)
        row_label = QLabel(text)
        row_label.setBuddy(widget)
        form.addRow(row_label, cell)
        self.problem_labels[key] = problem
        self._row_labels[key] = row_label
        self._field_widgets[key] = widget

    # Loading --------------------------------------------------------------------------------------------------

    def _load(self) -> None:
        db, actor, member_id = self.db, self.actor, self.member_id

        def work(_progress: QtProgress) -> _Loaded:
            from app.members.groups import list_groups
            from app.members.service import load_member_values, status_history
            from app.site import region_names

            with db.unit_of_work() as session:
                groups = list_groups(session, actor)
                villages = region_names(session, level="village")
                if member_id is None:
                    return _Loaded(groups, villages, None, [])
                values = load_member_values(session, actor, member_id)
                return _Loaded(groups, villages, values, status_history(session, actor, member_id))

        self.runner.run(
            Operation(
                work=work,
                success=self._on_loaded,
                failure=self._on_load_failed,
                label=self.tr("Opening the member…"),
                cancellable=False,
            )
        )

    def _on_loaded(self, loaded: _Loaded) -> None:
        chosen = self.group_combo.currentData()
        self.group_combo.blockSignals(True)
        for group in loaded.groups:
            self.group_combo.addItem(group.name, group.id)
        self.group_combo.blockSignals(False)
        self.village_combo.blockSignals(True)
        for code, name in loaded.villages:
            self.village_combo.addItem(f"{name}（{code}）", code)
        if len(loaded.villages) == 1:  # a village office: its own village, already chosen
            self.village_combo.setCurrentIndex(1)
        self.village_combo.blockSignals(False)
        if loaded.values is not None:
            self._fill(loaded.values)
            self.show_history(loaded.history)
        elif chosen is not None:
            self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(chosen)))
        self._loading = False
        self.fields.setEnabled(True)
        self.run_check()

    def _on_load_failed(self, error: BaseException) -> None:
        report_error(self, error)
        self.reject()

    def _fill(self, values: dict[str, Any]) -> None:
        self._loaded_values = dict(values)
        for key, edit in self.edits.items():
            value = values.get(key)
            edit.setText(_date_text(value) if isinstance(value, date) else str(value or ""))
        self._show_masked(self.masked)
        self.sex_combo.setCurrentIndex(max(0, self.sex_combo.findData(values.get("sex"))))
        group_id = values.get("group_id")
        if group_id and self.group_combo.findData(group_id) < 0:
            # A group that is no longer listed: keep it rather than silently taking the member out of it.
            self.group_combo.addItem(self.tr("(a removed group)"), group_id)
        self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(group_id)))
        village = values.get("village_code")
        if village and self.village_combo.findData(village) < 0:
            self.village_combo.addItem(str(village), village)  # a code the region table does not list
        self.village_combo.setCurrentIndex(max(0, self.village_combo.findData(village)))
        for code, box in self.role_boxes.items():
            box.setChecked(code in (values.get("roles") or []))
        self.migrant_combo.setCurrentIndex(max(0, self.migrant_combo.findData(values.get("migrant_status") or "none")))
        self.notes_edit.setPlainText(values.get("notes") or "")

    def _show_masked(self, masked: bool) -> None:
        self.masked = masked  # the loaded values are masked by the service until `reveal_member` gave them in full
        for key in MASKED_FIELDS:
            edit = self.edits[key]
            edit.blockSignals(True)
            edit.setText(str(self._loaded_values.get(key) or ""))
            edit.blockSignals(False)
            edit.setReadOnly(masked)
        if not masked:
            self.reveal_button.hide()

    def ask_reveal_reason(self) -> str | None:
        """Why the user needs the full numbers; None if they cancel (tests replace this)."""
        from PySide6.QtWidgets import QInputDialog

        reason, ok = QInputDialog.getText(
            self, self.tr("Show full numbers"),
            self.tr("ID numbers and phones are personal information. Reason for showing them:"),
        )  # fmt: skip
        return reason.strip() if ok and reason.strip() else None

    @Slot()
    def _on_reveal_button_clicked(self) -> None:
        reason = self.ask_reveal_reason()
        if reason is None or self.member_id is None:
            return
        db, actor, member_id = self.db, self.actor, self.member_id

        def work(_progress: QtProgress) -> dict[str, str | None]:
            from app.members.service import reveal_member

            with db.unit_of_work(actor.username) as session:
                return reveal_member(session, actor, member_id, reason)

        def done(values: dict[str, str | None]) -> None:
            self._loaded_values.update(values)
            self._show_masked(False)

        self.runner.run(
            Operation(
                work=work,
                success=done,
                failure=lambda error: report_error(self, error),
                label=self.tr("Opening the member…"),
                cancellable=False,
            )
        )

    def show_history(self, history: list[HistoryEntry]) -> None:
        """Fill the read-only status history, oldest first, and the current status above it."""
        self.history_table.setRowCount(len(history))
        for row, entry in enumerate(history):
            cells = (entry.on_date.isoformat(), label(EVENT_LABELS, entry.event, self._lang), entry.place or "",
                     entry.reason or "")  # fmt: skip
            for column, text in enumerate(cells):
                self.history_table.setItem(row, column, QTableWidgetItem(text))
        # Every status change is an event, so the last event says the status; no event means never changed.
        status = EVENT_STATUS.get(history[-1].event, "active") if history else "active"
        since = f" ({history[-1].on_date.isoformat()})" if history else ""
        self.status_label.setText(
            self.tr("Current status: {status}").format(status=label(STATUS_LABELS, status, self._lang) + since)
        )

    # Checking -------------------------------------------------------------------------------------------------

    def raw_values(self) -> dict[str, object]:
        """The form's fields as `check_member` reads them."""
        raw: dict[str, object] = {key: edit.text() for key, edit in self.edits.items()}
        if self.masked:  # the fields show masked numbers: not checked, and not saved (the member's own stay)
            for key in MASKED_FIELDS:
                raw[key] = ""
        sex = self.sex_combo.currentData()
        raw["sex"] = SEX_LABELS[sex][0] if sex else ""
        raw["group_id"] = self.group_combo.currentData() or ""
        raw["village_code"] = self.village_combo.currentData() or ""
        raw["roles"] = [code for code, box in self.role_boxes.items() if box.isChecked()]
        raw["migrant_status"] = self.migrant_combo.currentData()
        raw["notes"] = self.notes_edit.toPlainText()
        if self.member_id is not None:
            # Not on the form; without it the check would turn a group member into an individual one.
            raw["member_type"] = self._loaded_values.get("member_type") or "individual"
        return raw

    def run_check(self) -> CheckedMember:
        """Check the form now: normalise, look for duplicates, show every problem; returns the checked member."""
        from app.members.checks import check_member

        self._check_timer.stop()
        checked = check_member(self.raw_values())
        self._fill_from_id_number(checked)
        problems = list(checked.problems) + self._check_migrant(checked.values)
        problems += self._find_duplicates(checked.values)
        self.checked = checked
        self.problems = problems
        self._show_problems(problems)
        self._update_save_button()
        return checked

    def _fill_from_id_number(self, checked: CheckedMember) -> None:
        """A valid ID number says the birth date and sex: fill them in where the user left them empty."""
        values = checked.values
        if not values.get("id_number") or any(
            p.field == "id_number" and p.severity == "error" for p in checked.problems
        ):
            return
        birth_edit = self.edits["birth_date"]
        if not birth_edit.text().strip() and values.get("birth_date"):
            # The check already used these values, so filling them in needs no second check.
            birth_edit.blockSignals(True)
            birth_edit.setText(_date_text(values["birth_date"]))
            birth_edit.blockSignals(False)
        if self.sex_combo.currentData() is None and values.get("sex"):
            self.sex_combo.blockSignals(True)
            self.sex_combo.setCurrentIndex(self.sex_combo.findData(values["sex"]))
            self.sex_combo.blockSignals(False)

    def _check_migrant(self, values: dict[str, Any]) -> list[Problem]:
        """Where and since when a migrant moved: fields the shared check does not cover."""
        from app.errors import ValidationError
        from app.members.checks import Problem
        from app.validation import parse_date

        problems: list[Problem] = []
        values["migrant_place"] = values["migrant_since"] = None
        if values.get("migrant_status", "none") == "none":
            return problems
        place = " ".join(self.edits["migrant_place"].text().split())
        if len(place) > 100:
            problems.append(Problem("migrant_place", "error", "内容过长（最多 100 个字）。",
                                    "Too long (at most 100 characters).", "migrant_place.too_long"))  # fmt: skip
        values["migrant_place"] = place or None
        since = self.edits["migrant_since"].text().strip()
        if since:
            try:
                values["migrant_since"] = parse_date(since, allow_future=False)
            except ValidationError as exc:
                problems.append(Problem("migrant_since", "error", exc.zh, exc.en, exc.code))
        return problems

    def _find_duplicates(self, values: dict[str, Any]) -> list[Problem]:
        """Members already on the roll with this ID number, or this name and birth date (asked again on change)."""
        key = (values.get("id_number"), values.get("name"), values.get("birth_date"))
        if key == self._duplicate_key:
            return list(self._duplicates)
        from app.errors import FpaError
        from app.members.checks import find_duplicates

        self._duplicates = []
        self._duplicate_key = None
        if values.get("id_number") or (values.get("name") and values.get("birth_date")):
            try:
                with self.db.unit_of_work() as session:
                    self._duplicates = find_duplicates(session, values, exclude_id=self.member_id)
            except FpaError:
                # The database is busy (an import, say): saving checks again, so only the early hint is lost.
                return []
        self._duplicate_key = key
        return list(self._duplicates)

    def _show_problems(self, problems: list[Problem]) -> None:
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            key = problem.field if problem.field in self.problem_labels else ""
            if not (self._show_all or key in self._touched or problem.code.startswith("member.")):
                continue
            colour = ERROR_COLOUR if problem.severity == "error" else WARNING_COLOUR
            text = f'<span style="color:{colour}">{html.escape(problem.message(self._lang))}</span>'
            if problem.other_member_id and problem.code == "member.duplicate_id":
                link = html.escape(self.tr("Open the existing member"))
                text += f' <a href="{OPEN_LINK}{html.escape(problem.other_member_id)}">{link}</a>'
            by_field.setdefault(key, []).append(text)
        for key, problem_label in [*self.problem_labels.items(), ("", self.general_label)]:
            texts = by_field.get(key)
            problem_label.setText("<br>".join(texts or []))
            problem_label.setVisible(bool(texts))
        self._fit_problem_labels()

    def _fit_problem_labels(self) -> None:
        """Give each wrapped problem line the height it needs at its field's width (layouts underestimate it)."""
        for key, problem_label in self.problem_labels.items():
            width = self._field_widgets[key].width()
            if problem_label.text() and width > 0:
                problem_label.setMinimumHeight(problem_label.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_problem_labels()

    def problem_text(self, key: str) -> str:
        """The problems shown next to field `key`, as plain text (for tests and accessibility)."""
        from PySide6.QtGui import QTextDocumentFragment

        problem_label = self.problem_labels[key]
        if not problem_label.isVisibleTo(self):
            return ""
        return QTextDocumentFragment.fromHtml(problem_label.text()).toPlainText()

    def _update_save_button(self) -> None:
        errors = any(p.severity == "error" for p in self.problems)
        self.save_button.setEnabled(not self._loading and not self._saving and not errors)

    def _on_field_edited(self, key: str) -> None:
        self._touched.add(key)
        self._check_timer.start()

    @Slot()
    def _on_check_timer_timeout(self) -> None:
        self.run_check()

    @Slot()
    def _on_migrant_combo_changed(self) -> None:
        code = self.migrant_combo.currentData()
        for key in ("migrant_place", "migrant_since"):
            self.edits[key].setEnabled(code != "none")
        place = {"out": self.tr("Moved to:"), "in": self.tr("Moved from:")}.get(code, self.tr("Place:"))
        self._row_labels["migrant_place"].setText(place)

    @Slot(str)
    def _on_problem_link_activated(self, href: str) -> None:
        if not href.startswith(OPEN_LINK):
            return
        self.open_requested = href.removeprefix(OPEN_LINK)
        self.sig_member_open_requested.emit(self.open_requested)
        self.reject()

    # Saving ---------------------------------------------------------------------------------------------------

    def confirm_warnings(self, warnings: list[Problem] | None = None) -> bool:
        """Ask once whether to save despite the warnings; tests replace this."""
        if warnings is None:
            warnings = [p for p in self.problems if p.severity == "warning"]
        lines = "\n".join(f"• {p.message(self._lang)}" for p in warnings)
        answer = QMessageBox.question(
            self,
            self.tr("Save anyway?"),
            self.tr("Please check:") + "\n\n" + lines + "\n\n" + self.tr("Save the member anyway?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    @Slot()
    def _on_save_button_clicked(self) -> None:
        if self._loading or self._saving:
            return
        from app.members.checks import CheckedMember

        self._show_all = True
        checked = self.run_check()
        if any(p.severity == "error" for p in self.problems):
            return
        warnings = [p for p in self.problems if p.severity == "warning"]
        if warnings and not self.confirm_warnings(warnings):
            return
        to_save = CheckedMember(dict(checked.values), list(checked.problems))
        if self.masked:
            for key in MASKED_FIELDS:
                to_save.values.pop(key, None)
        db, actor, member_id = self.db, self.actor, self.member_id

        def work(_progress: QtProgress) -> str:
            from app.members.service import add_member, update_member

            with db.unit_of_work(actor.username) as session:
                if member_id is None:
                    return add_member(session, actor, to_save, accept_warnings=True)
                update_member(session, actor, member_id, to_save, accept_warnings=True)
                return member_id

        self._saving = True
        self._update_save_button()
        self.runner.run(
            Operation(
                work=work,
                success=self._on_save_succeeded,
                failure=self._on_save_failed,
                label=self.tr("Saving the member…"),
                cancellable=False,
            )
        )

    def _on_save_succeeded(self, member_id: str) -> None:
        self._saving = False
        self.saved_id = member_id
        self.accept()

    def _on_save_failed(self, error: BaseException) -> None:
        self._saving = False
        self._duplicate_key = None  # someone may have added the same person meanwhile: ask again
        report_error(self, error)
        self.run_check()

    def reject(self) -> None:
        if self._saving:  # the save is under way; its outcome closes the dialog or reports the error
            return
        super().reject()

    # Status ---------------------------------------------------------------------------------------------------

    @Slot()
    def _on_status_button_clicked(self) -> None:
        if self.member_id is None:
            return
        from ui.members.status import StatusChangeDialog

        if StatusChangeDialog.ask(self.office, self.runner, self.member_id, self):
            self.reload_history()

    def reload_history(self) -> None:
        """Read the status history again (after a change of status)."""
        db, actor, member_id = self.db, self.actor, self.member_id
        if member_id is None:
            return

        def work(_progress: QtProgress) -> list[HistoryEntry]:
            from app.members.service import status_history

            with db.unit_of_work() as session:
                return status_history(session, actor, member_id)

        self.runner.run(Operation(work=work, success=self.show_history, label=self.tr("Opening the member…")))
