"""The member search index follows every write, on new databases and on databases upgraded from 0001."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from alembic import command
from sqlalchemy import delete, insert, select, text, update

from app.database import Database
from db.engine import make_engine
from db.models import Member, member_gram
from db.schema import alembic_config, ensure_schema


def _grams(db: Database, member_id: str) -> set[str]:
    with db.unit_of_work() as session:
        rows = session.execute(select(member_gram.c.gram).where(member_gram.c.member_id == member_id))
        return {row[0] for row in rows}


def test_grams_of_a_new_member(db: Database) -> None:
    with db.unit_of_work() as session:
        member = Member(name="欧阳娜娜", id_number="44010519900101123X", phone="13812345678")
        session.add(member)
        session.flush()
        member_id = member.id
    assert _grams(db, member_id) == {"欧阳", "阳娜", "娜娜", "娜\x1f", "#123X", "@5678"}


def test_grams_follow_updates_bulk_inserts_and_deletes(db: Database) -> None:
    with db.unit_of_work() as session:
        session.execute(insert(Member), [{"id": "m1", "name": "张三"}, {"id": "m2", "name": "𠮷李"}])
    assert _grams(db, "m1") == {"张三", "三\x1f"}
    assert _grams(db, "m2") == {"𠮷李", "李\x1f"}  # a character outside the BMP counts as one
    with db.unit_of_work() as session:
        session.execute(update(Member).where(Member.id == "m1").values(name="张四", phone="010-12345678"))
    assert _grams(db, "m1") == {"张四", "四\x1f", "@5678"}
    with db.unit_of_work() as session:
        session.get_one(Member, "m2").notes = "unrelated change"
    assert _grams(db, "m2") == {"𠮷李", "李\x1f"}
    with db.unit_of_work() as session:
        session.execute(delete(Member).where(Member.id == "m1"))
    assert _grams(db, "m1") == set()


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
        triggers = {row[0] for row in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    assert grams == {"王五", "五\x1f", "#0021"}
    assert triggers == {"member_gram_insert", "member_gram_update", "member_gram_delete"}
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
            assert _count_triggers(session) == 2  # the insert trigger is paused inside the block
        assert _count_triggers(session) == 3
    assert _grams(db, "t0") == _grams(db, "existing-t0") == {"张三", "三\x1f", "#002X", "@5678"}
    assert _grams(db, "t1") == {"欧阳", "阳娜", "娜娜", "娜\x1f"}
    assert _grams(db, "t2") == {"𠮷李", "李\x1f", "@5678"}


def _count_triggers(session: object) -> int:
    return len(session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all())  # type: ignore[attr-defined]
