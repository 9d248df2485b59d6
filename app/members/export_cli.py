"""`fpa-desk members export|template`: the member roll to Excel, and the blank import template."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cli import Parser


def register(sub: argparse._SubParsersAction[Parser], common: Parser) -> None:
    """Add `members export` and `members template` to `sub`."""
