"""Opening the office for the GUI: a new office with its admin, signing in, and the separate demo office."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.dbkey import Credentials
from app.errors import AccessDenied, CancelledError, DatabaseError
from app.office import create_office, demo_database, open_demo_office, open_office
from app.site import SiteSetup
from db.models import AuditLog, Member
from tests.helpers.database import ADMIN_LOGIN

SETUP = SiteSetup("东风村计生协", "village", "330106001001")


def test_a_new_office_has_its_admin_signed_in_and_opens_again_only_with_the_password(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    office = create_office(path, ADMIN_LOGIN, SETUP, "王书记")
    assert office.site is not None and office.site.name == "东风村计生协"
    assert (office.actor.username, office.actor.role) == ("admin", "admin")
    office.db.close()
    with pytest.raises(DatabaseError) as exists:
        create_office(path, ADMIN_LOGIN, SETUP)
    assert exists.value.code == "db.exists"

    with pytest.raises(AccessDenied) as wrong:
        open_office(path, Credentials("admin", "not the password"))
    assert wrong.value.message() == "用户名或密码不正确。"
    again = open_office(path, ADMIN_LOGIN)
    assert again.site is not None and again.site.region_code == "330106001001"
    with again.db.unit_of_work() as session:
        actions = list(session.scalars(select(AuditLog.action).order_by(AuditLog.seq)))
    again.db.close()
    assert actions == ["setup", "login_failed", "login"]


def test_a_failed_setup_leaves_no_database_behind(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    with pytest.raises(Exception):  # noqa: B017 - the site's own check, tested in test_site
        create_office(path, ADMIN_LOGIN, SiteSetup("", "village", "bad"))
    assert list(tmp_path.iterdir()) == []


def test_demo_office_is_built_once_beside_the_real_database(tmp_path: Path) -> None:
    path = demo_database(tmp_path)
    assert path == tmp_path / "demo.db"
    first = open_demo_office(path, ADMIN_LOGIN, members=40, seed=3)
    assert first.site is not None and first.site.is_demo
    first.db.close()
    second = open_demo_office(path, ADMIN_LOGIN, members=999, seed=4)  # already built: opened as it is
    with second.db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 40
    second.db.close()


class _CancelAtOnce:
    def start(self, total: int, label: str = "") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def cancelled(self) -> bool:
        return True


def test_cancelled_demo_leaves_nothing_and_builds_next_time(tmp_path: Path) -> None:
    path = demo_database(tmp_path)
    with pytest.raises(CancelledError):
        open_demo_office(path, ADMIN_LOGIN, members=40, seed=3, progress=_CancelAtOnce())
    assert not path.exists()
    office = open_demo_office(path, ADMIN_LOGIN, members=40, seed=3)
    assert office.site is not None
    with office.db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 40
    office.db.close()
