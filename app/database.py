"""Opening an office's database: find its key, connect, bring the schema up to date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.dbkey import KeyStore, create_key, load_key
from app.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import sessionmaker

    from db.changelog import FpaSession


@dataclass
class Database:
    """An open database: its engine, its sessions, and where its key is kept."""

    path: Path
    engine: Engine
    sessions: sessionmaker[FpaSession]
    key_store: KeyStore

    @contextmanager
    def unit_of_work(self, user: str | None = None) -> Iterator[FpaSession]:
        """A session for one user action, committed at the end of the block (see `db.session.unit_of_work`)."""
        from db.session import unit_of_work

        with translate_db_errors(self.path), unit_of_work(self.sessions, user=user) as session:
            yield session

    def close(self) -> None:
        """Release every connection; the file can then be copied or deleted."""
        self.engine.dispose()


@contextmanager
def translate_db_errors(path: Path) -> Iterator[None]:
    """Turn the database driver's errors about the file itself into a sentence the user can act on."""
    from sqlalchemy.exc import DatabaseError as SADatabaseError
    from sqlalchemy.exc import OperationalError

    try:
        yield
    except OperationalError as exc:
        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text:
            raise DatabaseError(
                f"数据库 {path} 正被另一个程序使用，请关闭其他窗口后重试。",
                f"Database {path} is in use by another program; close it and try again.",
                code="db.locked",
            ) from exc
        if "full" in text:
            raise DatabaseError(
                f"磁盘已满，无法写入数据库 {path}；请清理磁盘空间后重试，已有数据未受影响。",
                f"The disk is full; database {path} could not be written. Free some space and try again; "
                "existing data is unharmed.",
                code="db.full",
            ) from exc
        if "unable to open" in text:
            raise DatabaseError(
                f"无法打开数据库 {path}：文件夹不存在或没有权限。",
                f"Cannot open database {path}: the folder does not exist or is not writable.",
                code="db.cannot_open",
            ) from exc
        raise
    except SADatabaseError as exc:
        text = str(exc.orig).lower()
        if "not a database" in text or "malformed" in text or "encrypted" in text:
            raise DatabaseError(
                f"无法读取数据库 {path}：密钥不对，或者文件不是 FPA Desk 数据库或已损坏。",
                f"Cannot read database {path}: wrong key, or the file is not an FPA Desk database or is damaged.",
                code="db.unreadable",
            ) from exc
        raise


def open_database(path: Path, *, create: bool = False) -> Database:
    """Open the database at `path`, creating it (and its key) if `create` and it does not exist.

    The schema is created on a new database and migrated on an older one.
    """
    from app.paths import log_dir
    from db.engine import make_engine
    from db.schema import ensure_schema
    from db.session import make_session_factory

    path = Path(path)
    if path.exists():
        if path.is_dir():
            raise DatabaseError(
                f"{path} 是一个文件夹，不是数据库文件。",
                f"{path} is a folder, not a database file.",
                code="db.is_dir",
            )
        key, store = load_key(path)
    elif create:
        if not path.parent.is_dir():
            path.parent.mkdir(parents=True, exist_ok=True)
        key, store = create_key(path)
    else:
        raise DatabaseError(
            f"数据库 {path} 不存在；请先用 init 或 demo 建立。",
            f"Database {path} does not exist; create it with init or demo first.",
            code="db.missing",
        )
    engine = make_engine(path, key, cipher_log=log_dir() / "sqlcipher.log")
    with translate_db_errors(path):
        ensure_schema(engine)
    return Database(path=path, engine=engine, sessions=make_session_factory(engine), key_store=store)
