"""Member rolls for export and print tests: a small demo roll plus members with names that are hard to print."""

from __future__ import annotations

from datetime import date

from app.database import Database
from app.demo import build_demo
from app.members.checks import check_member
from app.members.service import add_member
from app.validation import make_id_number, name_pinyin
from db.models import Member, Region
from tests.helpers.database import ADMIN, VILLAGE

TODAY = date(2026, 11, 23)
OTHER_VILLAGE = "440105001002"
# Rare characters a roster must print and a PDF must spell: 𠮷 (U+20BB7, Extension B) and 䶮 (U+4DAE, Extension A).
RARE_NAMES = ("𠮷祥", "刘䶮")


def build_roll(db: Database, members: int = 30, seed: int = 5) -> None:
    """A demo roll of about `members` members in the test village, two with rare characters in their names."""
    build_demo(db, members=members, seed=seed, today=TODAY)
    for number, name in enumerate(RARE_NAMES, 1):
        add(
            db,
            name=name,
            id_number=make_id_number("440105", date(1980, 1, number), 100 + number),
            joined_on="2020-5-29",
        )


def add(db: Database, **raw: object) -> str:
    """Put a member on the roll through the service, as the form would; returns the id."""
    with db.unit_of_work("secretary") as session:
        return add_member(session, ADMIN, check_member({"village_code": VILLAGE.region_code, **raw}, today=TODAY))


def add_raw(db: Database, name: str, **values: object) -> str:
    """Put a member on the roll without the checks: data as a sync package or an old file might carry it."""
    pinyin, initials = name_pinyin(name)
    with db.unit_of_work("secretary") as session:
        member = Member(
            name=name,
            name_pinyin=pinyin,
            name_initials=initials,
            **{"village_code": VILLAGE.region_code, "roles": [], **values},
        )
        session.add(member)
        session.flush()
        return member.id


def add_other_village(db: Database, name: str = "钱多多") -> str:
    """A second village in the region table and one member in it; returns the member's id."""
    with db.unit_of_work() as session:
        session.add(Region(code=OTHER_VILLAGE, name="新河村", level="village", parent_code=None))
    return add(db, name=name, id_number=make_id_number("440105", date(1975, 3, 3), 321), village_code=OTHER_VILLAGE)
