"""Reading the member roll for export and print: what a filter selects, in its order, a page at a time.

The Excel export and the printed roster both show members as people read them: the group by its name, the village
by its region name, codes as words, and ID and phone numbers masked unless the user revealed them for a reason.
Rows come from one SQL statement read in pages, as plain values, so a roll of 100,000 never sits in memory as
ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.members.fields import FIELDS, MIGRANT_LABELS, ROLE_LABELS, SEX_LABELS, STATUS_LABELS, label
from app.members.listing import MemberFilter, filter_conditions, list_order
from app.validation import mask_id_number, mask_phone
from db.models import Member, MemberGroup, Region

PAGE_ROWS = 1000
ROLE_SEPARATOR = "、"
# Members' columns read as they are stored; the group and the village are replaced by their names.
_PLAIN = tuple(field.key for field in FIELDS if field.key not in ("group_id", "village_code"))

Row = dict[str, Any]


def roll_pages(
    session: Session, flt: MemberFilter, *, reveal: bool, lang: str = "zh", page_rows: int = PAGE_ROWS
) -> Iterator[list[Row]]:
    """The members `flt` selects, in the list's order, as pages of display values keyed by field key.

    Dates stay dates; everything else is text or None.
    """
    order = list_order(flt)
    stmt = (
        select(
            *(getattr(Member, key) for key in _PLAIN),
            Member.village_code,
            Region.name.label("village_name"),
            MemberGroup.name.label("group_name"),
        )
        .outerjoin(Region, Region.code == Member.village_code)
        .outerjoin(MemberGroup, MemberGroup.id == Member.group_id)
        .where(*filter_conditions(flt))
        .order_by(*order)
        .execution_options(yield_per=page_rows)
    )
    for page in session.execute(stmt).partitions():
        yield [_display(row._mapping, reveal, lang) for row in page]


def _display(row: Any, reveal: bool, lang: str) -> Row:
    values: Row = {key: row[key] for key in _PLAIN}
    values["sex"] = label(SEX_LABELS, row["sex"], lang) or None
    values["status"] = label(STATUS_LABELS, row["status"], lang) or None
    values["migrant_status"] = label(MIGRANT_LABELS, row["migrant_status"], lang) or None
    values["roles"] = ROLE_SEPARATOR.join(label(ROLE_LABELS, role, lang) for role in row["roles"] or ()) or None
    values["village_code"] = row["village_name"] or row["village_code"]
    values["group_id"] = row["group_name"]
    if not reveal:
        values["id_number"] = mask_id_number(row["id_number"]) or None
        values["phone"] = mask_phone(row["phone"]) or None
    return values
