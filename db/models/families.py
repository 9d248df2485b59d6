"""Special families (计生特殊家庭), the people in them, their insurance, visits and activities.

Everything here is sensitive personal information (PIPL Art. 28): health, disability, bereavement.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Person, Syncable, deferred_fk

FAMILY_CATEGORIES = ("child_deceased", "child_disabled", "surgery_complication")
ASSISTANCE_STATUSES = ("none", "eligible", "receiving", "suspended", "stopped")
FAMILY_ROLES = ("father", "mother", "child")
FIVE_ONES = ("condolence_visit", "volunteer_home_service", "group_activity", "psych_support", "insurance")
VISIT_KINDS = (*FIVE_ONES, "holiday_visit", "phone_call", "emergency", "other")
FIVE_CARES = ("life", "spiritual", "elderly", "health", "rebirth", "advocacy")
ACTIVITY_TYPES = ("members_day", "group_activity", "publicity", "training", "free_clinic", "other")


class SpecialFamily(Syncable, Base):
    """A family whose only child died or is disabled, or with family-planning surgery complications."""

    __tablename__ = "special_family"

    village_code: Mapped[str | None] = mapped_column(String(12), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    categories: Mapped[list[str]] = mapped_column(default=list)
    living_arrangement: Mapped[str | None] = mapped_column(String(30))
    household_id: Mapped[str | None] = mapped_column(deferred_fk("household.id"))
    assistance_status: Mapped[str] = mapped_column(String(12), default="none")
    assistance_since: Mapped[int | None] = mapped_column(Integer)
    township_liaison_name: Mapped[str | None] = mapped_column(String(50))
    township_liaison_phone: Mapped[str | None] = mapped_column(String(30))
    village_liaison_name: Mapped[str | None] = mapped_column(String(50))
    village_liaison_phone: Mapped[str | None] = mapped_column(String(30))
    doctor_contract: Mapped[bool] = mapped_column(default=False)
    doctor_contract_on: Mapped[date | None]
    priority_care: Mapped[bool] = mapped_column(default=False)
    needs: Mapped[str | None] = mapped_column(Text)
    consent_on: Mapped[date | None]
    consent_scope: Mapped[str | None] = mapped_column(String(200))
    consent_signer: Mapped[str | None] = mapped_column(String(50))
    closed_on: Mapped[date | None]
    closed_reason: Mapped[str | None] = mapped_column(String(200))
    # Set when the family's people were anonymised (the purpose ended): counts stay, identities are gone.
    anonymised_on: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(Text)


class FamilyPerson(Syncable, Person, Base):
    """A parent or the child of a special family, with the health and disability data that make it special."""

    __tablename__ = "family_person"

    family_id: Mapped[str] = mapped_column(deferred_fk("special_family.id"), index=True)
    role: Mapped[str] = mapped_column(String(8))
    member_id: Mapped[str | None] = mapped_column(deferred_fk("member.id"))
    health: Mapped[str | None] = mapped_column(String(100))
    disability_category: Mapped[str | None] = mapped_column(String(20))
    disability_grade: Mapped[int | None] = mapped_column(Integer)
    disabled_on: Mapped[date | None]
    deceased_on: Mapped[date | None]


class FamilyInsurance(Syncable, Base):
    """An insurance policy a special family holds for one year (one of the 五个一)."""

    __tablename__ = "family_insurance"

    family_id: Mapped[str] = mapped_column(deferred_fk("special_family.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    insurer: Mapped[str | None] = mapped_column(String(100))
    premium: Mapped[float | None] = mapped_column(Numeric(10, 2, asdecimal=False))


class Visit(Syncable, Base):
    """One care contact with a special family. An event: a correction is a new visit that supersedes this one."""

    __tablename__ = "visit"
    # The yearly counts (五个一, visits per month) read visits by kind and date; with the deletion mark and the ids
    # their checks need, they read no visit row (bench/families_checklist.py: the dashboard's data in half the time).
    __table_args__ = (Index("ix_visit_kind_day", "kind", "visited_on", "deleted", "family_id", "id"),)

    family_id: Mapped[str] = mapped_column(deferred_fk("special_family.id"), index=True)
    visited_on: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(24))
    content: Mapped[str | None] = mapped_column(Text)
    five_cares: Mapped[list[str]] = mapped_column(default=list)
    state_found: Mapped[str | None] = mapped_column(Text)
    needs_found: Mapped[str | None] = mapped_column(Text)
    followup_action: Mapped[str | None] = mapped_column(String(200))
    followup_owner: Mapped[str | None] = mapped_column(String(50))
    followup_due: Mapped[date | None]
    followup_done: Mapped[bool] = mapped_column(default=False)
    hours: Mapped[float | None] = mapped_column(Numeric(6, 2, asdecimal=False))
    recorded_by: Mapped[str | None] = mapped_column(String(50))
    supersedes_id: Mapped[str | None] = mapped_column(deferred_fk("visit.id"), index=True)


class VisitVisitor(Syncable, Base):
    """Who went on a visit: a member, a volunteer, or a liaison named in free text."""

    __tablename__ = "visit_visitor"

    visit_id: Mapped[str] = mapped_column(deferred_fk("visit.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(deferred_fk("member.id"))
    volunteer_id: Mapped[str | None] = mapped_column(deferred_fk("volunteer.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(50))


class Activity(Syncable, Base):
    """An event: members' day, group activity, publicity, training, free clinic."""

    __tablename__ = "activity"

    held_on: Mapped[date] = mapped_column(index=True)
    type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(100))
    place: Mapped[str | None] = mapped_column(String(100))
    village_code: Mapped[str | None] = mapped_column(String(12))
    participant_count: Mapped[int] = mapped_column(Integer, default=0)
    hours: Mapped[float | None] = mapped_column(Numeric(6, 2, asdecimal=False))
    notes: Mapped[str | None] = mapped_column(Text)


class ActivityAttendance(Syncable, Base):
    """A special family, member or volunteer who took part in an activity."""

    __tablename__ = "activity_attendance"

    activity_id: Mapped[str] = mapped_column(deferred_fk("activity.id"), index=True)
    family_id: Mapped[str | None] = mapped_column(deferred_fk("special_family.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(deferred_fk("member.id"))
    volunteer_id: Mapped[str | None] = mapped_column(deferred_fk("volunteer.id"), index=True)
