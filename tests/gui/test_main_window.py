"""Smoke tests of the whole window, offscreen: it opens, navigates, and the first run sets up the office."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app import office as office_module
from app.site import SiteSetup, get_site
from tests.helpers.database import ADMIN_LOGIN, VILLAGE, new_database
from ui import errors as ui_errors
from ui.first_run import FirstRunChoice, FirstRunDialog
from ui.login import LoginDialog, LoginResult
from ui.main_window import MainWindow
from ui.pages import PAGES

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def signs_in_as_admin(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sign-in dialog answers with the test admin's name and password; the messages it was shown are kept."""
    shown: list[str] = []

    def ask(cls: type, parent: object, database: Path, message: str = "", username: str = "", **_kw: object) -> object:
        shown.append(message)
        return LoginResult("login", ADMIN_LOGIN) if len(shown) < 5 else None

    monkeypatch.setattr(LoginDialog, "ask", classmethod(ask))
    return shown


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[object]:
    windows: list[MainWindow] = []

    def make(path: Path, *, ask_first_run: bool = True) -> MainWindow:
        window = MainWindow(path, ask_first_run=ask_first_run)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.sig_office_opened, timeout=20000):
            window.open_database()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def test_first_run_set_up_creates_the_site(
    make_window: object, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    setup = SiteSetup("东风村计生协", "village", "330106001001")

    def fake_ask(cls: type[FirstRunDialog], parent: object) -> FirstRunChoice:
        asked.append(True)
        return FirstRunChoice("setup", ADMIN_LOGIN, setup, "王书记")

    sheet = tmp_path / "恢复密钥.pdf"
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(fake_ask))
    monkeypatch.setattr(MainWindow, "choose_recovery_sheet_path", lambda self: str(sheet))
    window = make_window(tmp_path / "office.db")  # type: ignore[operator]
    qtbot.waitUntil(lambda: window.office is not None and window.office.site is not None, timeout=10000)
    qtbot.waitUntil(sheet.exists, timeout=10000)
    assert asked == [True]
    assert window.office.actor.username == "admin" and "admin" in window.user_label.text()
    from app.dbkey import recovery_code
    from tests.unit.app.members.test_roster import _text

    text = _text(sheet)
    assert "恢复密钥" in text and recovery_code(window.office.db.key).split("-")[0] in text
    assert "东风村计生协" in window.site_label.text()
    assert "东风村计生协" in window.windowTitle()
    assert not window.setup_action.isEnabled()
    with window.office.db.unit_of_work() as session:
        site = get_site(session)
    assert site is not None
    assert (site.name, site.level, site.region_code, site.is_demo) == ("东风村计生协", "village", "330106001001", False)


def test_closing_the_first_run_dialog_leaves_the_office_unset(
    make_window: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, parent: None))
    window = make_window(tmp_path / "office.db")  # type: ignore[operator]
    assert window.office is None and not (tmp_path / "office.db").exists()
    assert window.site_label.text() == "Office not set up"
    assert window.setup_action.isEnabled(), "set-up stays one menu item away"


def test_a_set_up_office_opens_without_asking(
    make_window: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new_database(tmp_path, VILLAGE).close()
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, parent: pytest.fail("asked again")))
    window = make_window(tmp_path / "office.db")  # type: ignore[operator]
    assert VILLAGE.name in window.site_label.text()
    assert str(tmp_path / "office.db") in window.database_label.text()
    assert window.settings_page.database_label.text() == str(tmp_path / "office.db")


def test_navigation_switches_pages_by_click_and_keyboard(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    new_database(tmp_path, VILLAGE).close()
    window = make_window(tmp_path / "office.db")  # type: ignore[operator]
    keys = [key for key, _title, _purpose in PAGES]
    assert keys == ["members", "households", "families", "volunteers", "sync", "reports", "settings"]
    assert window.current_page_key() == "members"
    for row, key in enumerate(keys):
        item = window.nav.item(row)
        rect = window.nav.visualItemRect(item)
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_page_key() == key
        assert window.stack.currentWidget().objectName() == f"page_{key}"
    window.activateWindow()
    for row, key in enumerate(keys):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{row + 1}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key() == key


def test_unreadable_database_is_reported_in_one_sentence(
    make_window: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(ui_errors.ErrorBox, "ask", classmethod(lambda cls, parent, title, text: shown.append(text)))
    path = tmp_path / "office.db"
    new_database(tmp_path, VILLAGE).close()
    import keyring

    keyring.set_password("fpa-desk", f"database:{path.resolve()}", "01" * 32)  # the wrong key
    window = make_window(path)  # type: ignore[operator]
    assert window.office is None
    assert window.site_label.text() == "Database not open"
    assert len(shown) == 1
    assert "无法读取数据库" in shown[0]


def test_demo_choice_opens_a_separate_demo_office(
    make_window: object, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office_module, "DEMO_MEMBERS", 60)
    monkeypatch.setattr(FirstRunDialog, "ask", classmethod(lambda cls, parent: FirstRunChoice("demo", ADMIN_LOGIN)))
    window = make_window(tmp_path / "office.db")  # type: ignore[operator]
    qtbot.waitUntil(lambda: window.office is not None and window.office.site is not None, timeout=30000)
    assert window.office.db.path == tmp_path / "demo.db"
    assert window.office.site.is_demo
    assert "演示数据" in window.site_label.text() or "demo data" in window.site_label.text()
    with window.office.db.unit_of_work() as session:
        from sqlalchemy import func, select

        from db.models import Member

        assert session.scalar(select(func.count()).select_from(Member)) == 60


def test_language_setting_is_saved_and_says_when_it_applies(make_window: object, tmp_path: Path) -> None:
    from ui.i18n import ui_language

    window = make_window(tmp_path / "office.db", ask_first_run=False)  # type: ignore[operator]
    assert window.office is None  # the settings page works before any office exists
    window.show_page("settings")
    combo = window.settings_page.language_combo
    assert combo.currentData() == "zh_CN"
    combo.setCurrentIndex(combo.findData("en"))
    assert ui_language() == "en"
    assert window.settings_page.restart_note.text() == "Takes effect when FPA Desk restarts."


@pytest.mark.parametrize("existing", [False, True])
def test_program_shows_the_window_then_opens_the_database(tmp_path: Path, existing: bool) -> None:
    from tests.helpers.cli import run_cli

    path = tmp_path / "office.db"
    if existing:  # made by `init` with a key file, as on a PC without a keyring; the program signs in from the env
        made = run_cli("init", "--db", str(path), "--name", "城关村", "--level", "village", "--region-code",
                       "440105001001", cwd=tmp_path)  # fmt: skip
        assert made.returncode == 0, made.stderr
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "ui.entry", "--db", str(path), "--quit-after-show"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split()
    assert lines[0] == "shown" and lines[2] == "ready"
    assert 0 < float(lines[1]) <= float(lines[3])
    assert path.exists() == existing  # no database appears before the office is set up
