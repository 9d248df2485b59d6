"""A special family's links to the rest of the office's records: its liaison household and its people's members.

A bereaved mother is often a member of the association, and the family is often one of a member's liaison households;
the links let the office go from one record to the other. The form picks a record by searching (`member_choices`,
`household_choices`); the registry checks that what it was given still exists (`check_links`), and links a parent
to the member with the same ID number when nobody chose one (`member_with_id_number`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, or_, select

from app.accounts.users import EDITORS, READERS, Actor, require_role
from app.errors import ValidationError
from app.members.listing import MemberFilter, member_ids, member_rows, normalise_query
from app.validation import mask_id_number
from db.models import Household, Member, Region

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHOICES = 12  # as many as a drop-down shows without scrolling; typing more narrows them


@dataclass(frozen=True)
class Choice:
    """A record a form may link to, with the line that tells it apart from others of the same name."""

    id: str
    text: str


def _member_text(name: str, village: str | None, born: int | None, id_number: str | None) -> str:
    details = [part for part in (village, f"{born}" if born else None, id_number) if part]
    return f"{name}（{'，'.join(details)}）" if details else name


def member_choices(session: Session, actor: Actor, text: str, *, limit: int = CHOICES) -> list[Choice]:
    """Current members whose name, pinyin, initials, phone or ID number match `text`, as the member list finds them."""
    require_role(actor, *EDITORS)
    if not normalise_query(text):
        return []
    ids = member_ids(session, actor, MemberFilter(query=text, status="current"), limit=limit)
    rows = member_rows(session, actor, ids)
    return [
        Choice(i, _member_text(r.name, r.village, r.birth_date.year if r.birth_date else None, r.id_number))
        for i in ids
        if (r := rows.get(i)) is not None
    ]


def _household_query() -> Select[str, str, str, str | None]:
    return (
        select(Household.id, Household.head_name, func.coalesce(Region.name, Household.village_code),
               Household.address)
        .outerjoin(Region, Region.code == Household.village_code)
        .where(Household.deleted.is_(False))
    )  # fmt: skip


def _household_text(head: str, village: str | None, address: str | None) -> str:
    details = [part for part in (village, address) if part]
    return f"{head}户（{'，'.join(details)}）" if details else f"{head}户"


def household_choices(session: Session, actor: Actor, text: str, *, limit: int = CHOICES) -> list[Choice]:
    """Liaison households whose head's name or address contains `text`, by head's name."""
    require_role(actor, *EDITORS)
    words = text.split()
    if not words:
        return []
    stmt = _household_query()
    for word in words:
        stmt = stmt.where(
            or_(Household.head_name.contains(word, autoescape=True), Household.address.contains(word, autoescape=True))
        )
    stmt = stmt.order_by(Household.head_name, Household.id).limit(limit)
    return [Choice(i, _household_text(head, village, address)) for i, head, village, address in session.execute(stmt)]


def link_texts(session: Session, actor: Actor, household_id: str | None, member_ids_: list[str]) -> dict[str, str]:
    """The lines the form shows for the records a family links to, keyed by id (a deleted record says so)."""
    require_role(actor, *READERS, "volunteer")
    out: dict[str, str] = {}
    if household_id:
        row = session.execute(_household_query().where(Household.id == household_id)).first()
        out[household_id] = _household_text(row[1], row[2], row[3]) if row else "（已删除的联系户）"
    wanted = [i for i in member_ids_ if i]
    if wanted:
        stmt = (
            select(Member.id, Member.name, func.coalesce(Region.name, Member.village_code), Member.birth_date,
                   Member.id_number)
            .outerjoin(Region, Region.code == Member.village_code)
            .where(Member.id.in_(wanted), Member.deleted.is_(False))
        )  # fmt: skip
        for i, name, village, born, id_number in session.execute(stmt):
            out[i] = _member_text(name, village, born.year if born else None, mask_id_number(id_number) or None)
        for i in wanted:
            out.setdefault(i, "（已删除的会员）")
    return out


def check_links(session: Session, household_id: str | None, member_ids_: list[str | None]) -> None:
    """Refuse a link to a household or member that does not exist (deleted since the form opened, or mistyped)."""
    if household_id and not session.scalar(
        select(Household.id).where(Household.id == household_id, Household.deleted.is_(False))
    ):
        raise ValidationError("所选的会员联系户已不存在，请重新选择。",
                              "The liaison household chosen no longer exists; choose it again.",
                              code="family.household_missing")  # fmt: skip
    wanted = {i for i in member_ids_ if i}
    if wanted:
        found = set(session.scalars(select(Member.id).where(Member.id.in_(wanted), Member.deleted.is_(False))))
        if wanted - found:
            raise ValidationError("所选的会员已不存在，请重新选择。", "A member chosen no longer exists; choose again.",
                                  code="family.member_missing")  # fmt: skip


def member_with_id_number(session: Session, id_number: str | None) -> str | None:
    """The one current member with this ID number, if exactly one has it."""
    if not id_number:
        return None
    found = list(
        session.scalars(select(Member.id).where(Member.id_number == id_number, Member.deleted.is_(False)).limit(2))
    )
    return found[0] if len(found) == 1 else None
