"""app/ and db/ never import PySide6: the CLI, the tests and the services run with no display."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _modules(package: str) -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}.")
        if ".migrations." not in info.name
    ]


def test_importing_every_module_of_app_and_db_loads_no_qt() -> None:
    modules = _modules("app") + _modules("db")
    assert "app.cli" in modules and "db.changelog" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_source_line_of_app_or_db_names_pyside6() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for package in ("app", "db")
        for path in (ROOT / package).rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "PySide6" in line or line.lstrip().startswith(("import ui", "from ui"))
    ]
    assert offenders == []
