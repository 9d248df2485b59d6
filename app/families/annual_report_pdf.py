"""The annual report printed: A4 portrait, five sections of figures and lists, numbered pages, signatures.

Families are named by their parents in the follow-up list (no ID numbers: the report is about the work, not the
people); the print is audited.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import audit
from app.accounts.users import Actor
from app.families.annual_report import AnnualReport, annual_report
from app.families.five_ones_report import followup_state
from app.families.labels import (
    ACTIVITY_LABELS,
    ASSISTANCE_LABELS,
    CATEGORY_LABELS,
    ITEM_LABELS,
    ITEMS,
    NONE,
    kind_text,
    word,
)
from app.families.pdf_layout import (
    BAND_FILL,
    Fitter,
    Styles,
    column_widths,
    content_width,
    grid,
    styles,
    table,
)
from app.pdf_document import chinese_date, write_pdf
from app.progress import NoProgress, Progress
from app.site import require_site
from db.models.families import ASSISTANCE_STATUSES, FAMILY_CATEGORIES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TITLE = "特殊家庭帮扶工作年度报告"
CELL_SIZE = 8.5


@dataclass(frozen=True)
class AnnualSummary:
    """What was printed."""

    families: int
    visits: int
    pages: int


def write_annual_report(
    session: Session,
    actor: Actor,
    year: int,
    village_code: str,
    out_path: str | os.PathLike[str],
    *,
    today: date | None = None,
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
) -> AnnualSummary:
    """Print the annual report of `village_code` for `year` to the PDF `out_path`."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Spacer

    today = today or date.today()
    site = require_site(session)
    report = annual_report(session, actor, year, village_code, today=today)
    progress.start(1, "打印年度工作报告")
    sheet = styles(CELL_SIZE)
    width = content_width(A4)
    story: list[Any] = [
        sheet.para(f"{report.village}{year}年度{TITLE}", sheet.title),
        sheet.facts(f"单位：{site.name}", f"统计年度：{year}年1月1日至12月31日", f"制表日期：{chinese_date(today)}"),
        sheet.para(_overview(report), sheet.body),
    ]
    sections = (
        ("一、家庭情况", _families_table(sheet, width, report)),
        ("二、“五个一”服务覆盖", _coverage_table(sheet, width, report)),
        ("三、走访情况（按月）", _visits_table(sheet, width, report)),
        ("四、活动情况", _activities_table(sheet, width, report)),
        ("五、待跟进事项", _followups_table(sheet, width, report)),
    )
    for heading, flowable in sections:
        story += [sheet.para(heading, sheet.heading), flowable]
    story += [Spacer(1, 6), sheet.signatures()]
    pages = write_pdf(out_path, story, font=sheet.font, page_size=A4, title=f"{year}年度{TITLE}", author=site.name,
                      progress=progress)  # fmt: skip
    progress.advance(1)
    audit.record(
        session, actor.username, "print", tbl="special_family",
        detail={"report": "annual", "file": Path(out_path).name, "year": year, "village": village_code,
                "families": report.families, "pages": pages},
    )  # fmt: skip
    return AnnualSummary(report.families, report.visit_count, pages)


def _overview(report: AnnualReport) -> str:
    coverage = report.coverage
    return (
        f"{report.year}年末在册特殊家庭 {report.families} 户，本年结案 {report.closed} 户；"
        f"全年走访 {report.visit_count} 次，服务时长 {report.hours:g} 小时；开展活动 {len(report.activities)} 次；"
        f"“五个一”五项全部完成 {coverage.complete} 户（{coverage.percent(coverage.complete):.1f}%）；"
        f"待跟进事项 {len(report.followups)} 项。"
    )


def _families_table(sheet: Styles, width: float, report: AnnualReport) -> Any:
    categories = [(word(CATEGORY_LABELS, c), report.by_category.get(c, 0)) for c in FAMILY_CATEGORIES]
    statuses = [(word(ASSISTANCE_LABELS, s), report.by_assistance.get(s, 0)) for s in ASSISTANCE_STATUSES]
    data: list[list[Any]] = [["家庭类别", "户数", "特别扶助", "户数"]]
    for (category, families), (status, count) in zip_longest(categories, statuses, fillvalue=("", "")):
        data.append([category, families, status, count])
    data.append(["合计（户）", report.families, "本年结案（户）", report.closed])
    quarter = width / 4
    return table(data, [quarter * 1.5, quarter * 0.5, quarter * 1.5, quarter * 0.5],
                 [*grid(sheet.font, CELL_SIZE), ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                  ("ALIGN", (3, 1), (3, -1), "RIGHT"), *_band_last(sheet)])  # fmt: skip


def _band_last(sheet: Styles) -> list[tuple[Any, ...]]:
    from reportlab.lib import colors

    return [("BACKGROUND", (0, -1), (-1, -1), colors.HexColor(BAND_FILL))]


def _coverage_table(sheet: Styles, width: float, report: AnnualReport) -> Any:
    coverage = report.coverage
    data: list[list[Any]] = [["项目", "完成户数", "覆盖率"]]
    for item in ITEMS:
        count = coverage.met[item]
        data.append([ITEM_LABELS[item][0], count, f"{coverage.percent(count):.1f}%"])
    data.append(["五项全部完成", coverage.complete, f"{coverage.percent(coverage.complete):.1f}%"])
    widths = [width / 2, width / 4, width / 4]
    return table(data, widths, [*grid(sheet.font, CELL_SIZE), ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                                *_band_last(sheet)])  # fmt: skip


def _visits_table(sheet: Styles, width: float, report: AnnualReport) -> Any:
    month_width = 30.0
    widths = [width - 13 * month_width, *[month_width] * 13]
    data: list[list[Any]] = [["走访类型", *(f"{m}月" for m in range(1, 13)), "合计"]]
    totals = [0] * 12
    for kind, months in report.visits.items():
        data.append([kind_text(kind), *(count or "" for count in months), sum(months)])
        totals = [a + b for a, b in zip(totals, months, strict=True)]
    data.append(["合计", *(count or "" for count in totals), sum(totals)])
    return table(data, widths, [*grid(sheet.font, CELL_SIZE), ("ALIGN", (1, 1), (-1, -1), "CENTER"),
                                *_band_last(sheet)])  # fmt: skip


def _activities_table(sheet: Styles, width: float, report: AnnualReport) -> Any:
    columns = (("日期", 56.0), ("活动类型", 80.0), ("活动名称", 0.0), ("地点", 120.0), ("参加人数", 50.0),
               ("特殊家庭（户）", 70.0))  # fmt: skip
    widths = column_widths(columns, width)
    fit = Fitter(sheet, widths)
    data: list[list[Any]] = [[header for header, _ in columns]]
    for a in report.activities:
        data.append(fit.row([a.held_on, word(ACTIVITY_LABELS, a.type), a.title, a.place, a.participants, a.families]))
    commands = [*grid(sheet.font, CELL_SIZE), ("ALIGN", (4, 1), (5, -1), "RIGHT")]
    if not report.activities:
        data.append(["（本年没有在本村开展活动）", *[""] * (len(columns) - 1)])
        commands.append(("SPAN", (0, 1), (-1, 1)))
    return table(data, widths, commands)


def _followups_table(sheet: Styles, width: float, report: AnnualReport) -> Any:
    columns = (("家庭", 80.0), ("走访日期", 56.0), ("走访类型", 66.0), ("跟进事项", 0.0), ("负责人", 56.0),
               ("期限", 56.0), ("状态", 64.0))  # fmt: skip
    widths = column_widths(columns, width)
    fit = Fitter(sheet, widths)
    data: list[list[Any]] = [[header for header, _ in columns]]
    for line in report.followups:
        f = line.followup
        data.append(fit.row([line.family.label, f.visited_on, kind_text(f.kind), f.action or NONE, f.owner, f.due,
                             followup_state(f, report.today)]))  # fmt: skip
    commands = grid(sheet.font, CELL_SIZE)
    if not report.followups:
        data.append(["（没有待跟进事项）", *[""] * (len(columns) - 1)])
        commands.append(("SPAN", (0, 1), (-1, 1)))
    return table(data, widths, commands)
