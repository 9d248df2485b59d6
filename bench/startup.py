"""Time until the main window is shown on a 100,000-member demo database, against a bare `QMainWindow`.

Both programs start as fresh processes the same way (`python -m …`), alternate trial by trial so that a busy
machine slows both alike, and report the median. The window of FPA Desk counts as shown when its event loop first
runs after `show()`; the same moment is taken for the bare window. "Ready" (the database open and the office shown
in the status bar) is reported too, against the same baseline, with no target.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0


# The demo offices' admin: the benchmarks sign in as it, as a script would.
BENCH_USER, BENCH_PASSWORD = "admin", "benchmark-office-2026"
# Written beside a finished demo database; a different mark (an older format) builds it again.
DONE_MARK = "accounts\n"


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The key file beside the database, not a keyring that may not answer on a benchmark machine.
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["FPA_DESK_DATA_DIR"] = str(data_dir)
    env["FPA_DESK_USER"], env["FPA_DESK_PASSWORD"] = BENCH_USER, BENCH_PASSWORD
    return env


def bench_login() -> Any:
    """The credentials that open a benchmark database in this process."""
    from app.dbkey import Credentials

    return Credentials(BENCH_USER, BENCH_PASSWORD)


def demo_database(out: Path, members: int, seed: int = 1) -> Path:
    """The demo database the benchmark opens, built once per member count and kept in `out`."""
    path = out / f"demo-{members}.db"
    done = out / f"demo-{members}.done"
    if path.exists() and done.exists() and done.read_text() == DONE_MARK:
        return path
    for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.key")):
        extra.unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "ui.entry", "demo", "--db", str(path), "--members", str(members)]
    command += ["--seed", str(seed), "--json"]
    subprocess.run(command, cwd=ROOT, env=_env(out / "data"), check=True, capture_output=True, timeout=600)
    done.write_text(DONE_MARK)
    return path


def _timed(module: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Start `python -m module args`, return the `shown`/`ready` times it printed."""
    env = dict(env, FPA_DESK_T0=repr(time.time()))
    result = subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    times = {}
    for line in result.stdout.splitlines():
        word, _, value = line.partition(" ")
        if word in ("shown", "ready"):
            times[word] = float(value)
    if result.returncode != 0 or "shown" not in times:
        raise RuntimeError(f"{module} failed ({result.returncode}): {result.stdout}\n{result.stderr}")
    return times


def run(out: Path, *, members: int = 100_000, trials: int = 5) -> Iterator[dict[str, Any]]:
    """Yield the benchmark results as dicts (one per line of output)."""
    database = demo_database(out, members)
    env = _env(out / "data")
    app_args = ["--db", str(database), "--quit-after-show"]
    # One untimed round each: the first start of a process pays for cold file caches.
    _timed("bench.bare_window", [], env)
    _timed("ui.entry", app_args, env)
    bare, shown, ready = [], [], []
    for _ in range(trials):
        bare.append(_timed("bench.bare_window", [], env)["shown"])
        times = _timed("ui.entry", app_args, env)
        shown.append(times["shown"])
        ready.append(times.get("ready", float("nan")))
    baseline = statistics.median(bare)
    for name, values in ((f"startup_window_shown_{members}", shown), (f"startup_office_ready_{members}", ready)):
        value = statistics.median(values)
        yield {
            "name": name,
            "value": round(value, 3),
            "unit": "s",
            "baseline": "bare_qmainwindow_shown",
            "baseline_value": round(baseline, 3),
            "ratio": round(value / baseline, 2),
        }
