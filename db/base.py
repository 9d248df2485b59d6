"""Declarative base, naming convention, and the columns every syncable table carries."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, ForeignKey, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints let Alembic's batch mode (SQLite) find and alter them later.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A new record id: a random UUID, made where the record is born."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    """Base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: DateTime(),
        date: Date(),
        list[str]: JSON(),
        dict[str, object]: JSON(),
        bool: Boolean(),
    }


class Syncable:
    """Sync columns of a table whose changes travel in sync packages (see sync-format.md).

    The change-log hooks in `db.changelog` fill every one of these on each write; nothing else sets them.
    Times are UTC, stored without a zone.
    """

    __syncable__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    owner_site: Mapped[str] = mapped_column(String(36), index=True)
    rev_site: Mapped[str] = mapped_column(String(36))
    rev_epoch: Mapped[str] = mapped_column(String(16))
    rev_seq: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted: Mapped[bool] = mapped_column(default=False)


class Person:
    """Person core shared by members, volunteers and family members: who someone is and how to reach them."""

    name: Mapped[str] = mapped_column(String(50))
    name_pinyin: Mapped[str] = mapped_column(String(200), default="")
    name_initials: Mapped[str] = mapped_column(String(50), default="")
    sex: Mapped[str | None] = mapped_column(String(1))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    id_number: Mapped[str | None] = mapped_column(String(18))
    birth_date: Mapped[date | None]
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(200))


def is_syncable(cls: type) -> bool:
    """Whether instances of `cls` belong to a syncable table."""
    return bool(getattr(cls, "__syncable__", False))


def deferred_fk(target: str, *, use_alter: bool = False) -> ForeignKey:
    """A foreign key checked at commit, not per statement: a sync package may carry a child before its parent."""
    return ForeignKey(target, deferrable=True, initially="DEFERRED", use_alter=use_alter)
