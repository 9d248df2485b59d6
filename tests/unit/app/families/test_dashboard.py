"""The dashboard's data: coverage, overdue counts per village and visits per month, each equal to the list its bar
opens, on an office whose every number is worked out beside the data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from app.accounts.users import Actor
from app.database import Database
from app.errors import ValidationError
from app.families import dashboard
from app.families.five_ones import coverage
from app.families.labels import NO_VILLAGE_CODE
from app.families.registry import FamilyInput, PersonInput, create_family
from app.families.visits import VisitInput, Visitor, correct_visit, log_visit
from db.models import (
    Activity,
    ActivityAttendance,
    FamilyInsurance,
    Pairing,
    Region,
    SpecialFamily,
    Visit,
    Volunteer,
)
from db.models.families import VISIT_KINDS
from tests.helpers.database import ADMIN, CLERK, COUNTY, new_database

V1, V2 = "440105001001", "440105001002"  # the site's own village (城关村计生协) and 新华村
TODAY = date(2026, 11, 23)
YEAR = 2026


@dataclass(frozen=True)
class Office:
    db: Database
    a: str  # V1, 李秀英、张建国: all five items; called on 10 November, with a follow-up due today
    b: str  # V1, 王桂兰: a condolence visit with an overdue follow-up, an open emergency on 1 October due today
    c: str  # V2, 赵大勇: two items, one of them corrected; called on 20 November with a follow-up not yet due
    n: str  # no village recorded, 孙丽: never visited
    closed: str  # V2, closed on 1 March 2026, with an overdue follow-up from before
    gone: str  # V1, deleted, with a visit in April


def _family(db: Database, village: str | None, *people: tuple[str, str]) -> str:
    persons = [PersonInput(role, name, "F" if role == "mother" else "M", birth_date="1962-05-01")
               for role, name in people]  # fmt: skip
    persons.append(PersonInput("child", "孩子", "M", birth_date="1990-01-01", deceased_on="2018-01-01"))
    with db.unit_of_work() as session:
        data = FamilyInput(categories=["child_deceased"], village_code=village, people=persons)
        return create_family(session, ADMIN, data, today=TODAY)[0]


def _visit(db: Database, family: str, kind: str, on: date, actor: Actor = CLERK, **more: object) -> str:
    with db.unit_of_work(actor.username) as session:
        return log_visit(session, actor, VisitInput(family, kind, on, **more), today=TODAY)  # type: ignore[arg-type]


@pytest.fixture
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    db = new_database(tmp_path_factory.mktemp("dashboard"))
    with db.unit_of_work() as session:
        session.add(Region(code=V2, name="新华村", level="village", parent_code=None))
    a = _family(db, V1, ("mother", "李秀英"), ("father", "张建国"))
    b = _family(db, V1, ("mother", "王桂兰"))
    c = _family(db, V2, ("father", "赵大勇"))
    n = _family(db, None, ("mother", "孙丽"))
    closed = _family(db, V2, ("mother", "周小芳"))
    gone = _family(db, V1, ("mother", "吴美英"))
    _visit(db, a, "holiday_visit", date(2025, 12, 31))  # the year before
    _visit(db, a, "condolence_visit", date(2026, 1, 5))
    _visit(db, a, "volunteer_home_service", date(2026, 3, 10))
    _visit(db, a, "psych_support", date(2026, 3, 20))
    _visit(db, a, "phone_call", date(2026, 11, 10), followup_action="回电", followup_due=TODAY)  # due, not overdue
    dropped = _visit(db, a, "other", date(2026, 7, 7))
    _visit(db, b, "condolence_visit", date(2026, 3, 15), followup_action="送药上门", followup_due=date(2026, 11, 1))
    _visit(db, b, "emergency", date(2026, 10, 1), followup_action="联系医院", followup_due=TODAY)
    _visit(db, c, "condolence_visit", date(2026, 5, 5), followup_action="修缮房屋", followup_due=date(2026, 6, 1),
           followup_done=True)  # fmt: skip
    wrong = _visit(db, c, "volunteer_home_service", date(2026, 5, 10))
    _visit(db, c, "phone_call", date(2026, 11, 20), followup_action="回访", followup_due=date(2026, 11, 30))
    _visit(db, closed, "condolence_visit", date(2026, 2, 10), followup_action="送米面", followup_due=date(2026, 2, 20))
    _visit(db, gone, "condolence_visit", date(2026, 4, 1))
    with db.unit_of_work() as session:
        correct_visit(session, CLERK, wrong, VisitInput(c, "volunteer_home_service", date(2026, 5, 12)), today=TODAY)
        session.get_one(Visit, dropped).deleted = True
        gathering = Activity(held_on=date(2026, 6, 1), type="group_activity", title="端午座谈")
        session.add(gathering)
        session.flush()
        session.add(ActivityAttendance(activity_id=gathering.id, family_id=a))
        session.add(FamilyInsurance(family_id=a, year=YEAR, kind="意外险"))
        session.get_one(SpecialFamily, closed).closed_on = date(2026, 3, 1)
        session.get_one(SpecialFamily, gone).deleted = True
    yield Office(db, a, b, c, n, closed, gone)
    db.close()


def test_the_page_shows_coverage_overdue_counts_per_village_and_visits_per_month(office: Office) -> None:
    with office.db.unit_of_work() as session:
        data = dashboard.dashboard_data(session, ADMIN, YEAR, TODAY)
        checked = coverage(session, ADMIN, YEAR)
        per_village = {code: coverage(session, ADMIN, YEAR, village_code=code) for code in (V1, V2, NO_VILLAGE_CODE)}
    # a, b, c and n: the closed family (closed in March) and the deleted one are not on this year's checklist.
    assert (data.coverage.families, data.coverage.complete) == (4, 1)
    assert data.coverage.met == {"condolence_visit": 3, "volunteer_home_service": 2, "group_activity": 1,
                                 "psych_support": 1, "insurance": 1}  # fmt: skip
    assert data.coverage == checked
    assert data.coverage.percent(data.coverage.met["condolence_visit"]) == 75.0
    assert (data.missing, data.not_contacted, data.followups_overdue, data.emergencies) == (3, 2, 1, 1)
    rows = {(v.village_code, v.village): (v.coverage.families, v.missing, v.not_contacted, v.followups_overdue,
                                          v.emergencies) for v in data.villages}  # fmt: skip
    assert rows == {
        (V1, "城关村计生协"): (2, 1, 1, 1, 1),  # b: items missing, not seen since 1 October, follow-up, emergency
        (V2, "新华村"): (1, 1, 0, 0, 0),  # c; the closed family's overdue follow-up no longer counts
        (NO_VILLAGE_CODE, "（未填写村居）"): (1, 1, 1, 0, 0),  # n
    }
    assert [v.village_code for v in data.villages] == [V1, V2, NO_VILLAGE_CODE]  # the families with no village last
    assert {v.village_code: v.coverage for v in data.villages} == per_village  # the checklist's, village by village
    assert [m.month for m in data.months] == list(range(1, 13))
    # January a; February the closed family (then still open); March a twice and b; May c twice (the correction
    # once); October b's emergency; November two calls. April's visit was to a deleted family, July's deleted.
    assert [m.visits for m in data.months] == [1, 1, 3, 0, 2, 0, 0, 0, 0, 1, 2, 0]
    assert data.months[4].by_kind == dict.fromkeys(VISIT_KINDS, 0) | {"condolence_visit": 1,
                                                                       "volunteer_home_service": 1}  # fmt: skip
    assert data.months[5].by_kind == dict.fromkeys(VISIT_KINDS, 0)  # no visits in June: every kind shown as 0


def test_every_bar_opens_a_list_of_as_many_lines(office: Office) -> None:
    with office.db.unit_of_work() as session:
        data = dashboard.dashboard_data(session, ADMIN, YEAR, TODAY)
        for bar in data.villages:
            code = bar.village_code
            assert len(dashboard.families_missing(session, ADMIN, YEAR, village_code=code)) == bar.missing
            assert len(dashboard.families_not_contacted(session, ADMIN, today=TODAY, village_code=code)) == (
                bar.not_contacted
            )
            assert len(dashboard.overdue_followups(session, ADMIN, today=TODAY, village_code=code)) == (
                bar.followups_overdue
            )
            assert len(dashboard.open_emergencies(session, ADMIN, today=TODAY, village_code=code)) == bar.emergencies
            for item, met in bar.coverage.met.items():
                missing = dashboard.families_missing(session, ADMIN, YEAR, item, village_code=code)
                assert len(missing) == bar.coverage.families - met
        for month in data.months:
            assert len(dashboard.visits_in_month(session, ADMIN, YEAR, month.month, today=TODAY)) == month.visits
            for kind, count in month.by_kind.items():
                assert len(dashboard.visits_in_month(session, ADMIN, YEAR, month.month, kind=kind)) == count


def test_the_lists_name_the_families_as_every_list_does(office: Office) -> None:
    with office.db.unit_of_work() as session:
        missing = dashboard.families_missing(session, ADMIN, YEAR)
        insurance = dashboard.families_missing(session, ADMIN, YEAR, "insurance", village_code=V1)
        quiet = dashboard.families_not_contacted(session, ADMIN, today=TODAY)
        overdue = dashboard.overdue_followups(session, ADMIN, today=TODAY)
        urgent = dashboard.open_emergencies(session, ADMIN, today=TODAY)
        january = dashboard.visits_in_month(session, ADMIN, YEAR, 1, today=TODAY)
        may = dashboard.visits_in_month(session, ADMIN, YEAR, 5, kind="volunteer_home_service", today=TODAY)
    assert [(f.name, f.village, f.missing) for f in missing] == [
        ("王桂兰", "城关村计生协", ("volunteer_home_service", "group_activity", "psych_support", "insurance")),
        ("赵大勇", "新华村", ("group_activity", "psych_support", "insurance")),
        ("孙丽", "（未填写村居）", ("condolence_visit", "volunteer_home_service", "group_activity", "psych_support",
                                   "insurance")),
    ]  # fmt: skip
    assert [f.family_id for f in insurance] == [office.b]
    assert [(f.family_id, f.last_contact) for f in quiet] == [(office.n, None), (office.b, date(2026, 10, 1))]
    assert [(v.name, v.kind, v.action, v.due, v.overdue) for v in overdue] == [
        ("王桂兰", "condolence_visit", "送药上门", date(2026, 11, 1), True)
    ]
    assert [(v.family_id, v.kind, v.action, v.overdue) for v in urgent] == [(office.b, "emergency", "联系医院", False)]
    assert [v.family_id for v in overdue + urgent] == [office.b, office.b]  # a's follow-up due today is not late
    assert [(v.name, v.village_code, v.visited_on) for v in january] == [("李秀英、张建国", V1, date(2026, 1, 5))]
    assert [(v.family_id, v.visited_on) for v in may] == [(office.c, date(2026, 5, 12))]  # the correction only


def test_a_past_year_counts_its_own_families_and_today_s_work(office: Office) -> None:
    with office.db.unit_of_work() as session:
        data = dashboard.dashboard_data(session, ADMIN, 2025, TODAY, days=60)
        closed_last_year = dashboard.families_missing(session, ADMIN, 2025, village_code=V2)
    # The family closed in March 2026 was open all of 2025: it is on that year's checklist, with nothing met.
    assert (data.coverage.families, data.coverage.complete, data.missing) == (5, 0, 5)
    assert {f.family_id for f in closed_last_year} == {office.c, office.closed}
    # What needs doing is as of today: b was seen within 60 days, n never; the closed family is not waited for.
    assert (data.not_contacted, data.followups_overdue, data.emergencies) == (1, 1, 1)
    assert [m.visits for m in data.months] == [0] * 11 + [1]  # a's holiday visit on 31 December 2025


def test_a_volunteer_counts_their_paired_families_and_their_own_visits(office: Office) -> None:
    with office.db.unit_of_work() as session:
        helper = Volunteer(name="钱志愿", name_pinyin="qianzhiyuan")
        session.add(helper)
        session.flush()
        session.add(Pairing(family_id=office.b, volunteer_id=helper.id, starts_on=date(2026, 1, 1)))
    volunteer = Actor("qian", "volunteer", helper.id)
    _visit(office.db, office.b, "phone_call", date(2026, 8, 8), volunteer)  # logged by the volunteer
    _visit(office.db, office.b, "volunteer_home_service", date(2026, 9, 9), visitors=[Visitor(volunteer_id=helper.id)])
    _visit(office.db, office.a, "phone_call", date(2026, 9, 10), visitors=[Visitor(volunteer_id=helper.id)])
    with office.db.unit_of_work() as session:
        data = dashboard.dashboard_data(session, volunteer, YEAR, TODAY)
        everyone = dashboard.dashboard_data(session, ADMIN, YEAR, TODAY)
        september = dashboard.visits_in_month(session, volunteer, YEAR, 9)
        others = dashboard.families_missing(session, volunteer, YEAR, village_code=V2)
    assert (data.coverage.families, data.coverage.met["volunteer_home_service"]) == (1, 1)
    assert [v.village_code for v in data.villages] == [V1]
    assert (data.not_contacted, data.followups_overdue, data.emergencies) == (1, 1, 1)
    # Only the visits they logged or went on, to the family they are paired with (not a's, though they went).
    assert [m.visits for m in data.months] == [0] * 7 + [1, 1, 0, 0, 0]
    assert [(v.family_id, v.visited_on) for v in september] == [(office.b, date(2026, 9, 9))]
    assert others == []
    assert [m.visits for m in everyone.months][7:9] == [1, 2]


def test_county_staff_read_the_page_and_bad_requests_are_refused(office: Office) -> None:
    with office.db.unit_of_work() as session:
        assert dashboard.dashboard_data(session, COUNTY, YEAR, TODAY).coverage.families == 4
        one_village = dashboard.dashboard_data(session, ADMIN, YEAR, TODAY, village_code=V2)
        assert [v.village_code for v in one_village.villages] == [V2]
        assert [m.visits for m in one_village.months] == [0, 1, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0]
        no_village = dashboard.dashboard_data(session, ADMIN, YEAR, TODAY, village_code=NO_VILLAGE_CODE)
        assert (no_village.coverage.families, no_village.not_contacted) == (1, 1)
        with pytest.raises(ValidationError):
            dashboard.dashboard_data(session, ADMIN, YEAR, TODAY, days=0)
        with pytest.raises(ValidationError, match="年度"):
            dashboard.dashboard_data(session, ADMIN, YEAR + 1, TODAY)
        with pytest.raises(ValueError, match="unknown item"):
            dashboard.families_missing(session, ADMIN, YEAR, "party")
        with pytest.raises(ValueError, match="month"):
            dashboard.visits_in_month(session, ADMIN, YEAR, 13)
        with pytest.raises(ValueError, match="kind"):
            dashboard.visits_in_month(session, ADMIN, YEAR, 1, kind="party")
        december = dashboard.visits_in_month(session, ADMIN, 2025, 12, today=TODAY - timedelta(days=365))
        assert [v.kind for v in december] == ["holiday_visit"]
