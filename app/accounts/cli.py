"""`fpa-desk users`, `fpa-desk unlock` and `fpa-desk audit`: accounts, the recovery key, the audit log."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cli import Parser


def register(sub: argparse._SubParsersAction[Parser], common: Parser) -> None:
    """Add the `users`, `unlock` and `audit` commands to `sub`."""
    from app.cli import Parser
    from db.models.accounts import ROLES

    users = sub.add_parser("users", help="local accounts: list, add, disable, enable, reset, role (admins only)")
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", parser_class=Parser)
    listing = users_sub.add_parser("list", parents=[common], help="list the accounts")
    listing.set_defaults(func=cmd_users_list)
    add = users_sub.add_parser(
        "add",
        parents=[common],
        help="add an account; its first password is read from FPA_DESK_NEW_PASSWORD or a prompt",
    )
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--display-name", default="", metavar="NAME", help="the person's name, e.g. 王会计")
    add.add_argument(
        "--volunteer", metavar="NAME", help="for a volunteer account: the volunteer it belongs to (sees their families)"
    )
    add.set_defaults(func=cmd_users_add)
    for action, helptext in (("disable", "disable an account"), ("enable", "enable an account again")):
        cmd = users_sub.add_parser(action, parents=[common], help=helptext)
        cmd.add_argument("username")
        cmd.set_defaults(func=cmd_users_disable, disable=action == "disable")
    reset = users_sub.add_parser(
        "reset", parents=[common], help="set a new password (from FPA_DESK_NEW_PASSWORD or a prompt) and lift a lock"
    )
    reset.add_argument("username")
    reset.set_defaults(func=cmd_users_reset)
    role = users_sub.add_parser("role", parents=[common], help="change an account's role")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    role.set_defaults(func=cmd_users_role)

    unlock = sub.add_parser(
        "unlock",
        parents=[common],
        help="store the database key again from the printed recovery key (admins only)",
        description="When the key in the OS keyring or the key file is lost, the recovery key printed at set-up "
        "opens the database; this stores it again (in the keyring, or in the key file for --user).",
    )
    unlock.add_argument("--recovery-key", required=True, metavar="CODE", help="the 14 groups from the recovery sheet")
    unlock.set_defaults(func=cmd_unlock)

    audit = sub.add_parser("audit", help="the audit log: verify its chain, export it (admins only)")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", parser_class=Parser)
    verify = audit_sub.add_parser("verify", parents=[common], help="check that no audit row was edited or deleted")
    verify.set_defaults(func=cmd_audit_verify)
    export = audit_sub.add_parser("export", parents=[common], help="write the audit log to an .xlsx workbook")
    export.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    export.add_argument("--since", metavar="DATE")
    export.add_argument("--until", metavar="DATE")
    export.add_argument("--of-user", metavar="NAME", help="only what this account did")
    export.set_defaults(func=cmd_audit_export)


def _new_password() -> str:
    import os
    import sys

    from app.cli import say
    from app.errors import UsageError

    value = os.environ.get("FPA_DESK_NEW_PASSWORD")
    if value:
        return value
    if not sys.stdin.isatty():
        raise UsageError(
            "需要新账户的密码：请在终端中运行，或用环境变量 FPA_DESK_NEW_PASSWORD 提供。",
            "The account's new password is needed: run in a terminal, or give it in FPA_DESK_NEW_PASSWORD.",
            code="usage.password",
        )
    import getpass

    password = getpass.getpass(say("新账户的密码：", "The account's password: "))
    if getpass.getpass(say("再输入一次：", "Again: ")) != password:
        raise UsageError("两次输入的密码不一致。", "The two passwords differ.", code="usage.password")
    return password


def cmd_users_list(args: argparse.Namespace) -> int:
    from app.accounts.users import list_users
    from app.cli import emit, say, signed_in

    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        users = list_users(session, actor)
    emit(
        args,
        {"ok": True, "users": [u.__dict__ for u in users]},
        [
            f"{u.username}\t{u.display_name}\t{u.role}"
            + (say("\t已停用", "\tdisabled") if u.disabled else "")
            + (say("\t已锁定", "\tlocked") if u.locked else "")
            + ("" if u.can_unlock_key else say("\t需重设密码才能登录", "\tneeds a password reset to sign in"))
            for u in users
        ],
    )
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from app.accounts.users import create_user, find_volunteer
    from app.cli import emit, say, signed_in

    password = _new_password()
    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        volunteer = find_volunteer(session, actor, args.volunteer) if args.volunteer else None
        create_user(session, actor, args.username, args.display_name, args.role, password, volunteer_id=volunteer)
    emit(
        args,
        {"ok": True, "username": args.username, "role": args.role},
        [say(f"已新建账户 {args.username}（{args.role}）。", f"Account {args.username} ({args.role}) created.")],
    )
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    from app.accounts.users import set_disabled
    from app.cli import emit, say, signed_in

    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        set_disabled(session, actor, args.username, args.disable)
    done = say("已停用", "Disabled") if args.disable else say("已启用", "Enabled")
    emit(args, {"ok": True, "username": args.username, "disabled": args.disable}, [f"{done}: {args.username}"])
    return 0


def cmd_users_reset(args: argparse.Namespace) -> int:
    from app.accounts.users import reset_password
    from app.cli import emit, say, signed_in

    password = _new_password()
    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        reset_password(session, actor, args.username, password)
    emit(
        args,
        {"ok": True, "username": args.username},
        [say(f"已为 {args.username} 设置新密码。", f"New password set for {args.username}.")],
    )
    return 0


def cmd_users_role(args: argparse.Namespace) -> int:
    from app.accounts.users import set_role
    from app.cli import emit, say, signed_in

    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        set_role(session, actor, args.username, args.role)
    emit(
        args,
        {"ok": True, "username": args.username, "role": args.role},
        [say(f"{args.username} 的角色已改为 {args.role}。", f"{args.username} is now {args.role}.")],
    )
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    """Open the database with the recovery key, sign the admin in, and store the key again."""
    from app.accounts.recovery import unlock_with_recovery_code
    from app.cli import _key_store_note, credentials, db_path, emit, say

    path = db_path(args)
    store = unlock_with_recovery_code(path, args.recovery_key, credentials(args))
    emit(
        args,
        {"ok": True, "db": str(path), "key_store": store},
        [
            say(
                f"已用恢复密钥解锁 {path}，密钥已重新保存。",
                f"{path} unlocked with the recovery key; the key is stored again.",
            ),
            *_key_store_note(store),
        ],
    )
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from app.accounts.users import require_role
    from app.audit import problem_text, verify_chain
    from app.cli import EXIT_ERROR, cli_lang, emit, signed_in

    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        require_role(actor, "admin")
        report = verify_chain(session)
    emit(
        args,
        {"ok": report.ok, "rows": report.rows, "broken_at": report.broken_at, "problem": report.problem},
        [problem_text(report, cli_lang())],
    )
    return 0 if report.ok else EXIT_ERROR


def cmd_audit_export(args: argparse.Namespace) -> int:
    from app.audit import AuditFilter
    from app.audit_export import export_audit
    from app.cli import emit, say, signed_in
    from app.members.export_cli import xlsx_path
    from app.validation import parse_date

    out = xlsx_path(args.output)
    flt = AuditFilter(
        since=parse_date(args.since) if args.since else None,
        until=parse_date(args.until) if args.until else None,
        username=args.of_user,
    )
    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        rows = export_audit(session, actor, flt, out)
    emit(
        args,
        {"ok": True, "file": str(out), "rows": rows},
        [say(f"已导出 {rows} 条审计记录：{out}", f"Exported {rows} audit rows: {Path(out)}")],
    )
    return 0
