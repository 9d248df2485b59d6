"""Where FPA Desk keeps its per-user files: the database, logs and backups."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "fpa-desk"
DATABASE_NAME = "fpa-desk.db"


def data_dir() -> Path:
    """The per-user data folder; `FPA_DESK_DATA_DIR` moves it (a portable install, or tests)."""
    override = os.environ.get("FPA_DESK_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    """The database the GUI and the CLI open when none is named."""
    return data_dir() / DATABASE_NAME


def log_dir() -> Path:
    """Where crash reports and SQLCipher's own messages go."""
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
