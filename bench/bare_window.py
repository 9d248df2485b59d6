"""The baseline for start-up: a bare PySide6 `QMainWindow`, started and measured exactly as FPA Desk is."""

from __future__ import annotations

import os
import sys
import time


def main() -> int:
    t0 = float(os.environ.get("FPA_DESK_T0") or time.time())
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1100, 720)
    window.show()

    def on_shown() -> None:
        print(f"shown {time.time() - t0:.3f}", flush=True)
        app.quit()

    QTimer.singleShot(0, on_shown)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
