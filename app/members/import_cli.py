"""`fpa-desk members import`: members from an Excel, WPS or LibreOffice workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cli import Parser
    from app.members.excel_import import ImportSummary

# How many problem rows the plain-text output lists before pointing to the error report.
SHOWN_PROBLEMS = 20


def register(sub: argparse._SubParsersAction[Parser], common: Parser) -> None:
    """Add `members import` to `sub`."""
    cmd = sub.add_parser(
        "import",
        parents=[common],
        help="import members from a workbook (.xlsx, .xls, .ods)",
        description="Import members from a workbook. Every row is checked first; nothing is written when "
        "--mode all finds an error.",
    )
    cmd.add_argument("file", metavar="FILE", help="the workbook (.xlsx, .xls or .ods)")
    cmd.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the first with a member header)")
    cmd.add_argument("--dry-run", action="store_true", help="check every row and report, write nothing")
    cmd.add_argument(
        "--mode",
        choices=["all", "valid"],
        default="all",
        help="all: import nothing if any row has an error (default); valid: import the rows without errors",
    )
    cmd.add_argument(
        "--on-existing",
        choices=["skip", "update"],
        default="skip",
        help="members already on the roll (same ID number): leave them (default) or update them",
    )
    cmd.add_argument(
        "--errors", metavar="OUT.xlsx", help="write the rows with problems to this workbook (when there are any)"
    )
    cmd.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    """Check and import a workbook's members; exit 1 if the file is unreadable or mode all found errors."""
    from app.cli import EXIT_ERROR, StderrProgress, cli_lang, emit, say, signed_in
    from app.members.excel_import import run_import
    from app.members.import_report import write_error_report

    with signed_in(args) as (db, actor):
        summary = run_import(
            db,
            actor,
            Path(args.file),
            args.sheet,
            mode=args.mode,
            on_existing=args.on_existing,
            dry_run=args.dry_run,
            progress=StderrProgress(),
        )
    errors_file = None
    if args.errors and summary.problem_rows:
        write_error_report(summary, args.errors, lang=cli_lang())
        errors_file = str(Path(args.errors))
    emit(
        args,
        {
            "ok": not summary.refused,
            "dry_run": summary.dry_run,
            "file": str(Path(args.file)),
            "sheet": summary.sheet,
            "errors_file": errors_file,
            **summary.counts(),
        },
        _lines(summary, errors_file),
    )
    if summary.refused:
        count = summary.rejected
        if errors_file:
            where_zh, where_en = f"错误明细已写入 {errors_file}", f"the rows are listed in {errors_file}"
        else:
            where_zh = "可加 --errors 错误明细.xlsx 导出明细，或用 --mode valid 只导入无误的行"
            where_en = "add --errors OUT.xlsx for the list, or --mode valid to import the rows without errors"
        print(
            say(
                f"有 {count} 行有错误，按“全部导入”方式没有导入任何会员；{where_zh}。",
                f"{count} row(s) have errors, so nothing was imported (mode all); {where_en}.",
            ),
            file=sys.stderr,
        )
        return EXIT_ERROR
    return 0


def _lines(summary: ImportSummary, errors_file: str | None) -> list[str]:
    from app.cli import cli_lang, say

    c = summary
    if summary.refused:
        head = say("未导入（有错误的行）：", "Not imported (rows with errors):")
    elif summary.dry_run:
        head = say("试运行，未写入数据库；如果导入将会：", "Dry run, nothing written; an import would give:")
    else:
        head = say("导入完成：", "Import finished:")
    lines = [
        say(f"文件：{summary.file}（工作表“{summary.sheet}”）", f"File: {summary.file} (sheet {summary.sheet!r})"),
        head,
        say(f"  新增 {c.created}，更新 {c.updated}，无变化 {c.unchanged}，跳过 {c.skipped}，有错误 {c.rejected}，"
            f"带提醒导入 {c.warnings}",
            f"  created {c.created}, updated {c.updated}, unchanged {c.unchanged}, skipped {c.skipped}, "
            f"rejected {c.rejected}, imported with warnings {c.warnings}"),
    ]  # fmt: skip
    if summary.mapping.unknown:
        lines.append(
            say(f"  未识别、已忽略的列：{'、'.join(summary.mapping.unknown)}",
                f"  Columns not recognised, ignored: {', '.join(summary.mapping.unknown)}")
        )  # fmt: skip
    if summary.groups_created:
        lines.append(
            say(f"  新建会员小组：{'、'.join(summary.groups_created)}",
                f"  New member groups: {', '.join(summary.groups_created)}")
        )  # fmt: skip
    problems = summary.problem_rows
    lang = cli_lang()
    for r in problems[:SHOWN_PROBLEMS]:
        text = summary.problem_text(r, lang)
        lines.append(say(f"  第 {r.row} 行：{text}", f"  Row {r.row}: {text}"))
    if len(problems) > SHOWN_PROBLEMS:
        more = len(problems) - SHOWN_PROBLEMS
        lines.append(say(f"  …还有 {more} 行有问题", f"  … and {more} more rows with problems"))
    if errors_file:
        lines.append(say(f"问题行已写入：{errors_file}", f"Rows with problems written to: {errors_file}"))
    return lines
