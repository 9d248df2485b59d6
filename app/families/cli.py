"""`fpa-desk families export`, `visits export` and `report five-ones|family-file|annual`: special families' files.

Arguments that cannot work (a wrong file suffix, a year out of range, an unknown family) are refused before
anything is written, with one sentence in the user's language.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cli import Parser

REVEAL_HELP = "show full ID and phone numbers (admins and county staff); say why (e.g. 核对特别扶助名单)"


def register(sub: argparse._SubParsersAction[Parser], common: Parser) -> None:
    """Add `families export` and `visits export` to `sub`."""
    from app.cli import Parser

    families = sub.add_parser("families", help="special families (计生特殊家庭): export")
    families_sub = families.add_subparsers(dest="families_command", metavar="ACTION", parser_class=Parser)
    export = families_sub.add_parser(
        "export",
        parents=[common],
        help="export the special families to an Excel workbook",
        description="One row per family: village, categories, parents and child, assistance, liaisons, doctor "
        "contract, consent, closing. ID and phone numbers are masked unless --reveal gives the reason for showing "
        "them in full; health and bereavement details are hidden from clerks and volunteers.",
    )
    export.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="the workbook to write")
    export.add_argument("--village", metavar="CODE", help="only this village's families (12-digit region code)")
    export.add_argument("--reveal", metavar="REASON", help=REVEAL_HELP)
    export.set_defaults(func=cmd_families_export)

    visits = sub.add_parser("visits", help="visits to special families (走访记录): export")
    visits_sub = visits.add_subparsers(dest="visits_command", metavar="ACTION", parser_class=Parser)
    export = visits_sub.add_parser(
        "export",
        parents=[common],
        help="export the visits to an Excel workbook",
        description="One row per visit (a corrected visit once, as corrected), by village and date. Volunteers "
        "export the visits they recorded or went on.",
    )
    export.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="the workbook to write")
    export.add_argument("--village", metavar="CODE", help="only this village's families (12-digit region code)")
    export.add_argument("--year", type=int, metavar="Y", help="only the visits of this year")
    export.set_defaults(func=cmd_visits_export)


def register_reports(sub: argparse._SubParsersAction[Parser], common: Parser) -> None:
    """Add `report five-ones`, `report family-file` and `report annual` to `sub`."""
    five = sub.add_parser(
        "five-ones",
        parents=[common],
        help="the yearly 五个一 checklist as a PDF to print, or a workbook with coverage and to-do lists",
        description="One line per family with the date each of the five items was met, grouped by village with "
        "coverage. An .xlsx file adds the coverage per village and the to-do lists (items missing, families not "
        "contacted for --days days, follow-ups due or overdue, open emergencies).",
    )
    five.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.xlsx", help="the file to write")
    five.add_argument("--year", type=int, required=True, metavar="Y", help="the year of the checklist")
    five.add_argument("--village", metavar="CODE", help="only this village (12-digit region code)")
    five.add_argument("--days", type=int, default=30, metavar="N",
                      help="workbook: list families without a visit in the last N days (default 30)")  # fmt: skip
    five.add_argument("--reveal", metavar="REASON", help=REVEAL_HELP)
    five.set_defaults(func=cmd_five_ones)

    care = sub.add_parser(
        "family-file",
        parents=[common],
        help="one family's care file (帮扶档案) as a PDF",
        description="The family's record, people, insurance, visits (newest first) and activities, as the account "
        "may see them. The family id is the 家庭编号 column of `families export`.",
    )
    care.add_argument("family", metavar="FAMILY_ID", help="the family's id (家庭编号)")
    care.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
    care.add_argument("--reveal", metavar="REASON", help=REVEAL_HELP)
    care.set_defaults(func=cmd_family_file)

    annual = sub.add_parser(
        "annual",
        parents=[common],
        help="a village's annual report on its special families (年度工作报告) as a PDF",
        description="Families by category, 五个一 coverage, visits per kind and month, activities with attendance, "
        "and the follow-ups still open.",
    )
    annual.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
    annual.add_argument("--year", type=int, required=True, metavar="Y", help="the year of the report")
    annual.add_argument("--village", required=True, metavar="CODE", help="the village (12-digit region code)")
    annual.set_defaults(func=cmd_annual)


def _output(text: str, *suffixes: str) -> Path:
    """The output path, if its suffix is one of `suffixes`."""
    from app.errors import UsageError

    path = Path(text)
    if path.suffix.lower() not in suffixes:
        zh = " 或 ".join(suffixes)
        en = " or ".join(suffixes)
        raise UsageError(
            f"输出文件名应以 {zh} 结尾，而不是“{path.name}”。",
            f"The output file name must end in {en}, not {path.name!r}.",
            code="usage",
        )
    return path


def _village(args: argparse.Namespace) -> str | None:
    return args.village.strip() if args.village else None


def _reveal_lines(revealed: bool) -> list[str]:
    from app.cli import say

    if revealed:
        return [
            say("身份证号和电话为完整号码，请妥善保管该文件。", "ID and phone numbers are in full: keep the file safe.")
        ]
    return [say("身份证号和电话已脱敏。", "ID and phone numbers are masked.")]


def cmd_families_export(args: argparse.Namespace) -> int:
    """Export the special families to a workbook."""
    from app.cli import StderrProgress, emit, say, signed_in
    from app.families.family_export import export_families

    out = _output(args.output, ".xlsx")
    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        summary = export_families(session, actor, out, village_code=_village(args), reveal_reason=args.reveal,
                                  progress=StderrProgress())  # fmt: skip
    emit(
        args,
        {"ok": True, "file": str(out), "rows": summary.rows, "revealed": summary.revealed},
        [say(f"已导出 {summary.rows} 户特殊家庭：{out}", f"Exported {summary.rows} special families: {out}"),
         *_reveal_lines(summary.revealed)],
    )  # fmt: skip
    return 0


def cmd_visits_export(args: argparse.Namespace) -> int:
    """Export the visits to a workbook."""
    from app.cli import StderrProgress, emit, say, signed_in
    from app.families.family_export import export_visits
    from app.families.report_scope import check_year

    out = _output(args.output, ".xlsx")
    if args.year is not None:
        check_year(args.year)
    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        summary = export_visits(session, actor, out, village_code=_village(args), year=args.year,
                                progress=StderrProgress())  # fmt: skip
    emit(
        args,
        {"ok": True, "file": str(out), "rows": summary.rows},
        [say(f"已导出 {summary.rows} 条走访记录：{out}", f"Exported {summary.rows} visits: {out}")],
    )
    return 0


def cmd_five_ones(args: argparse.Namespace) -> int:
    """Print or export the 五个一 checklist of a year."""
    from app.cli import StderrProgress, emit, say, signed_in
    from app.families.five_ones_pdf import write_five_ones_pdf
    from app.families.five_ones_report import check_days
    from app.families.five_ones_workbook import write_five_ones_workbook
    from app.families.report_scope import check_year

    out = _output(args.output, ".pdf", ".xlsx")
    check_year(args.year)
    check_days(args.days)
    village = _village(args)
    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        if out.suffix.lower() == ".pdf":
            summary = write_five_ones_pdf(session, actor, args.year, out, village_code=village,
                                          reveal_reason=args.reveal, progress=StderrProgress())  # fmt: skip
        else:
            summary = write_five_ones_workbook(session, actor, args.year, out, village_code=village,
                                               reveal_reason=args.reveal, days=args.days,
                                               progress=StderrProgress())  # fmt: skip
    coverage = summary.coverage
    complete = coverage.percent(coverage.complete)
    emit(
        args,
        {
            "ok": True, "file": str(out), "year": args.year, "families": summary.families,
            "complete": coverage.complete, "complete_percent": complete, "met": coverage.met,
            "pages": summary.pages or None, "revealed": summary.revealed,
        },
        [
            say(f"已生成 {args.year} 年五个一服务清单：{out}（{summary.families} 户，五项全部完成 "
                f"{coverage.complete} 户，{complete:.1f}%）",
                f"五个一 checklist for {args.year} written: {out} ({summary.families} families, "
                f"{coverage.complete} with all five, {complete:.1f}%)"),
        ],
    )  # fmt: skip
    return 0


def cmd_family_file(args: argparse.Namespace) -> int:
    """Print one family's care file."""
    from app.cli import StderrProgress, emit, say, signed_in
    from app.errors import UsageError
    from app.families.care_file import write_care_file
    from db.models import SpecialFamily

    out = _output(args.output, ".pdf")
    family_id = args.family.strip()
    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        family = session.get(SpecialFamily, family_id)
        if family is None or family.deleted:
            raise UsageError(
                f"没有编号为“{family_id}”的家庭；家庭编号见 families export 导出表格的“家庭编号”列。",
                f"There is no family with id {family_id!r}; see the 家庭编号 column of `families export`.",
                code="usage.family",
            )
        summary = write_care_file(session, actor, family_id, out, reveal_reason=args.reveal,
                                  progress=StderrProgress())  # fmt: skip
    emit(
        args,
        {"ok": True, "file": str(out), "pages": summary.pages, "visits": summary.visits, "revealed": summary.revealed},
        [say(f"已生成帮扶档案：{out}（{summary.pages} 页，{summary.visits} 次走访）",
             f"Care file written: {out} ({summary.pages} pages, {summary.visits} visits)"),
         *_reveal_lines(summary.revealed)],
    )  # fmt: skip
    return 0


def cmd_annual(args: argparse.Namespace) -> int:
    """Print a village's annual report."""
    from app.cli import StderrProgress, emit, say, signed_in
    from app.families.annual_report_pdf import write_annual_report
    from app.families.report_scope import check_year

    out = _output(args.output, ".pdf")
    check_year(args.year)
    with signed_in(args) as (db, actor), db.unit_of_work(actor.username) as session:
        summary = write_annual_report(session, actor, args.year, args.village.strip(), out, progress=StderrProgress())
    emit(
        args,
        {"ok": True, "file": str(out), "year": args.year, "families": summary.families, "visits": summary.visits,
         "pages": summary.pages},
        [say(f"已生成 {args.year} 年度工作报告：{out}（{summary.families} 户，{summary.visits} 次走访）",
             f"Annual report for {args.year} written: {out} ({summary.families} families, {summary.visits} visits)")],
    )  # fmt: skip
    return 0
