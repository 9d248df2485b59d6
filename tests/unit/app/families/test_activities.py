"""Activities with the families that attended, and insurance policies per year: recorded, changed, removed, checked,
audited, and visible by role."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from app.accounts.users import Actor
from app.database import Database
from app.errors import AccessDenied, ValidationError
from app.families.activities import (
    ActivityInput,
    activity_input,
    create_activity,
    delete_activity,
    list_activities,
    update_activity,
)
from app.families.insurance import insurance_of, record_insurance, remove_insurance
from app.families.registry import FamilyInput, PersonInput, create_family
from db.models import ActivityAttendance, AuditLog, Pairing, Volunteer
from tests.helpers.database import ADMIN, CLERK, COUNTY, VOLUNTEER, new_database

TODAY = date(2026, 11, 23)


def _family(db: Database, name: str) -> str:
    data = FamilyInput(categories=["child_deceased"], village_code="440105001001",
                       people=[PersonInput("mother", name, "F", birth_date="1970-01-01")])  # fmt: skip
    with db.unit_of_work() as session:
        return create_family(session, ADMIN, data, today=TODAY)[0]


@pytest.fixture
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, list[str]]]:
    db = new_database(tmp_path_factory.mktemp("activities"))
    yield db, [_family(db, name) for name in ("甲母", "乙母", "丙母")]
    db.close()


def _attending(db: Database, activity_id: str) -> set[str | None]:
    with db.unit_of_work() as session:
        rows = session.scalars(
            select(ActivityAttendance.family_id).where(
                ActivityAttendance.activity_id == activity_id, ActivityAttendance.deleted.is_(False)
            )
        )
        return set(rows)


def test_an_activity_is_recorded_with_its_families_and_listed(office: tuple[Database, list[str]]) -> None:
    db, fam = office
    data = ActivityInput(date(2026, 6, 1), "group_activity", "  端午 座谈会 ", place="村委会", family_ids=fam[:2])
    with db.unit_of_work() as session:
        activity = create_activity(session, CLERK, data, today=TODAY)
    assert _attending(db, activity) == set(fam[:2])
    with db.unit_of_work() as session:
        (row,) = list_activities(session, COUNTY, year=2026)
        assert (row.title, row.place, row.families, row.participant_count) == ("端午 座谈会", "村委会", 2, 2)
        assert row.counts_for_five_ones
        assert list_activities(session, ADMIN, year=2025) == []
        assert [r.id for r in list_activities(session, ADMIN, family_id=fam[0])] == [activity]
        assert list_activities(session, ADMIN, family_id=fam[2]) == []
        audit = session.scalars(select(AuditLog).where(AuditLog.record_id == activity)).one()
        assert audit.tbl == "activity" and "端午" not in (audit.detail or "")


def test_changing_the_attendance_keeps_the_history_of_who_came(office: tuple[Database, list[str]]) -> None:
    db, fam = office
    with db.unit_of_work() as session:
        activity = create_activity(session, CLERK, ActivityInput(date(2026, 5, 29), "members_day", "5·29 活动日",
                                                                  family_ids=fam[:2]), today=TODAY)  # fmt: skip
    with db.unit_of_work() as session:
        data = activity_input(session, ADMIN, activity)
        data.family_ids = [fam[1], fam[2]]
        data.participant_count = 30
        update_activity(session, ADMIN, activity, data, today=TODAY)
    assert _attending(db, activity) == {fam[1], fam[2]}
    with db.unit_of_work() as session:
        assert activity_input(session, ADMIN, activity).participant_count == 30
        removed = session.scalars(
            select(ActivityAttendance).where(ActivityAttendance.family_id == fam[0])
        ).one()  # marked deleted, not erased: the sync log carries the change
        assert removed.deleted
        delete_activity(session, ADMIN, activity)
    assert _attending(db, activity) == set()
    with db.unit_of_work() as session:
        assert list_activities(session, ADMIN) == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"type": "party"}, "activity.type"),
        ({"title": "   "}, "activity.title"),
        ({"title": "长" * 101}, "activity.title"),
        ({"held_on": date(2026, 11, 24)}, "activity.future"),
        ({"hours": 25.0}, "activity.hours"),
        ({"participant_count": 1}, "activity.count"),
    ],
)
def test_bad_activities_are_refused_with_a_reason(
    office: tuple[Database, list[str]], change: dict[str, object], code: str
) -> None:
    db, fam = office
    values: dict[str, object] = {"held_on": date(2026, 6, 1), "type": "group_activity", "title": "座谈",
                                 "family_ids": fam[:2]}  # fmt: skip
    with pytest.raises(ValidationError) as caught, db.unit_of_work() as session:
        create_activity(session, CLERK, ActivityInput(**(values | change)), today=TODAY)  # type: ignore[arg-type]
    assert caught.value.code == code and caught.value.zh
    with db.unit_of_work() as session:
        assert list_activities(session, ADMIN) == []


def test_only_admins_and_clerks_record_and_volunteers_see_their_families_activities(
    office: tuple[Database, list[str]],
) -> None:
    db, fam = office
    for actor in (VOLUNTEER, COUNTY):
        with pytest.raises(AccessDenied), db.unit_of_work() as session:
            create_activity(session, actor, ActivityInput(date(2026, 6, 1), "training", "培训"), today=TODAY)
    with db.unit_of_work() as session:
        volunteer = Volunteer(name="志愿者甲")
        session.add(volunteer)
        session.flush()
        session.add(Pairing(volunteer_id=volunteer.id, family_id=fam[0], starts_on=date(2026, 1, 1)))
        ours = create_activity(session, CLERK, ActivityInput(date(2026, 6, 1), "group_activity", "座谈",
                                                             family_ids=fam[:2]), today=TODAY)  # fmt: skip
        create_activity(session, CLERK, ActivityInput(date(2026, 7, 1), "group_activity", "另一场",
                                                      family_ids=[fam[2]]), today=TODAY)  # fmt: skip
    paired = Actor("volunteer", "volunteer", volunteer.id)
    with db.unit_of_work() as session:
        assert [r.id for r in list_activities(session, paired)] == [ours]
        assert activity_input(session, paired, ours).family_ids == [fam[0]]  # not the other family at it


def test_insurance_per_year_is_recorded_once_and_removable(office: tuple[Database, list[str]]) -> None:
    db, fam = office
    with db.unit_of_work() as session:
        policy = record_insurance(session, CLERK, fam[0], 2026, "计生特殊家庭综合保险", insurer="人保",
                                  premium=120.0, today=TODAY)  # fmt: skip
        record_insurance(session, CLERK, fam[0], 2025, "计生特殊家庭综合保险", today=TODAY)
    for year, kind, code in ((2026, "计生特殊家庭综合保险", "insurance.duplicate"), (1999, "意外险", "insurance.year"),
                             (2028, "意外险", "insurance.year"), (2026, " ", "insurance.kind")):  # fmt: skip
        with pytest.raises(ValidationError) as caught, db.unit_of_work() as session:
            record_insurance(session, CLERK, fam[0], year, kind, today=TODAY)
        assert caught.value.code == code
    with pytest.raises(AccessDenied), db.unit_of_work() as session:
        record_insurance(session, COUNTY, fam[0], 2026, "意外险", today=TODAY)
    with db.unit_of_work() as session:
        assert [(p.year, p.insurer, p.premium) for p in insurance_of(session, COUNTY, fam[0])] == [
            (2026, "人保", 120.0), (2025, None, None),
        ]  # fmt: skip
        remove_insurance(session, ADMIN, policy)
        assert [p.year for p in insurance_of(session, ADMIN, fam[0])] == [2025]
