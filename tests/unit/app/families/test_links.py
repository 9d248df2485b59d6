"""A family's links: its liaison household and its people's members, found by searching, checked when saved; the
family-doctor contract date and priority care; masked fields kept on save."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from app.database import Database
from app.errors import AccessDenied, ValidationError
from app.families.links import household_choices, link_texts, member_choices
from app.families.registry import FamilyInput, PersonInput, create_family, save_family
from app.validation import make_id_number
from db.models import FamilyPerson, Household, Member, SpecialFamily
from tests.helpers.database import ADMIN, CLERK, COUNTY, VILLAGE
from tests.helpers.roll import add

TODAY = date(2026, 11, 23)
MOTHER_ID = make_id_number("440105", date(1970, 4, 2), 124)
FATHER_ID = make_id_number("440105", date(1968, 9, 9), 31)


def _family(**changes: object) -> FamilyInput:
    people = [
        PersonInput("mother", "李秀英", id_number=MOTHER_ID),
        PersonInput("father", "王建国", "M", id_number=FATHER_ID, phone="13800138000"),
        PersonInput("child", "王小明", "M", birth_date="1995-05-01", deceased_on="2020-08-15"),
    ]
    values: dict[str, object] = {"categories": ["child_deceased"], "people": people,
                                 "village_code": VILLAGE.region_code}  # fmt: skip
    values.update(changes)
    return FamilyInput(**values)  # type: ignore[arg-type]


def _household(db: Database, head: str, address: str, deleted: bool = False) -> str:
    with db.unit_of_work() as session:
        household = Household(head_name=head, address=address, village_code=VILLAGE.region_code, deleted=deleted)
        session.add(household)
        session.flush()
        return household.id


def _create(db: Database, data: FamilyInput) -> str:
    with db.unit_of_work(ADMIN.username) as session:
        return create_family(session, ADMIN, data, today=TODAY)[0]


def _people(db: Database, family_id: str) -> dict[str, FamilyPerson]:
    with db.unit_of_work() as session:
        rows = session.scalars(
            select(FamilyPerson).where(FamilyPerson.family_id == family_id, FamilyPerson.deleted.is_(False))
        )
        return {p.role: p for p in rows}


def test_a_member_is_found_by_name_or_pinyin_and_the_choice_tells_namesakes_apart(db: Database) -> None:
    first = add(db, name="李秀英", id_number=MOTHER_ID)
    second = add(db, name="李秀英", birth_date="1982-01-05")
    add(db, name="王建国")
    with db.unit_of_work() as session:
        by_name = member_choices(session, CLERK, "李秀英")
        by_pinyin = member_choices(session, CLERK, "lixiuying")
        assert member_choices(session, CLERK, "  ") == []
    assert {c.id for c in by_name} == {first, second} == {c.id for c in by_pinyin}
    texts = {c.id: c.text for c in by_name}
    assert texts[first].startswith("李秀英（") and "1970" in texts[first]
    assert "1982" in texts[second]
    assert MOTHER_ID not in texts[first] and MOTHER_ID[-4:] in texts[first]  # masked, the last four shown


def test_a_household_is_found_by_its_head_or_its_address(db: Database) -> None:
    zhang = _household(db, "张大山", "城关村三组 12 号")
    _household(db, "刘小河", "城关村五组 3 号")
    _household(db, "张不在", "城关村一组", deleted=True)
    with db.unit_of_work() as session:
        assert [c.id for c in household_choices(session, CLERK, "张")] == [zhang]
        assert [c.id for c in household_choices(session, CLERK, "三组")] == [zhang]
        assert len(household_choices(session, CLERK, "城关村")) == 2
        assert household_choices(session, CLERK, "100%") == []  # a wildcard typed is a character, not "anything"
        text = household_choices(session, CLERK, "张大山")[0].text
    assert text.startswith("张大山户（") and "城关村三组 12 号" in text


def test_only_those_who_record_families_search_for_links(db: Database) -> None:
    with db.unit_of_work() as session, pytest.raises(AccessDenied):
        member_choices(session, COUNTY, "李")


def test_a_family_is_saved_with_its_household_and_members_and_shows_them_when_opened(db: Database) -> None:
    household = _household(db, "王建国", "城关村三组 12 号")
    father = add(db, name="王建国", id_number=FATHER_ID)
    data = _family(household_id=household)
    data.people[1] = replace(data.people[1], member_id=father)
    family_id = _create(db, data)
    people = _people(db, family_id)
    assert people["father"].member_id == father
    with db.unit_of_work() as session:
        family = session.get(SpecialFamily, family_id)
        assert family is not None and family.household_id == household
        texts = link_texts(session, CLERK, household, [father])
    assert texts[household].startswith("王建国户") and texts[father].startswith("王建国（")


def test_a_parent_whose_id_number_is_a_members_is_linked_to_that_member(db: Database) -> None:
    mother = add(db, name="李秀英", id_number=MOTHER_ID)
    family_id = _create(db, _family())
    people = _people(db, family_id)
    assert people["mother"].member_id == mother
    assert people["father"].member_id is None  # no member has his ID number


def test_a_link_cleared_on_the_form_stays_cleared(db: Database) -> None:
    add(db, name="李秀英", id_number=MOTHER_ID)
    family_id = _create(db, _family())
    with db.unit_of_work(ADMIN.username) as session:
        save_family(session, ADMIN, family_id, _family(), today=TODAY)  # the form sends no member for her
    assert _people(db, family_id)["mother"].member_id is None


def test_a_link_to_a_deleted_member_or_household_refuses_the_save_with_a_sentence(db: Database) -> None:
    gone = _household(db, "张不在", "城关村一组", deleted=True)
    with pytest.raises(ValidationError, match="联系户已不存在") as raised:
        _create(db, _family(household_id=gone))
    assert "no longer exists" in raised.value.en
    member = add(db, name="王建国", id_number=FATHER_ID)
    with db.unit_of_work() as session:
        record = session.get(Member, member)
        assert record is not None
        record.deleted = True
    data = _family()
    data.people[1] = replace(data.people[1], member_id=member)
    with pytest.raises(ValidationError, match="会员已不存在"):
        _create(db, data)
    with db.unit_of_work() as session:
        assert session.scalar(select(SpecialFamily.id)) is None  # nothing half-saved


def test_the_doctor_contract_date_and_priority_care_are_saved(db: Database) -> None:
    family_id = _create(db, _family(doctor_contract=True, doctor_contract_on="2024-3-1", priority_care=True))
    with db.unit_of_work() as session:
        family = session.get(SpecialFamily, family_id)
        assert family is not None
        assert (family.doctor_contract, family.doctor_contract_on, family.priority_care) == (
            True, date(2024, 3, 1), True
        )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "zh"),
    [
        ({"doctor_contract": False, "doctor_contract_on": "2024-03-01"}, "请勾选"),
        ({"doctor_contract": True, "doctor_contract_on": "2999-01-01"}, "晚于今天|未来"),
        ({"doctor_contract": True, "doctor_contract_on": "2024-13-01"}, "日期"),
    ],
)
def test_a_wrong_contract_date_refuses_the_save(db: Database, changes: dict[str, object], zh: str) -> None:
    with pytest.raises(ValidationError, match=zh):
        _create(db, _family(**changes))


def test_fields_the_user_saw_masked_keep_their_stored_values(db: Database) -> None:
    family_id = _create(db, _family(needs="定期体检", township_liaison_phone="13900001111"))
    blank = _family(needs="", township_liaison_phone="", address="城关村三组 12 号")
    blank.people[1] = replace(blank.people[1], id_number="", phone="")
    with db.unit_of_work(ADMIN.username) as session:
        save_family(session, ADMIN, family_id, blank, today=TODAY,
                    keep={"needs", "township_liaison_phone", "father.id_number", "father.phone"})  # fmt: skip
    with db.unit_of_work() as session:
        family = session.get(SpecialFamily, family_id)
        assert family is not None
        assert (family.needs, family.township_liaison_phone, family.address) == (
            "定期体检", "13900001111", "城关村三组 12 号"
        )  # fmt: skip
    father = _people(db, family_id)["father"]
    assert (father.id_number, father.phone) == (FATHER_ID, "13800138000")
