"""Fixtures for the member roll's dialogs: a main window with its operation runner, and members on the roll."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from app.database import Database
from app.members.checks import check_member
from app.members.service import add_member
from app.validation import make_id_number
from tests.helpers.database import ADMIN
from ui.operations import OperationRunner

BIRTH = date(1980, 5, 29)
ID_NUMBER = make_id_number("440105", BIRTH, 123)  # the 17th digit is odd: male


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    win = QMainWindow()
    qtbot.addWidget(win)
    return win


@pytest.fixture
def runner(window: QMainWindow) -> Iterator[OperationRunner]:
    operations = OperationRunner(window)
    yield operations
    operations.shutdown()


def put_member(db: Database, **raw: object) -> str:
    """Put a member on the roll through the service, as an earlier session of the form would have."""
    with db.unit_of_work() as session:
        return add_member(session, ADMIN, check_member(raw))
