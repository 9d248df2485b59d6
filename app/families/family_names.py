"""Who a family is on a printed list or in a workbook: its village and its parents' names, read in chunks.

Lists name a family by the mother and the father ("李秀英、张建国", the mother first: the special assistance is
reckoned from her age), as the member roll names its members in full; an ID number shown beside it is the first-named
parent's, masked unless revealed. Anonymised families keep the "（已匿名）" their people were given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import batched
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select

from app.families.labels import LIST_SEPARATOR
from app.families.report_scope import village_names
from app.validation import mask_id_number
from db.models import FamilyPerson, Member, SpecialFamily, VisitVisitor, Volunteer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHUNK = 500  # ids bound to one IN (...): well below SQLite's limit on variables
NAMING_ROLES = ("mother", "father")
NO_PEOPLE = "（未登记成员）"
PERSON_COLUMNS = (
    "family_id", "role", "name", "name_pinyin", "sex", "id_number", "birth_date", "phone", "health",
    "disability_category", "disability_grade", "disabled_on", "deceased_on",
)  # fmt: skip

Person = dict[str, Any]


@dataclass(frozen=True)
class FamilyHeader:
    """How a list names one family."""

    family_id: str
    village_code: str | None
    village: str
    label: str
    id_number: str | None
    sort_key: str


def people_by_family(session: Session, family_ids: Iterable[str]) -> dict[str, dict[str, Person]]:
    """The live people of the families, as {family id: {role: person's values}}, unmasked."""
    columns = [getattr(FamilyPerson, key) for key in PERSON_COLUMNS]
    out: dict[str, dict[str, Person]] = {}
    for chunk in batched(dict.fromkeys(family_ids), CHUNK):
        query = select(*columns).where(FamilyPerson.family_id.in_(chunk), FamilyPerson.deleted.is_(False))
        for row in session.execute(query):
            out.setdefault(row.family_id, {})[row.role] = row._asdict()
    return out


def family_label(people: dict[str, Person]) -> str:
    """The parents' names, mother first; the child's when no parent is recorded."""
    names = [people[role]["name"] for role in NAMING_ROLES if role in people]
    if not names and "child" in people:
        names = [people["child"]["name"]]
    return LIST_SEPARATOR.join(names) or NO_PEOPLE


def naming_person(people: dict[str, Person]) -> Person | None:
    """The first-named parent: the one whose ID number a list shows."""
    return next((people[role] for role in NAMING_ROLES if role in people), None)


def family_headers(session: Session, family_ids: Iterable[str], *, reveal: bool = False) -> dict[str, FamilyHeader]:
    """How lists name the families: village, parents' names and (masked unless `reveal`) an ID number.

    One query per chunk of families, with only the columns a name needs: a list of 5,000 families is named in a few
    tens of milliseconds.
    """
    ids = list(dict.fromkeys(family_ids))
    villages: dict[str, str | None] = {}
    people: dict[str, dict[str, Person]] = {}
    for chunk in batched(ids, CHUNK):
        query = (
            select(SpecialFamily.id, SpecialFamily.village_code, FamilyPerson.role, FamilyPerson.name,
                   FamilyPerson.name_pinyin, FamilyPerson.id_number)
            .outerjoin(FamilyPerson, and_(FamilyPerson.family_id == SpecialFamily.id, FamilyPerson.deleted.is_(False)))
            .where(SpecialFamily.id.in_(chunk))
        )  # fmt: skip
        for family_id, code, role, name, pinyin, number in session.connection().execute(query):
            villages[family_id] = code
            if role is not None:
                people.setdefault(family_id, {})[role] = {"name": name, "name_pinyin": pinyin, "id_number": number}
    names = village_names(session, villages.values())
    headers = {}
    for family_id in ids:
        own = people.get(family_id, {})
        first = naming_person(own)
        number = first["id_number"] if first else None
        code = villages.get(family_id)
        label = family_label(own)
        headers[family_id] = FamilyHeader(
            family_id=family_id,
            village_code=code,
            village=names[code],
            label=label,
            id_number=number if reveal else (mask_id_number(number) or None),
            sort_key=(first or {}).get("name_pinyin") or label,
        )
    return headers


def visitors_by_visit(session: Session, visit_ids: Iterable[str]) -> dict[str, list[str]]:
    """Who went on each visit, by name (a member's, a volunteer's, or a liaison's as typed)."""
    name = func.coalesce(Member.name, Volunteer.name, VisitVisitor.name)
    out: dict[str, list[str]] = {}
    for chunk in batched(dict.fromkeys(visit_ids), CHUNK):
        query = (
            select(VisitVisitor.visit_id, name)
            .outerjoin(Member, Member.id == VisitVisitor.member_id)
            .outerjoin(Volunteer, Volunteer.id == VisitVisitor.volunteer_id)
            .where(VisitVisitor.visit_id.in_(chunk), VisitVisitor.deleted.is_(False))
            .order_by(VisitVisitor.visit_id, VisitVisitor.created_at)
        )
        for visit_id, who in session.execute(query):
            if who:
                out.setdefault(visit_id, []).append(who)
    return out
