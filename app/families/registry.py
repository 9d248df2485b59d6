"""The special-family registry: recording a family and its people, checking the data, and eligibility.

A family is saved with its people (father, mother, the child) in one unit of work. Values are checked the way the
member roll checks them (names, ID numbers, dates, phones); an error refuses the save with one sentence. Whether the
family qualifies for special assistance (特别扶助) is worked out from the data and returned as warnings, never a
block: an office records the family first and sorts out the papers later. Who may save and what is audited follow
`app.families.access`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app import audit
from app.accounts.users import EDITORS, Actor, require_role
from app.errors import ValidationError
from app.families.access import consent_warning, own_family
from app.families.links import check_links, member_with_id_number
from app.members.checks import CheckedWithPeople, Problem, problem_from
from app.validation import normalise_name, parse_date, parse_id_number, parse_phone
from app.validation.pinyin import name_pinyin
from db.models import FamilyPerson, SpecialFamily
from db.models.families import ASSISTANCE_STATUSES, FAMILY_CATEGORIES, FAMILY_ROLES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

MOTHER_MIN_AGE = 49  # the mother's age from which the special assistance is paid
WORST_QUALIFYING_GRADE = 3  # disability grades 1 (most severe) to 4; grades 1-3 qualify


@dataclass
class PersonInput:
    """A parent or the child as a form or an import gives them (text as typed, dates as dates or text)."""

    role: str
    name: str
    sex: str | None = None
    id_number: str = ""
    birth_date: date | str | None = None
    phone: str = ""
    health: str = ""
    disability_category: str = ""
    disability_grade: int | None = None
    disabled_on: date | str | None = None
    deceased_on: date | str | None = None
    member_id: str | None = None  # the member this person is, when they are one (`app.families.links`)


# PersonInput's text fields: a value not stored is "" there (dates, grade and member are None).
_TEXT_INPUTS = {f.name for f in fields(PersonInput) if f.type == "str"}


@dataclass
class FamilyInput:
    """A special family as a form gives it."""

    categories: list[str]
    people: list[PersonInput]
    village_code: str | None = None
    address: str = ""
    living_arrangement: str = ""
    assistance_status: str = "none"
    assistance_since: int | None = None
    township_liaison_name: str = ""
    township_liaison_phone: str = ""
    village_liaison_name: str = ""
    village_liaison_phone: str = ""
    doctor_contract: bool = False
    doctor_contract_on: date | str | None = None
    priority_care: bool = False  # 就医绿色通道
    needs: str = ""
    notes: str = ""
    household_id: str | None = None  # the liaison household the family is


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _date(value: date | str | None, where: str, today: date, problems: list[Problem]) -> date | None:
    if value in (None, ""):
        return None
    try:
        return parse_date(value, today=today, allow_future=False)
    except ValidationError as exc:
        problems.append(problem_from(where, exc))
        return None


def _person(data: PersonInput, today: date, problems: list[Problem]) -> dict[str, Any]:
    where = f"{data.role}."
    values: dict[str, Any] = {"role": data.role}
    if data.role not in FAMILY_ROLES:
        problems.append(Problem(where + "role", "error", f"未知的家庭成员身份“{data.role}”。",
                                f"Unknown family role {data.role!r}.", "family.role"))  # fmt: skip
    try:
        values["name"] = normalise_name(data.name)
        values["name_pinyin"], values["name_initials"] = name_pinyin(values["name"])
    except ValidationError as exc:
        problems.append(problem_from(where + "name", exc))
    values["sex"] = data.sex if data.sex in ("M", "F") else None
    values["birth_date"] = _date(data.birth_date, where + "birth_date", today, problems)
    values["id_number"] = None
    if data.id_number.strip():
        try:
            parsed = parse_id_number(data.id_number, today=today)
            values["id_number"] = parsed.value
            values["birth_date"] = values["birth_date"] or parsed.birth_date
            values["sex"] = values["sex"] or parsed.sex
            if values["birth_date"] != parsed.birth_date:
                problems.append(
                    Problem(where + "birth_date", "warning", "出生日期与身份证号不一致。",
                            "The date of birth differs from the ID number's.", "family.birth_mismatch")
                )  # fmt: skip
        except ValidationError as exc:
            problems.append(problem_from(where + "id_number", exc))
    values["phone"] = None
    if data.phone.strip():
        try:
            values["phone"] = parse_phone(data.phone).value
        except ValidationError as exc:
            problems.append(problem_from(where + "phone", exc))
    values["health"] = data.health.strip() or None
    values["disability_category"] = data.disability_category.strip() or None
    grade = data.disability_grade
    if grade is not None and grade not in (1, 2, 3, 4):
        problems.append(Problem(where + "disability_grade", "error", "残疾等级应为一至四级。",
                                "A disability grade is 1 to 4.", "family.grade"))  # fmt: skip
        grade = None
    values["disability_grade"] = grade
    values["disabled_on"] = _date(data.disabled_on, where + "disabled_on", today, problems)
    values["deceased_on"] = _date(data.deceased_on, where + "deceased_on", today, problems)
    values["member_id"] = data.member_id or None
    return values


def eligibility_problems(categories: list[str], people: list[dict[str, Any]], today: date) -> list[Problem]:
    """Warnings where the data says the family does not (yet) qualify for special assistance.

    The rule for a bereaved or disabled-child family: the mother is at least 49, the family has one child, and that
    child has died or is disabled at grade 3 or worse. Families with surgery complications qualify by their own
    assessment, which the data does not hold, so nothing is checked for them.
    """
    if not {"child_deceased", "child_disabled"} & set(categories):
        return []
    out: list[Problem] = []

    def warn(code: str, zh: str, en: str) -> None:
        out.append(Problem("eligibility", "warning", zh, en, code))

    mothers = [p for p in people if p["role"] == "mother"]
    children = [p for p in people if p["role"] == "child"]
    born = mothers[0].get("birth_date") if mothers else None
    if born is None:
        warn("eligibility.mother_age_unknown", "没有母亲的出生日期，无法核对是否年满 49 周岁。",
             "The mother's date of birth is missing: her age (49 or over) cannot be checked.")  # fmt: skip
    elif _age_on(born, today) < MOTHER_MIN_AGE:
        age, year = _age_on(born, today), born.year + MOTHER_MIN_AGE
        warn("eligibility.mother_too_young",
             f"母亲现年 {age} 周岁，年满 {MOTHER_MIN_AGE} 周岁（{year} 年）后方可享受特别扶助。",
             f"The mother is {age}; special assistance starts at {MOTHER_MIN_AGE} ({year}).")  # fmt: skip
    if len(children) != 1:
        warn("eligibility.children",
             f"登记了 {len(children)} 个子女；特别扶助对象应为独生子女家庭。",
             f"{len(children)} children are recorded; special assistance is for one-child families.")  # fmt: skip
    if children:
        child = children[0]
        if "child_deceased" in categories and child.get("deceased_on") is None:
            warn("eligibility.death_date", "类别为独生子女死亡，但没有子女的死亡日期。",
                 "The category says the child died, but the date of death is missing.")  # fmt: skip
        if "child_disabled" in categories and "child_deceased" not in categories:
            grade = child.get("disability_grade")
            if grade is None or grade > WORST_QUALIFYING_GRADE:
                warn("eligibility.grade",
                     "子女残疾等级须为三级及以上（一至三级）才符合特别扶助条件。" if grade else "没有子女的残疾等级。",
                     "The child's disability must be grade 3 or worse (1-3)." if grade
                     else "The child's disability grade is missing.")  # fmt: skip
    return out


def check_family(data: FamilyInput, *, today: date | None = None) -> CheckedWithPeople:
    """Normalise `data` and collect its errors and warnings (eligibility among them)."""
    today = today or date.today()
    problems: list[Problem] = []
    categories = list(dict.fromkeys(data.categories))
    if not categories:
        problems.append(Problem("categories", "error", "请选择家庭类别。", "Choose the family's category.",
                                "family.no_category"))  # fmt: skip
    for category in categories:
        if category not in FAMILY_CATEGORIES:
            problems.append(Problem("categories", "error", f"未知的家庭类别“{category}”。",
                                    f"Unknown category {category!r}.", "family.category"))  # fmt: skip
    if data.assistance_status not in ASSISTANCE_STATUSES:
        problems.append(Problem("assistance_status", "error", "未知的特别扶助状态。",
                                "Unknown assistance status.", "family.assistance"))  # fmt: skip
    people = [_person(p, today, problems) for p in data.people]
    for role in ("father", "mother"):
        if sum(p["role"] == role for p in people) > 1:
            problems.append(Problem(role, "error", "父亲和母亲各只能登记一人。", "One father and one mother at most.",
                                    "family.parents"))  # fmt: skip
    values: dict[str, Any] = {"categories": categories}
    for f in fields(FamilyInput):
        if f.name in ("categories", "people", "doctor_contract_on"):
            continue
        value = getattr(data, f.name)
        values[f.name] = (value.strip() or None) if isinstance(value, str) else value
    for key in ("township_liaison_phone", "village_liaison_phone"):
        if values[key]:
            try:
                values[key] = parse_phone(values[key]).value
            except ValidationError as exc:
                problems.append(problem_from(key, exc))
    values["doctor_contract_on"] = _date(data.doctor_contract_on, "doctor_contract_on", today, problems)
    if values["doctor_contract_on"] and not data.doctor_contract:
        problems.append(Problem("doctor_contract_on", "error", "填写了签约日期，请勾选“已签约家庭医生”，或清空日期。",
                                "A contract date is given: tick the family-doctor contract, or clear the date.",
                                "family.contract_date"))  # fmt: skip
    problems += eligibility_problems(categories, people, today)
    return CheckedWithPeople(values, problems, people)


def _refuse_errors(checked: CheckedWithPeople) -> None:
    if checked.errors:
        first = checked.errors[0]
        raise ValidationError(first.zh, first.en, code=first.code)


def _check_links(session: Session, checked: CheckedWithPeople) -> None:
    check_links(session, checked.values.get("household_id"), [p.get("member_id") for p in checked.people])


def _linked(session: Session, person: dict[str, Any]) -> dict[str, Any]:
    """A person recorded for the first time is linked to the member with their ID number, if nobody chose one."""
    if person.get("member_id") is None:
        return {**person, "member_id": member_with_id_number(session, person.get("id_number"))}
    return person


def _warnings(checked: CheckedWithPeople, family: SpecialFamily) -> list[str]:
    warnings = [p.zh for p in checked.warnings]
    no_consent = consent_warning(family)
    return [*warnings, no_consent] if no_consent else warnings


def create_family(
    session: Session, actor: Actor, data: FamilyInput, *, today: date | None = None
) -> tuple[str, list[str]]:
    """Record a new family with its people; returns its id and the warnings to show (eligibility, consent)."""
    require_role(actor, *EDITORS)
    checked = check_family(data, today=today)
    _refuse_errors(checked)
    _check_links(session, checked)
    family = SpecialFamily(**checked.values)
    session.add(family)
    session.flush()
    for person in checked.people:
        session.add(FamilyPerson(family_id=family.id, **_linked(session, person)))
    session.flush()
    audit.record(session, actor.username, "record_change", tbl="special_family", record_id=family.id,
                 detail={"created": True, "people": len(checked.people)})  # fmt: skip
    return family.id, _warnings(checked, family)


def _with_stored(session: Session, family: SpecialFamily, data: FamilyInput, keep: Collection[str]) -> FamilyInput:
    """`data` with the stored values of the fields in `keep` (keys as "needs" or "mother.id_number")."""
    stored = {
        p.role: p
        for p in session.scalars(
            select(FamilyPerson).where(FamilyPerson.family_id == family.id, FamilyPerson.deleted.is_(False))
        )
    }
    people: list[PersonInput] = []
    for person in data.people:
        record = stored.get(person.role)
        kept: dict[str, Any] = {}
        for key in keep:
            role, _dot, name = key.partition(".")
            if role == person.role and record is not None:
                value = getattr(record, name)
                kept[name] = "" if value is None and name in _TEXT_INPUTS else value
        people.append(replace(person, **kept))
    family_values: dict[str, Any] = {key: getattr(family, key) or "" for key in keep if "." not in key}
    return replace(data, people=people, **family_values)


def save_family(
    session: Session,
    actor: Actor,
    family_id: str,
    data: FamilyInput,
    *,
    keep: Collection[str] = (),
    today: date | None = None,
) -> list[str]:
    """Change a family and its people to `data` (a person is matched by role; one no longer given is removed).

    `keep` names the fields the user saw masked ("needs", "mother.id_number"): the form holds no value for them, so
    their stored values stay and an edit of the address never overwrites an ID number with its mask. Returns the
    warnings to show. Audited by the names of the fields that changed, never their values.
    """
    family = own_family(session, actor, family_id)
    if keep:
        data = _with_stored(session, family, data, keep)
    checked = check_family(data, today=today)
    _refuse_errors(checked)
    _check_links(session, checked)
    changed = sorted(k for k, v in checked.values.items() if getattr(family, k) != v)
    for key in changed:
        setattr(family, key, checked.values[key])
    existing = {
        p.role: p
        for p in session.scalars(
            select(FamilyPerson).where(FamilyPerson.family_id == family_id, FamilyPerson.deleted.is_(False))
        )
    }
    for person in checked.people:
        record = existing.pop(person["role"], None)
        if record is None:
            session.add(FamilyPerson(family_id=family_id, **_linked(session, person)))
            changed.append(f"{person['role']}.added")
            continue
        for key, value in person.items():
            if getattr(record, key) != value:
                setattr(record, key, value)
                changed.append(f"{person['role']}.{key}")
    for role, record in existing.items():
        record.deleted = True
        changed.append(f"{role}.removed")
    if changed:
        audit.record(session, actor.username, "record_change", tbl="special_family", record_id=family_id,
                     detail={"fields": changed})  # fmt: skip
    return _warnings(checked, family)


def close_family(session: Session, actor: Actor, family_id: str, on: date, reason: str) -> None:
    """Close the family's care (moved away, both parents died, no longer eligible), with the date and reason."""
    family = own_family(session, actor, family_id)
    if not reason.strip():
        raise ValidationError("请说明结案原因。", "Give the reason for closing.", code="family.close_reason")
    if on > date.today():
        raise ValidationError("结案日期不能晚于今天。", "The closing date cannot be in the future.",
                              code="family.close_future")  # fmt: skip
    family.closed_on, family.closed_reason = on, reason.strip()[:200]
    audit.record(session, actor.username, "record_change", tbl="special_family", record_id=family_id,
                 detail={"fields": ["closed_on", "closed_reason"]})  # fmt: skip
