"""Activities: group activities of special families, members' days, trainings, publicity, free clinics.

An activity is recorded once, with the special families (and members, volunteers) that took part. Every family that
attended a group activity or a members' day has its 集体交流活动 for that year (`app.families.five_ones` reads the
attendance); trainings, publicity and free clinics are recorded for the office's own account and service hours but
do not meet that item. Admins and clerks record activities; county staff and volunteers read them (a volunteer only
the activities that a family they are paired with or they themselves attended). Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from app import audit
from app.accounts.users import EDITORS, Actor, require_role
from app.errors import ValidationError
from app.families.access import FAMILY_READERS, paired_family_ids, require_family_access
from db.models import Activity, ActivityAttendance
from db.models.families import ACTIVITY_TYPES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The activity types whose attendance meets the yearly 集体交流活动 of every attending family.
GROUP_ACTIVITY_TYPES = ("group_activity", "members_day")
MAX_HOURS = 24
MAX_TITLE = 100


@dataclass
class ActivityInput:
    """An activity as the form gives it; who attended by id."""

    held_on: date
    type: str
    title: str
    place: str = ""
    village_code: str | None = None
    hours: float | None = None
    notes: str = ""
    participant_count: int | None = None  # everyone there; at least the attendees named below
    family_ids: list[str] = field(default_factory=list)
    member_ids: list[str] = field(default_factory=list)
    volunteer_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ActivityRow:
    """One line of the activities list."""

    id: str
    held_on: date
    type: str
    title: str
    place: str | None
    village_code: str | None
    participant_count: int
    families: int

    @property
    def counts_for_five_ones(self) -> bool:
        return self.type in GROUP_ACTIVITY_TYPES


def _checked(data: ActivityInput, today: date) -> dict[str, Any]:
    if data.type not in ACTIVITY_TYPES:
        raise ValidationError(f"未知的活动类型“{data.type}”。", f"Unknown type of activity {data.type!r}.",
                              code="activity.type")  # fmt: skip
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError("请填写活动名称。", "Give the activity a title.", code="activity.title")
    if len(title) > MAX_TITLE:
        raise ValidationError(f"活动名称不能超过 {MAX_TITLE} 个字。",
                              f"A title has at most {MAX_TITLE} characters.", code="activity.title")  # fmt: skip
    if data.held_on > today:
        raise ValidationError("活动日期不能晚于今天：请在活动举办后登记参加的家庭。",
                              "The date cannot be in the future: record an activity once it took place.",
                              code="activity.future")  # fmt: skip
    if data.hours is not None and not 0 <= data.hours <= MAX_HOURS:
        raise ValidationError(f"活动时长应在 0 到 {MAX_HOURS} 小时之间。",
                              f"Hours must be between 0 and {MAX_HOURS}.", code="activity.hours")  # fmt: skip
    attendees = len(set(data.family_ids)) + len(set(data.member_ids)) + len(set(data.volunteer_ids))
    count = data.participant_count if data.participant_count is not None else attendees
    if count < attendees:
        raise ValidationError(
            f"参加人数（{count}）少于登记的参加者（{attendees}）。",
            f"The number of participants ({count}) is less than the attendees named ({attendees}).",
            code="activity.count",
        )
    return {
        "held_on": data.held_on, "type": data.type, "title": title, "place": data.place.strip() or None,
        "village_code": data.village_code or None, "hours": data.hours, "notes": data.notes.strip() or None,
        "participant_count": count,
    }  # fmt: skip


def _attendance(session: Session, activity_id: str) -> dict[tuple[str, str], ActivityAttendance]:
    rows = session.scalars(
        select(ActivityAttendance).where(
            ActivityAttendance.activity_id == activity_id, ActivityAttendance.deleted.is_(False)
        )
    )
    out = {}
    for row in rows:
        for column in ("family_id", "member_id", "volunteer_id"):
            value = getattr(row, column)
            if value:
                out[(column, value)] = row
    return out


def _set_attendance(session: Session, actor: Actor, activity_id: str, data: ActivityInput) -> None:
    wanted = {("family_id", v) for v in data.family_ids} | {("member_id", v) for v in data.member_ids}
    wanted |= {("volunteer_id", v) for v in data.volunteer_ids}
    for _column, family_id in (w for w in wanted if w[0] == "family_id"):
        require_family_access(session, actor, family_id)
    existing = _attendance(session, activity_id)
    for key, row in existing.items():
        if key not in wanted:
            row.deleted = True
    for column, value in sorted(wanted - set(existing)):
        session.add(ActivityAttendance(activity_id=activity_id, **{column: value}))


def create_activity(session: Session, actor: Actor, data: ActivityInput, *, today: date | None = None) -> str:
    """Record an activity and who attended; returns its id. Admins and clerks."""
    require_role(actor, *EDITORS)
    activity = Activity(**_checked(data, today or date.today()))
    session.add(activity)
    session.flush()
    _set_attendance(session, actor, activity.id, data)
    session.flush()
    audit.record(session, actor.username, "record_change", tbl="activity", record_id=activity.id,
                 detail={"created": True, "families": len(set(data.family_ids))})  # fmt: skip
    return activity.id


def _live(session: Session, activity_id: str) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None or activity.deleted:
        raise ValidationError("找不到这项活动，可能已被删除。", "This activity no longer exists.",
                              code="activity.missing")  # fmt: skip
    return activity


def update_activity(
    session: Session, actor: Actor, activity_id: str, data: ActivityInput, *, today: date | None = None
) -> None:
    """Change an activity and its attendance to `data` (attendance no longer given is removed)."""
    require_role(actor, *EDITORS)
    activity = _live(session, activity_id)
    values = _checked(data, today or date.today())
    changed = sorted(k for k, v in values.items() if getattr(activity, k) != v)
    for key in changed:
        setattr(activity, key, values[key])
    _set_attendance(session, actor, activity_id, data)
    audit.record(session, actor.username, "record_change", tbl="activity", record_id=activity_id,
                 detail={"fields": changed, "families": len(set(data.family_ids))})  # fmt: skip


def delete_activity(session: Session, actor: Actor, activity_id: str) -> None:
    """Remove an activity recorded by mistake, with its attendance (the families lose it from their checklist)."""
    require_role(actor, *EDITORS)
    activity = _live(session, activity_id)
    activity.deleted = True
    for row in _attendance(session, activity_id).values():
        row.deleted = True
    audit.record(session, actor.username, "record_change", tbl="activity", record_id=activity_id,
                 detail={"deleted": True})  # fmt: skip


def activity_input(session: Session, actor: Actor, activity_id: str) -> ActivityInput:
    """The activity as the form edits it (a volunteer sees only the attending families paired with them)."""
    require_role(actor, *FAMILY_READERS)
    activity = _live(session, activity_id)
    attendance = _attendance(session, activity_id)
    families = sorted(v for c, v in attendance if c == "family_id")
    if actor.role == "volunteer":
        families = sorted(set(families) & paired_family_ids(session, actor))
    return ActivityInput(
        held_on=activity.held_on, type=activity.type, title=activity.title, place=activity.place or "",
        village_code=activity.village_code, hours=activity.hours, notes=activity.notes or "",
        participant_count=activity.participant_count, family_ids=families,
        member_ids=sorted(v for c, v in attendance if c == "member_id"),
        volunteer_ids=sorted(v for c, v in attendance if c == "volunteer_id"),
    )  # fmt: skip


def list_activities(
    session: Session, actor: Actor, *, year: int | None = None, family_id: str | None = None
) -> list[ActivityRow]:
    """Activities, newest first, with the number of special families that attended; of one year or one family."""
    require_role(actor, *FAMILY_READERS)
    families = (
        select(ActivityAttendance.activity_id, func.count(ActivityAttendance.family_id).label("families"))
        .where(ActivityAttendance.deleted.is_(False))
        .group_by(ActivityAttendance.activity_id)
        .subquery("families")
    )
    query = (
        select(Activity, func.coalesce(families.c.families, 0))
        .outerjoin(families, families.c.activity_id == Activity.id)
        .where(Activity.deleted.is_(False))
    )
    if year is not None:
        query = query.where(Activity.held_on.between(date(year, 1, 1), date(year, 12, 31)))
    if family_id is not None:
        require_family_access(session, actor, family_id)
        query = query.where(_attended_by(family_id=[family_id]))
    if actor.role == "volunteer":
        query = query.where(
            or_(
                _attended_by(family_id=list(paired_family_ids(session, actor))),
                _attended_by(volunteer_id=[actor.volunteer_id or ""]),
            )
        )
    query = query.order_by(Activity.held_on.desc(), Activity.title)
    return [
        ActivityRow(a.id, a.held_on, a.type, a.title, a.place, a.village_code, a.participant_count, int(n))
        for a, n in session.execute(query)
    ]


def _attended_by(**ids: list[str]) -> Any:
    ((column, values),) = ids.items()
    return Activity.id.in_(
        select(ActivityAttendance.activity_id).where(
            getattr(ActivityAttendance, column).in_(values), ActivityAttendance.deleted.is_(False)
        )
    )
