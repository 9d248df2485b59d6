"""The `fpa-desk` command: a thin layer over the same services the GUI uses.

Every subcommand takes `--db PATH` (default: the per-user database) and `--json` (one JSON object on stdout).
Commands that act on an office's records take `--user NAME` (default: `FPA_DESK_USER`) and read the password from
`FPA_DESK_PASSWORD`, or else ask for it on the terminal; `init` and `demo` take `--admin NAME` for the first
account. Errors are one sentence on stderr and a non-zero exit code, never a traceback: known errors (`FpaError`)
exit 1 with their message; anything else exits 70 and its traceback goes to a file in the log folder.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import FpaError, UsageError
from app.progress import NoProgress

if TYPE_CHECKING:
    from app.accounts.users import Actor
    from app.database import Database
    from app.dbkey import Credentials

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_BUG = 70


def cli_lang() -> str:
    """The language of messages: English when FPA_DESK_LANG or LANG asks for it, Chinese otherwise."""
    value = os.environ.get("FPA_DESK_LANG") or os.environ.get("LANG", "")
    return "en" if value.lower().startswith("en") else "zh"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fpa-desk")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "0+unknown"


class Parser(argparse.ArgumentParser):
    """argparse that reports bad arguments as a UsageError (one sentence), not by printing usage and exiting."""

    def error(self, message: str) -> Any:
        raise UsageError(f"命令参数有误：{message}", f"Bad arguments: {message}", code="usage")


class StderrProgress(NoProgress):
    """Progress for a terminal: a percentage on stderr when it is a terminal, nothing otherwise."""

    def __init__(self) -> None:
        self._total = 0
        self._done = 0
        self._tty = sys.stderr.isatty()

    def start(self, total: int, label: str = "") -> None:
        self._total, self._done = total, 0

    def advance(self, n: int = 1) -> None:
        self._done += n
        if self._tty and self._total:
            sys.stderr.write(f"\r{100 * self._done // self._total:3d}%")
            if self._done >= self._total:
                sys.stderr.write("\n")


def emit(args: argparse.Namespace, data: dict[str, Any], lines: Sequence[str]) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        for line in lines:
            print(line)


def db_path(args: argparse.Namespace) -> Path:
    from app.paths import default_database

    return Path(args.db) if args.db else default_database()


def refuse_existing(path: Path) -> None:
    if path.exists():
        raise UsageError(
            f"数据库 {path} 已存在；请换一个文件名，或先备份后删除原文件。",
            f"Database {path} already exists; choose another file name.",
            code="db.exists",
        )


PASSWORD_ENV = "FPA_DESK_PASSWORD"
USER_ENV = "FPA_DESK_USER"


def read_password(*, confirm: bool = False) -> str:
    """The password from FPA_DESK_PASSWORD, or typed at a terminal prompt (twice for a new one)."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise UsageError(
            f"需要密码：请在终端中运行以便输入密码，或用环境变量 {PASSWORD_ENV} 提供（用于自动化脚本）。",
            f"A password is needed: run in a terminal to type it, or give it in {PASSWORD_ENV} (for scripts).",
            code="usage.password",
        )
    import getpass

    password = getpass.getpass(say("密码：", "Password: "))
    if confirm and getpass.getpass(say("再输入一次密码：", "Password again: ")) != password:
        raise UsageError("两次输入的密码不一致。", "The two passwords differ.", code="usage.password")
    return password


def credentials(args: argparse.Namespace) -> Credentials:
    """Who runs the command: --user (or FPA_DESK_USER) and the password."""
    from app.dbkey import Credentials

    username = (getattr(args, "user", None) or os.environ.get(USER_ENV) or "").strip()
    if not username:
        raise UsageError(
            f"请用 --user 指定账户（或设置环境变量 {USER_ENV}）。",
            f"Name the account with --user (or set {USER_ENV}).",
            code="usage.user",
        )
    return Credentials(username, read_password())


@contextmanager
def signed_in(args: argparse.Namespace) -> Iterator[tuple[Database, Actor]]:
    """The database of `args` opened and its user signed in (the sign-in is audited); closed at the end."""
    from app.accounts.users import sign_in
    from app.database import open_database

    who = credentials(args)
    db = open_database(db_path(args), who)
    try:
        actor = sign_in(db, who.username, who.password)
        yield db, actor
    finally:
        db.close()


def _recovery_sheet_path(args: argparse.Namespace, path: Path) -> Path:
    if args.recovery_sheet:
        out = Path(args.recovery_sheet)
        if out.suffix.lower() != ".pdf":
            raise UsageError(
                f"恢复密钥页的文件名应以 .pdf 结尾，而不是“{out.name}”。",
                f"The recovery sheet's file name must end in .pdf, not {out.name!r}.",
                code="usage",
            )
        return out
    return Path.cwd() / f"{path.stem}-恢复密钥.pdf"


def cmd_init(args: argparse.Namespace) -> int:
    """Create a new database with its first admin, set it up as this office, and write the recovery key sheet."""
    from app.database import create_database
    from app.dbkey import Credentials
    from app.recovery_sheet import write_recovery_sheet
    from app.site import SiteSetup, set_up_site, validate_setup

    setup = validate_setup(SiteSetup(name=args.name, level=args.level, region_code=args.region_code))
    path = db_path(args)
    refuse_existing(path)
    sheet = _recovery_sheet_path(args, path)
    db = create_database(path, Credentials(args.admin, read_password(confirm=True)))
    try:
        with db.unit_of_work(args.admin) as session:
            site = set_up_site(session, setup)
        write_recovery_sheet(sheet, db.key, site_name=site.name, database=path, admin=args.admin)
    except BaseException:
        db.close()
        _remove_database(path)
        raise
    db.close()
    emit(
        args,
        {
            "ok": True, "db": str(path), "site": site.__dict__, "key_store": db.key_store, "admin": args.admin,
            "recovery_sheet": str(sheet),
        },
        [
            say(
                f"已建立 {site.name}（{site.region_code}）：{path}，管理员账户：{args.admin}",
                f"Created {site.name} ({site.region_code}): {path}; admin account: {args.admin}",
            ),
            say(
                f"恢复密钥页：{sheet}。请立即打印并锁好，然后删除该文件：丢失钥匙串或密钥文件时只能靠它打开数据库。",
                f"Recovery key sheet: {sheet}. Print it now, lock it away, then delete the file: it is the only way "
                "into the database if the keyring entry or key file is lost.",
            ),
            *_key_store_note(db.key_store),
        ],
    )  # fmt: skip
    return 0


def say(zh: str, en: str) -> str:
    """The sentence in the user's language."""
    return en if cli_lang() == "en" else zh


def _key_store_note(store: str) -> list[str]:
    """A warning when the database key could not go into the OS keyring."""
    if store != "file":
        return []
    return [
        say(
            "注意：本机没有可用的系统钥匙串，数据库密钥保存在数据库旁的 .key 文件中，由各账户的密码加密；"
            "登录即可解锁。",
            "Note: no OS keyring is available; the database key is kept in the .key file beside the database, "
            "encrypted with each account's password; signing in unlocks it.",
        )
    ]


def cmd_demo(args: argparse.Namespace) -> int:
    """Create a database filled with a realistic demo office, with its admin account."""
    from app.database import create_database
    from app.dbkey import Credentials
    from app.demo import add_demo_accounts, build_demo

    if args.members < 0 or args.members > 2_000_000:
        raise UsageError(
            "--members 应在 0 到 2000000 之间。", "--members must be between 0 and 2,000,000.", code="usage"
        )
    today = _demo_today(args.today)
    path = db_path(args)
    refuse_existing(path)
    password = read_password(confirm=True)
    started = time.perf_counter()
    db = create_database(path, Credentials(args.admin, password))
    try:
        summary = build_demo(db, members=args.members, seed=args.seed, progress=StderrProgress(), today=today)
        accounts = add_demo_accounts(db, args.admin, password)
    except BaseException:
        db.close()
        _remove_database(path)
        raise
    db.close()
    seconds = round(time.perf_counter() - started, 2)
    emit(
        args,
        {
            "ok": True,
            "db": str(path),
            "counts": summary.counts,
            "seconds": seconds,
            "admin": args.admin,
            "accounts": accounts,
        },
        [
            say(
                f"已生成演示数据：{path}（{seconds} 秒），管理员账户：{args.admin}；"
                f"另有 {'、'.join(accounts)} 账户，密码与管理员相同",
                f"Demo office created: {path} ({seconds} s); admin account: {args.admin}; also "
                f"{', '.join(accounts)}, with the admin's password",
            ),
            *(f"  {t}: {n}" for t, n in summary.counts.items()),
        ],
    )
    return 0


def _demo_today(text: str | None) -> date | None:
    """The `--today` of a demo: the day its year of records ends (default: today)."""
    if text is None:
        return None
    from app.validation import parse_date

    return parse_date(text)


def _remove_database(path: Path) -> None:
    """Remove a database this command created and did not finish, with its WAL, shared memory and key files."""
    from app.office import remove_database_files

    remove_database_files(path)


def cmd_encrypt(args: argparse.Namespace) -> int:
    """Encrypt an unencrypted database in place, as its admin (or its first admin, before accounts existed)."""
    from app.database import encrypt_plaintext

    path = db_path(args)
    store = encrypt_plaintext(path, credentials(args))
    emit(
        args,
        {"ok": True, "db": str(path), "key_store": store},
        [say(f"已加密数据库：{path}", f"Database encrypted: {path}"), *_key_store_note(store)],
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Check a database's integrity and count the rows of each table."""
    from app.check import check_database
    from app.site import get_site

    path = db_path(args)
    with signed_in(args) as (db, _actor), db.unit_of_work() as session:
        report = check_database(session)
        site = get_site(session)
    emit(
        args,
        {
            "ok": report.ok,
            "db": str(path),
            "integrity": report.integrity,
            "site": None if site is None else site.__dict__,
            "counts": report.counts,
        },
        [
            say(f"数据库：{path}", f"Database: {path}"),
            say(f"本单位：{site.name}（{site.region_code}）", f"Office: {site.name} ({site.region_code})")
            if site
            else say("本单位：尚未设置", "Office: not set up yet"),
            say("完整性检查：正常", "Integrity check: ok")
            if report.ok
            else say("完整性检查发现问题：", "Integrity check found problems: ") + "; ".join(report.integrity),
            *(f"  {t}: {n}" for t, n in report.counts.items()),
        ],
    )
    return 0 if report.ok else EXIT_ERROR


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    base = Parser(add_help=False)
    base.add_argument("--db", metavar="PATH", help="database file (default: the per-user database)")
    base.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    common = Parser(add_help=False, parents=[base])
    common.add_argument(
        "--user", metavar="NAME", help=f"the account to act as (default: ${USER_ENV}); password from ${PASSWORD_ENV} "
        "or a prompt",
    )  # fmt: skip
    new_office = Parser(add_help=False, parents=[base])
    new_office.add_argument(
        "--admin", metavar="NAME", default="admin", help=f"the first admin account (password from ${PASSWORD_ENV} "
        "or a prompt; default: admin)",
    )  # fmt: skip

    parser = Parser(prog="fpa-desk", description="FPA Desk 计生协基层工作台")
    parser.add_argument("--version", action="version", version=f"fpa-desk {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    init = sub.add_parser("init", parents=[new_office], help="set up a new office database")
    init.add_argument("--name", required=True, help="the office's name, e.g. 城关村计生协")
    init.add_argument("--level", required=True, choices=["village", "township", "county"])
    init.add_argument("--region-code", required=True, help="12-digit statistical region code")
    init.add_argument(
        "--recovery-sheet", metavar="FILE.pdf", help="where to write the recovery key sheet (default: the current "
        "folder); print it and delete the file",
    )  # fmt: skip
    init.set_defaults(func=cmd_init)

    demo = sub.add_parser("demo", parents=[new_office], help="create a database with a realistic demo office")
    demo.add_argument("--members", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument(
        "--today", metavar="DATE", help="the day the demo's records end (default: today); fixes the data for a seed"
    )
    demo.set_defaults(func=cmd_demo)

    encrypt = sub.add_parser(
        "encrypt", parents=[common], help="encrypt an unencrypted database in place (as its admin)"
    )
    encrypt.set_defaults(func=cmd_encrypt)

    check = sub.add_parser("check", parents=[common], help="check integrity and count rows per table")
    check.set_defaults(func=cmd_check)

    # Each area of the roll registers its own commands; their modules import heavy libraries only when run.
    from app.members import export_cli, import_cli, roster_cli

    members = sub.add_parser("members", help="the member roll: import, export, template")
    members_sub = members.add_subparsers(dest="members_command", metavar="ACTION", parser_class=Parser)
    import_cli.register(members_sub, common)
    export_cli.register(members_sub, common)
    from app import backup_cli
    from app.accounts import cli as accounts_cli
    from app.families import cli as families_cli

    accounts_cli.register(sub, common)
    backup_cli.register(sub, common)
    families_cli.register(sub, common)
    report = sub.add_parser("report", help="printed registers (PDF)")
    report_sub = report.add_subparsers(dest="report_command", metavar="REPORT", parser_class=Parser)
    roster_cli.register(report_sub, common)
    families_cli.register_reports(report_sub, common)
    return parser


def _report_bug(exc: BaseException) -> Path | None:
    """Save the traceback of an unexpected error to the log folder; None if even that fails."""
    try:
        from app.paths import log_dir

        path = log_dir() / f"cli-error-{time.strftime('%Y%m%d-%H%M%S')}.log"
        path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        return path
    except OSError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
        if func is None:
            raise UsageError(
                "请指定一个命令，例如 fpa-desk check --db PATH；fpa-desk --help 列出全部命令。",
                "Name a command, e.g. fpa-desk check --db PATH; fpa-desk --help lists them all.",
                code="usage",
            )
        return func(args)
    except FpaError as exc:
        print(exc.message(cli_lang()), file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_ERROR
    except KeyboardInterrupt:
        print(say("已中断，数据未作更改。", "Interrupted; nothing was changed."), file=sys.stderr)
        return 130
    except Exception as exc:
        log = _report_bug(exc)
        name = type(exc).__name__
        print(
            say(f"内部错误：{name}，详情见 {log}。", f"Internal error: {name}; details in {log}.")
            if log
            else say(f"内部错误：{name}。", f"Internal error: {name}."),
            file=sys.stderr,
        )
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
