"""The 五个一 checklist printed: A4 landscape, one line per family, a subtotal per village and the total.

Each item's cell holds the date it was first met in the year, or "—"; a village's subtotal and the total give the
families met and the share of families, per item and for all five. Families are named by their parents (ID numbers
masked unless revealed); the print is audited.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import audit
from app.accounts.users import Actor
from app.families.five_ones import Coverage
from app.families.five_ones_report import FiveOnesSummary, five_ones_checklist, share
from app.families.labels import ITEM_LABELS, ITEMS, NONE
from app.families.pdf_layout import BAND_FILL, Fitter, column_widths, content_width, grid, styles, table
from app.pdf_document import chinese_date, write_pdf
from app.progress import NoProgress, Progress
from app.site import require_site

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TITLE = "特殊家庭“五个一”服务清单"
CELL_SIZE = 8.5
LEGEND = (
    "说明：表中日期为该项在本年度首次完成的日期，“—”表示尚未完成。集体交流活动以参加集体活动或登记为集体交流活动的走访为准，"
    "保险保障以登记了本年度保单为准；更正过的走访只按更正后的记录计算。小计和合计中为完成户数及其占比。"
)


def write_five_ones_pdf(
    session: Session,
    actor: Actor,
    year: int,
    out_path: str | os.PathLike[str],
    *,
    village_code: str | None = None,
    reveal_reason: str | None = None,
    today: date | None = None,
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
) -> FiveOnesSummary:
    """Print the checklist of `year` for one village (or every village `actor` sees) to the PDF `out_path`."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Spacer

    today = today or date.today()
    site = require_site(session)
    report = five_ones_checklist(
        session, actor, year, village_code=village_code, reveal_reason=reveal_reason, today=today
    )
    progress.start(report.overall.families, "打印五个一服务清单")
    sheet = styles(CELL_SIZE)
    page = landscape(A4)
    columns = (("序号", 30.0), ("家庭（母亲、父亲）", 0.0), ("身份证号", 100.0),
               *((ITEM_LABELS[item][0], 86.0) for item in ITEMS), ("完成项数", 72.0))  # fmt: skip
    widths = column_widths(columns, content_width(page))
    fit = Fitter(sheet, widths)
    data: list[list[Any]] = [[header for header, _ in columns]]
    commands = [
        *grid(sheet.font, CELL_SIZE),
        ("ALIGN", (3, 1), (-1, -1), "CENTER"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
    ]
    band = colors.HexColor(BAND_FILL)
    number = 0
    for village in report.villages:
        data.append([f"{village.name}（{village.coverage.families} 户）", *[""] * (len(columns) - 1)])
        at = len(data) - 1
        commands += [("SPAN", (0, at), (-1, at)), ("BACKGROUND", (0, at), (-1, at), band),
                     ("ALIGN", (0, at), (-1, at), "LEFT")]  # fmt: skip
        for line in village.lines:
            number += 1
            dates = [line.met[item] or NONE for item in ITEMS]
            data.append(
                fit.row([number, line.family.label, line.family.id_number, *dates, f"{line.done}/{len(ITEMS)}"])
            )
        data.append(_totals_row(fit, f"{village.name} 小计", village.coverage))
        commands.append(("SPAN", (0, len(data) - 1), (2, len(data) - 1)))
    if len(report.villages) != 1:
        data.append(_totals_row(fit, "合计", report.overall))
        at = len(data) - 1
        commands += [("SPAN", (0, at), (2, at)), ("BACKGROUND", (0, at), (-1, at), band)]
    progress.advance(report.overall.families)

    overall = report.overall
    story: list[Any] = [
        sheet.para(f"{site.name}{year}年{TITLE}", sheet.title),
        sheet.facts(
            f"范围：{report.scope}",
            f"共 {overall.families} 户",
            f"五项全部完成：{share(overall, overall.complete)}",
            f"制表日期：{chinese_date(today)}",
        ),
        table(data, widths, commands),
    ]
    if not overall.families:
        story.append(sheet.para("（没有符合条件的家庭）", sheet.cell))
    notes = [LEGEND, "身份证号已脱敏。" if not report.revealed else "含完整身份证号，请妥善保管。"]
    story += [Spacer(1, 4), *(sheet.para(text, sheet.note) for text in notes), sheet.signatures()]
    pages = write_pdf(out_path, story, font=sheet.font, page_size=page, title=f"{year}年{TITLE}", author=site.name,
                      progress=progress)  # fmt: skip
    audit.record(
        session, actor.username, "print", tbl="special_family",
        detail={"report": "five_ones", "file": Path(out_path).name, "year": year, "village": village_code,
                "families": overall.families, "pages": pages, "revealed": report.revealed,
                **({"reason": report.reveal_reason} if report.revealed else {})},
    )  # fmt: skip
    return FiveOnesSummary(overall.families, overall, pages, report.revealed)


def _totals_row(fit: Fitter, label: str, coverage: Coverage) -> list[Any]:
    counts = [share(coverage, coverage.met[item]) for item in ITEMS]
    return [label, "", "", *(fit(3, text) for text in counts), fit(8, share(coverage, coverage.complete))]
