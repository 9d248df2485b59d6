"""Who may do what with the member roll (design.md, "Roles"): admins and clerks change it, county staff only read it,
volunteers neither read nor change it, and only an admin deletes a member entered by mistake. ID numbers and phones
are masked wherever the roll is shown, exported or printed, and come in full only to a role that may reveal them and
gives a reason; every reveal, export, print and import leaves an audit row that names the reason, never the values.

Refused calls run in a unit of work that commits anyway, as a careless caller would: a refusal must come before
anything is written, not rely on the caller's rollback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts.users import Actor
from app.database import Database
from app.errors import AccessDenied, CancelledError, FpaError, ValidationError
from app.members.checks import check_member
from app.members.excel_export import SHEET_ZH, export_members
from app.members.excel_import import run_import
from app.members.fields import FIELDS
from app.members.groups import (
    create_group,
    group_by_name,
    list_groups,
    merge_groups,
    move_members,
    rename_group,
    set_leader,
)
from app.members.listing import (
    MemberFilter,
    audit_list_reveal,
    count_members,
    first_page,
    member_ids,
    member_rows,
)
from app.members.roster import write_roster
from app.members.service import (
    add_member,
    change_status,
    delete_mistaken,
    load_member_values,
    reveal_member,
    status_history,
    update_member,
)
from app.validation import mask_id_number, mask_phone
from db.models import AuditLog, ChangeLog, Member, MemberGroup, MemberStatusEvent
from tests.helpers import workbooks as wb
from tests.helpers.database import ADMIN, CLERK, COUNTY, ROLES, VOLUNTEER
from tests.unit.app.members.test_roster import _text

TODAY = date(2026, 11, 23)
VILLAGE = "440105001001"
NO_PERMISSION = "您的账户没有这项操作的权限。"
NO_REVEAL = "您的账户不能查看完整的身份证号和电话。"
NEEDS_REASON = "查看完整信息需要说明原因（例如“上报县计生协”）。"
REASON = "上报县计生协"
JOINED = "2017-05-29"

ZHANG_ID, ZHANG_PHONE = "11010519491231002X", "13812345678"
LI_ID, LI_PHONE = wb.id_number(date(1985, 3, 12), 21), "13900001111"
WANG_ID = wb.id_number(date(1990, 7, 8), 31)
# What every list, export and printout shows of 张三 unless revealed: written out, not computed by the code under test.
ZHANG_ID_MASKED, ZHANG_PHONE_MASKED = "110105********002X", "138****5678"
FULL_VALUES = (ZHANG_ID, ZHANG_PHONE, LI_ID, LI_PHONE)

EDITING_ROLES = ("admin", "clerk")
READING_ROLES = ("admin", "clerk", "county")
NOT_EDITING_ROLES = ("county", "volunteer")
COLUMN = {field.key: index for index, field in enumerate(FIELDS)}


@dataclass(frozen=True)
class Roll:
    """Two members, each in a group of their own: 张三 in 一组, 李四 in 二组."""

    zhang: str
    li: str
    one: str
    two: str


def _add(session: Session, name: str, id_number: str, phone: str) -> str:
    person = {"name": name, "id_number": id_number, "phone": phone}
    checked = check_member({**person, "village_code": VILLAGE, "joined_on": JOINED}, today=TODAY)
    return add_member(session, ADMIN, checked)


@pytest.fixture
def roll(db: Database) -> Roll:
    with db.unit_of_work("admin") as session:
        zhang, li = _add(session, "张三", ZHANG_ID, ZHANG_PHONE), _add(session, "李四", LI_ID, LI_PHONE)
        one, two = create_group(session, ADMIN, "一组", VILLAGE), create_group(session, ADMIN, "二组", VILLAGE)
        move_members(session, ADMIN, [zhang], one)
        move_members(session, ADMIN, [li], two)
    return Roll(zhang, li, one, two)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for exported and printed files (the database lives in `tmp_path` itself)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def as_user[T](db: Database, actor: Actor, action: Callable[[Session], T]) -> T:
    """`action` in a unit of work of `actor` that commits even when the action is refused, then the refusal."""
    refusal: FpaError | None = None
    with db.unit_of_work(actor.username) as session:
        try:
            return action(session)
        except FpaError as exc:
            refusal = exc
    assert refusal is not None
    raise refusal


def state(db: Database) -> dict[str, Any]:
    """Everything a refused write might have touched: members, groups, status events, change log and audit log."""
    with db.unit_of_work() as session:

        def count(model: Any) -> int:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

        return {
            "live members": session.scalar(select(func.count()).select_from(Member).where(Member.deleted.is_(False))),
            "live groups": session.scalar(
                select(func.count()).select_from(MemberGroup).where(MemberGroup.deleted.is_(False))
            ),
            "members": session.execute(
                select(Member.id, Member.name, Member.phone, Member.status, Member.group_id, Member.roles,
                       Member.deleted, Member.notes).order_by(Member.id)
            ).all(),
            "groups": session.execute(
                select(MemberGroup.id, MemberGroup.name, MemberGroup.leader_member_id, MemberGroup.deleted)
                .order_by(MemberGroup.id)
            ).all(),
            "status events": count(MemberStatusEvent),
            "change log": count(ChangeLog),
            "audit log": count(AuditLog),
        }  # fmt: skip


def roll_view(db: Database) -> dict[str, tuple[str, str | None, str | None]]:
    """The live roll as a user sees it: name -> (status, group name, phone)."""
    with db.unit_of_work() as session:
        rows = session.execute(
            select(Member.name, Member.status, MemberGroup.name, Member.phone)
            .outerjoin(MemberGroup, MemberGroup.id == Member.group_id)
            .where(Member.deleted.is_(False))
        )
        return {name: (status, group, phone) for name, status, group, phone in rows}


def groups_view(db: Database) -> dict[str, tuple[str | None, int]]:
    """The groups list: name -> (leader's name, members)."""
    with db.unit_of_work() as session:
        return {g.name: (g.leader_name, g.members) for g in list_groups(session, ADMIN)}


def audit_rows(db: Database, action: str) -> list[AuditLog]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.seq)))


# --- writes -------------------------------------------------------------------------------------------------

Write = Callable[[Database, Actor, Roll, Path], object]


def committing(write: Callable[[Session, Actor, Roll], object]) -> Write:
    return lambda db, actor, roll, _folder: as_user(db, actor, lambda session: write(session, actor, roll))


def _import(db: Database, actor: Actor, _roll: Roll, folder: Path) -> object:
    path = wb.simple_roll(folder, [["王五", WANG_ID, "13700001111", "2020-01-01"]])
    return run_import(db, actor, path, today=TODAY)


def _update(session: Session, actor: Actor, roll: Roll) -> object:
    raw: dict[str, object] = {"name": "张三", "id_number": ZHANG_ID, "phone": "13900002222", "village_code": VILLAGE,
                              "joined_on": JOINED, "group_id": roll.one}  # fmt: skip
    return update_member(session, actor, roll.zhang, check_member(raw, today=TODAY))


View = dict[str, Any]
# Each write, and what the roll and the groups list show once it succeeded.
WRITES: dict[str, tuple[Write, Callable[[View, View], bool]]] = {
    "add_member": (
        committing(lambda s, a, r: add_member(s, a, check_member({"name": "王五", "village_code": VILLAGE}))),
        lambda members, groups: "王五" in members and len(members) == 3,
    ),
    "update_member": (committing(_update), lambda members, groups: members["张三"][1:] == ("一组", "13900002222")),
    "change_status": (
        committing(lambda s, a, r: change_status(s, a, r.zhang, "withdraw", date(2026, 1, 5), today=TODAY)),
        lambda members, groups: members["张三"][0] == "withdrawn",
    ),
    "delete_mistaken": (
        committing(lambda s, a, r: delete_mistaken(s, a, r.zhang, reason="重复录入")),
        lambda members, groups: set(members) == {"李四"},
    ),
    "create_group": (
        committing(lambda s, a, r: create_group(s, a, "三组", VILLAGE)),
        lambda members, groups: groups["三组"] == (None, 0),
    ),
    "rename_group": (
        committing(lambda s, a, r: rename_group(s, a, r.one, "东片小组")),
        lambda members, groups: set(groups) == {"东片小组", "二组"} and members["张三"][1] == "东片小组",
    ),
    "set_leader": (
        committing(lambda s, a, r: set_leader(s, a, r.one, r.zhang)),
        lambda members, groups: groups["一组"] == ("张三", 1),
    ),
    "move_members": (
        committing(lambda s, a, r: move_members(s, a, [r.li], r.one)),
        lambda members, groups: members["李四"][1] == "一组" and groups == {"一组": (None, 2), "二组": (None, 0)},
    ),
    "merge_groups": (
        committing(lambda s, a, r: merge_groups(s, a, r.two, r.one)),
        lambda members, groups: groups == {"一组": (None, 2)},
    ),
    "run_import": (_import, lambda members, groups: members["王五"][2] == "13700001111" and len(members) == 3),
}

# delete_mistaken refuses every non-admin with a ValidationError that tells a clerk to use a status change instead;
# for county and volunteer accounts, which may not change a status either, it should be the plain role refusal.


@pytest.mark.parametrize(
    ("role", "write"),
    [(role, write) for role in NOT_EDITING_ROLES for write in WRITES],
)
def test_county_and_volunteer_accounts_cannot_change_the_roll(
    db: Database, roll: Roll, out: Path, role: str, write: str
) -> None:
    before = state(db)
    do, _ = WRITES[write]
    with pytest.raises(AccessDenied) as refused:
        do(db, ROLES[role], roll, out)
    assert refused.value.zh == NO_PERMISSION and str(refused.value) == NO_PERMISSION
    assert refused.value.code == "access.role"
    assert state(db) == before


@pytest.mark.parametrize(
    ("role", "write"),
    [(role, write) for role in EDITING_ROLES for write in WRITES if (role, write) != ("clerk", "delete_mistaken")],
)
def test_admins_and_clerks_change_the_roll(db: Database, roll: Roll, out: Path, role: str, write: str) -> None:
    do, shows = WRITES[write]
    do(db, ROLES[role], roll, out)
    assert shows(roll_view(db), groups_view(db))


def test_a_clerk_is_told_that_only_an_admin_deletes_a_mistaken_member(db: Database, roll: Roll) -> None:
    before = state(db)
    with pytest.raises(ValidationError) as refused:
        as_user(db, CLERK, lambda session: delete_mistaken(session, CLERK, roll.zhang, reason="重复录入"))
    assert "只有管理员" in refused.value.zh and refused.value.code == "member.delete_not_admin"
    assert state(db) == before


@pytest.mark.parametrize("role", ["clerk", "county", "volunteer"])
def test_no_one_but_an_admin_deletes_a_mistaken_member(db: Database, roll: Roll, role: str) -> None:
    before = state(db)
    actor = ROLES[role]
    with pytest.raises(FpaError):
        as_user(db, actor, lambda session: delete_mistaken(session, actor, roll.zhang, reason="重复录入"))
    assert state(db) == before
    assert set(roll_view(db)) == {"张三", "李四"}


# --- reads --------------------------------------------------------------------------------------------------

Read = Callable[[Session, Actor, Roll, Path], Any]


def _exported(session: Session, actor: Actor, _roll: Roll, folder: Path) -> tuple[int, list[str]]:
    rows = export_members(session, actor, MemberFilter(), folder / "名册.xlsx")
    return rows, [path.name for path in folder.iterdir()]


def _printed(session: Session, actor: Actor, _roll: Roll, folder: Path) -> tuple[int, list[str]]:
    summary = write_roster(session, actor, MemberFilter(), folder / "花名册.pdf", today=TODAY)
    return summary.rows, [path.name for path in folder.iterdir()]


def _first_page(session: Session, actor: Actor, _roll: Roll, _folder: Path) -> tuple[list[str], int, bool]:
    ids, total, complete = first_page(session, actor, MemberFilter(), 50)
    return sorted(ids), total, complete


# Each read, and what a reading role gets from it.
READS: dict[str, tuple[Read, Callable[[Roll], Any]]] = {
    "member_ids": (lambda s, a, r, f: sorted(member_ids(s, a, MemberFilter())), lambda r: sorted([r.zhang, r.li])),
    "count_members": (lambda s, a, r, f: count_members(s, a, MemberFilter()), lambda r: 2),
    "member_rows": (
        lambda s, a, r, f: {row.name for row in member_rows(s, a, [r.zhang, r.li]).values()},
        lambda r: {"张三", "李四"},
    ),
    "first_page": (_first_page, lambda r: (sorted([r.zhang, r.li]), 2, True)),
    "status_history": (
        lambda s, a, r, f: [(h.event, h.on_date) for h in status_history(s, a, r.zhang)],
        lambda r: [("join", date(2017, 5, 29))],
    ),
    "list_groups": (
        lambda s, a, r, f: {(g.name, g.members) for g in list_groups(s, a, VILLAGE)},
        lambda r: {("一组", 1), ("二组", 1)},
    ),
    "group_by_name": (lambda s, a, r, f: group_by_name(s, a, "二组", VILLAGE), lambda r: r.two),
    "load_member_values": (
        lambda s, a, r, f: {k: v for k, v in load_member_values(s, a, r.zhang).items() if k in ("name", "group_id")},
        lambda r: {"name": "张三", "group_id": r.one},
    ),
    "export_members": (_exported, lambda r: (2, ["名册.xlsx"])),
    "write_roster": (_printed, lambda r: (2, ["花名册.pdf"])),
}


@pytest.mark.parametrize("read", READS)
@pytest.mark.parametrize("role", READING_ROLES)
def test_admins_clerks_and_county_staff_read_the_roll(
    db: Database, roll: Roll, out: Path, role: str, read: str
) -> None:
    do, expected = READS[read]
    actor = ROLES[role]
    assert as_user(db, actor, lambda session: do(session, actor, roll, out)) == expected(roll)


@pytest.mark.parametrize("read", READS)
def test_a_volunteer_cannot_read_the_roll(db: Database, roll: Roll, out: Path, read: str) -> None:
    before = state(db)
    do, _ = READS[read]
    with pytest.raises(AccessDenied) as refused:
        as_user(db, VOLUNTEER, lambda session: do(session, VOLUNTEER, roll, out))
    assert refused.value.zh == NO_PERMISSION
    assert list(out.iterdir()) == []  # no workbook, no PDF, not even a partial one
    assert state(db) == before  # no audit row either


# --- the member list: masked unless revealed ----------------------------------------------------------------


def _zhang_row(db: Database, actor: Actor, roll: Roll, reason: str | None) -> tuple[str | None, str | None]:
    rows = as_user(db, actor, lambda session: member_rows(session, actor, [roll.zhang], reveal_reason=reason))
    return rows[roll.zhang].id_number, rows[roll.zhang].phone


@pytest.mark.parametrize("reason", [None, "", "   ", "\t\n"])
@pytest.mark.parametrize("role", READING_ROLES)
def test_the_list_masks_id_numbers_and_phones_without_a_reason(
    db: Database, roll: Roll, role: str, reason: str | None
) -> None:
    assert _zhang_row(db, ROLES[role], roll, reason) == (ZHANG_ID_MASKED, ZHANG_PHONE_MASKED)
    assert (mask_id_number(ZHANG_ID), mask_phone(ZHANG_PHONE)) == (ZHANG_ID_MASKED, ZHANG_PHONE_MASKED)


@pytest.mark.parametrize("role", READING_ROLES)
def test_the_list_shows_full_numbers_for_a_reason(db: Database, roll: Roll, role: str) -> None:
    assert _zhang_row(db, ROLES[role], roll, REASON) == (ZHANG_ID, ZHANG_PHONE)


@pytest.mark.parametrize("reason", [REASON, None])
def test_a_volunteer_gets_no_list_rows_with_or_without_a_reason(db: Database, roll: Roll, reason: str | None) -> None:
    with pytest.raises(AccessDenied) as refused:
        _zhang_row(db, VOLUNTEER, roll, reason)
    assert refused.value.zh == NO_PERMISSION


@pytest.mark.parametrize("role", READING_ROLES)
def test_turning_on_full_numbers_in_the_list_is_audited_with_the_reason(db: Database, roll: Roll, role: str) -> None:
    actor = ROLES[role]
    as_user(db, actor, lambda session: audit_list_reveal(session, actor, f"  {REASON}  "))
    (row,) = audit_rows(db, "reveal")
    assert (row.username, row.tbl) == (actor.username, "member")
    assert json.loads(row.detail or "") == {"reason": REASON, "where": "list"}


@pytest.mark.parametrize(
    ("role", "reason", "error", "message"),
    [
        ("volunteer", REASON, AccessDenied, NO_REVEAL),
        ("admin", "   ", ValidationError, NEEDS_REASON),
        ("county", "", ValidationError, NEEDS_REASON),
    ],
)
def test_turning_on_full_numbers_in_the_list_is_refused_without_leave_or_reason(
    db: Database, roll: Roll, role: str, reason: str, error: type[FpaError], message: str
) -> None:
    actor = ROLES[role]
    with pytest.raises(error) as refused:
        as_user(db, actor, lambda session: audit_list_reveal(session, actor, reason))
    assert refused.value.zh == message
    assert audit_rows(db, "reveal") == []


# --- one member revealed ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", READING_ROLES)
def test_a_member_s_full_numbers_are_revealed_for_a_reason_and_audited(db: Database, roll: Roll, role: str) -> None:
    actor = ROLES[role]
    before = state(db)["audit log"]
    shown = as_user(db, actor, lambda session: reveal_member(session, actor, roll.zhang, REASON))
    assert shown == {"id_number": ZHANG_ID, "phone": ZHANG_PHONE}
    assert state(db)["audit log"] == before + 1
    (row,) = audit_rows(db, "reveal")
    assert (row.username, row.action, row.tbl, row.record_id) == (actor.username, "reveal", "member", roll.zhang)
    detail = row.detail or ""
    assert REASON in detail
    assert not any(value in detail for value in (*FULL_VALUES, ZHANG_ID_MASKED, ZHANG_PHONE_MASKED))


def test_a_volunteer_cannot_reveal_a_member(db: Database, roll: Roll) -> None:
    before = state(db)
    with pytest.raises(AccessDenied) as refused:
        as_user(db, VOLUNTEER, lambda session: reveal_member(session, VOLUNTEER, roll.zhang, REASON))
    assert refused.value.zh == NO_REVEAL and refused.value.code == "access.reveal"
    assert state(db) == before


@pytest.mark.parametrize("reason", ["", "   ", "\u3000"])
@pytest.mark.parametrize("role", READING_ROLES)
def test_revealing_a_member_needs_a_reason(db: Database, roll: Roll, role: str, reason: str) -> None:
    actor = ROLES[role]
    before = state(db)
    with pytest.raises(ValidationError) as refused:
        as_user(db, actor, lambda session: reveal_member(session, actor, roll.zhang, reason))
    assert refused.value.zh == NEEDS_REASON
    assert state(db) == before
    assert audit_rows(db, "reveal") == []


# --- export and print ---------------------------------------------------------------------------------------


def _export(db: Database, actor: Actor, path: Path, reason: str | None = None, **kwargs: Any) -> int:
    return as_user(
        db, actor, lambda session: export_members(session, actor, MemberFilter(), path, reveal_reason=reason, **kwargs)
    )


def _print(db: Database, actor: Actor, path: Path, reason: str | None = None) -> object:
    return as_user(
        db,
        actor,
        lambda session: write_roster(session, actor, MemberFilter(), path, reveal_reason=reason, today=TODAY),
    )


def _cells(path: Path) -> list[tuple[Any, ...]]:
    return list(load_workbook(path)[SHEET_ZH].iter_rows(min_row=2, values_only=True))


def _detail(row: AuditLog) -> dict[str, Any]:
    detail: dict[str, Any] = json.loads(row.detail or "")
    return detail


@pytest.mark.parametrize("reason", [None, "  "])
@pytest.mark.parametrize("role", READING_ROLES)
def test_an_export_is_masked_by_default_and_audited(
    db: Database, roll: Roll, out: Path, role: str, reason: str | None
) -> None:
    actor = ROLES[role]
    assert _export(db, actor, out / "名册.xlsx", reason) == 2
    cells = _cells(out / "名册.xlsx")
    zhang = next(row for row in cells if row[COLUMN["name"]] == "张三")
    assert (zhang[COLUMN["id_number"]], zhang[COLUMN["phone"]]) == (ZHANG_ID_MASKED, ZHANG_PHONE_MASKED)
    assert not any(value in str(cell) for row in cells for cell in row for value in FULL_VALUES)
    (row,) = audit_rows(db, "export")
    assert (row.username, row.tbl) == (actor.username, "member")
    assert _detail(row) == {"file": "名册.xlsx", "rows": 2, "revealed": False}


@pytest.mark.parametrize("role", READING_ROLES)
def test_a_revealed_export_has_full_numbers_and_its_reason_is_audited(
    db: Database, roll: Roll, out: Path, role: str
) -> None:
    actor = ROLES[role]
    _export(db, actor, out / "名册.xlsx", REASON)
    cells = _cells(out / "名册.xlsx")
    assert {(row[COLUMN["id_number"]], row[COLUMN["phone"]]) for row in cells} == {
        (ZHANG_ID, ZHANG_PHONE),
        (LI_ID, LI_PHONE),
    }
    (row,) = audit_rows(db, "export")
    assert _detail(row) == {"file": "名册.xlsx", "rows": 2, "revealed": True, "reason": REASON}
    assert not any(value in (row.detail or "") for value in FULL_VALUES)


@pytest.mark.parametrize("reason", [None, REASON])
def test_a_volunteer_exports_nothing_and_leaves_no_audit_row(
    db: Database, roll: Roll, out: Path, reason: str | None
) -> None:
    with pytest.raises(AccessDenied) as refused:
        _export(db, VOLUNTEER, out / "名册.xlsx", reason)
    assert refused.value.zh == NO_PERMISSION
    assert list(out.iterdir()) == []
    assert audit_rows(db, "export") == []


class Cancel:
    """Progress whose user presses Cancel at once."""

    def start(self, total: int, label: str = "") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def cancelled(self) -> bool:
        return True


def test_a_failed_or_cancelled_export_leaves_no_audit_row(db: Database, roll: Roll, out: Path) -> None:
    with pytest.raises(FpaError) as failed:
        _export(db, CLERK, out / "no such folder" / "名册.xlsx", REASON)
    assert failed.value.code == "file.write"
    with pytest.raises(CancelledError):
        _export(db, COUNTY, out / "名册.xlsx", REASON, progress=Cancel())
    assert list(out.iterdir()) == []
    assert audit_rows(db, "export") == []


@pytest.mark.parametrize("reason", [None, "  "])
@pytest.mark.parametrize("role", READING_ROLES)
def test_a_printed_roster_is_masked_by_default_and_audited(
    db: Database, roll: Roll, out: Path, role: str, reason: str | None
) -> None:
    actor = ROLES[role]
    _print(db, actor, out / "花名册.pdf", reason)
    text = _text(out / "花名册.pdf")
    assert "张三" in text and ZHANG_ID_MASKED in text and ZHANG_PHONE_MASKED in text
    assert not any(value in text for value in FULL_VALUES)
    (row,) = audit_rows(db, "print")
    assert (row.username, row.tbl) == (actor.username, "member")
    assert _detail(row) == {"file": "花名册.pdf", "rows": 2, "pages": 1, "revealed": False}


@pytest.mark.parametrize("role", READING_ROLES)
def test_a_revealed_roster_has_full_numbers_and_its_reason_is_audited(
    db: Database, roll: Roll, out: Path, role: str
) -> None:
    actor = ROLES[role]
    _print(db, actor, out / "花名册.pdf", REASON)
    text = _text(out / "花名册.pdf")
    assert all(value in text for value in FULL_VALUES)
    assert ZHANG_ID_MASKED not in text
    (row,) = audit_rows(db, "print")
    assert _detail(row) == {"file": "花名册.pdf", "rows": 2, "pages": 1, "revealed": True, "reason": REASON}
    assert not any(value in (row.detail or "") for value in FULL_VALUES)


@pytest.mark.parametrize("reason", [None, REASON])
def test_a_volunteer_prints_nothing_and_leaves_no_audit_row(
    db: Database, roll: Roll, out: Path, reason: str | None
) -> None:
    with pytest.raises(AccessDenied) as refused:
        _print(db, VOLUNTEER, out / "花名册.pdf", reason)
    assert refused.value.zh == NO_PERMISSION
    assert list(out.iterdir()) == []
    assert audit_rows(db, "print") == []


def test_a_failed_print_leaves_no_audit_row(db: Database, roll: Roll, out: Path) -> None:
    with pytest.raises(FpaError) as failed:
        _print(db, ADMIN, out / "no such folder" / "花名册.pdf", REASON)
    assert failed.value.code == "file.write"
    assert audit_rows(db, "print") == []


# --- import -------------------------------------------------------------------------------------------------


def test_an_import_by_a_clerk_is_audited_with_its_counts(db: Database, roll: Roll, out: Path) -> None:
    path = wb.simple_roll(
        out,
        [["王五", WANG_ID, "13700001111", "2020-01-01"], ["张三", ZHANG_ID, ZHANG_PHONE, "2017-05-29"]],
        name="新会员.xlsx",
    )
    summary = run_import(db, CLERK, path, on_existing="skip", today=TODAY)
    assert summary.imported and summary.created == 1
    (row,) = audit_rows(db, "import")
    assert (row.username, row.tbl) == ("clerk", "member")
    assert _detail(row) == {"file": "新会员.xlsx", "created": 1, "updated": 0, "rejected": 0, "mode": "all"}
    assert not any(value in (row.detail or "") for value in (WANG_ID, ZHANG_ID, "13700001111", ZHANG_PHONE))


def test_a_dry_run_import_is_not_audited(db: Database, roll: Roll, out: Path) -> None:
    before = state(db)
    path = wb.simple_roll(out, [["王五", WANG_ID, "13700001111", "2020-01-01"]])
    summary = run_import(db, CLERK, path, dry_run=True, today=TODAY)
    assert summary.created == 1 and not summary.imported
    assert audit_rows(db, "import") == []
    assert state(db) == before


def test_an_import_refused_for_a_bad_row_is_not_audited(db: Database, roll: Roll, out: Path) -> None:
    before = state(db)
    path = wb.simple_roll(out, [["王五", WANG_ID, "13700001111", "2020-01-01"], ["钱七", wb.QIAN_WRONG, None, None]])
    summary = run_import(db, CLERK, path, mode="all", today=TODAY)
    assert summary.refused and summary.rejected == 1
    assert audit_rows(db, "import") == []
    # Only the backup taken before every import is audited; the roll itself is as it was.
    assert [row.action for row in audit_rows(db, "backup")] == ["backup"]
    after = state(db)
    assert after.pop("audit log") == before.pop("audit log") + 1
    assert after == before
