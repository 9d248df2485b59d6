"""The yearly 五个一 checklist: for every family in scope, when each of the five items was met, and what needs doing.

The five items and what meets them in year Y (1 January to 31 December):
- 走访慰问 condolence visit, 志愿者上门服务 volunteer home service, 心理疏导 psychological support: a current visit
  (not replaced by a correction, not deleted) of that kind;
- 集体交流活动 group activity: attending any activity held that year (one activity counts for every family that
  attended), or a visit logged as a group activity;
- 保险保障 insurance: an insurance policy recorded for year Y.
Families closed on or before 31 December of Y are left out, as are families of other offices' scopes; a volunteer
sees only the families they are paired with. Everything is computed in SQL, one statement per answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, func, literal, or_, select

from app.accounts.users import Actor, require_role
from app.families.access import FAMILY_READERS, paired_family_ids
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


def _scope(session: Session, actor: Actor, year: int, village_code: str | None) -> list[Any]:
    require_role(actor, *FAMILY_READERS)
    year_end = date(year, 12, 31)
    conditions: list[Any] = [
        SpecialFamily.deleted.is_(False),
        or_(SpecialFamily.closed_on.is_(None), SpecialFamily.closed_on > year_end),
    ]
    if village_code:
        conditions.append(SpecialFamily.village_code == village_code)
    if actor.role == "volunteer":
        conditions.append(SpecialFamily.id.in_(paired_family_ids(session, actor)))
    return conditions


def _earlier(a: Any, b: Any) -> Any:
    """The earlier of two dates, either of which may be NULL (SQL's min() of two would be NULL then)."""
    return case((a.is_(None), b), (b.is_(None), a), (a <= b, a), else_=b)


def _items_query(session: Session, actor: Actor, year: int, village_code: str | None) -> Any:
    start, end = date(year, 1, 1), date(year, 12, 31)

    def first(kind: str) -> Any:
        return func.min(case((Visit.kind == kind, Visit.visited_on)))

    visits = (
        select(
            Visit.family_id.label("family_id"),
            *(
                first(kind).label(kind)
                for kind in ("condolence_visit", "volunteer_home_service", "psych_support", "group_activity")
            ),
        )
        .where(Visit.deleted.is_(False), Visit.visited_on.between(start, end), current_visits())
        .group_by(Visit.family_id)
        .subquery("visits")
    )
    attended = (
        select(ActivityAttendance.family_id.label("family_id"), func.min(Activity.held_on).label("held_on"))
        .join(Activity, Activity.id == ActivityAttendance.activity_id)
        .where(
            ActivityAttendance.deleted.is_(False), Activity.deleted.is_(False), Activity.held_on.between(start, end),
            ActivityAttendance.family_id.is_not(None),
        )
        .group_by(ActivityAttendance.family_id)
        .subquery("attended")
    )  # fmt: skip
    insured = (
        select(FamilyInsurance.family_id.label("family_id"))
        .where(FamilyInsurance.deleted.is_(False), FamilyInsurance.year == year)
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
        )
        .outerjoin(visits, visits.c.family_id == SpecialFamily.id)
        .outerjoin(attended, attended.c.family_id == SpecialFamily.id)
        .outerjoin(insured, insured.c.family_id == SpecialFamily.id)
        .where(*_scope(session, actor, year, village_code))
    )


def checklist(session: Session, actor: Actor, year: int, *, village_code: str | None = None) -> list[FamilyItems]:
    """Every family in scope with the date each item was met in `year`, by village then family."""
    query = _items_query(session, actor, year, village_code).order_by(SpecialFamily.village_code, SpecialFamily.id)
    return [
        FamilyItems(row.family_id, row.village_code, {item: _as_date(getattr(row, item)) for item in ITEMS})
        for row in session.execute(query)
    ]


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])  # a CASE over dates comes back from SQLite as text


def coverage(session: Session, actor: Actor, year: int, *, village_code: str | None = None) -> Coverage:
    """Counts per item and of families with all five, in one aggregate over the checklist's statement."""
    rows = _items_query(session, actor, year, village_code).subquery("items")
    met = [func.count(rows.c[item]) for item in ITEMS]
    complete = func.sum(case((and_(*(rows.c[item].is_not(None) for item in ITEMS)), 1), else_=0))
    result = session.execute(select(func.count(), *met, complete).select_from(rows)).one()
    return Coverage(result[0], dict(zip(ITEMS, result[1:6], strict=True)), int(result[6] or 0))


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
    last = (
        select(Visit.family_id, func.max(Visit.visited_on).label("last"))
        .where(Visit.deleted.is_(False), Visit.visited_on <= today, current_visits())
        .group_by(Visit.family_id)
        .subquery("last_visit")
    )
    query = (
        select(SpecialFamily.id, last.c.last)
        .outerjoin(last, last.c.family_id == SpecialFamily.id)
        .where(*_scope(session, actor, today.year, village_code), SpecialFamily.closed_on.is_(None))
        .where(or_(last.c.last.is_(None), last.c.last < today - timedelta(days=days)))
        .order_by(last.c.last.is_not(None), last.c.last, SpecialFamily.id)
    )
    return [(family_id, _as_date(when)) for family_id, when in session.execute(query)]


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
        select(Visit)
        .join(SpecialFamily, SpecialFamily.id == Visit.family_id)
        .where(*_scope(session, actor, today.year, village_code), Visit.deleted.is_(False), current_visits())
        .where(Visit.followup_done.is_(False))
    )
    if emergencies_only:
        query = query.where(Visit.kind == "emergency")
    else:
        query = query.where(
            Visit.followup_action.is_not(None),
            or_(Visit.followup_due.is_(None), Visit.followup_due <= today + timedelta(days=within_days)),
        )
    query = query.order_by(Visit.followup_due.is_(None), Visit.followup_due, Visit.visited_on)
    return [
        Followup(
            v.id,
            v.family_id,
            v.kind,
            v.visited_on,
            v.followup_action or "",
            v.followup_owner,
            v.followup_due,
            v.followup_due is not None and v.followup_due < today,
        )
        for v in session.scalars(query)
    ]
