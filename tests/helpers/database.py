"""Databases for tests: a fresh encrypted file in a temporary folder, set up as a village site."""

from __future__ import annotations

from pathlib import Path

from app.database import Database, open_database
from app.site import SiteSetup, set_up_site

VILLAGE = SiteSetup(name="城关村计生协", level="village", region_code="440105001001")


def new_database(folder: Path, setup: SiteSetup | None = VILLAGE, name: str = "office.db") -> Database:
    """A new database file in `folder`, set up as `setup` (or left without a site when None)."""
    db = open_database(folder / name, create=True)
    if setup is not None:
        with db.unit_of_work("admin") as session:
            set_up_site(session, setup)
    return db
