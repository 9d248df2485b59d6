"""The 五个一 checklist of a year as the printed list and the workbook show it: per village, named, with the to-dos.

The checklist, coverage and to-do answers come from `app.families.five_ones` (who is in scope, what meets an item);
this module names the families (`family_names`: parents' names, ID numbers masked unless an admin or county user
reveals them for a reason), groups them per village with each village's coverage, and collects the to-do lists:
families with items missing, families not contacted for N days, follow-ups due or overdue, open emergencies.
`five_ones_pdf` and `five_ones_workbook` lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from app.accounts.users import Actor
from app.errors import ValidationError
from app.families.family_names import FamilyHeader, family_headers
from app.families.five_ones import (
    DEFAULT_CONTACT_DAYS,
    ITEMS,
    Coverage,
    FamilyItems,
    Followup,
    checklist,
    not_contacted,
    open_followups,
)
from app.families.report_scope import check_village, check_year, family_reveal

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ALL_VILLAGES = "全部村（居）"
DUE_WITHIN_DAYS = 7  # a follow-up due this soon is on the to-do list
MAX_DAYS = 3660


@dataclass(frozen=True)
class ChecklistLine:
    """One family's line: who, and the date each item was met this year (None: not yet)."""

    family: FamilyHeader
    met: dict[str, date | None]

    @property
    def done(self) -> int:
        return sum(self.met[item] is not None for item in ITEMS)

    @property
    def missing(self) -> list[str]:
        return [item for item in ITEMS if self.met[item] is None]


@dataclass(frozen=True)
class VillageChecklist:
    """One village's families, by name, and its coverage."""

    code: str | None
    name: str
    lines: list[ChecklistLine]
    coverage: Coverage


@dataclass(frozen=True)
class FiveOnesChecklist:
    """The year's checklist for a scope (a village or every village the actor sees)."""

    year: int
    scope: str
    villages: list[VillageChecklist]
    overall: Coverage
    reveal_reason: str | None

    @property
    def revealed(self) -> bool:
        return self.reveal_reason is not None

    @property
    def lines(self) -> list[ChecklistLine]:
        return [line for village in self.villages for line in village.lines]


@dataclass(frozen=True)
class Uncontacted:
    family: FamilyHeader
    last_visit: date | None
    days: int | None  # since the last visit; None when never visited


@dataclass(frozen=True)
class FollowupLine:
    family: FamilyHeader
    followup: Followup


@dataclass(frozen=True)
class TodoLists:
    """What needs doing, as of `today`."""

    today: date
    days: int
    missing: list[ChecklistLine]
    not_contacted: list[Uncontacted]
    followups: list[FollowupLine]  # due within a week or overdue, emergencies apart
    emergencies: list[FollowupLine]  # every emergency whose follow-up is not done


@dataclass(frozen=True)
class FiveOnesSummary:
    """What was printed or exported."""

    families: int
    coverage: Coverage
    pages: int
    revealed: bool


def share(coverage: Coverage, count: int) -> str:
    """A count and its share of the families: "2 户（66.7%）"."""
    return f"{count} 户（{coverage.percent(count):.1f}%）"


def check_days(days: int) -> int:
    """`days`, if it makes sense as "not contacted for N days": 1 to 3660."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            f"未联系天数应在 1 到 {MAX_DAYS} 之间，而不是 {days}。",
            f"The number of days must be between 1 and {MAX_DAYS}, not {days}.",
            code="report.days",
        )
    return days


def followup_state(followup: Followup, today: date) -> str:
    """Where a follow-up stands: "已逾期 3 天", "未到期" or "未定期限"."""
    if followup.overdue and followup.due:
        return f"已逾期 {(today - followup.due).days} 天"
    return "未定期限" if followup.due is None else "未到期"


def coverage_of(lines: Sequence[ChecklistLine | FamilyItems]) -> Coverage:
    """The coverage of some lines of the checklist, counted as `five_ones.coverage` counts it."""
    met = {item: sum(line.met[item] is not None for line in lines) for item in ITEMS}
    complete = sum(all(line.met[item] is not None for item in ITEMS) for line in lines)
    return Coverage(len(lines), met, complete)


def five_ones_checklist(
    session: Session,
    actor: Actor,
    year: int,
    *,
    village_code: str | None = None,
    reveal_reason: str | None = None,
    today: date | None = None,
) -> FiveOnesChecklist:
    """The checklist of `year` for one village or all, grouped by village, families by name within each."""
    check_year(year, today)
    scope = check_village(session, village_code) if village_code else ALL_VILLAGES
    why = family_reveal(actor, reveal_reason)
    items: list[FamilyItems] = checklist(session, actor, year, village_code=village_code)
    headers = family_headers(session, [row.family_id for row in items], reveal=why is not None)
    villages = []
    for code, rows in groupby(items, key=lambda row: row.village_code):  # the checklist comes ordered by village
        lines = sorted((ChecklistLine(headers[row.family_id], row.met) for row in rows),
                       key=lambda line: line.family.sort_key)  # fmt: skip
        villages.append(VillageChecklist(code, lines[0].family.village, lines, coverage_of(lines)))
    every = [line for village in villages for line in village.lines]
    return FiveOnesChecklist(year, scope, villages, coverage_of(every), why)


def five_ones_todos(
    session: Session,
    actor: Actor,
    report: FiveOnesChecklist,
    *,
    village_code: str | None = None,
    days: int = DEFAULT_CONTACT_DAYS,
    today: date | None = None,
) -> TodoLists:
    """The to-do lists that go with `report`: its families with items missing, and today's contacts and follow-ups."""
    today = today or date.today()
    check_days(days)
    quiet = not_contacted(session, actor, today=today, days=days, village_code=village_code)
    due = open_followups(session, actor, today=today, within_days=DUE_WITHIN_DAYS, village_code=village_code)
    urgent = open_followups(session, actor, today=today, village_code=village_code, emergencies_only=True)
    known = {line.family.family_id: line.family for line in report.lines}
    others = {family_id for family_id, _ in quiet} | {f.family_id for f in [*due, *urgent]}
    known.update(family_headers(session, others - set(known), reveal=report.revealed))
    return TodoLists(
        today=today,
        days=days,
        missing=[line for line in report.lines if line.missing],
        not_contacted=[
            Uncontacted(known[family_id], last, (today - last).days if last else None) for family_id, last in quiet
        ],
        followups=[FollowupLine(known[f.family_id], f) for f in due if f.kind != "emergency"],
        emergencies=[FollowupLine(known[f.family_id], f) for f in urgent],
    )
