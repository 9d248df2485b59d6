"""Member groups (会员小组): create, rename, merge, choose the leader, count members, move members in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.accounts.users import EDITORS, READERS, Actor, require_role
from app.errors import ValidationError
from db.models import Member, MemberGroup


@dataclass(frozen=True)
class GroupInfo:
    """A group as the groups list shows it."""

    id: str
    name: str
    village_code: str | None
    leader_member_id: str | None
    leader_name: str | None
    members: int


def _clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise ValidationError("请填写小组名称。", "Please enter the group's name.", code="group.name_empty")
    if len(text) > 50:
        raise ValidationError(
            "小组名称不能超过 50 个字。", "A group name has at most 50 characters.", code="group.name_long"
        )
    return text


def _live_group(session: Session, group_id: str) -> MemberGroup:
    group = session.get(MemberGroup, group_id)
    if group is None or group.deleted:
        raise ValidationError(
            "找不到这个小组，可能已被合并或删除。", "This group no longer exists.", code="group.missing"
        )
    return group


def _refuse_same_name(session: Session, name: str, village_code: str | None, exclude_id: str | None = None) -> None:
    same_village = (
        MemberGroup.village_code.is_(None) if village_code is None else MemberGroup.village_code == village_code
    )
    stmt = select(MemberGroup.id).where(MemberGroup.deleted.is_(False), MemberGroup.name == name, same_village)
    if exclude_id:
        stmt = stmt.where(MemberGroup.id != exclude_id)
    if session.scalars(stmt).first() is not None:
        raise ValidationError(
            f"本村已有名为“{name}”的小组。", f"This village already has a group named {name}.", code="group.exists"
        )


def create_group(session: Session, actor: Actor, name: str, village_code: str | None = None) -> str:
    """A new, empty group; the name must be unique within its village."""
    require_role(actor, *EDITORS)
    name = _clean_name(name)
    _refuse_same_name(session, name, village_code)
    group = MemberGroup(name=name, village_code=village_code)
    session.add(group)
    session.flush()
    return group.id


def rename_group(session: Session, actor: Actor, group_id: str, name: str) -> None:
    """Give the group a new name, unique within its village."""
    require_role(actor, *EDITORS)
    group = _live_group(session, group_id)
    name = _clean_name(name)
    _refuse_same_name(session, name, group.village_code, exclude_id=group_id)
    group.name = name


def set_leader(session: Session, actor: Actor, group_id: str, member_id: str | None) -> None:
    """Make `member_id` (a member of the group) its leader, or clear the leader."""
    require_role(actor, *EDITORS)
    group = _live_group(session, group_id)
    if member_id is not None:
        member = session.get(Member, member_id)
        if member is None or member.deleted or member.group_id != group_id:
            raise ValidationError(
                "组长必须是本小组的会员。", "The leader must be a member of the group.", code="group.leader_outside"
            )
        if "group_leader" not in member.roles:
            member.roles = [*member.roles, "group_leader"]
    group.leader_member_id = member_id


def move_members(session: Session, actor: Actor, member_ids: Sequence[str], group_id: str | None) -> int:
    """Put the members into `group_id` (None: no group); returns how many moved."""
    require_role(actor, *EDITORS)
    if group_id is not None:
        _live_group(session, group_id)
    elsewhere = Member.group_id.is_not(None) if group_id is None else Member.group_id.is_distinct_from(group_id)
    moving: list[str] = []
    for start in range(0, len(member_ids), 500):
        chunk = list(member_ids[start : start + 500])
        moved = list(
            session.scalars(select(Member.id).where(Member.id.in_(chunk), Member.deleted.is_(False), elsewhere))
        )
        if moved:
            session.execute(update(Member), [{"id": i, "group_id": group_id} for i in moved])
        moving += moved
    # A leader who leaves the group is no longer its leader.
    for group in session.scalars(select(MemberGroup).where(MemberGroup.leader_member_id.in_(moving))):
        if group.id != group_id:
            group.leader_member_id = None
    return len(moving)


def merge_groups(session: Session, actor: Actor, source_id: str, target_id: str) -> int:
    """Move every member of `source_id` into `target_id` and retire the source group; returns members moved."""
    require_role(actor, *EDITORS)
    if source_id == target_id:
        raise ValidationError(
            "不能把小组合并到它自己。", "A group cannot be merged into itself.", code="group.merge_self"
        )
    source = _live_group(session, source_id)
    target = _live_group(session, target_id)
    ids = list(session.scalars(select(Member.id).where(Member.group_id == source_id, Member.deleted.is_(False))))
    moved = move_members(session, actor, ids, target.id)
    source.deleted = True
    source.notes = f"已并入“{target.name}”" if not source.notes else f"{source.notes}\n已并入“{target.name}”"
    return moved


def list_groups(session: Session, actor: Actor, village_code: str | None = None) -> list[GroupInfo]:
    """Every live group with its leader and number of members (not counting members who left)."""
    require_role(actor, *READERS)
    counts = (
        select(Member.group_id, func.count().label("n"))
        .where(Member.deleted.is_(False), Member.status.in_(("active", "transferred_in")))
        .group_by(Member.group_id)
        .subquery()
    )
    leader = select(Member.name).where(Member.id == MemberGroup.leader_member_id).scalar_subquery()
    stmt = (
        select(MemberGroup.id, MemberGroup.name, MemberGroup.village_code, MemberGroup.leader_member_id, leader,
               func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.group_id == MemberGroup.id)
        .where(MemberGroup.deleted.is_(False))
        .order_by(MemberGroup.village_code, MemberGroup.name)
    )  # fmt: skip
    if village_code:
        stmt = stmt.where(MemberGroup.village_code == village_code)
    return [GroupInfo(*row) for row in session.execute(stmt)]


def group_by_name(session: Session, actor: Actor, name: str, village_code: str | None = None) -> str | None:
    """The id of the live group called `name` (in `village_code` when given), or None."""
    require_role(actor, *READERS)
    stmt = select(MemberGroup.id).where(MemberGroup.deleted.is_(False), MemberGroup.name == " ".join(name.split()))
    if village_code:
        stmt = stmt.where(MemberGroup.village_code == village_code)
    return session.scalars(stmt).first()
