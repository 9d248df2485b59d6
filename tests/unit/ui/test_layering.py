"""ui/ talks only to app/ services, and the window shows before any heavy module is imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_no_source_line_of_ui_imports_db_or_sqlalchemy() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "ui").rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith(("import db", "from db", "import sqlalchemy", "from sqlalchemy"))
    ]
    assert offenders == []


def test_building_the_main_window_loads_no_database_or_spreadsheet_module() -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from pathlib import Path\n"
        "app = QApplication([])\n"
        "from ui.main_window import MainWindow\n"
        "MainWindow(Path('unused.db')).show()\n"
        "heavy = ('sqlalchemy', 'alembic', 'sqlcipher3', 'openpyxl', 'reportlab', 'pypinyin', 'keyring', 'db')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
