"""Local user accounts and the audit log. Neither syncs: they belong to one installation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, BigInteger, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, new_id

ROLES = ("admin", "clerk", "volunteer", "county")


class User(Base):
    """A person who signs in to this installation."""

    __tablename__ = "user"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    volunteer_id: Mapped[str | None] = mapped_column(String(36))
    member_id: Mapped[str | None] = mapped_column(String(36))
    disabled: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]


class AuditLog(Base):
    """Who viewed, revealed, exported, printed or changed what, and when. Hash-chained so tampering shows.

    Append-only: triggers refuse to change or delete a row, so only someone who drops them with a database tool
    can, and then `app.audit.verify_chain` finds the break.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime]
    username: Mapped[str | None] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(30))
    tbl: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The newest audit row's number and hash (one row): cutting rows off the end of the chain shows as a mismatch."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    hash: Mapped[str] = mapped_column(String(64))


AUDIT_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit log rows cannot be changed'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit log rows cannot be deleted'); END",
)
for _trigger in AUDIT_TRIGGERS:
    event.listen(AuditLog.__table__, "after_create", DDL(_trigger))  # type: ignore[no-untyped-call]
