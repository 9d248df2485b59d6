"""What a special families' report or export covers, and who may reveal what it masks.

Shared by the care file, the 五个一 checklist, the annual report and the exports: the year a report may be asked
for, the village a code names, and the reveal rule of `app.families.access` (admins and county staff, for a reason).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import exists, select

from app.accounts.users import Actor
from app.errors import AccessDenied, ValidationError
from app.privacy import require_reveal, wants_reveal
from db.models import Region, SpecialFamily

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FIRST_YEAR = 2000  # records of special families' care start well after this
FAMILY_REVEALERS = ("admin", "county")
NO_VILLAGE = "（未填写村居）"
_REGION_CODE = re.compile(r"^\d{12}$")


def check_year(year: int, today: date | None = None) -> int:
    """`year`, if a report may be asked for it: from 2000 to this year."""
    last = (today or date.today()).year
    if not FIRST_YEAR <= year <= last:
        raise ValidationError(
            f"年度应在 {FIRST_YEAR} 到 {last} 之间，而不是 {year}。",
            f"The year must be between {FIRST_YEAR} and {last}, not {year}.",
            code="report.year",
        )
    return year


def check_village(session: Session, code: str) -> str:
    """The name of the village `code` names (a 12-digit region code this office knows, or one its families have)."""
    code = code.strip()
    if not _REGION_CODE.match(code):
        raise ValidationError(
            f"村（居）应写作 12 位统计用区划代码，而不是“{code}”。",
            f"A village is given by its 12-digit region code, not {code!r}.",
            code="report.village",
        )
    name = session.scalar(select(Region.name).where(Region.code == code))
    if name is None and not session.scalar(select(exists().where(SpecialFamily.village_code == code))):
        raise ValidationError(
            f"本单位没有区划代码为 {code} 的村（居）。", f"This office has no village with region code {code}.",
            code="report.village",
        )  # fmt: skip
    return name or code


def village_names(session: Session, codes: Iterable[str | None]) -> dict[str | None, str]:
    """The names of the villages `codes` give (the code itself where the region table lacks it)."""
    wanted = {code for code in codes if code}
    query = select(Region.code, Region.name).where(Region.code.in_(wanted))
    found = dict(session.execute(query).all()) if wanted else {}
    names: dict[str | None, str] = {code: found.get(code, code) for code in wanted}
    names[None] = NO_VILLAGE
    return names


def family_reveal(actor: Actor, reason: str | None) -> str | None:
    """The cleaned reason if `actor` asked for full values and may see them, None if nothing is to be revealed.

    Special families' full details are for admins and county staff only (`app.families.access.view_family`).
    """
    if not wants_reveal(reason):
        return None
    if actor.role not in FAMILY_REVEALERS:
        raise AccessDenied(
            "您的账户不能查看特殊家庭的完整信息。", "Your account may not see special families' full details.",
            code="access.reveal",
        )  # fmt: skip
    return require_reveal(actor, reason)
