"""Running `fpa-desk` as a user types it: a fresh process, no OS keyring (keys go to key files)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`fpa-desk ARGS` in a new process, in the test's working folder, as the test accounts' admin."""
    full_env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "ui.entry", *args], cwd=cwd or Path.cwd(), capture_output=True, text=True,
        env=full_env, timeout=120,
    )  # fmt: skip
