"""The search index of members: name characters and pairs, and the tails of ID and phone numbers.

`member_gram` is derived data, never synced: SQLite triggers keep it in step with `member` on every write path
(the unit of work, bulk inserts, sync), so a search is an index lookup and never a scan of the encrypted table.

Grams of a member (few per member, since every one costs time in bulk imports):
- each pair of adjacent characters of the name, the last character paired with U+001F: a one-character query is a
  prefix range over the grams, a longer one looks up its first pair and is then checked against the name;
- `#` + the last 4 characters of the ID number (secretaries search by the tail they can read out; a 5- or
  6-character tail looks up its last 4 and is then checked);
- `@` + the last 4 digits of the phone number.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import DDL, Column, Connection, Integer, String, Table, event

from db.base import Base

GRAM_END = "\x1f"  # pairs the last character of a name
GRAM_SEQ_MAX = 64  # longer than any name (50) or number

member_gram = Table(
    "member_gram",
    Base.metadata,
    Column("gram", String(20), primary_key=True),
    Column("member_id", String(36), primary_key=True),
    sqlite_with_rowid=False,
)

gram_seq = Table("gram_seq", Base.metadata, Column("n", Integer, primary_key=True, autoincrement=False))

_GRAMS = """
    INSERT OR IGNORE INTO member_gram (gram, member_id)
    SELECT substr({r}.name || char(31), n, 2), {r}.id FROM {src} WHERE n <= length({r}.name)
    UNION ALL SELECT '#' || substr({r}.id_number, -4), {r}.id FROM {src} WHERE n = 1 AND length({r}.id_number) >= 4
    UNION ALL SELECT '@' || substr({r}.phone, -4), {r}.id FROM {src} WHERE n = 1 AND length({r}.phone) >= 4;
"""
_GRAMS_OF_NEW = _GRAMS.format(r="NEW", src="gram_seq")
# Fills the index for members written before it existed (migration 0002).
BACKFILL = _GRAMS.format(r="m", src="member AS m, gram_seq")
# The same for members added after the member row numbered `?` (a bulk insert with the insert trigger paused).
_BACKFILL_AFTER = _GRAMS.format(r="m", src="(SELECT * FROM member WHERE rowid > ?1) AS m, gram_seq")

TRIGGERS = (
    f"CREATE TRIGGER member_gram_insert AFTER INSERT ON member BEGIN {_GRAMS_OF_NEW} END",
    "CREATE TRIGGER member_gram_update AFTER UPDATE OF name, id_number, phone ON member BEGIN "
    f"DELETE FROM member_gram WHERE member_id = OLD.id; {_GRAMS_OF_NEW} END",
    "CREATE TRIGGER member_gram_delete AFTER DELETE ON member BEGIN "
    "DELETE FROM member_gram WHERE member_id = OLD.id; END",
)
FILL_GRAM_SEQ = (
    "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < "
    f"{GRAM_SEQ_MAX}) INSERT INTO gram_seq (n) SELECT n FROM s"
)
DROP_TRIGGERS = tuple(
    f"DROP TRIGGER IF EXISTS {name}" for name in ("member_gram_insert", "member_gram_update", "member_gram_delete")
)


@contextmanager
def member_grams_deferred(connection: Connection) -> Iterator[None]:
    """Index members inserted inside the block in one statement at its end instead of one trigger run per row.

    For bulk inserts only (the demo office): a row-by-row trigger costs about three times the set-based insert.
    Updates and deletes inside the block are still indexed by their triggers. The pause is part of the caller's
    transaction, so a failure or a cancel rolls it back with everything else.
    """
    before = connection.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM member").scalar()
    connection.exec_driver_sql("DROP TRIGGER member_gram_insert")
    yield
    connection.exec_driver_sql(TRIGGERS[0])
    connection.exec_driver_sql(_BACKFILL_AFTER, (before,))


event.listen(gram_seq, "after_create", DDL(FILL_GRAM_SEQ))  # type: ignore[no-untyped-call]
for _trigger in TRIGGERS:
    # After every table exists (a trigger names `member`); migration 0002 runs the same statements.
    event.listen(Base.metadata, "after_create", DDL(_trigger))  # type: ignore[no-untyped-call]
