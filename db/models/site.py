"""This installation, the region tree it knows, and its change counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

LEVELS = ("village", "township", "county")


class Site(Base):
    """This installation: one row. Its epoch is renewed on reinstall or restore so change numbers never collide."""

    __tablename__ = "site"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(10))
    region_code: Mapped[str] = mapped_column(String(12), unique=True)
    epoch: Mapped[str] = mapped_column(String(16))
    # Counters of the change log, advanced atomically by `db.changelog` in the writing transaction.
    last_change_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_hlc: Mapped[int] = mapped_column(BigInteger, default=0)
    signing_key_fingerprint: Mapped[str | None] = mapped_column(String(64))
    age_key_fingerprint: Mapped[str | None] = mapped_column(String(64))
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]


class Region(Base):
    """A county, township or village this site knows, by its 12-digit statistical region code."""

    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(10))
    parent_code: Mapped[str | None] = mapped_column(String(12), index=True)


class Setting(Base):
    """One setting of this installation that every user shares (backup retention, idle lock); never synced."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
