"""The member search index follows every write, on new databases and on databases upgraded from older revisions."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from alembic import command
from sqlalchemy import delete, insert, select, text, update

from app.database import Database
from db.engine import make_engine
from db.models import Member, member_char, member_gram
from db.schema import alembic_config, ensure_schema

MEMBER_TRIGGERS = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'member'"


def _grams(db: Database, member_id: str) -> set[str]:
    with db.unit_of_work() as session:
        rows = session.execute(select(member_gram.c.gram).where(member_gram.c.member_id == member_id))
        return {row[0] for row in rows}


def _chars(db: Database, member_id: str) -> set[tuple[str, str, str, bool]]:
    """(character, pinyin, status, deleted) of the member's rows in member_char."""
    c = member_char.c
    with db.unit_of_work() as session:
        rows = session.execute(select(c.ch, c.name_pinyin, c.status, c.deleted).where(c.member_id == member_id))
        return {tuple(row) for row in rows}  # type: ignore[misc]


def test_grams_of_a_new_member(db: Database) -> None:
    with db.unit_of_work() as session:
        member = Member(name="欧阳娜娜", name_pinyin="ouyangnana", id_number="44010519900101123X", phone="13812345678")
        session.add(member)
        session.flush()
        member_id = member.id
    assert _grams(db, member_id) == {"欧阳", "阳娜", "娜娜", "#123X", "@5678"}
    # One row per distinct character, with what the list filters and sorts a one-character search by.
    assert _chars(db, member_id) == {(ch, "ouyangnana", "active", False) for ch in "欧阳娜"}


def test_grams_follow_updates_bulk_inserts_and_deletes(db: Database) -> None:
    with db.unit_of_work() as session:
        session.execute(insert(Member), [{"id": "m1", "name": "张三"}, {"id": "m2", "name": "𠮷李"}])
    assert _grams(db, "m1") == {"张三"}
    assert _grams(db, "m2") == {"𠮷李"}  # a character outside the BMP counts as one
    assert {ch for ch, *_ in _chars(db, "m2")} == {"𠮷", "李"}
    with db.unit_of_work() as session:
        session.execute(
            update(Member).where(Member.id == "m1").values(name="张四", name_pinyin="zhangsi", phone="010-12345678")
        )
    assert _grams(db, "m1") == {"张四", "@5678"}
    assert _chars(db, "m1") == {("张", "zhangsi", "active", False), ("四", "zhangsi", "active", False)}
    with db.unit_of_work() as session:
        session.execute(update(Member).where(Member.id == "m1").values(status="withdrawn", deleted=True))
    assert _chars(db, "m1") == {("张", "zhangsi", "withdrawn", True), ("四", "zhangsi", "withdrawn", True)}
    with db.unit_of_work() as session:
        session.get_one(Member, "m2").notes = "unrelated change"
    assert _grams(db, "m2") == {"𠮷李"}
    with db.unit_of_work() as session:
        session.execute(delete(Member).where(Member.id == "m1"))
    assert _grams(db, "m1") == set()
    assert _chars(db, "m1") == set()


def test_changing_one_member_reads_only_its_own_index_rows(db: Database) -> None:
    """The triggers find a member's old rows by their keys: no statement of theirs scans an index table."""
    from db.models.search import TRIGGERS

    with db.unit_of_work() as session:
        connection = session.connection()
        for trigger in TRIGGERS:
            body = trigger[trigger.index(" BEGIN ") + len(" BEGIN ") : trigger.rindex(" END")]
            for statement in filter(str.strip, body.split(";")):
                # NEW and OLD become bound values, as SQLite plans them inside the trigger.
                sql = statement.replace("NEW.", ":new_").replace("OLD.", ":old_")
                plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", _trigger_values(sql)).all()
                scans = [row[3] for row in plan if row[3].startswith("SCAN") and "gram_seq" not in row[3]]
                assert scans == [], (trigger.split()[2], statement, scans)


def _trigger_values(sql: str) -> dict[str, object]:
    import re

    return {name: "x" for name in re.findall(r":(\w+)", sql)}


def test_upgrade_from_0001_indexes_existing_members(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "old.db", secrets.token_bytes(32))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(
            text(
                "INSERT INTO member (id, owner_site, rev_site, rev_epoch, rev_seq, hlc, created_at, updated_at, "
                "deleted, name, name_pinyin, name_initials, id_number, birth_date, member_type, roles, "
                "migrant_status, status) VALUES ('old', 's', 's', 'e', 1, 1, '2026-01-01', '2026-01-01', 0, "
                "'王五', 'wangwu', 'ww', '110105194912310021', :born, 'individual', '[]', 'none', 'active')"
            ),
            {"born": date(1949, 12, 31)},
        )
    ensure_schema(engine)
    with engine.connect() as conn:
        grams = {row[0] for row in conn.execute(text("SELECT gram FROM member_gram WHERE member_id = 'old'"))}
        triggers = {
            row[0]
            for row in conn.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'member'")
            )
        }
        chars = set(conn.execute(text("SELECT ch, name_pinyin, status FROM member_char WHERE member_id = 'old'")))
    assert grams == {"王五", "#0021"}
    assert chars == {("王", "wangwu", "active"), ("五", "wangwu", "active")}
    assert triggers == {"member_search_insert", "member_search_grams", "member_search_chars", "member_search_delete"}
    engine.dispose()


def test_deferred_bulk_insert_indexes_exactly_what_the_trigger_would(db: Database) -> None:
    from db.models.search import member_grams_deferred

    people = [("张三", "11010519491231002X", "13812345678"), ("欧阳娜娜", None, None), ("𠮷李", None, "010-12345678")]
    rows = [
        {"id": f"t{i}", "name": n, "id_number": number, "phone": phone} for i, (n, number, phone) in enumerate(people)
    ]
    with db.unit_of_work() as session:
        session.execute(insert(Member), [dict(r, id="existing-" + r["id"]) for r in rows[:1]])
    with db.unit_of_work() as session:
        with member_grams_deferred(session.connection()):
            session.execute(insert(Member), rows)
            assert _count_triggers(session) == 3  # the insert trigger is paused inside the block
        assert _count_triggers(session) == 4
    assert _grams(db, "t0") == _grams(db, "existing-t0") == {"张三", "#002X", "@5678"}
    assert _chars(db, "t0") == _chars(db, "existing-t0") != set()
    assert _grams(db, "t1") == {"欧阳", "阳娜", "娜娜"}
    assert {ch for ch, *_ in _chars(db, "t1")} == {"欧", "阳", "娜"}
    assert _grams(db, "t2") == {"𠮷李", "@5678"}


def _count_triggers(session: object) -> int:
    return len(
        session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'member'")).all()
    )  # type: ignore[attr-defined]
