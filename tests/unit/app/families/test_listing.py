"""The special-family list: search by name, pinyin, initials, the last digits of a phone or ID number; filters by
village, category and open/closed; masked phones; each family's 五个一 gaps and last visit; a volunteer's scope."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from app.accounts.users import Actor
from app.database import Database
from app.families.listing import FamilyFilter, family_rows
from app.families.registry import FamilyInput, PersonInput, close_family, create_family
from app.families.visits import VisitInput, log_visit
from db.models import FamilyInsurance, Pairing, Volunteer
from tests.helpers.database import ADMIN, CLERK, new_database

V1, V2 = "440105001001", "440105001002"
TODAY = date(2026, 11, 23)


def _family(db: Database, village: str, mother: str, category: str = "child_deceased", phone: str = "") -> str:
    data = FamilyInput(categories=[category], village_code=village,
                       people=[PersonInput("mother", mother, "F", birth_date="1970-01-01", phone=phone),
                               PersonInput("father", mother[0] + "父", "M", birth_date="1968-01-01")])  # fmt: skip
    with db.unit_of_work() as session:
        return create_family(session, ADMIN, data, today=TODAY)[0]


@pytest.fixture
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, str]]]:
    db = new_database(tmp_path_factory.mktemp("listing"))
    fam = {
        "zhang": _family(db, V1, "张桂兰", phone="13812345678"),
        "li": _family(db, V1, "李秀英", "child_disabled"),
        "wang": _family(db, V2, "王芳"),
    }
    with db.unit_of_work() as session:
        log_visit(session, CLERK, VisitInput(fam["zhang"], "condolence_visit", date(2026, 3, 1)), today=TODAY)
        log_visit(session, CLERK, VisitInput(fam["zhang"], "phone_call", date(2026, 9, 9)), today=TODAY)
        session.add(FamilyInsurance(family_id=fam["zhang"], year=2026, kind="综合保险"))
        close_family(session, ADMIN, fam["wang"], date(2026, 10, 1), "迁出本县")
    yield db, fam
    db.close()


def _ids(db: Database, flt: FamilyFilter, actor: Actor = ADMIN) -> list[str]:
    with db.unit_of_work() as session:
        return [r.id for r in family_rows(session, actor, flt, today=TODAY)]


def test_the_list_shows_names_masked_phones_gaps_and_the_last_visit(office: tuple[Database, dict[str, str]]) -> None:
    db, fam = office
    with db.unit_of_work() as session:
        rows = {r.id: r for r in family_rows(session, CLERK, today=TODAY)}
    assert set(rows) == {fam["zhang"], fam["li"]}  # the closed family is not in the open list
    zhang = rows[fam["zhang"]]
    assert (zhang.name, zhang.father, zhang.phone) == ("张桂兰", "张父", "138****5678")
    assert zhang.last_visit == date(2026, 9, 9)
    assert zhang.missing == ["volunteer_home_service", "group_activity", "psych_support"]
    assert rows[fam["li"]].missing == ["condolence_visit", "volunteer_home_service", "group_activity",
                                       "psych_support", "insurance"]  # fmt: skip
    assert rows[fam["li"]].last_visit is None


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (FamilyFilter(query="桂兰"), ["zhang"]),
        (FamilyFilter(query="zhangguilan"), ["zhang"]),
        (FamilyFilter(query="lxy"), ["li"]),
        (FamilyFilter(query="5678"), ["zhang"]),
        (FamilyFilter(query="李父"), ["li"]),
        (FamilyFilter(category="child_disabled"), ["li"]),
        (FamilyFilter(village_code=V2), []),
        (FamilyFilter(village_code=V2, state="closed"), ["wang"]),
        (FamilyFilter(state=""), ["li", "wang", "zhang"]),
    ],
)
def test_search_and_filters(office: tuple[Database, dict[str, str]], flt: FamilyFilter, expected: list[str]) -> None:
    db, fam = office
    assert sorted(_ids(db, flt)) == sorted(fam[key] for key in expected)


def test_a_volunteer_lists_only_the_families_paired_with_them(office: tuple[Database, dict[str, str]]) -> None:
    db, fam = office
    with db.unit_of_work() as session:
        volunteer = Volunteer(name="志愿者甲")
        session.add(volunteer)
        session.flush()
        session.add(Pairing(volunteer_id=volunteer.id, family_id=fam["li"], starts_on=date(2026, 1, 1)))
        session.add(Pairing(volunteer_id=volunteer.id, family_id=fam["zhang"], starts_on=date(2025, 1, 1),
                            ends_on=date(2025, 12, 31)))  # fmt: skip
    assert _ids(db, FamilyFilter(), Actor("v", "volunteer", volunteer.id)) == [fam["li"]]
