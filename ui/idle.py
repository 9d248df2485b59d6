"""Noticing that nobody uses the window: the idle time after which FPA Desk locks itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ui.i18n import settings

IDLE_MINUTES_KEY = "security/idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 10
MIN_IDLE_MINUTES, MAX_IDLE_MINUTES = 1, 120
# Input that shows someone is at the keyboard; painting and timers do not count.
_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}  # fmt: skip


def idle_minutes() -> int:
    """The idle time set on this PC (Settings page), within sensible bounds."""
    try:
        value = int(str(settings().value(IDLE_MINUTES_KEY, DEFAULT_IDLE_MINUTES)))
    except (TypeError, ValueError):
        value = DEFAULT_IDLE_MINUTES
    return min(MAX_IDLE_MINUTES, max(MIN_IDLE_MINUTES, value))


def set_idle_minutes(minutes: int) -> None:
    settings().setValue(IDLE_MINUTES_KEY, int(minutes))


class IdleWatcher(QObject):
    """Emits `sig_idle` when no key or mouse input reached the application for the idle time."""

    sig_idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sig_idle)
        self._watching = False

    def start(self, milliseconds: int | None = None) -> None:
        """Start (or restart) watching; `milliseconds` overrides the setting (tests)."""
        self.timer.setInterval(milliseconds if milliseconds is not None else idle_minutes() * 60_000)
        app = QApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
            self._watching = True
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
            self._watching = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False
