"""Special families: each role sees what design.md allows, changes are audited and warn without consent, and an
admin can give a person their full copy or anonymise a family whose purpose ended."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.accounts.users import Actor
from app.database import Database
from app.demo import build_demo
from app.errors import AccessDenied, ValidationError
from app.families.access import (
    ANONYMOUS,
    MASK,
    anonymise_family,
    export_personal_copy,
    record_consent,
    update_family,
    view_family,
    visible_family_ids,
    visits_of,
)
from db.models import AuditLog, FamilyPerson, Pairing, SpecialFamily, Visit, VisitVisitor
from tests.helpers.database import ADMIN, CLERK, COUNTY, VOLUNTEER

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    from tests.helpers.database import new_database

    db = new_database(tmp_path_factory.mktemp("families"), setup=None)
    build_demo(db, members=1500, seed=11, today=date.today())
    yield db
    db.close()


def _paired(db: Database) -> tuple[Actor, str, set[str]]:
    """A volunteer account linked to a volunteer with a current pairing: (actor, one of its families, all of them)."""
    with db.unit_of_work() as session:
        pairing = session.scalars(
            select(Pairing).where(Pairing.volunteer_id.is_not(None), Pairing.ends_on.is_(None))
        ).first()
        assert pairing is not None and pairing.volunteer_id is not None
        families = set(session.scalars(select(Pairing.family_id).where(Pairing.volunteer_id == pairing.volunteer_id,
                                                                        Pairing.ends_on.is_(None))))  # fmt: skip
        return Actor("helper", "volunteer", pairing.volunteer_id), pairing.family_id, families


def _all_families(db: Database) -> list[str]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(SpecialFamily.id).where(SpecialFamily.deleted.is_(False))))


def test_volunteers_see_only_the_families_they_are_paired_with(office: Database) -> None:
    volunteer, family_id, paired = _paired(office)
    everyone = _all_families(office)
    assert len(everyone) > len(paired) >= 1
    with office.unit_of_work() as session:
        assert set(visible_family_ids(session, volunteer)) == paired
        assert set(visible_family_ids(session, CLERK)) == set(everyone) == set(visible_family_ids(session, COUNTY))
        other = next(f for f in everyone if f not in paired)
        with pytest.raises(AccessDenied, match="只能查看与自己结对的家庭"):
            view_family(session, volunteer, other)
        with pytest.raises(AccessDenied):
            visits_of(session, volunteer, other)
        assert view_family(session, volunteer, family_id).id == family_id
        # A volunteer account not linked to any volunteer sees nobody.
        assert visible_family_ids(session, VOLUNTEER) == []


def test_a_volunteer_sees_only_their_own_visits(office: Database) -> None:
    volunteer, family_id, _paired_ids = _paired(office)
    with office.unit_of_work() as session:
        every = visits_of(session, ADMIN, family_id)
        own = visits_of(session, volunteer, family_id)
        went = set(
            session.scalars(select(VisitVisitor.visit_id).where(VisitVisitor.volunteer_id == volunteer.volunteer_id))
        )
    assert {v["id"] for v in own} == {v["id"] for v in every if v["id"] in went or v["recorded_by"] == "helper"}
    assert len(own) <= len(every)


def test_clerks_and_volunteers_see_health_and_bereavement_masked_admins_and_county_in_full(office: Database) -> None:
    volunteer, family_id, _paired_ids = _paired(office)
    with office.unit_of_work() as session:
        people = session.scalars(select(FamilyPerson).where(FamilyPerson.family_id == family_id)).all()
        truth = {p.id: p for p in people}
        for actor in (CLERK, volunteer):
            view = view_family(session, actor, family_id)
            for person in view.people:
                for key in ("health", "deceased_on", "disabled_on", "disability_grade"):
                    assert person[key] in (None, MASK), (actor.role, key)
                if truth[person["id"]].id_number:
                    assert person["id_number"] != truth[person["id"]].id_number and "*" in person["id_number"]
        for actor in (ADMIN, COUNTY):
            view = view_family(session, actor, family_id)
            assert {p["id"]: p["health"] for p in view.people} == {p.id: p.health for p in people}
            assert all(p["id_number"] is None or "*" in p["id_number"] for p in view.people)  # still masked


def test_revealing_a_family_needs_a_permitted_role_and_a_reason_and_is_audited(office: Database) -> None:
    _volunteer, family_id, _paired_ids = _paired(office)
    with office.unit_of_work() as session:
        with pytest.raises(AccessDenied):
            view_family(session, CLERK, family_id, reveal_reason="核对")
        view = view_family(session, COUNTY, family_id, reveal_reason="上报核对")
        ids = {
            p.id: p.id_number for p in session.scalars(select(FamilyPerson).where(FamilyPerson.family_id == family_id))
        }
        assert {p["id"]: p["id_number"] for p in view.people} == ids
        row = session.scalars(select(AuditLog).where(AuditLog.action == "reveal").order_by(AuditLog.seq.desc())).first()
        assert row is not None and (row.username, row.record_id) == ("county", family_id)
        assert "上报核对" in (row.detail or "") and not any(i and i in (row.detail or "") for i in ids.values())


def test_only_admins_and_clerks_change_a_family_and_every_change_is_audited_with_a_consent_warning(
    office: Database,
) -> None:
    family_id = _all_families(office)[0]
    with office.unit_of_work() as session:
        session.get_one(SpecialFamily, family_id).consent_on = None
    for actor in (COUNTY, _paired(office)[0]):
        with office.unit_of_work() as session, pytest.raises(AccessDenied):
            update_family(session, actor, family_id, {"needs": "心理疏导"})
    with office.unit_of_work() as session:
        warnings = update_family(session, CLERK, family_id, {"needs": "心理疏导"})
    assert warnings and "还没有登记单独同意" in warnings[0]
    with office.unit_of_work() as session:
        record_consent(session, CLERK, family_id, date(2026, 3, 1), "走访记录与帮扶信息", "王某某")
        assert update_family(session, CLERK, family_id, {"needs": "定期电话问候"}) == []
        rows = session.scalars(
            select(AuditLog).where(
                AuditLog.tbl == "special_family", AuditLog.record_id == family_id, AuditLog.action == "record_change"
            )
        ).all()
    assert len(rows) == 3 and all("定期电话问候" not in (r.detail or "") for r in rows)
    assert '"needs"' in (rows[0].detail or "")
    with office.unit_of_work() as session, pytest.raises(ValidationError, match="范围和签字人"):
        record_consent(session, CLERK, family_id, date(2026, 3, 1), " ", "王某某")


def test_a_record_imported_from_another_office_is_read_only(office: Database) -> None:
    family_id = _all_families(office)[1]
    with office.unit_of_work() as session:
        session.execute(
            SpecialFamily.__table__.update().where(SpecialFamily.id == family_id).values(owner_site="another")
        )
    with office.unit_of_work() as session, pytest.raises(AccessDenied, match="其他单位导入"):
        update_family(session, ADMIN, family_id, {"needs": "x"})


def test_an_admin_hands_a_person_the_full_copy_of_their_familys_data(office: Database, tmp_path: Path) -> None:
    _volunteer, family_id, _paired_ids = _paired(office)
    out = tmp_path / "本人信息副本.xlsx"
    with office.unit_of_work() as session:
        with pytest.raises(AccessDenied):
            export_personal_copy(session, CLERK, family_id, out, "本人申请")
        rows = export_personal_copy(session, ADMIN, family_id, out, "本人申请查阅")
        people = session.scalars(select(FamilyPerson).where(FamilyPerson.family_id == family_id)).all()
        visits = session.scalar(select(func.count()).select_from(Visit).where(Visit.family_id == family_id))
    book = load_workbook(out)
    assert book.sheetnames == ["家庭", "家庭成员", "保险", "走访记录"]
    members_sheet = book["家庭成员"]
    header = [c.value for c in members_sheet[1]]
    names = {row[header.index("name")] for row in members_sheet.iter_rows(min_row=2, values_only=True)}
    id_numbers = {row[header.index("id_number")] for row in members_sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {p.name for p in people} and id_numbers == {p.id_number for p in people}  # in full
    assert book["走访记录"].max_row - 1 == visits or (visits == 0 and book["走访记录"]["A1"].value == "（无）")
    assert rows >= len(people) + 1
    with office.unit_of_work() as session:
        row = session.scalars(select(AuditLog).where(AuditLog.action == "access_copy")).one()
    assert "本人申请查阅" in (row.detail or "")


def test_anonymising_keeps_the_counts_and_removes_who_they_were(office: Database) -> None:
    family_id = _all_families(office)[2]  # not the one made foreign above
    with office.unit_of_work() as session:
        visits_before = session.scalar(select(func.count()).select_from(Visit).where(Visit.family_id == family_id))
        categories = session.get_one(SpecialFamily, family_id).categories
        with pytest.raises(AccessDenied):
            anonymise_family(session, CLERK, family_id, "帮扶关系终止")
        with pytest.raises(ValidationError, match="原因"):
            anonymise_family(session, ADMIN, family_id, " ")
    with office.unit_of_work() as session:
        anonymise_family(session, ADMIN, family_id, "家庭迁出本县，帮扶目的已实现", today=TODAY)
    with office.unit_of_work() as session:
        family = session.get_one(SpecialFamily, family_id)
        people = session.scalars(select(FamilyPerson).where(FamilyPerson.family_id == family_id)).all()
        visits = session.scalars(select(Visit).where(Visit.family_id == family_id)).all()
        assert family.anonymised_on == TODAY and family.categories == categories and family.address is None
        assert people and all(p.name == ANONYMOUS and p.id_number is None and p.phone is None for p in people)
        assert all(p.birth_date is None and p.health is None for p in people)
        assert len(visits) == visits_before and all(v.content is None for v in visits)
        assert session.scalars(select(AuditLog).where(AuditLog.action == "anonymise")).one().record_id == family_id
        with pytest.raises(ValidationError, match="已经匿名化"):
            anonymise_family(session, ADMIN, family_id, "再次")
