"""The search index of members: the characters and pairs of their names, and the tails of ID and phone numbers.

Derived data, never synced: SQLite triggers keep it in step with `member` on every write path (the unit of work,
bulk inserts, sync), so a search is an index lookup and never a scan of the encrypted table. Each trigger finds a
member's old index rows by their keys, so that changing one member never reads the whole index.

`member_gram` (few rows per member, since every one costs time in bulk imports):
- each pair of adjacent characters of the name: a query of two or more characters looks up its first pair and
  is then checked against the name;
- `#` + the last 4 characters of the ID number (secretaries search by the tail they can read out; a 5- or
  6-character tail looks up its last 4 and is then checked);
- `@` + the last 4 digits of the phone number.

`member_char`: each distinct character of the name, with copies of the member's `name_pinyin`, `status` and
`deleted`, keyed in pinyin order. A one-character query is often a common surname matching thousands of members;
the list's usual view of it (live members of some status, by name) reads its first page and its count from this
index alone, instead of every matching member.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import DDL, Boolean, Column, Connection, Integer, String, Table, event

from db.base import Base

GRAM_SEQ_MAX = 64  # longer than any name (50) or number

member_gram = Table(
    "member_gram",
    Base.metadata,
    Column("gram", String(20), primary_key=True),
    Column("member_id", String(36), primary_key=True),
    sqlite_with_rowid=False,
)

member_char = Table(
    "member_char",
    Base.metadata,
    Column("ch", String(2), primary_key=True),
    Column("name_pinyin", String(200), primary_key=True),
    Column("member_id", String(36), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("deleted", Boolean, nullable=False),
    sqlite_with_rowid=False,
)

gram_seq = Table("gram_seq", Base.metadata, Column("n", Integer, primary_key=True, autoincrement=False))

# Index rows of the member `{r}`: NEW or OLD in a trigger (with `{src}` = gram_seq), or every row of a `{src}` that
# joins members (as `{r}`) with gram_seq. `n` runs over the characters of the name.
_GRAMS = """
    SELECT substr({r}.name, n, 2) AS gram_key, {r}.id AS member_id FROM {src} WHERE n < length({r}.name)
    UNION ALL SELECT '#' || substr({r}.id_number, -4), {r}.id FROM {src} WHERE n = 1 AND length({r}.id_number) >= 4
    UNION ALL SELECT '@' || substr({r}.phone, -4), {r}.id FROM {src} WHERE n = 1 AND length({r}.phone) >= 4
"""
_CHARS = """
    SELECT substr({r}.name, n, 1), {r}.name_pinyin, {r}.id, {r}.status, {r}.deleted FROM {src}
    WHERE n <= length({r}.name)
"""


def _index(r: str, src: str) -> tuple[str, str]:
    """The two statements that index the member(s) `r`."""
    return (
        "INSERT OR IGNORE INTO member_gram (gram, member_id) " + _GRAMS.format(r=r, src=src),
        "INSERT OR IGNORE INTO member_char (ch, name_pinyin, member_id, status, deleted) "
        + _CHARS.format(r=r, src=src),
    )


# Removing OLD's rows by their keys (the primary keys lead with them), never by a scan for the member id.
_UNINDEX_GRAMS = (
    "DELETE FROM member_gram WHERE member_id = OLD.id AND gram IN "
    f"(SELECT gram_key FROM ({_GRAMS.format(r='OLD', src='gram_seq')}));"
)
_UNINDEX_CHARS = (
    "DELETE FROM member_char WHERE member_id = OLD.id AND name_pinyin = OLD.name_pinyin AND ch IN "
    "(SELECT substr(OLD.name, n, 1) FROM gram_seq WHERE n <= length(OLD.name));"
)
_NEW_GRAMS, _NEW_CHARS = (f"{statement};" for statement in _index("NEW", "gram_seq"))

# Fills the index for members written before it existed (the migrations).
BACKFILL = _index("m", "member AS m, gram_seq")
# The same for members added after the member row numbered `?` (a bulk insert with the insert trigger paused).
_BACKFILL_AFTER = _index("m", "(SELECT * FROM member WHERE rowid > ?1) AS m, gram_seq")

_INSERT_TRIGGER = f"CREATE TRIGGER member_search_insert AFTER INSERT ON member BEGIN {_NEW_GRAMS} {_NEW_CHARS} END"
TRIGGERS = (
    _INSERT_TRIGGER,
    "CREATE TRIGGER member_search_grams AFTER UPDATE OF name, id_number, phone ON member "
    f"BEGIN {_UNINDEX_GRAMS} {_NEW_GRAMS} END",
    "CREATE TRIGGER member_search_chars AFTER UPDATE OF name, name_pinyin, status, deleted ON member "
    f"BEGIN {_UNINDEX_CHARS} {_NEW_CHARS} END",
    f"CREATE TRIGGER member_search_delete AFTER DELETE ON member BEGIN {_UNINDEX_GRAMS} {_UNINDEX_CHARS} END",
)
TRIGGER_NAMES = ("member_search_insert", "member_search_grams", "member_search_chars", "member_search_delete")
FILL_GRAM_SEQ = (
    "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < "
    f"{GRAM_SEQ_MAX}) INSERT INTO gram_seq (n) SELECT n FROM s"
)


@contextmanager
def member_grams_deferred(connection: Connection) -> Iterator[None]:
    """Index members inserted inside the block in two statements at its end instead of a trigger run per row.

    For bulk inserts (an import, the demo office): a row-by-row trigger costs about three times the set-based
    insert. Updates and deletes inside the block are still indexed by their triggers. The pause is part of the
    caller's transaction, so a failure or a cancel rolls it back with everything else.
    """
    before = connection.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM member").scalar()
    connection.exec_driver_sql("DROP TRIGGER member_search_insert")
    yield
    connection.exec_driver_sql(_INSERT_TRIGGER)
    for statement in _BACKFILL_AFTER:
        connection.exec_driver_sql(statement, (before,))


event.listen(gram_seq, "after_create", DDL(FILL_GRAM_SEQ))  # type: ignore[no-untyped-call]
for _trigger in TRIGGERS:
    # After every table exists (a trigger names `member`); the migrations run the same statements.
    event.listen(Base.metadata, "after_create", DDL(_trigger))  # type: ignore[no-untyped-call]
