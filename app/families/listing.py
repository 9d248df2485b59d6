"""The special-family list: one line per family the user may see, filtered and searched in SQL.

A county office holds a few thousand families, not a hundred thousand, so the list is read whole (three queries:
the families, their people, their last visit) and the 五个一 gaps come from the checklist for the year. Names are
shown (the office works with them); phones are masked, as everywhere; nothing sensitive (health, bereavement) is in a
line of the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, cast, func, or_, select

from app.accounts.users import Actor, require_role
from app.families.access import FAMILY_READERS, paired_family_ids
from app.families.five_ones import checklist
from app.families.visits import current_visits
from app.validation import mask_phone
from db.models import FamilyPerson, Site, SpecialFamily, Visit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

STATES = ("open", "closed", "")  # "" = all


@dataclass(frozen=True)
class FamilyFilter:
    query: str = ""
    village_code: str | None = None
    category: str | None = None
    state: str = "open"
    year: int | None = None  # whose 五个一 gaps the list shows (default: this year)


@dataclass(slots=True)  # not frozen: a list holds thousands, and frozen ones take five times as long to make
class FamilyRow:
    id: str
    village_code: str | None
    categories: list[str]
    mother: str
    father: str
    child: str
    phone: str  # masked
    assistance_status: str
    consent_on: date | None
    last_visit: date | None
    missing: list[str] = field(default_factory=list)  # 五个一 items not met this year (open families)
    closed_on: date | None = None
    anonymised: bool = False
    imported: bool = False  # owned by another office: read-only here
    pinyin: str = ""  # the people's names in pinyin and initials, for finding the family as one types

    @property
    def name(self) -> str:
        """How the family is called in lists and messages: the mother's name, else the father's, else the child's."""
        return self.mother or self.father or self.child or "—"


def _search(text: str) -> Any:
    words = text.strip().lower()
    like = f"%{words}%"
    matches: list[Any] = [FamilyPerson.name.like(like), FamilyPerson.name_pinyin.like(like),
                          FamilyPerson.name_initials.like(like)]  # fmt: skip
    if len(words) >= 4:  # the last digits of a phone or an ID number
        matches += [FamilyPerson.id_number.like(f"%{words}")]
        if words.isdigit():
            matches += [FamilyPerson.phone.like(like)]
    people = select(FamilyPerson.family_id).where(FamilyPerson.deleted.is_(False), or_(*matches))
    return or_(SpecialFamily.id.in_(people), SpecialFamily.address.like(like))


def family_rows(
    session: Session, actor: Actor, flt: FamilyFilter | None = None, *, today: date | None = None
) -> list[FamilyRow]:
    """The families `actor` may see that match `flt`, by village then the mother's name (pinyin).

    Read as plain rows, only the columns a line shows (the people and last visits of the families the filter
    selects, by a subquery, not a list of ids): 5,000 families in about a quarter of a second, the year's checklist
    included.
    """
    require_role(actor, *FAMILY_READERS)
    flt = flt or FamilyFilter()
    today = today or date.today()
    year = flt.year or today.year
    conditions: list[Any] = [SpecialFamily.deleted.is_(False)]
    if flt.state == "open":
        conditions.append(SpecialFamily.closed_on.is_(None))
    elif flt.state == "closed":
        conditions.append(SpecialFamily.closed_on.is_not(None))
    if flt.village_code:
        conditions.append(SpecialFamily.village_code == flt.village_code)
    if flt.category:
        conditions.append(cast(SpecialFamily.categories, String).like(f'%"{flt.category}"%'))
    if flt.query.strip():
        conditions.append(_search(flt.query))
    if actor.role == "volunteer":
        conditions.append(SpecialFamily.id.in_(paired_family_ids(session, actor, today)))
    chosen = select(SpecialFamily.id).where(*conditions)
    db = session.connection()
    families = db.execute(
        select(SpecialFamily.id, SpecialFamily.village_code, SpecialFamily.categories, SpecialFamily.assistance_status,
               SpecialFamily.consent_on, SpecialFamily.closed_on, SpecialFamily.anonymised_on,
               SpecialFamily.owner_site).where(*conditions)
    ).all()  # fmt: skip
    people: dict[str, dict[str, Any]] = {}
    for person in db.execute(
        select(FamilyPerson.family_id, FamilyPerson.role, FamilyPerson.name, FamilyPerson.name_pinyin,
               FamilyPerson.name_initials, FamilyPerson.phone)
        .where(FamilyPerson.deleted.is_(False), FamilyPerson.family_id.in_(chosen))
    ):  # fmt: skip
        people.setdefault(person.family_id, {})[person.role] = person
    last: dict[str, Any] = dict(
        db.execute(
            select(Visit.family_id, func.max(Visit.visited_on))
            .where(Visit.deleted.is_(False), Visit.family_id.in_(chosen), current_visits())
            .group_by(Visit.family_id)
        ).all()
    )
    gaps = {row.family_id: row.missing for row in checklist(session, actor, year, village_code=flt.village_code)}
    site = session.scalars(select(Site.id)).first()
    rows = []
    order: dict[str, tuple[str, str, str]] = {}
    nobody: dict[str, Any] = {}
    for family in families:
        who = people.get(family.id, nobody)
        mother, father, child = who.get("mother"), who.get("father"), who.get("child")
        phone = (mother.phone if mother is not None else None) or (father.phone if father is not None else None)
        first = mother or father or child
        order[family.id] = (family.village_code or "", first.name_pinyin if first is not None else "", family.id)
        rows.append(
            FamilyRow(
                id=family.id, village_code=family.village_code, categories=list(family.categories or ()),
                mother=mother.name if mother is not None else "", father=father.name if father is not None else "",
                child=child.name if child is not None else "", phone=mask_phone(phone),
                assistance_status=family.assistance_status, consent_on=family.consent_on,
                last_visit=_as_date(last.get(family.id)), missing=gaps.get(family.id, []),
                closed_on=family.closed_on, anonymised=family.anonymised_on is not None,
                imported=site is not None and family.owner_site not in (None, site),
                pinyin=" ".join(f"{p.name_pinyin} {p.name_initials}" for p in who.values()),
            )
        )  # fmt: skip
    rows.sort(key=lambda row: order[row.id])
    return rows


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
