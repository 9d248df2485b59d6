"""Visits to special families: logging one quickly, and correcting one by a new visit that supersedes it.

A visit is an event, never edited in place: a correction is a new visit that names the one it replaces, so the sync
log keeps both and every count reads only the visits nobody replaced (`current_visits`). Admins and clerks log
visits to any family of the office; a volunteer logs visits to the families they are paired with and corrects only
their own visits, on the day they logged them. Every visit is audited (who, which family; never the content).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import aliased

from app import audit
from app.accounts.users import Actor, require_role
from app.errors import AccessDenied, ValidationError
from app.families.access import require_family_access
from db.models import Visit, VisitVisitor
from db.models.families import FIVE_CARES, VISIT_KINDS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

VISIT_WRITERS = ("admin", "clerk", "volunteer")
MAX_HOURS = 24


@dataclass
class Visitor:
    """Who went: a member, a volunteer, or a liaison named in words."""

    member_id: str | None = None
    volunteer_id: str | None = None
    name: str | None = None


@dataclass
class VisitInput:
    """A visit as the quick-entry form gives it."""

    family_id: str
    kind: str
    visited_on: date
    visitors: list[Visitor] = field(default_factory=list)
    content: str = ""
    five_cares: list[str] = field(default_factory=list)
    state_found: str = ""
    needs_found: str = ""
    followup_action: str = ""
    followup_owner: str = ""
    followup_due: date | None = None
    followup_done: bool = False
    hours: float | None = None


def current_visits() -> Any:
    """The condition "this visit was not replaced by a live correction" (for any query over `Visit`)."""
    newer = aliased(Visit)
    return ~exists(select(newer.id).where(newer.supersedes_id == Visit.id, newer.deleted.is_(False)))


def current_visit_query() -> Select[Any]:
    """Live visits that no correction replaced."""
    return select(Visit).where(Visit.deleted.is_(False), current_visits())


def _checked(data: VisitInput, today: date) -> dict[str, Any]:
    if data.kind not in VISIT_KINDS:
        raise ValidationError(f"未知的走访类型“{data.kind}”。", f"Unknown kind of visit {data.kind!r}.",
                              code="visit.kind")  # fmt: skip
    if data.visited_on > today:
        raise ValidationError("走访日期不能晚于今天。", "The date of a visit cannot be in the future.",
                              code="visit.future")  # fmt: skip
    unknown = [c for c in data.five_cares if c not in FIVE_CARES]
    if unknown:
        raise ValidationError(f"未知的“五关爱”标签：{'、'.join(unknown)}。", f"Unknown five-cares tags: {unknown}.",
                              code="visit.cares")  # fmt: skip
    if data.hours is not None and not 0 <= data.hours <= MAX_HOURS:
        raise ValidationError(f"服务时长应在 0 到 {MAX_HOURS} 小时之间。",
                              f"Hours must be between 0 and {MAX_HOURS}.", code="visit.hours")  # fmt: skip
    if data.followup_due is not None and not data.followup_action.strip():
        raise ValidationError("填写了跟进期限，请同时写明跟进事项。", "A follow-up date needs the follow-up action.",
                              code="visit.followup")  # fmt: skip
    if data.kind == "emergency" and not data.followup_action.strip() and not data.followup_done:
        raise ValidationError("应急探视请写明后续跟进事项（或标记为已处理）。",
                              "An emergency visit needs its follow-up (or mark it done).",
                              code="visit.emergency_followup")  # fmt: skip
    return {
        "family_id": data.family_id, "kind": data.kind, "visited_on": data.visited_on,
        "content": data.content.strip() or None, "five_cares": list(dict.fromkeys(data.five_cares)),
        "state_found": data.state_found.strip() or None, "needs_found": data.needs_found.strip() or None,
        "followup_action": data.followup_action.strip() or None, "followup_owner": data.followup_owner.strip() or None,
        "followup_due": data.followup_due, "followup_done": data.followup_done, "hours": data.hours,
    }  # fmt: skip


def _write(session: Session, actor: Actor, data: VisitInput, today: date, supersedes: str | None) -> str:
    values = _checked(data, today)
    visit = Visit(**values, recorded_by=actor.username, supersedes_id=supersedes)
    session.add(visit)
    session.flush()
    for visitor in data.visitors:
        name = (visitor.name or "").strip() or None
        if visitor.member_id or visitor.volunteer_id or name:
            session.add(VisitVisitor(visit_id=visit.id, member_id=visitor.member_id,
                                     volunteer_id=visitor.volunteer_id, name=name))  # fmt: skip
    if (
        actor.role == "volunteer"
        and actor.volunteer_id
        and not any(v.volunteer_id == actor.volunteer_id for v in data.visitors)
    ):
        session.add(VisitVisitor(visit_id=visit.id, volunteer_id=actor.volunteer_id))  # the one logging it went
    session.flush()
    audit.record(session, actor.username, "record_change", tbl="visit", record_id=visit.id,
                 detail={"family": data.family_id, "kind": data.kind,
                         **({"supersedes": supersedes} if supersedes else {})})  # fmt: skip
    return visit.id


def log_visit(session: Session, actor: Actor, data: VisitInput, *, today: date | None = None) -> str:
    """Record a visit; returns its id. Volunteers only for the families they are paired with."""
    require_role(actor, *VISIT_WRITERS)
    require_family_access(session, actor, data.family_id)
    return _write(session, actor, data, today or date.today(), None)


def correct_visit(session: Session, actor: Actor, visit_id: str, data: VisitInput, *, today: date | None = None) -> str:
    """Replace a visit by a corrected one (a new visit that supersedes it); returns the new visit's id."""
    require_role(actor, *VISIT_WRITERS)
    today = today or date.today()
    old = session.get(Visit, visit_id)
    if old is None or old.deleted:
        raise ValidationError("找不到这次走访记录。", "This visit no longer exists.", code="visit.missing")
    if session.scalar(select(exists().where(Visit.supersedes_id == visit_id, Visit.deleted.is_(False)))):
        raise ValidationError("这次走访已被更正过，请更正最新的一条。", "This visit was already corrected; correct "
                              "the newest one.", code="visit.superseded")  # fmt: skip
    if actor.role == "volunteer":
        # created_at is UTC; "the same day" is the office's day.
        logged_on = old.created_at.replace(tzinfo=UTC).astimezone().date()
        if old.recorded_by != actor.username or logged_on != today:
            raise AccessDenied(
                "志愿者只能在当天更正自己登记的走访。", "Volunteers correct only their own visits, on the day logged.",
                code="access.visit",
            )  # fmt: skip
    if data.family_id != old.family_id:
        raise ValidationError("更正不能改变所走访的家庭；请删除后重新登记。",
                              "A correction cannot change the family.", code="visit.family")  # fmt: skip
    require_family_access(session, actor, old.family_id)
    return _write(session, actor, data, today, visit_id)


def visit_input(session: Session, actor: Actor, visit_id: str) -> VisitInput:
    """A visit as the form shows it for a correction (the visitors by name where they are people on record)."""
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted:
        raise ValidationError("找不到这次走访记录。", "This visit no longer exists.", code="visit.missing")
    require_family_access(session, actor, visit.family_id)
    visitors = [
        Visitor(v.member_id, v.volunteer_id, v.name)
        for v in session.scalars(
            select(VisitVisitor).where(VisitVisitor.visit_id == visit_id, VisitVisitor.deleted.is_(False))
        )
    ]
    return VisitInput(
        family_id=visit.family_id, kind=visit.kind, visited_on=visit.visited_on, visitors=visitors,
        content=visit.content or "", five_cares=list(visit.five_cares), state_found=visit.state_found or "",
        needs_found=visit.needs_found or "", followup_action=visit.followup_action or "",
        followup_owner=visit.followup_owner or "", followup_due=visit.followup_due,
        followup_done=visit.followup_done, hours=visit.hours,
    )  # fmt: skip


def visitor_names(session: Session, visitors: list[Visitor]) -> list[str]:
    """The visitors' names as a person reads them (a volunteer's or member's name from their record)."""
    from db.models import Member, Volunteer

    names = []
    for visitor in visitors:
        record = (
            session.get(Volunteer, visitor.volunteer_id) if visitor.volunteer_id
            else session.get(Member, visitor.member_id) if visitor.member_id else None
        )  # fmt: skip
        names.append(record.name if record is not None else visitor.name or "")
    return [n for n in names if n]


def visitors_from_names(session: Session, text: str) -> list[Visitor]:
    """Visitors from names typed in one line ("王芳、李明, 村干部张三"): a name that is exactly one live volunteer
    is that volunteer, else exactly one current member, else the name as typed (a liaison or someone else)."""
    import re

    from db.models import Member, Volunteer

    out: list[Visitor] = []
    for name in dict.fromkeys(n.strip() for n in re.split(r"[、,，;；\s]+", text) if n.strip()):
        volunteers = session.scalars(
            select(Volunteer.id).where(Volunteer.name == name, Volunteer.deleted.is_(False)).limit(2)
        ).all()
        if len(volunteers) == 1:
            out.append(Visitor(volunteer_id=volunteers[0]))
            continue
        members = session.scalars(
            select(Member.id).where(Member.name == name, Member.deleted.is_(False),
                                    Member.status.in_(("active", "transferred_in"))).limit(2)
        ).all()  # fmt: skip
        out.append(Visitor(member_id=members[0]) if len(members) == 1 else Visitor(name=name[:50]))
    return out
