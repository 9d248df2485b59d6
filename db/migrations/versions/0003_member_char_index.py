"""member search index: member_char (a name's characters, in pinyin order, with status and tombstone) for
one-character searches; name pairs without the end marker; triggers that find a member's rows by their keys

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.engine import STATISTICS

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_TRIGGERS = ("member_gram_insert", "member_gram_update", "member_gram_delete")
TRIGGER_NAMES = ("member_search_insert", "member_search_grams", "member_search_chars", "member_search_delete")

# This revision's SQL, as db/models/search.py had it (a migration keeps its own statements).
_GRAMS = """
    SELECT substr({r}.name, n, 2) AS gram_key, {r}.id AS member_id FROM {src} WHERE n < length({r}.name)
    UNION ALL SELECT '#' || substr({r}.id_number, -4), {r}.id FROM {src} WHERE n = 1 AND length({r}.id_number) >= 4
    UNION ALL SELECT '@' || substr({r}.phone, -4), {r}.id FROM {src} WHERE n = 1 AND length({r}.phone) >= 4
"""
_CHARS = """
    SELECT substr({r}.name, n, 1), {r}.name_pinyin, {r}.id, {r}.status, {r}.deleted FROM {src}
    WHERE n <= length({r}.name)
"""
_NEW_GRAMS = "INSERT OR IGNORE INTO member_gram (gram, member_id) " + _GRAMS.format(r="NEW", src="gram_seq") + ";"
_CHAR_COLUMNS = "member_char (ch, name_pinyin, member_id, status, deleted) "
_NEW_CHARS = "INSERT OR IGNORE INTO " + _CHAR_COLUMNS + _CHARS.format(r="NEW", src="gram_seq") + ";"
_UNINDEX_GRAMS = (
    "DELETE FROM member_gram WHERE member_id = OLD.id AND gram IN "
    f"(SELECT gram_key FROM ({_GRAMS.format(r='OLD', src='gram_seq')}));"
)
_UNINDEX_CHARS = (
    "DELETE FROM member_char WHERE member_id = OLD.id AND name_pinyin = OLD.name_pinyin AND ch IN "
    "(SELECT substr(OLD.name, n, 1) FROM gram_seq WHERE n <= length(OLD.name));"
)
TRIGGERS = (
    f"CREATE TRIGGER member_search_insert AFTER INSERT ON member BEGIN {_NEW_GRAMS} {_NEW_CHARS} END",
    "CREATE TRIGGER member_search_grams AFTER UPDATE OF name, id_number, phone ON member "
    f"BEGIN {_UNINDEX_GRAMS} {_NEW_GRAMS} END",
    "CREATE TRIGGER member_search_chars AFTER UPDATE OF name, name_pinyin, status, deleted ON member "
    f"BEGIN {_UNINDEX_CHARS} {_NEW_CHARS} END",
    f"CREATE TRIGGER member_search_delete AFTER DELETE ON member BEGIN {_UNINDEX_GRAMS} {_UNINDEX_CHARS} END",
)
BACKFILL_CHARS = "INSERT OR IGNORE INTO " + _CHAR_COLUMNS + _CHARS.format(r="m", src="member AS m, gram_seq")


def upgrade() -> None:
    for name in _OLD_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    # Pairs of a name's last character with U+001F served one-character searches, now member_char's.
    op.execute("DELETE FROM member_gram WHERE substr(gram, -1) = char(31)")
    op.create_table(
        "member_char",
        sa.Column("ch", sa.String(length=2), nullable=False),
        sa.Column("name_pinyin", sa.String(length=200), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("ch", "name_pinyin", "member_id", name=op.f("pk_member_char")),
        sqlite_with_rowid=False,
    )
    for trigger in TRIGGERS:
        op.execute(trigger)
    op.execute(BACKFILL_CHARS)  # member_gram is already filled
    for statement in STATISTICS:
        op.execute(statement)


def downgrade() -> None:
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("member_char")
    new = """
    INSERT OR IGNORE INTO member_gram (gram, member_id)
    SELECT substr({r}.name || char(31), n, 2), {r}.id FROM {src} WHERE n <= length({r}.name)
    UNION ALL SELECT '#' || substr({r}.id_number, -4), {r}.id FROM {src} WHERE n = 1 AND length({r}.id_number) >= 4
    UNION ALL SELECT '@' || substr({r}.phone, -4), {r}.id FROM {src} WHERE n = 1 AND length({r}.phone) >= 4;
"""
    trigger_new = new.format(r="NEW", src="gram_seq")
    op.execute(f"CREATE TRIGGER member_gram_insert AFTER INSERT ON member BEGIN {trigger_new} END")
    op.execute(
        "CREATE TRIGGER member_gram_update AFTER UPDATE OF name, id_number, phone ON member BEGIN "
        f"DELETE FROM member_gram WHERE member_id = OLD.id; {trigger_new} END"
    )
    op.execute(
        "CREATE TRIGGER member_gram_delete AFTER DELETE ON member BEGIN "
        "DELETE FROM member_gram WHERE member_id = OLD.id; END"
    )
    op.execute(new.format(r="m", src="member AS m, gram_seq"))
