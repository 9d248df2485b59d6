"""The one way the GUI runs work off the GUI thread: an `Operation` on a single worker, with progress and cancel.

An operation's `work` runs on the worker thread, is given a `Progress`, opens its own unit of work and touches no
widget. Its result (or error) comes back on the GUI thread through a queued signal, where `success` or `failure`
runs. One worker means operations never race each other for the database; they queue.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.errors import report_error

# Work shorter than this shows no dialog at all (style.md: "only if it lasts longer than about half a second").
DIALOG_DELAY_MS = 500
POLL_MS = 100


class QtProgress:
    """A thread-safe `Progress`: the worker writes, the GUI thread polls; cancel is a flag the dialog sets."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._total = 0
        self._done = 0
        self._label = ""
        self._cancel = threading.Event()

    def start(self, total: int, label: str = "") -> None:
        with self._lock:
            self._total, self._done = total, 0
            if label:
                self._label = label

    def advance(self, n: int = 1) -> None:
        with self._lock:
            self._done += n

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the work to stop at its next check; runs on the GUI thread."""
        self._cancel.set()

    def snapshot(self) -> tuple[int, int, str]:
        """(done, total, label) as last reported."""
        with self._lock:
            return self._done, self._total, self._label


@dataclass
class Operation:
    """Work to run off the GUI thread and what to do with its outcome on the GUI thread."""

    work: Callable[[QtProgress], Any]
    success: Callable[[Any], None] = lambda _result: None
    # None: the standard report (a sentence for known errors, the crash dialog for bugs).
    failure: Callable[[BaseException], None] | None = None
    label: str = ""
    cancellable: bool = True
    progress: QtProgress = field(default_factory=QtProgress)


class OperationRunner(QObject):
    """Runs operations one at a time on a worker thread; lives on the GUI thread, owned by the main window."""

    sig_idle = Signal()
    _sig_done = Signal(object, object, object)  # operation, result, error

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fpa-operation")
        self._pending = 0
        self._watchers: list[_ProgressWatcher] = []
        self._sig_done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    def run(self, operation: Operation) -> None:
        """Queue `operation`; a progress dialog appears if it is still running after half a second."""
        self._pending += 1
        watcher = _ProgressWatcher(operation, self._parent)
        self._watchers.append(watcher)
        self._executor.submit(self._call, operation, watcher)

    def busy(self) -> bool:
        """Whether any operation is queued or running."""
        return self._pending > 0

    def progress_dialog(self) -> QProgressDialog | None:
        """The progress dialog on screen, if any."""
        return next((w.dialog() for w in self._watchers if w.dialog() is not None), None)

    def shutdown(self) -> None:
        """Ask running work to stop and wait for the worker; called when the window closes."""
        for watcher in self._watchers:
            watcher.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _call(self, operation: Operation, watcher: _ProgressWatcher) -> None:
        """Runs on the worker thread."""
        watcher.sig_started.emit()
        try:
            result = operation.work(operation.progress)
        except BaseException as exc:  # every error goes back to the GUI thread to be reported there
            self._sig_done.emit((operation, watcher), None, exc)
        else:
            self._sig_done.emit((operation, watcher), result, None)

    @Slot(object, object, object)
    def _on_done(self, pair: tuple[Operation, _ProgressWatcher], result: Any, error: BaseException | None) -> None:
        operation, watcher = pair
        watcher.finish()
        self._watchers.remove(watcher)
        self._pending -= 1
        try:
            if error is None:
                operation.success(result)
            elif operation.failure is not None:
                operation.failure(error)
            else:
                report_error(self._parent, error)
        finally:
            if self._pending == 0:
                self.sig_idle.emit()


class _ProgressWatcher(QObject):
    """Shows and updates the progress dialog of one operation, on the GUI thread."""

    sig_started = Signal()

    def __init__(self, operation: Operation, parent: QWidget) -> None:
        super().__init__(parent)
        self._operation = operation
        self._parent = parent
        self._dialog: QProgressDialog | None = None
        self._started_at = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.sig_started.connect(self._on_started, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _on_started(self) -> None:
        self._started_at = time.monotonic()
        self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        done, total, label = self._operation.progress.snapshot()
        if self._dialog is None:
            if (time.monotonic() - self._started_at) * 1000 < DIALOG_DELAY_MS:
                return
            self._dialog = self._make_dialog()
        self._dialog.setLabelText(label or self._operation.label)
        self._dialog.setMaximum(max(total, 0))
        if total:
            self._dialog.setValue(min(done, total - 1) if done < total else total)

    def _make_dialog(self) -> QProgressDialog:
        cancel_text = self.tr("Cancel") if self._operation.cancellable else ""
        dialog = QProgressDialog(self._operation.label, cancel_text, 0, 0, self._parent)
        dialog.setWindowTitle(self.tr("Please wait"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self._operation.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self._on_dialog_canceled)
        dialog.show()
        return dialog

    @Slot()
    def _on_dialog_canceled(self) -> None:
        self._operation.progress.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(self.tr("Cancelling…"))

    def dialog(self) -> QProgressDialog | None:
        """The progress dialog, once shown (tests press its Cancel button)."""
        return self._dialog

    def cancel(self) -> None:
        """Ask the operation to stop, as the Cancel button does."""
        self._operation.progress.cancel()

    def finish(self) -> None:
        self._timer.stop()
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._on_dialog_canceled)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self.deleteLater()


class LatestRun(QObject):
    """Reads for a view where only the latest request counts (a list redrawn as the user changes its filters).

    While one read runs, further requests wait and collapse into one that runs after it; a read that a newer request
    overtook is never shown, and after `cancel` (the office closed) nothing is. A request made while the view is
    hidden waits until it is shown, so that tabs out of sight keep the worker free for what is on screen. Reads go
    through the runner like every other operation, so they never race a save for the database.
    """

    def __init__(self, runner: OperationRunner, view: QWidget, label: str = "") -> None:
        super().__init__(view)
        self.runner, self.view, self.label = runner, view, label
        self._next: tuple[Callable[[QtProgress], Any], Callable[[Any], None]] | None = None
        self._running = False
        self._generation = 0
        view.installEventFilter(self)

    def request(self, work: Callable[[QtProgress], Any], show: Callable[[Any], None]) -> None:
        """Run `work` on the worker and pass its result to `show` on the GUI thread, unless overtaken."""
        self._generation += 1
        self._next = (work, show)
        if not self._running and self.view.isVisible():
            self._start()

    def cancel(self) -> None:
        """Show nothing of the reads requested so far."""
        self._generation += 1
        self._next = None

    def busy(self) -> bool:
        """Whether a read is running or waiting."""
        return self._running or self._next is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self._next is not None and not self._running:
            self._start()
        return False

    def _start(self) -> None:
        assert self._next is not None
        (work, show), self._next = self._next, None
        generation = self._generation
        self._running = True

        def success(result: Any) -> None:
            if self._finished() and generation == self._generation:
                show(result)

        def failure(error: BaseException) -> None:
            if self._finished() and generation == self._generation:
                report_error(self.view, error)

        self.runner.run(Operation(work=work, success=success, failure=failure, label=self.label, cancellable=False))

    def _finished(self) -> bool:
        """The read ended: start the waiting one if any; whether this one's outcome is still wanted."""
        self._running = False
        if self._next is not None and self.view.isVisible():
            self._start()
            return False
        return self._next is None
