"""Writing a file the user asked for (a PDF, a workbook) in the background, the same way on every page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow, QWidget

from ui.operations import Operation

if TYPE_CHECKING:
    from app.office import Office
    from ui.operations import OperationRunner

STATUS_MESSAGE_MS = 8000


def choose_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> str:
    """Where to save a file ("" if the user cancels)."""
    name, _chosen = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return name


def write_in_background(
    parent: QWidget,
    office: Office,
    runner: OperationRunner,
    path: str | Path,
    label: str,
    write: Callable[[Any, Any, Path, Any], Any],
    done: Callable[[Any], None] | None = None,
) -> None:
    """Run `write(session, actor, path, progress)` in its own unit of work off the GUI thread (with progress and
    cancel); say "Saved …" in the status bar when it is written, then call `done` with its result."""
    target = Path(path)

    def work(progress: Any) -> Any:
        with office.db.unit_of_work(office.actor.username) as session:
            return write(session, office.actor, target, progress)

    def success(result: Any) -> None:
        window = parent.window()
        if isinstance(window, QMainWindow):
            text = QCoreApplication.translate("Files", "Saved {path}.").format(path=target)
            window.statusBar().showMessage(text, STATUS_MESSAGE_MS)
        if done is not None:
            done(result)

    runner.run(Operation(work=work, success=success, label=label))
