"""The import wizard: file and sheet, columns found under a title row, a preview with reasons, then the import."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMainWindow
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.database import Database
from db.models import Member, MemberGroup
from tests.helpers.database import office_of
from ui.members.import_wizard import ImportWizard
from ui.operations import OperationRunner

pytestmark = pytest.mark.gui


def _workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "花名册"
    sheet.append(["城关村计生协会员花名册"])
    sheet.append(["姓 名", "公民身份号码", "手机号码", "家庭住址", "入会时间", "所属小组"])
    sheet.append(["张三", "11010519491231002X", "13812345678", "城关村一组", "2017.5.29", "第一小组"])
    sheet.append(["李四", "110105194912310021", "13900001111", "城关村二组", "2018-01-01"])  # wrong check character
    sheet.append(["王五", "440105199001011239", "", "城关村三组", "2019年3月1日", "第一小组"])
    sheet.append(["合计", "3 人"])
    book.save(path)
    return path


def test_the_wizard_previews_then_imports_the_valid_rows(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    runner = OperationRunner(window)
    wizard = ImportWizard(office_of(db), runner, window)
    qtbot.addWidget(wizard)
    path = _workbook(tmp_path / "roll.xlsx")
    monkeypatch.setattr(wizard, "choose_file", lambda: str(path))

    with qtbot.waitSignal(runner.sig_idle, timeout=10000):
        wizard.open_file(str(path))
    assert wizard.sheet_combo.currentText() == "花名册"
    with qtbot.waitSignal(runner.sig_idle, timeout=10000):
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.steps.currentIndex() == 1
    assert wizard.mapping is not None and wizard.mapping.header_row == 2
    fields = []
    for n in range(wizard.mapping_table.rowCount()):
        combo = wizard.mapping_table.cellWidget(n, 1)
        assert isinstance(combo, QComboBox)
        fields.append(combo.currentData())
    assert fields == ["name", "id_number", "phone", "address", "joined_on", "group_id"]

    with qtbot.waitSignal(runner.sig_idle, timeout=10000):
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.steps.currentIndex() == 2
    assert "3 rows: 2 new" in wizard.summary_label.text()
    assert "1 with errors" in wizard.summary_label.text()
    assert "New member groups the import creates: 第一小组." in wizard.summary_label.text()  # once, not per row
    assert not wizard.import_button.isEnabled()  # errors, and "import the valid rows" was not chosen
    model = wizard.preview_view.model()
    reasons = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert any("校验位" in reason for reason in reasons)
    wizard.problems_check.setChecked(True)
    assert model.rowCount() == 1

    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    wizard.valid_check.setChecked(True)
    for _ in range(2):
        with qtbot.waitSignal(runner.sig_idle, timeout=10000):
            qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.import_button.isEnabled()
    with qtbot.waitSignal(runner.sig_idle, timeout=10000):
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    assert wizard.summary is not None
    assert wizard.summary.counts()["created"] == 2 and wizard.summary.counts()["rejected"] == 1
    with db.unit_of_work() as session:
        assert sorted(session.scalars(select(Member.name))) == ["张三", "王五"]
        assert list(session.scalars(select(MemberGroup.name))) == ["第一小组"]  # created once, for both
