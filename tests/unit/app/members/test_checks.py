"""Checking a member as typed: normalised values, errors that block, warnings the user sees before saving."""

from __future__ import annotations

from datetime import date

import pytest

from app.database import Database
from app.members.checks import check_member, find_duplicates
from app.members.service import add_member
from tests.helpers.database import ADMIN

TODAY = date(2026, 11, 23)


def _codes(raw: dict[str, object]) -> set[str]:
    return {p.code for p in check_member(raw, today=TODAY).problems}


def test_a_valid_id_number_fills_birth_date_and_sex() -> None:
    checked = check_member(
        {"name": " 张 三 ", "id_number": "11010519491231002x", "phone": "+86 138 1234 5678"}, today=TODAY
    )
    assert checked.ok and not checked.problems
    v = checked.values
    assert (v["name"], v["name_pinyin"], v["name_initials"]) == ("张三", "zhangsan", "zs")
    assert v["id_number"] == "11010519491231002X"
    assert (v["birth_date"], v["sex"]) == (date(1949, 12, 31), "F")
    assert v["phone"] == "13812345678"
    assert v["status"] == "active" and v["migrant_status"] == "none" and v["roles"] == []


@pytest.mark.parametrize(
    ("raw", "code", "severity"),
    [
        ({"name": "张三", "id_number": "110105194912310021"}, "id_number.check_char", "error"),
        ({"name": "张三", "id_number": 4.40105199001011e17}, "id_number.as_number", "error"),
        ({"name": "张三", "id_number": "110105********002X"}, "id_number.masked", "error"),
        ({"name": "张三", "id_number": "11010519491231002X", "birth_date": "1950-01-01"}, "birth_date.mismatch",
         "warning"),
        ({"name": "张三", "id_number": "11010519491231002X", "sex": "男"}, "sex.mismatch", "warning"),
        ({"name": "张三", "id_number": "110105491231002"}, "id_number.upgraded", "warning"),
        ({"name": ""}, "name.empty", "error"),
        ({"name": "张3"}, "name.digits", "error"),
        ({"name": "张三", "phone": "12345"}, "phone.mobile_length", "error"),
        ({"name": "张三", "sex": "未知"}, "sex.unknown", "error"),
        ({"name": "张三", "roles": "会长、村长"}, "roles.unknown", "error"),
        ({"name": "张三", "joined_on": "2030-01-01"}, "date.future", "error"),
        ({"name": "张三", "status": "休眠"}, "status.unknown", "error"),
    ],
)  # fmt: skip
def test_problems_are_named_with_their_severity(raw: dict[str, object], code: str, severity: str) -> None:
    problems = {p.code: p for p in check_member(raw, today=TODAY).problems}
    assert code in problems, problems
    assert problems[code].severity == severity
    assert problems[code].zh  # a Chinese sentence for the user


def test_roles_and_words_are_read_as_offices_write_them() -> None:
    v = check_member({"name": "李四", "roles": "会员小组长、骨干会员，理事", "sex": "女", "status": "转出",
                      "migrant_status": "流出", "joined_on": "2017年5月29日"}, today=TODAY).values  # fmt: skip
    assert v["roles"] == ["group_leader", "core_member", "director"]
    assert (v["sex"], v["status"], v["migrant_status"]) == ("F", "transferred_out", "out")
    assert v["joined_on"] == date(2017, 5, 29)


def test_excel_whole_numbers_lose_their_point_zero() -> None:
    v = check_member({"name": "王五", "phone": 13812345678.0, "member_no": 1024.0}, today=TODAY).values
    assert v["phone"] == "13812345678" and v["member_no"] == "1024"


def test_duplicates_same_id_blocks_same_name_and_birth_warns(db: Database) -> None:
    with db.unit_of_work() as session:
        first = add_member(
            session, ADMIN, check_member({"name": "张三", "id_number": "11010519491231002X"}, today=TODAY)
        )
    with db.unit_of_work() as session:
        same_id = find_duplicates(session, check_member({"name": "张叁", "id_number": "11010519491231002X"}).values)
        assert [(p.code, p.severity, p.other_member_id) for p in same_id] == [("member.duplicate_id", "error", first)]
        same_name = find_duplicates(session, {"name": "张三", "birth_date": date(1949, 12, 31)})
        assert [(p.code, p.severity) for p in same_name] == [("member.same_name_birth", "warning")]
        assert find_duplicates(session, check_member({"name": "张三", "id_number": "11010519491231002X"}).values,
                               exclude_id=first) == []  # fmt: skip
