"""The models and the migrations describe the same schema, and a database upgrades from empty."""

from __future__ import annotations

import secrets
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from db.base import Base
from db.engine import make_engine
from db.schema import SCHEMA_HEAD, alembic_config, current_revision, ensure_schema, head_revision


def test_migrations_from_empty_match_the_models(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "m.db", secrets.token_bytes(32))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    assert current_revision(engine) == head_revision()
    # Triggers are not in the metadata's comparison: the migrations must make the ones the models make.
    created = make_engine(tmp_path / "c.db", secrets.token_bytes(32))
    ensure_schema(created)
    assert _triggers(engine) == _triggers(created) != {}
    engine.dispose()
    created.dispose()


def _triggers(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        return {name: " ".join(sql.split()) for name, sql in rows}


def test_new_database_is_created_from_the_models_and_stamped(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "n.db", secrets.token_bytes(32))
    ensure_schema(engine)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    ensure_schema(engine)  # opening again is a no-op
    engine.dispose()


def test_every_syncable_table_has_the_sync_columns() -> None:
    sync = {"id", "owner_site", "rev_site", "rev_epoch", "rev_seq", "hlc", "created_at", "updated_at", "deleted"}
    syncable = [m.class_ for m in Base.registry.mappers if getattr(m.class_, "__syncable__", False)]
    assert {cls.__tablename__ for cls in syncable} == {
        "member",
        "member_group",
        "member_status_event",
        "household",
        "household_member",
        "contact_log",
        "special_family",
        "family_person",
        "family_insurance",
        "visit",
        "visit_visitor",
        "activity",
        "activity_attendance",
        "volunteer",
        "volunteer_team",
        "volunteer_record",
        "pairing",
    }
    for cls in syncable:
        assert sync <= set(cls.__table__.columns.keys()), cls.__name__


def test_constraints_are_named_by_the_convention() -> None:
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            assert constraint.name, f"unnamed constraint on {table.name}"


def test_schema_head_constant_is_alembics_head() -> None:
    # Opening a database skips Alembic when its revision equals SCHEMA_HEAD; a new migration must move it.
    assert head_revision() == SCHEMA_HEAD


def test_database_at_an_older_revision_is_upgraded(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "o.db", secrets.token_bytes(32))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.begin() as conn:
        command.stamp(alembic_config(conn), "base", purge=True)
        for table in reversed(Base.metadata.sorted_tables):
            conn.exec_driver_sql(f'DROP TABLE "{table.name}"')
    ensure_schema(engine)  # an empty stamped database is upgraded by running every migration
    assert current_revision(engine) == SCHEMA_HEAD
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    engine.dispose()
