"""Opening this office's database for the GUI: the database, its site, and the demo office.

The GUI calls these from its background worker; they are plain functions so the tests and the CLI can call them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.database import Database, open_database
from app.progress import NoProgress, Progress
from app.site import SiteInfo, SiteSetup, get_site, set_up_site

DEMO_DATABASE_NAME = "demo.db"
DEMO_MEMBERS = 3000
DEMO_SEED = 2026


@dataclass
class Office:
    """An open database and the site it belongs to (None until the office is set up)."""

    db: Database
    site: SiteInfo | None


def open_office(path: Path) -> Office:
    """Open (creating if needed) the database at `path` and read its site."""
    db = open_database(path, create=True)
    try:
        with db.unit_of_work() as session:
            site = get_site(session)
    except BaseException:
        db.close()
        raise
    return Office(db, site)


def set_up_office(office: Office, setup: SiteSetup) -> Office:
    """Record who this office is; refuses a database that is already set up."""
    with office.db.unit_of_work() as session:
        site = set_up_site(session, setup)
    return Office(office.db, site)


def demo_database(folder: Path) -> Path:
    """Where the demo office lives: beside the real database, never inside it."""
    return folder / DEMO_DATABASE_NAME


def open_demo_office(
    path: Path, *, members: int | None = None, seed: int = DEMO_SEED, progress: Progress | None = None
) -> Office:
    """Open the demo office at `path`, building it first if it does not exist or was never finished."""
    from app.demo import build_demo

    office = open_office(path)
    if office.site is not None:
        return office
    try:
        build_demo(
            office.db,
            members=DEMO_MEMBERS if members is None else members,
            seed=seed,
            progress=progress or NoProgress(),
        )
        with office.db.unit_of_work() as session:
            site = get_site(session)
    except BaseException:
        office.db.close()
        raise
    return Office(office.db, site)
