"""Member groups: names unique per village, leaders from the group, bulk moves and merges that sync."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.database import Database
from app.errors import ValidationError
from app.members.checks import check_member
from app.members.groups import create_group, list_groups, merge_groups, move_members, rename_group, set_leader
from app.members.service import add_member
from db.models import ChangeLog, Member, MemberGroup
from tests.helpers.database import ADMIN

VILLAGE = "440105001001"


def _members(db: Database, names: list[str]) -> list[str]:
    with db.unit_of_work() as session:
        return [add_member(session, ADMIN, check_member({"name": n, "village_code": VILLAGE})) for n in names]


def test_create_rename_and_refuse_a_second_group_of_the_same_name(db: Database) -> None:
    with db.unit_of_work() as session:
        first = create_group(session, ADMIN, " 第一 小组 ", VILLAGE)
        create_group(session, ADMIN, "第一 小组", "440105001002")  # another village may use the name
        with pytest.raises(ValidationError) as raised:
            create_group(session, ADMIN, "第一 小组", VILLAGE)
        assert raised.value.code == "group.exists"
        rename_group(session, ADMIN, first, "东片小组")
    with db.unit_of_work() as session:
        assert [g.name for g in list_groups(session, ADMIN, VILLAGE)] == ["东片小组"]


def test_move_members_in_bulk_counts_and_leader(db: Database) -> None:
    ids = _members(db, ["张三", "李四", "王五"])
    with db.unit_of_work() as session:
        group = create_group(session, ADMIN, "一组", VILLAGE)
        assert move_members(session, ADMIN, ids, group) == 3
        assert move_members(session, ADMIN, ids, group) == 0  # already there
        set_leader(session, ADMIN, group, ids[0])
    with db.unit_of_work() as session:
        (info,) = list_groups(session, ADMIN, VILLAGE)
        assert (info.members, info.leader_name) == (3, "张三")
        assert "group_leader" in session.get_one(Member, ids[0]).roles
        logged = session.scalars(select(ChangeLog.record_id).where(ChangeLog.tbl == "member")).all()
        assert logged.count(ids[1]) == 2  # added, then moved: each write is in the change log


def test_leader_must_belong_to_the_group_and_loses_the_post_when_moved(db: Database) -> None:
    ids = _members(db, ["张三", "李四"])
    with db.unit_of_work() as session:
        one, two = create_group(session, ADMIN, "一组", VILLAGE), create_group(session, ADMIN, "二组", VILLAGE)
        move_members(session, ADMIN, ids[:1], one)
        with pytest.raises(ValidationError):
            set_leader(session, ADMIN, one, ids[1])
        set_leader(session, ADMIN, one, ids[0])
        move_members(session, ADMIN, ids[:1], two)
        assert session.get_one(MemberGroup, one).leader_member_id is None


def test_merge_moves_everyone_and_retires_the_source(db: Database) -> None:
    ids = _members(db, ["张三", "李四", "王五"])
    with db.unit_of_work() as session:
        one, two = create_group(session, ADMIN, "一组", VILLAGE), create_group(session, ADMIN, "二组", VILLAGE)
        move_members(session, ADMIN, ids[:2], one)
        move_members(session, ADMIN, ids[2:], two)
        assert merge_groups(session, ADMIN, one, two) == 2
        with pytest.raises(ValidationError):
            merge_groups(session, ADMIN, two, two)
    with db.unit_of_work() as session:
        assert [(g.name, g.members) for g in list_groups(session, ADMIN, VILLAGE)] == [("二组", 3)]
        assert session.get_one(MemberGroup, one).deleted
