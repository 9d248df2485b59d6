"""Opening an office's database: find its key, connect, bring the schema up to date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.dbkey import Credentials, KeyStore, create_key, load_key
from app.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import sessionmaker

    from db.changelog import FpaSession


@dataclass
class Database:
    """An open database: its engine, its sessions, its key and where the key is kept."""

    path: Path
    engine: Engine
    sessions: sessionmaker[FpaSession]
    key_store: KeyStore
    key: bytes = field(repr=False)

    @contextmanager
    def unit_of_work(self, user: str | None = None) -> Iterator[FpaSession]:
        """A session for one user action, committed at the end of the block (see `db.session.unit_of_work`)."""
        from db.session import unit_of_work

        with translate_db_errors(self.path), unit_of_work(self.sessions, user=user) as session:
            session.info["database"] = self  # account services re-seal the key file through it
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


def _refuse_unusable(path: Path) -> None:
    if path.is_dir():
        raise DatabaseError(
            f"{path} 是一个文件夹，不是数据库文件。", f"{path} is a folder, not a database file.", code="db.is_dir"
        )
    if is_plaintext(path):
        raise DatabaseError(
            f"数据库 {path} 没有加密；请先加密（图形界面打开时会提示，命令行：fpa-desk encrypt --db {path}）。",
            f"Database {path} is not encrypted; encrypt it first (the app offers to when it opens; "
            f"command line: fpa-desk encrypt --db {path}).",
            code="db.plaintext",
        )


PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"


def is_plaintext(path: Path) -> bool:
    """Whether `path` is an unencrypted SQLite file (an encrypted one starts with random bytes)."""
    try:
        with path.open("rb") as file:
            return file.read(len(PLAIN_SQLITE_HEADER)) == PLAIN_SQLITE_HEADER
    except OSError:
        return False


def open_database(path: Path, credentials: Credentials | None = None) -> Database:
    """Open the existing database at `path`, migrating its schema if it is older than this version.

    Where the key is kept in a key file, `credentials` (a user of this database) unlock it.
    """
    path = Path(path)
    if not path.exists():
        raise DatabaseError(
            f"数据库 {path} 不存在；请先用 init 或 demo 建立。",
            f"Database {path} does not exist; create it with init or demo first.",
            code="db.missing",
        )
    _refuse_unusable(path)
    key, store = load_key(path, credentials)
    return connect_with_key(path, key, store)


def create_database(path: Path, admin: Credentials, display_name: str = "") -> Database:
    """A new encrypted database at `path` with its first admin account; the key goes to the keyring or key file.

    Refuses an existing file. The admin's password is checked before anything is written.
    """
    from app.accounts.passwords import check_new_password
    from app.accounts.users import check_username, create_user

    path = Path(path)
    if path.exists():
        raise DatabaseError(
            f"数据库 {path} 已存在；请换一个文件名，或先备份后删除原文件。",
            f"Database {path} already exists; choose another file name.",
            code="db.exists",
        )
    check_username(admin.username)
    check_new_password(admin.password, username=admin.username)
    path.parent.mkdir(parents=True, exist_ok=True)
    key, store = create_key(path, admin)
    db = connect_with_key(path, key, store)
    try:
        with db.unit_of_work() as session:
            create_user(session, None, admin.username, display_name, "admin", admin.password)
    except BaseException:
        db.close()
        raise
    return db


def check_key(path: Path, key: bytes) -> None:
    """Refuse `key` unless it opens the database at `path`."""
    from sqlalchemy import text

    from db.engine import make_engine

    engine = make_engine(path, key)
    try:
        with translate_db_errors(path), engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
    finally:
        engine.dispose()


def connect_with_key(path: Path, key: bytes, store: KeyStore) -> Database:
    """Open `path` with a key already in hand (a recovery key, a restore): migrate the schema if needed.

    A database of an older version is backed up before its migration.
    """
    from app.paths import log_dir
    from db.engine import make_engine
    from db.schema import SCHEMA_HEAD, current_revision, ensure_schema
    from db.session import make_session_factory

    engine = make_engine(path, key, cipher_log=log_dir() / "sqlcipher.log")
    db = Database(path=path, engine=engine, sessions=make_session_factory(engine), key_store=store, key=key)
    try:
        with translate_db_errors(path):
            stored = current_revision(engine)
            saved = None
            if stored is not None and stored != SCHEMA_HEAD:
                from app.backups import write_backup

                saved = write_backup(db, "before-migration")
            ensure_schema(engine)
            if saved is not None:
                from app import audit

                with db.unit_of_work() as session:
                    audit.record(session, None, "backup", detail={"file": saved.name, "reason": "before-migration",
                                                                   "from_revision": stored})  # fmt: skip
    except BaseException:
        engine.dispose()
        raise
    return db


def encrypt_plaintext(path: Path, admin: Credentials) -> KeyStore:
    """Encrypt the unencrypted FPA Desk database at `path` in place: copy encrypted, verify, swap; returns the store.

    `admin` must be an admin of that database (checked against its accounts) or, in a database from before accounts
    existed, becomes its first admin. The encrypted copy is checked (integrity, the same rows in every table) before
    it replaces the original; a crash before the swap leaves the original as it was.
    """
    import os
    import sqlite3

    from app.accounts.passwords import verify_password
    from app.dbkey import create_key, forget_keyring_entry, key_file

    path = Path(path)
    if not is_plaintext(path):
        raise DatabaseError(
            f"{path} 不是未加密的数据库。", f"{path} is not an unencrypted database.", code="db.not_plaintext"
        )
    plain = sqlite3.connect(path)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = [row[0] for row in plain.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if "alembic_version" not in tables or "member" not in tables:
            raise DatabaseError(
                f"{path} 不是 FPA Desk 的数据库。", f"{path} is not an FPA Desk database.", code="db.foreign"
            )
        users = (
            plain.execute(
                "SELECT role, password_hash FROM user WHERE lower(username) = ?", (admin.username.lower(),)
            ).fetchall()
            if "user" in tables
            else []
        )
        has_users = "user" in tables and plain.execute("SELECT count(*) FROM user").fetchone()[0] > 0
        if has_users and not (users and users[0][0] == "admin" and verify_password(admin.password, users[0][1])):
            from app.errors import AccessDenied

            raise AccessDenied(
                "只有这个数据库的管理员可以加密它：用户名或密码不正确。",
                "Only an admin of this database can encrypt it: wrong user name or password.",
                code="login.failed",
            )
        counts = {t: plain.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        plain.close()

    encrypted = path.with_name(path.name + ".encrypting")
    encrypted.unlink(missing_ok=True)
    key, store = create_key(path, admin)
    try:
        import sqlcipher3

        source = sqlcipher3.connect(str(path))
        try:
            source.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(encrypted),))
            source.execute("SELECT sqlcipher_export('encrypted')")
            source.execute("DETACH DATABASE encrypted")
        finally:
            source.close()
        check = sqlcipher3.connect(str(encrypted))
        try:
            check.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            ok = [row[0] for row in check.execute("PRAGMA integrity_check")] == ["ok"]
            same = all(check.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] == n for t, n in counts.items())
        finally:
            check.close()
        if not (ok and same):
            raise DatabaseError(
                "加密后的副本校验未通过，原数据库未作更改。", "The encrypted copy did not verify; nothing was changed.",
                code="db.encrypt_failed",
            )  # fmt: skip
        with encrypted.open("rb") as file:
            os.fsync(file.fileno())
        for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            extra.unlink(missing_ok=True)
        os.replace(encrypted, path)
    except BaseException:
        encrypted.unlink(missing_ok=True)
        key_file(path).unlink(missing_ok=True)
        forget_keyring_entry(path)
        raise
    db = connect_with_key(path, key, store)
    try:
        from app import audit
        from app.accounts.users import create_user

        with db.unit_of_work(admin.username) as session:
            if not has_users:
                create_user(session, None, admin.username, "", "admin", admin.password)
            audit.record(session, admin.username, "encrypt", detail={"key_store": store})
    finally:
        db.close()
    return store
