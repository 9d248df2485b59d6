"""Recording liaison households: values checked like the roll's, relations by GB/T 4761 code or words, people kept in
order, every change audited by field names, deletions as tombstones."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from app.accounts.users import Actor
from app.database import Database
from app.errors import AccessDenied, ValidationError
from app.households.registry import (
    HouseholdInput,
    PersonInput,
    check_household,
    create_household,
    delete_household,
    relation_code,
    save_household,
)
from app.validation import make_id_number
from db.models import AuditLog, Household, HouseholdMember
from tests.helpers.database import ADMIN, CLERK, COUNTY, VILLAGE, VOLUNTEER
from tests.helpers.roll import add

TODAY = date(2026, 11, 23)
HEAD_ID = make_id_number("440105", date(1968, 4, 2), 31)


def _zhang(**changes: object) -> HouseholdInput:
    values: dict[str, object] = {
        "head_name": "张大山", "head_id_number": HEAD_ID, "address": "城关村  三组 12 号",
        "village_code": VILLAGE.region_code, "phone": "138 0013 8000", "tags": ["one_child", "hardship"],
        "contact_frequency": "monthly",
        "people": [PersonInput("李桂芳", "妻", 1970), PersonInput("张小明", "21", "1995年")],
    }  # fmt: skip
    values.update(changes)
    return HouseholdInput(**values)  # type: ignore[arg-type]


def _create(db: Database, data: HouseholdInput, actor: Actor = CLERK) -> str:
    with db.unit_of_work(actor.username) as session:
        return create_household(session, actor, data, today=TODAY)


def _people(db: Database, household_id: str) -> list[tuple[str, str, int | None]]:
    with db.unit_of_work() as session:
        query = select(HouseholdMember).where(
            HouseholdMember.household_id == household_id, HouseholdMember.deleted.is_(False)
        )
        rows = session.scalars(query.order_by(HouseholdMember.created_at))
        return [(p.name, p.relation, p.birth_year) for p in rows]


@pytest.mark.parametrize(
    ("text", "code"),
    [("12", "12"), ("2", "02"), ("妻", "12"), ("独生子", "21"), (" 女婿 ", "28"), ("99", "99"), ("03", None),
     ("老婆", None), ("123", None), ("", None)],
)  # fmt: skip
def test_a_relation_is_read_as_its_gb_t_4761_code(text: str, code: str | None) -> None:
    assert relation_code(text) == code


def test_a_household_is_saved_with_its_people_normalised_and_audited(db: Database) -> None:
    household_id = _create(db, _zhang())
    with db.unit_of_work() as session:
        household = session.get_one(Household, household_id)
        assert (household.head_name, household.head_id_number, household.phone) == ("张大山", HEAD_ID, "13800138000")
        assert (household.address, household.tags, household.contact_frequency) == (
            "城关村 三组 12 号", ["one_child", "hardship"], "monthly"
        )  # fmt: skip
        audit = session.scalars(select(AuditLog).where(AuditLog.record_id == household_id)).one()
    assert _people(db, household_id) == [("李桂芳", "12", 1970), ("张小明", "21", 1995)]
    assert audit.action == "record_change" and json.loads(audit.detail) == {"created": True, "people": 2}
    assert HEAD_ID not in audit.detail and "张大山" not in audit.detail  # field names, never values


@pytest.mark.parametrize(
    ("changes", "zh", "en"),
    [
        ({"head_name": " "}, "姓名", "name"),
        ({"head_id_number": HEAD_ID[:17] + ("0" if HEAD_ID[17] != "0" else "1")}, "校验", "check"),
        ({"phone": "12345"}, "手机号码", "mobile number"),
        ({"tags": ["rich"]}, "户类别", "tag"),
        ({"contact_frequency": "weekly"}, "每月或每季度", "monthly or quarterly"),
        ({"people": [PersonInput("李桂芳", "老婆")]}, "GB/T 4761", "GB/T 4761"),
        ({"people": [PersonInput("李桂芳", "12", 1850)]}, "出生年份", "year of birth"),
        ({"people": [PersonInput("李桂芳", "12", "七十年代")]}, "出生年份", "year of birth"),
    ],
)
def test_bad_values_refuse_the_save_with_one_sentence(
    db: Database, changes: dict[str, object], zh: str, en: str
) -> None:
    with pytest.raises(ValidationError, match=zh) as raised:
        _create(db, _zhang(**changes))
    assert en in raised.value.en
    with db.unit_of_work() as session:
        assert session.scalar(select(Household.id)) is None  # nothing half-saved


def test_every_problem_is_listed_by_its_field_for_the_form() -> None:
    checked = check_household(_zhang(head_name="", people=[PersonInput("", "老婆", 3000)]), today=TODAY)
    assert {p.field for p in checked.errors} == {"head_name", "people.0.name", "people.0.relation",
                                                  "people.0.birth_year"}  # fmt: skip


def test_saving_changes_people_in_place_and_audits_only_field_names(db: Database) -> None:
    household_id = _create(db, _zhang())
    changed = _zhang(phone="13900139000", people=[PersonInput("李桂芳", "12", 1971)])
    with db.unit_of_work(CLERK.username) as session:
        save_household(session, CLERK, household_id, changed, today=TODAY)
    assert _people(db, household_id) == [("李桂芳", "12", 1971)]
    with db.unit_of_work() as session:
        details = [json.loads(a.detail) for a in session.scalars(
            select(AuditLog).where(AuditLog.record_id == household_id).order_by(AuditLog.seq))]  # fmt: skip
        removed = session.scalars(select(HouseholdMember).where(HouseholdMember.deleted.is_(True))).all()
    assert details[-1] == {"fields": ["phone", "people.0.birth_year", "people.1.removed"]}
    assert [p.name for p in removed] == ["张小明"]  # a tombstone: the removal travels in a sync package


def test_a_household_links_to_a_live_liaison_member(db: Database) -> None:
    member = add(db, name="王秀英")
    household_id = _create(db, _zhang(liaison_member_id=member))
    with db.unit_of_work() as session:
        assert session.get_one(Household, household_id).liaison_member_id == member
    with pytest.raises(ValidationError, match="联系会员已不存在"):
        _create(db, _zhang(liaison_member_id="nonesuch"))


def test_deleting_leaves_tombstones_and_a_deleted_household_cannot_be_saved(db: Database) -> None:
    household_id = _create(db, _zhang())
    with db.unit_of_work(ADMIN.username) as session:
        delete_household(session, ADMIN, household_id)
    with db.unit_of_work() as session:
        assert session.get_one(Household, household_id).deleted
        assert session.scalars(select(HouseholdMember.deleted)).all() == [True, True]
    with db.unit_of_work(CLERK.username) as session, pytest.raises(ValidationError, match="找不到这个联系户"):
        save_household(session, CLERK, household_id, _zhang(), today=TODAY)


@pytest.mark.parametrize("actor", [COUNTY, VOLUNTEER])
def test_county_staff_and_volunteers_do_not_record_households(db: Database, actor: Actor) -> None:
    with pytest.raises(AccessDenied):
        _create(db, _zhang(), actor)
