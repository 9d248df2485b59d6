"""Backups: made encrypted into the per-user folder, rotated, checked before a restore, restored with a new epoch."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.backups import (
    BackupInfo,
    backup_folder,
    backups_to_keep,
    create_backup,
    list_backups,
    needs_daily_backup,
    restore_backup,
    set_retention,
)
from app.database import Database, open_database
from app.errors import AccessDenied, ValidationError
from app.members.checks import check_member
from app.members.service import add_member
from app.site import get_site
from db.models import AuditLog, Member
from tests.helpers.cli import run_cli
from tests.helpers.database import ADMIN, CLERK, new_database

NOW = datetime(2026, 11, 23, 18, 0)


def _members(db: Database) -> int:
    with db.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0


def _add(db: Database, name: str) -> str:
    with db.unit_of_work() as session:
        return add_member(session, ADMIN, check_member({"name": name}))


def test_a_backup_is_an_encrypted_copy_in_the_users_backup_folder_and_is_audited(db: Database) -> None:
    _add(db, "欧阳秀兰")
    made = create_backup(db, ADMIN, "manual", now=NOW)
    assert made.path.parent == backup_folder(db.path) and made.reason == "manual" and made.created == NOW
    raw = made.path.read_bytes()
    assert "欧阳秀兰".encode() not in raw and b"SQLite format 3" not in raw
    assert [b.path for b in list_backups(db.path)] == [made.path]
    with db.unit_of_work() as session:
        row = session.scalars(select(AuditLog).where(AuditLog.action == "backup")).one()
    assert json.loads(row.detail or "{}") == {"file": made.path.name, "reason": "manual"}
    assert not needs_daily_backup(db.path, NOW.date()) and needs_daily_backup(db.path, NOW.date() + timedelta(1))


def test_only_an_admin_backs_up_by_hand(db: Database) -> None:
    with pytest.raises(AccessDenied):
        create_backup(db, CLERK, "manual")
    assert list_backups(db.path) == []


def _info(day: datetime) -> BackupInfo:
    return BackupInfo(Path(f"{day:%Y%m%d-%H%M}.fpabak"), day, "daily", 1)


def test_rotation_keeps_the_newest_of_each_recent_day_and_week() -> None:
    # Two backups a day for 70 days, the newest first.
    backups = [_info(NOW - timedelta(hours=12 * n)) for n in range(140)]
    kept = backups_to_keep(backups, daily=7, weekly=8)
    kept_days = sorted({b.created.date() for b in backups if b.path in kept}, reverse=True)
    assert [d for d in kept_days if d > (NOW - timedelta(days=7)).date()] == [
        (NOW - timedelta(days=n)).date() for n in range(7)
    ]
    weeks = {tuple(b.created.isocalendar())[:2] for b in backups if b.path in kept}
    assert len(weeks) == 8  # the eight most recent weeks, each by its newest backup
    assert len(kept) < 20
    assert backups[0].path in kept and backups[1].path in kept  # the newest few whatever their day
    assert backups[-1].path not in kept


def test_rotation_follows_the_settings_and_deletes_the_rest(db: Database) -> None:
    for n in range(6):
        create_backup(db, ADMIN, "manual", now=NOW - timedelta(days=10 * n))
    set_retention(db, ADMIN, 1, 1)
    from app.backups import rotate

    rotate(db)
    left = list_backups(db.path)
    assert len(left) == 3 and left[0].created == NOW  # the newest three are always kept
    with pytest.raises(ValidationError, match="1 到 60"):
        set_retention(db, ADMIN, 0, 8)


def test_restore_brings_back_the_backup_saves_the_current_state_and_renews_the_epoch(db: Database) -> None:
    _add(db, "张三")
    backup = create_backup(db, ADMIN, "manual", now=NOW)
    _add(db, "李四")
    with db.unit_of_work() as session:
        old_site = get_site(session)
    assert old_site is not None
    restored = restore_backup(db, ADMIN, backup.path)
    try:
        assert _members(restored) == 1
        with restored.unit_of_work() as session:
            site = get_site(session)
            actions = list(session.scalars(select(AuditLog.action).order_by(AuditLog.seq)))
        assert site is not None and site.epoch != old_site.epoch and site.id == old_site.id
        assert actions[-1] == "restore"
        saved = [b for b in list_backups(restored.path) if b.reason == "before-restore"]
        assert len(saved) == 1
    finally:
        restored.close()
    # The state before the restore is in its own backup: restoring that one gives both members back.
    again = open_database(restored.path)
    back = restore_backup(again, ADMIN, saved[0].path)
    assert _members(back) == 2
    back.close()


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "spreadsheet", "other database"])
def test_a_damaged_or_foreign_backup_is_refused_and_nothing_changes(db: Database, tmp_path: Path, damage: str) -> None:
    _add(db, "张三")
    good = create_backup(db, ADMIN, "manual", now=NOW).path
    bad = tmp_path / "bad.fpabak"
    data = good.read_bytes()
    if damage == "flip":
        middle = len(data) // 2
        bad.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    elif damage == "truncate":
        bad.write_bytes(data[: len(data) // 3])
    elif damage == "empty":
        bad.write_bytes(b"")
    elif damage == "spreadsheet":
        bad.write_bytes(b"PK\x03\x04" + b"\0" * 5000)
    else:
        other = new_database(tmp_path / "other")
        bad = create_backup(other, ADMIN, "manual").path
        other.close()
    with pytest.raises(ValidationError, match="无法读取") as refused:
        restore_backup(db, ADMIN, bad)
    assert refused.value.code == "backup.unreadable"
    assert _members(db) == 1
    assert [b.reason for b in list_backups(db.path)] == ["manual"]  # no restore started


def test_a_clerk_cannot_restore(db: Database) -> None:
    backup = create_backup(db, ADMIN, "manual")
    with pytest.raises(AccessDenied):
        restore_backup(db, CLERK, backup.path)


def test_an_older_database_is_backed_up_before_its_upgrade(tmp_path: Path) -> None:
    from alembic import command

    from db.schema import alembic_config

    db = new_database(tmp_path)
    _add(db, "张三")
    with db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0003")
    db.close()
    upgraded = open_database(tmp_path / "office.db")
    try:
        [saved] = list_backups(upgraded.path)
        assert saved.reason == "before-migration"
        with upgraded.unit_of_work() as session:
            row = session.scalars(select(AuditLog).where(AuditLog.action == "backup")).one()
        assert json.loads(row.detail or "{}")["from_revision"] == "0003"
        assert _members(upgraded) == 1
    finally:
        upgraded.close()


def test_the_cli_backs_up_lists_and_restores(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    made = run_cli("init", "--db", str(path), "--name", "城关村", "--level", "village", "--region-code",
                   "440105001001")  # fmt: skip
    assert made.returncode == 0, made.stderr
    out = run_cli("backup", "create", "--db", str(path), "--json")
    assert out.returncode == 0, out.stderr
    backup = json.loads(out.stdout)["file"]
    listed = run_cli("backup", "list", "--db", str(path), "--json")
    assert [b["file"] for b in json.loads(listed.stdout)["backups"]] == [backup]
    restored = run_cli("backup", "restore", backup, "--db", str(path))
    assert restored.returncode == 0, restored.stderr
    assert "已从备份恢复" in restored.stdout
    broken = tmp_path / "broken.fpabak"
    broken.write_bytes(b"not a backup")
    refused = run_cli("backup", "restore", str(broken), "--db", str(path))
    assert refused.returncode == 1 and "无法读取" in refused.stderr and "Traceback" not in refused.stderr
