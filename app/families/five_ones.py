"""The yearly 五个一 checklist: for every family in scope, when each of the five items was met, and what needs doing.

The five items and what meets them in year Y (1 January to 31 December):
- 走访慰问 condolence visit, 志愿者上门服务 volunteer home service, 心理疏导 psychological support: a current visit
  (not replaced by a correction, not deleted) of that kind;
- 集体交流活动 group activity: attending a group activity or a members' day held that year (one activity counts for
  every family that attended; `activities.GROUP_ACTIVITY_TYPES`), or a visit logged as a group activity;
- 保险保障 insurance: an insurance policy recorded for year Y.
Families closed on or before 31 December of Y are left out, as are families of other offices' scopes; a volunteer
sees only the families they are paired with. Everything is computed in SQL, one statement per answer.

A big office (5,000 families, 60,000 visits a year) is the size these statements are built for: the visits are read
through `ix_visit_kind_day` (kind, date, and what the checks need, so no visit row is read), only the kinds that
meet an item, only the year; rows come back without the ORM's processing. `bench/families_checklist.py` measures it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, and_, case, func, literal, or_, select

from app.accounts.users import Actor, require_role
from app.families.access import FAMILY_READERS, paired_family_ids
from app.families.activities import GROUP_ACTIVITY_TYPES
from app.families.labels import NO_VILLAGE_CODE
from app.families.visits import current_visits
from db.models import Activity, ActivityAttendance, FamilyInsurance, SpecialFamily, Visit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ITEMS = ("condolence_visit", "volunteer_home_service", "group_activity", "psych_support", "insurance")
ITEM_LABELS = {
    "condolence_visit": ("走访慰问", "Condolence visit"),
    "volunteer_home_service": ("志愿者上门服务", "Volunteer home service"),
    "group_activity": ("集体交流活动", "Group activity"),
    "psych_support": ("心理疏导", "Psychological support"),
    "insurance": ("保险保障", "Insurance"),
}
DEFAULT_CONTACT_DAYS = 30
# The items a visit of that kind meets (insurance is met by a policy, not by a visit).
VISIT_ITEMS = ("condolence_visit", "volunteer_home_service", "psych_support", "group_activity")


@dataclass(frozen=True)
class FamilyItems:
    """One family's line of the checklist: the date each item was first met this year (insurance: 1 January when a
    policy for the year is recorded), None where it is still missing."""

    family_id: str
    village_code: str | None
    met: dict[str, date | None]

    @property
    def complete(self) -> bool:
        return all(self.met[item] is not None for item in ITEMS)

    @property
    def missing(self) -> list[str]:
        return [item for item in ITEMS if self.met[item] is None]


@dataclass(frozen=True)
class Coverage:
    """How many families in scope, and how many have each item (and all five)."""

    families: int
    met: dict[str, int]
    complete: int

    def percent(self, count: int) -> float:
        return round(100 * count / self.families, 1) if self.families else 0.0


def family_scope(session: Session, actor: Actor, village_code: str | None) -> list[Any]:
    """Conditions on `SpecialFamily` for the families `actor` may count: live, of the village if one is given (those
    with no village for `NO_VILLAGE_CODE`), and for a volunteer only those paired with them. Closed families are in:
    each answer says which it counts."""
    require_role(actor, *FAMILY_READERS)
    conditions: list[Any] = [SpecialFamily.deleted.is_(False)]
    if village_code == NO_VILLAGE_CODE:
        conditions.append(SpecialFamily.village_code.is_(None))
    elif village_code:
        conditions.append(SpecialFamily.village_code == village_code)
    if actor.role == "volunteer":
        conditions.append(SpecialFamily.id.in_(paired_family_ids(session, actor)))
    return conditions


def open_after(day: date) -> Any:
    """The condition "the family was not closed on or before `day`"."""
    return or_(SpecialFamily.closed_on.is_(None), SpecialFamily.closed_on > day)


def _scope(session: Session, actor: Actor, year: int, village_code: str | None) -> list[Any]:
    return [*family_scope(session, actor, village_code), open_after(date(year, 12, 31))]


def _earlier(a: Any, b: Any) -> Any:
    """The earlier of two dates, either of which may be NULL (SQL's min() of two would be NULL then)."""
    return case((a.is_(None), b), (b.is_(None), a), (a <= b, a), else_=b)


def met_dates_query(year: int, *columns: Any, among: list[Any] | None = None) -> Select[Any]:
    """Every family (no scope yet: the caller adds its WHERE) with the date each item was first met in `year`.

    The columns are `family_id`, `village_code`, one per item of `ITEMS` (NULL while missing), then `columns`. What
    meets the items is read in three grouped subqueries joined to the families: the year's current visits of the
    four kinds that are items (only those kinds, so that the check for a correction runs on as few visits as
    possible), attendance at the year's group activities, and the year's insurance. With `among` (conditions on
    `SpecialFamily`: a village, a volunteer's families) those read only the visits, attendance and insurance of
    those families; without it, everything of the year, which is cheaper when the scope is the whole office.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    only: list[Any] = []
    if among is not None:
        families = select(SpecialFamily.id).where(*among)
        only = [Visit.family_id.in_(families), ActivityAttendance.family_id.in_(families),
                FamilyInsurance.family_id.in_(families)]  # fmt: skip

    def first(kind: str) -> Any:
        return func.min(case((Visit.kind == kind, Visit.visited_on)))

    visits = (
        select(Visit.family_id.label("family_id"), *(first(kind).label(kind) for kind in VISIT_ITEMS))
        .where(
            Visit.kind.in_(VISIT_ITEMS), Visit.visited_on.between(start, end), Visit.deleted.is_(False),
            current_visits(), *only[:1],
        )
        .group_by(Visit.family_id)
        .subquery("visits")
    )  # fmt: skip
    attended = (
        select(ActivityAttendance.family_id.label("family_id"), func.min(Activity.held_on).label("held_on"))
        .join(Activity, Activity.id == ActivityAttendance.activity_id)
        .where(
            ActivityAttendance.deleted.is_(False), Activity.deleted.is_(False), Activity.held_on.between(start, end),
            Activity.type.in_(GROUP_ACTIVITY_TYPES), ActivityAttendance.family_id.is_not(None), *only[1:2],
        )
        .group_by(ActivityAttendance.family_id)
        .subquery("attended")
    )  # fmt: skip
    insured = (
        select(FamilyInsurance.family_id.label("family_id"))
        .where(FamilyInsurance.deleted.is_(False), FamilyInsurance.year == year, *only[2:])
        .group_by(FamilyInsurance.family_id)
        .subquery("insured")
    )
    return (
        select(
            SpecialFamily.id.label("family_id"),
            SpecialFamily.village_code.label("village_code"),
            visits.c.condolence_visit,
            visits.c.volunteer_home_service,
            _earlier(visits.c.group_activity, attended.c.held_on).label("group_activity"),
            visits.c.psych_support,
            case((insured.c.family_id.is_not(None), literal(start)), else_=None).label("insurance"),
            *columns,
        )
        .outerjoin(visits, visits.c.family_id == SpecialFamily.id)
        .outerjoin(attended, attended.c.family_id == SpecialFamily.id)
        .outerjoin(insured, insured.c.family_id == SpecialFamily.id)
    )


def part_of_office(actor: Actor, village_code: str | None) -> bool:
    """Whether the families in scope are a part of the office's (one village's, a volunteer's), so that reading
    only their visits beats reading the year's visits of the whole office."""
    return village_code is not None or actor.role == "volunteer"


def _items_query(session: Session, actor: Actor, year: int, village_code: str | None) -> Select[Any]:
    scope = _scope(session, actor, year, village_code)
    narrow = part_of_office(actor, village_code or None)
    return met_dates_query(year, among=scope if narrow else None).where(*scope)


def checklist(session: Session, actor: Actor, year: int, *, village_code: str | None = None) -> list[FamilyItems]:
    """Every family in scope with the date each item was met in `year`, by village then family."""
    query = _items_query(session, actor, year, village_code).order_by(SpecialFamily.village_code, SpecialFamily.id)
    # A Core execution: the ORM's processing of 5,000 rows would cost a third of the query itself. Every item's
    # column is typed as a date (`met_dates_query`), so the driver's values come back as dates.
    return [
        FamilyItems(family_id, village, dict(zip(ITEMS, met, strict=True)))
        for family_id, village, *met in session.connection().execute(query)
    ]


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])  # a CASE over dates comes back from SQLite as text


def coverage_columns(rows: Any) -> list[Any]:
    """Aggregates over rows of `met_dates_query` (a subquery or CTE): the families, those with each item met, those
    with all five. `coverage_of_row` reads them back."""
    every = [rows.c[item].is_not(None) for item in ITEMS]
    return [
        func.count(),
        *(func.count(rows.c[item]) for item in ITEMS),
        func.coalesce(func.sum(case((and_(*every), 1), else_=0)), 0),
    ]


def coverage_of_row(row: Sequence[Any]) -> Coverage:
    """The `Coverage` from the values of `coverage_columns`, in order."""
    return Coverage(int(row[0]), {item: int(n) for item, n in zip(ITEMS, row[1:6], strict=True)}, int(row[6]))


def coverage(session: Session, actor: Actor, year: int, *, village_code: str | None = None) -> Coverage:
    """Counts per item and of families with all five, in one aggregate over the checklist's statement."""
    rows = _items_query(session, actor, year, village_code).subquery("items")
    return coverage_of_row(session.connection().execute(select(*coverage_columns(rows))).one())


@dataclass(frozen=True)
class Followup:
    """A follow-up promised on a visit and not done yet."""

    visit_id: str
    family_id: str
    kind: str
    visited_on: date
    action: str
    owner: str | None
    due: date | None
    overdue: bool


def contacted_since(first: date, today: date) -> Select[Any]:
    """The families with a current visit from `first` to `today`: one read of those days' visits."""
    return select(Visit.family_id).where(Visit.visited_on.between(first, today), Visit.deleted.is_(False),
                                         current_visits())  # fmt: skip


def not_contacted(
    session: Session,
    actor: Actor,
    *,
    today: date | None = None,
    days: int = DEFAULT_CONTACT_DAYS,
    village_code: str | None = None,
) -> list[tuple[str, date | None]]:
    """Open families without any visit in the last `days` days: (family id, last visit or None), longest first."""
    today = today or date.today()
    # The families with a recent visit come from those days' visits alone; the last visit is looked up only for
    # the families left, not grouped over every visit ever logged.
    last = (
        select(func.max(Visit.visited_on))
        .where(Visit.family_id == SpecialFamily.id, Visit.visited_on <= today, Visit.deleted.is_(False),
               current_visits())
        .scalar_subquery()
        .label("last")
    )  # fmt: skip
    query = (
        select(SpecialFamily.id, last)
        .where(*_scope(session, actor, today.year, village_code), SpecialFamily.closed_on.is_(None))
        .where(SpecialFamily.id.not_in(contacted_since(today - timedelta(days=days), today)))
        .order_by(last.asc().nulls_first(), SpecialFamily.id)
    )
    return [(family_id, _as_date(when)) for family_id, when in session.connection().execute(query)]


def open_followups(
    session: Session,
    actor: Actor,
    *,
    today: date | None = None,
    within_days: int = 7,
    village_code: str | None = None,
    emergencies_only: bool = False,
) -> list[Followup]:
    """Follow-ups not done whose due date is past or within `within_days` (or unset), oldest due first.

    With `emergencies_only`: every emergency visit whose follow-up is not done, whatever its due date.
    """
    today = today or date.today()
    query = (
        select(Visit.id, Visit.family_id, Visit.kind, Visit.visited_on, Visit.followup_action, Visit.followup_owner,
               Visit.followup_due)
        .join(SpecialFamily, SpecialFamily.id == Visit.family_id)
        .where(*_scope(session, actor, today.year, village_code), Visit.deleted.is_(False), current_visits())
        .where(Visit.followup_done.is_(False))
    )  # fmt: skip
    if emergencies_only:
        query = query.where(Visit.kind == "emergency")
    else:
        query = query.where(
            Visit.followup_action.is_not(None),
            or_(Visit.followup_due.is_(None), Visit.followup_due <= today + timedelta(days=within_days)),
        )
    query = query.order_by(Visit.followup_due.is_(None), Visit.followup_due, Visit.visited_on)
    return [
        Followup(visit_id, family_id, kind, visited_on, action or "", owner, due, due is not None and due < today)
        for visit_id, family_id, kind, visited_on, action, owner, due in session.connection().execute(query)
    ]
