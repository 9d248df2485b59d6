"""`fpa-desk report roster`: the printed member roster (花名册) as a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cli import Parser


def register(sub: argparse._SubParsersAction[Parser], common: Parser) -> None:
    """Add the roster report to `sub`."""
    roster = sub.add_parser(
        "roster",
        parents=[common],
        help="the member roster (花名册) as a PDF to print and sign",
        description="Print the current members (在册 and 转入) to an A4 landscape PDF. ID and phone numbers are "
        "masked unless --reveal gives the reason for showing them in full.",
    )
    roster.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
    roster.add_argument("--village", metavar="CODE", help="only this village's members (12-digit region code)")
    roster.add_argument(
        "--reveal", metavar="REASON", help="show full ID and phone numbers; say why (e.g. 报送乡镇计生协)"
    )
    roster.set_defaults(func=cmd_roster)


def cmd_roster(args: argparse.Namespace) -> int:
    """Write the roster PDF of the current members."""
    from app.cli import StderrProgress, emit, say, signed_in
    from app.errors import UsageError
    from app.members.listing import MemberFilter
    from app.members.roster import write_roster

    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise UsageError(
            f"输出文件名应以 .pdf 结尾，而不是“{out.name}”。",
            f"The output file name must end in .pdf, not {out.name!r}.",
            code="usage",
        )
    village = args.village.strip() if args.village else None
    # A roster lists the members on the roll today: those who left are in the Excel export with --status.
    flt = MemberFilter(village_code=village, status="current")
    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        summary = write_roster(session, actor, flt, out, reveal_reason=args.reveal, progress=StderrProgress())
    emit(
        args,
        {"ok": True, "file": str(out), "rows": summary.rows, "pages": summary.pages, "revealed": summary.revealed},
        [
            say(
                f"已生成会员花名册：{out}（{summary.rows} 人，{summary.pages} 页）",
                f"Roster written: {out} ({summary.rows} members, {summary.pages} pages)",
            )
        ],
    )
    return 0
