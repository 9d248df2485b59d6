"""Volunteers (志愿者), their teams, their records, and pairings with special families."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Person, Syncable, deferred_fk

SKILLS = ("counsellor", "social_worker", "medical", "legal", "teacher", "housekeeping")
TEAM_TIERS = ("corps", "brigade", "squadron", "squad")  # 总队 / 大队 / 中队 / 小队
VOLUNTEER_STATUSES = ("active", "inactive", "left")
VOLUNTEER_RECORD_KINDS = ("service", "training", "award", "evaluation", "certificate")


class VolunteerTeam(Syncable, Base):
    """A volunteer team, in up to four tiers under a parent team."""

    __tablename__ = "volunteer_team"

    name: Mapped[str] = mapped_column(String(100))
    tier: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[str | None] = mapped_column(deferred_fk("volunteer_team.id"))
    region_code: Mapped[str | None] = mapped_column(String(12))
    leader_volunteer_id: Mapped[str | None] = mapped_column(deferred_fk("volunteer.id", use_alter=True))


class Volunteer(Syncable, Person, Base):
    """A volunteer; may also be a member (linked, not duplicated)."""

    __tablename__ = "volunteer"

    member_id: Mapped[str | None] = mapped_column(deferred_fk("member.id"))
    team_id: Mapped[str | None] = mapped_column(deferred_fk("volunteer_team.id"), index=True)
    skills: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[str] = mapped_column(String(10), default="active")
    joined_on: Mapped[date | None]
    village_code: Mapped[str | None] = mapped_column(String(12), index=True)
    notes: Mapped[str | None] = mapped_column(Text)


class VolunteerRecord(Syncable, Base):
    """A manual entry in a volunteer's file: a service outside visits, a training, an award, an evaluation."""

    __tablename__ = "volunteer_record"

    volunteer_id: Mapped[str] = mapped_column(deferred_fk("volunteer.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    on_date: Mapped[date]
    title: Mapped[str] = mapped_column(String(100))
    hours: Mapped[float | None] = mapped_column(Numeric(6, 2, asdecimal=False))
    notes: Mapped[str | None] = mapped_column(Text)


class Pairing(Syncable, Base):
    """A helper (volunteer or member) paired with a special family from one date to another."""

    __tablename__ = "pairing"

    family_id: Mapped[str] = mapped_column(deferred_fk("special_family.id"), index=True)
    volunteer_id: Mapped[str | None] = mapped_column(deferred_fk("volunteer.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(deferred_fk("member.id"))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
