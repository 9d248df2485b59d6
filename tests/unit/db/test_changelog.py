"""Every write path the code uses writes exactly one change_log row per changed record, in the same transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, insert, select, update

from app.database import Database
from db.changelog import NoSiteError, UnloggedWriteError
from db.models import ChangeLog, Member, MemberGroup, Site
from tests.helpers.database import new_database


def log_rows(db: Database) -> list[ChangeLog]:
    with db.unit_of_work() as s:
        return list(s.scalars(select(ChangeLog).order_by(ChangeLog.change_seq)))


def member(db: Database, name: str) -> Member:
    with db.unit_of_work() as s:
        return s.scalars(select(Member).where(Member.name == name)).one()


def test_add_writes_one_upsert_with_the_full_row(db: Database) -> None:
    with db.unit_of_work("clerk1") as s:
        s.add(Member(name="张三", phone="13800000000"))
    [row] = log_rows(db)
    m = member(db, "张三")
    assert (row.tbl, row.op, row.record_id, row.by, row.base_rev) == ("member", "upsert", m.id, "clerk1", None)
    assert row.after is not None
    assert row.after["name"] == "张三" and row.after["status"] == "active" and row.after["roles"] == []
    assert (m.rev_seq, m.hlc, m.owner_site) == (row.change_seq, row.hlc, row.site_id)


def test_attribute_change_logs_the_changed_fields_and_the_base_rev(db: Database) -> None:
    with db.unit_of_work() as s:
        s.add(Member(name="张三"))
    before = member(db, "张三")
    with db.unit_of_work() as s:
        s.scalars(select(Member)).one().phone = "13900000000"
    first, second = log_rows(db)
    assert second.fields == ["phone"]
    assert second.base_rev == [before.rev_site, before.rev_epoch, before.rev_seq]
    assert second.change_seq == first.change_seq + 1 and second.hlc > first.hlc
    assert member(db, "张三").rev_seq == second.change_seq


def test_unchanged_object_writes_nothing(db: Database) -> None:
    with db.unit_of_work() as s:
        s.add(Member(name="张三"))
    with db.unit_of_work() as s:
        m = s.scalars(select(Member)).one()
        m.name = "张三"
    assert len(log_rows(db)) == 1


def test_tombstone_and_physical_delete_are_logged_as_deletes(db: Database) -> None:
    with db.unit_of_work() as s:
        s.add_all([Member(name="甲"), Member(name="乙")])
    with db.unit_of_work() as s:
        s.scalars(select(Member).where(Member.name == "甲")).one().deleted = True
        s.delete(s.scalars(select(Member).where(Member.name == "乙")).one())
    rows = log_rows(db)[2:]
    assert sorted((r.op, r.after is None) for r in rows) == [("delete", False), ("delete", True)]


def test_orm_bulk_insert_logs_each_row(db: Database) -> None:
    with db.unit_of_work() as s:
        s.execute(insert(Member), [{"name": f"会员{i}"} for i in range(250)])
    rows = log_rows(db)
    with db.unit_of_work() as s:
        ids = set(s.scalars(select(Member.id)))
    assert len(rows) == 250 and {r.record_id for r in rows} == ids
    assert [r.change_seq for r in rows] == list(range(1, 251))
    assert len({r.hlc for r in rows}) == 250


def test_bulk_insert_logs_the_same_row_as_the_unit_of_work(db: Database) -> None:
    """A bulk insert's log rows are made by SQLite (json_object); they must say what the Python path says."""
    from datetime import date

    from db.models import Volunteer, VolunteerRecord

    kinds = {
        "name": "王𠮷",  # text outside the BMP
        "birth_date": date(1960, 2, 29),  # a date
        "roles": ["core_member", "group_leader"],  # JSON
        "notes": None,  # null
        "migrant_since": None,
        "member_type": "individual",
    }
    record = {"volunteer_id": "v-1", "kind": "service", "on_date": date(2026, 1, 2), "title": "上门", "hours": 2.5}
    with db.unit_of_work() as s:
        s.add(Volunteer(id="v-1", name="志愿者"))
    with db.unit_of_work() as s:
        s.execute(insert(Member), [kinds])
        s.execute(insert(VolunteerRecord), [record, {**record, "hours": 3.0}])
        s.add(Member(**kinds))
        s.add(VolunteerRecord(**record))
    rows = log_rows(db)[1:]
    stamps = {"id", "owner_site", "rev_site", "rev_epoch", "rev_seq", "hlc", "created_at", "updated_at"}

    def content(after: dict[str, object] | None) -> dict[str, object]:
        assert after is not None
        return {k: v for k, v in after.items() if k not in stamps}

    bulk_member, bulk_record, _, added_member, added_record = rows
    assert content(bulk_member.after) == content(added_member.after)
    assert list(bulk_member.after or {}) == list(added_member.after or {})  # every column, in the same order
    assert content(bulk_record.after) == content(added_record.after)
    assert rows[2].after and rows[2].after["hours"] == 3.0
    # Times in the same ISO form, and the stamps as the stored row has them.
    with db.unit_of_work() as s:
        stored = s.scalars(select(Member).where(Member.id == bulk_member.record_id)).one()
    after = bulk_member.after or {}
    assert after["created_at"] == stored.created_at.isoformat(timespec="microseconds")
    assert (after["rev_seq"], after["hlc"], after["deleted"]) == (bulk_member.change_seq, bulk_member.hlc, False)
    assert bulk_member.fields == sorted(kinds)


def test_orm_bulk_update_by_primary_key_logs_each_row(db: Database) -> None:
    with db.unit_of_work() as s:
        s.execute(insert(Member), [{"name": "甲"}, {"name": "乙"}])
        ids = list(s.scalars(select(Member.id)))
    with db.unit_of_work() as s:
        s.execute(update(Member), [{"id": i, "notes": "已核对"} for i in ids])
    rows = log_rows(db)[2:]
    assert [r.fields for r in rows] == [["notes"], ["notes"]]
    assert all(r.after and r.after["notes"] == "已核对" for r in rows)
    assert member(db, "甲").notes == "已核对"


def test_orm_update_where_logs_each_matching_row(db: Database) -> None:
    with db.unit_of_work() as s:
        s.execute(insert(Member), [{"name": "甲"}, {"name": "乙"}, {"name": "丙"}])
    with db.unit_of_work() as s:
        s.execute(update(Member).where(Member.name != "丙").values(status="withdrawn"))
    rows = log_rows(db)[3:]
    assert len(rows) == 2 and all(r.fields == ["status"] for r in rows)
    assert member(db, "甲").status == "withdrawn" and member(db, "丙").status == "active"
    assert member(db, "甲").rev_seq in {r.change_seq for r in rows}


def test_orm_delete_where_logs_each_deleted_row(db: Database) -> None:
    with db.unit_of_work() as s:
        s.execute(insert(Member), [{"name": "甲"}, {"name": "乙"}])
    with db.unit_of_work() as s:
        s.execute(delete(Member).where(Member.name == "甲"))
    [row] = log_rows(db)[2:]
    assert row.op == "delete" and row.after is None


def test_update_with_an_sql_expression_is_refused(db: Database) -> None:
    with db.unit_of_work() as s:
        s.add(Member(name="甲"))
    with pytest.raises(UnloggedWriteError), db.unit_of_work() as s:
        s.execute(update(Member).values(name=Member.name + "乙"))
    assert member(db, "甲").name == "甲"


def test_rolled_back_write_leaves_no_log_and_no_gap(db: Database) -> None:
    with pytest.raises(RuntimeError), db.unit_of_work() as s:
        s.add(Member(name="甲"))
        s.flush()
        raise RuntimeError("the user's action failed half-way")
    assert log_rows(db) == []
    with db.unit_of_work() as s:
        s.add(Member(name="乙"))
    assert [r.change_seq for r in log_rows(db)] == [1]


def test_mixed_flush_counts_every_table(db: Database) -> None:
    with db.unit_of_work() as s:
        group = MemberGroup(name="一组")
        s.add(group)
        s.flush()
        s.add(Member(name="甲", group_id=group.id))
    assert sorted(r.tbl for r in log_rows(db)) == ["member", "member_group"]
    with db.unit_of_work() as s:
        assert s.scalar(select(Site.last_change_seq)) == 2
        assert s.scalar(select(func.count()).select_from(ChangeLog)) == 2


def test_clock_never_goes_backwards(db: Database) -> None:
    far_future = (2**46) << 16
    with db.unit_of_work() as s:
        s.execute(update(Site).values(last_hlc=far_future))
    with db.unit_of_work() as s:
        s.add(Member(name="甲"))
    assert log_rows(db)[0].hlc == far_future + 1


def test_writing_before_set_up_is_refused(tmp_path: pytest.TempPathFactory) -> None:
    db = new_database(tmp_path, setup=None)  # type: ignore[arg-type]
    with pytest.raises(NoSiteError), db.unit_of_work() as s:
        s.add(Member(name="甲"))
    db.close()


def test_core_write_that_bypasses_the_session_is_refused(db: Database) -> None:
    with pytest.raises(UnloggedWriteError), db.engine.begin() as conn:
        conn.execute(insert(Member.__table__), [{"id": "x", "name": "甲"}])
    with db.unit_of_work() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 0


def test_core_write_to_a_table_that_does_not_sync_is_allowed(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(update(Site.__table__).values(name="新名称"))
    with db.unit_of_work() as s:
        assert s.scalar(select(Site.name)) == "新名称"
