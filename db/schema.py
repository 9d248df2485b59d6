"""Creating and upgrading the schema. New databases: create_all + stamp head; existing ones: upgrade to head.

Alembic takes about half a second to import, so opening a database that is already at `SCHEMA_HEAD` (every start
after the first) reads the revision with one query and leaves Alembic unloaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

import db.models  # noqa: F401 - registers every table on Base.metadata
from db.base import Base

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

# The newest migration's revision; a test keeps it equal to Alembic's head.
SCHEMA_HEAD = "0006"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for our migrations, bound to `connection` when one is given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration according to Alembic: the schema revision this code expects."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _stored_revision(conn: Connection) -> str | None:
    """The revision recorded in the database, or None when it has no `alembic_version` table or row."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None for a database without our schema."""
    with engine.connect() as conn:
        return _stored_revision(conn)


def ensure_schema(engine: Engine) -> None:
    """Bring the database to the current schema: create it when empty, otherwise run pending migrations."""
    with engine.begin() as conn:
        stored = _stored_revision(conn)
        if stored == SCHEMA_HEAD:
            return
        from alembic import command

        if stored is None and not inspect(conn).get_table_names():
            Base.metadata.create_all(conn)
            command.stamp(alembic_config(conn), "head")
            return
        command.upgrade(alembic_config(conn), "head")
