"""`fpa-desk members export|template`: the member roll to Excel, and the blank import template."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.cli import Parser
    from app.members.listing import MemberFilter


def register(sub: argparse._SubParsersAction[Parser], common: Parser) -> None:
    """Add `members export` and `members template` to `sub`."""
    export = sub.add_parser(
        "export",
        parents=[common],
        help="export the member roll (or the members a filter selects) to an Excel workbook",
        description="Export members to an .xlsx workbook, in the list's order. ID and phone numbers are masked "
        "unless --reveal gives the reason for showing them in full.",
    )
    export.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="the workbook to write")
    add_filter_arguments(export)
    export.add_argument(
        "--reveal", metavar="REASON", help="show full ID and phone numbers; say why (e.g. 上报县计生协)"
    )
    export.set_defaults(func=cmd_export)

    template = sub.add_parser(
        "template",
        help="write the blank import template with instructions",
        description="Write the blank member roll template (sheet 会员名册) with a sheet of instructions (填写说明).",
    )
    template.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="the workbook to write")
    template.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    template.set_defaults(func=cmd_template)


def add_filter_arguments(cmd: argparse.ArgumentParser, *, with_status: bool = True) -> None:
    """The filter options that export and print share."""
    cmd.add_argument("--query", metavar="TEXT", default="", help="what the search box would hold: name, pinyin, number")
    cmd.add_argument("--village", metavar="CODE", help="only this village's members (12-digit region code)")
    cmd.add_argument("--group", metavar="NAME", help="only this member group's members")
    if with_status:
        cmd.add_argument(
            "--status",
            metavar="S",
            help="only this status: active, transferred_out, transferred_in, withdrawn, removed, deceased "
            "(or 在册, 转出 …), or current (active and transferred in)",
        )


def member_filter(session: Session, args: argparse.Namespace, *, status: str | None = None) -> MemberFilter:
    """The `MemberFilter` the command's options describe; bad values are a UsageError."""
    from app.errors import UsageError
    from app.members.fields import STATUS_LABELS, code_for
    from app.members.listing import MemberFilter

    wanted = getattr(args, "status", None) or status
    if wanted and wanted != "current":
        code = code_for(STATUS_LABELS, wanted)
        if code is None:
            words = "、".join(zh for zh, _ in STATUS_LABELS.values())
            raise UsageError(
                f"--status 的值“{wanted}”无法识别；可用：{words}，或 current（在册和转入）。",
                f"--status {wanted!r} is not recognised; use one of {', '.join(STATUS_LABELS)} or current.",
                code="usage",
            )
        wanted = code
    village = args.village.strip() if args.village else None
    group_id = _group_id(session, args.group, village) if args.group else None
    return MemberFilter(query=args.query or "", village_code=village, group_id=group_id, status=wanted)


def _group_id(session: Session, name: str, village: str | None) -> str:
    from sqlalchemy import select

    from app.errors import UsageError
    from db.models import MemberGroup

    stmt = select(MemberGroup.id).where(MemberGroup.deleted.is_(False), MemberGroup.name == name.strip())
    if village:
        stmt = stmt.where(MemberGroup.village_code == village)
    found = list(session.scalars(stmt))
    if not found:
        raise UsageError(
            f"没有名为“{name}”的会员小组。", f"There is no member group named {name!r}.", code="usage.group"
        )
    if len(found) > 1:
        raise UsageError(
            f"有 {len(found)} 个会员小组名为“{name}”；请同时用 --village 指定村（居）。",
            f"{len(found)} member groups are named {name!r}; add --village to choose one.",
            code="usage.group",
        )
    return found[0]


def xlsx_path(text: str) -> Path:
    """The output path of a workbook; Excel opens an .xlsx file only by that name."""
    from app.errors import UsageError

    path = Path(text)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(
            f"输出文件名应以 .xlsx 结尾，而不是“{path.name}”。",
            f"The output file name must end in .xlsx, not {path.name!r}.",
            code="usage",
        )
    return path


def cmd_export(args: argparse.Namespace) -> int:
    """Export the members the options select to a workbook."""
    from app.cli import StderrProgress, emit, say, signed_in
    from app.members.excel_export import export_members
    from app.privacy import wants_reveal

    out = xlsx_path(args.output)
    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        flt = member_filter(session, args)
        # Chinese headers whatever the terminal's language: the workbook is the office's register, and the
        # import maps these headers back.
        rows = export_members(session, actor, flt, out, reveal_reason=args.reveal, progress=StderrProgress())
    shown = wants_reveal(args.reveal)
    emit(
        args,
        {"ok": True, "file": str(out), "rows": rows, "revealed": shown},
        [
            say(f"已导出 {rows} 名会员：{out}", f"Exported {rows} members: {out}"),
            say("身份证号和电话为完整号码，请妥善保管该文件。", "ID and phone numbers are in full: keep the file safe.")
            if shown
            else say("身份证号和电话已脱敏。", "ID and phone numbers are masked."),
        ],
    )
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """Write the blank import template."""
    from app.cli import emit, say
    from app.members.excel_export import write_template

    out = xlsx_path(args.output)
    write_template(out)
    emit(
        args,
        {"ok": True, "file": str(out)},
        [say(f"已生成会员名册导入模板：{out}", f"Import template written: {out}")],
    )
    return 0
