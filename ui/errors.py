"""The one way the GUI tells a user that something went wrong.

Known errors (`FpaError`) become one sentence in the interface language; a cancel is a note in the status bar;
anything else is a bug and goes to the crash dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from app.errors import CancelledError, FpaError
from ui.i18n import error_language

STATUS_MESSAGE_MS = 8000


class ErrorBox:
    """The message box for known errors; tests replace `ask` to read what the user would have read."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)


def report_error(parent: QWidget | None, error: BaseException) -> None:
    """Tell the user about `error` in the way its kind calls for."""
    if isinstance(error, CancelledError):
        window = parent.window() if parent is not None else None
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(error.message(error_language()), STATUS_MESSAGE_MS)
        return
    if isinstance(error, FpaError):
        ErrorBox.ask(parent, QCoreApplication.translate("Errors", "FPA Desk"), error.message(error_language()))
        return
    from ui.crash import report_crash

    report_crash(type(error), error, error.__traceback__)
