"""Recording a liaison household: its head, address, village, phone, tags, its people, and checking them.

Values are checked the way the member roll checks them (names, ID numbers, phones); an error refuses the save with one
sentence, in Chinese and English. A relation to the head is a GB/T 4761 code, or its words ("妻" is read as "12").
Admins and clerks record households; every change is audited by the names of the fields that changed, never their
values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app import audit
from app.accounts.users import EDITORS, Actor, require_role
from app.errors import ValidationError
from app.households.labels import FREQUENCY_LABELS, RELATION_CODES, RELATION_LABELS, TAG_LABELS
from app.members.checks import CheckedWithPeople, Problem, problem_from
from app.validation import normalise_name, parse_id_number, parse_phone
from db.models import Household, HouseholdMember, Member

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

OLDEST_BIRTH_YEAR = 1900


@dataclass
class PersonInput:
    """A person living in the household, as a form or an import gives them."""

    name: str
    relation: str  # a GB/T 4761 code ("12") or its words ("妻")
    birth_year: int | str | None = None


@dataclass
class HouseholdInput:
    """A household as a form or an import gives it (text as typed)."""

    head_name: str
    head_id_number: str = ""
    address: str = ""
    village_code: str | None = None
    phone: str = ""
    tags: list[str] = field(default_factory=list)
    contact_frequency: str = "quarterly"
    liaison_member_id: str | None = None
    notes: str = ""
    people: list[PersonInput] = field(default_factory=list)


def relation_code(text: str) -> str | None:
    """The GB/T 4761 code of a relation given as a code ("12", "2" → "02") or in words ("妻"); None if unknown."""
    text = text.strip()
    if text.isdigit() and len(text) <= 2:
        code = text.zfill(2)
        return code if code in RELATION_LABELS else None
    return RELATION_CODES.get(text)


def _person(n: int, data: PersonInput, today: date, problems: list[Problem]) -> dict[str, Any]:
    where = f"people.{n}."
    values: dict[str, Any] = {}
    try:
        values["name"] = normalise_name(data.name)
    except ValidationError as exc:
        problems.append(problem_from(where + "name", exc))
    code = relation_code(data.relation)
    if code is None:
        problems.append(Problem(where + "relation", "error",
                                f"与户主关系“{data.relation.strip()}”不是国标 GB/T 4761 的家庭关系"
                                "（如“妻”或代码 12）。",
                                f"Relation {data.relation.strip()!r} is not a GB/T 4761 relation (such as 12, wife).",
                                "household.relation"))  # fmt: skip
    values["relation"] = code
    year = data.birth_year
    values["birth_year"] = None
    if year not in (None, ""):
        text = str(year).strip().removesuffix("年")
        if not text.isdigit() or not OLDEST_BIRTH_YEAR <= int(text) <= today.year:
            problems.append(Problem(where + "birth_year", "error",
                                    f"出生年份应为 {OLDEST_BIRTH_YEAR} 至 {today.year} 年之间的四位数。",
                                    f"A year of birth is four digits from {OLDEST_BIRTH_YEAR} to {today.year}.",
                                    "household.birth_year"))  # fmt: skip
        else:
            values["birth_year"] = int(text)
    return values


def check_household(data: HouseholdInput, *, today: date | None = None) -> CheckedWithPeople:
    """Normalise `data` and collect its errors."""
    today = today or date.today()
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    try:
        values["head_name"] = normalise_name(data.head_name)
    except ValidationError as exc:
        problems.append(problem_from("head_name", exc))
    values["head_id_number"] = None
    if data.head_id_number.strip():
        try:
            values["head_id_number"] = parse_id_number(data.head_id_number, today=today).value
        except ValidationError as exc:
            problems.append(problem_from("head_id_number", exc))
    values["phone"] = None
    if data.phone.strip():
        try:
            values["phone"] = parse_phone(data.phone).value
        except ValidationError as exc:
            problems.append(problem_from("phone", exc))
    tags = list(dict.fromkeys(data.tags))
    for tag in tags:
        if tag not in TAG_LABELS:
            problems.append(Problem("tags", "error", f"未知的户类别“{tag}”。", f"Unknown household tag {tag!r}.",
                                    "household.tag"))  # fmt: skip
    values["tags"] = tags
    if data.contact_frequency not in FREQUENCY_LABELS:
        problems.append(Problem("contact_frequency", "error", "联系频次应为每月或每季度。",
                                "The contact frequency is monthly or quarterly.", "household.frequency"))  # fmt: skip
    values["contact_frequency"] = data.contact_frequency
    values["address"] = " ".join(data.address.split()) or None
    values["village_code"] = data.village_code or None
    values["liaison_member_id"] = data.liaison_member_id or None
    values["notes"] = data.notes.strip() or None
    people = [_person(n, p, today, problems) for n, p in enumerate(data.people)]
    return CheckedWithPeople(values, problems, people)


def _refuse_errors(session: Session, checked: CheckedWithPeople) -> None:
    if checked.errors:
        first = checked.errors[0]
        raise ValidationError(first.zh, first.en, code=first.code)
    liaison = checked.values["liaison_member_id"]
    if liaison and not session.scalar(select(Member.id).where(Member.id == liaison, Member.deleted.is_(False))):
        raise ValidationError("所选的联系会员已不存在，请重新选择。", "The liaison member chosen no longer exists.",
                              code="household.liaison_missing")  # fmt: skip


def _household(session: Session, household_id: str) -> Household:
    household = session.get(Household, household_id)
    if household is None or household.deleted:
        raise ValidationError("找不到这个联系户，可能已被删除。", "This household no longer exists.",
                              code="household.missing")  # fmt: skip
    return household


def _people(session: Session, household_id: str) -> list[HouseholdMember]:
    query = select(HouseholdMember).where(
        HouseholdMember.household_id == household_id, HouseholdMember.deleted.is_(False)
    )
    return list(session.scalars(query.order_by(HouseholdMember.created_at)))


def create_household(session: Session, actor: Actor, data: HouseholdInput, *, today: date | None = None) -> str:
    """Record a new household with its people; returns its id."""
    require_role(actor, *EDITORS)
    checked = check_household(data, today=today)
    _refuse_errors(session, checked)
    household = Household(**checked.values)
    session.add(household)
    session.flush()
    for person in checked.people:
        session.add(HouseholdMember(household_id=household.id, **person))
    session.flush()
    audit.record(session, actor.username, "record_change", tbl="household", record_id=household.id,
                 detail={"created": True, "people": len(checked.people)})  # fmt: skip
    return household.id


def save_household(
    session: Session, actor: Actor, household_id: str, data: HouseholdInput, *, today: date | None = None
) -> None:
    """Change a household and its people to `data`; people are matched in order, those no longer given removed."""
    require_role(actor, *EDITORS)
    household = _household(session, household_id)
    checked = check_household(data, today=today)
    _refuse_errors(session, checked)
    changed = sorted(k for k, v in checked.values.items() if getattr(household, k) != v)
    for key in changed:
        setattr(household, key, checked.values[key])
    stored = _people(session, household_id)
    for n, person in enumerate(checked.people):
        if n < len(stored):
            record = stored[n]
            for key, value in person.items():
                if getattr(record, key) != value:
                    setattr(record, key, value)
                    changed.append(f"people.{n}.{key}")
        else:
            session.add(HouseholdMember(household_id=household_id, **person))
            changed.append(f"people.{n}.added")
    for n, record in enumerate(stored[len(checked.people) :], len(checked.people)):
        record.deleted = True
        changed.append(f"people.{n}.removed")
    if changed:
        audit.record(session, actor.username, "record_change", tbl="household", record_id=household_id,
                     detail={"fields": changed})  # fmt: skip


def delete_household(session: Session, actor: Actor, household_id: str) -> None:
    """Delete a household and its people (tombstones, so that the deletion travels in a sync package)."""
    require_role(actor, *EDITORS)
    household = _household(session, household_id)
    household.deleted = True
    for record in _people(session, household_id):
        record.deleted = True
    audit.record(session, actor.username, "record_change", tbl="household", record_id=household_id,
                 detail={"deleted": True})  # fmt: skip
