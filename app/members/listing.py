"""Finding members: one search box, filters and a sort, all done in SQL so the list stays instant at 100,000.

A query is read as what it looks like:
- Chinese characters: a name substring, through the search index (one character: `member_char`; more: the first
  pair in `member_gram`, then checked against the name);
- Latin letters: the start of the name's full pinyin or of its initials (张三: `zs`, `zhangs`, `zhangsan`);
- digits (and X): a whole ID number, the last 4 to 6 characters of one, a phone number or its last 4 digits, or the
  start of a member number.
No query ever scans the member table: each branch is an index lookup. A one-character name search in the list's
usual view (by name, filtered at most by status) is answered by `member_char` alone, which carries the member's
pinyin, status and tombstone flag: a common surname matches thousands of members, and reading each would be slow.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, func, literal_column, or_, select
from sqlalchemy.orm import Session

from app.accounts.users import READERS, Actor, require_role
from app.errors import ValidationError
from db.models import Member, member_char, member_gram

# Columns the list may sort by, and the SQL each sorts on (names sort by pinyin, as offices alphabetise).
SORT_COLUMNS: dict[str, Any] = {
    "name": Member.name_pinyin,
    "sex": Member.sex,
    "birth_date": Member.birth_date,
    "id_number": Member.id_number,
    "phone": Member.phone,
    "village_code": Member.village_code,
    "member_no": Member.member_no,
    "joined_on": Member.joined_on,
    "status": Member.status,
    "group_id": Member.group_id,
}
_MAX = "\U0010ffff"
CURRENT_STATUSES = ("active", "transferred_in")
_ASCII_FOLD = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")


@dataclass(frozen=True)
class MemberFilter:
    """What the user asked the list to show."""

    query: str = ""
    village_code: str | None = None
    group_id: str | None = None
    status: str | None = None  # None: every status; "current": active and transferred in
    role: str | None = None
    migrant: str | None = None  # "none", "out", "in"
    joined_year: int | None = None
    sort: str = "name"
    descending: bool = False


def normalise_query(text: str) -> str:
    """The query as the index stores things: NFC, full-width digits folded, spaces removed, upper-case X."""
    text = unicodedata.normalize("NFC", text).translate(_ASCII_FOLD)
    return "".join(text.split())


def _is_cjk(text: str) -> bool:
    return all(unicodedata.category(ch) == "Lo" or ch == "·" for ch in text)


def _gram_ids(condition: ColumnElement[bool]) -> Select[tuple[str]]:
    return select(member_gram.c.member_id).where(condition)


def _prefix(column: Any, text: str) -> ColumnElement[bool]:
    """`column` starts with `text`, written as a range so that SQLite uses the column's index."""
    return and_(column >= text, column < text + _MAX)


def query_condition(text: str) -> ColumnElement[bool] | None:
    """The WHERE clause for the search box's text, or None for an empty box."""
    q = normalise_query(text)
    if not q:
        return None
    if _is_cjk(q):
        if len(q) == 1:
            return Member.id.in_(select(member_char.c.member_id).where(member_char.c.ch == q))
        first_pair = Member.id.in_(_gram_ids(member_gram.c.gram == q[:2]))
        return first_pair if len(q) == 2 else and_(first_pair, Member.name.contains(q, autoescape=True))
    if re.fullmatch(r"[A-Za-z]+", q):
        low = q.lower()
        return or_(_prefix(Member.name_pinyin, low), _prefix(Member.name_initials, low))
    if re.fullmatch(r"[0-9X-]+", q.upper()):
        q = q.upper()
        options: list[ColumnElement[bool]] = [_prefix(Member.member_no, q)]
        digits = q.replace("-", "")
        if len(digits) in (15, 18):
            from app.validation import parse_id_number

            with contextlib.suppress(ValidationError):  # not a valid ID number: maybe a member or phone number
                options.append(Member.id_number == parse_id_number(digits).value)
        if 4 <= len(digits) <= 6:
            tail = Member.id.in_(_gram_ids(member_gram.c.gram == "#" + digits[-4:]))
            options.append(tail if len(digits) == 4 else and_(tail, Member.id_number.endswith(digits)))
        if len(digits) == 4 and digits.isdigit():
            options.append(Member.id.in_(_gram_ids(member_gram.c.gram == "@" + digits)))
        if len(digits) >= 7 and digits.isdigit():
            options.append(_prefix(Member.phone, digits if not digits.startswith("0") else q))
        return or_(*options)
    return _prefix(Member.member_no, q)


def filter_conditions(flt: MemberFilter, *, counting: bool = False) -> list[ColumnElement[bool]]:
    """Every WHERE clause the filter implies, tombstones excluded. For `counting`, the (deleted, status) index
    may serve: it holds what a count reads, where a page is better read along its sort column's index."""
    searched = query_condition(flt.query)

    def col(column: Any) -> Any:
        # With a search, its index must drive the query: "+column" keeps SQLite from choosing a filter's index
        # (a status matches nine members in ten) and then reading most of the roll.
        return literal_column(f"+member.{column.key}") if searched is not None else column

    def unindexed(column: Any) -> Any:
        # Conditions that hold for nearly every member (not a tombstone; a current status) never choose an index:
        # reading most of the roll through one and sorting it is slower than walking the sort column's index.
        return column if counting and searched is None else literal_column(f"+member.{column.key}")

    conditions: list[ColumnElement[bool]] = [unindexed(Member.deleted).is_(False)]
    if searched is not None:
        conditions.append(searched)

    if flt.village_code:
        conditions.append(col(Member.village_code) == flt.village_code)
    if flt.group_id:
        conditions.append(col(Member.group_id) == flt.group_id)
    if flt.status == "current":
        conditions.append(unindexed(Member.status).in_(CURRENT_STATUSES))
    elif flt.status:
        conditions.append(col(Member.status) == flt.status)
    if flt.role:
        # Roles are a short JSON list per member; the quotes make "director" not match "vice_director".
        conditions.append(cast(Member.roles, String).contains(f'"{flt.role}"', autoescape=True))
    if flt.migrant:
        conditions.append(Member.migrant_status == flt.migrant)
    if flt.joined_year:
        year = flt.joined_year
        joined = col(Member.joined_on)
        conditions.append(and_(joined >= date(year, 1, 1), joined < date(year + 1, 1, 1)))
    return conditions


def list_order(flt: MemberFilter) -> list[Any]:
    """The ORDER BY of the list: the chosen column, then the id so that equal values keep one order."""
    column = SORT_COLUMNS.get(flt.sort, Member.name_pinyin)
    if normalise_query(flt.query):
        # A search finds few rows through its own index; "+column" stops SQLite from walking the sort column's
        # index over the whole roll instead (it would, to avoid sorting, because of the LIMIT).
        column = literal_column(f"+member.{column.key}")
    return [column.desc() if flt.descending else column.asc(), Member.id]


def char_conditions(flt: MemberFilter) -> list[ColumnElement[bool]] | None:
    """For a one-character name search sorted by name and filtered at most by status, the WHERE clause on
    `member_char` alone that finds the same members; None for every other filter."""
    q = normalise_query(flt.query)
    others = (flt.village_code, flt.group_id, flt.role, flt.migrant, flt.joined_year)
    if len(q) != 1 or not _is_cjk(q) or flt.sort != "name" or any(others):
        return None
    c = member_char.c
    conditions = [c.ch == q, c.deleted.is_(False)]
    if flt.status == "current":
        conditions.append(c.status.in_(CURRENT_STATUSES))
    elif flt.status:
        conditions.append(c.status == flt.status)
    return conditions


def member_ids(
    session: Session, actor: Actor, flt: MemberFilter, *, offset: int = 0, limit: int | None = None
) -> list[str]:
    """The ids of matching members in the list's order, a page at a time."""
    require_role(actor, *READERS)
    chars = char_conditions(flt)
    if chars is not None:
        pinyin = member_char.c.name_pinyin
        stmt = (
            select(member_char.c.member_id)
            .where(*chars)
            .order_by(pinyin.desc() if flt.descending else pinyin.asc(), member_char.c.member_id)
        )
    else:
        stmt = select(Member.id).where(*filter_conditions(flt)).order_by(*list_order(flt))
    stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def count_members(session: Session, actor: Actor, flt: MemberFilter) -> int:
    """How many members match."""
    require_role(actor, *READERS)
    chars = char_conditions(flt)
    if chars is not None:
        return session.scalar(select(func.count()).select_from(member_char).where(*chars)) or 0
    return session.scalar(select(func.count()).select_from(Member).where(*filter_conditions(flt, counting=True))) or 0


@dataclass(frozen=True)
class MemberRow:
    """What the list shows of one member (ID number and phone masked unless revealed)."""

    id: str
    name: str
    sex: str | None
    birth_date: date | None
    id_number: str | None
    phone: str | None
    village: str | None
    member_no: str | None
    joined_on: date | None
    group: str | None
    roles: tuple[str, ...]
    status: str
    migrant_status: str
    address: str | None


def member_rows(
    session: Session, actor: Actor, ids: list[str], *, reveal_reason: str | None = None
) -> dict[str, MemberRow]:
    """The rows of the members `ids` (one query for a screenful), keyed by id.

    ID numbers and phones are masked unless `reveal_reason` is given by a role that may reveal; the list audits a
    reveal once, when the user turns it on (`audit_list_reveal`), not for every screenful.
    """
    from app.privacy import require_reveal, wants_reveal
    from app.validation import mask_id_number, mask_phone
    from db.models import MemberGroup, Region

    require_role(actor, *READERS)
    reveal = wants_reveal(reveal_reason)
    if reveal:
        require_reveal(actor, reveal_reason)

    stmt = (
        select(
            Member.id, Member.name, Member.sex, Member.birth_date, Member.id_number, Member.phone,
            func.coalesce(Region.name, Member.village_code), Member.member_no, Member.joined_on, MemberGroup.name,
            Member.roles, Member.status, Member.migrant_status, Member.address,
        )
        .outerjoin(MemberGroup, MemberGroup.id == Member.group_id)
        .outerjoin(Region, Region.code == Member.village_code)
        .where(Member.id.in_(ids))
    )  # fmt: skip
    rows = {}
    for row in session.execute(stmt):
        values = list(row)
        values[10] = tuple(values[10] or ())
        if not reveal:
            values[4], values[5] = mask_id_number(values[4]) or None, mask_phone(values[5]) or None
        rows[row[0]] = MemberRow(*values)
    return rows


def audit_list_reveal(session: Session, actor: Actor, reason: str) -> None:
    """Record that `actor` turned on full ID numbers and phones in the member list, and why."""
    from app import audit
    from app.privacy import require_reveal

    why = require_reveal(actor, reason)
    audit.record(session, actor.username, "reveal", tbl="member", detail={"reason": why, "where": "list"})


def first_page(session: Session, actor: Actor, flt: MemberFilter, page: int) -> tuple[list[str], int, bool]:
    """What the list shows first: (ids, total, complete): the first `page` ids and the count of all matches (one
    query when they fit on the page); the rest is paged in as the view scrolls."""
    ids = member_ids(session, actor, flt, limit=page)
    complete = len(ids) < page
    return ids, len(ids) if complete else count_members(session, actor, flt), complete
