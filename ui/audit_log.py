"""The audit log for admins: filter it, check its chain, export it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.errors import report_error
from ui.i18n import error_language
from ui.operations import Operation

if TYPE_CHECKING:
    from app.audit import AuditEntry, AuditFilter, ChainReport
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress

SHOWN_ROWS = 2000


class AuditLogDialog(QDialog):
    """The newest rows that match the filter; the whole selection goes to the export."""

    def __init__(self, office: Office, runner: OperationRunner, parent: QWidget | None = None) -> None:
        from app.audit import ACTIONS

        super().__init__(parent)
        self.office, self.runner = office, runner
        self.entries: list[AuditEntry] = []
        self.total = 0
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(980, 560)
        lang = error_language()

        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(self.tr("any account"))
        self.action_combo = QComboBox()
        self.action_combo.addItem(self.tr("Every action"), "")
        for code, (zh, en) in ACTIONS.items():
            self.action_combo.addItem(zh if lang == "zh" else en, code)
        self.since_edit, self.until_edit = QDateEdit(QDate.currentDate().addMonths(-1)), QDateEdit(QDate.currentDate())
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(self.tr("search the details"))
        for signal in (self.user_edit.returnPressed, self.text_edit.returnPressed):
            signal.connect(self.reload)
        self.action_combo.currentIndexChanged.connect(self.reload)
        self.since_edit.dateChanged.connect(self.reload)
        self.until_edit.dateChanged.connect(self.reload)
        filters = QHBoxLayout()
        for text, widget in ((self.tr("&Account:"), self.user_edit), (self.tr("Ac&tion:"), self.action_combo),
                             (self.tr("&From:"), self.since_edit), (self.tr("&To:"), self.until_edit),
                             (self.tr("&Search:"), self.text_edit)):  # fmt: skip
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [self.tr("No."), self.tr("Time"), self.tr("Account"), self.tr("Action"), self.tr("Record"),
             self.tr("Details")]
        )  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel()
        self.verify_button = QPushButton(self.tr("&Check the chain"))
        self.export_button = QPushButton(self.tr("&Export…"))
        self.verify_button.clicked.connect(self._on_verify)
        self.export_button.clicked.connect(self._on_export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.export_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.reload()

    @classmethod
    def ask(cls, office: Office, runner: OperationRunner, parent: QWidget | None = None) -> None:
        cls(office, runner, parent).exec()

    def current_filter(self) -> AuditFilter:
        from app.audit import AuditFilter

        action = self.action_combo.currentData()
        since: date = self.since_edit.date().toPython()  # type: ignore[assignment]  # QDate gives a date
        until: date = self.until_edit.date().toPython()  # type: ignore[assignment]
        return AuditFilter(since=since, until=until, username=self.user_edit.text().strip() or None,
                           actions=(action,) if action else (), text=self.text_edit.text())  # fmt: skip

    @Slot()
    def reload(self) -> None:
        office, flt = self.office, self.current_filter()

        def work(_progress: QtProgress) -> tuple[list[AuditEntry], int]:
            from app.accounts.users import require_role
            from app.audit import count_entries, entries

            require_role(office.actor, "admin")
            with office.db.unit_of_work() as session:
                return entries(session, flt, limit=SHOWN_ROWS), count_entries(session, flt)

        self.runner.run(
            Operation(
                work=work,
                success=self._show,
                failure=lambda e: report_error(self, e),
                label=self.tr("Reading the audit log…"),
                cancellable=False,
            )
        )

    def _show(self, result: tuple[list[AuditEntry], int]) -> None:
        from app.audit import action_title, detail_text, table_title

        self.entries, self.total = result
        lang = error_language()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            record = f"{table_title(entry.tbl, lang)} {(entry.record_id or '')[:8]}".strip()
            cells = (str(entry.seq), entry.at.strftime("%Y-%m-%d %H:%M:%S"), entry.username or "",
                     action_title(entry.action, lang), record, detail_text(entry.detail, lang))  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        if self.total > len(self.entries):
            self.count_label.setText(
                self.tr("Showing the newest {shown} of {total} rows; the export has them all.").format(
                    shown=len(self.entries), total=self.total
                )
            )
        else:
            self.count_label.setText(self.tr("%n row(s)", "", self.total))

    # Actions (tests replace the questions) -----------------------------------------------------------------

    def choose_export_path(self) -> str:
        name, _chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit log"), f"审计日志-{date.today():%Y%m%d}.xlsx",
            self.tr("Excel workbook (*.xlsx)"),
        )  # fmt: skip
        return name

    def show_chain_report(self, text: str, ok: bool) -> None:
        box = QMessageBox.information if ok else QMessageBox.warning
        box(self, self.tr("Audit log"), text)

    @Slot()
    def _on_verify(self) -> None:
        office = self.office

        def work(_progress: QtProgress) -> ChainReport:
            from app.accounts.users import require_role
            from app.audit import verify_chain

            require_role(office.actor, "admin")
            with office.db.unit_of_work() as session:
                return verify_chain(session)

        def done(report: ChainReport) -> None:
            from app.audit import problem_text

            self.show_chain_report(problem_text(report, error_language()), report.ok)

        self.runner.run(Operation(work=work, success=done, failure=lambda e: report_error(self, e),
                                  label=self.tr("Checking the audit log…")))  # fmt: skip

    @Slot()
    def _on_export(self) -> None:
        path = self.choose_export_path()
        if not path:
            return
        office, flt = self.office, self.current_filter()

        def work(_progress: QtProgress) -> int:
            from app.audit_export import export_audit

            with office.db.unit_of_work(office.actor.username) as session:
                return export_audit(session, office.actor, flt, Path(path))

        self.runner.run(
            Operation(
                work=work,
                success=lambda _n: self.reload(),
                failure=lambda e: report_error(self, e),
                label=self.tr("Exporting the audit log…"),
            )
        )
