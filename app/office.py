"""Opening this office's database for the GUI: the database, its site, and the demo office.

The GUI calls these from its background worker; they are plain functions so the tests and the CLI can call them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.accounts.users import Actor, sign_in
from app.database import Database, create_database, open_database
from app.dbkey import Credentials
from app.progress import NoProgress, Progress
from app.site import SiteInfo, SiteSetup, get_site, set_up_site

DEMO_DATABASE_NAME = "demo.db"
DEMO_MEMBERS = 3000
DEMO_SEED = 2026


@dataclass
class Office:
    """An open database, the site it belongs to (None until the office is set up), and who signed in."""

    db: Database
    site: SiteInfo | None
    actor: Actor


def open_office(path: Path, who: Credentials) -> Office:
    """Open the database at `path` as `who` (the sign-in is checked and audited) and read its site."""
    db = open_database(path, who)
    try:
        actor = sign_in(db, who.username, who.password)
        with db.unit_of_work(actor.username) as session:
            site = get_site(session)
    except BaseException:
        db.close()
        raise
    return Office(db, site, actor)


def create_office(path: Path, admin: Credentials, setup: SiteSetup, display_name: str = "") -> Office:
    """A new database at `path` with its first admin, set up as `setup`; the admin is signed in."""
    db = create_database(path, admin, display_name)
    try:
        with db.unit_of_work(admin.username) as session:
            site = set_up_site(session, setup)
    except BaseException:
        db.close()
        remove_database_files(path)
        raise
    return Office(db, site, Actor(admin.username, "admin"))


def remove_database_files(path: Path) -> None:
    """Remove a database that was never finished, with its WAL, shared memory and key files."""
    from app.dbkey import forget_keyring_entry, key_file

    for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), key_file(path)):
        extra.unlink(missing_ok=True)
    forget_keyring_entry(path)


def demo_database(folder: Path) -> Path:
    """Where the demo office lives: beside the real database, never inside it."""
    return folder / DEMO_DATABASE_NAME


def open_demo_office(
    path: Path,
    admin: Credentials,
    *,
    members: int | None = None,
    seed: int = DEMO_SEED,
    progress: Progress | None = None,
) -> Office:
    """Open the demo office at `path` as `admin`, building it (with that admin) first if it does not exist."""
    from app.demo import add_demo_accounts, build_demo

    if path.exists():
        office = open_office(path, admin)
        if office.site is not None:
            return office
        db = office.db
    else:
        db = create_database(path, admin)
    try:
        build_demo(
            db,
            members=DEMO_MEMBERS if members is None else members,
            seed=seed,
            progress=progress or NoProgress(),
        )
        add_demo_accounts(db, admin.username, admin.password)
        with db.unit_of_work(admin.username) as session:
            site = get_site(session)
    except BaseException:
        db.close()
        remove_database_files(path)
        raise
    return Office(db, site, Actor(admin.username, "admin"))
