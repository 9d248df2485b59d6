"""The database key: 32 random bytes, kept in the OS keyring, or in a key file beside the database.

The keyring is asked in a worker thread with a short timeout: with a D-Bus session but no secret service it can
block for two minutes, and on a headless machine it raises at once.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from app.errors import DatabaseError

SERVICE = "fpa-desk"
KEYRING_TIMEOUT_S = 3.0
KeyStore = Literal["keyring", "file"]


def _with_timeout[T](fn: Callable[[], T]) -> T | None:
    """`fn()` run in a daemon thread; None if it fails or does not answer in time."""
    box: list[T] = []

    def run() -> None:
        # Any keyring failure means "no keyring here".
        with contextlib.suppress(Exception):
            box.append(fn())

    worker = threading.Thread(target=run, name="keyring", daemon=True)
    worker.start()
    worker.join(KEYRING_TIMEOUT_S)
    return box[0] if box else None


def _account(db_path: Path) -> str:
    return f"database:{db_path.resolve()}"


def key_file(db_path: Path) -> Path:
    """The key file used where no OS keyring exists."""
    return db_path.with_name(db_path.name + ".key")


def _keyring_get(db_path: Path) -> bytes | None:
    import keyring

    value = _with_timeout(lambda: keyring.get_password(SERVICE, _account(db_path)))
    return bytes.fromhex(value) if value else None


def _keyring_set(db_path: Path, key: bytes) -> bool:
    import keyring

    def store() -> bool:
        keyring.set_password(SERVICE, _account(db_path), key.hex())
        return True

    return bool(_with_timeout(store))


def load_key(db_path: Path) -> tuple[bytes, KeyStore]:
    """The key of an existing database, and where it was found."""
    path = key_file(db_path)
    if path.exists():
        return bytes.fromhex(path.read_text(encoding="ascii").strip()), "file"
    key = _keyring_get(db_path)
    if key is not None:
        return key, "keyring"
    raise DatabaseError(
        f"找不到数据库 {db_path} 的密钥（系统钥匙串和密钥文件中都没有），无法打开。",
        f"The key of database {db_path} is in neither the system keyring nor a key file; it cannot be opened.",
        code="db.no_key",
    )


def create_key(db_path: Path) -> tuple[bytes, KeyStore]:
    """A new key for a new database, stored in the keyring, or in a key file readable only by this user."""
    key = secrets.token_bytes(32)
    if _keyring_set(db_path, key) and _keyring_get(db_path) == key:
        return key, "keyring"
    path = key_file(db_path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key.hex())
    return key, "file"
