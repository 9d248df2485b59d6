"""The search box and filters find members through indexes, in the list's order."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text, update

from app.database import Database
from app.members.checks import check_member
from app.members.listing import MemberFilter, count_members, filter_conditions, member_ids
from app.members.service import add_member, change_status
from db.models import Member, member_char
from tests.helpers.database import ADMIN

TODAY = date(2026, 11, 23)
PEOPLE = [
    {"name": "张三", "id_number": "11010519491231002X", "phone": "13812345678", "member_no": "DF-001",
     "village_code": "440105001001", "roles": "骨干会员", "joined_on": "2017-05-29"},
    {"name": "张三丰", "id_number": "440105199001011239", "phone": "0571-87654321", "member_no": "DF-002",
     "village_code": "440105001001", "joined_on": "2020-03-01", "migrant_status": "流出"},
    {"name": "李张", "phone": "13900001111", "member_no": "XW-001", "village_code": "440105001002",
     "roles": "会员小组长", "joined_on": "2020-07-01"},
    {"name": "单雄信", "member_no": "XW-002", "village_code": "440105001002"},
    {"name": "𠮷田", "member_no": "XW-003", "village_code": "440105001002"},
    {"name": "阿卜杜·热合曼", "member_no": "XW-004", "village_code": "440105001002"},
]  # fmt: skip


@pytest.fixture
def roll(db: Database) -> dict[str, str]:
    ids = {}
    with db.unit_of_work() as session:
        for raw in PEOPLE:
            ids[str(raw["name"])] = add_member(session, ADMIN, check_member(raw, today=TODAY))
    return ids


def _names(db: Database, **kwargs: object) -> list[str]:
    with db.unit_of_work() as session:
        ids = member_ids(session, ADMIN, MemberFilter(**kwargs))  # type: ignore[arg-type]
        by_id = dict(session.execute(select(Member.id, Member.name).where(Member.id.in_(ids))).all())
        return [by_id[i] for i in ids]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张", ["李张", "张三", "张三丰"]),  # one character, anywhere in the name
        ("张三", ["张三", "张三丰"]),
        ("张三丰", ["张三丰"]),
        ("三丰", ["张三丰"]),
        ("zs", ["张三", "张三丰"]),
        ("zhangs", ["张三", "张三丰"]),
        ("ZhangSan", ["张三", "张三丰"]),
        ("zsf", ["张三丰"]),
        ("shanxiongxin", ["单雄信"]),  # the surname override: 单 is shan
        ("𠮷", ["𠮷田"]),
        ("阿卜杜·热", ["阿卜杜·热合曼"]),
        ("11010519491231002x", ["张三"]),  # whole ID number, lower-case x
        ("１１０１０５１９４９１２３１００２Ｘ", ["张三"]),  # full-width
        ("002X", ["张三"]),  # last 4 of the ID number
        ("1002X", ["张三"]),  # last 5
        ("31002X", ["张三"]),  # last 6
        ("1239", ["张三丰"]),
        ("13812345678", ["张三"]),  # whole phone
        ("5678", ["张三"]),  # last 4 of the phone
        ("4321", ["张三丰"]),
        ("0571-87654321", ["张三丰"]),
        ("DF-00", ["张三", "张三丰"]),  # member number prefix
        ("xw-003", []),  # member numbers are matched as written
        ("王", []),
    ],
)
def test_search_finds_by_name_pinyin_and_numbers(
    db: Database, roll: dict[str, str], query: str, expected: list[str]
) -> None:
    assert sorted(_names(db, query=query)) == sorted(expected)


def test_filters_combine_with_the_search(db: Database, roll: dict[str, str]) -> None:
    assert sorted(_names(db, village_code="440105001002")) == ["单雄信", "李张", "阿卜杜·热合曼", "𠮷田"]
    assert _names(db, query="张", village_code="440105001001") == ["张三", "张三丰"]
    assert _names(db, role="core_member") == ["张三"]
    assert _names(db, role="group_leader") == ["李张"]
    assert _names(db, migrant="out") == ["张三丰"]
    assert sorted(_names(db, joined_year=2020)) == ["张三丰", "李张"]
    with db.unit_of_work() as session:
        change_status(session, ADMIN, roll["李张"], "withdraw", date(2025, 1, 1), today=TODAY)
    assert "李张" not in _names(db, status="current")
    assert _names(db, status="withdrawn") == ["李张"]


def test_sorting_is_done_in_sql_by_any_column(db: Database, roll: dict[str, str]) -> None:
    by_pinyin = _names(db, village_code="440105001001")
    assert by_pinyin == ["张三", "张三丰"]
    assert _names(db, village_code="440105001001", sort="joined_on", descending=True) == ["张三丰", "张三"]
    assert _names(db, sort="member_no")[:2] == ["张三", "张三丰"]


def test_paging_and_counting(db: Database, roll: dict[str, str]) -> None:
    with db.unit_of_work() as session:
        flt = MemberFilter(sort="member_no")
        assert count_members(session, ADMIN, flt) == len(PEOPLE)
        pages = [member_ids(session, ADMIN, flt, offset=o, limit=4) for o in (0, 4)]
    assert [len(p) for p in pages] == [4, 2]
    assert len(set(pages[0]) | set(pages[1])) == len(PEOPLE)


@pytest.mark.parametrize("query", ["张", "张三", "张三丰", "zs", "zhangsan", "002X", "1002X", "5678", "13812345678",
                                   "11010519491231002X", "DF-001"])  # fmt: skip
def test_no_search_scans_the_member_table(db: Database, roll: dict[str, str], query: str) -> None:
    with db.unit_of_work() as session:
        stmt = select(Member.id).where(*filter_conditions(MemberFilter(query=query))).order_by(Member.name_pinyin)
        compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = [row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]
    scans = [step for step in plan if step.startswith("SCAN") and "member_gram" not in step and "INDEX" not in step]
    assert scans == [], plan


def test_a_one_character_search_is_answered_from_the_character_index_like_any_other(
    db: Database, roll: dict[str, str]
) -> None:
    """The usual view of a one-character search reads `member_char` alone; it must find, order, page and count
    exactly what the member table says, through status changes, renames and tombstones."""
    with db.unit_of_work() as session:
        extra = {
            name: add_member(session, ADMIN, check_member({"name": name}, today=TODAY)) for name in ("张张", "曾张")
        }
        change_status(session, ADMIN, roll["张三丰"], "withdraw", date(2025, 1, 1), today=TODAY)
        session.get_one(Member, extra["曾张"]).deleted = True
    assert _names(db, query="张") == ["李张", "张三", "张三丰", "张张"]  # by pinyin: li, zhangsan, …; once each
    assert _names(db, query="张", status="current") == ["李张", "张三", "张张"]
    assert _names(db, query="张", status="withdrawn") == ["张三丰"]
    assert _names(db, query="张", descending=True) == ["张张", "张三丰", "张三", "李张"]
    with db.unit_of_work() as session:
        flt = MemberFilter(query="张", status="current")
        assert count_members(session, ADMIN, flt) == 3
        assert member_ids(session, ADMIN, flt, offset=1, limit=1) == [roll["张三"]]
        # A filter the character index does not hold goes through the member table, with the same answer.
        by_village = MemberFilter(query="张", status="current", village_code="440105001001")
        assert count_members(session, ADMIN, by_village) == 1
    with db.unit_of_work() as session:
        session.execute(
            update(Member).where(Member.id == roll["李张"]).values(name="李四", name_pinyin="lisi", name_initials="ls")
        )
    assert _names(db, query="张", status="current") == ["张三", "张张"]
    assert _names(db, query="四") == ["李四"]


def test_a_one_character_search_never_reads_the_member_table(db: Database, roll: dict[str, str]) -> None:
    from app.members.listing import char_conditions

    flt = MemberFilter(query="张", status="current")
    assert char_conditions(flt) is not None
    with db.unit_of_work() as session:
        stmt = select(member_char.c.member_id).where(*char_conditions(flt) or []).order_by(member_char.c.name_pinyin)
        compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = " ".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "member_char USING PRIMARY KEY (ch=?)" in plan and "member " not in plan and "TEMP B-TREE" not in plan
