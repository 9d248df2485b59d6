"""The change log and the bookkeeping of sync packages (see sync-format.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base

CHANGE_OPS = ("upsert", "delete", "transfer")


class ChangeLog(Base):
    """One write to a syncable table, in the order this site made them. Written only by `db.changelog`."""

    __tablename__ = "change_log"

    site_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    epoch: Mapped[str] = mapped_column(String(16), primary_key=True)
    change_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    tbl: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(8))
    base_rev: Mapped[list[object] | None] = mapped_column(JSON)
    hlc: Mapped[int] = mapped_column(BigInteger)
    by: Mapped[str | None] = mapped_column(String(50))
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    after: Mapped[dict[str, object] | None] = mapped_column(JSON)
    at: Mapped[datetime]


class SyncPeer(Base):
    """Another site this one exchanges packages with: its keys, and whether it was confirmed or revoked."""

    __tablename__ = "sync_peer"

    site_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(12), index=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(10))
    relation: Mapped[str] = mapped_column(String(12))  # upstream | downstream
    signing_public_key: Mapped[str] = mapped_column(String(100))
    age_recipient: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    acked_epoch: Mapped[str | None] = mapped_column(String(16))
    acked_through: Mapped[int] = mapped_column(BigInteger, default=0)


class AppliedChange(Base):
    """A change from another site that this site has applied: the idempotency ledger of imports."""

    __tablename__ = "applied_change"

    site_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    epoch: Mapped[str] = mapped_column(String(16), primary_key=True)
    change_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    tbl: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    package_id: Mapped[str] = mapped_column(String(36), index=True)
    applied_at: Mapped[datetime]


class PackageLog(Base):
    """A package this site wrote or read: which one, from whom, its hash, and what became of it."""

    __tablename__ = "package_log"

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # out | in
    kind: Mapped[str] = mapped_column(String(10))
    site_id: Mapped[str] = mapped_column(String(36), index=True)
    epoch: Mapped[str] = mapped_column(String(16))
    package_seq: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12))
    file_name: Mapped[str | None] = mapped_column(String(200))
    report: Mapped[dict[str, object] | None] = mapped_column(JSON)
    at: Mapped[datetime]


class Conflict(Base):
    """A field changed on both sides, kept for review with both values."""

    __tablename__ = "conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tbl: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(40))
    local_value: Mapped[str | None] = mapped_column(Text)
    remote_value: Mapped[str | None] = mapped_column(Text)
    local_rev: Mapped[list[object] | None] = mapped_column(JSON)
    remote_rev: Mapped[list[object] | None] = mapped_column(JSON)
    winner: Mapped[str] = mapped_column(String(8))  # local | remote | none (sensitive: left for review)
    status: Mapped[str] = mapped_column(String(10), default="open")
    resolved_by: Mapped[str | None] = mapped_column(String(50))
    resolved_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
