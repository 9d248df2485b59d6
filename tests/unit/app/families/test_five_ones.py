"""Visits (logged, corrected by a new visit) and the yearly 五个一 checklist computed from them, on hand-built data
with known answers: year boundaries, a leap day, an activity counting for several families (and an activity that
does not count), a corrected visit counted once (and a correction of a correction), families closed during and
after the year, coverage percentages, a village's and a volunteer's scope, follow-ups and emergencies."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.accounts.users import Actor
from app.database import Database
from app.errors import AccessDenied, ValidationError
from app.families.five_ones import ITEMS, Coverage, checklist, coverage, not_contacted, open_followups
from app.families.registry import FamilyInput, PersonInput, create_family
from app.families.visits import VisitInput, Visitor, correct_visit, current_visit_query, log_visit
from db.models import Activity, ActivityAttendance, FamilyInsurance, Pairing, SpecialFamily, Visit, Volunteer
from tests.helpers.database import ADMIN, CLERK, COUNTY, new_database

V1, V2 = "440105001001", "440105001002"
TODAY = date(2026, 11, 23)


def _family(db: Database, village: str, name: str) -> str:
    data = FamilyInput(
        categories=["child_deceased"], village_code=village,
        people=[PersonInput("mother", name, "F", birth_date="1970-01-01"),
                PersonInput("child", name + "子", "M", birth_date="1995-01-01", deceased_on="2019-01-01")],
    )  # fmt: skip
    with db.unit_of_work() as session:
        return create_family(session, ADMIN, data, today=TODAY)[0]


def _visit(db: Database, family: str, kind: str, on: date, actor: Actor = CLERK, **more: object) -> str:
    with db.unit_of_work(actor.username) as session:
        return log_visit(session, actor, VisitInput(family, kind, on, **more), today=TODAY)  # type: ignore[arg-type]


@pytest.fixture
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, str]]]:
    db = new_database(tmp_path_factory.mktemp("five"))
    fam = {"a": _family(db, V1, "甲母"), "b": _family(db, V1, "乙母"), "c": _family(db, V2, "丙母"),
           "closed": _family(db, V2, "丁母")}  # fmt: skip
    _visit(db, fam["a"], "condolence_visit", date(2024, 12, 31))  # last year: not counted for 2025
    _visit(db, fam["a"], "condolence_visit", date(2025, 1, 1))
    _visit(db, fam["a"], "volunteer_home_service", date(2025, 12, 31))
    _visit(db, fam["a"], "volunteer_home_service", date(2026, 1, 1))  # next year
    wrong = _visit(db, fam["b"], "condolence_visit", date(2025, 3, 1))
    with db.unit_of_work() as session:  # it was really a psychological support session: corrected
        correct_visit(session, CLERK, wrong, VisitInput(fam["b"], "psych_support", date(2025, 3, 1)), today=TODAY)
    _visit(db, fam["c"], "psych_support", date(2024, 2, 29))  # a leap day, for 2024
    _visit(db, fam["closed"], "condolence_visit", date(2025, 5, 1))
    with db.unit_of_work() as session:
        activity = Activity(held_on=date(2025, 6, 1), type="group_activity", title="端午座谈", participant_count=2)
        session.add(activity)
        session.flush()
        session.add_all([ActivityAttendance(activity_id=activity.id, family_id=fam["a"]),
                         ActivityAttendance(activity_id=activity.id, family_id=fam["b"])])  # fmt: skip
        session.add_all([FamilyInsurance(family_id=fam["a"], year=2025, kind="意外险"),
                         FamilyInsurance(family_id=fam["b"], year=2024, kind="意外险")])  # fmt: skip
        session.get_one(SpecialFamily, fam["closed"]).closed_on = date(2025, 9, 1)
    yield db, fam
    db.close()


def test_each_familys_items_are_dated_within_the_year(office: tuple[Database, dict[str, str]]) -> None:
    db, fam = office
    with db.unit_of_work() as session:
        rows = {r.family_id: r for r in checklist(session, ADMIN, 2025)}
    assert set(rows) == {fam["a"], fam["b"], fam["c"]}  # the family closed in 2025 is left out
    assert rows[fam["a"]].met == {
        "condolence_visit": date(2025, 1, 1), "volunteer_home_service": date(2025, 12, 31),
        "group_activity": date(2025, 6, 1), "psych_support": None, "insurance": date(2025, 1, 1),
    }  # fmt: skip
    # The corrected visit counts as what it was corrected to, once.
    assert rows[fam["b"]].met["condolence_visit"] is None and rows[fam["b"]].met["psych_support"] == date(2025, 3, 1)
    assert rows[fam["b"]].met["group_activity"] == date(2025, 6, 1)  # the same activity counts for both families
    assert rows[fam["b"]].met["insurance"] is None  # insured for 2024 only
    assert rows[fam["c"]].missing == list(ITEMS)
    with db.unit_of_work() as session:
        leap = {r.family_id: r for r in checklist(session, ADMIN, 2024)}
    assert leap[fam["c"]].met["psych_support"] == date(2024, 2, 29)
    assert leap[fam["a"]].met["condolence_visit"] == date(2024, 12, 31)


def test_coverage_counts_and_percentages_agree_with_the_checklist(office: tuple[Database, dict[str, str]]) -> None:
    db, _fam = office
    with db.unit_of_work() as session:
        result = coverage(session, ADMIN, 2025)
        rows = checklist(session, ADMIN, 2025)
        village = coverage(session, ADMIN, 2025, village_code=V1)
    assert result.families == 3
    assert result.met == {"condolence_visit": 1, "volunteer_home_service": 1, "group_activity": 2,
                          "psych_support": 1, "insurance": 1}  # fmt: skip
    assert result.met == {item: sum(r.met[item] is not None for r in rows) for item in ITEMS}
    assert result.complete == 0 and result.percent(result.met["group_activity"]) == 66.7
    assert (village.families, village.met["group_activity"]) == (2, 2)


def test_a_volunteer_sees_the_checklist_of_their_paired_families_only(office: tuple[Database, dict[str, str]]) -> None:
    db, fam = office
    with db.unit_of_work() as session:
        helper = Volunteer(name="赵志愿", name_pinyin="zhaozhiyuan")
        session.add(helper)
        session.flush()
        session.add(Pairing(family_id=fam["a"], volunteer_id=helper.id, starts_on=date(2025, 1, 1)))
    volunteer = Actor("zhao", "volunteer", helper.id)
    with db.unit_of_work() as session:
        assert [r.family_id for r in checklist(session, volunteer, 2025)] == [fam["a"]]
        assert coverage(session, volunteer, 2025).families == 1
    now = date.today()  # "the same day" is the day the visit row was written: the real one
    with db.unit_of_work() as session:
        visit = log_visit(session, volunteer, VisitInput(fam["a"], "phone_call", now), today=now)
        with pytest.raises(AccessDenied):
            log_visit(session, volunteer, VisitInput(fam["b"], "phone_call", now), today=now)
    clerks = _visit(db, fam["a"], "phone_call", TODAY)
    with db.unit_of_work() as session:
        newer = correct_visit(session, volunteer, visit, VisitInput(fam["a"], "holiday_visit", now), today=now)
        with pytest.raises(AccessDenied, match="当天"):  # their own visit, but not on the day it was logged
            correct_visit(session, volunteer, newer, VisitInput(fam["a"], "holiday_visit", now),
                          today=now + timedelta(days=1))  # fmt: skip
        with pytest.raises(AccessDenied, match="当天"):  # and never someone else's
            correct_visit(session, volunteer, clerks, VisitInput(fam["a"], "other", now), today=now)


def test_a_visit_can_be_corrected_only_once_and_counts_read_the_newest(office: tuple[Database, dict[str, str]]) -> None:
    db, fam = office
    first = _visit(db, fam["c"], "condolence_visit", date(2026, 10, 1))
    with db.unit_of_work() as session:
        second = correct_visit(session, CLERK, first, VisitInput(fam["c"], "condolence_visit", date(2026, 10, 2)),
                               today=TODAY)  # fmt: skip
        with pytest.raises(ValidationError, match="已被更正"):
            correct_visit(session, CLERK, first, VisitInput(fam["c"], "other", date(2026, 10, 3)), today=TODAY)
        ids = {v.id for v in session.scalars(current_visit_query())}
    assert second in ids and first not in ids


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "party"}, "未知的走访类型"),
        ({"visited_on": TODAY + timedelta(days=1)}, "不能晚于今天"),
        ({"hours": 30.0}, "服务时长"),
        ({"five_cares": ["joy"]}, "五关爱"),
        ({"kind": "emergency"}, "应急探视请写明后续跟进事项"),
        ({"followup_due": TODAY}, "跟进事项"),
    ],
)
def test_a_bad_visit_is_refused_with_the_reason(
    office: tuple[Database, dict[str, str]], changes: dict[str, object], message: str
) -> None:
    db, fam = office
    values: dict[str, object] = {"family_id": fam["a"], "kind": "phone_call", "visited_on": TODAY} | changes
    with db.unit_of_work() as session, pytest.raises(ValidationError, match=message):
        log_visit(session, CLERK, VisitInput(**values), today=TODAY)  # type: ignore[arg-type]


def test_county_staff_do_not_log_visits(office: tuple[Database, dict[str, str]]) -> None:
    db, fam = office
    with db.unit_of_work() as session, pytest.raises(AccessDenied):
        log_visit(session, COUNTY, VisitInput(fam["a"], "phone_call", TODAY), today=TODAY)


def test_what_needs_doing_families_not_contacted_followups_and_emergencies(
    office: tuple[Database, dict[str, str]],
) -> None:
    db, fam = office
    _visit(db, fam["a"], "phone_call", TODAY - timedelta(days=3), visitors=[Visitor(name="村干部赵某")],
           followup_action="送米面油", followup_owner="赵某", followup_due=TODAY - timedelta(days=1))  # fmt: skip
    _visit(db, fam["b"], "emergency", TODAY - timedelta(days=40), followup_action="联系医院")
    _visit(db, fam["b"], "holiday_visit", TODAY - timedelta(days=35), followup_action="已办", followup_done=True)
    with db.unit_of_work() as session:
        quiet = not_contacted(session, ADMIN, today=TODAY, days=30)
        due = open_followups(session, ADMIN, today=TODAY)
        emergencies = open_followups(session, ADMIN, today=TODAY, emergencies_only=True)
    assert [f for f, _last in quiet] == [fam["c"], fam["b"]]  # c: last seen 2024; b: 35 days ago; a: 3 days ago
    assert dict(quiet)[fam["b"]] == TODAY - timedelta(days=35)
    assert [(f.family_id, f.action, f.overdue) for f in due] == [
        (fam["a"], "送米面油", True),
        (fam["b"], "联系医院", False),
    ]
    assert [(e.family_id, e.kind) for e in emergencies] == [(fam["b"], "emergency")]
    with db.unit_of_work() as session:
        assert len(session.scalars(select(Activity)).all()) == 1


# --- edge cases: one office whose every date sits on a boundary ---------------------------------------------------


@pytest.fixture
def edges(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, str]]]:
    """Five families, 2024-2026: what each item's date must be in each year is written beside the data."""
    db = new_database(tmp_path_factory.mktemp("edges"))
    fam = {"leap": _family(db, V1, "甲母"), "fix": _family(db, V1, "乙母"), "other": _family(db, V2, "丙母"),
           "closed_in": _family(db, V2, "丁母"), "closed_after": _family(db, V2, "戊母")}  # fmt: skip
    _visit(db, fam["leap"], "psych_support", date(2024, 2, 29))
    _visit(db, fam["leap"], "condolence_visit", date(2024, 12, 31))
    _visit(db, fam["leap"], "condolence_visit", date(2025, 1, 1))
    _visit(db, fam["leap"], "psych_support", date(2025, 7, 15))
    _visit(db, fam["leap"], "volunteer_home_service", date(2025, 12, 31))
    _visit(db, fam["leap"], "volunteer_home_service", date(2026, 1, 1))
    _visit(db, fam["closed_in"], "condolence_visit", date(2024, 6, 1))
    _visit(db, fam["closed_in"], "condolence_visit", date(2025, 6, 1))
    _visit(db, fam["fix"], "group_activity", date(2025, 2, 1))  # earlier than the activity it also attended
    first = _visit(db, fam["fix"], "condolence_visit", date(2025, 3, 1))
    with db.unit_of_work() as session:  # corrected, and the correction corrected again: only the last counts
        second = correct_visit(session, CLERK, first, VisitInput(fam["fix"], "condolence_visit", date(2025, 3, 5)),
                               today=TODAY)  # fmt: skip
        correct_visit(session, CLERK, second, VisitInput(fam["fix"], "psych_support", date(2025, 3, 9)), today=TODAY)
    early = _visit(db, fam["fix"], "volunteer_home_service", date(2025, 4, 1))
    with db.unit_of_work() as session:  # a correction deleted again: the visit it replaced counts once more
        redo = VisitInput(fam["fix"], "volunteer_home_service", date(2025, 4, 2))
        undone = correct_visit(session, CLERK, early, redo, today=TODAY)
        session.get_one(Visit, undone).deleted = True
    with db.unit_of_work() as session:
        held = {day: Activity(held_on=day, type=kind, title=kind) for day, kind in (
            (date(2025, 3, 1), "training"), (date(2025, 5, 29), "members_day"), (date(2025, 6, 1), "group_activity"),
            (date(2025, 12, 31), "group_activity"), (date(2026, 1, 1), "group_activity"))}  # fmt: skip
        session.add_all(held.values())
        session.flush()
        went = [(date(2025, 6, 1), "leap"), (date(2025, 6, 1), "fix"), (date(2025, 6, 1), "other"),
                (date(2025, 3, 1), "other"), (date(2025, 5, 29), "other"), (date(2025, 12, 31), "closed_after"),
                (date(2026, 1, 1), "leap")]  # fmt: skip
        session.add_all(ActivityAttendance(activity_id=held[day].id, family_id=fam[who]) for day, who in went)
        # A family taken off the members' day's list afterwards: that attendance no longer counts.
        session.add(ActivityAttendance(activity_id=held[date(2025, 5, 29)].id, family_id=fam["leap"], deleted=True))
        cancelled = Activity(held_on=date(2025, 1, 15), type="group_activity", title="取消", deleted=True)
        session.add(cancelled)
        session.flush()
        session.add(ActivityAttendance(activity_id=cancelled.id, family_id=fam["other"]))  # a deleted activity
        session.add_all([FamilyInsurance(family_id=fam["leap"], year=2024, kind="意外险"),
                         FamilyInsurance(family_id=fam["leap"], year=2025, kind="意外险"),
                         FamilyInsurance(family_id=fam["fix"], year=2026, kind="意外险"),
                         FamilyInsurance(family_id=fam["other"], year=2025, kind="意外险", deleted=True)])  # fmt: skip
        session.get_one(SpecialFamily, fam["closed_in"]).closed_on = date(2025, 12, 31)  # on the last day: out
        session.get_one(SpecialFamily, fam["closed_after"]).closed_on = date(2026, 1, 1)  # the day after: in
    yield db, fam
    db.close()


Met = dict[str, dict[str, date | None]]


def _met(db: Database, year: int, actor: Actor = ADMIN, village: str | None = None) -> Met:
    with db.unit_of_work() as session:
        return {row.family_id: row.met for row in checklist(session, actor, year, village_code=village)}


def test_every_items_date_on_the_years_boundaries_and_a_leap_day(edges: tuple[Database, dict[str, str]]) -> None:
    db, fam = edges
    d = date
    met = _met(db, 2025)
    assert set(met) == {fam["leap"], fam["fix"], fam["other"], fam["closed_after"]}
    assert met[fam["leap"]] == {"condolence_visit": d(2025, 1, 1), "volunteer_home_service": d(2025, 12, 31),
                                "group_activity": d(2025, 6, 1), "psych_support": d(2025, 7, 15),
                                "insurance": d(2025, 1, 1)}  # fmt: skip
    # 31 December of the year before and 1 January of the year after are other years.
    assert _met(db, 2024)[fam["leap"]] == {"condolence_visit": d(2024, 12, 31), "volunteer_home_service": None,
                                           "group_activity": None, "psych_support": d(2024, 2, 29),
                                           "insurance": d(2024, 1, 1)}  # fmt: skip
    assert _met(db, 2026)[fam["leap"]] == {"condolence_visit": None, "volunteer_home_service": d(2026, 1, 1),
                                           "group_activity": d(2026, 1, 1), "psych_support": None,
                                           "insurance": None}  # fmt: skip
    for year in (2024, 2025, 2026):  # dates, not the text SQLite stores them as
        assert all(isinstance(v, date) for row in _met(db, year).values() for v in row.values() if v is not None)


def test_a_correction_counts_once_as_corrected_even_when_corrected_again(
    edges: tuple[Database, dict[str, str]],
) -> None:
    db, fam = edges
    met = _met(db, 2025)[fam["fix"]]
    # condolence 1 March -> condolence 5 March -> psychological support 9 March: only the last one is a visit.
    assert met["condolence_visit"] is None and met["psych_support"] == date(2025, 3, 9)
    assert met["volunteer_home_service"] == date(2025, 4, 1)  # its correction was deleted: the original stands
    assert met["insurance"] is None  # insured for 2026 only
    with db.unit_of_work() as session:
        assert coverage(session, ADMIN, 2025).met["condolence_visit"] == 1  # the "leap" family's only


def test_group_activities_and_members_days_count_for_every_family_that_attended(
    edges: tuple[Database, dict[str, str]],
) -> None:
    db, fam = edges
    met = _met(db, 2025)
    assert {f: met[fam[f]]["group_activity"] for f in ("leap", "fix", "other", "closed_after")} == {
        "leap": date(2025, 6, 1),  # the one gathering, for each of its three families (not the members' day: taken off)
        "fix": date(2025, 2, 1),  # a visit logged as a group activity, earlier than the gathering
        "other": date(2025, 5, 29),  # the members' day; the training in March does not count
        "closed_after": date(2025, 12, 31),
    }
    assert met[fam["other"]]["insurance"] is None  # its policy was deleted


def test_families_closed_during_the_year_are_left_out_and_those_closed_after_it_are_in(
    edges: tuple[Database, dict[str, str]],
) -> None:
    db, fam = edges
    assert fam["closed_in"] in _met(db, 2024) and fam["closed_in"] not in _met(db, 2025)
    assert fam["closed_after"] in _met(db, 2025) and fam["closed_after"] not in _met(db, 2026)
    with db.unit_of_work() as session:
        assert [coverage(session, ADMIN, year).families for year in (2024, 2025, 2026)] == [5, 4, 3]


def test_coverage_counts_and_percentages_of_one_year(edges: tuple[Database, dict[str, str]]) -> None:
    db, _fam = edges
    with db.unit_of_work() as session:
        result = coverage(session, ADMIN, 2025)
    assert (result.families, result.complete) == (4, 1)  # the "leap" family has all five
    assert result.met == {"condolence_visit": 1, "volunteer_home_service": 2, "group_activity": 4,
                          "psych_support": 2, "insurance": 1}  # fmt: skip
    assert [result.percent(result.met[item]) for item in ITEMS] == [25.0, 50.0, 100.0, 50.0, 25.0]
    assert result.percent(result.complete) == 25.0
    assert Coverage(0, dict.fromkeys(ITEMS, 0), 0).percent(0) == 0.0  # an empty village divides by nothing
    assert Coverage(3, dict.fromkeys(ITEMS, 1), 0).percent(1) == 33.3


def test_a_village_and_a_volunteer_see_only_their_families(edges: tuple[Database, dict[str, str]]) -> None:
    db, fam = edges
    assert set(_met(db, 2025, village=V1)) == {fam["leap"], fam["fix"]}
    assert set(_met(db, 2025, village=V2)) == {fam["other"], fam["closed_after"]}
    with db.unit_of_work() as session:
        assert coverage(session, ADMIN, 2025, village_code=V2).met["group_activity"] == 2
        helper = Volunteer(name="钱志愿", name_pinyin="qianzhiyuan")
        session.add(helper)
        session.flush()
        session.add_all([Pairing(family_id=fam["fix"], volunteer_id=helper.id, starts_on=date(2025, 1, 1)),
                         Pairing(family_id=fam["leap"], volunteer_id=helper.id, starts_on=date(2024, 1, 1),
                                 ends_on=date(2024, 12, 31))])  # fmt: skip
    volunteer = Actor("qian", "volunteer", helper.id)
    assert list(_met(db, 2025, volunteer)) == [fam["fix"]]  # the pairing with "leap" ended
    assert _met(db, 2025, volunteer, V2) == {}
    with db.unit_of_work() as session:
        seen = coverage(session, volunteer, 2025)
    assert seen.met == {"condolence_visit": 0, "volunteer_home_service": 1, "group_activity": 1, "psych_support": 1,
                        "insurance": 0}  # fmt: skip
