"""The engine: encrypted file, the connection settings, and a clear error for a wrong key."""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from db.engine import make_engine


def test_connection_settings(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "e.db", secrets.token_bytes(32))
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA cache_size")).scalar() == -65536  # 64 MiB, in KiB
        assert conn.execute(text("PRAGMA cipher_version")).scalar()
    engine.dispose()


def test_file_is_encrypted_and_needs_its_key(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    engine = make_engine(path, secrets.token_bytes(32))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (name TEXT)"))
        conn.execute(text("INSERT INTO t VALUES ('张三')"))
    engine.dispose()
    assert "张三".encode() not in path.read_bytes()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM t").fetchall()
    wrong = make_engine(path, secrets.token_bytes(32))
    with pytest.raises(DatabaseError), wrong.connect() as conn:
        conn.execute(text("SELECT * FROM t"))
    wrong.dispose()


def test_key_must_be_32_bytes(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        make_engine(tmp_path / "e.db", b"short")
