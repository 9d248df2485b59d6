"""The quick-entry visit form, used from the keyboard alone: a visit logged, several in a row, a correction that
supersedes the old visit, a problem said in the form with nothing lost, a volunteer's families only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.accounts.users import Actor
from app.database import Database
from app.families.registry import FamilyInput, PersonInput, create_family
from app.families.visits import current_visit_query
from db.models import Pairing, Visit, VisitVisitor, Volunteer
from tests.helpers.database import ADMIN, CLERK, new_database, office_of
from ui.families.visit_form import VisitFormDialog
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui
TODAY = date(2026, 11, 23)


def _family(db: Database, mother: str) -> str:
    data = FamilyInput(categories=["child_deceased"], village_code="440105001001",
                       people=[PersonInput("mother", mother, "F", birth_date="1970-01-01")])  # fmt: skip
    with db.unit_of_work() as session:
        return create_family(session, ADMIN, data, today=TODAY)[0]


@pytest.fixture
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, str]]]:
    db = new_database(tmp_path_factory.mktemp("visits"))
    fam = {"zhang": _family(db, "张桂兰"), "li": _family(db, "李秀英")}
    with db.unit_of_work() as session:
        volunteer = Volunteer(name="王志愿")
        session.add(volunteer)
        session.flush()
        fam["volunteer"] = volunteer.id
        session.add(Pairing(volunteer_id=volunteer.id, family_id=fam["li"], starts_on=date(2026, 1, 1)))
    yield db, fam
    db.close()


def _form(qtbot: QtBot, db: Database, actor: Actor = CLERK, **kwargs: str) -> VisitFormDialog:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = VisitFormDialog(office_of(db, actor), OperationRunner(parent), today=TODAY, parent=parent, **kwargs)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _type(qtbot: QtBot, text: str) -> None:
    """Type into the focused field: ASCII key by key, Chinese as an input method commits it (as users type it)."""
    widget = QApplication.focusWidget()
    assert widget is not None
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _tab(qtbot: QtBot, times: int = 1) -> None:
    for _ in range(times):
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_Tab)


def _visits(db: Database) -> list[Visit]:
    with db.unit_of_work() as session:
        return list(session.scalars(current_visit_query().order_by(Visit.created_at)))


def test_a_visit_is_logged_from_the_keyboard_alone(qtbot: QtBot, office: tuple[Database, dict[str, str]]) -> None:
    db, fam = office
    dialog = _form(qtbot, db)
    assert QApplication.focusWidget() is dialog.family_combo
    _type(qtbot, "zhangguilan")  # pinyin finds 张桂兰 in the completer's list
    popup = dialog.family_combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.family_id() == fam["zhang"]
    _tab(qtbot)  # kind: the first kind is the condolence visit; Down picks the next
    assert QApplication.focusWidget() is dialog.kind_combo
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Down)
    _tab(qtbot, 2)  # past the date (today)
    assert QApplication.focusWidget() is dialog.visitors_edit
    _type(qtbot, "王志愿、村干部张三")
    _tab(qtbot)
    _type(qtbot, "打扫卫生，陪同聊天")
    _tab(qtbot)  # the first of the five cares
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    _tab(qtbot, 6)  # past the other cares to "state found"
    assert QApplication.focusWidget() is dialog.state_edit
    _type(qtbot, "情绪稳定")
    _tab(qtbot, 2)
    _type(qtbot, "下月复查陪同")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    (visit,) = _visits(db)
    assert (visit.family_id, visit.kind, visit.visited_on) == (fam["zhang"], "volunteer_home_service", TODAY)
    assert (visit.content, visit.state_found) == ("打扫卫生，陪同聊天", "情绪稳定")
    assert visit.followup_action == "下月复查陪同"
    assert visit.five_cares == ["life"]
    with db.unit_of_work() as session:
        who = session.scalars(select(VisitVisitor).where(VisitVisitor.visit_id == visit.id)).all()
    assert {(v.volunteer_id, v.name) for v in who} == {(fam["volunteer"], None), (None, "村干部张三")}


def test_save_and_next_keeps_the_day_and_visitors(qtbot: QtBot, office: tuple[Database, dict[str, str]]) -> None:
    db, fam = office
    dialog = _form(qtbot, db, family_id=fam["zhang"])
    assert QApplication.focusWidget() is dialog.kind_combo
    dialog.visitors_edit.setText("王志愿")
    dialog.content_edit.setPlainText("中秋慰问")
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(lambda: len(dialog.saved_ids) == 1)
    assert dialog.isVisible() and dialog.family_id() is None and dialog.content_edit.toPlainText() == ""
    assert dialog.visitors_edit.text() == "王志愿"
    assert "1" in dialog.saved_label.text()
    dialog.family_combo.setCurrentIndex(dialog.family_combo.findData(fam["li"]))
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert {v.family_id for v in _visits(db)} == {fam["zhang"], fam["li"]}


def test_a_problem_is_said_in_the_form_and_nothing_typed_is_lost(
    qtbot: QtBot, office: tuple[Database, dict[str, str]]
) -> None:
    db, fam = office
    dialog = _form(qtbot, db)
    dialog.save()
    assert "家庭" in dialog.problem_label.text() or "family" in dialog.problem_label.text()
    dialog.family_combo.setCurrentIndex(dialog.family_combo.findData(fam["zhang"]))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("emergency"))
    dialog.content_edit.setPlainText("突发疾病住院")
    dialog.save()  # an emergency needs its follow-up
    qtbot.waitUntil(lambda: dialog.problem_label.text() != "")
    assert "跟进" in dialog.problem_label.text() or "follow-up" in dialog.problem_label.text()
    assert dialog.isVisible() and dialog.content_edit.toPlainText() == "突发疾病住院"
    assert _visits(db) == []
    asked: list[bool] = []
    dialog.confirm_discard = lambda: asked.append(True) or False  # type: ignore[method-assign]
    qtbot.keyClick(dialog.content_edit, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()  # typed content: asked, kept open


def test_a_correction_supersedes_the_visit(qtbot: QtBot, office: tuple[Database, dict[str, str]]) -> None:
    db, fam = office
    dialog = _form(qtbot, db, family_id=fam["zhang"])
    dialog.content_edit.setPlainText("慰问")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (old,) = _visits(db)
    fix = _form(qtbot, db, visit_id=old.id)
    assert not fix.family_combo.isEnabled() and fix.content_edit.toPlainText() == "慰问"
    fix.kind_combo.setCurrentIndex(fix.kind_combo.findData("psych_support"))
    fix.save()
    qtbot.waitUntil(lambda: not fix.isVisible())
    (new,) = _visits(db)
    assert (new.supersedes_id, new.kind, new.content) == (old.id, "psych_support", "慰问")


def test_a_volunteer_chooses_only_among_their_families(qtbot: QtBot, office: tuple[Database, dict[str, str]]) -> None:
    db, fam = office
    dialog = _form(qtbot, db, Actor("volunteer", "volunteer", fam["volunteer"]))
    offered = [dialog.family_combo.itemData(n) for n in range(1, dialog.family_combo.count())]
    assert offered == [fam["li"]]
