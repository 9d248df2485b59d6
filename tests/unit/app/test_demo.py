"""The demo office: a full, valid, repeatable office, built in one transaction that a cancel undoes."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.database import Database
from app.demo import DEFAULT_SITE, DemoSummary, build_demo
from app.errors import CancelledError
from app.site import get_site
from app.validation.names import MAX_NAME_LENGTH, normalise_name
from app.validation.phone import parse_phone
from app.validation.pinyin import name_pinyin
from db.base import Base, is_syncable
from db.models import ChangeLog, Member, MemberGroup, Region, SpecialFamily, Visit
from db.models.families import FAMILY_CATEGORIES, FIVE_CARES, VISIT_KINDS
from db.models.members import MEMBER_ROLES, MEMBER_STATUSES
from tests.helpers.database import ADMIN_LOGIN, new_database

TODAY = date(2026, 11, 23)
SYNCABLE = sorted(m.local_table.name for m in Base.registry.mappers if is_syncable(m.class_))  # type: ignore[attr-defined]
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2, written out here so the test does not trust the code it checks."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def rows_per_table(db: Database) -> dict[str, int]:
    with db.unit_of_work() as session:
        return {
            name: int(session.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in Base.metadata.tables.items()
        }


def roll(db: Database) -> list[tuple[Any, ...]]:
    with db.unit_of_work() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    Member.id, Member.member_no, Member.name, Member.id_number, Member.birth_date, Member.phone
                ).order_by(Member.member_no)
            )
        ]


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One demo township of 1,000 members, built once for the read-only tests of this module."""
    db = new_database(tmp_path_factory.mktemp("demo"), setup=None)
    summary = build_demo(db, members=1000, seed=11, today=TODAY)
    yield db, summary
    db.close()


def test_every_syncable_table_is_filled_and_members_match(township: tuple[Database, DemoSummary]) -> None:
    db, summary = township
    counts = rows_per_table(db)
    assert counts["member"] == summary.counts["member"] == 1000
    for table in SYNCABLE:
        assert counts[table] > 0, table
        assert summary.counts[table] == counts[table], table
    assert counts["user"] == 1 and counts["audit_log"] == 1  # the admin, and setting up the database


def test_a_database_without_a_site_becomes_the_demo_township(township: tuple[Database, DemoSummary]) -> None:
    db, _ = township
    with db.unit_of_work() as session:
        site = get_site(session)
        assert site is not None and site.is_demo and site.region_code == DEFAULT_SITE.region_code
        villages = session.scalars(select(Region).where(Region.level == "village")).all()
        groups = session.scalars(select(MemberGroup)).all()
        member_villages = set(session.scalars(select(Member.village_code)))
    assert site.level == "township" and site.name == "示范镇计生协"
    assert villages and all(v.code[:9] == site.region_code[:9] and v.code[9:] != "000" for v in villages)
    assert all(v.parent_code == site.region_code and v.name.endswith("村") for v in villages)
    assert member_villages <= {v.code for v in villages}
    assert {g.village_code for g in groups} == {v.code for v in villages}
    assert all(g.name.startswith(tuple(v.name for v in villages)) and g.name.endswith("组") for g in groups)


def test_every_member_passes_the_apps_own_rules(township: tuple[Database, DemoSummary]) -> None:
    db, _ = township
    with db.unit_of_work() as session:
        members = session.scalars(select(Member)).all()
    individuals = [m for m in members if m.member_type == "individual"]
    assert len(individuals) > 0.95 * len(members)
    for m in members:
        assert 0 < len(m.name) <= MAX_NAME_LENGTH and normalise_name(m.name) == m.name
        assert (m.name_pinyin, m.name_initials) == name_pinyin(m.name)
        assert m.phone is not None and parse_phone(m.phone).value == m.phone and parse_phone(m.phone).kind == "mobile"
        assert set(m.roles) <= set(MEMBER_ROLES) and m.status in MEMBER_STATUSES
        assert m.joined_on is not None and m.joined_on <= TODAY
    for m in individuals:
        assert m.id_number is not None and m.birth_date is not None and m.sex in ("M", "F")
        number = m.id_number
        assert len(number) == 18 and number[:17].isdigit() and number[17] == check_char(number[:17])
        assert number[6:14] == m.birth_date.strftime("%Y%m%d")
        assert m.sex == ("M" if int(number[16]) % 2 else "F")
        age = TODAY.year - m.birth_date.year - ((TODAY.month, TODAY.day) < (m.birth_date.month, m.birth_date.day))
        assert 18 <= age <= 85
    assert len({m.id_number for m in individuals}) == len(individuals)
    roles = [role for m in members for role in m.roles]
    for role in ("president", "secretary_general", "group_leader", "core_member"):
        assert role in roles


def test_special_families_and_their_visits(township: tuple[Database, DemoSummary]) -> None:
    db, summary = township
    with db.unit_of_work() as session:
        families = session.scalars(select(SpecialFamily)).all()
        visits = session.scalars(select(Visit)).all()
    assert 5 <= len(families) <= 10  # 0.5-1% of 1,000 members
    assert {"child_deceased", "child_disabled"} <= {c for f in families for c in f.categories}
    assert all(set(f.categories) <= set(FAMILY_CATEGORIES) for f in families)
    assert len(visits) >= 3 * len(families)
    assert all(v.kind in VISIT_KINDS and set(v.five_cares) <= set(FIVE_CARES) and v.five_cares for v in visits)
    assert all(TODAY.replace(year=TODAY.year - 1) < v.visited_on <= TODAY for v in visits)
    assert summary.counts["family_person"] >= 3 * len(families)


def test_every_row_is_in_the_change_log_once(township: tuple[Database, DemoSummary]) -> None:
    db, summary = township
    counts = rows_per_table(db)
    with db.unit_of_work() as session:
        logged = {tbl: n for tbl, n in session.execute(select(ChangeLog.tbl, func.count()).group_by(ChangeLog.tbl))}
        distinct = session.execute(select(func.count(func.distinct(ChangeLog.record_id)))).scalar_one()
    assert counts["change_log"] == sum(counts[t] for t in SYNCABLE) == summary.counts["change_log"]
    assert logged == {t: counts[t] for t in SYNCABLE}
    assert distinct == counts["change_log"]


def test_same_seed_same_office_other_seed_other_office(tmp_path: Path) -> None:
    first = new_database(tmp_path, setup=None, name="a.db")
    second = new_database(tmp_path, setup=None, name="b.db")
    third = new_database(tmp_path, setup=None, name="c.db")
    try:
        build_demo(first, members=200, seed=7, today=TODAY)
        build_demo(second, members=200, seed=7, today=TODAY)
        build_demo(third, members=200, seed=8, today=TODAY)
        a, b, c = roll(first), roll(second), roll(third)
        assert len(a) == 200 and a == b
        assert [r[2:4] for r in a] != [r[2:4] for r in c]
        assert {r[0] for r in a}.isdisjoint(r[0] for r in c)
        assert rows_per_table(first) == rows_per_table(second)
    finally:
        for db in (first, second, third):
            db.close()


def test_an_existing_village_site_gets_the_demo_under_it(db: Database) -> None:
    summary = build_demo(db, members=150, seed=3, today=TODAY)
    with db.unit_of_work() as session:
        site = get_site(session)
        villages = set(session.scalars(select(Member.village_code)))
    assert site is not None and site.name == "城关村计生协" and not site.is_demo
    assert villages == {"440105001001"}
    assert summary.counts["site"] == 0 and summary.counts["member"] == 150


class CancelAfterFirstChunk:
    """A user who presses Cancel once the first chunk is in."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0

    def start(self, total: int, label: str = "") -> None:
        self.total = total

    def advance(self, n: int = 1) -> None:
        self.done += n

    def cancelled(self) -> bool:
        return self.done > 0


def test_cancel_after_the_first_chunk_leaves_nothing(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.demo.CHUNK_ROWS", 100)
    progress = CancelAfterFirstChunk()
    with pytest.raises(CancelledError):
        build_demo(db, members=300, seed=1, progress=progress, today=TODAY)
    # The first chunk (the member groups) was written and logged before the cancel, then rolled back.
    assert 0 < progress.done <= 100 and progress.total > 300
    counts = rows_per_table(db)
    assert counts["member"] == 0 and counts["change_log"] == 0
    assert all(counts[t] == 0 for t in SYNCABLE)
    assert counts["site"] == 1 and counts["region"] == 1


def test_cancel_before_anything_also_undoes_the_site_it_set_up(tmp_path: Path) -> None:
    class Cancelled(CancelAfterFirstChunk):
        def cancelled(self) -> bool:
            return True

    fresh = new_database(tmp_path, setup=None)
    try:
        with pytest.raises(CancelledError):
            build_demo(fresh, members=50, seed=1, progress=Cancelled(), today=TODAY)
        counts = rows_per_table(fresh)
    finally:
        fresh.close()
    assert counts["site"] == 0 and counts["region"] == 0 and counts["member"] == 0


def test_progress_counts_every_row(tmp_path: Path) -> None:
    class Counting(CancelAfterFirstChunk):
        def cancelled(self) -> bool:
            return False

    fresh = new_database(tmp_path, setup=None)
    progress = Counting()
    try:
        summary = build_demo(fresh, members=120, seed=2, progress=progress, today=TODAY)
    finally:
        fresh.close()
    written = sum(n for table, n in summary.counts.items() if table not in ("site", "change_log"))
    assert progress.total == progress.done == written


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    from tests.helpers.cli import run_cli as run

    return run(*args, env={"FPA_DESK_DATA_DIR": str(data_dir)})


def test_cli_demo_then_check(tmp_path: Path) -> None:
    path = str(tmp_path / "demo.db")
    out = run_cli("demo", "--db", path, "--members", "300", "--seed", "7", "--json", data_dir=tmp_path / "data")
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.strip().splitlines()) == 1
    made = json.loads(out.stdout)
    assert made["ok"] is True and made["counts"]["member"] == 300
    assert made["admin"] == "admin" and made["accounts"] == ["clerk", "volunteer", "county"]
    assert all(made["counts"][t] > 0 for t in SYNCABLE)
    # A script acts on the demo office as any of its accounts; a volunteer may not read the member roll.
    for user, code in (("clerk", 0), ("county", 0)):
        listed = run_cli("check", "--db", path, "--user", user, "--json", data_dir=tmp_path / "data")
        assert listed.returncode == code, listed.stderr
    exported = run_cli("members", "export", "--db", path, "--user", "volunteer", "-o", str(tmp_path / "v.xlsx"),
                       data_dir=tmp_path / "data")  # fmt: skip
    assert exported.returncode == 1 and "没有这项操作的权限" in exported.stderr
    out = run_cli("check", "--db", path, "--json", data_dir=tmp_path / "data")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["ok"] is True and report["integrity"] == ["ok"]
    assert report["site"]["is_demo"] is True and report["counts"]["member"] == 300
    assert report["counts"]["change_log"] == made["counts"]["change_log"]


def test_cli_demo_with_the_same_seed_and_day_gives_the_same_members(tmp_path: Path) -> None:
    from app.database import open_database

    names = []
    for n in (1, 2):
        path = tmp_path / f"d{n}.db"
        args = ("demo", "--db", str(path), "--members", "120", "--seed", "5", "--today", "2026年3月1日", "--json")
        out = run_cli(*args, data_dir=tmp_path / "data")
        assert out.returncode == 0, out.stderr
        db = open_database(path, ADMIN_LOGIN)
        with db.unit_of_work() as session:
            names.append(session.execute(select(Member.id, Member.name, Member.id_number).order_by(Member.id)).all())
        db.close()
    assert names[0] == names[1] and len(names[0]) == 120


def test_cli_demo_refuses_a_day_that_is_not_a_date(tmp_path: Path) -> None:
    out = run_cli("demo", "--db", str(tmp_path / "d.db"), "--today", "2026-02-30", data_dir=tmp_path / "data")
    assert out.returncode == 1
    assert "2026-02-30" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "d.db").exists()


def test_the_demo_leaves_planner_statistics_behind(db: Database) -> None:
    # Without statistics SQLite walks the status index for a search and reads most of the roll.
    build_demo(db, members=50, seed=2, today=TODAY)
    with db.unit_of_work() as session:
        indexed = {row[0] for row in session.execute(text("SELECT idx FROM sqlite_stat1 WHERE tbl = 'member'"))}
    assert {"ix_member_status", "ix_member_name_pinyin", "ix_member_deleted_status"} <= indexed
