"""member search index: name grams and number tails kept by triggers; indexes for search and sorting

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:03:50.029616
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.engine import STATISTICS
from db.models.search import FILL_GRAM_SEQ

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = ("birth_date", "id_number", "joined_on", "name_initials", "name_pinyin", "phone")

# The index as this revision made it (a migration keeps its own SQL; 0003 changed the table and triggers).
_GRAMS = """
    INSERT OR IGNORE INTO member_gram (gram, member_id)
    SELECT substr({r}.name || char(31), n, 2), {r}.id FROM {src} WHERE n <= length({r}.name)
    UNION ALL SELECT '#' || substr({r}.id_number, -4), {r}.id FROM {src} WHERE n = 1 AND length({r}.id_number) >= 4
    UNION ALL SELECT '@' || substr({r}.phone, -4), {r}.id FROM {src} WHERE n = 1 AND length({r}.phone) >= 4;
"""
_NEW = _GRAMS.format(r="NEW", src="gram_seq")
BACKFILL = _GRAMS.format(r="m", src="member AS m, gram_seq")
TRIGGERS = (
    f"CREATE TRIGGER member_gram_insert AFTER INSERT ON member BEGIN {_NEW} END",
    "CREATE TRIGGER member_gram_update AFTER UPDATE OF name, id_number, phone ON member BEGIN "
    f"DELETE FROM member_gram WHERE member_id = OLD.id; {_NEW} END",
    "CREATE TRIGGER member_gram_delete AFTER DELETE ON member BEGIN "
    "DELETE FROM member_gram WHERE member_id = OLD.id; END",
)
DROP_TRIGGERS = tuple(
    f"DROP TRIGGER IF EXISTS {name}" for name in ("member_gram_insert", "member_gram_update", "member_gram_delete")
)


def upgrade() -> None:
    op.create_table(
        "gram_seq",
        sa.Column("n", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("n", name=op.f("pk_gram_seq")),
    )
    op.create_table(
        "member_gram",
        sa.Column("gram", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("gram", "member_id", name=op.f("pk_member_gram")),
        sqlite_with_rowid=False,
    )
    for column in _INDEXES:
        op.create_index(f"ix_member_{column}", "member", [column], unique=False)
    op.execute(FILL_GRAM_SEQ)
    for trigger in TRIGGERS:
        op.execute(trigger)
    op.create_index("ix_member_deleted_status", "member", ["deleted", "status"], unique=False)
    op.execute(BACKFILL)
    for statement in STATISTICS:
        op.execute(statement)


def downgrade() -> None:
    for trigger in DROP_TRIGGERS:
        op.execute(trigger)
    op.drop_index("ix_member_deleted_status", table_name="member")
    for column in _INDEXES:
        op.drop_index(f"ix_member_{column}", table_name="member")
    op.drop_table("member_gram")
    op.drop_table("gram_seq")
