"""Starting the GUI. Only Qt's widgets load before the window shows; the database opens right after.

`--quit-after-show` prints `shown <seconds>` once the window is on screen and `ready <seconds>` once the database
is open, then quits: the start-up benchmark reads these. It signs in as FPA_DESK_USER with FPA_DESK_PASSWORD instead
of asking (a normal start always asks). Seconds count from `FPA_DESK_T0` (a Unix time set by whoever started us) or
else from the start of `main`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path


def _elapsed(t0: float) -> str:
    return f"{time.time() - t0:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    """Open the main window on `--db` or the per-user database."""
    t0 = float(os.environ.get("FPA_DESK_T0") or time.time())
    parser = argparse.ArgumentParser(prog="fpa-desk")
    parser.add_argument("--db", type=Path, help="database file (default: the per-user database)")
    parser.add_argument("--quit-after-show", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.paths import default_database
    from ui.crash import install_excepthook
    from ui.i18n import install_translators, ui_language
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("FPA Desk")
    app.setOrganizationName("FPA Desk")
    install_translators(app, ui_language())
    install_excepthook()

    auto_login = None
    if args.quit_after_show and os.environ.get("FPA_DESK_USER") and os.environ.get("FPA_DESK_PASSWORD"):
        from app.dbkey import Credentials

        auto_login = Credentials(os.environ["FPA_DESK_USER"], os.environ["FPA_DESK_PASSWORD"])
    window = MainWindow(args.db or default_database(), ask_first_run=not args.quit_after_show, auto_login=auto_login)
    window.show()
    if args.quit_after_show:

        def on_shown() -> None:
            print(f"shown {_elapsed(t0)}", flush=True)

        def on_ready() -> None:
            print(f"ready {_elapsed(t0)}", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, on_shown)
        window.sig_office_opened.connect(on_ready)
    # Open the database once the event loop runs, so the window paints first.
    QTimer.singleShot(0, window.open_database)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
