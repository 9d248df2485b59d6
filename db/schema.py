"""Creating and upgrading the schema. New databases: create_all + stamp head; existing ones: upgrade to head."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

import db.models  # noqa: F401 - registers every table on Base.metadata
from db.base import Base

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for our migrations, bound to `connection` when one is given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration: the schema revision this code expects."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None for a database without our schema."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def ensure_schema(engine: Engine) -> None:
    """Bring the database to the current schema: create it when empty, otherwise run pending migrations."""
    with engine.begin() as conn:
        if not inspect(conn).has_table("alembic_version") and not inspect(conn).get_table_names():
            Base.metadata.create_all(conn)
            command.stamp(alembic_config(conn), "head")
            return
        command.upgrade(alembic_config(conn), "head")
