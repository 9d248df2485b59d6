"""The special-family registry: a family saved with its people, data checked like the roll's, eligibility for
special assistance worked out from the data and shown as warnings, never as a block."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.database import Database
from app.errors import AccessDenied, ValidationError
from app.families.access import record_consent
from app.families.registry import (
    FamilyInput,
    PersonInput,
    check_family,
    close_family,
    create_family,
    eligibility_problems,
    save_family,
)
from app.validation import make_id_number
from db.models import AuditLog, FamilyPerson, SpecialFamily
from tests.helpers.database import ADMIN, CLERK, COUNTY, VOLUNTEER

TODAY = date(2026, 11, 23)
MOTHER_BORN = date(1977, 11, 23)  # 49 today
MOTHER_ID = make_id_number("440105", MOTHER_BORN, 124)


def bereaved(**changes: object) -> FamilyInput:
    people = [
        PersonInput("father", "王建国", "M", birth_date="1975-03-02", phone="13800138000", health="高血压"),
        PersonInput("mother", "李秀英", id_number=MOTHER_ID, health="抑郁"),
        PersonInput("child", "王小明", "M", birth_date="2001-05-01", deceased_on="2020-08-15"),
    ]
    values: dict[str, object] = {"categories": ["child_deceased"], "people": people, "village_code": "440105001001",
                                 "village_liaison_name": "赵村干", "village_liaison_phone": "13900139000"}  # fmt: skip
    values.update(changes)
    return FamilyInput(**values)  # type: ignore[arg-type]


def _codes(data: FamilyInput, today: date = TODAY) -> list[str]:
    return [p.code for p in check_family(data, today=today).warnings if p.field == "eligibility"]


def test_a_qualifying_bereaved_family_has_no_eligibility_warning() -> None:
    checked = check_family(bereaved(), today=TODAY)
    assert checked.errors == [] and _codes(bereaved()) == []
    mother = next(p for p in checked.people if p["role"] == "mother")
    assert (mother["birth_date"], mother["sex"]) == (MOTHER_BORN, "F")  # read from the ID number


def test_the_mother_qualifies_on_her_49th_birthday_not_the_day_before() -> None:
    assert _codes(bereaved(), date(2026, 11, 22)) == ["eligibility.mother_too_young"]
    assert _codes(bereaved(), date(2026, 11, 23)) == []
    leap = bereaved()
    leap.people[1] = PersonInput("mother", "李秀英", "F", birth_date="1976-02-29")
    assert _codes(leap, date(2025, 2, 28)) == ["eligibility.mother_too_young"]
    assert _codes(leap, date(2025, 3, 1)) == []
    warning = check_family(bereaved(), today=date(2020, 1, 1)).warnings[0]
    assert "年满 49 周岁（2026 年）" in warning.zh


def test_eligibility_warns_about_two_children_a_missing_death_date_or_a_mild_disability() -> None:
    two = bereaved()
    two.people.append(PersonInput("child", "王小红", "F", birth_date="2005-01-01"))
    assert _codes(two) == ["eligibility.children"]
    no_date = bereaved()
    no_date.people[2] = PersonInput("child", "王小明", "M", birth_date="2001-05-01")
    assert _codes(no_date) == ["eligibility.death_date"]
    for grade, expected in ((3, []), (4, ["eligibility.grade"]), (None, ["eligibility.grade"])):
        disabled = bereaved(categories=["child_disabled"])
        disabled.people[2] = PersonInput("child", "王小明", "M", birth_date="2001-05-01", disability_grade=grade)
        assert _codes(disabled) == expected, grade
    no_mother = bereaved()
    del no_mother.people[1]
    assert _codes(no_mother) == ["eligibility.mother_age_unknown"]


def test_surgery_complication_families_are_not_checked_against_the_child_rule() -> None:
    assert eligibility_problems(["surgery_complication"], [], TODAY) == []


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"categories": []}, "family.no_category"),
        ({"categories": ["orphan"]}, "family.category"),
        ({"village_liaison_phone": "138001380"}, "phone.mobile_length"),
        ({"assistance_status": "maybe"}, "family.assistance"),
    ],
)
def test_bad_values_are_errors(changes: dict[str, object], code: str) -> None:
    assert [p.code for p in check_family(bereaved(**changes), today=TODAY).errors] == [code]


def test_a_wrong_id_number_or_grade_refuses_the_save_with_one_sentence(db: Database) -> None:
    bad = bereaved()
    bad.people[1] = PersonInput("mother", "李秀英", id_number="440105197711230000")
    with db.unit_of_work() as session, pytest.raises(ValidationError, match="校验"):
        create_family(session, ADMIN, bad, today=TODAY)
    worse = bereaved()
    worse.people[2] = PersonInput("child", "王小明", disability_grade=5)
    with db.unit_of_work() as session, pytest.raises(ValidationError, match="一至四级"):
        create_family(session, ADMIN, worse, today=TODAY)
    with db.unit_of_work() as session:
        assert session.scalars(select(SpecialFamily)).all() == []


def test_a_family_is_saved_with_its_people_audited_and_warned_until_consent_is_recorded(db: Database) -> None:
    with db.unit_of_work() as session:
        family_id, warnings = create_family(session, CLERK, bereaved(), today=TODAY)
    assert len(warnings) == 1 and "还没有登记单独同意" in warnings[0]
    with db.unit_of_work() as session:
        family = session.get_one(SpecialFamily, family_id)
        people = {p.role: p for p in session.scalars(select(FamilyPerson).where(FamilyPerson.family_id == family_id))}
        assert family.categories == ["child_deceased"] and family.village_liaison_phone == "13900139000"
        assert people["mother"].id_number == MOTHER_ID and people["child"].deceased_on == date(2020, 8, 15)
        assert people["father"].name_pinyin == "wangjianguo"
        row = session.scalars(select(AuditLog).where(AuditLog.record_id == family_id)).one()
        assert row.action == "record_change" and "李秀英" not in (row.detail or "")
        record_consent(session, CLERK, family_id, date(2026, 11, 1), "帮扶信息登记与走访", "李秀英")
    younger = bereaved()
    younger.people[1] = PersonInput("mother", "李秀英", "F", birth_date="1980-01-01")
    with db.unit_of_work() as session:
        warnings = save_family(session, CLERK, family_id, younger, today=TODAY)
    assert warnings == [check_family(younger, today=TODAY).warnings[0].zh]  # eligibility only: consent is recorded
    with db.unit_of_work() as session:
        mother = session.scalars(
            select(FamilyPerson).where(FamilyPerson.family_id == family_id, FamilyPerson.role == "mother")
        ).one()
        assert (mother.birth_date, mother.id_number) == (date(1980, 1, 1), None)
        last = session.scalars(select(AuditLog).order_by(AuditLog.seq.desc())).first()
        assert last is not None and "mother.birth_date" in (last.detail or "")


def test_a_person_left_out_is_removed_and_a_new_one_added(db: Database) -> None:
    with db.unit_of_work() as session:
        family_id, _warnings = create_family(session, ADMIN, bereaved(), today=TODAY)
    widowed = bereaved()
    del widowed.people[0]
    with db.unit_of_work() as session:
        save_family(session, ADMIN, family_id, widowed, today=TODAY)
    with db.unit_of_work() as session:
        live = session.scalars(
            select(FamilyPerson.role).where(FamilyPerson.family_id == family_id, FamilyPerson.deleted.is_(False))
        ).all()
    assert sorted(live) == ["child", "mother"]


@pytest.mark.parametrize("actor", [COUNTY, VOLUNTEER], ids=["county", "volunteer"])
def test_county_staff_and_volunteers_cannot_record_families(db: Database, actor: object) -> None:
    with db.unit_of_work() as session, pytest.raises(AccessDenied):
        create_family(session, actor, bereaved(), today=TODAY)  # type: ignore[arg-type]


def test_closing_needs_a_reason(db: Database) -> None:
    with db.unit_of_work() as session:
        family_id, _warnings = create_family(session, ADMIN, bereaved(), today=TODAY)
        with pytest.raises(ValidationError, match="结案原因"):
            close_family(session, ADMIN, family_id, date(2026, 11, 1), " ")
        close_family(session, ADMIN, family_id, date(2026, 11, 1), "全家迁往外省")
        family = session.get_one(SpecialFamily, family_id)
        assert (family.closed_on, family.closed_reason) == (date(2026, 11, 1), "全家迁往外省")
