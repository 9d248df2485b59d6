"""Importing a member roll from a workbook (.xlsx, .xls, .ods) as offices keep them.

`app.members.import_table` reads the sheet and maps its columns, `app.members.import_rows` checks each row and
compares it with the file's earlier rows and the roll. Here: `preview` says per row what would happen, writing
nothing; `run_import` streams the file chunk by chunk, checking and writing each in one transaction, so a cancel
or a refused import leaves the database exactly as it was and memory holds only the rows that have problems.
"""

from __future__ import annotations

import os
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import insert, select

from app import audit
from app.accounts.users import EDITORS, Actor, require_role
from app.members.import_rows import OnExisting, RowChecker, RowResult, RowRules, Status, problem_text
from app.members.import_table import ColumnMapping, open_table
from app.members.service import EDITABLE
from app.progress import NoProgress, Progress, check_cancelled
from app.site import require_site
from db.base import new_id
from db.engine import refresh_statistics
from db.models import Member, MemberGroup
from db.models.search import member_grams_deferred

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.database import Database

Mode = Literal["all", "valid"]

# A big import changes the roll enough for SQLite's planner statistics to need a refresh (about a second).
STATISTICS_AFTER_ROWS = 2000
_STATUSES: tuple[Status, ...] = ("new", "update", "unchanged", "duplicate", "warning", "error")


@dataclass
class ImportPreview:
    """What importing a sheet would do, row by row."""

    file: str
    sheet: str
    mapping: ColumnMapping
    rows: list[RowResult]
    on_existing: OnExisting
    ignored_rows: list[int] = field(default_factory=list)  # totals and signature lines below the table
    new_groups: list[str] = field(default_factory=list)  # member groups the import would create

    def count(self, status: Status) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def has_errors(self) -> bool:
        return any(r.status == "error" for r in self.rows)

    @property
    def problem_rows(self) -> list[RowResult]:
        """The rows with an error or a warning, for the error report."""
        return [r for r in self.rows if r.problems]

    def problem_text(self, row: RowResult, lang: str = "zh") -> str:
        """The row's problems in one line, each led by its column's header."""
        return problem_text(self.mapping, row, lang)


@dataclass
class ImportSummary:
    """What an import did (or, for a dry run, would do)."""

    created: int
    updated: int
    unchanged: int
    skipped: int  # duplicates, rows matching a member when told to skip, and valid rows of a refused import
    rejected: int  # rows with errors
    warnings: int  # rows imported with a warning
    file: str
    sheet: str
    mapping: ColumnMapping
    problem_rows: list[RowResult]  # every row with an error or a warning; rows without problems are not kept
    statuses: dict[str, int]  # rows per status, as a preview would count them
    mode: Mode
    dry_run: bool
    imported: bool  # False for a dry run and for an import refused because of errors (mode "all")
    ignored_rows: list[int] = field(default_factory=list)
    groups_created: list[str] = field(default_factory=list)  # for a dry run: the groups it would create

    @property
    def refused(self) -> bool:
        """True when mode "all" found errors and so imported nothing."""
        return self.mode == "all" and self.rejected > 0

    def problem_text(self, row: RowResult, lang: str = "zh") -> str:
        """The row's problems in one line, each led by its column's header."""
        return problem_text(self.mapping, row, lang)

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "warnings": self.warnings,
        }


def preview(
    session: Session,
    path: str | os.PathLike[str],
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    *,
    on_existing: OnExisting = "skip",
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
    today: date | None = None,
) -> ImportPreview:
    """What importing `sheet` of the workbook at `path` would do, row by row; writes nothing.

    Without `mapping` the header row is found and mapped automatically; without `sheet` the mapping's sheet (or
    the first sheet with a member roll header) is read.
    """
    rows: list[RowResult] = []
    with open_table(path, sheet, mapping) as table:
        rules = RowRules.for_mapping(session, table.mapping, today or date.today())
        checker = RowChecker(session, on_existing)
        for chunk in table.chunks(progress, "检查"):
            rows += checker.decide(chunk, rules.check(chunk))
    new_groups = list(dict.fromkeys(r.new_group for r in rows if r.new_group and r.action is not None))
    return ImportPreview(
        file=str(table.file),
        sheet=table.sheet,
        mapping=table.mapping,
        rows=rows,
        on_existing=on_existing,
        ignored_rows=table.ignored_rows,
        new_groups=new_groups,
    )


class _Refused(Exception):
    """Mode "all" met a row with an error: everything written so far is rolled back."""


def run_import(
    db: Database,
    actor: Actor,
    path: str | os.PathLike[str],
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    *,
    mode: Mode = "all",
    on_existing: OnExisting = "skip",
    dry_run: bool = False,
    progress: Progress = NoProgress(),  # noqa: B008 - a stateless default, never mutated
    today: date | None = None,
) -> ImportSummary:
    """Import the members of a sheet in one transaction; runs off the GUI thread.

    Mode "all" imports nothing when any row has an error; mode "valid" imports exactly the rows without errors.
    Members matched by ID number are updated or left alone as `on_existing` says. A dry run only checks. A
    cancel through `progress` raises `CancelledError` and leaves the database as it was. Every row is checked
    even after an error, so the summary (and the error report) lists all the problems of the file. Only admins
    and clerks may import; an import that writes is audited with its counts, and the database is backed up first.
    """
    if mode not in ("all", "valid"):
        raise ValueError(f"mode must be 'all' or 'valid', not {mode!r}")
    require_role(actor, *EDITORS)
    if not dry_run:
        from app.backups import create_backup

        create_backup(db, actor, "before-import")
    tally = _Tally()
    try:
        with db.unit_of_work(actor.username) as session, open_table(path, sheet, mapping) as table:
            require_site(session)
            rules = RowRules.for_mapping(session, table.mapping, today or date.today())
            checker = RowChecker(session, on_existing)
            writer = None if dry_run else _Writer(session)
            # New members are indexed for search in one statement at the end instead of a trigger run per row.
            with member_grams_deferred(session.connection()) if writer else nullcontext():
                for chunk in table.chunks(progress, "检查" if dry_run else "导入"):
                    rows = checker.decide(chunk, rules.check(chunk))
                    tally.add(rows)
                    if writer is not None and not (mode == "all" and tally.rejected):
                        writer.write([r for r in rows if r.action is not None])
                check_cancelled(progress)
            if writer is not None and mode == "all" and tally.rejected:
                raise _Refused  # undo what the chunks before the first error wrote
            if writer is not None and writer.wrote >= STATISTICS_AFTER_ROWS:
                refresh_statistics(session.connection())
            if writer is not None:
                audit.record(
                    session,
                    actor.username,
                    "import",
                    tbl="member",
                    detail={
                        "file": Path(path).name,
                        "created": tally.creates,
                        "updated": tally.updates,
                        "rejected": tally.rejected,
                        "mode": mode,
                    },
                )
    except _Refused:
        pass
    refused = mode == "all" and tally.rejected > 0
    imported = not dry_run and not refused
    acting = tally.creates + tally.updates
    return ImportSummary(
        created=0 if refused else tally.creates,
        updated=0 if refused else tally.updates,
        unchanged=tally.statuses["unchanged"],
        skipped=tally.statuses["duplicate"] + (acting if refused else 0),
        rejected=tally.rejected,
        warnings=0 if refused else tally.warned,
        file=str(table.file),
        sheet=table.sheet,
        mapping=table.mapping,
        problem_rows=tally.problem_rows,
        statuses={status: tally.statuses[status] for status in _STATUSES},
        mode=mode,
        dry_run=dry_run,
        imported=imported,
        ignored_rows=table.ignored_rows,
        groups_created=[] if refused else list(tally.new_groups),
    )


class _Tally:
    """Counts of the rows seen so far, and the rows worth reporting."""

    def __init__(self) -> None:
        self.statuses: Counter[str] = Counter()
        self.creates = self.updates = self.warned = 0
        self.problem_rows: list[RowResult] = []
        self.new_groups: dict[str, None] = {}  # ordered set

    @property
    def rejected(self) -> int:
        return self.statuses["error"]

    def add(self, rows: list[RowResult]) -> None:
        for r in rows:
            self.statuses[r.status] += 1
            if r.action == "create":
                self.creates += 1
            elif r.action == "update":
                self.updates += 1
            if r.action is not None and r.status == "warning":
                self.warned += 1
            if r.action is not None and r.new_group:
                self.new_groups[r.new_group] = None
            if r.problems:
                self.problem_rows.append(r)


class _Writer:
    """Writes the decided rows chunk by chunk: new member groups, new members in bulk, changes to matched ones."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.group_ids: dict[str, str] = {}
        self.wrote = 0
        self._member_stmt = insert(Member).execution_options(render_nulls=True)

    def write(self, rows: list[RowResult]) -> None:
        if not rows:
            return
        self._create_groups(rows)
        creates = [r for r in rows if r.action == "create"]
        if creates:
            self.session.execute(self._member_stmt, [self._new_member(r) for r in creates])
        updates = {r.member_id: r for r in rows if r.action == "update"}
        if updates:
            for member in self.session.scalars(select(Member).where(Member.id.in_(list(updates)))):
                r = updates[member.id]
                for key in r.changed:
                    setattr(member, key, r.values.get(key))
            self.session.flush()
        self.wrote += len(rows)

    def _create_groups(self, rows: list[RowResult]) -> None:
        new: dict[str, MemberGroup] = {}
        for r in rows:
            if r.new_group and r.new_group not in self.group_ids and r.new_group not in new:
                new[r.new_group] = MemberGroup(id=new_id(), name=r.new_group, village_code=r.values.get("village_code"))
        if new:
            self.session.add_all(new.values())
            self.session.flush()  # one flush: one allocation of change numbers for the chunk's new groups
            self.group_ids.update((name, group.id) for name, group in new.items())
        for r in rows:
            if r.new_group:
                r.values["group_id"] = self.group_ids[r.new_group]

    def _new_member(self, r: RowResult) -> dict[str, Any]:
        r.member_id = new_id()
        values = r.values
        status = values.get("status") or "active"
        # Every row carries the same keys (render_nulls), so a chunk goes to the driver as one statement.
        return {
            "id": r.member_id,
            **{key: values.get(key) for key in EDITABLE},
            "member_type": values.get("member_type") or "individual",
            "roles": values.get("roles") or [],
            "migrant_status": values.get("migrant_status") or "none",
            "status": status,
            "status_since": values.get("joined_on") if status == "active" else None,
        }
