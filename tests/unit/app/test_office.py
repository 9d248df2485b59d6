"""Opening the office for the GUI: a new database, setting it up once, and the separate demo office."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.errors import CancelledError, ValidationError
from app.office import demo_database, open_demo_office, open_office, set_up_office
from app.site import SiteSetup
from db.models import Member

SETUP = SiteSetup("东风村计生协", "village", "330106001001")


def test_new_database_opens_without_a_site_and_is_set_up_once(tmp_path: Path) -> None:
    office = open_office(tmp_path / "office.db")
    try:
        assert office.site is None
        office = set_up_office(office, SETUP)
        assert office.site is not None and office.site.name == "东风村计生协"
        with pytest.raises(ValidationError) as raised:
            set_up_office(office, SETUP)
        assert raised.value.code == "site.exists"
    finally:
        office.db.close()
    again = open_office(tmp_path / "office.db")
    assert again.site is not None and again.site.region_code == "330106001001"
    again.db.close()


def test_demo_office_is_built_once_beside_the_real_database(tmp_path: Path) -> None:
    path = demo_database(tmp_path)
    assert path == tmp_path / "demo.db"
    first = open_demo_office(path, members=40, seed=3)
    assert first.site is not None and first.site.is_demo
    first.db.close()
    second = open_demo_office(path, members=999, seed=4)  # already built: opened as it is
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


def test_cancelled_demo_leaves_an_empty_office_that_builds_next_time(tmp_path: Path) -> None:
    path = demo_database(tmp_path)
    with pytest.raises(CancelledError):
        open_demo_office(path, members=40, seed=3, progress=_CancelAtOnce())
    office = open_demo_office(path, members=40, seed=3)
    assert office.site is not None
    with office.db.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 40
    office.db.close()
