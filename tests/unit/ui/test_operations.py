"""The background-operation helper: results on the GUI thread, errors reported one way, progress and cancel."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QPushButton
from pytestqt.qtbot import QtBot

from app.errors import CancelledError, DatabaseError
from app.progress import Progress, check_cancelled
from ui import errors as ui_errors
from ui import operations
from ui.operations import Operation, OperationRunner, QtProgress

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    win = QMainWindow()
    qtbot.addWidget(win)
    return win


def test_work_runs_off_the_gui_thread_and_success_runs_on_it(qtbot: QtBot, window: QMainWindow) -> None:
    runner = OperationRunner(window)
    seen: dict[str, Any] = {}

    def work(_progress: Progress) -> int:
        seen["work_thread"] = threading.current_thread()
        return 42

    def success(result: int) -> None:
        seen["result"] = result
        seen["success_thread"] = threading.current_thread()

    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        runner.run(Operation(work=work, success=success))
    assert seen["result"] == 42
    assert seen["work_thread"] is not threading.main_thread()
    assert seen["success_thread"] is threading.main_thread()
    assert not runner.busy()
    runner.shutdown()


def test_operations_run_one_at_a_time_in_order(qtbot: QtBot, window: QMainWindow) -> None:
    runner = OperationRunner(window)
    log: list[str] = []
    active = threading.Semaphore(1)

    def work(name: str) -> Any:
        def run(_progress: Progress) -> str:
            assert active.acquire(blocking=False), "two operations ran at once"
            time.sleep(0.02)
            log.append(name)
            active.release()
            return name

        return run

    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        for name in "abc":
            runner.run(Operation(work=work(name)))
    assert log == ["a", "b", "c"]
    runner.shutdown()


def test_known_error_becomes_one_sentence_for_the_user(
    qtbot: QtBot, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(ui_errors.ErrorBox, "ask", classmethod(lambda cls, parent, title, text: shown.append(text)))
    runner = OperationRunner(window)

    def work(_progress: Progress) -> None:
        raise DatabaseError("数据库正被另一个程序使用。", "The database is in use.", code="db.locked")

    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        runner.run(Operation(work=work))
    assert shown == ["数据库正被另一个程序使用。"]
    runner.shutdown()


def test_unexpected_error_goes_to_the_crash_report(
    qtbot: QtBot, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import crash

    reports: list[str] = []
    monkeypatch.setattr(crash.CrashDialog, "ask", classmethod(lambda cls, report, details: reports.append(details)))
    runner = OperationRunner(window)

    def work(_progress: Progress) -> None:
        raise ZeroDivisionError("boom in the worker")

    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        runner.run(Operation(work=work))
    assert len(reports) == 1
    assert "ZeroDivisionError: boom in the worker" in reports[0]
    runner.shutdown()


def test_long_work_shows_a_dialog_that_cancels_it(
    qtbot: QtBot, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(operations, "DIALOG_DELAY_MS", 50)
    runner = OperationRunner(window)
    outcome: list[BaseException] = []
    steps: list[int] = []

    def work(progress: Progress) -> None:
        progress.start(1000, "Counting")
        for i in range(1000):
            check_cancelled(progress)
            steps.append(i)
            progress.advance()
            time.sleep(0.005)

    runner.run(Operation(work=work, failure=outcome.append, label="Counting"))
    qtbot.waitUntil(lambda: runner.progress_dialog() is not None, timeout=5000)
    dialog = runner.progress_dialog()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=5000)
    assert dialog.labelText() == "Counting"
    assert dialog.maximum() == 1000
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    assert len(outcome) == 1 and isinstance(outcome[0], CancelledError)
    assert len(steps) < 1000
    assert runner.progress_dialog() is None
    runner.shutdown()


def test_quick_work_shows_no_dialog(qtbot: QtBot, window: QMainWindow) -> None:
    runner = OperationRunner(window)
    dialogs: list[object] = []
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        runner.run(Operation(work=lambda _p: dialogs.append(runner.progress_dialog())))
    assert dialogs == [None]
    runner.shutdown()


def test_cancel_is_reported_in_the_status_bar(qtbot: QtBot, window: QMainWindow) -> None:
    runner = OperationRunner(window)

    def work(_progress: Progress) -> None:
        raise CancelledError()

    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        runner.run(Operation(work=work))
    assert window.statusBar().currentMessage() == "操作已取消，数据未作更改。"
    runner.shutdown()


def test_qt_progress_counts_and_cancels() -> None:
    progress = QtProgress()
    progress.start(10, "Importing")
    progress.advance(3)
    progress.advance()
    assert progress.snapshot() == (4, 10, "Importing")
    assert not progress.cancelled()
    progress.cancel()
    assert progress.cancelled()


def test_latest_run_shows_only_the_newest_request_and_skips_those_overtaken(
    qtbot: QtBot, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing a filter fast asks for many reads: the first runs, the rest collapse into one, only its result shows."""
    shown_errors: list[str] = []
    monkeypatch.setattr(ui_errors.ErrorBox, "ask", classmethod(lambda cls, p, t, text: shown_errors.append(text)))
    runner = OperationRunner(window)
    reads = operations.LatestRun(runner, window)
    hidden: list[str] = []
    reads.request(lambda _progress: "hidden", hidden.append)
    qtbot.wait(50)
    assert reads.busy() and not runner.busy()  # a view out of sight reads when it is shown
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        window.show()
    assert hidden == ["hidden"]
    gate = threading.Event()
    ran: list[str] = []
    shown: list[str] = []

    def work(name: str) -> Any:
        def run(_progress: Progress) -> str:
            if name == "a":
                gate.wait(5)  # still running while b, c and d are asked for
            ran.append(name)
            return name

        return run

    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        for name in "abcd":
            reads.request(work(name), shown.append)
            assert reads.busy()
        gate.set()
    assert ran == ["a", "d"]  # b and c were overtaken before they started
    assert shown == ["d"]  # a was overtaken while it ran
    assert not reads.busy()

    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        reads.request(work("e"), shown.append)
        reads.cancel()  # the office closed meanwhile
    assert ran[-1] == "e" and shown == ["d"]

    def broken(_progress: Progress) -> None:
        raise DatabaseError("数据库文件已损坏。", "The database file is damaged.")

    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        reads.request(broken, shown.append)
    assert len(shown_errors) == 1 and ("损坏" in shown_errors[0] or "damaged" in shown_errors[0])
    runner.shutdown()
