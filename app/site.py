"""Setting up this office as a site, and reading who it is."""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotSetUpError, ValidationError
from db.changelog import utcnow
from db.models import Region, Site

Level = Literal["village", "township", "county"]
LEVEL_NAMES_ZH = {"village": "村（居）", "township": "乡镇（街道）", "county": "县（区）"}
_REGION_CODE = re.compile(r"^\d{12}$")


@dataclass(frozen=True)
class SiteSetup:
    """What the secretary types on first start."""

    name: str
    level: str
    region_code: str


@dataclass(frozen=True)
class SiteInfo:
    """Who this installation is."""

    id: str
    name: str
    level: str
    region_code: str
    epoch: str
    is_demo: bool


def region_level(code: str) -> Level:
    """The level a 12-digit region code names: digits 7-12 zero is a county, 10-12 zero a township."""
    if code[6:] == "000000":
        return "county"
    if code[9:] == "000":
        return "township"
    return "village"


def validate_setup(setup: SiteSetup) -> SiteSetup:
    """The set-up with its name trimmed, or a ValidationError saying what is wrong."""
    name = " ".join(setup.name.split())
    code = setup.region_code.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not name:
        raise ValidationError("请填写本单位名称。", "Please enter the office's name.", code="site.name_empty")
    if len(name) > 100:
        raise ValidationError(
            "单位名称不能超过 100 个字。", "The name may have at most 100 characters.", code="site.name_long"
        )
    if setup.level not in LEVEL_NAMES_ZH:
        raise ValidationError(
            "级别只能是 village（村）、township（乡镇）或 county（县）。",
            "The level must be village, township or county.",
            code="site.level",
        )
    if not _REGION_CODE.match(code) or code[:2] == "00":
        raise ValidationError(
            f"统计用区划代码应为 12 位数字，而不是“{setup.region_code}”。",
            f"The region code must be 12 digits, not '{setup.region_code}'.",
            code="site.region_code",
        )
    if region_level(code) != setup.level:
        zh = LEVEL_NAMES_ZH[region_level(code)]
        raise ValidationError(
            f"区划代码 {code} 是{zh}级代码，与所选级别不符"
            "（县级后 6 位为 0，乡镇级后 3 位为 0，村级后 3 位不全为 0）。",
            f"Region code {code} is a {region_level(code)} code and does not match the chosen level "
            "(county: last 6 digits zero; township: last 3 zero; village: last 3 not all zero).",
            code="site.level_mismatch",
        )
    return SiteSetup(name=name, level=setup.level, region_code=code)


def new_epoch() -> str:
    """A fresh epoch: renewed on reinstall or restore so change numbers never collide with older ones."""
    return secrets.token_hex(8)


def set_up_site(session: Session, setup: SiteSetup, *, is_demo: bool = False) -> SiteInfo:
    """Make this database the site described by `setup`; refuses if it already is one."""
    setup = validate_setup(setup)
    existing = session.scalars(select(Site)).first()
    if existing is not None:
        raise ValidationError(
            f"此数据库已设置为“{existing.name}”，不能重复设置。",
            f"This database is already set up as '{existing.name}'.",
            code="site.exists",
        )
    site = Site(
        id=str(uuid.uuid4()),
        name=setup.name,
        level=setup.level,
        region_code=setup.region_code,
        epoch=new_epoch(),
        last_change_seq=0,
        last_hlc=0,
        is_demo=is_demo,
        created_at=utcnow(),
    )
    session.add(site)
    if session.get(Region, setup.region_code) is None:
        session.add(Region(code=setup.region_code, name=setup.name, level=setup.level, parent_code=None))
    session.flush()
    return _info(site)


def get_site(session: Session) -> SiteInfo | None:
    """This installation's site, or None before set-up."""
    site = session.scalars(select(Site)).first()
    return None if site is None else _info(site)


def require_site(session: Session) -> SiteInfo:
    """This installation's site; a NotSetUpError if set-up has not been done."""
    site = get_site(session)
    if site is None:
        raise NotSetUpError(
            "此数据库还没有设置本单位信息；请先运行 init 或 demo。",
            "This database has no office set up yet; run init or demo first.",
            code="site.missing",
        )
    return site


def _info(site: Site) -> SiteInfo:
    return SiteInfo(site.id, site.name, site.level, site.region_code, site.epoch, site.is_demo)


def region_names(session: Session, *, level: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of the known regions, by code; only those of `level` when given."""
    stmt = select(Region.code, Region.name).order_by(Region.code)
    if level is not None:
        stmt = stmt.where(Region.level == level)
    return [(code, name) for code, name in session.execute(stmt)]
