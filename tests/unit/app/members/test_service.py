"""Adding, changing and ending members: what lands in the database and in the change log."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.database import Database
from app.errors import ValidationError
from app.members.checks import check_member
from app.members.service import add_member, change_status, delete_mistaken, status_history, update_member
from db.models import ChangeLog, Member
from tests.helpers.database import ADMIN, CLERK

TODAY = date(2026, 11, 23)


def _add(db: Database, **raw: object) -> str:
    with db.unit_of_work("secretary") as session:
        return add_member(session, ADMIN, check_member({"name": "张三", **raw}, today=TODAY))


def test_added_member_is_on_the_roll_with_a_join_event(db: Database) -> None:
    member_id = _add(db, id_number="11010519491231002X", joined_on="2017-05-29")
    with db.unit_of_work() as session:
        member = session.get_one(Member, member_id)
        assert (member.name, member.status, member.status_since) == ("张三", "active", date(2017, 5, 29))
        assert [(h.event, h.on_date) for h in status_history(session, ADMIN, member_id)] == [
            ("join", date(2017, 5, 29))
        ]
        tables = session.scalars(select(ChangeLog.tbl).where(ChangeLog.record_id == member_id)).all()
        assert tables == ["member"]


def test_a_duplicate_id_number_is_refused(db: Database) -> None:
    _add(db, id_number="11010519491231002X")
    with pytest.raises(ValidationError) as raised:
        _add(db, id_number="11010519491231002x")
    assert raised.value.code == "member.duplicate_id"
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 1


def test_warnings_block_only_when_not_accepted(db: Database) -> None:
    _add(db, birth_date="1980-01-01")
    with db.unit_of_work() as session, pytest.raises(ValidationError) as raised:
        add_member(session, ADMIN, check_member({"name": "张三", "birth_date": "1980-01-01"}), accept_warnings=False)
    assert raised.value.code == "member.same_name_birth"
    _add(db, birth_date="1980-01-01")  # accepted: a second 张三 born the same day is possible


def test_update_reports_the_changed_fields(db: Database) -> None:
    member_id = _add(db, phone="13812345678")
    with db.unit_of_work() as session:
        changed = update_member(session, ADMIN, member_id, check_member({"name": "张三", "phone": "13987654321"}))
    assert "phone" in changed and "name" not in changed
    with db.unit_of_work() as session:
        assert session.get_one(Member, member_id).phone == "13987654321"


def test_status_changes_keep_a_history(db: Database) -> None:
    member_id = _add(db, joined_on="2015-01-01")
    with db.unit_of_work() as session:
        change_status(
            session, ADMIN, member_id, "transfer_out", date(2024, 3, 1), place="广州市天河区", reason="外出务工",
            today=TODAY,
        )  # fmt: skip
    with db.unit_of_work() as session:
        member = session.get_one(Member, member_id)
        assert (member.status, member.status_since) == ("transferred_out", date(2024, 3, 1))
        history = status_history(session, ADMIN, member_id)
    assert [(h.event, h.place) for h in history] == [("join", None), ("transfer_out", "广州市天河区")]


@pytest.mark.parametrize(
    ("event", "on", "place", "code"),
    [
        ("transfer_out", date(2024, 1, 1), "", "status.place"),
        ("withdraw", date(2027, 1, 1), None, "status.future"),
        ("vanish", date(2024, 1, 1), None, "status.event"),
    ],
)
def test_bad_status_changes_are_refused(db: Database, event: str, on: date, place: str | None, code: str) -> None:
    member_id = _add(db)
    with db.unit_of_work() as session, pytest.raises(ValidationError) as raised:
        change_status(session, ADMIN, member_id, event, on, place=place, today=TODAY)
    assert raised.value.code == code


def test_only_an_admin_deletes_a_mistaken_record_and_it_stays_as_a_tombstone(db: Database) -> None:
    member_id = _add(db)
    with db.unit_of_work() as session, pytest.raises(ValidationError) as raised:
        delete_mistaken(session, CLERK, member_id, reason="重复录入")
    assert raised.value.code == "member.delete_not_admin"
    with db.unit_of_work() as session:
        delete_mistaken(session, ADMIN, member_id, reason="重复录入")
    with db.unit_of_work() as session:
        member = session.get_one(Member, member_id)
        assert member.deleted and "重复录入" in (member.notes or "")
        ops = session.scalars(select(ChangeLog.op).where(ChangeLog.record_id == member_id)).all()
        assert ops[-1] == "delete"
