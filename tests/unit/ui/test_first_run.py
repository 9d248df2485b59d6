"""The first-run dialog checks the office's details with the same rules as `init` and says what is wrong."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.dbkey import Credentials
from ui.first_run import FirstRunChoice, FirstRunDialog

pytestmark = pytest.mark.gui


PASSWORD = "村委会电脑-2026"


def _fill(qtbot: QtBot, dialog: FirstRunDialog, name: str, level: str, code: str) -> None:
    # QTest types only ASCII key by key; Chinese arrives through the input method, i.e. as text.
    dialog.password_edit.setText(PASSWORD)
    dialog.again_edit.setText(PASSWORD)
    dialog.name_edit.setText(name)
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData(level))
    qtbot.keyClicks(dialog.code_edit, code)


def test_valid_details_are_returned_as_the_choice(qtbot: QtBot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _fill(qtbot, dialog, "  东风村计生协 ", "village", "330106001001")
    qtbot.mouseClick(dialog.setup_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is not None
    assert dialog.choice.kind == "setup"
    assert dialog.choice.setup is not None
    assert (dialog.choice.admin.username, dialog.choice.admin.password) == ("admin", PASSWORD)
    assert (dialog.choice.setup.name, dialog.choice.setup.level, dialog.choice.setup.region_code) == (
        "东风村计生协",
        "village",
        "330106001001",
    )
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted


@pytest.mark.parametrize(
    ("name", "level", "code", "message"),
    [
        ("", "village", "330106001001", "请填写本单位名称。"),
        ("东风村计生协", "village", "3301", "统计用区划代码应为 12 位数字"),
        ("东风村计生协", "township", "330106001001", "与所选级别不符"),
    ],
)
def test_bad_details_keep_the_dialog_open_with_the_reason(
    qtbot: QtBot, name: str, level: str, code: str, message: str
) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, name, level, code)
    qtbot.mouseClick(dialog.setup_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is None
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert message in dialog.error_label.text()


def test_region_code_field_takes_only_digits(qtbot: QtBot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code_edit, "33a01-06001001999")
    assert dialog.code_edit.text() == "330106001001"


def test_demo_button_chooses_the_demo_with_the_admin_typed_in(qtbot: QtBot) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.admin_edit.setText("wangli")
    dialog.password_edit.setText(PASSWORD)
    dialog.again_edit.setText(PASSWORD)
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == FirstRunChoice("demo", Credentials("wangli", PASSWORD))


@pytest.mark.parametrize(
    ("username", "password", "again", "message"),
    [
        ("admin", "short", "short", "密码至少需要 8 个字符"),
        ("admin", PASSWORD, PASSWORD + "x", "两次输入的密码不一致"),
        ("张三", PASSWORD, PASSWORD, "用户名须为"),
        ("admin", "admin-2026-pw", "admin-2026-pw", "密码不能包含用户名"),
    ],
)
def test_a_weak_or_mistyped_admin_password_keeps_the_dialog_open(
    qtbot: QtBot, username: str, password: str, again: str, message: str
) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, "东风村计生协", "village", "330106001001")
    dialog.admin_edit.setText(username)
    dialog.password_edit.setText(password)
    dialog.again_edit.setText(again)
    for button in (dialog.setup_button, dialog.demo_button):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert dialog.choice is None and dialog.isVisible()
        assert message in dialog.account_error.text()
