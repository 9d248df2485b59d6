"""Accounts in the window: signing in, the idle lock, changing a password, the admin's user list, the audit log and
the backups window, each driven as a user would (the dialogs' questions answered by the test)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.accounts.users import sign_in
from app.database import Database
from app.dbkey import Credentials
from db.models import AuditLog, Member, User
from tests.helpers.database import ADMIN_LOGIN, PASSWORD, VILLAGE, add_users, new_database
from ui.accounts import ChangePasswordDialog, NewUser, UsersDialog
from ui.audit_log import AuditLogDialog
from ui.backups import BackupsDialog
from ui.login import LoginDialog, LoginResult
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui

Answers = list[LoginResult | None]


@pytest.fixture
def office_path(tmp_path: Path) -> Path:
    db = new_database(tmp_path, VILLAGE)
    add_users(db, "clerk", "county")
    db.close()
    return tmp_path / "office.db"


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> tuple[Answers, list[tuple[str, bool]]]:
    """What the sign-in dialog answers, in order; and (message shown, locked) for every time it was asked."""
    queue: Answers = []
    asked: list[tuple[str, bool]] = []

    def ask(cls: type, parent: object, database: Path, message: str = "", username: str = "", *,
            locked: bool = False) -> LoginResult | None:  # fmt: skip
        asked.append((message, locked))
        return queue.pop(0) if queue else None

    monkeypatch.setattr(LoginDialog, "ask", classmethod(ask))
    return queue, asked


def login(username: str, password: str = PASSWORD) -> LoginResult:
    return LoginResult("login", Credentials(username, password))


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[Callable[[Path], MainWindow]]:
    windows: list[MainWindow] = []

    def make(path: Path) -> MainWindow:
        window = MainWindow(path)
        qtbot.addWidget(window)
        window.show()
        window.open_database()
        qtbot.waitUntil(lambda: window.office is not None or window.site_label.text() == "Not signed in", timeout=20000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def _audit(db: Database) -> list[tuple[str | None, str]]:
    with db.unit_of_work() as session:
        return [(row.username, row.action) for row in session.scalars(select(AuditLog).order_by(AuditLog.seq))]


def test_a_wrong_password_asks_again_with_the_reason_and_the_right_one_signs_in(
    office_path: Path, answers: tuple[Answers, list[tuple[str, bool]]], open_window: Callable[[Path], MainWindow],
    qtbot: QtBot,
) -> None:  # fmt: skip
    queue, asked = answers
    queue += [login("admin", "wrong password"), login("admin")]
    window = open_window(office_path)
    qtbot.waitUntil(lambda: window.office is not None, timeout=20000)
    assert [message for message, _locked in asked] == ["", "用户名或密码不正确。"]
    assert window.office is not None and window.office.actor.role == "admin"
    assert "admin" in window.user_label.text() and window.body.currentIndex() == 0
    assert _audit(window.office.db)[-2:] == [(None, "login_failed"), ("admin", "login")]


def test_quitting_the_sign_in_shows_no_records(
    office_path: Path, answers: tuple[Answers, list[tuple[str, bool]]], open_window: Callable[[Path], MainWindow]
) -> None:
    window = open_window(office_path)
    assert window.office is None and window.body.currentIndex() == 1
    assert window.site_label.text() == "Not signed in"


def test_the_login_dialog_needs_both_fields(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = LoginDialog(tmp_path / "office.db", username="admin")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert dialog.result_value is None and not dialog.error_label.isHidden()
    qtbot.keyClicks(dialog.password_edit, "secret-1234")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result_value == LoginResult("login", Credentials("admin", "secret-1234"))


def test_idle_time_locks_the_window_until_the_password_is_typed_again(
    office_path: Path, answers: tuple[Answers, list[tuple[str, bool]]], open_window: Callable[[Path], MainWindow],
    qtbot: QtBot,
) -> None:  # fmt: skip
    queue, asked = answers
    queue += [login("clerk")]
    window = open_window(office_path)
    qtbot.waitUntil(lambda: window.office is not None, timeout=20000)
    shown_while_locked: list[int] = []

    def unlock_answer(cls: type, parent: object, database: Path, message: str = "", username: str = "", *,
                      locked: bool = False) -> LoginResult | None:  # fmt: skip
        asked.append((message, locked))
        shown_while_locked.append(window.body.currentIndex())
        return login(username, "wrong password") if len(shown_while_locked) == 1 else login(username)

    LoginDialog.ask = classmethod(unlock_answer)  # type: ignore[method-assign,assignment]
    window.idle.start(50)  # the setting is in minutes; the test waits 50 ms
    qtbot.waitUntil(lambda: len(shown_while_locked) == 2 and not window.is_locked, timeout=20000)
    assert shown_while_locked == [1, 1]  # nothing of the office shows while the password is asked
    assert asked[-2:] == [("", True), ("用户名或密码不正确。", True)]
    assert window.body.currentIndex() == 0 and window.office is not None
    assert ("clerk", "lock") in _audit(window.office.db)


def test_signing_out_from_the_lock_lets_another_user_sign_in(
    office_path: Path, answers: tuple[Answers, list[tuple[str, bool]]], open_window: Callable[[Path], MainWindow],
    qtbot: QtBot,
) -> None:  # fmt: skip
    queue, _asked = answers
    queue += [login("clerk"), None, login("county")]  # sign in; at the lock choose "sign out"; the next user
    window = open_window(office_path)
    qtbot.waitUntil(lambda: window.office is not None, timeout=20000)
    window.lock()
    qtbot.waitUntil(lambda: window.office is not None and window.office.actor.username == "county", timeout=20000)
    assert not window.is_locked and window.body.currentIndex() == 0
    assert not window.members_page.add_action.isVisible()  # county staff read the roll, never change it
    assert not window.users_action.isEnabled() and not window.backups_action.isEnabled()


def test_a_user_changes_their_own_password(
    office_path: Path, answers: tuple[Answers, list[tuple[str, bool]]], open_window: Callable[[Path], MainWindow],
    qtbot: QtBot,
) -> None:  # fmt: skip
    answers[0].append(login("clerk"))
    window = open_window(office_path)
    qtbot.waitUntil(lambda: window.office is not None, timeout=20000)
    assert window.office is not None
    dialog = ChangePasswordDialog(window.office, window.operations, window)
    qtbot.addWidget(dialog)
    dialog.old_edit.setText(PASSWORD)
    dialog.new_edit.setText("新的密码-2027")
    dialog.again_edit.setText("新的密码-2028")
    dialog._on_ok()
    assert "differ" in dialog.error_label.text() or "不一致" in dialog.error_label.text()
    dialog.again_edit.setText("新的密码-2027")
    dialog._on_ok()
    qtbot.waitUntil(lambda: dialog.changed, timeout=10000)
    assert sign_in(window.office.db, "clerk", "新的密码-2027").role == "clerk"


def test_the_admin_creates_disables_resets_and_changes_the_role_of_accounts(
    office_path: Path, answers: tuple[Answers, list[tuple[str, bool]]], open_window: Callable[[Path], MainWindow],
    qtbot: QtBot,
) -> None:  # fmt: skip
    answers[0].append(LoginResult("login", ADMIN_LOGIN))
    window = open_window(office_path)
    qtbot.waitUntil(lambda: window.office is not None, timeout=20000)
    office = window.office
    assert office is not None and window.users_action.isEnabled()
    dialog = UsersDialog(office, window.operations, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=10000)

    dialog.ask_new_user = lambda: NewUser("wangli", "王丽", "volunteer", "志愿者的密码-1")  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4, timeout=10000)
    row = [u.username for u in dialog.users].index("wangli")
    assert dialog.table.item(row, 1).text() == "王丽"

    dialog.table.selectRow(row)
    qtbot.mouseClick(dialog.disable_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.users[row].disabled, timeout=10000)
    dialog.table.selectRow(row)
    dialog.ask_password = lambda username: "重设后的密码-2"  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    dialog.table.selectRow(row)
    dialog.ask_role = lambda username, current: "clerk"  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.users[row].role == "clerk", timeout=10000)
    with office.db.unit_of_work() as session:
        user = session.scalars(select(User).where(User.username == "wangli")).one()
        assert (user.role, user.disabled) == ("clerk", True)
    actions = [action for _user, action in _audit(office.db)]
    assert {"user_create", "user_disable", "user_reset", "user_role"} <= set(actions)


def test_the_audit_log_window_filters_checks_and_exports(
    office_path: Path, answers: tuple[Answers, list[tuple[str, bool]]], open_window: Callable[[Path], MainWindow],
    qtbot: QtBot, tmp_path: Path,
) -> None:  # fmt: skip
    answers[0].append(LoginResult("login", ADMIN_LOGIN))
    window = open_window(office_path)
    qtbot.waitUntil(lambda: window.office is not None, timeout=20000)
    assert window.office is not None
    dialog = AuditLogDialog(window.office, window.operations, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10000)
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("login"))
    qtbot.waitUntil(lambda: {e.action for e in dialog.entries} == {"login"}, timeout=10000)
    assert dialog.table.item(0, 3).text() == "登录"
    reports: list[tuple[str, bool]] = []
    dialog.show_chain_report = lambda text, ok: reports.append((text, ok))  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(reports), timeout=10000)
    assert reports[0][1] and "审计日志完整" in reports[0][0]
    out = tmp_path / "audit.xlsx"
    dialog.choose_export_path = lambda: str(out)  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists, timeout=10000)
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet is not None and sheet["D2"].value == "登录"


def test_the_backups_window_backs_up_and_restores(
    office_path: Path, answers: tuple[Answers, list[tuple[str, bool]]], open_window: Callable[[Path], MainWindow],
    qtbot: QtBot,
) -> None:  # fmt: skip
    answers[0].append(LoginResult("login", ADMIN_LOGIN))
    window = open_window(office_path)
    qtbot.waitUntil(lambda: window.office is not None, timeout=20000)
    office = window.office
    assert office is not None
    dialog = BackupsDialog(office, window.operations, window.on_backup_restored, window)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=20000)
    from app.members.checks import check_member
    from app.members.service import add_member

    with office.db.unit_of_work() as session:
        add_member(session, office.actor, check_member({"name": "备份后录入"}))
    dialog.table.selectRow(0)
    dialog.confirm_restore = lambda backup: True  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.office is not None and window.office.db is not office.db, timeout=20000)
    with window.office.db.unit_of_work() as session:
        assert session.scalars(select(Member).where(Member.name == "备份后录入")).first() is None
    assert "restored" in window.statusBar().currentMessage() or "恢复" in window.statusBar().currentMessage()


def test_an_unencrypted_database_is_encrypted_when_the_admin_agrees(
    tmp_path: Path, answers: tuple[Answers, list[tuple[str, bool]]], open_window: Callable[[Path], MainWindow],
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from app.database import is_plaintext
    from tests.unit.app.test_encrypt_in_place import plaintext_office

    path = plaintext_office(tmp_path)
    answers[0].append(LoginResult("login", ADMIN_LOGIN))
    monkeypatch.setattr(MainWindow, "confirm_encryption", lambda self: True)
    window = open_window(path)
    qtbot.waitUntil(lambda: window.office is not None, timeout=20000)
    assert not is_plaintext(path) and window.office is not None and window.office.site is not None


def test_a_new_volunteer_account_can_be_linked_to_a_volunteer(qtbot: QtBot) -> None:
    from ui.accounts import NewUserDialog

    dialog = NewUserDialog([("v1", "赵志愿（红星村）")])
    qtbot.addWidget(dialog)
    assert not dialog.volunteer_combo.isEnabled()  # a clerk by default: nothing to link
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("volunteer"))
    assert dialog.volunteer_combo.isEnabled()
    dialog.volunteer_combo.setCurrentIndex(1)
    dialog.username_edit.setText("zhao")
    dialog.password_edit.setText("志愿者的密码-1")
    dialog.again_edit.setText("志愿者的密码-1")
    dialog._on_ok()
    assert dialog.value == NewUser("zhao", "", "volunteer", "志愿者的密码-1", "v1")


def test_a_dialog_left_open_is_covered_while_locked_and_keeps_what_was_typed(
    office_path: Path, answers: tuple[Answers, list[tuple[str, bool]]], open_window: Callable[[Path], MainWindow],
    qtbot: QtBot,
) -> None:  # fmt: skip
    from PySide6.QtWidgets import QDialog, QLabel, QLineEdit

    answers[0].append(login("clerk"))
    window = open_window(office_path)
    qtbot.waitUntil(lambda: window.office is not None, timeout=20000)
    form = QDialog(window)
    typed = QLineEdit("未保存的内容", form)
    form.resize(300, 200)
    form.show()
    qtbot.addWidget(form)
    seen: list[bool] = []

    def at_lock(cls: type, parent: object, database: Path, message: str = "", username: str = "", *,
                locked: bool = False) -> LoginResult | None:  # fmt: skip
        covers = [c for c in form.findChildren(QLabel) if c.isVisible() and c.geometry() == form.rect()]
        seen.append(bool(covers) and form.isVisible())
        return login(username)

    LoginDialog.ask = classmethod(at_lock)  # type: ignore[method-assign,assignment]
    window.lock()
    qtbot.waitUntil(lambda: not window.is_locked, timeout=20000)
    assert seen == [True]  # covered, not closed, while the password was asked
    qtbot.waitUntil(lambda: not any(c.isVisible() for c in form.findChildren(QLabel)), timeout=5000)
    assert form.isVisible() and typed.text() == "未保存的内容"
