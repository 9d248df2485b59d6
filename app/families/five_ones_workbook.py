"""The 五个一 checklist as a workbook: the checklist, the coverage per village, and the to-do lists.

Sheet 1 (五个一清单) has one row per family with the date each item was met ("—" where it is missing); sheet 2
(覆盖率) the families met and their share per item and for all five, per village and in total; sheet 3 (待办事项) the
families with items missing, those not contacted for N days, follow-ups due within a week or overdue, and open
emergencies. Written like every workbook of the office (`app.families.workbook`); the export is audited.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app import audit
from app.accounts.users import Actor
from app.families.five_ones import Coverage
from app.families.five_ones_report import (
    FiveOnesChecklist,
    FiveOnesSummary,
    FollowupLine,
    TodoLists,
    five_ones_checklist,
    five_ones_todos,
    followup_state,
)
from app.families.labels import DEFAULT_CONTACT_DAYS, ITEM_LABELS, ITEMS, LIST_SEPARATOR, NONE, kind_text
from app.families.workbook import Book, Column, writing
from app.progress import NoProgress, Progress, check_cancelled

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHECKLIST_SHEET = "五个一清单"
COVERAGE_SHEET = "覆盖率"
TODO_SHEET = "待办事项"
FAMILY_COLUMNS = (Column("村（居）", 16), Column("家庭（母亲、父亲）", 20), Column("身份证号", 22, "text"))


def write_five_ones_workbook(
    session: Session,
    actor: Actor,
    year: int,
    out_path: str | os.PathLike[str],
    *,
    village_code: str | None = None,
    reveal_reason: str | None = None,
    days: int = DEFAULT_CONTACT_DAYS,
    today: date | None = None,
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
) -> FiveOnesSummary:
    """Export the checklist of `year` for one village (or every village `actor` sees) to the workbook `out_path`.

    The to-do lists are as of `today`; "not contacted" means no visit in the last `days` days.
    """
    today = today or date.today()
    report = five_ones_checklist(
        session, actor, year, village_code=village_code, reveal_reason=reveal_reason, today=today
    )
    todos = five_ones_todos(session, actor, report, village_code=village_code, days=days, today=today)
    progress.start(report.overall.families, "导出五个一服务清单")
    with writing(out_path) as book:
        _checklist_sheet(book, report, progress)
        _coverage_sheet(book, report)
        _todo_sheet(book, todos)
        check_cancelled(progress)
    audit.record(
        session, actor.username, "export", tbl="special_family",
        detail={"report": "five_ones", "file": Path(out_path).name, "year": year, "village": village_code,
                "families": report.overall.families, "revealed": report.revealed,
                **({"reason": report.reveal_reason} if report.revealed else {})},
    )  # fmt: skip
    return FiveOnesSummary(report.overall.families, report.overall, 0, report.revealed)


def _checklist_sheet(book: Book, report: FiveOnesChecklist, progress: Progress) -> None:
    items = [Column(ITEM_LABELS[item][0], 14) for item in ITEMS]
    sheet = book.sheet(CHECKLIST_SHEET, [*FAMILY_COLUMNS, *items, Column("完成项数", 10), Column("缺少的项目", 40)])
    for village in report.villages:
        check_cancelled(progress)
        for line in village.lines:
            family = line.family
            sheet.append([family.village, family.label, family.id_number, *(line.met[item] or NONE for item in ITEMS),
                          line.done, _items_text(line.missing)])  # fmt: skip
        progress.advance(len(village.lines))


def _coverage_sheet(book: Book, report: FiveOnesChecklist) -> None:
    columns = [Column("村（居）", 16), Column("家庭户数", 10)]
    for item in (*ITEMS, "all"):
        label = ITEM_LABELS[item][0] if item != "all" else "五项全部完成"
        columns += [Column(f"{label}（户）", 12), Column(f"{label}（覆盖率）", 12, "percent")]
    sheet = book.sheet(COVERAGE_SHEET, columns)
    for village in report.villages:
        sheet.append(_coverage_row(village.name, village.coverage))
    sheet.append(_coverage_row(f"合计（{report.scope}）", report.overall))


def _coverage_row(name: str, coverage: Coverage) -> list[object]:
    row: list[object] = [name, coverage.families]
    for count in (*(coverage.met[item] for item in ITEMS), coverage.complete):
        row += [count, coverage.percent(count) / 100]
    return row


def _todo_sheet(book: Book, todos: TodoLists) -> None:
    sheet = book.sheet(TODO_SHEET, [*FAMILY_COLUMNS, Column("", 14), Column("", 30), Column("", 36), Column("", 12),
                                    Column("", 12), Column("", 12)], header=False)  # fmt: skip
    family_headers = [column.header for column in FAMILY_COLUMNS]

    def section(title: str, headers: list[str], empty: bool) -> None:
        sheet.title(title)
        sheet.headers([*family_headers, *headers])
        if empty:
            sheet.append(["（无）"])

    section("一、缺项家庭", ["完成项数", "缺少的项目"], not todos.missing)
    for missing in todos.missing:
        family = missing.family
        sheet.append([family.village, family.label, family.id_number, missing.done, _items_text(missing.missing)])
    sheet.blank()
    section(f"二、超过 {todos.days} 天未联系的家庭", ["最近一次走访", "未联系天数"], not todos.not_contacted)
    for quiet in todos.not_contacted:
        family = quiet.family
        sheet.append([family.village, family.label, family.id_number, quiet.last_visit or "从未走访", quiet.days])
    followup_headers = ["走访日期", "走访类型", "跟进事项", "负责人", "期限", "状态"]
    sheet.blank()
    section("三、一周内到期或已逾期的跟进事项", followup_headers, not todos.followups)
    for line in todos.followups:
        sheet.append(_followup_row(line, todos.today))
    sheet.blank()
    section("四、尚未处理完的紧急情况", followup_headers, not todos.emergencies)
    for line in todos.emergencies:
        sheet.append(_followup_row(line, todos.today))


def _followup_row(line: FollowupLine, today: date) -> list[object]:
    family, followup = line.family, line.followup
    return [family.village, family.label, family.id_number, followup.visited_on, kind_text(followup.kind),
            followup.action or NONE, followup.owner, followup.due, followup_state(followup, today)]  # fmt: skip


def _items_text(items: list[str]) -> str:
    return LIST_SEPARATOR.join(ITEM_LABELS[item][0] for item in items)
