"""Bugs: the traceback is saved to the log folder and the user sees a dialog that says where it is."""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from app.paths import log_dir

log = logging.getLogger(__name__)


def save_crash_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, folder: Path | None = None
) -> Path:
    """Write the traceback and the versions that matter to a new file in the log folder; returns its path."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        app_version = version("fpa-desk")
    except PackageNotFoundError:
        app_version = "unknown"
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"crash-{stamp}.log"
    lines = [
        f"FPA Desk {app_version}",
        f"Python {platform.python_version()} on {platform.platform()}",
        f"Time {dt.datetime.now().isoformat(timespec='seconds')}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    path.write_text("\n".join(line.rstrip("\n") for line in lines) + "\n", encoding="utf-8")
    return path


class CrashDialog:
    """Says that FPA Desk hit a bug and where the report is; tests replace `ask`."""

    @classmethod
    def ask(cls, report: Path, details: str) -> None:
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("CrashDialog", "FPA Desk hit a problem"))
        box.setText(
            QCoreApplication.translate(
                "CrashDialog",
                "FPA Desk hit an unexpected problem. Your saved data is safe; "
                "the last action may not have finished.\n\nA report was saved to:\n{path}\n"
                "Please send this file to your county office or the developers.",
            ).format(path=report)
        )
        box.setDetailedText(details)
        open_folder = box.addButton(
            QCoreApplication.translate("CrashDialog", "Open log folder"), QMessageBox.ButtonRole.ActionRole
        )
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(report.parent)))


_showing = False


def report_crash(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Save the report, log it, and show the crash dialog (once at a time: a bug in a loop must not flood)."""
    global _showing
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    try:
        report = save_crash_report(exc_type, exc, tb)
    except OSError:
        log.exception("could not save a crash report")
        report = Path("-")
    log.error("unexpected error, report saved to %s\n%s", report, details)
    if _showing or QApplication.instance() is None:
        sys.stderr.write(details)
        return
    _showing = True
    try:
        CrashDialog.ask(report, details)
    finally:
        _showing = False


def install_excepthook() -> None:
    """Route every uncaught exception on the GUI thread (Qt slots included) to `report_crash`."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report_crash(exc_type, exc, tb)

    sys.excepthook = hook
