"""`fpa-desk members import`: members from an Excel, WPS or LibreOffice workbook."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cli import Parser


def register(sub: argparse._SubParsersAction[Parser], common: Parser) -> None:
    """Add `members import` to `sub`."""
