"""Backups of an office's database: made with SQLite's online backup API, kept encrypted, rotated, restorable.

A backup is a copy of the encrypted database under the same key, written beside its final name, checked with
`PRAGMA integrity_check` and then renamed into the per-user backup folder, so a crash leaves either no backup or a
whole one. Backups are made on exit once a day (GUI), before every import, migration and restore, and on request.
Rotation keeps the newest backup of each of the last 7 days and of each of the last 8 weeks (configurable), plus
the newest few whatever their age.

Restoring checks the backup first, backs up the current database, then swaps the files in one rename: a crash at
any point leaves the database as it was or as the backup. The restored database gets a new epoch (sync-format.md),
so its change numbers never collide with the ones the office already sent.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from app import audit
from app.accounts.users import Actor, require_role
from app.errors import CancelledError, DatabaseError, ValidationError
from app.paths import data_dir
from app.progress import NoProgress, Progress

if TYPE_CHECKING:
    from app.database import Database

Reason = Literal["manual", "daily", "before-import", "before-migration", "before-restore"]
REASONS: dict[str, tuple[str, str]] = {
    "manual": ("手动备份", "manual"),
    "daily": ("每日自动备份", "daily"),
    "before-import": ("导入前", "before an import"),
    "before-migration": ("升级前", "before an upgrade"),
    "before-restore": ("恢复前", "before a restore"),
}
KEEP_DAILY, KEEP_WEEKLY, KEEP_NEWEST = 7, 8, 3
KEEP_DAILY_KEY, KEEP_WEEKLY_KEY = "backup.keep_daily", "backup.keep_weekly"
SUFFIX = ".fpabak"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<at>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)\.fpabak$")
_PAGES_PER_STEP = 256


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where, when, why, how big."""

    path: Path
    created: datetime
    reason: str
    size: int


def backup_folder(db_path: Path) -> Path:
    """The per-user folder of this database's backups (one folder per database file)."""
    resolved = str(Path(db_path).resolve())
    tag = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:8]
    return data_dir() / "backups" / f"{Path(db_path).stem}-{tag}"


def list_backups(db_path: Path) -> list[BackupInfo]:
    """This database's backups, newest first (unfinished `.part` files are not backups)."""
    folder = backup_folder(db_path)
    found = []
    for path in folder.glob(f"*{SUFFIX}") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match is None:
            continue
        created = datetime.strptime(match["at"], "%Y%m%d-%H%M%S-%f")
        found.append(BackupInfo(path, created, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: b.created, reverse=True)


def _copy_database(source: Any, target_path: Path, key: bytes, progress: Progress) -> None:
    """Copy the open SQLCipher connection `source` into a new file under the same key, page by page."""
    import sqlcipher3

    target = sqlcipher3.connect(str(target_path))
    try:
        target.execute(f"PRAGMA key = \"x'{key.hex()}'\"")

        copied = [-1]  # pages reported so far; -1 before the first step

        def step(_status: int, remaining: int, total: int) -> None:
            if copied[0] < 0:
                progress.start(total, "备份数据库")
                copied[0] = 0
            progress.advance(total - remaining - copied[0])
            copied[0] = total - remaining
            if progress.cancelled():
                raise CancelledError

        source.backup(target, pages=_PAGES_PER_STEP, progress=step)
    finally:
        target.close()


def check_backup_file(path: Path, key: bytes) -> None:
    """Refuse a backup that is unreadable with `key` (another database's, damaged, truncated) or not intact."""
    import sqlcipher3

    wrong = ValidationError(
        f"备份文件 {path.name} 无法读取：它已损坏，或不是这个数据库的备份。",
        f"Backup {path.name} cannot be read: it is damaged or belongs to another database.",
        code="backup.unreadable",
    )
    if not path.is_file() or path.stat().st_size == 0:
        raise wrong
    connection = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlcipher3.DatabaseError as exc:
        raise wrong from exc
    finally:
        connection.close()
    if result != ["ok"] or not {"site", "member", "alembic_version"} <= tables:
        raise wrong


def write_backup(
    db: Database, reason: Reason, *, now: datetime | None = None, progress: Progress | None = None
) -> Path:
    """Back up the open database `db` into its backup folder; returns the new file. Not audited (see below)."""
    progress = progress or NoProgress()
    now = now or datetime.now()
    folder = backup_folder(db.path)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{db.path.stem}-{now:%Y%m%d-%H%M%S-%f}-{reason}{SUFFIX}"
    partial = final.with_name(final.name + ".part")
    for stale in folder.glob(f"*{SUFFIX}.part"):  # left by a backup that was killed
        stale.unlink(missing_ok=True)
    try:
        with db.engine.connect() as connection:
            raw = connection.connection.driver_connection
            _copy_database(raw, partial, db.key, progress)
        check_backup_file(partial, db.key)
        with partial.open("rb") as file:
            os.fsync(file.fileno())
        os.replace(partial, final)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(
            f"无法写入备份文件夹 {folder}：{exc.strerror or exc}。请检查磁盘空间。",
            f"Cannot write to the backup folder {folder}: {exc.strerror or exc}. Check the free disk space.",
            code="backup.write",
        ) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if reason != "before-migration":  # the settings of rotation are read from a schema that is up to date
        rotate(db)
    return final


def create_backup(
    db: Database,
    actor: Actor | None,
    reason: Reason = "manual",
    *,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> BackupInfo:
    """A backup made for a user (admins only for a manual one), audited in the database it copies."""
    if reason == "manual":
        if actor is None:
            raise ValueError("a manual backup needs the acting user")
        require_role(actor, "admin")
    now = now or datetime.now()
    path = write_backup(db, reason, now=now, progress=progress)
    with db.unit_of_work(actor.username if actor else None) as session:
        audit.record(session, actor.username if actor else None, "backup", detail={"file": path.name, "reason": reason})
    return BackupInfo(path, now, reason, path.stat().st_size)


def retention(db: Database) -> tuple[int, int]:
    """How many daily and weekly backups to keep (the settings, or the defaults)."""
    from db.models import Setting

    with db.unit_of_work() as session:
        daily, weekly = session.get(Setting, KEEP_DAILY_KEY), session.get(Setting, KEEP_WEEKLY_KEY)
        return (int(daily.value) if daily else KEEP_DAILY, int(weekly.value) if weekly else KEEP_WEEKLY)


def set_retention(db: Database, actor: Actor, daily: int, weekly: int) -> None:
    """An admin changes how many daily and weekly backups are kept (1-60 each)."""
    from db.models import Setting

    require_role(actor, "admin")
    for value in (daily, weekly):
        if not 1 <= value <= 60:
            raise ValidationError(
                "保留的备份份数应在 1 到 60 之间。", "Keep between 1 and 60 backups.", code="backup.retention"
            )
    with db.unit_of_work(actor.username) as session:
        session.merge(Setting(key=KEEP_DAILY_KEY, value=str(daily)))
        session.merge(Setting(key=KEEP_WEEKLY_KEY, value=str(weekly)))
        audit.record(session, actor.username, "settings", detail={"keep_daily": daily, "keep_weekly": weekly})


def backups_to_keep(backups: list[BackupInfo], daily: int, weekly: int) -> set[Path]:
    """The newest backup of each of the `daily` most recent days and `weekly` most recent weeks, plus the newest."""
    newest_first = sorted(backups, key=lambda b: b.created, reverse=True)
    keep = {b.path for b in newest_first[:KEEP_NEWEST]}
    days: dict[date, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    for backup in newest_first:
        day = backup.created.date()
        if day not in days and len(days) < daily:
            days[day] = backup.path
        week = tuple(day.isocalendar())[:2]
        if week not in weeks and len(weeks) < weekly:
            weeks[week] = backup.path  # type: ignore[index]
    return keep | set(days.values()) | set(weeks.values())


def rotate(db: Database) -> list[Path]:
    """Delete the backups the retention rule no longer keeps; returns what was deleted."""
    backups = list_backups(db.path)
    keep = backups_to_keep(backups, *retention(db))
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def needs_daily_backup(db_path: Path, today: date | None = None) -> bool:
    """Whether no backup of this database was made today (the GUI makes one on exit)."""
    today = today or date.today()
    return not any(b.created.date() == today for b in list_backups(db_path))


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not possible on Windows; the rename is durable there anyway
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _renew_restored_copy(copy: Path, key: bytes, actor: Actor, backup: Path, safety: Path) -> None:
    """Give the copy about to be swapped in a new epoch and the audit row of the restore, before the swap.

    Done in the copy so that the swap itself is the one step that changes what the database is: after a crash the
    database is either the old one or the restored one with its new epoch, never the backup's epoch reused.
    """
    from app.site import new_epoch
    from db.engine import make_engine
    from db.models import Site
    from db.schema import ensure_schema
    from db.session import make_session_factory, unit_of_work

    engine = make_engine(copy, key)
    try:
        ensure_schema(engine)  # a backup from an older version: brought up to date in the copy
        with unit_of_work(make_session_factory(engine), user=actor.username) as session:
            site = session.query(Site).one_or_none()
            if site is not None:
                site.epoch, site.last_change_seq = new_epoch(), 0
            audit.record(
                session, actor.username, "restore",
                detail={"file": backup.name, "saved_current_as": safety.name,
                        "new_epoch": site.epoch if site else None},
            )  # fmt: skip
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    for extra in (Path(f"{copy}-wal"), Path(f"{copy}-shm")):
        extra.unlink(missing_ok=True)


def restore_backup(
    db: Database,
    actor: Actor,
    backup: Path,
    *,
    progress: Progress | None = None,
    before_swap: Callable[[], None] | None = None,
) -> Database:
    """Replace the database `db` (closed by this call) by `backup`; returns the restored database, opened.

    Admins only. The backup is checked first and the current database backed up; the copy to swap in gets its new
    epoch and the audit row of the restore; then one rename swaps the files. `before_swap` lets the crash tests
    stop the process at the riskiest moment.
    """
    from app.database import connect_with_key

    require_role(actor, "admin")
    backup = Path(backup)
    check_backup_file(backup, db.key)
    safety = write_backup(db, "before-restore", progress=progress)
    path, key, store = db.path, db.key, db.key_store
    incoming = path.with_name(path.name + ".restoring")
    for extra in (incoming, Path(f"{incoming}-wal"), Path(f"{incoming}-shm")):
        extra.unlink(missing_ok=True)
    shutil.copyfile(backup, incoming)
    _renew_restored_copy(incoming, key, actor, backup, safety)
    with incoming.open("rb") as file:
        os.fsync(file.fileno())
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    if before_swap is not None:
        before_swap()
    # The old file's WAL is empty after the checkpoint; it must not be applied to the restored file.
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    os.replace(incoming, path)
    _fsync_folder(path.parent)
    return connect_with_key(path, key, store)
