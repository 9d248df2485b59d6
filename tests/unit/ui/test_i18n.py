"""Chinese is the default interface; every source string has a translation; English is one setting away."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import i18n

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[3]
TS = ROOT / "resources" / "i18n" / "fpa_desk_zh_CN.ts"


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(ts)
    found = {}
    for context in tree.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def test_every_message_has_a_chinese_translation() -> None:
    messages = _messages(TS)
    assert len(messages) > 40
    for (context, source), message in messages.items():
        translation = message.find("translation")
        assert translation is not None
        assert translation.get("type") not in ("unfinished", "vanished", "obsolete"), (context, source)
        # A plural message ("%n row(s)") has its text in numerus forms.
        text = "".join(form.text or "" for form in translation.iter("numerusform")) or translation.text or ""
        assert text.strip(), (context, source)
        # Placeholders survive translation, or .format() would fail in Chinese only.
        for placeholder in ("{name}", "{path}", "{level}", "{demo}", "{version}", "{year}", "{date}", "{count}"):
            assert (placeholder in source) == (placeholder in text), (context, source)


def test_ts_file_holds_every_string_in_the_source(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        found = shutil.which("pyside6-lupdate")
        assert found, "pyside6-lupdate is part of PySide6-Essentials"
        lupdate = Path(found)
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh), "-locations", "none"], check=True, capture_output=True)
    missing = set(_messages(fresh)) - set(_messages(TS))
    assert not missing, f"run `make translations-update` and translate: {sorted(missing)}"


def test_language_setting_defaults_to_chinese_and_can_switch_to_english() -> None:
    assert i18n.ui_language() == "zh_CN"
    i18n.set_ui_language("en")
    assert i18n.ui_language() == "en"
    assert i18n.error_language() == "en"
    with pytest.raises(ValueError, match="unknown language"):
        i18n.set_ui_language("fr")


def test_chinese_translators_translate_qt_and_our_strings(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    installed = i18n.install_translators(app, "zh_CN")
    try:
        assert len(installed) == 2, "qtbase_zh_CN and fpa_desk_zh_CN (run `make translations`)"
        assert QCoreApplication.translate("Pages", "Member roll") == "会员名册"
        assert QCoreApplication.translate("Pages", "Special families") == "计生特殊家庭"
    finally:
        for translator in installed:
            app.removeTranslator(translator)
    assert QCoreApplication.translate("Pages", "Member roll") == "Member roll"
    assert i18n.install_translators(app, "en") == []
