"""The activities tab of the special-families page: an activity recorded by keyboard with the families that came,
attendance changed, an activity deleted after a confirmation that says what the families lose, a future date
refused, read-only roles, and the signal the page refreshes the five-ones checklist on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.accounts.users import Actor
from app.database import Database
from app.families.activities import ActivityInput, ActivityRow, create_activity
from app.families.registry import FamilyInput, PersonInput, create_family
from db.models import Activity, ActivityAttendance
from tests.helpers.database import ADMIN, CLERK, COUNTY, VOLUNTEER, office_of
from ui.families.activities_tab import ActivitiesTab, ActivityDialog, ActivityTableModel
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui

VILLAGE = "440105001001"  # the test office's own village
TODAY = date.today()
# An earlier day of this year (1 January itself on 1 January), so the activity is in the tab's default year.
EARLIER = max(TODAY - timedelta(days=3), date(TODAY.year, 1, 1))


def _family(db: Database, mother: str, father: str) -> str:
    data = FamilyInput(categories=["child_deceased"], village_code=VILLAGE,
                       people=[PersonInput("mother", mother, "F", birth_date="1966-03-01"),
                               PersonInput("father", father, "M", birth_date="1964-08-12")])  # fmt: skip
    with db.unit_of_work() as session:
        return create_family(session, ADMIN, data)[0]


@pytest.fixture
def families(db: Database) -> dict[str, str]:
    return {
        "zhang": _family(db, "张桂兰", "刘建国"),
        "li": _family(db, "李秀英", "陈志强"),
        "wang": _family(db, "王芳", "赵永安"),
    }


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    win = QMainWindow()
    win.resize(1200, 700)
    qtbot.addWidget(win)
    return win


@pytest.fixture
def runner(window: QMainWindow) -> Iterator[OperationRunner]:
    operations = OperationRunner(window)
    yield operations
    operations.shutdown()


def _open_tab(qtbot: QtBot, db: Database, window: QMainWindow, runner: OperationRunner, actor: Actor) -> ActivitiesTab:
    tab = ActivitiesTab()
    window.setCentralWidget(tab)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        tab.set_office(office_of(db, actor), runner)
    tab.table.setFocus()
    return tab


@pytest.fixture
def tab(
    qtbot: QtBot, db: Database, families: dict[str, str], window: QMainWindow, runner: OperationRunner
) -> ActivitiesTab:
    return _open_tab(qtbot, db, window, runner, ADMIN)


def _record(
    db: Database, title: str, family_ids: list[str], held_on: date = EARLIER, kind: str = "group_activity"
) -> str:
    with db.unit_of_work() as session:
        return create_activity(session, CLERK, ActivityInput(held_on, kind, title, place="村委会",
                                                             village_code=VILLAGE, family_ids=family_ids))  # fmt: skip


def _attending(db: Database, activity_id: str) -> set[str | None]:
    with db.unit_of_work() as session:
        rows = session.scalars(
            select(ActivityAttendance.family_id).where(
                ActivityAttendance.activity_id == activity_id, ActivityAttendance.deleted.is_(False)
            )
        )
        return set(rows)


def _row(tab: ActivitiesTab, row: int) -> list[str]:
    return [str(tab.model.index(row, column).data()) for column in range(tab.model.columnCount())]


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the keyboard focus is, as a person would."""
    qtbot.keyClick(_focused(), key, modifier)


def _type(qtbot: QtBot, text: str) -> None:
    """Text typed where the focus is: Latin letters and digits key by key, Chinese as an input method commits it."""
    if text.isascii():
        qtbot.keyClicks(_focused(), text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(_focused(), event)


def _run_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, drive: Callable[[ActivityDialog], None]) -> None:
    """Replace the modal exec() by showing the form and letting `drive` use it; the result is the form's own."""

    def exec_(dialog: ActivityDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: dialog.loaded and QApplication.focusWidget() is dialog.date_edit, timeout=5000)
        drive(dialog)
        return dialog.result()

    monkeypatch.setattr(ActivityDialog, "exec", exec_)


def test_an_activity_is_recorded_by_keyboard_with_two_families(
    qtbot: QtBot, tab: ActivitiesTab, db: Database, families: dict[str, str], runner: OperationRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    def drive(dialog: ActivityDialog) -> None:
        assert dialog.save_button.isEnabled() is False
        assert dialog.problem_text() == "Give the activity a title."
        _press(qtbot, Qt.Key.Key_Tab)
        assert _focused() is dialog.type_combo and dialog.type_combo.currentData() == "group_activity"
        _press(qtbot, Qt.Key.Key_Tab)
        assert _focused() is dialog.title_edit
        _type(qtbot, "中秋座谈会")
        _press(qtbot, Qt.Key.Key_Tab)
        _type(qtbot, "村委会会议室")
        _press(qtbot, Qt.Key.Key_Tab)
        assert _focused() is dialog.village_combo and dialog.village_combo.currentData() == VILLAGE
        _press(qtbot, Qt.Key.Key_Tab)
        _type(qtbot, "2")
        _press(qtbot, Qt.Key.Key_Tab)
        assert _focused() is dialog.count_spin
        _press(qtbot, Qt.Key.Key_Tab)
        assert _focused() is dialog.notes_edit
        _press(qtbot, Qt.Key.Key_Tab)
        assert _focused() is dialog.filter_edit
        _type(qtbot, "lixiu")  # pinyin of 李秀英
        assert len(dialog.visible_families()) == 1
        _press(qtbot, Qt.Key.Key_Down)
        assert _focused() is dialog.family_list
        _press(qtbot, Qt.Key.Key_Space)
        _press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert _focused() is dialog.filter_edit
        _type(qtbot, "wf")  # initials of 王芳
        assert [line.split(" · ")[0] for line in dialog.visible_families()] == ["王芳"]
        _press(qtbot, Qt.Key.Key_Return)  # in the filter, Return goes to the list too (Save waits for Ctrl+Return)
        assert _focused() is dialog.family_list and dialog.isVisible()
        _press(qtbot, Qt.Key.Key_Space)
        assert dialog.ticked_label.text() == "2 family(ies) ticked"
        assert dialog.count_spin.value() == 2  # follows the families ticked
        assert dialog.save_button.isEnabled()
        with qtbot.waitSignal(runner.sig_idle, timeout=5000):
            _press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    _run_dialog(qtbot, monkeypatch, drive)
    with qtbot.waitSignal(tab.sig_activities_changed, timeout=5000):
        _press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)

    with db.unit_of_work() as session:
        activity = session.scalars(select(Activity)).one()
        assert (activity.title, activity.type, activity.place, activity.village_code) == (
            "中秋座谈会", "group_activity", "村委会会议室", VILLAGE)  # fmt: skip
        assert (activity.hours, activity.participant_count, activity.held_on) == (2.0, 2, TODAY)
    assert _attending(db, activity.id) == {families["li"], families["wang"]}
    assert _row(tab, 0) == [TODAY.isoformat(), "集体交流活动", "中秋座谈会", "村委会会议室", "城关村计生协",
                            "2", "2", "Yes"]  # fmt: skip
    assert tab.selected_id() == activity.id
    assert tab.count_label.text() == f"1 activity(ies) in {TODAY.year}; 1 count(s) for the five-ones"


def _select(qtbot: QtBot, tab: ActivitiesTab, activity_id: str) -> None:
    qtbot.waitUntil(lambda: tab.model.row_of(activity_id) is not None, timeout=5000)
    tab.select_activity(activity_id)
    tab.table.setFocus()


def test_unticking_a_family_changes_the_attendance(
    qtbot: QtBot, tab: ActivitiesTab, db: Database, families: dict[str, str], runner: OperationRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    activity = _record(db, "端午慰问座谈", [families["li"], families["zhang"]])
    tab.refresh()
    _select(qtbot, tab, activity)

    def drive(dialog: ActivityDialog) -> None:
        assert dialog.windowTitle() == "Edit activity"
        assert dialog.title_edit.text() == "端午慰问座谈"
        # The families that came first, then the others (by village and pinyin: 李, 王, 张).
        assert [line.split(" · ")[0] for line in dialog.visible_families()] == ["李秀英", "张桂兰", "王芳"]
        assert dialog.ticked_label.text() == "2 family(ies) ticked"
        _press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        _type(qtbot, "zgl")
        _press(qtbot, Qt.Key.Key_Down)
        _press(qtbot, Qt.Key.Key_Space)
        assert dialog.ticked_label.text() == "1 family(ies) ticked"
        _press(qtbot, Qt.Key.Key_Return)  # Return in the list ticks too, and does not press Save
        assert dialog.ticked_label.text() == "2 family(ies) ticked" and dialog.isVisible()
        _press(qtbot, Qt.Key.Key_Return)
        assert dialog.ticked_label.text() == "1 family(ies) ticked"
        assert dialog.count_spin.value() == 1  # it followed the ticks when saved, so it still does
        with qtbot.waitSignal(runner.sig_idle, timeout=5000):
            _press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    _run_dialog(qtbot, monkeypatch, drive)
    with qtbot.waitSignal(tab.sig_activities_changed, timeout=5000):
        _press(qtbot, Qt.Key.Key_Return)
    assert _attending(db, activity) == {families["li"]}
    qtbot.waitUntil(lambda: _row(tab, 0)[6] == "1", timeout=5000)
    assert tab.selected_id() == activity


def test_delete_asks_first_naming_the_activity_and_the_families_that_lose_the_item(
    qtbot: QtBot, tab: ActivitiesTab, db: Database, families: dict[str, str], runner: OperationRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    # 李 attended another group activity this year and keeps the item; 王 came only to this one.
    activity = _record(db, "重阳节座谈会", [families["li"], families["wang"]])
    other = _record(db, "会员活动日", [families["li"]], kind="members_day")
    tab.refresh()
    _select(qtbot, tab, activity)
    asked: list[tuple[str, int, str]] = []
    answers = iter([False, True])

    def confirm(row: ActivityRow, losing: int) -> bool:
        asked.append((row.title, losing, tab.delete_question(row, losing)))
        return next(answers)

    monkeypatch.setattr(tab, "confirm_delete", confirm)
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        _press(qtbot, Qt.Key.Key_Delete)
    assert [(title, losing) for title, losing, _text in asked] == [("重阳节座谈会", 1)]
    question = asked[0][2]
    assert "“重阳节座谈会”" in question and EARLIER.isoformat() in question
    assert "2 special family(ies) attended it." in question
    assert f"For 1 of them it is the only group activity of {EARLIER.year}" in question
    assert _attending(db, activity) == {families["li"], families["wang"]}  # the user said no

    with qtbot.waitSignal(tab.sig_activities_changed, timeout=5000):
        _press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    assert tab.model.activity(0) is not None and tab.model.activity(0).id == other  # type: ignore[union-attr]
    with db.unit_of_work() as session:
        assert session.get_one(Activity, activity).deleted
    assert _attending(db, activity) == set()
    assert _attending(db, other) == {families["li"]}


def test_a_training_loses_no_family_its_item(tab: ActivitiesTab) -> None:
    row = ActivityRow("x", EARLIER, "training", "急救培训", None, None, 12, 3)
    question = tab.delete_question(row, 0)
    assert question == f"Delete the activity “急救培训” of {EARLIER.isoformat()}?"


def test_a_future_date_keeps_save_disabled_and_says_why(
    qtbot: QtBot, db: Database, families: dict[str, str], window: QMainWindow, runner: OperationRunner
) -> None:
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        dialog = ActivityDialog(office_of(db), runner, None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date_edit, timeout=5000)
    assert dialog.problem_text() == "Give the activity a title."
    assert not dialog.save_button.isEnabled()
    dialog.title_edit.setFocus()
    _type(qtbot, "中秋座谈会")
    assert dialog.problem_text() == "" and dialog.save_button.isEnabled()

    dialog.date_edit.setFocus()
    _press(qtbot, Qt.Key.Key_Up)  # the year: a year from today
    assert dialog.date_edit.date().year() == TODAY.year + 1
    assert dialog.problem_text() == "The date is in the future: record an activity once it has taken place."
    assert not dialog.save_button.isEnabled()
    _press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    _press(qtbot, Qt.Key.Key_Return)
    assert not runner.busy() and dialog.isVisible()
    with db.unit_of_work() as session:
        assert session.scalars(select(Activity)).all() == []

    _press(qtbot, Qt.Key.Key_Down)
    assert dialog.problem_text() == "" and dialog.save_button.isEnabled()


def test_fewer_participants_than_families_ticked_is_refused(
    qtbot: QtBot, db: Database, families: dict[str, str], window: QMainWindow, runner: OperationRunner
) -> None:
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        dialog = ActivityDialog(office_of(db), runner, None, window)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("座谈会")
    for n in range(2):
        dialog.family_list.item(n).setCheckState(Qt.CheckState.Checked)
    assert dialog.count_spin.value() == 2
    dialog.count_spin.setValue(30)  # set by the user: no longer follows the ticks
    dialog.family_list.item(2).setCheckState(Qt.CheckState.Checked)
    assert dialog.count_spin.value() == 30 and dialog.save_button.isEnabled()
    dialog.count_spin.setValue(1)
    assert dialog.problem_text() == "The number of participants (1) is less than the attendees named (3)."
    assert not dialog.save_button.isEnabled()


def test_the_note_says_which_types_count_for_the_five_ones(
    qtbot: QtBot, db: Database, window: QMainWindow, runner: OperationRunner
) -> None:
    with qtbot.waitSignal(runner.sig_idle, timeout=5000):
        dialog = ActivityDialog(office_of(db), runner, None, window)
    qtbot.addWidget(dialog)
    assert [dialog.type_combo.itemText(n) for n in range(dialog.type_combo.count())] == [
        "集体交流活动", "5·29会员活动日", "培训", "宣传活动", "义诊", "其他活动"]  # fmt: skip
    assert "count as the group activity of the five-ones for every family" in dialog.five_ones_note.text()
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("training"))
    assert dialog.five_ones_note.text().startswith("A 培训 does not count for the five-ones")


def test_escape_cancels_without_saving_or_signalling(
    qtbot: QtBot, tab: ActivitiesTab, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def drive(dialog: ActivityDialog) -> None:
        dialog.title_edit.setFocus()
        _type(qtbot, "不保存的活动")
        _press(qtbot, Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    _run_dialog(qtbot, monkeypatch, drive)
    with qtbot.assertNotEmitted(tab.sig_activities_changed):
        _press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    with db.unit_of_work() as session:
        assert session.scalars(select(Activity)).all() == []


@pytest.mark.parametrize("actor", [COUNTY, VOLUNTEER], ids=["county", "volunteer"])
def test_county_staff_and_volunteers_read_but_cannot_record(
    qtbot: QtBot, db: Database, families: dict[str, str], window: QMainWindow, runner: OperationRunner,
    monkeypatch: pytest.MonkeyPatch, actor: Actor,
) -> None:  # fmt: skip
    activity = _record(db, "中秋座谈会", [families["li"]])
    tab = _open_tab(qtbot, db, window, runner, actor)
    assert not any(a.isVisible() for a in (tab.add_action, tab.edit_action, tab.delete_action))
    monkeypatch.setattr(ActivityDialog, "ask", classmethod(lambda *_args: pytest.fail("the form opened")))
    monkeypatch.setattr(tab, "confirm_delete", lambda *_args: pytest.fail("asked to delete"))
    if actor is COUNTY:  # county staff read every activity; a volunteer only those of families paired with them
        _select(qtbot, tab, activity)
    else:
        assert tab.model.rowCount() == 0
    for key, modifier in ((Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
                          (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier)):  # fmt: skip
        _press(qtbot, key, modifier)
    assert not runner.busy()


def test_the_year_box_shows_another_year(
    qtbot: QtBot, tab: ActivitiesTab, db: Database, families: dict[str, str]
) -> None:
    _record(db, "去年的座谈会", [families["li"]], held_on=date(TODAY.year - 1, 6, 1))
    tab.refresh()
    qtbot.waitUntil(lambda: "0 activity(ies)" in tab.count_label.text(), timeout=5000)
    tab.year_spin.setValue(TODAY.year - 1)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    assert _row(tab, 0)[2] == "去年的座谈会"


def test_signing_out_clears_the_list(qtbot: QtBot, tab: ActivitiesTab, db: Database, families: dict[str, str]) -> None:
    _record(db, "中秋座谈会", [families["li"]])
    tab.refresh()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    tab.clear_office()
    assert tab.model.rowCount() == 0 and not tab.table.isVisible() and tab.empty_label.isVisible()
    assert not tab.add_action.isVisible()


def test_the_model_passes_qt_model_tests(qtmodeltester: object) -> None:
    model = ActivityTableModel()
    rows = [ActivityRow(str(n), date(2026, 5, n + 1), kind, f"活动{n}", None, None, n, n)
            for n, kind in enumerate(("group_activity", "training", "members_day"))]  # fmt: skip
    model.set_rows(rows, {})
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.sort(5, Qt.SortOrder.AscendingOrder)
    assert [model.index(n, 2).data() for n in range(3)] == ["活动0", "活动1", "活动2"]
