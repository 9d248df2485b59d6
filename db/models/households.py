"""Liaison households (会员联系户), their members, and contacts with them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Syncable, deferred_fk

HOUSEHOLD_TAGS = ("one_child", "two_daughters", "migrant", "hardship", "special_family")
CONTACT_FREQUENCIES = ("monthly", "quarterly")
CONTACT_MODES = ("home_visit", "phone", "wechat")


class Household(Syncable, Base):
    """A household a member keeps in touch with."""

    __tablename__ = "household"

    head_name: Mapped[str] = mapped_column(String(50))
    head_id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    village_code: Mapped[str | None] = mapped_column(String(12), index=True)
    phone: Mapped[str | None] = mapped_column(String(30))
    tags: Mapped[list[str]] = mapped_column(default=list)
    liaison_member_id: Mapped[str | None] = mapped_column(deferred_fk("member.id"), index=True)
    contact_frequency: Mapped[str] = mapped_column(String(10), default="quarterly")
    notes: Mapped[str | None] = mapped_column(Text)


class HouseholdMember(Syncable, Base):
    """A person living in a liaison household, with the relation to the head (GB/T 4761 code)."""

    __tablename__ = "household_member"

    household_id: Mapped[str] = mapped_column(deferred_fk("household.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    relation: Mapped[str] = mapped_column(String(2))
    birth_year: Mapped[int | None] = mapped_column(Integer)


class ContactLog(Syncable, Base):
    """One contact between a member and a liaison household."""

    __tablename__ = "contact_log"

    household_id: Mapped[str] = mapped_column(deferred_fk("household.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(deferred_fk("member.id"))
    on_date: Mapped[date]
    mode: Mapped[str] = mapped_column(String(12))
    content: Mapped[str | None] = mapped_column(Text)
    issues_raised: Mapped[str | None] = mapped_column(Text)
