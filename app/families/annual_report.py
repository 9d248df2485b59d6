"""A village's annual report on its special families (年度工作报告): the figures of one year, gathered in SQL.

What it counts, for the village and year:
- families: those in the year's 五个一 scope (not closed by 31 December), by category and by special-assistance
  status, and the families whose care was closed during the year;
- the 五个一 coverage (`five_ones.checklist`, so the report and the checklist agree);
- visits per kind and month: current visits only (a corrected visit counts once), with the service hours;
- the activities held in the village, with their participants and the special families that attended;
- the follow-ups still open today, whatever their due date, emergencies among them.
Admins, clerks and county staff print it (volunteers print their families' care files, not the office's report).
`annual_report_pdf` lays it out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import batched
from typing import TYPE_CHECKING

from sqlalchemy import extract, func, select

from app.accounts.users import Actor, require_role
from app.families.family_names import CHUNK, family_headers
from app.families.five_ones import Coverage, checklist, open_followups
from app.families.five_ones_report import FollowupLine, coverage_of
from app.families.report_scope import check_village, check_year
from app.families.visits import current_visits
from db.models import Activity, ActivityAttendance, SpecialFamily, Visit
from db.models.families import VISIT_KINDS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

REPORT_READERS = ("admin", "clerk", "county")
EVERY_DUE_DATE = timedelta(days=365 * 100)  # open_followups lists those due within a window: this one holds them all


@dataclass(frozen=True)
class ActivityLine:
    held_on: date
    type: str
    title: str
    place: str | None
    participants: int
    families: int


@dataclass(frozen=True)
class AnnualReport:
    """The figures of one village's year."""

    year: int
    village_code: str
    village: str
    today: date
    families: int
    by_category: dict[str, int]
    by_assistance: dict[str, int]
    closed: int
    coverage: Coverage
    visits: dict[str, list[int]]  # kind → visits in each month, January first; every kind of visit
    hours: float
    activities: list[ActivityLine]
    followups: list[FollowupLine]

    @property
    def visit_count(self) -> int:
        return sum(sum(months) for months in self.visits.values())


def annual_report(
    session: Session, actor: Actor, year: int, village_code: str, *, today: date | None = None
) -> AnnualReport:
    """The annual report's figures for `village_code` and `year`; open follow-ups as of `today`."""
    require_role(actor, *REPORT_READERS)
    today = today or date.today()
    check_year(year, today)
    village = check_village(session, village_code)
    items = checklist(session, actor, year, village_code=village_code)
    categories, assistance = _family_counts(session, [row.family_id for row in items])
    visits, hours = _visits(session, year, village_code)
    followups = open_followups(session, actor, today=today, within_days=EVERY_DUE_DATE.days, village_code=village_code)
    names = family_headers(session, {f.family_id for f in followups})
    return AnnualReport(
        year=year,
        village_code=village_code,
        village=village,
        today=today,
        families=len(items),
        by_category=categories,
        by_assistance=assistance,
        closed=_closed(session, year, village_code),
        coverage=coverage_of(items),
        visits=visits,
        hours=hours,
        activities=_activities(session, year, village_code),
        followups=[FollowupLine(names[f.family_id], f) for f in followups],
    )


def _family_counts(session: Session, family_ids: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    categories: Counter[str] = Counter()
    assistance: Counter[str] = Counter()
    for chunk in batched(family_ids, CHUNK):
        query = select(SpecialFamily.categories, SpecialFamily.assistance_status).where(SpecialFamily.id.in_(chunk))
        for family_categories, status in session.execute(query):
            categories.update(family_categories or ())
            assistance[status] += 1
    return dict(categories), dict(assistance)


def _closed(session: Session, year: int, village_code: str) -> int:
    query = select(func.count()).where(
        SpecialFamily.deleted.is_(False), SpecialFamily.village_code == village_code,
        SpecialFamily.closed_on.between(date(year, 1, 1), date(year, 12, 31)),
    )  # fmt: skip
    return session.scalar(query) or 0


def _visits(session: Session, year: int, village_code: str) -> tuple[dict[str, list[int]], float]:
    """Current visits to the village's families in `year`, per kind and month, and their hours."""
    month = extract("month", Visit.visited_on)
    query = (
        select(Visit.kind, month, func.count(), func.coalesce(func.sum(Visit.hours), 0))
        .join(SpecialFamily, SpecialFamily.id == Visit.family_id)
        .where(
            SpecialFamily.deleted.is_(False), SpecialFamily.village_code == village_code, Visit.deleted.is_(False),
            Visit.visited_on.between(date(year, 1, 1), date(year, 12, 31)), current_visits(),
        )
        .group_by(Visit.kind, month)
    )  # fmt: skip
    counts = {kind: [0] * 12 for kind in VISIT_KINDS}
    hours = 0.0
    for kind, in_month, count, kind_hours in session.execute(query):
        counts.setdefault(kind, [0] * 12)[int(in_month) - 1] = count
        hours += float(kind_hours or 0)
    return counts, hours


def _activities(session: Session, year: int, village_code: str) -> list[ActivityLine]:
    families = (
        select(func.count(func.distinct(ActivityAttendance.family_id)))
        .where(ActivityAttendance.activity_id == Activity.id, ActivityAttendance.deleted.is_(False))
        .scalar_subquery()
    )
    query = (
        select(Activity.held_on, Activity.type, Activity.title, Activity.place, Activity.participant_count, families)
        .where(Activity.deleted.is_(False), Activity.village_code == village_code,
               Activity.held_on.between(date(year, 1, 1), date(year, 12, 31)))
        .order_by(Activity.held_on, Activity.title)
    )  # fmt: skip
    return [ActivityLine(*row) for row in session.execute(query)]
