"""Insurance policies of a special family, one line per year and kind (保险保障, the fifth of the 五个一).

A policy recorded for a year meets the family's insurance item for that whole year. Admins and clerks record and
remove policies of their own office's families; every change is audited (the year and kind, never the premium).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from app import audit
from app.errors import ValidationError
from app.families.access import own_family, require_family_access
from db.models import FamilyInsurance

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.accounts.users import Actor

FIRST_YEAR = 2000
MAX_PREMIUM = 100_000


@dataclass(frozen=True)
class Policy:
    id: str
    year: int
    kind: str
    insurer: str | None
    premium: float | None


def insurance_of(session: Session, actor: Actor, family_id: str) -> list[Policy]:
    """The family's policies, newest year first."""
    require_family_access(session, actor, family_id)
    query = (
        select(FamilyInsurance)
        .where(FamilyInsurance.family_id == family_id, FamilyInsurance.deleted.is_(False))
        .order_by(FamilyInsurance.year.desc(), FamilyInsurance.kind)
    )
    return [Policy(p.id, p.year, p.kind, p.insurer, p.premium) for p in session.scalars(query)]


def record_insurance(
    session: Session,
    actor: Actor,
    family_id: str,
    year: int,
    kind: str,
    *,
    insurer: str = "",
    premium: float | None = None,
    today: date | None = None,
) -> str:
    """Record a policy (e.g. 计生特殊家庭综合保险) for `year`; returns its id."""
    own_family(session, actor, family_id)
    today = today or date.today()
    kind = " ".join(kind.split())
    if not kind:
        raise ValidationError("请填写险种。", "Give the kind of insurance.", code="insurance.kind")
    if not FIRST_YEAR <= year <= today.year + 1:
        raise ValidationError(f"保险年度应在 {FIRST_YEAR} 年到 {today.year + 1} 年之间。",
                              f"The year must be between {FIRST_YEAR} and {today.year + 1}.",
                              code="insurance.year")  # fmt: skip
    if premium is not None and not 0 <= premium <= MAX_PREMIUM:
        raise ValidationError("保费金额不合理。", "The premium is out of range.", code="insurance.premium")
    if any(p.year == year and p.kind == kind for p in insurance_of(session, actor, family_id)):
        raise ValidationError(f"{year} 年已登记“{kind}”。", f"{kind!r} is already recorded for {year}.",
                              code="insurance.duplicate")  # fmt: skip
    policy = FamilyInsurance(family_id=family_id, year=year, kind=kind[:40], insurer=insurer.strip() or None,
                             premium=premium)  # fmt: skip
    session.add(policy)
    session.flush()
    audit.record(session, actor.username, "record_change", tbl="family_insurance", record_id=policy.id,
                 detail={"family": family_id, "year": year})  # fmt: skip
    return policy.id


def remove_insurance(session: Session, actor: Actor, policy_id: str) -> None:
    """Remove a policy recorded by mistake."""
    policy = session.get(FamilyInsurance, policy_id)
    if policy is None or policy.deleted:
        raise ValidationError("找不到这条保险记录。", "This policy no longer exists.", code="insurance.missing")
    own_family(session, actor, policy.family_id)
    policy.deleted = True
    audit.record(session, actor.username, "record_change", tbl="family_insurance", record_id=policy_id,
                 detail={"family": policy.family_id, "year": policy.year, "deleted": True})  # fmt: skip
