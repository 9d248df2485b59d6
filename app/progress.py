"""The `Progress` protocol: how long work reports how far it got and learns that the user cancelled."""

from __future__ import annotations

from typing import Protocol

from app.errors import CancelledError


class Progress(Protocol):
    """What a long-running service is given; the GUI and the CLI each supply one, tests pass a fake."""

    def start(self, total: int, label: str = "") -> None:
        """Work of `total` steps begins (0 when the total is unknown)."""

    def advance(self, n: int = 1) -> None:
        """`n` more steps are done."""

    def cancelled(self) -> bool:
        """Whether the user asked to stop; the service checks between chunks."""


class NoProgress:
    """Progress that goes nowhere and is never cancelled."""

    def start(self, total: int, label: str = "") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def cancelled(self) -> bool:
        return False


def check_cancelled(progress: Progress) -> None:
    """Raise `CancelledError` if the user cancelled; the caller's transaction then rolls back."""
    if progress.cancelled():
        raise CancelledError()
