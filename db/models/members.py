"""Members (会员), member groups (会员小组) and the history of a member's status."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Person, Syncable, deferred_fk

MEMBER_STATUSES = ("active", "transferred_out", "transferred_in", "withdrawn", "removed", "deceased")
STATUS_EVENTS = ("join", "transfer_in", "transfer_out", "withdraw", "remove", "decease")
MEMBER_ROLES = (
    "director",
    "president",
    "vice_president",
    "secretary_general",
    "group_leader",
    "hub_head",
    "core_member",
)


class MemberGroup(Syncable, Base):
    """A member group (会员小组), usually one per village team."""

    __tablename__ = "member_group"

    name: Mapped[str] = mapped_column(String(50))
    village_code: Mapped[str | None] = mapped_column(String(12), index=True)
    leader_member_id: Mapped[str | None] = mapped_column(deferred_fk("member.id", use_alter=True))
    notes: Mapped[str | None] = mapped_column(Text)


class Member(Syncable, Person, Base):
    """A member (会员) of a village or township association."""

    __tablename__ = "member"
    # Search looks names up by pinyin prefix, and numbers whole; the list sorts by these in SQL.
    __table_args__ = (
        Index("ix_member_name_pinyin", "name_pinyin"),
        Index("ix_member_name_initials", "name_initials"),
        Index("ix_member_id_number", "id_number"),
        Index("ix_member_phone", "phone"),
        Index("ix_member_joined_on", "joined_on"),
        Index("ix_member_birth_date", "birth_date"),
        # Covers the roll's everyday count ("current members") without reading the rows.
        Index("ix_member_deleted_status", "deleted", "status"),
    )

    village_code: Mapped[str | None] = mapped_column(String(12), index=True)
    member_no: Mapped[str | None] = mapped_column(String(30), index=True)
    member_type: Mapped[str] = mapped_column(String(12), default="individual")
    org_credit_code: Mapped[str | None] = mapped_column(String(18))
    joined_on: Mapped[date | None]
    group_id: Mapped[str | None] = mapped_column(deferred_fk("member_group.id"), index=True)
    roles: Mapped[list[str]] = mapped_column(default=list)
    political_status: Mapped[str | None] = mapped_column(String(20))
    education: Mapped[str | None] = mapped_column(String(20))
    occupation: Mapped[str | None] = mapped_column(String(50))
    migrant_status: Mapped[str] = mapped_column(String(10), default="none")
    migrant_place: Mapped[str | None] = mapped_column(String(100))
    migrant_since: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    status_since: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(Text)


class MemberStatusEvent(Syncable, Base):
    """One change of a member's status: join, transfer in/out (from/to where), withdraw, remove, decease."""

    __tablename__ = "member_status_event"

    member_id: Mapped[str] = mapped_column(deferred_fk("member.id"), index=True)
    event: Mapped[str] = mapped_column(String(16))
    on_date: Mapped[date]
    place: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(200))
