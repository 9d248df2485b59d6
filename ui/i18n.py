"""The interface language: a setting, Qt's own translations, and ours compiled from `resources/i18n/*.ts`."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from app.paths import data_dir

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
LANGUAGE_KEY = "ui/language"
I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"


def settings() -> QSettings:
    """The user's settings, kept in the data folder (so a portable install carries them along)."""
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def ui_language() -> str:
    """The chosen interface language: zh_CN unless the user picked English."""
    value = settings().value(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def set_ui_language(language: str) -> None:
    """Remember the interface language; it applies from the next start."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    store = settings()
    store.setValue(LANGUAGE_KEY, language)
    store.sync()


def error_language() -> str:
    """The language code `FpaError.message` expects for the current interface language."""
    return "en" if ui_language() == "en" else "zh"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load Qt's own translations first, then ours; English needs none (source strings are English)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese if language == "zh_CN" else QLocale.Language.English))
    if language != "zh_CN":
        return []
    installed = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase_zh_CN", qt_dir), ("fpa_desk_zh_CN", str(I18N_DIR))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s; that part of the interface stays in English", name, folder)
    return installed
