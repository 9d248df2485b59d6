"""The dashboard's data: this year's 五个一 coverage, visits per month, what is overdue in each village, and the lists
behind each bar.

`dashboard_data` gives everything the page draws, in two statements: one over the families (the checklist's dates,
who was not contacted lately, open follow-ups and emergencies), counted per village and for the whole scope, and one
over the year's visits, counted per month and kind. Every count has a list that shows the same families or visits
when its bar is clicked (`families_missing`, `families_not_contacted`, `overdue_followups`, `open_emergencies`,
`visits_in_month`), read with the same rules as `app.families.five_ones`:

- the checklist counts the families open on 31 December of the year; "not contacted" counts the families open today
  without a current visit in the last `days` days; follow-ups and emergencies are those of families open at the end
  of this year (today's), not done, on current visits; a follow-up is overdue once its due date has passed;
- visits per month count the current visits of the year to the families in scope, closed ones included (the visits
  took place); a volunteer counts only the visits they logged or went on, as they see them in a family's file;
- a volunteer sees only the families they are paired with, as everywhere.

A village is given by its region code; `None` means every village, and `NO_VILLAGE_CODE` the families with no
village recorded (`VillageCounts.village_code` is that for them, so that a bar's code can be passed back as it is).
Families are named as every list of the app names them (`app.families.family_names`: the parents' names, mother
first), never with their ID numbers or phones. Nothing here imports Qt; the page calls these off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import CompoundSelect, and_, case, extract, func, literal, or_, select, union_all

from app.accounts.users import Actor, require_role
from app.errors import ValidationError
from app.families.access import FAMILY_READERS
from app.families.family_names import family_headers
from app.families.five_ones import (
    DEFAULT_CONTACT_DAYS,
    ITEMS,
    Coverage,
    Followup,
    checklist,
    contacted_since,
    coverage_columns,
    coverage_of_row,
    family_scope,
    met_dates_query,
    not_contacted,
    open_after,
    open_followups,
    part_of_office,
)
from app.families.labels import NO_VILLAGE_CODE
from app.families.report_scope import NO_VILLAGE, check_year
from app.families.visits import current_visits
from db.models import Region, SpecialFamily, Visit, VisitVisitor
from db.models.families import VISIT_KINDS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class VillageCounts:
    """One village's bars: its checklist coverage and what is overdue there."""

    village_code: str  # "" for the families with no village recorded
    village: str  # its name; the code where the region table lacks it
    coverage: Coverage
    missing: int  # families with at least one item not met this year (coverage.families - coverage.complete)
    not_contacted: int
    followups_overdue: int
    emergencies: int


@dataclass(frozen=True)
class MonthCounts:
    """The current visits of one month, in all and by kind (every kind of `VISIT_KINDS`, 0 where none)."""

    month: int
    visits: int
    by_kind: dict[str, int]


@dataclass(frozen=True)
class DashboardData:
    """Everything the dashboard page shows, for `year` as of `today`."""

    year: int
    today: date
    days: int  # "not contacted" means: no visit in this many days
    coverage: Coverage
    missing: int
    not_contacted: int
    followups_overdue: int
    emergencies: int
    villages: list[VillageCounts]  # by region code, the families with no village last
    months: list[MonthCounts]  # January to December


@dataclass(slots=True)  # not frozen: a list holds thousands, and frozen ones take five times as long to make
class FamilyLine:
    """A family in a list behind a bar."""

    family_id: str
    village_code: str | None
    village: str
    name: str  # the parents' names, mother first, as every list of the app shows them
    last_contact: date | None = None  # the list of families not contacted: their last visit (None: never)
    missing: tuple[str, ...] = ()  # the list of families missing items: the items not met this year


@dataclass(slots=True)  # not frozen: a list holds thousands, and frozen ones take five times as long to make
class VisitLine:
    """A visit in a list behind a bar: a visit of the month, or a follow-up or emergency still open."""

    visit_id: str
    family_id: str
    village_code: str | None
    village: str
    name: str
    kind: str
    visited_on: date
    action: str | None = None
    owner: str | None = None
    due: date | None = None
    overdue: bool = False


def _check_days(days: int) -> None:
    if days < 1:
        raise ValidationError(
            "未联系天数至少为 1 天。", "The number of days must be at least 1.", code="dashboard.days"
        )


# --- the page's data --------------------------------------------------------------------------------------------


def _counts_query(
    session: Session, actor: Actor, year: int, today: date, days: int, village_code: str | None
) -> CompoundSelect[Any]:
    """One row for the whole scope (level 0), then one per village (level 1): coverage and the overdue counts.

    The families are those on the checklist of `year` (open on its last day). The year is never after today's, so
    they include every family open at the end of today's year (whose follow-ups count) and every family open today.
    """
    followed = open_after(date(today.year, 12, 31))
    scope = family_scope(session, actor, village_code)
    among = scope if part_of_office(actor, village_code) else None
    only = [] if among is None else [Visit.family_id.in_(select(SpecialFamily.id).where(*among))]
    open_work = (
        select(
            Visit.family_id.label("family_id"),
            func.sum(case((and_(Visit.followup_action.is_not(None), Visit.followup_due < today), 1), else_=0))
            .label("overdue"),
            func.sum(case((Visit.kind == "emergency", 1), else_=0)).label("emergencies"),
        )
        .where(
            Visit.followup_done.is_(False), Visit.deleted.is_(False),
            or_(Visit.kind == "emergency", and_(Visit.followup_action.is_not(None), Visit.followup_due < today)),
            current_visits(), *only,
        )
        .group_by(Visit.family_id)
        .subquery("open_work")
    )  # fmt: skip
    recent = contacted_since(today - timedelta(days=days), today)
    facts = (
        met_dates_query(
            year,
            case((and_(SpecialFamily.closed_on.is_(None), SpecialFamily.id.not_in(recent)), 1), else_=0)
            .label("not_contacted"),
            case((followed, func.coalesce(open_work.c.overdue, 0)), else_=0).label("overdue"),
            case((followed, func.coalesce(open_work.c.emergencies, 0)), else_=0).label("emergencies"),
            among=among,
        )
        .outerjoin(open_work, open_work.c.family_id == SpecialFamily.id)
        .where(*scope, open_after(date(year, 12, 31)))
        # Read twice (the whole scope, each village): computed once.
        .cte("facts")
        .prefix_with("MATERIALIZED")
    )  # fmt: skip
    measures = [
        *coverage_columns(facts),
        func.coalesce(func.sum(facts.c.not_contacted), 0),
        func.coalesce(func.sum(facts.c.overdue), 0),
        func.coalesce(func.sum(facts.c.emergencies), 0),
    ]
    whole = select(literal(0).label("level"), literal(None).label("code"), literal(None).label("name"), *measures)
    village = func.coalesce(facts.c.village_code, NO_VILLAGE_CODE)
    per_village = (
        select(literal(1), village, func.max(Region.name), *measures)
        .select_from(facts)
        .outerjoin(Region, Region.code == facts.c.village_code)
        .group_by(village)
    )
    return union_all(whole, per_village)


def _visible_visits(session: Session, actor: Actor, village_code: str | None) -> list[Any]:
    """Conditions on `Visit` for the current visits `actor` may count, to the families in scope."""
    conditions = [Visit.deleted.is_(False), current_visits()]
    require_role(actor, *FAMILY_READERS)
    if not part_of_office(actor, village_code):
        # Every family of the office. A visit always names a family (a foreign key), so leaving out the visits of
        # the (few) deleted families is the same, and reads no family per visit.
        conditions.append(Visit.family_id.not_in(select(SpecialFamily.id).where(SpecialFamily.deleted.is_(True))))
    else:
        families = select(SpecialFamily.id).where(*family_scope(session, actor, village_code))
        conditions.append(Visit.family_id.in_(families))
    if actor.role == "volunteer":
        went = select(VisitVisitor.visit_id).where(
            VisitVisitor.volunteer_id == actor.volunteer_id, VisitVisitor.deleted.is_(False)
        )
        conditions.append(or_(Visit.recorded_by == actor.username, Visit.id.in_(went)))
    return conditions


def visits_per_month(
    session: Session, actor: Actor, year: int, *, village_code: str | None = None
) -> list[MonthCounts]:
    """The current visits of `year` per month (all twelve, 0 where none) and kind."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    # Counted per day and kind first: the visits come in that order from the index on (kind, date), so the big
    # GROUP BY needs no sort; the days are then few to add up per month.
    days = (
        select(Visit.kind.label("kind"), Visit.visited_on.label("day"), func.count().label("n"))
        .where(Visit.kind.in_(VISIT_KINDS), Visit.visited_on.between(start, end),
               *_visible_visits(session, actor, village_code))
        .group_by(Visit.kind, Visit.visited_on)
        .subquery("days")
    )  # fmt: skip
    month = extract("month", days.c.day)
    query = select(month, days.c.kind, func.sum(days.c.n)).group_by(month, days.c.kind)
    counts = {(int(m), kind): int(n) for m, kind, n in session.connection().execute(query)}
    return [
        MonthCounts(m, sum(counts.get((m, kind), 0) for kind in VISIT_KINDS),
                    {kind: counts.get((m, kind), 0) for kind in VISIT_KINDS})
        for m in range(1, 13)
    ]  # fmt: skip


def dashboard_data(
    session: Session,
    actor: Actor,
    year: int,
    today: date,
    *,
    days: int = DEFAULT_CONTACT_DAYS,
    village_code: str | None = None,
) -> DashboardData:
    """Everything the dashboard shows for `year` as of `today`: coverage, overdue counts per village, visits per
    month. Two statements (and, for a volunteer, the reads of their pairings)."""
    check_year(year, today)
    _check_days(days)
    whole: Coverage | None = None
    totals = (0, 0, 0, 0)
    villages = []
    for level, code, name, *values in session.connection().execute(
        _counts_query(session, actor, year, today, days, village_code)
    ):
        counts = coverage_of_row(values[:7])
        missing = counts.families - counts.complete
        overdue = (int(values[7]), int(values[8]), int(values[9]))
        if level == 0:
            whole, totals = counts, (missing, *overdue)
        else:
            label = NO_VILLAGE if code == NO_VILLAGE_CODE else name or code
            villages.append(VillageCounts(code, label, counts, missing, *overdue))
    assert whole is not None  # an aggregate without GROUP BY always gives its row
    villages.sort(key=lambda v: (v.village_code == NO_VILLAGE_CODE, v.village_code))
    missing, not_contacted_, followups_overdue, emergencies = totals
    return DashboardData(
        year=year, today=today, days=days, coverage=whole, missing=missing, not_contacted=not_contacted_,
        followups_overdue=followups_overdue, emergencies=emergencies, villages=villages,
        months=visits_per_month(session, actor, year, village_code=village_code),
    )  # fmt: skip


# --- the lists behind the bars ----------------------------------------------------------------------------------


def families_missing(
    session: Session, actor: Actor, year: int, item: str | None = None, *, village_code: str | None = None
) -> list[FamilyLine]:
    """The families of the checklist of `year` that lack `item` (any item if None), by village then name."""
    if item is not None and item not in ITEMS:
        raise ValueError(f"unknown item {item!r}")
    rows = [
        row for row in checklist(session, actor, year, village_code=village_code)
        if (row.missing if item is None else row.met[item] is None)
    ]  # fmt: skip
    named = family_headers(session, [row.family_id for row in rows])
    rows.sort(key=lambda row: (row.village_code is None, row.village_code or "", named[row.family_id].sort_key,
                               row.family_id))  # fmt: skip
    return [
        FamilyLine(row.family_id, row.village_code, named[row.family_id].village, named[row.family_id].label,
                   missing=tuple(row.missing))
        for row in rows
    ]  # fmt: skip


def families_not_contacted(
    session: Session,
    actor: Actor,
    *,
    today: date,
    days: int = DEFAULT_CONTACT_DAYS,
    village_code: str | None = None,
) -> list[FamilyLine]:
    """The open families without a visit in the last `days` days, never visited first, then longest ago."""
    _check_days(days)
    quiet = not_contacted(session, actor, today=today, days=days, village_code=village_code)
    named = family_headers(session, [family_id for family_id, _last in quiet])
    return [
        FamilyLine(family_id, named[family_id].village_code, named[family_id].village, named[family_id].label,
                   last_contact=last)
        for family_id, last in quiet
    ]  # fmt: skip


def _followup_lines(session: Session, followups: list[Followup]) -> list[VisitLine]:
    named = family_headers(session, [f.family_id for f in followups])
    return [
        VisitLine(f.visit_id, f.family_id, named[f.family_id].village_code, named[f.family_id].village,
                  named[f.family_id].label, f.kind, f.visited_on, f.action or None, f.owner, f.due, f.overdue)
        for f in followups
    ]  # fmt: skip


def overdue_followups(
    session: Session, actor: Actor, *, today: date, village_code: str | None = None
) -> list[VisitLine]:
    """The follow-ups not done whose due date has passed, the longest overdue first."""
    due = open_followups(session, actor, today=today, within_days=0, village_code=village_code)
    return _followup_lines(session, [f for f in due if f.overdue])


def open_emergencies(
    session: Session, actor: Actor, *, today: date, village_code: str | None = None
) -> list[VisitLine]:
    """Every emergency visit whose follow-up is not done."""
    urgent = open_followups(session, actor, today=today, village_code=village_code, emergencies_only=True)
    return _followup_lines(session, urgent)


def visits_in_month(
    session: Session,
    actor: Actor,
    year: int,
    month: int,
    *,
    kind: str | None = None,
    village_code: str | None = None,
    today: date | None = None,
) -> list[VisitLine]:
    """The current visits of one month (of one kind if given) that the month's bar counts, by date; a follow-up
    not done is overdue after its due date, as of `today`."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1 to 12, not {month}")
    if kind is not None and kind not in VISIT_KINDS:
        raise ValueError(f"unknown kind of visit {kind!r}")
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    query = (
        select(Visit.id, Visit.family_id, Visit.kind, Visit.visited_on, Visit.followup_action, Visit.followup_owner,
               Visit.followup_due, Visit.followup_done)
        .where(Visit.kind.in_([kind] if kind else VISIT_KINDS), Visit.visited_on.between(start, end),
               *_visible_visits(session, actor, village_code))
        .order_by(Visit.visited_on, Visit.family_id, Visit.id)
    )  # fmt: skip
    today = today or date.today()
    rows = session.connection().execute(query).all()
    named = family_headers(session, [row.family_id for row in rows])
    return [
        VisitLine(
            row.id, row.family_id, named[row.family_id].village_code, named[row.family_id].village,
            named[row.family_id].label, row.kind, row.visited_on, row.followup_action, row.followup_owner,
            row.followup_due, not row.followup_done and row.followup_due is not None and row.followup_due < today,
        )
        for row in rows
    ]  # fmt: skip
