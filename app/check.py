"""Checking a database: SQLite's integrity check and the number of rows in every table."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.base import Base


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: the integrity check's messages ("ok" when sound) and rows per table."""

    integrity: list[str]
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.integrity == ["ok"]


def check_database(session: Session) -> CheckReport:
    """Run `PRAGMA integrity_check` and count the rows of every table of the model."""
    messages = [str(row[0]) for row in session.execute(text("PRAGMA integrity_check"))]
    counts = {
        name: int(session.execute(select(func.count()).select_from(table)).scalar_one())
        for name, table in sorted(Base.metadata.tables.items())
    }
    return CheckReport(integrity=messages, counts=counts)
