"""Excel import and export of 50,000 members, against plain reads and writes of the same workbook.

- Import (full validation, duplicates, one transaction) against iterating every cell of the same file with
  openpyxl read_only (target ratio at most 0.5) and against a bare python-calamine read (reported).
- Peak memory of the import, in its own process, against the same process that only starts up.
- Export (masked IDs, text and date cells, escaping) against openpyxl write_only writing the same values
  (target ratio at most 1.5).
The workbook is the export of a 50,000-member demo office with the ID numbers revealed, so every row is valid.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.startup import ROOT, _env, bench_login, demo_database

MEMBERS = 50_000


def _line(name: str, value: float, unit: str, baseline: str, baseline_value: float) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(value, 3),
        "unit": unit,
        "baseline": baseline,
        "baseline_value": round(baseline_value, 3),
        "ratio": round(value / baseline_value, 2),
    }


def _timed(fn: Any) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _export(db_path: Path, out: Path) -> tuple[float, list[list[Any]]]:
    """Export the roll; return the seconds and the values written (read back for the baseline)."""
    from app.accounts.users import Actor
    from app.database import open_database
    from app.members.excel_export import export_members
    from app.members.listing import MemberFilter

    db = open_database(db_path, bench_login())
    try:
        with db.unit_of_work() as session:
            admin = Actor("admin", "admin")
            seconds = _timed(lambda: export_members(session, admin, MemberFilter(), out, reveal_reason="benchmark"))
    finally:
        db.close()
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(out))
    values = book.get_sheet_by_index(0).to_python()
    return seconds, values


def _plain_write(values: list[list[Any]], out: Path) -> float:
    from openpyxl import Workbook

    def write() -> None:
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        for row in values:
            sheet.append(row)
        book.save(out)

    return _timed(write)


def _openpyxl_read(path: Path) -> float:
    from openpyxl import load_workbook

    def read() -> None:
        book = load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for _cell in row:
                    pass
        book.close()

    return _timed(read)


def _calamine_read(path: Path) -> float:
    from python_calamine import CalamineWorkbook

    def read() -> None:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            for _row in book.get_sheet_by_name(name).iter_rows():
                pass

    return _timed(read)


_IMPORT = """
import json, resource, sys, time
from pathlib import Path
from app.accounts.users import Actor
from app.database import create_database, open_database
from app.dbkey import Credentials
from app.site import SiteSetup, set_up_site
from sqlalchemy import select
from db.models import Region
login = Credentials("admin", "benchmark-office-2026")
ADMIN = Actor("admin", "admin")
source = open_database(Path(sys.argv[4]), login)
with source.unit_of_work() as session:
    regions = [dict(code=r.code, name=r.name, level=r.level, parent_code=r.parent_code)
               for r in session.scalars(select(Region))]
source.close()
db = create_database(Path(sys.argv[1]), login)
with db.unit_of_work() as session:
    set_up_site(session, SiteSetup("基准测试镇计生协", "township", "441423101000"))
    # The villages of the office the workbook came from: an office imports its own roll.
    session.add_all(Region(**r) for r in regions if session.get(Region, r["code"]) is None)
if sys.argv[3] == "import":
    from app.members.excel_import import run_import
    started = time.perf_counter()
    summary = run_import(db, ADMIN, Path(sys.argv[2]), mode="valid")
    seconds = time.perf_counter() - started
    counts = summary.counts()
else:
    seconds, counts = 0.0, {}
db.close()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rss_mb": rss, "counts": counts}))
"""


def _import_in_process(workbook: Path, target: Path, what: str, source: Path, env: dict[str, str]) -> dict[str, Any]:
    for extra in (target, Path(f"{target}-wal"), Path(f"{target}-shm"), Path(f"{target}.key")):
        extra.unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT, str(target), str(workbook), what, str(source)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200, check=True,
    )  # fmt: skip
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def run(out: Path, *, members: int = MEMBERS, trials: int = 1) -> Iterator[dict[str, Any]]:
    database = demo_database(out, members)
    workbook = out / f"roll-{members}.xlsx"
    seconds, values = _export(database, workbook)
    plain = _plain_write(values, out / f"plain-{members}.xlsx")
    rows = len(values) - 1
    yield _line(f"members_export_{rows}_rows", seconds, "s", "openpyxl_write_only_same_values", plain)

    env = _env(out / "data")
    imported = _import_in_process(workbook, out / "import-target.db", "import", database, env)
    if imported["counts"].get("created", 0) != rows:
        raise RuntimeError(f"the import created {imported['counts']} of {rows} rows")
    bare = _import_in_process(workbook, out / "import-bare.db", "none", database, env)
    yield _line(f"members_import_{rows}_rows", imported["seconds"], "s", "openpyxl_read_only_iteration",
                _openpyxl_read(workbook))  # fmt: skip
    yield _line(f"members_import_{rows}_rows_vs_calamine", imported["seconds"], "s", "calamine_bare_read",
                _calamine_read(workbook))  # fmt: skip
    yield _line(f"members_import_{rows}_rows_peak_memory", imported["rss_mb"], "MB", "same_process_without_import",
                bare["rss_mb"])  # fmt: skip
    os.remove(out / f"plain-{members}.xlsx")
