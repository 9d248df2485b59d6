"""Adding and changing members. Every function takes the caller's unit of work (session) and writes through it,
so the change log records each write, and the acting user, whose role it checks: admins and clerks change the roll,
county staff only read it, volunteers do neither."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.accounts.users import EDITORS, READERS, Actor, require_role
from app.errors import AccessDenied, ValidationError
from app.members.checks import CheckedMember, find_duplicates
from app.members.fields import EVENT_LABELS, EVENT_STATUS
from db.models import Member, MemberStatusEvent

# Columns a form or an import may set; sync columns and the status (changed only by events) are not among them.
EDITABLE = (
    "name", "name_pinyin", "name_initials", "sex", "ethnicity", "id_number", "birth_date", "phone", "address",
    "village_code", "member_no", "member_type", "org_credit_code", "joined_on", "group_id", "roles",
    "political_status", "education", "occupation", "migrant_status", "migrant_place", "migrant_since", "notes",
)  # fmt: skip


def _refuse_problems(checked: CheckedMember, session: Session, exclude_id: str | None, accept_warnings: bool) -> None:
    problems = checked.errors + [p for p in find_duplicates(session, checked.values, exclude_id=exclude_id)]
    blocking = [p for p in problems if p.severity == "error" or not accept_warnings]
    if blocking:
        first = blocking[0]
        raise ValidationError(first.zh, first.en, code=first.code)


def add_member(session: Session, actor: Actor, checked: CheckedMember, *, accept_warnings: bool = True) -> str:
    """Put a checked member on the roll; returns the new member's id.

    Joining is recorded by the member's `joined_on` (the history shows it as the first line), not by an event:
    one place for the date, which the form can correct.
    """
    require_role(actor, *EDITORS)
    _refuse_problems(checked, session, None, accept_warnings)
    values = {key: checked.values[key] for key in EDITABLE if key in checked.values}
    member = Member(**values, status="active", status_since=checked.values.get("joined_on"))
    session.add(member)
    session.flush()
    return member.id


def update_member(
    session: Session, actor: Actor, member_id: str, checked: CheckedMember, *, accept_warnings: bool = True
) -> list[str]:
    """Change the member's fields to the checked values; returns the names of the fields that changed."""
    require_role(actor, *EDITORS)
    member = _own_member(session, member_id)
    _refuse_problems(checked, session, member_id, accept_warnings)
    changed = []
    for key in EDITABLE:
        if key in checked.values and getattr(member, key) != checked.values[key]:
            setattr(member, key, checked.values[key])
            changed.append(key)
    return changed


def _live_member(session: Session, member_id: str) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted:
        raise ValidationError("找不到这位会员，可能已被删除。", "This member no longer exists.", code="member.missing")
    return member


def _own_member(session: Session, member_id: str) -> Member:
    """The live member, if this office owns it: a record imported from another office is read-only here."""
    from db.models import Site

    member = _live_member(session, member_id)
    site = session.scalars(select(Site)).first()
    if site is not None and member.owner_site != site.id:
        raise AccessDenied(
            "这是从其他单位导入的记录，只能由其所属单位修改。",
            "This record was imported from another office; only that office can change it.",
            code="access.imported",
        )
    return member


def change_status(
    session: Session,
    actor: Actor,
    member_id: str,
    event: str,
    on_date: date,
    *,
    place: str | None = None,
    reason: str | None = None,
    today: date | None = None,
) -> None:
    """Record a status event (join, transfer in/out, withdraw, remove, decease) and move the member's status."""
    require_role(actor, *EDITORS)
    if event not in EVENT_STATUS:
        raise ValidationError(f"未知的状态变动“{event}”。", f"Unknown status change {event!r}.", code="status.event")
    if on_date > (today or date.today()):
        raise ValidationError(
            "状态变动的日期不能晚于今天。", "The date of a status change cannot be in the future.", code="status.future"
        )
    if event in ("transfer_out", "transfer_in") and not (place or "").strip():
        where = "转往何处" if event == "transfer_out" else "从何处转入"
        raise ValidationError(
            f"{EVENT_LABELS[event][0]}需要填写{where}。", "A transfer needs the place.", code="status.place"
        )
    member = _own_member(session, member_id)
    session.add(
        MemberStatusEvent(
            member_id=member_id,
            event=event,
            on_date=on_date,
            place=(place or "").strip() or None,
            reason=(reason or "").strip() or None,
        )
    )
    member.status = EVENT_STATUS[event]
    member.status_since = on_date


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a member's status history."""

    on_date: date
    event: str
    place: str | None
    reason: str | None


def status_history(session: Session, actor: Actor, member_id: str) -> list[HistoryEntry]:
    """The member's status history, oldest first: joining (the member's `joined_on`), then the status events.

    A re-join after leaving is an event of its own; a 'join' event on the joining date itself (recorded by
    earlier versions) is not shown twice.
    """
    require_role(actor, *READERS)
    rows = session.execute(
        select(MemberStatusEvent.on_date, MemberStatusEvent.event, MemberStatusEvent.place, MemberStatusEvent.reason)
        .where(MemberStatusEvent.member_id == member_id, MemberStatusEvent.deleted.is_(False))
        .order_by(MemberStatusEvent.on_date, MemberStatusEvent.hlc)
    )
    events = [HistoryEntry(*row) for row in rows]
    joined = session.scalar(select(Member.joined_on).where(Member.id == member_id))
    if joined is None or any(e.event == "join" and e.on_date == joined for e in events):
        return events
    first = HistoryEntry(joined, "join", None, None)
    return sorted([first, *events], key=lambda e: e.on_date)  # stable: the join stays before events of its day


def delete_mistaken(session: Session, actor: Actor, member_id: str, *, reason: str) -> None:
    """Remove a member entered by mistake: a tombstone that syncs, allowed to administrators only, with a reason."""
    require_role(actor, *EDITORS)
    if not actor.is_admin:
        raise ValidationError(
            "只有管理员可以删除误录的会员；会员离开请使用“退会”“除名”“转出”等状态变动。",
            "Only an administrator can delete a member entered by mistake; use a status change when a member leaves.",
            code="member.delete_not_admin",
        )
    if not reason.strip():
        raise ValidationError("请说明删除的原因。", "Please give the reason for deleting.", code="member.delete_reason")
    member = _own_member(session, member_id)
    member.deleted = True
    note = f"误录删除：{reason.strip()}"
    member.notes = f"{member.notes}\n{note}" if member.notes else note
    audit.record(
        session, actor.username, "record_delete", tbl="member", record_id=member_id, detail={"reason": reason.strip()}
    )


def member_values(member: Member) -> dict[str, Any]:
    """The editable values of a member, as a form shows them."""
    return {key: getattr(member, key) for key in EDITABLE}


def load_member_values(session: Session, actor: Actor, member_id: str) -> dict[str, Any]:
    """The editable values of the live member `member_id`, for callers that hold only the id (the form).

    ID number and phone come masked; `reveal_member` gives them in full, for a reason, audited.
    """
    from app.validation import mask_id_number, mask_phone

    require_role(actor, *READERS)
    values = member_values(_live_member(session, member_id))
    values["id_number"] = mask_id_number(values["id_number"]) or None
    values["phone"] = mask_phone(values["phone"]) or None
    return values


def reveal_member(session: Session, actor: Actor, member_id: str, reason: str) -> dict[str, str | None]:
    """The member's full ID number and phone, for a permitted role that gives a reason; the reveal is audited."""
    from app.privacy import require_reveal

    why = require_reveal(actor, reason)
    member = _live_member(session, member_id)
    audit.record(
        session,
        actor.username,
        "reveal",
        tbl="member",
        record_id=member_id,
        detail={"reason": why, "fields": ["id_number", "phone"]},
    )
    return {"id_number": member.id_number, "phone": member.phone}
