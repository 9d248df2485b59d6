"""Databases for tests: a fresh encrypted file in a temporary folder, set up as a village site, with accounts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.accounts.users import Actor
from app.database import Database, create_database
from app.dbkey import Credentials
from app.site import SiteSetup, set_up_site

if TYPE_CHECKING:
    from app.office import Office

VILLAGE = SiteSetup(name="城关村计生协", level="village", region_code="440105001001")
PASSWORD = "correct horse 1"
ADMIN_LOGIN = Credentials("admin", PASSWORD)
# The acting users of service calls, one per role of design.md.
ADMIN = Actor("admin", "admin")
CLERK = Actor("clerk", "clerk")
VOLUNTEER = Actor("volunteer", "volunteer")
COUNTY = Actor("county", "county")
ROLES = {"admin": ADMIN, "clerk": CLERK, "volunteer": VOLUNTEER, "county": COUNTY}


def new_database(folder: Path, setup: SiteSetup | None = VILLAGE, name: str = "office.db") -> Database:
    """A new database file in `folder` with the admin `ADMIN_LOGIN`, set up as `setup` (or without a site)."""
    db = create_database(folder / name, ADMIN_LOGIN)
    if setup is not None:
        with db.unit_of_work("admin") as session:
            set_up_site(session, setup)
    return db


def add_users(db: Database, *roles: str) -> None:
    """Accounts named after their roles (clerk, volunteer, county), each with the password `PASSWORD`."""
    from app.accounts.users import create_user

    with db.unit_of_work("admin") as session:
        for role in roles:
            create_user(session, ADMIN, role, role, role, PASSWORD)


def office_of(db: Database, actor: Actor = ADMIN) -> Office:
    """`db` as the GUI holds it once `actor` signed in."""
    from app.office import Office
    from app.site import get_site

    with db.unit_of_work() as session:
        site = get_site(session)
    return Office(db, site, actor)
