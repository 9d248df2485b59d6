"""Importing members from a workbook: choose the file and sheet, check the column mapping, preview every row,
then import. The same service as `fpa-desk members import`; reading and importing run off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import error_language
from ui.operations import Operation

if TYPE_CHECKING:
    from app.members.excel_import import ImportPreview, ImportSummary
    from app.members.import_rows import RowResult
    from app.members.import_table import ColumnMapping
    from app.office import Office
    from ui.operations import OperationRunner

STATUS_COLOURS = {"error": "#fde2e1", "warning": "#fff4d6", "duplicate": "#eeeeee"}


class PreviewModel(QAbstractTableModel):
    """The preview's rows: Excel row number, name, what the import does, and the reasons."""

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preview = preview
        self._rows: list[RowResult] = list(preview.rows)
        self._lang = error_language()
        self._headers = [self.tr("Row"), self.tr("Name"), self.tr("Result"), self.tr("Reasons")]
        self._status = {
            "new": self.tr("New"),
            "update": self.tr("Update"),
            "unchanged": self.tr("Unchanged"),
            "duplicate": self.tr("Duplicate"),
            "warning": self.tr("Warning"),
            "error": self.tr("Error"),
        }

    def show_only_problems(self, only: bool) -> None:
        self.beginResetModel()
        rows = self._preview.rows
        self._rows = [r for r in rows if r.problems] if only else list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = STATUS_COLOURS.get(row.status)
            return QBrush(QColor(colour)) if colour else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        match index.column():
            case 0:
                return str(row.row)
            case 1:
                return str(row.values.get("name") or self._cell(row, "name"))
            case 2:
                return self._status.get(row.status, row.status)
            case _:
                return self._preview.problem_text(row, self._lang)

    def _cell(self, row: RowResult, key: str) -> str:
        """What the row's cell for `key` says, as the sheet shows it."""
        from app.members.import_table import display_text

        column = self._preview.mapping.column_of(key)
        return display_text(row.cells[column]) if column is not None and column < len(row.cells) else ""


class ImportWizard(QDialog):
    """Three steps: file, columns, preview; then the import."""

    def __init__(self, office: Office, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor, self._runner = office.db, office.actor, runner
        self.mapping: ColumnMapping | None = None
        self.preview_result: ImportPreview | None = None
        self.summary: ImportSummary | None = None
        self.setWindowTitle(self.tr("Import members from Excel"))
        self.resize(900, 600)

        # Step 1: the file.
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        self.sheet_combo = QComboBox()
        self.skip_radio = QRadioButton(self.tr("Leave members already on the roll as they are"))
        self.update_radio = QRadioButton(self.tr("Update members already on the roll (matched by ID number)"))
        self.skip_radio.setChecked(True)
        self.valid_check = QCheckBox(self.tr("Import the valid rows even if some rows have errors"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        step1 = QWidget()
        form = QFormLayout(step1)
        form.addRow(self.tr("Workbook (.xlsx, .xls, .ods):"), file_row)
        form.addRow(self.tr("Sheet:"), self.sheet_combo)
        form.addRow("", self.skip_radio)
        form.addRow("", self.update_radio)
        form.addRow("", self.valid_check)

        # Step 2: the columns.
        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setHorizontalHeaderLabels([self.tr("Column in the sheet"), self.tr("Field")])
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping_note = QLabel()
        step2 = QWidget()
        layout2 = QVBoxLayout(step2)
        layout2.addWidget(self.mapping_note)
        layout2.addWidget(self.mapping_table)

        # Step 3: the preview.
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.problems_check = QCheckBox(self.tr("Show only rows with problems"))
        self.problems_check.toggled.connect(self._on_problems_toggled)
        self.report_button = QPushButton(self.tr("Save the list of problems…"))
        self.report_button.clicked.connect(self._on_report_clicked)
        self.preview_view = QTableView()
        self.preview_view.horizontalHeader().setStretchLastSection(True)
        step3 = QWidget()
        layout3 = QVBoxLayout(step3)
        layout3.addWidget(self.summary_label)
        tools = QHBoxLayout()
        tools.addWidget(self.problems_check)
        tools.addStretch(1)
        tools.addWidget(self.report_button)
        layout3.addLayout(tools)
        layout3.addWidget(self.preview_view, 1)

        self.steps = QStackedWidget()
        for step in (step1, step2, step3):
            self.steps.addWidget(step)
        self.back_button = QPushButton(self.tr("< &Back"))
        self.next_button = QPushButton(self.tr("&Next >"))
        self.import_button = QPushButton(self.tr("&Import"))
        close = QPushButton(self.tr("Close"))
        self.back_button.clicked.connect(self._on_back_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.import_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+O"), self, self._on_browse_clicked)
        self._show_step(0)

    @classmethod
    def ask(cls, office: Office, runner: OperationRunner, parent: QWidget | None = None) -> ImportSummary | None:
        """Run the wizard; the summary of the import if one ran."""
        wizard = cls(office, runner, parent)
        wizard.exec()
        return wizard.summary

    def choose_file(self) -> str:
        """The workbook the user picks ("" if none); tests replace this."""
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose the workbook"), "", self.tr("Workbooks (*.xlsx *.xlsm *.xls *.ods)")
        )
        return name

    def choose_report_file(self) -> str:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the list of problems"), "问题清单.xlsx", self.tr("Excel workbook (*.xlsx)")
        )
        return name

    # Steps ---------------------------------------------------------------------------------------------------

    def _show_step(self, n: int) -> None:
        self.steps.setCurrentIndex(n)
        self.back_button.setEnabled(n > 0)
        self.next_button.setVisible(n < 2)
        self.next_button.setEnabled(n > 0 or bool(self.file_edit.text()))
        self.import_button.setVisible(n == 2)
        self.import_button.setEnabled(n == 2 and self.preview_result is not None and self._importable())

    def _importable(self) -> bool:
        preview = self.preview_result
        if preview is None:
            return False
        acting = any(r.action is not None for r in preview.rows)
        return acting and (self.valid_check.isChecked() or not preview.has_errors)

    def open_file(self, path: str) -> None:
        """Read the workbook's sheets and find its columns."""
        from app.members.import_table import read_workbook

        self.file_edit.setText(path)
        self.sheet_combo.clear()

        def work(_progress: object) -> list[str]:
            return read_workbook(path)

        def done(sheets: list[str]) -> None:
            self.sheet_combo.addItems(sheets)
            self._show_step(0)

        self._runner.run(Operation(work=work, success=done, label=self.tr("Reading the workbook…")))

    @Slot()
    def _on_browse_clicked(self) -> None:
        path = self.choose_file()
        if path:
            self.open_file(path)

    @Slot()
    def _on_back_clicked(self) -> None:
        self._show_step(self.steps.currentIndex() - 1)

    @Slot()
    def _on_next_clicked(self) -> None:
        if self.steps.currentIndex() == 0:
            self._detect_columns()
        else:
            self._run_preview()

    def _detect_columns(self) -> None:
        from app.members.import_table import detect_columns

        path, sheet = self.file_edit.text(), self.sheet_combo.currentText() or None

        def done(mapping: ColumnMapping) -> None:
            self.mapping = mapping
            self._fill_mapping_table(mapping)
            self._show_step(1)

        self._runner.run(
            Operation(work=lambda _p: detect_columns(path, sheet), success=done, label=self.tr("Finding the columns…"))
        )

    def _fill_mapping_table(self, mapping: ColumnMapping) -> None:
        from app.members.fields import FIELDS

        self.mapping_note.setText(
            self.tr("The header is row {row} of sheet {sheet}. Check what each column holds:").format(
                row=mapping.header_row, sheet=mapping.sheet
            )
        )
        lang = error_language()
        self.mapping_table.setRowCount(len(mapping.headers))
        for n, header in enumerate(mapping.headers):
            item = QLabel(header or self.tr("(no header)"))
            self.mapping_table.setCellWidget(n, 0, item)
            combo = QComboBox()
            combo.addItem(self.tr("(ignore this column)"), None)
            for field in FIELDS:
                combo.addItem(field.en if lang == "en" else field.zh, field.key)
            combo.setCurrentIndex(max(combo.findData(mapping.columns.get(n)), 0))
            self.mapping_table.setCellWidget(n, 1, combo)

    def _mapping_from_table(self) -> ColumnMapping:
        from dataclasses import replace

        assert self.mapping is not None
        columns: dict[int, str | None] = {}
        for n in range(self.mapping_table.rowCount()):
            combo = self.mapping_table.cellWidget(n, 1)
            assert isinstance(combo, QComboBox)
            columns[n] = combo.currentData()
        return replace(self.mapping, columns=columns)

    def _on_existing(self) -> str:
        return "update" if self.update_radio.isChecked() else "skip"

    def _run_preview(self) -> None:
        from app.members.excel_import import preview

        mapping = self._mapping_from_table()
        path, on_existing, db = self.file_edit.text(), self._on_existing(), self._db

        def work(progress: Any) -> ImportPreview:
            with db.unit_of_work() as session:
                return preview(session, path, mapping.sheet, mapping, on_existing=on_existing, progress=progress)  # type: ignore[arg-type]

        def done(result: ImportPreview) -> None:
            self.mapping = mapping
            self.preview_result = result
            self.preview_view.setModel(PreviewModel(result, self))
            self.preview_view.resizeColumnToContents(0)
            self.problems_check.setChecked(False)
            self.summary_label.setText(self._preview_text(result))
            self._show_step(2)

        self._runner.run(Operation(work=work, success=done, label=self.tr("Checking every row…")))

    def _preview_text(self, result: ImportPreview) -> str:
        text = self.tr(
            "{rows} rows: {new} new, {update} to update, {unchanged} unchanged, {duplicate} duplicates, "
            "{warning} with warnings, {error} with errors."
        ).format(
            rows=len(result.rows),
            **{
                status: result.count(status)
                for status in ("new", "update", "unchanged", "duplicate", "warning", "error")
            },
        )
        if result.new_groups:
            text += " " + self.tr("New member groups the import creates: {groups}.").format(
                groups="、".join(result.new_groups)
            )
        if result.has_errors and not self.valid_check.isChecked():
            text += " " + self.tr(
                "Rows with errors must be corrected first, or choose to import only the valid rows (step 1)."
            )
        return text

    @Slot(bool)
    def _on_problems_toggled(self, only: bool) -> None:
        model = self.preview_view.model()
        if isinstance(model, PreviewModel):
            model.show_only_problems(only)

    @Slot()
    def _on_report_clicked(self) -> None:
        from app.members.import_report import write_error_report

        if self.preview_result is None:
            return
        target = self.choose_report_file()
        if not target:
            return
        result = self.preview_result
        self._runner.run(Operation(work=lambda _p: write_error_report(result, Path(target)), label=self.tr("Saving…")))

    @Slot()
    def _on_import_clicked(self) -> None:
        from app.members.excel_import import run_import

        assert self.mapping is not None
        mapping, path, db, actor = self.mapping, self.file_edit.text(), self._db, self._actor
        mode: Literal["all", "valid"] = "valid" if self.valid_check.isChecked() else "all"
        on_existing: Any = self._on_existing()

        def work(progress: Any) -> ImportSummary:
            return run_import(
                db, actor, path, mapping.sheet, mapping, mode=mode, on_existing=on_existing, progress=progress
            )

        def done(summary: ImportSummary) -> None:
            self.summary = summary
            counts = summary.counts()
            self.summary_label.setText(
                self.tr(
                    "Imported: {created} new, {updated} updated, {unchanged} unchanged, {skipped} skipped, "
                    "{rejected} rejected, {warnings} with warnings."
                ).format(**counts)
            )
            self.import_button.setEnabled(False)

        self._runner.run(Operation(work=work, success=done, label=self.tr("Importing members…")))
