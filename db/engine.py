"""Opening the database: one function sets up every engine the app uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL

# A raw 256-bit key skips SQLCipher's passphrase KDF (~100 ms per connection).
KEY_BYTES = 32
BUSY_TIMEOUT_MS = 5000
# Page cache per connection: 64 MiB keeps the indexes of a county-sized database in memory while a bulk import
# inserts random-order ids (with SQLite's default of 2 MiB a 100,000-member demo took 42 s instead of 38 s).
CACHE_KIB = 65536


def sqlite_url(path: Path | str, key: bytes) -> URL:
    """The SQLAlchemy URL of an encrypted SQLite file opened with a raw key."""
    if len(key) != KEY_BYTES:
        raise ValueError("the database key must be 32 bytes")
    # The pysqlcipher dialect sends the password as `PRAGMA key="…"`; x'…' is SQLCipher's raw-key form.
    return URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(path))


def make_engine(path: Path | str, key: bytes, *, cipher_log: Path | None = None, echo: bool = False) -> Engine:
    """An engine on the encrypted database at `path`, with the connection settings every connection needs.

    - foreign keys on (SQLite leaves them off);
    - WAL, so readers (the GUI's lists) never wait for a writer (an import);
    - a busy timeout, so a second writer waits instead of failing at once;
    - synchronous=NORMAL: with WAL, a commit survives an application crash; only a power cut can lose the last
      commits, never corrupt the file. Sync imports switch to FULL for their transaction (sync-format.md).

    SQLCipher writes its own errors (e.g. "hmac check failed" on a wrong key) to stderr; they go to `cipher_log`
    instead, or nowhere, because the user is told in a sentence already.

    A failed statement's error never repeats its values (`hide_parameters`): a crash report is a file the office
    sends on, and the values are ID numbers, phones and health details.
    """
    engine = create_engine(sqlite_url(path, key), echo=echo, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        if cipher_log is None:
            cursor.execute("PRAGMA cipher_log_level = NONE")
        else:
            cursor.execute(f"PRAGMA cipher_log = '{_sql_text(str(cipher_log))}'")
            cursor.execute("PRAGMA cipher_log_level = ERROR")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cursor.close()

    # pysqlite's own transaction handling defers BEGIN until the first write, which breaks SAVEPOINT and lets a
    # read-then-write race; BEGIN explicitly (SQLAlchemy docs, "Serializable isolation / Savepoints").
    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    from db.changelog import guard_engine

    guard_engine(engine)
    return engine


# SQLite's query planner needs statistics to prefer a search's index over a filter's (status matches most rows):
# refreshed after bulk writes. A full ANALYZE (about a second at 100,000 members): a sampled one (analysis_limit)
# misjudged the status column and sent searches back to reading most of the roll.
STATISTICS = ("ANALYZE",)


def refresh_statistics(connection: Connection) -> None:
    """Update the planner's statistics after a bulk write (a demo, an import, a sync package)."""
    for statement in STATISTICS:
        connection.exec_driver_sql(statement)


def _sql_text(value: str) -> str:
    """`value` made safe inside a single-quoted SQL literal (PRAGMA takes no bound parameters)."""
    return value.replace("'", "''")
