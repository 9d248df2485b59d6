"""Special families for report and export tests: three families in two villages with a year of known care.

Built through the services, as the forms would (the registry, visit logging and correction); activities, insurance,
volunteers and pairings through the models, which have no services yet. Every number a report prints can be worked
out from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.accounts.users import Actor
from app.database import Database
from app.families.access import record_consent
from app.families.registry import FamilyInput, PersonInput, create_family
from app.families.visits import VisitInput, Visitor, correct_visit, log_visit
from app.validation import make_id_number
from db.models import Activity, ActivityAttendance, FamilyInsurance, Pairing, Region, Volunteer
from tests.helpers.database import ADMIN, CLERK, VILLAGE

TODAY = date(2026, 11, 23)
YEAR = 2025
V1 = VILLAGE.region_code  # 城关村计生协's own village
V2 = "440105001002"
V2_NAME = "新华村"
MOTHER_ID = make_id_number("440105", date(1965, 3, 8), 124)  # even sequence: a woman
FATHER_ID = make_id_number("440105", date(1963, 7, 1), 31)
MOTHER_PHONE = "13812345678"
INJECTION = '=HYPERLINK("http://x.example","点我")'


@dataclass(frozen=True)
class Families:
    """The ids of what `build_families` made."""

    bereaved: str  # 李秀英、张建国 (V1): child died; most of the 五个一 in 2025, a corrected visit
    disabled: str  # 王桂兰 (V1): child disabled, grade 2; an open emergency
    surgery: str  # 赵大勇 (V2): surgery complication; never visited
    volunteer: Actor  # paired with the bereaved family only
    corrected_visit: str  # the bereaved family's condolence visit, as corrected
    replaced_visit: str  # the visit the correction replaced


def _family(db: Database, data: FamilyInput) -> str:
    with db.unit_of_work(ADMIN.username) as session:
        return create_family(session, ADMIN, data, today=TODAY)[0]


def _visit(db: Database, data: VisitInput, actor: Actor = CLERK) -> str:
    with db.unit_of_work(actor.username) as session:
        return log_visit(session, actor, data, today=TODAY)


def build_families(db: Database) -> Families:
    """Three families, their visits in 2025 and 2026, an activity, insurance, and a paired volunteer."""
    with db.unit_of_work() as session:
        session.add(Region(code=V2, name=V2_NAME, level="village", parent_code=None))
        helper = Volunteer(name="孙志愿", name_pinyin="sunzhiyuan")
        session.add(helper)
        session.flush()
        volunteer = Actor("helper", "volunteer", helper.id)
    bereaved = _family(
        db,
        FamilyInput(
            categories=["child_deceased"], village_code=V1, address="城关村三组 12 号", living_arrangement="夫妻同住",
            assistance_status="receiving", assistance_since=2015, township_liaison_name="周干部",
            township_liaison_phone="13900001111", village_liaison_name="吴主任", doctor_contract=True,
            needs="定期健康体检",
            people=[
                PersonInput("mother", "李秀英", "F", id_number=MOTHER_ID, phone=MOTHER_PHONE, health="高血压"),
                PersonInput("father", "张建国", "M", id_number=FATHER_ID),
                PersonInput("child", "张小明", "M", birth_date="1990-05-01", deceased_on="2019-03-01"),
            ],
        ),
    )  # fmt: skip
    disabled = _family(
        db,
        FamilyInput(
            categories=["child_disabled"], village_code=V1, address=INJECTION,
            people=[
                PersonInput("mother", "王桂兰", "F", birth_date="1968-02-02"),
                PersonInput("child", "陈小红", "F", birth_date="1992-01-01", disability_category="肢体",
                            disability_grade=2, disabled_on="2010-06-01"),
            ],
        ),
    )  # fmt: skip
    surgery = _family(
        db, FamilyInput(categories=["surgery_complication"], village_code=V2, people=[PersonInput("father", "赵大勇")])
    )
    with db.unit_of_work(ADMIN.username) as session:
        record_consent(session, ADMIN, bereaved, date(2025, 1, 5), "帮扶档案与走访记录", "李秀英")
        session.add(Pairing(family_id=bereaved, volunteer_id=helper.id, starts_on=date(2024, 1, 1)))

    replaced = _visit(db, VisitInput(bereaved, "condolence_visit", date(2025, 1, 20), content="春节前走访"))
    with db.unit_of_work(CLERK.username) as session:
        corrected = correct_visit(
            session, CLERK, replaced,
            VisitInput(bereaved, "condolence_visit", date(2025, 1, 21), visitors=[Visitor(name="吴主任")],
                       content="春节前走访，送慰问金 500 元", five_cares=["life", "spiritual"]),
            today=TODAY,
        )  # fmt: skip
    _visit(
        db,
        VisitInput(bereaved, "volunteer_home_service", date(2025, 4, 2), visitors=[Visitor(volunteer_id=helper.id)],
                   content="打扫卫生，陪同聊天", state_found="身体尚可", needs_found="想学用智能手机",
                   followup_action="送一部老年手机", followup_owner="孙志愿", followup_due=date(2026, 12, 1), hours=2),
    )  # fmt: skip
    _visit(db, VisitInput(bereaved, "psych_support", date(2025, 6, 3), content="心理疏导一小时"))
    _visit(db, VisitInput(bereaved, "phone_call", date(2026, 11, 1), content="电话问候"))
    _visit(
        db,
        VisitInput(disabled, "emergency", date(2025, 12, 30), content=INJECTION, state_found="子女住院",
                   followup_action="联系民政临时救助", followup_owner="吴主任", followup_due=date(2026, 1, 15)),
    )  # fmt: skip
    _visit(db, VisitInput(disabled, "condolence_visit", date(2025, 2, 1), content="节前慰问"))
    with db.unit_of_work() as session:
        activity = Activity(held_on=date(2025, 6, 15), type="group_activity", title="端午暖心座谈会",
                            place="城关村暖心家园", village_code=V1, participant_count=12)  # fmt: skip
        session.add(activity)
        session.flush()
        session.add_all([ActivityAttendance(activity_id=activity.id, family_id=bereaved),
                         ActivityAttendance(activity_id=activity.id, family_id=disabled)])  # fmt: skip
        session.add_all([
            FamilyInsurance(family_id=bereaved, year=2025, kind="inpatient_care_insurance", insurer="中国人寿保险",
                            premium=100),
            FamilyInsurance(family_id=bereaved, year=2024, kind="意外险", insurer="中国人寿保险", premium=30),
        ])  # fmt: skip
    return Families(bereaved, disabled, surgery, volunteer, corrected, replaced)
