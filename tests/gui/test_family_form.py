"""The special-family form: typed as a secretary would, checked as typed, masked by role, and every action audited.

The dialogs the form would open (questions, reasons, files, message boxes) are its hook methods, which each test
replaces; a real modal dialog fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QInputDialog, QMainWindow, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from app.accounts.users import Actor
from app.database import Database
from app.families.access import ANONYMOUS, MASK
from app.families.registry import FamilyInput, PersonInput, create_family
from app.validation import make_id_number, mask_id_number
from db.models import AuditLog, FamilyInsurance, FamilyPerson, Household, SpecialFamily
from tests.helpers.database import ADMIN, CLERK, COUNTY, VILLAGE, VOLUNTEER, office_of
from tests.helpers.roll import add as add_member
from ui import errors as ui_errors
from ui.families import family_form
from ui.families.family_form import FamilyFormDialog
from ui.i18n import set_ui_language
from ui.operations import OperationRunner
from ui.record_picker import RecordPicker

pytestmark = pytest.mark.gui

MOTHER_ID = make_id_number("440105", date(1965, 3, 8), 124)  # an even sequence: a woman, well over 49
FATHER_ID = make_id_number("440105", date(1963, 7, 1), 31)
YOUNG_MOTHER_BORN = date(date.today().year - 30, 6, 1)
YOUNG_MOTHER_ID = make_id_number("440105", YOUNG_MOTHER_BORN, 124)
WRONG_CHECK = MOTHER_ID[:17] + ("0" if MOTHER_ID[17] != "0" else "1")


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    win = QMainWindow()
    qtbot.addWidget(win)
    return win


@pytest.fixture
def runner(window: QMainWindow) -> Iterator[OperationRunner]:
    operations = OperationRunner(window)
    yield operations
    operations.shutdown()


@pytest.fixture(autouse=True)
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The error messages the user would have read; any real modal dialog fails the test."""
    messages: list[str] = []
    monkeypatch.setattr(
        ui_errors.ErrorBox, "ask", classmethod(lambda _cls, _parent, _title, text: messages.append(text))
    )

    def blocked(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a real dialog would block the test: replace the form's hook")

    for owner, name in ((QMessageBox, "question"), (QMessageBox, "warning"), (QMessageBox, "information"),
                        (QInputDialog, "getText"), (QFileDialog, "getSaveFileName")):  # fmt: skip
        monkeypatch.setattr(owner, name, blocked)
    monkeypatch.setattr(family_form._CloseDialog, "exec", blocked)
    return messages


def type_in(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text` as a user would: ASCII key by key, Chinese as an input method commits it (QTest has no keys)."""
    for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if run.isascii():
            QTest.keyClicks(widget, run)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)


def put_family(db: Database) -> str:
    """A bereaved family as an earlier session of the form would have saved it (no consent yet)."""
    data = FamilyInput(
        categories=["child_deceased"], village_code=VILLAGE.region_code, address="城关村三组 12 号",
        township_liaison_name="周干部", township_liaison_phone="13900001111", needs="定期健康体检",
        people=[
            PersonInput("mother", "李秀英", "F", id_number=MOTHER_ID, phone="13812345678", health="高血压"),
            PersonInput("father", "张建国", "M", id_number=FATHER_ID),
            PersonInput("child", "张小明", "M", birth_date="1990-05-01", deceased_on="2019-03-01"),
        ],
    )  # fmt: skip
    with db.unit_of_work(ADMIN.username) as session:
        return create_family(session, ADMIN, data)[0]


def _open(
    qtbot: QtBot,
    db: Database,
    runner: OperationRunner,
    window: QMainWindow,
    family_id: str | None = None,
    actor: Actor = ADMIN,
) -> FamilyFormDialog:
    with qtbot.waitSignal(runner.sig_idle, timeout=10000):
        dialog = FamilyFormDialog(office_of(db, actor), runner, family_id, window)
    return dialog


def _idle(qtbot: QtBot, runner: OperationRunner, widget: QWidget) -> None:
    """Click `widget` and wait for the work it started."""
    with qtbot.waitSignal(runner.sig_idle, timeout=10000):
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def _save(qtbot: QtBot, runner: OperationRunner, dialog: FamilyFormDialog) -> None:
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=3000)
    _idle(qtbot, runner, dialog.save_button)


def _family(db: Database, family_id: str) -> tuple[SpecialFamily, dict[str, FamilyPerson]]:
    with db.unit_of_work() as session:
        family = session.get_one(SpecialFamily, family_id)
        people = list(
            session.scalars(
                select(FamilyPerson).where(FamilyPerson.family_id == family_id, FamilyPerson.deleted.is_(False))
            )
        )
        session.expunge_all()
        return family, {p.role: p for p in people}


def _audit(db: Database, action: str) -> list[AuditLog]:
    with db.unit_of_work() as session:
        rows = list(session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.seq)))
        session.expunge_all()
        return rows


def _accept_warnings(dialog: FamilyFormDialog) -> list[list[str]]:
    asked: list[list[str]] = []

    def confirm(warnings: list) -> bool:  # type: ignore[type-arg]
        asked.append([p.code for p in warnings])
        return True

    dialog.confirm_warnings = confirm  # type: ignore[method-assign]
    return asked


def test_a_family_typed_in_is_saved_with_its_people(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    dialog = _open(qtbot, db, runner, window)
    assert dialog.windowTitle() == "New special family"
    assert dialog.village_combo.currentData() == VILLAGE.region_code  # a village office's own village
    assert dialog.problem_text("categories") == "请选择家庭类别。"  # the one thing a new form says at once
    assert not dialog.save_button.isEnabled()
    QTest.keyClick(dialog.category_boxes["child_deceased"], Qt.Key.Key_Space)
    type_in(qtbot, dialog.address_edit, "城关村三组 12 号")
    type_in(qtbot, dialog.needs_edit, "定期健康体检")
    dialog.tabs.setCurrentIndex(family_form.PEOPLE_TAB)
    father, mother, child = (dialog.person_edits[role] for role in ("father", "mother", "child"))
    type_in(qtbot, father["name"], "张建国")
    QTest.keyClicks(father["id_number"], FATHER_ID)
    type_in(qtbot, mother["name"], "李秀英")
    QTest.keyClicks(mother["id_number"], MOTHER_ID.lower())
    QTest.keyClicks(mother["phone"], "138 1234 5678")
    type_in(qtbot, mother["health"], "高血压")
    type_in(qtbot, child["name"], "张小明")
    dialog.sex_combos["child"].setCurrentIndex(dialog.sex_combos["child"].findData("M"))
    QTest.keyClicks(child["birth_date"], "1990.5.1")
    type_in(qtbot, child["deceased_on"], "2019年3月1日")
    # A valid ID number fills in the date of birth and sex the user left empty.
    qtbot.waitUntil(lambda: mother["birth_date"].text() == "1965-03-08", timeout=3000)
    assert dialog.sex_combos["mother"].currentData() == "F"
    dialog.tabs.setCurrentIndex(family_form.LIAISONS_TAB)
    type_in(qtbot, dialog.liaison_edits["township_liaison_name"], "周干部")
    QTest.keyClicks(dialog.liaison_edits["township_liaison_phone"], "13900001111")
    type_in(qtbot, dialog.liaison_edits["village_liaison_name"], "吴主任")
    qtbot.waitUntil(lambda: "还没有登记单独同意" in dialog.warning_text(), timeout=3000)
    asked = _accept_warnings(dialog)
    _save(qtbot, runner, dialog)

    assert asked == [["consent.none"]]  # saving without consent is allowed, after one question
    assert dialog.result() == FamilyFormDialog.DialogCode.Accepted
    assert dialog.saved_id is not None
    family, people = _family(db, dialog.saved_id)
    assert (family.categories, family.village_code, family.address) == (
        ["child_deceased"],
        VILLAGE.region_code,
        "城关村三组 12 号",
    )
    assert (family.needs, family.township_liaison_phone, family.village_liaison_name) == (
        "定期健康体检",
        "13900001111",
        "吴主任",
    )
    assert set(people) == {"father", "mother", "child"}
    assert (people["mother"].id_number, people["mother"].birth_date, people["mother"].sex) == (
        MOTHER_ID,
        date(1965, 3, 8),
        "F",
    )
    assert (people["mother"].phone, people["mother"].health) == ("13812345678", "高血压")
    assert (people["child"].birth_date, people["child"].deceased_on) == (date(1990, 5, 1), date(2019, 3, 1))
    assert people["father"].id_number == FATHER_ID


@pytest.mark.parametrize(("language", "expected"), [("zh_CN", "校验位不对"), ("en", "check character")])
def test_a_wrong_id_number_is_shown_next_to_it_and_keeps_save_disabled(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, language: str, expected: str
) -> None:
    set_ui_language(language)
    dialog = _open(qtbot, db, runner, window)
    QTest.keyClick(dialog.category_boxes["child_disabled"], Qt.Key.Key_Space)
    type_in(qtbot, dialog.person_edits["mother"]["name"], "李秀英")
    QTest.keyClicks(dialog.person_edits["mother"]["id_number"], WRONG_CHECK)
    qtbot.waitUntil(lambda: expected in dialog.problem_text("mother.id_number"), timeout=3000)
    assert not dialog.save_button.isEnabled()
    assert not dialog.tabs.tabIcon(family_form.PEOPLE_TAB).isNull()  # the tab with the error is marked
    assert dialog.tabs.tabIcon(family_form.FAMILY_TAB).isNull()
    dialog.tabs.setCurrentIndex(family_form.FAMILY_TAB)
    assert "People" in dialog.warning_text()  # seen from another tab: where to look
    dialog.save_shortcuts[0].activated.emit()
    assert not runner.busy()
    assert dialog.tabs.currentIndex() == family_form.PEOPLE_TAB  # trying to save shows the error
    with db.unit_of_work() as session:
        assert session.scalars(select(SpecialFamily)).all() == []


def test_a_mother_under_49_is_a_visible_warning_and_the_family_is_saved_after_confirming(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    dialog = _open(qtbot, db, runner, window)
    QTest.keyClick(dialog.category_boxes["child_deceased"], Qt.Key.Key_Space)
    type_in(qtbot, dialog.person_edits["mother"]["name"], "李秀英")
    QTest.keyClicks(dialog.person_edits["mother"]["id_number"], YOUNG_MOTHER_ID)
    type_in(qtbot, dialog.person_edits["child"]["name"], "张小明")
    QTest.keyClicks(dialog.person_edits["child"]["deceased_on"], "2019-03-01")
    qtbot.waitUntil(lambda: "母亲现年" in dialog.warning_text(), timeout=3000)
    from_year = YOUNG_MOTHER_BORN.year + 49
    assert f"年满 49 周岁（{from_year} 年）后方可享受特别扶助" in dialog.warning_text()
    assert dialog.warning_frame.isVisibleTo(dialog)
    assert dialog.save_button.isEnabled()  # a warning never blocks
    # The consent typed with a new family is recorded with it.
    QTest.keyClicks(dialog.consent_date_edit, "2025-01-05")
    qtbot.waitUntil(lambda: "请填写签字人" in dialog.problem_text("consent_signer"), timeout=3000)
    type_in(qtbot, dialog.consent_scope_edit, "帮扶档案与走访记录")
    type_in(qtbot, dialog.consent_signer_edit, "李秀英")
    qtbot.waitUntil(lambda: dialog.problem_text("consent_signer") == "", timeout=3000)
    assert "还没有登记单独同意" not in dialog.warning_text()

    asked: list[list[str]] = []
    answer = False

    def confirm(warnings: list) -> bool:  # type: ignore[type-arg]
        asked.append([p.code for p in warnings])
        return answer

    dialog.confirm_warnings = confirm  # type: ignore[method-assign]
    assert dialog.save_button.isEnabled()
    QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked == [["eligibility.mother_too_young"]]
    assert not runner.busy()
    answer = True
    _save(qtbot, runner, dialog)
    assert len(asked) == 2 and dialog.saved_id is not None
    family, people = _family(db, dialog.saved_id)
    assert people["mother"].id_number == YOUNG_MOTHER_ID
    assert (family.consent_on, family.consent_signer) == (date(2025, 1, 5), "李秀英")


def test_a_clerk_sees_masked_details_and_an_edit_keeps_the_stored_values(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    family_id = put_family(db)
    dialog = _open(qtbot, db, runner, window, family_id, CLERK)
    mother, child = dialog.person_edits["mother"], dialog.person_edits["child"]
    assert mother["id_number"].text() == mask_id_number(MOTHER_ID) and mother["id_number"].isReadOnly()
    assert mother["phone"].text() == "138****5678" and mother["phone"].isReadOnly()
    assert mother["health"].text() == MASK and mother["health"].isReadOnly()
    assert child["deceased_on"].text() == MASK and child["deceased_on"].isReadOnly()
    assert dialog.needs_edit.toPlainText() == MASK and dialog.needs_edit.isReadOnly()
    assert dialog.liaison_edits["township_liaison_phone"].text() == "139****1111"
    assert not dialog.person_edits["father"]["phone"].isReadOnly()  # nothing stored, nothing hidden
    assert dialog.reveal_button.isHidden()  # clerks may not reveal a family's details
    assert dialog.anonymise_button.isHidden() and dialog.copy_button.isHidden()
    # The child's date of death is only masked: no "date of death missing" warning.
    assert "死亡日期" not in dialog.warning_text()
    dialog.address_edit.clear()
    type_in(qtbot, dialog.address_edit, "城关村五组 3 号")
    _accept_warnings(dialog)
    _save(qtbot, runner, dialog)

    assert dialog.saved_id == family_id
    family, people = _family(db, family_id)
    assert family.address == "城关村五组 3 号"
    assert (family.needs, family.township_liaison_phone) == ("定期健康体检", "13900001111")
    assert (people["mother"].id_number, people["mother"].phone, people["mother"].health) == (
        MOTHER_ID,
        "13812345678",
        "高血压",
    )
    assert people["child"].deceased_on == date(2019, 3, 1)
    assert people["father"].id_number == FATHER_ID
    change = _audit(db, "record_change")[-1]
    assert (change.username, change.record_id) == ("clerk", family_id)
    assert json.loads(change.detail or "") == {"fields": ["address"]}  # field names, never values


def test_an_admin_reveals_the_full_details_for_a_reason_which_is_audited(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    family_id = put_family(db)
    dialog = _open(qtbot, db, runner, window, family_id, ADMIN)
    mother = dialog.person_edits["mother"]
    assert mother["id_number"].text() == mask_id_number(MOTHER_ID) and mother["id_number"].isReadOnly()
    assert mother["health"].text() == "高血压" and not mother["health"].isReadOnly()  # admins see health
    assert not dialog.reveal_button.isHidden()

    dialog.ask_reveal_reason = lambda: None  # type: ignore[method-assign]
    QTest.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
    assert not runner.busy() and mother["id_number"].isReadOnly()

    dialog.ask_reveal_reason = lambda: "核对特别扶助名单"  # type: ignore[method-assign]
    _idle(qtbot, runner, dialog.reveal_button)
    assert mother["id_number"].text() == MOTHER_ID and not mother["id_number"].isReadOnly()
    assert dialog.liaison_edits["township_liaison_phone"].text() == "13900001111"
    assert dialog.reveal_button.isHidden()
    assert not dialog.has_changes()  # showing is not typing
    [reveal] = _audit(db, "reveal")
    assert (reveal.username, reveal.tbl, reveal.record_id) == ("admin", "special_family", family_id)
    assert "核对特别扶助名单" in (reveal.detail or "") and MOTHER_ID not in (reveal.detail or "")

    mother["phone"].clear()
    QTest.keyClicks(mother["phone"], "13912345678")
    _accept_warnings(dialog)
    _save(qtbot, runner, dialog)
    _family_row, people = _family(db, family_id)
    assert (people["mother"].phone, people["mother"].id_number) == ("13912345678", MOTHER_ID)


def test_county_staff_and_records_of_another_office_are_read_only(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    family_id = put_family(db)
    dialog = _open(qtbot, db, runner, window, family_id, COUNTY)
    assert dialog.read_only and dialog.save_button.isHidden()
    assert "County staff read the families here" in dialog.note_label.text() and dialog.note_label.isVisibleTo(dialog)
    assert dialog.address_edit.isReadOnly() and not dialog.category_boxes["child_deceased"].isEnabled()
    assert dialog.person_edits["mother"]["name"].isReadOnly()
    assert dialog.cancel_button.text() == "Close"
    assert not dialog.reveal_button.isHidden()  # county staff may reveal, for a reason
    assert dialog.close_case_button.isHidden() and dialog.anonymise_button.isHidden()
    assert dialog.policy_editor.isHidden()
    before = len(_audit(db, "record_change"))
    dialog.save_shortcuts[1].activated.emit()  # Ctrl+Return
    assert not runner.busy() and len(_audit(db, "record_change")) == before

    with db.unit_of_work() as session:
        session.execute(update(SpecialFamily).where(SpecialFamily.id == family_id).values(owner_site="another"))
    imported = _open(qtbot, db, runner, window, family_id, ADMIN)
    assert imported.read_only and imported.save_button.isHidden()
    assert "其他单位导入" in imported.note_label.text()
    assert imported.close_case_button.isHidden() and imported.anonymise_button.isHidden()


def test_a_volunteer_opens_only_families_paired_with_them(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, shown: list[str]
) -> None:
    family_id = put_family(db)
    dialog = _open(qtbot, db, runner, window, family_id, VOLUNTEER)
    assert shown == ["您无权查看这个家庭：志愿者只能查看与自己结对的家庭。"]
    assert dialog.result() == FamilyFormDialog.DialogCode.Rejected
    _open(qtbot, db, runner, window, None, VOLUNTEER)
    assert shown[1:] == ["您的账户没有这项操作的权限。"]


def test_the_separate_consent_is_checked_and_recorded(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    family_id = put_family(db)
    dialog = _open(qtbot, db, runner, window, family_id, CLERK)
    assert "还没有登记单独同意" in dialog.warning_text()
    dialog.tabs.setCurrentIndex(family_form.CONSENT_TAB)
    type_in(qtbot, dialog.consent_scope_edit, "帮扶档案与走访记录")
    qtbot.waitUntil(lambda: "请填写签字人" in dialog.problem_text("consent_signer"), timeout=3000)
    assert "请填写签字日期" in dialog.problem_text("consent_on")
    assert not dialog.save_button.isEnabled()
    QTest.keyClicks(dialog.consent_date_edit, "2025.1.5")
    type_in(qtbot, dialog.consent_signer_edit, "李秀英")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=3000)
    assert dialog.warning_text() == ""  # a qualifying family with consent: nothing to warn about
    asked = _accept_warnings(dialog)
    _save(qtbot, runner, dialog)

    assert asked == []
    family, _people = _family(db, family_id)
    assert (family.consent_on, family.consent_scope, family.consent_signer) == (
        date(2025, 1, 5),
        "帮扶档案与走访记录",
        "李秀英",
    )
    details = [json.loads(row.detail or "{}") for row in _audit(db, "record_change")]
    assert {"fields": ["consent_on", "consent_scope", "consent_signer"]} in details

    again = _open(qtbot, db, runner, window, family_id, CLERK)
    assert again.consent_signer_edit.text() == "李秀英" and again.warning_text() == ""


def test_insurance_policies_are_added_and_removed(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, shown: list[str]
) -> None:
    new = _open(qtbot, db, runner, window)
    assert not new.insurance_note.isHidden() and new.policy_editor.isHidden()

    family_id = put_family(db)
    dialog = _open(qtbot, db, runner, window, family_id, CLERK)
    dialog.tabs.setCurrentIndex(family_form.INSURANCE_TAB)
    assert dialog.policy_table.rowCount() == 0
    dialog.policy_year_spin.setValue(2025)
    kind_edit = dialog.policy_kind_combo.lineEdit()
    assert kind_edit is not None
    type_in(qtbot, kind_edit, "住院护理补贴保险")  # a listed kind: stored as its code
    type_in(qtbot, dialog.policy_insurer_edit, "中国人寿保险")
    QTest.keyClicks(dialog.policy_premium_edit, "100")
    _idle(qtbot, runner, dialog.add_policy_button)
    assert dialog.policy_table.rowCount() == 1
    cells = [dialog.policy_table.item(0, c).text() for c in range(4)]  # type: ignore[union-attr]
    assert cells == ["2025", "住院护理补贴保险", "中国人寿保险", "100"]
    assert dialog.policy_premium_edit.text() == "" and dialog.saved_id == family_id
    with db.unit_of_work() as session:
        [policy] = session.scalars(select(FamilyInsurance).where(FamilyInsurance.family_id == family_id))
        assert (policy.year, policy.kind, policy.premium) == (2025, "inpatient_care_insurance", 100)

    type_in(qtbot, kind_edit, "住院护理补贴保险")
    QTest.keyClick(dialog.policy_premium_edit, Qt.Key.Key_Return)  # Return adds the policy, and saves nothing
    assert shown == ["2025 年已登记“住院护理补贴保险”。"]
    assert dialog.policy_table.rowCount() == 1 and dialog.result() != FamilyFormDialog.DialogCode.Accepted

    dialog.policy_table.selectRow(0)
    dialog.confirm_remove_policy = lambda description: False  # type: ignore[method-assign]
    QTest.mouseClick(dialog.remove_policy_button, Qt.MouseButton.LeftButton)
    assert not runner.busy() and dialog.policy_table.rowCount() == 1
    dialog.confirm_remove_policy = lambda description: True  # type: ignore[method-assign]
    _idle(qtbot, runner, dialog.remove_policy_button)
    assert dialog.policy_table.rowCount() == 0
    with db.unit_of_work() as session:
        assert session.get_one(FamilyInsurance, policy.id).deleted


def test_closing_the_case_needs_a_reason_and_is_recorded(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    family_id = put_family(db)
    dialog = _open(qtbot, db, runner, window, family_id, CLERK)
    assert not dialog.close_case_button.isHidden()
    dialog.ask_close = lambda: None  # type: ignore[method-assign]
    QTest.mouseClick(dialog.close_case_button, Qt.MouseButton.LeftButton)
    assert not runner.busy()
    today = date.today()
    dialog.ask_close = lambda: (today, "全家迁往外省")  # type: ignore[method-assign]
    _idle(qtbot, runner, dialog.close_case_button)

    family, _people = _family(db, family_id)
    assert (family.closed_on, family.closed_reason) == (today, "全家迁往外省")
    assert "全家迁往外省" in dialog.note_label.text() and dialog.close_case_button.isHidden()
    assert dialog.saved_id == family_id
    again = _open(qtbot, db, runner, window, family_id, CLERK)
    assert today.isoformat() in again.note_label.text() and again.close_case_button.isHidden()


def test_an_admin_anonymises_a_family_after_a_reason_and_a_confirmation(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    family_id = put_family(db)
    dialog = _open(qtbot, db, runner, window, family_id, ADMIN)
    dialog.ask_anonymise_reason = lambda: "帮扶结束已满五年"  # type: ignore[method-assign]
    dialog.confirm_anonymise = lambda: False  # type: ignore[method-assign]
    QTest.mouseClick(dialog.anonymise_button, Qt.MouseButton.LeftButton)
    assert not runner.busy() and _audit(db, "anonymise") == []

    dialog.confirm_anonymise = lambda: True  # type: ignore[method-assign]
    with qtbot.waitSignal(runner.sig_idle, timeout=10000):
        QTest.mouseClick(dialog.anonymise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.read_only, timeout=5000)  # reloaded: what is left, read-only

    family, people = _family(db, family_id)
    assert family.anonymised_on == date.today() and family.address is None
    assert {p.name for p in people.values()} == {ANONYMOUS}
    assert people["mother"].id_number is None
    [row] = _audit(db, "anonymise")
    assert "帮扶结束已满五年" in (row.detail or "")
    assert dialog.person_edits["mother"]["name"].text() == ANONYMOUS
    assert "anonymised" in dialog.note_label.text() and dialog.save_button.isHidden()
    assert dialog.anonymise_button.isHidden() and dialog.saved_id == family_id


def test_an_admin_gives_the_family_a_copy_of_its_data(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow, tmp_path: Path
) -> None:
    family_id = put_family(db)
    dialog = _open(qtbot, db, runner, window, family_id, ADMIN)
    told: list[str] = []
    dialog.choose_copy_path = lambda: str(tmp_path / "李秀英家庭信息")  # type: ignore[method-assign]
    dialog.ask_copy_reason = lambda: "本人申请查阅"  # type: ignore[method-assign]

    def inform(text: str) -> None:
        told.append(text)

    dialog.inform = inform  # type: ignore[method-assign]
    _idle(qtbot, runner, dialog.copy_button)

    out = tmp_path / "李秀英家庭信息.xlsx"
    assert out.exists() and len(told) == 1 and str(out) in told[0]
    [copy] = _audit(db, "access_copy")
    assert (copy.username, copy.record_id) == ("admin", family_id) and "本人申请查阅" in (copy.detail or "")


def test_escape_asks_before_discarding_what_was_typed(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    family_id = put_family(db)
    dialog = _open(qtbot, db, runner, window, family_id, CLERK)
    dialog.show()
    asked: list[bool] = []
    answer = False

    def confirm() -> bool:
        asked.append(answer)
        return answer

    dialog.confirm_discard = confirm  # type: ignore[method-assign]
    type_in(qtbot, dialog.address_edit, "之二")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [False] and dialog.isVisible()
    answer = True
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [False, True] and not dialog.isVisible()
    assert dialog.result() == FamilyFormDialog.DialogCode.Rejected and dialog.saved_id is None

    untouched = _open(qtbot, db, runner, window, family_id, CLERK)
    untouched.show()
    untouched.confirm_discard = confirm  # type: ignore[method-assign]
    QTest.keyClick(untouched, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not untouched.isVisible()


def test_the_keyboard_moves_through_a_person_and_saves_with_ctrl_return(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    family_id = put_family(db)
    dialog = _open(qtbot, db, runner, window, family_id, ADMIN)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.focusWidget() is dialog.category_boxes["child_deceased"]  # where a form is read from
    dialog.tabs.setCurrentIndex(family_form.PEOPLE_TAB)
    father = dialog.person_edits["father"]
    father["name"].setFocus()
    expected: list[QWidget] = [
        dialog.sex_combos["father"], father["id_number"], father["birth_date"], father["phone"], father["health"],
        dialog.disability_combos["father"], dialog.grade_combos["father"], father["disabled_on"],
        father["deceased_on"], dialog.member_pickers["father"].edit, dialog.person_boxes["mother"],
        dialog.person_edits["mother"]["name"],
    ]  # fmt: skip
    for widget in expected:
        focus = QApplication.focusWidget()
        assert focus is not None
        QTest.keyClick(focus, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert focus is not None
        owner = focus.parentWidget() if isinstance(focus.parentWidget(), QComboBox) else focus
        assert owner is widget, widget.objectName() or type(widget).__name__

    dialog.tabs.setCurrentIndex(family_form.FAMILY_TAB)
    dialog.address_edit.setFocus()
    type_in(qtbot, dialog.address_edit, "之二")
    QTest.keyClick(dialog.address_edit, Qt.Key.Key_Return)  # Return alone saves nothing
    assert not runner.busy() and dialog.isVisible()
    _accept_warnings(dialog)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=3000)
    with qtbot.waitSignal(runner.sig_idle, timeout=10000):
        QTest.keyClick(dialog.address_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    family, _people = _family(db, family_id)
    assert family.address == "城关村三组 12 号之二" and dialog.result() == FamilyFormDialog.DialogCode.Accepted


def test_the_form_fits_a_1366_by_768_screen(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    dialog = _open(qtbot, db, runner, window, put_family(db), ADMIN)
    dialog.show()
    size = dialog.frameGeometry().size()
    assert size.width() <= 1366 and size.height() <= 768 - 40  # the taskbar


def _pick(qtbot: QtBot, runner: OperationRunner, picker: RecordPicker, text: str, line: str) -> None:
    """Type into a link box, wait for its drop-down and choose the line that starts with `line` by keyboard."""
    picker.edit.setFocus()
    type_in(qtbot, picker.edit, text)
    popup = picker.completer.popup()
    assert popup is not None
    qtbot.waitUntil(lambda: popup.isVisible() and any(c.startswith(line) for c in picker.choices()), timeout=5000)
    row = next(n for n, c in enumerate(picker.choices()) if c.startswith(line))
    for _ in range(row + 1):
        QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.record_id() is not None, timeout=3000)


def test_the_liaison_household_and_a_parents_member_are_linked_by_typing_and_picking(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    family_id = put_family(db)
    member_id = add_member(db, name="张建国", birth_date="1963-07-01")
    add_member(db, name="张建军", birth_date="1970-01-01")
    with db.unit_of_work() as session:
        household = Household(head_name="张建国", address="城关村三组 12 号", village_code=VILLAGE.region_code)
        session.add_all([household, Household(head_name="刘小河", address="城关村五组", village_code="x")])
        session.flush()
        household_id = household.id
    dialog = _open(qtbot, db, runner, window, family_id, ADMIN)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    _pick(qtbot, runner, dialog.household_picker, "三组", "张建国户")
    assert dialog.household_picker.choices() == [dialog.household_picker.edit.text()]  # 刘小河 lives in 五组
    dialog.tabs.setCurrentIndex(family_form.PEOPLE_TAB)
    _pick(qtbot, runner, dialog.member_pickers["father"], "zhangjianguo", "张建国（")
    type_in(qtbot, dialog.doctor_date_edit, "2024-3-1")  # on the Family tab: an error until the box is ticked
    qtbot.waitUntil(lambda: "请勾选" in dialog.problem_text("doctor_contract_on"), timeout=3000)
    QTest.keyClick(dialog.doctor_box, Qt.Key.Key_Space)
    QTest.keyClick(dialog.priority_box, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.problem_text("doctor_contract_on") == "", timeout=3000)
    _accept_warnings(dialog)
    _save(qtbot, runner, dialog)

    family, people = _family(db, family_id)
    assert (family.household_id, people["father"].member_id, people["mother"].member_id) == (
        household_id, member_id, None
    )  # fmt: skip
    assert (family.doctor_contract, family.doctor_contract_on, family.priority_care) == (True, date(2024, 3, 1), True)
    again = _open(qtbot, db, runner, window, family_id, ADMIN)
    assert again.household_picker.edit.text().startswith("张建国户（城关村")
    assert (
        again.member_pickers["father"].edit.text().startswith("张建国（")
        and "1963" in again.member_pickers["father"].edit.text()
    )
    assert again.doctor_date_edit.text() == "2024-03-01" and again.priority_box.isChecked()
    assert not again.has_changes()


def test_a_name_typed_in_a_link_box_but_not_picked_keeps_save_disabled_and_clearing_unlinks(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    family_id = put_family(db)
    member_id = add_member(db, name="李秀英", birth_date="1965-03-08")
    with db.unit_of_work() as session:
        session.execute(update(FamilyPerson).where(FamilyPerson.role == "mother").values(member_id=member_id))
    dialog = _open(qtbot, db, runner, window, family_id, ADMIN)
    picker = dialog.member_pickers["mother"]
    assert picker.record_id() == member_id
    picker.edit.setFocus()
    type_in(qtbot, picker.edit, "王")  # typed on after the name: no longer the member picked
    qtbot.waitUntil(lambda: "请从下拉列表中选择" in dialog.problem_text("mother.member_id"), timeout=3000)
    assert not dialog.save_button.isEnabled()
    picker.edit.clear()  # the clear button
    picker.edit.textEdited.emit("")
    qtbot.waitUntil(lambda: dialog.problem_text("mother.member_id") == "", timeout=3000)
    _accept_warnings(dialog)
    _save(qtbot, runner, dialog)
    _family_row, people = _family(db, family_id)
    assert people["mother"].member_id is None


def test_a_search_that_finds_nothing_says_so(
    qtbot: QtBot, db: Database, runner: OperationRunner, window: QMainWindow
) -> None:
    dialog = _open(qtbot, db, runner, window)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    picker = dialog.household_picker
    picker.edit.setFocus()
    type_in(qtbot, picker.edit, "无此户")
    popup = picker.completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    assert picker.choices() == [] and "无此户" in popup.model().index(0, 0).data()
    assert picker.record_id() is None and picker.pending()
