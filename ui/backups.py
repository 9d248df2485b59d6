"""The backups window for admins: the office's backups, backing up now, restoring one, how many to keep."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.errors import report_error
from ui.i18n import error_language
from ui.operations import Operation

if TYPE_CHECKING:
    from app.backups import BackupInfo
    from app.database import Database
    from app.office import Office
    from ui.operations import OperationRunner, QtProgress


class BackupsDialog(QDialog):
    """Lists this database's backups; every action runs in the background and reports in one sentence."""

    def __init__(
        self, office: Office, runner: OperationRunner, on_restored: Callable[[Database], None],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        from app.backups import backup_folder

        super().__init__(parent)
        self.office, self.runner, self.on_restored = office, runner, on_restored
        self.backups: list[BackupInfo] = []
        self.setWindowTitle(self.tr("Backups"))
        self.resize(760, 460)
        self.folder = backup_folder(office.db.path)
        intro = QLabel(
            self.tr(
                "Backups are made on exit once a day and before every import, upgrade and restore. They stay "
                "encrypted with this database's key. Folder: {folder}"
            ).format(folder=self.folder)
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Made"), self.tr("Why"), self.tr("Size")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.backup_button = QPushButton(self.tr("&Back up now"))
        self.restore_button = QPushButton(self.tr("&Restore the selected backup…"))
        self.folder_button = QPushButton(self.tr("Open the &folder"))
        self.backup_button.clicked.connect(self._on_backup)
        self.restore_button.clicked.connect(self._on_restore)
        self.folder_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder))))
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.daily_spin, self.weekly_spin = QSpinBox(), QSpinBox()
        for spin in (self.daily_spin, self.weekly_spin):
            spin.setRange(1, 60)
        keep = QFormLayout()
        keep.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        keep.addRow(self.tr("Keep &daily backups for (days):"), self.daily_spin)
        keep.addRow(self.tr("Keep &weekly backups for (weeks):"), self.weekly_spin)
        self.save_keep_button = QPushButton(self.tr("&Save"))
        self.save_keep_button.clicked.connect(self._on_save_retention)
        keep.addRow("", self.save_keep_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addLayout(keep)
        layout.addWidget(close)
        self.reload()

    @classmethod
    def ask(
        cls, office: Office, runner: OperationRunner, on_restored: Callable[[Database], None],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        cls(office, runner, on_restored, parent).exec()

    # Questions (tests replace this) ----------------------------------------------------------------------------

    def confirm_restore(self, backup: BackupInfo) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Restore a backup"),
            self.tr(
                "Replace the database by the backup of {made}? Everything entered since then is set aside (the "
                "database as it is now is backed up first). Packages sent to the county after that time will be "
                "sent again from the restored data."
            ).format(made=backup.created.strftime("%Y-%m-%d %H:%M")),
        )
        return answer == QMessageBox.StandardButton.Yes

    # The list ---------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        db = self.office.db

        def work(_progress: QtProgress) -> tuple[list[BackupInfo], tuple[int, int]]:
            from app.backups import list_backups, retention

            return list_backups(db.path), retention(db)

        self.runner.run(Operation(work=work, success=self._show, failure=lambda e: report_error(self, e),
                                  label=self.tr("Reading the backups…"), cancellable=False))  # fmt: skip

    def _show(self, result: tuple[list[BackupInfo], tuple[int, int]]) -> None:
        from app.backups import REASONS

        self.backups, (daily, weekly) = result
        english = error_language() == "en"
        self.table.setRowCount(len(self.backups))
        for row, backup in enumerate(self.backups):
            why = REASONS.get(backup.reason, (backup.reason, backup.reason))[1 if english else 0]
            cells = (backup.created.strftime("%Y-%m-%d %H:%M:%S"), why, f"{backup.size / 1_048_576:.1f} MB")
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.daily_spin.setValue(daily)
        self.weekly_spin.setValue(weekly)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    # Actions ---------------------------------------------------------------------------------------------------

    @Slot()
    def _on_backup(self) -> None:
        office = self.office

        def work(progress: QtProgress) -> BackupInfo:
            from app.backups import create_backup

            return create_backup(office.db, office.actor, "manual", progress=progress)

        self.runner.run(Operation(work=work, success=lambda _b: self.reload(), failure=lambda e: report_error(self, e),
                                  label=self.tr("Backing up…")))  # fmt: skip

    @Slot()
    def _on_restore(self) -> None:
        backup = self.selected()
        if backup is None or not self.confirm_restore(backup):
            return
        office, path = self.office, Path(backup.path)

        def work(progress: QtProgress) -> Database:
            from app.backups import restore_backup

            return restore_backup(office.db, office.actor, path, progress=progress)

        def done(restored: Database) -> None:
            self.on_restored(restored)
            self.accept()

        self.runner.run(Operation(work=work, success=done, failure=lambda e: report_error(self, e),
                                  label=self.tr("Restoring the backup…"), cancellable=False))  # fmt: skip

    @Slot()
    def _on_save_retention(self) -> None:
        office, daily, weekly = self.office, self.daily_spin.value(), self.weekly_spin.value()

        def work(_progress: QtProgress) -> None:
            from app.backups import rotate, set_retention

            set_retention(office.db, office.actor, daily, weekly)
            rotate(office.db)

        self.runner.run(Operation(work=work, success=lambda _r: self.reload(), failure=lambda e: report_error(self, e),
                                  label=self.tr("Saving…"), cancellable=False))  # fmt: skip
