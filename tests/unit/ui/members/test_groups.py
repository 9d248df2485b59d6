"""Member groups: create, rename, merge and choose a leader from the dialog; every change lands in the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.database import Database
from app.members.groups import list_groups
from db.models import MemberGroup
from tests.helpers.database import ADMIN, office_of
from tests.unit.ui.members.conftest import put_member
from ui.members.groups import GroupsDialog, MoveToGroupDialog
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui


def _click(qtbot: QtBot, runner: OperationRunner, button: object) -> None:
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _table(dialog: GroupsDialog) -> list[list[str]]:
    return [[dialog.table.item(row, c).text() for c in range(3)] for row in range(dialog.table.rowCount())]


def test_groups_are_created_renamed_merged_and_led_from_the_dialog(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        dialog = GroupsDialog(office_of(db), runner, "440105001001", window)
    assert _table(dialog) == []
    assert not dialog.rename_button.isEnabled()

    names = iter(["第一小组", "第二小组", "一组"])
    monkeypatch.setattr(dialog, "ask_group_name", lambda _title, _name="": next(names))
    _click(qtbot, runner, dialog.new_button)
    _click(qtbot, runner, dialog.new_button)
    assert _table(dialog) == [["第一小组", "", "0"], ["第二小组", "", "0"]]
    assert dialog.selected_group() is not None
    assert dialog.selected_group().name == "第二小组"  # the new group is selected

    first, second = (g.id for g in dialog.groups)
    dialog.select_group(first)
    _click(qtbot, runner, dialog.rename_button)
    assert _table(dialog) == [["一组", "", "0"], ["第二小组", "", "0"]]

    zhang = put_member(db, name="张三", group_id=first)
    put_member(db, name="李四", group_id=first)
    put_member(db, name="王五", group_id=second)
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        dialog.reload()
    assert _table(dialog) == [["一组", "", "2"], ["第二小组", "", "1"]]

    dialog.select_group(first)
    offered: list[list[tuple[str, str]]] = []

    def pick_leader(_group: object, members: list[tuple[str, str]]) -> str:
        offered.append(members)
        return zhang

    monkeypatch.setattr(dialog, "ask_leader", pick_leader)
    _click(qtbot, runner, dialog.leader_button)
    assert sorted(name for _id, name in offered[0]) == ["张三", "李四"]
    assert _table(dialog) == [["一组", "张三", "2"], ["第二小组", "", "1"]]

    dialog.select_group(first)
    monkeypatch.setattr(dialog, "ask_merge_target", lambda _source, targets: targets[0].id)
    _click(qtbot, runner, dialog.merge_button)
    assert _table(dialog) == [["第二小组", "", "3"]]

    with db.unit_of_work() as session:
        assert [(g.name, g.members, g.leader_member_id) for g in list_groups(session, ADMIN)] == [("第二小组", 3, None)]
        retired = session.get(MemberGroup, first)
        assert retired is not None
        assert (retired.name, retired.deleted) == ("一组", True)
        assert session.scalars(select(MemberGroup.name).where(MemberGroup.deleted.is_(False))).all() == ["第二小组"]


def test_a_duplicate_group_name_is_reported(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import errors as ui_errors

    shown: list[str] = []
    monkeypatch.setattr(ui_errors.ErrorBox, "ask", classmethod(lambda _cls, _parent, _title, text: shown.append(text)))
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        dialog = GroupsDialog(office_of(db), runner, None, window)
    monkeypatch.setattr(dialog, "ask_group_name", lambda _title, _name="": "第一小组")
    _click(qtbot, runner, dialog.new_button)
    _click(qtbot, runner, dialog.new_button)
    assert shown == ["本村已有名为“第一小组”的小组。"]
    assert _table(dialog) == [["第一小组", "", "0"]]


def test_move_to_group_offers_every_group_and_no_group(
    qtbot: QtBot, db: Database, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.members.groups import create_group

    with db.unit_of_work() as session:
        group = create_group(session, ADMIN, "第一小组")
    choices = iter([("第一小组", QDialog.DialogCode.Accepted), ("(no group)", QDialog.DialogCode.Accepted),
                    ("第一小组", QDialog.DialogCode.Rejected)])  # fmt: skip

    def run(dialog: MoveToGroupDialog) -> int:
        qtbot.addWidget(dialog)
        text, code = next(choices)
        dialog.combo.setCurrentIndex(dialog.combo.findText(text))
        return code.value

    monkeypatch.setattr(MoveToGroupDialog, "exec", run)
    assert MoveToGroupDialog.ask(office_of(db), window) == group
    assert MoveToGroupDialog.ask(office_of(db), window) is None
    assert MoveToGroupDialog.ask(office_of(db), window) is False
