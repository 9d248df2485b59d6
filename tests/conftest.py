"""Test configuration shared by every test: offscreen Qt, an in-memory keyring, a private data folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from app.database import Database

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.helpers.keyring_backend.MemoryKeyring"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own per-user data folder (and working folder), so nothing touches the real ones.

    Commands run as the test databases' admin, as a script would: FPA_DESK_USER and FPA_DESK_PASSWORD.
    """
    from tests.helpers.database import ADMIN_LOGIN

    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("FPA_DESK_DATA_DIR", str(data))
    monkeypatch.setenv("FPA_DESK_USER", ADMIN_LOGIN.username)
    monkeypatch.setenv("FPA_DESK_PASSWORD", ADMIN_LOGIN.password)
    monkeypatch.delenv("FPA_DESK_NEW_PASSWORD", raising=False)
    monkeypatch.chdir(data)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A new encrypted database set up as a village office."""
    from tests.helpers.database import new_database

    database = new_database(tmp_path)
    yield database
    database.close()
