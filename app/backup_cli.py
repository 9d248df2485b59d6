"""`fpa-desk backup create|list|restore`: the office's backups from the command line (admins)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cli import Parser


def register(sub: argparse._SubParsersAction[Parser], common: Parser) -> None:
    """Add `backup create`, `backup list` and `backup restore` to `sub`."""
    from app.cli import Parser

    backup = sub.add_parser("backup", help="backups of the database: create, list, restore (admins only)")
    actions = backup.add_subparsers(dest="backup_command", metavar="ACTION", parser_class=Parser)
    create = actions.add_parser("create", parents=[common], help="back up the database now")
    create.set_defaults(func=cmd_create)
    listing = actions.add_parser("list", parents=[common], help="list the backups, newest first")
    listing.set_defaults(func=cmd_list)
    restore = actions.add_parser(
        "restore",
        parents=[common],
        help="replace the database by a backup (the current one is backed up first)",
        description="Checks the backup, backs up the current database, swaps in the backup and gives the office a "
        "new sync epoch, so changes made after the backup are never confused with the restored ones.",
    )
    restore.add_argument("backup", metavar="FILE", help="a backup file (see backup list)")
    restore.set_defaults(func=cmd_restore)


def cmd_create(args: argparse.Namespace) -> int:
    from app.backups import create_backup
    from app.cli import StderrProgress, emit, say, signed_in

    with signed_in(args) as (db, actor):
        made = create_backup(db, actor, "manual", progress=StderrProgress())
    emit(args, {"ok": True, "file": str(made.path), "bytes": made.size},
         [say(f"已备份：{made.path}", f"Backed up: {made.path}")])  # fmt: skip
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.accounts.users import require_role
    from app.backups import REASONS, backup_folder, list_backups
    from app.cli import cli_lang, emit, say, signed_in

    with signed_in(args) as (db, actor):
        require_role(actor, "admin")
        backups = list_backups(db.path)
        folder = backup_folder(db.path)
    zh = cli_lang() != "en"
    emit(
        args,
        {
            "ok": True, "folder": str(folder),
            "backups": [{"file": str(b.path), "created": b.created.isoformat(timespec="seconds"), "reason": b.reason,
                         "bytes": b.size} for b in backups],
        },
        [say(f"备份文件夹：{folder}（{len(backups)} 份）", f"Backup folder: {folder} ({len(backups)})")]
        + [f"{b.created:%Y-%m-%d %H:%M:%S}  {REASONS.get(b.reason, (b.reason, b.reason))[0 if zh else 1]}  "
           f"{b.size // 1024} KB  {b.path.name}" for b in backups],
    )  # fmt: skip
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.accounts.users import sign_in
    from app.backups import restore_backup
    from app.cli import StderrProgress, credentials, db_path, emit, say
    from app.database import open_database

    who = credentials(args)
    db = open_database(db_path(args), who)
    try:
        actor = sign_in(db, who.username, who.password)
    except BaseException:
        db.close()
        raise
    restored = None
    try:
        restored = restore_backup(db, actor, Path(args.backup), progress=StderrProgress())
    finally:
        (restored or db).close()
    emit(args, {"ok": True, "db": str(restored.path), "restored_from": str(Path(args.backup))},
         [say(f"已从备份恢复：{Path(args.backup).name}。恢复前的数据库也已备份。",
              f"Restored from {Path(args.backup).name}. The database as it was is backed up too.")])  # fmt: skip
    return 0
