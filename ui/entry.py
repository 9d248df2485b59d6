"""The `fpa-desk` program: the GUI when no command is named, the command line otherwise."""

from __future__ import annotations

import sys
from collections.abc import Sequence

# Options the GUI understands; anything else is a command-line call.
_GUI_OPTIONS = ("--db", "--quit-after-show")


def main(argv: Sequence[str] | None = None) -> int:
    """Open the GUI (`fpa-desk`, `fpa-desk --db PATH`) or run a subcommand (`fpa-desk check …`)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if all(a.startswith(_GUI_OPTIONS) or (i > 0 and args[i - 1] == "--db") for i, a in enumerate(args)):
        from ui.main import main as gui_main

        return gui_main(args)
    from app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
