"""`fpa-desk report roster`: the printed member roster (花名册) as a PDF."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cli import Parser


def register(sub: argparse._SubParsersAction[Parser], common: Parser) -> None:
    """Add the roster report to `sub`."""
