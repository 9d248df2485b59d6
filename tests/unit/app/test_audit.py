"""The audit log: what signing in and managing accounts write to it, how the hash chain shows tampering, how the
log's browser filters it, its export to Excel, and the `fpa-desk audit` and `fpa-desk users` commands."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app import audit
from app.accounts.users import Actor, change_password, reset_password, set_disabled, set_role, sign_in
from app.audit import AuditFilter, ChainReport, count_entries, entries, problem_text, verify_chain
from app.audit_export import export_audit
from app.cli import main
from app.database import Database, open_database
from app.errors import AccessDenied
from db.models.accounts import AuditLog, User
from tests.helpers.database import ADMIN, ADMIN_LOGIN, CLERK, PASSWORD, add_users, new_database

DROP_TRIGGERS = ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete")
NO_RIGHT = "您的账户没有这项操作的权限。"


def _rows(db: Database) -> list[AuditLog]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(AuditLog).order_by(AuditLog.seq)))


def _user_id(db: Database, username: str) -> str:
    with db.unit_of_work() as session:
        user_id = session.scalar(select(User.id).where(User.username == username))
    assert user_id is not None
    return user_id


def _check(db: Database) -> ChainReport:
    with db.unit_of_work() as session:
        return verify_chain(session)


def _office_with_five_rows(folder: Path) -> Database:
    """A new database whose log holds five rows: its set-up and four exports."""
    db = new_database(folder)
    with db.unit_of_work("admin") as session:
        for n in range(2, 6):
            audit.record(session, "admin", "export", tbl="member", detail={"file": f"名册{n}.xlsx", "rows": n})
    assert [row.seq for row in _rows(db)] == [1, 2, 3, 4, 5]
    return db


def _as_attacker(db: Database, *statements: str, **params: object) -> None:
    """What someone with a database tool can do: drop the append-only triggers, then change rows at will."""
    with db.unit_of_work() as session:
        for statement in (*DROP_TRIGGERS, *statements):
            session.execute(text(statement), params)


# Signing in and managing accounts


def test_signing_in_and_every_change_to_an_account_leave_a_row_naming_who_did_what_to_which_account(
    db: Database,
) -> None:
    add_users(db, "clerk")
    clerk_id, admin_id = _user_id(db, "clerk"), _user_id(db, "admin")
    assert sign_in(db, "admin", PASSWORD) == ADMIN
    with pytest.raises(AccessDenied, match="用户名或密码不正确"):
        sign_in(db, "clerk", "guessed-password-9")
    with pytest.raises(AccessDenied, match="用户名或密码不正确"):
        sign_in(db, PASSWORD, PASSWORD)  # the password typed into the name field too
    with db.unit_of_work("admin") as session:
        reset_password(session, ADMIN, "clerk", "重设后的密码-2026")
        set_role(session, ADMIN, "clerk", "volunteer")
        set_disabled(session, ADMIN, "clerk", True)
        set_disabled(session, ADMIN, "clerk", False)
    with db.unit_of_work("clerk") as session:
        change_password(session, Actor("clerk", "volunteer"), "重设后的密码-2026", "自己改的密码-2026")

    rows = _rows(db)
    assert [(r.action, r.username, r.tbl, r.record_id) for r in rows] == [
        ("setup", "admin", "user", admin_id),
        ("user_create", "admin", "user", clerk_id),
        ("login", "admin", "user", admin_id),
        ("login_failed", None, "user", clerk_id),
        ("login_failed", None, "user", None),
        ("user_reset", "admin", "user", clerk_id),
        ("user_role", "admin", "user", clerk_id),
        ("user_disable", "admin", "user", clerk_id),
        ("user_enable", "admin", "user", clerk_id),
        ("password_change", "clerk", "user", clerk_id),
    ]
    details = [json.loads(r.detail) if r.detail else None for r in rows]
    assert details[1] == {"username": "clerk", "role": "clerk"}
    assert details[3] == {"username": "clerk", "reason": "login.failed"}
    assert details[4] == {"username": "?", "reason": "login.failed"}  # an unknown name is not written down
    assert details[6] == {"username": "clerk", "from": "clerk", "to": "volunteer"}
    assert details[7] == details[8] == details[5] == {"username": "clerk"}

    with db.unit_of_work() as session:
        hashes = list(session.scalars(select(User.password_hash)))
    secrets = [PASSWORD, "guessed-password-9", "重设后的密码-2026", "自己改的密码-2026", "scrypt$", *hashes]
    for row in rows:
        for secret in secrets:
            assert secret not in (row.detail or ""), (row.seq, row.action)
            assert secret not in (row.username or "") + (row.record_id or "")


def test_an_unknown_action_is_refused_rather_than_logged(db: Database) -> None:
    with db.unit_of_work() as session, pytest.raises(ValueError, match="unknown audit action 'sign_in'"):
        audit.record(session, "admin", "sign_in")
    assert [r.action for r in _rows(db)] == ["setup"]


# The hash chain


def test_an_untouched_log_checks_out_with_its_row_count_in_both_languages(db: Database) -> None:
    add_users(db, "clerk")
    sign_in(db, "clerk", PASSWORD)
    report = _check(db)
    assert report == ChainReport(rows=3, ok=True, broken_at=None, problem=None)
    assert problem_text(report) == "审计日志完整：3 条记录，校验全部通过。"
    assert problem_text(report, "en") == "The audit log is intact: 3 rows, every check passed."


def test_the_database_itself_refuses_to_change_or_delete_an_audit_row(db: Database) -> None:
    sign_in(db, "admin", PASSWORD)
    before = [(r.seq, r.detail, r.hash) for r in _rows(db)]
    with (
        pytest.raises(IntegrityError, match="audit log rows cannot be changed"),
        db.unit_of_work() as session,
    ):
        session.execute(text("UPDATE audit_log SET detail = '{}' WHERE seq = 1"))
    with (
        pytest.raises(IntegrityError, match="audit log rows cannot be deleted"),
        db.unit_of_work() as session,
    ):
        session.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    assert [(r.seq, r.detail, r.hash) for r in _rows(db)] == before
    assert _check(db).ok


def test_a_row_edited_with_a_database_tool_is_found_by_its_number(tmp_path: Path) -> None:
    db = _office_with_five_rows(tmp_path)
    _as_attacker(db, "UPDATE audit_log SET detail = :d WHERE seq = 3", d='{"file": "别的.xlsx", "rows": 3}')
    report = _check(db)
    db.close()
    assert (report.ok, report.broken_at, report.problem) == (False, 3, "edited")
    assert problem_text(report) == "审计日志被篡改：第 3 条记录被修改。"
    assert problem_text(report, "en") == "The audit log was tampered with: row 3 was edited."


def test_a_row_deleted_from_the_middle_is_reported_missing(tmp_path: Path) -> None:
    db = _office_with_five_rows(tmp_path)
    _as_attacker(db, "DELETE FROM audit_log WHERE seq = 3")
    report = _check(db)
    db.close()
    assert (report.ok, report.broken_at, report.problem) == (False, 3, "missing")
    assert problem_text(report) == "审计日志被篡改：第 3 条记录被删除。"


@pytest.mark.parametrize(
    ("first_deleted", "message"), [(5, "从第 5 条起"), (4, "从第 4 条起")], ids=["newest row", "two newest rows"]
)
def test_the_newest_rows_cut_off_the_end_are_reported_from_the_first_one_gone(
    tmp_path: Path, first_deleted: int, message: str
) -> None:
    db = _office_with_five_rows(tmp_path)
    _as_attacker(db, "DELETE FROM audit_log WHERE seq >= :s", s=first_deleted)
    report = _check(db)
    db.close()
    assert (report.ok, report.broken_at, report.problem) == (False, first_deleted, "cut")
    assert problem_text(report) == f"审计日志被篡改：{message}的最新记录被删除。"


def _rewrite_with_its_own_hash(db: Database, seq: int, detail: str) -> None:
    """Edit row `seq` and give it the hash its new content would have, as someone who read the code would."""
    row = next(r for r in _rows(db) if r.seq == seq)
    digest = audit._hash(row.prev_hash, row.seq, row.at, row.username, row.action, row.tbl, row.record_id, detail)
    _as_attacker(db, "UPDATE audit_log SET detail = :d, hash = :h WHERE seq = :s", d=detail, h=digest, s=seq)


def test_an_edited_row_given_a_matching_hash_still_breaks_the_link_to_the_next_row(tmp_path: Path) -> None:
    db = _office_with_five_rows(tmp_path)
    _rewrite_with_its_own_hash(db, 3, '{"file": "别的.xlsx", "rows": 3}')
    report = _check(db)
    db.close()
    assert (report.ok, report.broken_at, report.problem) == (False, 4, "relinked")
    assert problem_text(report) == "审计日志被篡改：第 4 条记录前面的记录被删除或替换。"


def test_the_newest_row_edited_with_a_matching_hash_is_reported_by_its_own_number(tmp_path: Path) -> None:
    db = _office_with_five_rows(tmp_path)
    _rewrite_with_its_own_hash(db, 5, '{"file": "别的.xlsx", "rows": 5}')
    report = _check(db)
    db.close()
    assert (report.ok, report.problem) == (False, "edited")
    assert report.broken_at == 5
    assert problem_text(report) == "审计日志被篡改：第 5 条记录被修改。"


# Browsing the log


def _log_over_four_days(db: Database) -> dict[str, int]:
    """Rows on chosen days of March 2020, at the edges of each day; returns their numbers by letter."""
    with db.unit_of_work() as session:
        return {
            "a": audit.record(
                session, "clerk", "reveal", tbl="member", detail={"reason": "核对"}, at=datetime(2020, 3, 1, 23, 59, 59)
            ),
            "b": audit.record(
                session, "admin", "export", tbl="member", detail={"file": "名册.xlsx"}, at=datetime(2020, 3, 2)
            ),
            "c": audit.record(
                session,
                "Clerk",
                "print",
                tbl="member",
                detail={"file": "花名册.pdf"},
                at=datetime(2020, 3, 3, 23, 59, 59, 999999),
            ),
            "d": audit.record(
                session, "clerk", "export", tbl="household", detail={"file": "家庭.xlsx"}, at=datetime(2020, 3, 4)
            ),
        }


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (AuditFilter(username=" CLERK "), "dca"),
        (AuditFilter(actions=("export",)), "db"),
        (AuditFilter(actions=("export", "print")), "dcb"),
        (AuditFilter(since=date(2020, 3, 2), until=date(2020, 3, 3)), "cb"),
        (AuditFilter(until=date(2020, 3, 1)), "a"),
        (AuditFilter(since=date(2020, 3, 4), until=date(2020, 3, 4)), "d"),
        (AuditFilter(text=" 名册 "), "cb"),
        (AuditFilter(text="household"), "d"),
        (AuditFilter(username="clerk", actions=("export",)), "d"),
        (AuditFilter(username="nobody"), ""),
    ],
    ids=[
        "user name in any case",
        "one action",
        "two actions",
        "since and until, whole until day",
        "until only",
        "one day",
        "text in the detail",
        "text in the table",
        "user and action",
        "unknown user",
    ],
)
def test_the_log_browser_shows_the_rows_a_filter_selects_newest_first(
    db: Database, flt: AuditFilter, expected: str
) -> None:
    seq = _log_over_four_days(db)
    with db.unit_of_work() as session:
        shown = [e.seq for e in entries(session, flt)]
        counted = count_entries(session, flt)
    assert shown == [seq[letter] for letter in expected]
    assert counted == len(expected)


def test_the_log_browser_pages_through_the_rows_and_counts_them_all(db: Database) -> None:
    seq = _log_over_four_days(db)
    with db.unit_of_work() as session:
        everything = entries(session, AuditFilter())
        second_page = entries(session, AuditFilter(), offset=2, limit=2)
        total = count_entries(session, AuditFilter())
    assert [e.seq for e in everything] == [seq["d"], seq["c"], seq["b"], seq["a"], 1]
    assert [e.seq for e in second_page] == [seq["b"], seq["a"]]
    assert total == 5
    newest = everything[0]
    assert (newest.at, newest.username, newest.action) == (datetime(2020, 3, 4), "clerk", "export")
    assert newest.tbl == "household"
    assert json.loads(newest.detail or "") == {"file": "家庭.xlsx"}


def test_actions_are_shown_by_their_title_in_the_reader_s_language() -> None:
    assert audit.action_title("login") == "登录"
    assert audit.action_title("login", "en") == "signed in"
    assert audit.action_title("user_disable") == "停用账户"
    assert audit.action_title("something_new") == "something_new"


# Exporting the log


def test_an_admin_exports_the_selected_rows_oldest_first_and_the_export_is_itself_logged(
    db: Database, tmp_path: Path
) -> None:
    add_users(db, "clerk")
    sign_in(db, "clerk", PASSWORD)
    before = _rows(db)
    out = tmp_path / "审计日志.xlsx"
    with db.unit_of_work("admin") as session:
        assert export_audit(session, ADMIN, AuditFilter(), out) == 3

    sheet = load_workbook(out)["审计日志"]
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == ["序号", "时间", "账户", "操作", "数据表", "记录编号", "详情"]
    assert len(cells) == 1 + 3
    assert [row[0] for row in cells[1:]] == [1, 2, 3]
    assert [row[3] for row in cells[1:]] == ["建立数据库", "新建账户", "登录"]
    for row, logged in zip(cells[1:], before, strict=True):
        assert row == [
            logged.seq,
            logged.at.replace(microsecond=0),
            logged.username,
            audit.action_title(logged.action),
            "账户",  # every one of these rows concerns an account
            logged.record_id,
            audit.detail_text(logged.detail) or None,  # the sign-in has no detail: an empty cell
        ]
    assert cells[2][6] == "角色：clerk；账户：clerk"  # details in words, not JSON

    export_row = _rows(db)[-1]
    assert (export_row.seq, export_row.action, export_row.username) == (4, "export", "admin")
    assert export_row.tbl == "audit_log"
    assert json.loads(export_row.detail or "") == {"file": "审计日志.xlsx", "rows": 3}
    assert _check(db).ok


def test_an_export_of_one_account_holds_only_what_that_account_did(db: Database, tmp_path: Path) -> None:
    add_users(db, "clerk")
    sign_in(db, "clerk", PASSWORD)
    out = tmp_path / "clerk.xlsx"
    with db.unit_of_work("admin") as session:
        assert export_audit(session, ADMIN, AuditFilter(username="clerk"), out) == 1
    rows = list(load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[3]) for r in rows] == [("clerk", "登录")]


def test_a_clerk_may_not_export_the_audit_log(db: Database, tmp_path: Path) -> None:
    add_users(db, "clerk")
    out = tmp_path / "审计日志.xlsx"
    with db.unit_of_work("clerk") as session, pytest.raises(AccessDenied) as refused:
        export_audit(session, CLERK, AuditFilter(), out)
    assert refused.value.zh == NO_RIGHT
    assert not out.exists()
    assert "export" not in [r.action for r in _rows(db)]


# The command line


@pytest.fixture
def office_file(tmp_path: Path) -> Path:
    """A closed database file with the admin and a clerk, as `fpa-desk` finds it."""
    db = new_database(tmp_path)
    add_users(db, "clerk")
    db.close()
    return tmp_path / "office.db"


def _rows_of(path: Path) -> list[AuditLog]:
    db = open_database(path, ADMIN_LOGIN)
    try:
        return _rows(db)
    finally:
        db.close()


def test_audit_verify_reports_an_intact_log_as_json_and_exits_0(
    office_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify", "--db", str(office_file), "--json"]) == 0
    # set-up, the clerk's account, and this command's own sign-in
    assert json.loads(capsys.readouterr().out) == {"ok": True, "rows": 3, "broken_at": None, "problem": None}
    assert main(["audit", "verify", "--db", str(office_file)]) == 0
    assert capsys.readouterr().out == "审计日志完整：4 条记录，校验全部通过。\n"


def test_audit_verify_exits_1_and_names_the_edited_row_after_tampering(
    office_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(office_file, ADMIN_LOGIN)
    _as_attacker(db, "UPDATE audit_log SET detail = :d WHERE seq = 2", d='{"role": "admin", "username": "clerk"}')
    db.close()
    assert main(["audit", "verify", "--db", str(office_file)]) == 1
    assert capsys.readouterr().out == "审计日志被篡改：第 2 条记录被修改。\n"
    assert main(["audit", "verify", "--db", str(office_file), "--json"]) == 1
    assert json.loads(capsys.readouterr().out) == {"ok": False, "rows": 2, "broken_at": 2, "problem": "edited"}


def test_audit_export_writes_the_workbook_and_says_how_many_rows(
    office_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "审计.xlsx"
    assert main(["audit", "export", "--db", str(office_file), "-o", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": True, "file": str(out), "rows": 3}
    rows = list(load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (1, "admin", "建立数据库"),
        (2, "admin", "新建账户"),
        (3, "admin", "登录"),
    ]
    assert [(r.action, r.tbl) for r in _rows_of(office_file)][-1] == ("export", "audit_log")


def test_audit_commands_refuse_a_clerk_with_a_sentence_on_stderr(
    office_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FPA_DESK_USER", "clerk")
    assert main(["audit", "verify", "--db", str(office_file), "--json"]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", NO_RIGHT + "\n")
    out = tmp_path / "审计.xlsx"
    assert main(["audit", "export", "--db", str(office_file), "-o", str(out)]) == 1
    assert capsys.readouterr().err == NO_RIGHT + "\n"
    assert not out.exists()


def test_users_add_creates_an_account_that_users_list_then_shows(
    office_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FPA_DESK_NEW_PASSWORD", "新同事的密码-2026")
    args = ["users", "add", "wang", "--role", "clerk", "--display-name", "王会计", "--db", str(office_file)]
    assert main(args) == 0
    assert capsys.readouterr().out == "已新建账户 wang（clerk）。\n"
    assert main(["users", "list", "--db", str(office_file), "--json"]) == 0
    listed = {u["username"]: u for u in json.loads(capsys.readouterr().out)["users"]}
    assert sorted(listed) == ["admin", "clerk", "wang"]
    assert (listed["wang"]["display_name"], listed["wang"]["role"], listed["wang"]["disabled"]) == (
        "王会计",
        "clerk",
        False,
    )
    created = [r for r in _rows_of(office_file) if r.action == "user_create"][-1]
    assert created.username == "admin" and json.loads(created.detail or "") == {"username": "wang", "role": "clerk"}
    db = open_database(office_file, ADMIN_LOGIN)
    try:
        assert sign_in(db, "wang", "新同事的密码-2026") == Actor("wang", "clerk")
    finally:
        db.close()


def test_users_add_by_a_clerk_is_refused_and_creates_nothing(
    office_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FPA_DESK_USER", "clerk")
    monkeypatch.setenv("FPA_DESK_NEW_PASSWORD", "新同事的密码-2026")
    assert main(["users", "add", "wang", "--role", "admin", "--db", str(office_file)]) == 1
    assert capsys.readouterr().err == NO_RIGHT + "\n"
    monkeypatch.setenv("FPA_DESK_USER", "admin")
    assert main(["users", "list", "--db", str(office_file), "--json"]) == 0
    assert [u["username"] for u in json.loads(capsys.readouterr().out)["users"]] == ["admin", "clerk"]


def test_a_wrong_password_is_refused_without_saying_which_part_and_is_logged(
    office_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FPA_DESK_PASSWORD", "not the password 9")
    assert main(["audit", "verify", "--db", str(office_file)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "用户名或密码不正确。\n")
    rows = _rows_of(office_file)
    failed = rows[-1]
    assert (failed.action, failed.username, failed.tbl) == ("login_failed", None, "user")
    assert failed.record_id == next(r.record_id for r in rows if r.action == "setup")  # the admin's account
    assert json.loads(failed.detail or "") == {"username": "admin", "reason": "login.failed"}
    assert all("not the password" not in (r.detail or "") for r in rows)


def test_a_search_for_an_underscore_matches_only_details_that_contain_one(db: Database) -> None:
    with db.unit_of_work() as session:
        audit.record(session, "admin", "export", detail={"file": "会员_2026.xlsx"})
        audit.record(session, "admin", "export", detail={"file": "会员2026.xlsx"})
    with db.unit_of_work() as session:
        found = entries(session, AuditFilter(text="_2026"))
    assert [e.detail for e in found] == ['{"file": "会员_2026.xlsx"}']
