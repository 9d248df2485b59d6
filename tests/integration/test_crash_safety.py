"""SIGKILL during a backup, a restore and a long import never leaves a half-done database.

A worker process (started once per test, with the app's modules imported) forks one process per run of an
operation; the test kills that process with SIGKILL at points spread over the operation's measured duration, then
opens the database itself and shows that:

- `PRAGMA integrity_check` is ok;
- the database is exactly its state before the operation or after it (a backup leaves it unchanged, a restore
  leaves the current members or the backup's, an import no members or all of them);
- a killed backup leaves only whole backups in the list (an unfinished `.part` file is not one);
- a retry of the operation completes.

A restore is also stopped at exactly the riskiest moments: just before and just after the files are swapped.
The keys are kept in key files (no OS keyring), so the worker and the test both unlock them with `ADMIN_LOGIN`.

Two expected failures record bugs these tests found: a restore killed just after the swap keeps the backup's
epoch, and retrying an import that had committed before the kill adds its group members a second time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.backups import backup_folder, check_backup_file, list_backups, restore_backup, write_backup
from app.database import Database, open_database
from app.demo import build_demo
from app.members.excel_export import export_members
from app.members.excel_import import run_import
from app.members.listing import MemberFilter
from app.members.service import delete_mistaken
from app.site import get_site
from db.models import Member
from tests.helpers.database import ADMIN, ADMIN_LOGIN, new_database
from tests.helpers.roll import TODAY

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DEMO_MEMBERS = 2000
KILL_POINTS = 8  # per operation, spread evenly from its start to its measured end
DELETED_AFTER_BACKUP = 40  # members removed between the backup and the restore

# The worker: reads "operation<TAB>database<TAB>argument" lines; runs each operation in a forked process that
# prints "ready PID" once the database is open, "done" when the operation returned, then waits to be killed.
# After each run it prints "exit STATUS" (the raw wait status). Forking saves the start-up of a new interpreter.
WORKER = r"""
import os, signal, sys, traceback
from pathlib import Path

import app.database
from app.accounts.users import Actor
from app.backups import restore_backup, write_backup
from app.database import open_database
from app.dbkey import Credentials
from app.members.excel_import import run_import

LOGIN = Credentials(os.environ["FPA_DESK_USER"], os.environ["FPA_DESK_PASSWORD"])
ADMIN = Actor(LOGIN.username, "admin")


def kill_myself(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def operate(name, db, argument):
    if name == "backup":
        write_backup(db, "manual")
    elif name == "restore":
        restore_backup(db, ADMIN, Path(argument))
    elif name == "restore-killed-before-swap":
        restore_backup(db, ADMIN, Path(argument), before_swap=kill_myself)
    elif name == "restore-killed-after-swap":
        app.database.connect_with_key = kill_myself  # restore_backup reopens the swapped file with it
        restore_backup(db, ADMIN, Path(argument))
    elif name == "import":
        run_import(db, ADMIN, Path(argument), mode="valid")
    else:
        raise ValueError(name)


def run(name, db_path, argument):
    try:
        db = open_database(Path(db_path), LOGIN)
        print("ready", os.getpid(), flush=True)
        operate(name, db, argument)
        print("done", flush=True)
    except BaseException:
        print("failed", traceback.format_exc().replace("\n", " | "), flush=True)
        os._exit(1)
    while True:
        signal.pause()


for line in sys.stdin:
    name, db_path, argument = line.rstrip("\n").split("\t")
    pid = os.fork()
    if pid == 0:
        run(name, db_path, argument)
    print("exit", os.waitpid(pid, 0)[1], flush=True)
"""


@dataclass(frozen=True)
class Roll:
    """The live members of a database: how many, and a digest of their ids and names."""

    count: int
    digest: str


@dataclass(frozen=True)
class Run:
    """One run of an operation in the worker: what it printed, and how it ended."""

    lines: list[str]
    status: int

    @property
    def finished(self) -> bool:
        return "done" in self.lines

    @property
    def killed(self) -> bool:
        return os.WIFSIGNALED(self.status) and os.WTERMSIG(self.status) == signal.SIGKILL


class Worker:
    """The worker process of one test; `start` forks a run of an operation and returns the run's pid."""

    def __init__(self) -> None:
        self.running: int | None = None  # the pid of a run not waited for yet
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, f"the worker stopped (exit code {self.process.poll()})"
        return line.rstrip("\n")

    def start(self, operation: str, db_path: Path, argument: str | Path = "") -> int:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{operation}\t{db_path}\t{argument}\n")
        self.process.stdin.flush()
        line = self._line()
        assert line.startswith("ready "), line
        self.running = int(line.split()[1])
        return self.running

    def next_line(self) -> str:
        return self._line()

    def wait(self, already: list[str] | None = None) -> Run:
        """The rest of the run's output, up to its exit status."""
        lines = list(already or [])
        while not (line := self._line()).startswith("exit "):
            lines.append(line)
        self.running = None
        assert not any(line.startswith("failed") for line in lines), lines
        return Run(lines, int(line.split()[1]))

    def close(self) -> None:
        """End the worker (it returns once its input is closed), and a run a failed test left behind."""
        assert self.process.stdin is not None and self.process.stdout is not None
        if self.running is not None:
            kill(self.running)
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


def kill(pid: int) -> None:
    with suppress(ProcessLookupError):  # a run that failed may be gone already; `wait` reports why
        os.kill(pid, signal.SIGKILL)


def measure(worker: Worker, operation: str, db_path: Path, argument: str | Path = "") -> float:
    """Seconds an uninterrupted run of `operation` takes (it is killed once done)."""
    pid = worker.start(operation, db_path, argument)
    started = time.perf_counter()
    line = worker.next_line()
    seconds = time.perf_counter() - started
    kill(pid)
    run = worker.wait([line])
    assert run.finished and run.killed, run
    return seconds


def run_killed_after(worker: Worker, delay: float, operation: str, db_path: Path, argument: str | Path = "") -> Run:
    """Start `operation` and SIGKILL it `delay` seconds later (or once it is done, if sooner)."""
    pid = worker.start(operation, db_path, argument)
    time.sleep(delay)
    kill(pid)
    run = worker.wait()
    assert run.killed, run
    return run


def kill_delays(duration: float) -> list[float]:
    return [duration * i / (KILL_POINTS - 1) for i in range(KILL_POINTS)]


@pytest.fixture
def worker() -> Iterator[Worker]:
    started = Worker()
    yield started
    started.close()


# Databases -----------------------------------------------------------------------------------------------------


def database_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm", ".key", ".restoring")]


def copy_database(source: Path, target: Path) -> None:
    """Replace the database `target` (closed) by a copy of the closed database `source`, key file included."""
    for source_file, target_file in zip(database_files(source), database_files(target), strict=True):
        target_file.unlink(missing_ok=True)
        if source_file.exists():
            shutil.copyfile(source_file, target_file)


@contextmanager
def opened(path: Path) -> Iterator[Database]:
    db = open_database(path, ADMIN_LOGIN)
    try:
        yield db
    finally:
        db.close()


def integrity(db: Database) -> list[str]:
    with db.engine.connect() as connection:
        return [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]


def roll(db: Database) -> Roll:
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT id, name FROM member WHERE deleted = 0 ORDER BY id").all()
    return Roll(len(rows), hashlib.sha256(repr([tuple(row) for row in rows]).encode("utf-8")).hexdigest())


def epoch(db: Database) -> str:
    with db.unit_of_work() as session:
        site = get_site(session)
    assert site is not None
    return site.epoch


def intact_roll(path: Path) -> Roll:
    """Open the database as the app does after a crash, check it is intact, and read its roll."""
    with opened(path) as db:
        assert integrity(db) == ["ok"]
        return roll(db)


@dataclass(frozen=True)
class Offices:
    """Closed databases the tests copy: a demo office, an empty one with the same village, and its roll exported."""

    demo: Path
    empty: Path
    workbook: Path
    rows: int  # members in the workbook


@pytest.fixture(scope="module")
def offices(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Offices]:
    folder = tmp_path_factory.mktemp("offices")
    with pytest.MonkeyPatch.context() as patch:
        # No OS keyring: the keys go to key files, so that the worker's runs can open the databases too.
        patch.setattr("app.dbkey._keyring_set", lambda *_args: False)
        patch.setenv("FPA_DESK_DATA_DIR", str(tmp_path_factory.mktemp("offices-data")))
        demo = new_database(folder, name="demo.db")
        build_demo(demo, members=DEMO_MEMBERS, seed=3, today=TODAY)
        workbook = folder / "roll.xlsx"
        with demo.unit_of_work(ADMIN.username) as session:
            # Group members come back from a workbook as new members (see the last test): a retry would add them.
            for member_id in session.scalars(select(Member.id).where(Member.member_type == "group")).all():
                delete_mistaken(session, ADMIN, member_id, reason="crash test")
        with demo.unit_of_work(ADMIN.username) as session:
            rows = export_members(session, ADMIN, MemberFilter(), workbook, reveal_reason="crash test")
        demo.close()
        new_database(folder, name="empty.db").close()
    yield Offices(folder / "demo.db", folder / "empty.db", workbook, rows)


# A backup ------------------------------------------------------------------------------------------------------


def leftover_parts(db_path: Path) -> list[Path]:
    return sorted(backup_folder(db_path).glob("*.part"))


def check_new_backups(db: Database, checked: set[Path]) -> None:
    """Every listed backup not `checked` before is whole and readable (a backup file never changes once listed)."""
    for backup in list_backups(db.path):
        if backup.path not in checked:
            assert backup.path.name.endswith(".fpabak")
            check_backup_file(backup.path, db.key)
            checked.add(backup.path)


def test_a_killed_backup_leaves_the_database_unchanged_and_only_whole_backups(
    offices: Offices, tmp_path: Path, worker: Worker
) -> None:
    office = tmp_path / "office.db"
    copy_database(offices.demo, office)
    before = intact_roll(office)
    duration = measure(worker, "backup", office)
    checked: set[Path] = set()
    interrupted = []
    for delay in kill_delays(duration):
        run_killed_after(worker, delay, "backup", office)
        interrupted.append(bool(leftover_parts(office)))
        with opened(office) as db:
            assert integrity(db) == ["ok"]
            assert roll(db) == before
            check_new_backups(db, checked)
            retried = write_backup(db, "manual")
            assert retried == list_backups(office)[0].path
            check_new_backups(db, checked)
        assert leftover_parts(office) == []
    assert any(interrupted), "no kill landed while a backup was being written"


# A restore -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreCase:
    """An office whose backup holds roll `a`; since then its roll changed to `b`, saved as `saved_b` too."""

    office: Path
    saved_b: Path
    backup: Path
    a: Roll
    b: Roll
    epoch_of_backup: str


@pytest.fixture
def restore_case(offices: Offices, tmp_path: Path) -> RestoreCase:
    office, saved_b = tmp_path / "office.db", tmp_path / "saved-b.db"
    copy_database(offices.demo, office)
    with opened(office) as db:
        a, epoch_of_backup = roll(db), epoch(db)
        backup = shutil.copyfile(write_backup(db, "manual"), tmp_path / "chosen.fpabak")  # rotation leaves it
        with db.unit_of_work(ADMIN.username) as session:
            ids = session.scalars(select(Member.id).order_by(Member.id).limit(DELETED_AFTER_BACKUP)).all()
            for member_id in ids:
                delete_mistaken(session, ADMIN, member_id, reason="crash test")
        b = roll(db)
    assert b.count == a.count - DELETED_AFTER_BACKUP
    copy_database(office, saved_b)
    return RestoreCase(office, saved_b, backup, a, b, epoch_of_backup)


def retry_restore(case: RestoreCase) -> None:
    """Restore again in this process: it completes with the backup's roll and a new epoch."""
    db = open_database(case.office, ADMIN_LOGIN)
    restored = restore_backup(db, ADMIN, case.backup)
    try:
        assert integrity(restored) == ["ok"]
        assert roll(restored) == case.a
        assert epoch(restored) != case.epoch_of_backup
    finally:
        restored.close()
    assert not Path(f"{case.office}.restoring").exists()


def test_a_killed_restore_leaves_the_current_roll_or_the_backups(restore_case: RestoreCase, worker: Worker) -> None:
    case = restore_case
    duration = measure(worker, "restore", case.office, case.backup)
    assert intact_roll(case.office) == case.a
    seen = []
    for delay in kill_delays(duration):
        copy_database(case.saved_b, case.office)
        run_killed_after(worker, delay, "restore", case.office, case.backup)
        state = intact_roll(case.office)
        assert state in (case.a, case.b), f"killed {delay:.3f}s into the restore: {state.count} members"
        seen.append("a" if state == case.a else "b")
        retry_restore(case)
    assert "b" in seen, seen


def test_a_restore_killed_just_before_the_swap_leaves_the_current_roll(
    restore_case: RestoreCase, worker: Worker
) -> None:
    case = restore_case
    worker.start("restore-killed-before-swap", case.office, case.backup)
    run = worker.wait()
    assert run.killed and not run.finished, run
    assert Path(f"{case.office}.restoring").exists()
    assert intact_roll(case.office) == case.b
    retry_restore(case)


def test_a_restore_killed_just_after_the_swap_leaves_the_backups_roll_with_a_new_epoch(
    restore_case: RestoreCase, worker: Worker
) -> None:
    case = restore_case
    worker.start("restore-killed-after-swap", case.office, case.backup)
    run = worker.wait()
    assert run.killed and not run.finished, run
    assert intact_roll(case.office) == case.a
    with opened(case.office) as db:
        assert epoch(db) != case.epoch_of_backup  # renewed before the swap: no change number is ever reused
    retry_restore(case)


# A long import -------------------------------------------------------------------------------------------------


def test_a_killed_import_leaves_no_member_or_all_of_them(offices: Offices, tmp_path: Path, worker: Worker) -> None:
    office = tmp_path / "office.db"
    copy_database(offices.empty, office)
    duration = measure(worker, "import", office, offices.workbook)
    assert intact_roll(office).count == offices.rows
    seen = []
    for delay in kill_delays(duration):
        copy_database(offices.empty, office)
        run_killed_after(worker, delay, "import", office, offices.workbook)
        count = intact_roll(office).count
        assert count in (0, offices.rows), f"killed {delay:.3f}s into the import: {count} members"
        seen.append(count)
        with opened(office) as db:  # the retry imports the members a killed import did not
            summary = run_import(db, ADMIN, offices.workbook, mode="valid")
            assert summary.created == offices.rows - count and summary.rejected == 0
            assert roll(db).count == offices.rows
    assert 0 in seen, seen


def test_retrying_an_import_that_committed_before_the_kill_adds_no_member(db: Database, tmp_path: Path) -> None:
    build_demo(db, members=200, seed=3, today=TODAY)  # one group member per 200 members
    workbook = tmp_path / "roll.xlsx"
    with db.unit_of_work(ADMIN.username) as session:
        assert session.scalar(select(func.count()).where(Member.member_type == "group")) == 1
        rows = export_members(session, ADMIN, MemberFilter(), workbook, reveal_reason="crash test")
    office = new_database(tmp_path, name="other.db")
    try:
        assert run_import(office, ADMIN, workbook, mode="valid").created == rows  # killed after its commit
        retried = run_import(office, ADMIN, workbook, mode="valid")
        assert (retried.created, retried.unchanged, roll(office).count) == (0, rows, rows)
    finally:
        office.close()
