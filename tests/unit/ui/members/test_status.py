"""Changes of status: a transfer needs the place, is recorded, and shows in the member form's history."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.database import Database
from app.office import Office
from db.models import Member, MemberStatusEvent
from tests.helpers.database import office_of
from tests.unit.ui.members.conftest import ID_NUMBER, put_member
from ui import errors as ui_errors
from ui.members.form import MemberFormDialog
from ui.members.status import StatusChangeDialog
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui


def _fill_and_save(
    qtbot: QtBot, runner: OperationRunner, dialog: StatusChangeDialog, event: str, place: str, reason: str = ""
) -> None:
    dialog.event_combo.setCurrentIndex(dialog.event_combo.findData(event))
    dialog.place_edit.setText(place)
    dialog.reason_edit.setText(reason)
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_a_transfer_out_is_recorded_with_its_place_and_shows_in_the_history(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    member_id = put_member(db, name="张三", id_number=ID_NUMBER, joined_on="2017-05-29")
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        form = MemberFormDialog(office_of(db), runner, member_id, window)
    assert form.history_table.rowCount() == 1
    assert "在册" in form.status_label.text()

    def ask(office: Office, runner: OperationRunner, member_id: str, parent: QWidget | None = None) -> bool:
        dialog = StatusChangeDialog(office, runner, member_id, parent)
        assert [dialog.event_combo.itemData(i) for i in range(dialog.event_combo.count())] == [
            "transfer_in", "transfer_out", "withdraw", "remove", "decease",
        ]  # fmt: skip
        assert dialog.date_edit.date().toPython() == date.today()
        _fill_and_save(qtbot, runner, dialog, "transfer_out", "广州市天河区", "随子女迁居")
        return dialog.saved

    monkeypatch.setattr(StatusChangeDialog, "ask", staticmethod(ask))
    qtbot.mouseClick(form.status_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.history_table.rowCount() == 2, timeout=5000)
    row = [form.history_table.item(1, column).text() for column in range(4)]
    assert row == [date.today().isoformat(), "转出", "广州市天河区", "随子女迁居"]
    assert "转出" in form.status_label.text()

    with db.unit_of_work() as session:
        member = session.get(Member, member_id)
        assert member is not None
        assert (member.status, member.status_since) == ("transferred_out", date.today())
        event = session.scalars(select(MemberStatusEvent).where(MemberStatusEvent.event == "transfer_out")).one()
        assert (event.place, event.reason) == ("广州市天河区", "随子女迁居")


def test_a_transfer_without_a_place_is_refused_with_the_reason(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(ui_errors.ErrorBox, "ask", classmethod(lambda _cls, _parent, _title, text: shown.append(text)))
    member_id = put_member(db, name="张三", id_number=ID_NUMBER)
    dialog = StatusChangeDialog(office_of(db), runner, member_id, window)
    dialog.event_combo.setCurrentIndex(dialog.event_combo.findData("transfer_out"))
    to_label = dialog.place_label.text()
    dialog.event_combo.setCurrentIndex(dialog.event_combo.findData("transfer_in"))
    assert dialog.place_label.text() != to_label

    _fill_and_save(qtbot, runner, dialog, "transfer_in", "  ")
    assert shown == ["转入需要填写从何处转入。"]
    assert not dialog.saved
    assert dialog.save_button.isEnabled()
    with db.unit_of_work() as session:
        member = session.get(Member, member_id)
        assert member is not None
        assert member.status == "active"
        assert session.scalars(select(MemberStatusEvent)).all() == []
