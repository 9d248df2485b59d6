"""Units of work: one session per user action, committed as a whole or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from db.changelog import FpaSession


def make_session_factory(engine: Engine) -> sessionmaker[FpaSession]:
    """Sessions on `engine` whose writes to syncable tables are logged automatically."""
    return sessionmaker(bind=engine, class_=FpaSession, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[FpaSession], *, user: str | None = None) -> Iterator[FpaSession]:
    """A session for one user action: committed when the block ends, rolled back if it raises.

    `user` is recorded as `by` on every change the action makes.
    """
    with factory.begin() as session:
        session.info["user"] = user
        yield session
