"""The `fpa-desk` command: a thin layer over the same services the GUI uses.

Every subcommand takes `--db PATH` (default: the per-user database) and `--json` (one JSON object on stdout).
Errors are one sentence on stderr and a non-zero exit code, never a traceback: known errors (`FpaError`) exit 1
with their message; anything else exits 70 and its traceback goes to a file in the log folder.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from app.errors import FpaError, UsageError
from app.progress import NoProgress

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


def cmd_init(args: argparse.Namespace) -> int:
    """Create a new database and set it up as this office."""
    from app.database import open_database
    from app.site import SiteSetup, set_up_site, validate_setup

    setup = validate_setup(SiteSetup(name=args.name, level=args.level, region_code=args.region_code))
    path = db_path(args)
    refuse_existing(path)
    db = open_database(path, create=True)
    try:
        with db.unit_of_work() as session:
            site = set_up_site(session, setup)
    finally:
        db.close()
    emit(
        args,
        {"ok": True, "db": str(path), "site": site.__dict__, "key_store": db.key_store},
        [
            say(
                f"已建立 {site.name}（{site.region_code}）：{path}",
                f"Created {site.name} ({site.region_code}): {path}",
            ),
            *_key_store_note(db.key_store),
        ],
    )
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
            "注意：本机没有可用的系统钥匙串，数据库密钥保存在数据库旁的 .key 文件中，请妥善保管该文件。",
            "Note: no OS keyring is available; the database key is kept in the .key file beside the database.",
        )
    ]


def cmd_demo(args: argparse.Namespace) -> int:
    """Create a database filled with a realistic demo office."""
    from app.database import open_database
    from app.demo import build_demo

    if args.members < 0 or args.members > 2_000_000:
        raise UsageError(
            "--members 应在 0 到 2000000 之间。", "--members must be between 0 and 2,000,000.", code="usage"
        )
    today = _demo_today(args.today)
    path = db_path(args)
    refuse_existing(path)
    started = time.perf_counter()
    db = open_database(path, create=True)
    try:
        summary = build_demo(db, members=args.members, seed=args.seed, progress=StderrProgress(), today=today)
    except BaseException:
        db.close()
        _remove_database(path)
        raise
    db.close()
    seconds = round(time.perf_counter() - started, 2)
    emit(
        args,
        {"ok": True, "db": str(path), "counts": summary.counts, "seconds": seconds},
        [
            say(f"已生成演示数据：{path}（{seconds} 秒）", f"Demo office created: {path} ({seconds} s)"),
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
    from app.dbkey import key_file

    for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), key_file(path)):
        extra.unlink(missing_ok=True)


def cmd_check(args: argparse.Namespace) -> int:
    """Check a database's integrity and count the rows of each table."""
    from app.check import check_database
    from app.database import open_database
    from app.site import get_site

    path = db_path(args)
    db = open_database(path)
    try:
        with db.unit_of_work() as session:
            report = check_database(session)
            site = get_site(session)
    finally:
        db.close()
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
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", help="database file (default: the per-user database)")
    common.add_argument("--json", action="store_true", help="print one JSON object on stdout")

    parser = Parser(prog="fpa-desk", description="FPA Desk 计生协基层工作台")
    parser.add_argument("--version", action="version", version=f"fpa-desk {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    init = sub.add_parser("init", parents=[common], help="set up a new office database")
    init.add_argument("--name", required=True, help="the office's name, e.g. 城关村计生协")
    init.add_argument("--level", required=True, choices=["village", "township", "county"])
    init.add_argument("--region-code", required=True, help="12-digit statistical region code")
    init.set_defaults(func=cmd_init)

    demo = sub.add_parser("demo", parents=[common], help="create a database with a realistic demo office")
    demo.add_argument("--members", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument(
        "--today", metavar="DATE", help="the day the demo's records end (default: today); fixes the data for a seed"
    )
    demo.set_defaults(func=cmd_demo)

    check = sub.add_parser("check", parents=[common], help="check integrity and count rows per table")
    check.set_defaults(func=cmd_check)

    # Each area of the roll registers its own commands; their modules import heavy libraries only when run.
    from app.members import export_cli, import_cli, roster_cli

    members = sub.add_parser("members", help="the member roll: import, export, template")
    members_sub = members.add_subparsers(dest="members_command", metavar="ACTION", parser_class=Parser)
    import_cli.register(members_sub, common)
    export_cli.register(members_sub, common)
    report = sub.add_parser("report", help="printed registers (PDF)")
    report_sub = report.add_subparsers(dest="report_command", metavar="REPORT", parser_class=Parser)
    roster_cli.register(report_sub, common)
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
