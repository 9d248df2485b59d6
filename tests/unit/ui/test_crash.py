"""Bugs reach a crash dialog and leave a report with the traceback in the log folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.database import Database
from app.paths import log_dir
from ui import crash

pytestmark = pytest.mark.gui


def _raise_and_capture() -> tuple[type[BaseException], BaseException, object]:
    try:
        {}["no such key"]
    except KeyError:
        info = sys.exc_info()
        assert info[0] is not None and info[1] is not None
        return info[0], info[1], info[2]
    raise AssertionError("unreachable")


def test_excepthook_saves_the_traceback_and_shows_the_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[Path, str]] = []
    monkeypatch.setattr(
        crash.CrashDialog, "ask", classmethod(lambda cls, report, details: shown.append((report, details)))
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    crash.install_excepthook()
    exc_type, exc, tb = _raise_and_capture()
    sys.excepthook(exc_type, exc, tb)  # type: ignore[arg-type]

    assert len(shown) == 1
    report, details = shown[0]
    assert report.parent == log_dir()
    text = report.read_text(encoding="utf-8")
    assert "KeyError: 'no such key'" in text
    assert "_raise_and_capture" in text
    assert text.startswith("FPA Desk ")
    assert "KeyError" in details


def test_each_crash_gets_its_own_report(tmp_path: Path) -> None:
    exc_type, exc, tb = _raise_and_capture()
    first = crash.save_crash_report(exc_type, exc, tb, tmp_path)  # type: ignore[arg-type]
    second = crash.save_crash_report(exc_type, exc, tb, tmp_path)  # type: ignore[arg-type]
    assert first != second
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])


def test_a_failed_statement_leaves_no_personal_value_in_the_report(tmp_path: Path, db: Database) -> None:
    """A report is sent on to the county or the developers: the values a statement carried stay out of it."""
    from db.models import FamilyPerson

    id_number, health = "440105196503081247", "抑郁症复发"
    try:
        with db.unit_of_work() as session:  # a person without a role: the insert itself fails
            session.add(FamilyPerson(family_id="nonesuch", role=None, name="李秀英", id_number=id_number,
                                     health=health))  # fmt: skip
    except Exception:
        exc_type, exc, tb = sys.exc_info()
        assert exc_type is not None and exc is not None
        report = crash.save_crash_report(exc_type, exc, tb, tmp_path).read_text(encoding="utf-8")
    else:
        raise AssertionError("the insert should have failed")
    assert "NOT NULL" in report and "INSERT INTO family_person" in report  # still says what failed
    for value in (id_number, health, "李秀英"):
        assert value not in report
