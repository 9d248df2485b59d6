"""The member form: checks as the secretary types, fills what the ID number says, refuses duplicates, saves."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.database import Database
from app.members.groups import create_group
from app.validation import mask_id_number
from db.models import AuditLog, Member, MemberStatusEvent
from tests.helpers.database import ADMIN, office_of
from tests.unit.ui.members.conftest import BIRTH, ID_NUMBER, put_member
from ui.i18n import set_ui_language
from ui.members.form import MemberFormDialog
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui

WRONG_CHECK = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")


def _open(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, member_id: str | None = None
) -> MemberFormDialog:
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        dialog = MemberFormDialog(office_of(db), runner, member_id, window)
    return dialog


def _save(qtbot: QtBot, runner: OperationRunner, dialog: MemberFormDialog) -> None:
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=3000)
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def _members(db: Database) -> list[Member]:
    with db.unit_of_work() as session:
        return list(session.scalars(select(Member)))


def test_a_valid_id_number_fills_birth_date_and_sex(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    dialog = _open(qtbot, db, runner, window)
    dialog.edits["name"].setText("张三")
    qtbot.keyClicks(dialog.edits["id_number"], ID_NUMBER)
    qtbot.waitUntil(lambda: dialog.edits["birth_date"].text() == "1980-05-29", timeout=3000)
    assert dialog.sex_combo.currentData() == "M"
    assert dialog.problem_text("id_number") == ""
    assert dialog.problems == []
    assert dialog.save_button.isEnabled()


@pytest.mark.parametrize(
    ("language", "expected"), [("zh_CN", "校验位不对"), ("en", "The check character of ID number")]
)
def test_a_wrong_check_character_is_shown_next_to_the_id_and_blocks_saving(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, language: str, expected: str
) -> None:
    set_ui_language(language)
    dialog = _open(qtbot, db, runner, window)
    dialog.edits["name"].setText("张三")
    qtbot.keyClicks(dialog.edits["id_number"], WRONG_CHECK)
    qtbot.waitUntil(lambda: expected in dialog.problem_text("id_number"), timeout=3000)
    assert not dialog.save_button.isEnabled()
    assert dialog.edits["birth_date"].text() == ""


def test_a_birth_date_that_disagrees_with_the_id_warns_and_saving_asks_first(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _open(qtbot, db, runner, window)
    dialog.edits["name"].setText("张三")
    qtbot.keyClicks(dialog.edits["birth_date"], "1981.1.1")
    qtbot.keyClicks(dialog.edits["id_number"], ID_NUMBER)
    qtbot.waitUntil(lambda: "不一致" in dialog.problem_text("birth_date"), timeout=3000)
    assert "1981-01-01" in dialog.problem_text("birth_date")
    assert dialog.save_button.isEnabled()  # a warning does not block

    asked: list[list[str]] = []
    answer = False

    def confirm(warnings: list | None = None) -> bool:
        asked.append([p.code for p in warnings or []])
        return answer

    monkeypatch.setattr(dialog, "confirm_warnings", confirm)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked == [["birth_date.mismatch"]]
    assert not runner.busy()
    assert _members(db) == []

    answer = True
    _save(qtbot, runner, dialog)
    assert len(asked) == 2
    [member] = _members(db)
    assert dialog.saved_id == member.id
    assert member.birth_date == date(1981, 1, 1)  # what the user typed and confirmed


def test_the_same_id_number_blocks_and_links_to_the_existing_member(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    existing = put_member(db, name="李四", id_number=ID_NUMBER)
    dialog = _open(qtbot, db, runner, window)
    dialog.edits["name"].setText("王五")
    qtbot.keyClicks(dialog.edits["id_number"], ID_NUMBER.lower())
    qtbot.waitUntil(lambda: "李四" in dialog.problem_text("id_number"), timeout=3000)
    assert "身份证号已登记在会员“李四”名下" in dialog.problem_text("id_number")
    assert "Open the existing member" in dialog.problem_text("id_number")
    assert not dialog.save_button.isEnabled()

    problem_label = dialog.problem_labels["id_number"]
    href = re.search(r'href="([^"]+)"', problem_label.text())
    assert href is not None
    with qtbot.waitSignal(dialog.sig_member_open_requested, timeout=1000) as blocker:
        problem_label.linkActivated.emit(href.group(1))
    assert blocker.args == [existing]
    assert dialog.result() == MemberFormDialog.DialogCode.Rejected
    assert dialog.saved_id is None


def test_the_same_name_and_birth_date_only_warns(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    put_member(db, name="张三", birth_date="1980-05-29")
    dialog = _open(qtbot, db, runner, window)
    dialog.edits["name"].setText("张三")
    qtbot.keyClicks(dialog.edits["id_number"], ID_NUMBER)
    qtbot.waitUntil(lambda: "同名" in dialog.problem_text("name"), timeout=3000)
    assert dialog.save_button.isEnabled()


def test_saving_a_new_member_puts_it_on_the_roll_and_editing_changes_it(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    with db.unit_of_work() as session:
        group = create_group(session, ADMIN, "第一小组", "440105001001")
    dialog = _open(qtbot, db, runner, window)
    assert dialog.windowTitle() == "New member"
    dialog.edits["name"].setText(" 张三 ")
    qtbot.keyClicks(dialog.edits["id_number"], ID_NUMBER)
    qtbot.keyClicks(dialog.edits["phone"], "138 0013 8000")
    qtbot.keyClicks(dialog.edits["joined_on"], "2017.5.29")
    # A village office's own village is listed and already chosen.
    assert dialog.village_combo.currentData() == "440105001001"
    assert dialog.village_combo.currentText() == "城关村计生协（440105001001）"
    qtbot.keyClicks(dialog.edits["member_no"], "A-001")
    dialog.edits["address"].setText("城关村三组 12 号")
    dialog.group_combo.setCurrentIndex(dialog.group_combo.findData(group))
    dialog.role_boxes["core_member"].setChecked(True)
    _save(qtbot, runner, dialog)

    assert dialog.result() == MemberFormDialog.DialogCode.Accepted
    [member] = _members(db)
    assert dialog.saved_id == member.id
    assert (member.name, member.sex, member.birth_date, member.id_number) == ("张三", "M", BIRTH, ID_NUMBER)
    assert (member.phone, member.joined_on, member.village_code) == ("13800138000", date(2017, 5, 29), "440105001001")
    assert (member.member_no, member.address, member.group_id) == ("A-001", "城关村三组 12 号", group)
    assert (member.roles, member.status, member.migrant_status) == (["core_member"], "active", "none")

    edit = _open(qtbot, db, runner, window, member.id)
    assert edit.windowTitle() == "Edit member"
    assert edit.edits["name"].text() == "张三"
    assert edit.edits["birth_date"].text() == "1980-05-29"
    assert edit.group_combo.currentData() == group
    assert edit.village_combo.currentData() == "440105001001"
    assert edit.role_boxes["core_member"].isChecked()
    assert edit.history_table.rowCount() == 1  # the join
    # The ID number and phone show masked until revealed for a reason, which the audit log keeps.
    assert (edit.edits["id_number"].text(), edit.edits["phone"].text()) == (mask_id_number(ID_NUMBER), "138****8000")
    assert edit.edits["phone"].isReadOnly() and not edit.reveal_button.isHidden()
    edit.ask_reveal_reason = lambda: "核对联系电话"  # type: ignore[method-assign]
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        qtbot.mouseClick(edit.reveal_button, Qt.MouseButton.LeftButton)
    assert (edit.edits["id_number"].text(), edit.edits["phone"].text()) == (ID_NUMBER, "13800138000")
    assert not edit.edits["phone"].isReadOnly() and edit.reveal_button.isHidden()
    with db.unit_of_work() as session:
        reveal = session.scalars(select(AuditLog).where(AuditLog.action == "reveal")).one()
    assert (reveal.username, reveal.record_id) == ("admin", member.id)
    assert "核对联系电话" in (reveal.detail or "") and "13800138000" not in (reveal.detail or "")
    edit.edits["phone"].setText("13900139000")
    edit.group_combo.setCurrentIndex(0)  # no group
    edit.migrant_combo.setCurrentIndex(edit.migrant_combo.findData("out"))
    edit.edits["migrant_place"].setText("广东省深圳市")
    qtbot.keyClicks(edit.edits["migrant_since"], "2023-03-01")
    _save(qtbot, runner, edit)

    [member] = _members(db)
    assert edit.saved_id == member.id
    assert (member.phone, member.group_id, member.id_number) == ("13900139000", None, ID_NUMBER)
    assert (member.migrant_status, member.migrant_place, member.migrant_since) == (
        "out",
        "广东省深圳市",
        date(2023, 3, 1),
    )
    with db.unit_of_work() as session:
        events = list(session.scalars(select(MemberStatusEvent.event)))
    assert events == []  # joining is the member's joined_on; the history shows it


def test_a_save_refused_by_the_service_is_reported_and_the_form_stays_open(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import errors as ui_errors

    shown: list[str] = []
    monkeypatch.setattr(ui_errors.ErrorBox, "ask", classmethod(lambda _cls, _parent, _title, text: shown.append(text)))
    dialog = _open(qtbot, db, runner, window)
    dialog.edits["name"].setText("王五")
    qtbot.keyClicks(dialog.edits["id_number"], ID_NUMBER)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=3000)
    put_member(db, name="李四", id_number=ID_NUMBER)  # someone else got there first
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        dialog.save_shortcut.activated.emit()
    assert shown == ["身份证号已登记在会员“李四”名下。"]
    assert dialog.saved_id is None
    assert "李四" in dialog.problem_text("id_number")
    assert not dialog.save_button.isEnabled()


def test_a_member_that_no_longer_exists_is_reported_and_the_form_closes(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import errors as ui_errors

    shown: list[str] = []
    monkeypatch.setattr(ui_errors.ErrorBox, "ask", classmethod(lambda _cls, _parent, _title, text: shown.append(text)))
    dialog = _open(qtbot, db, runner, window, "no-such-member")
    assert shown == ["找不到这位会员，可能已被删除。"]
    assert dialog.result() == MemberFormDialog.DialogCode.Rejected
