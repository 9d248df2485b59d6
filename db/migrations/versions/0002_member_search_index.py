"""member search index: name grams and number tails kept by triggers; indexes for search and sorting

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:03:50.029616
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from db.engine import STATISTICS
from db.models.search import BACKFILL, DROP_TRIGGERS, FILL_GRAM_SEQ, TRIGGERS

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = ("birth_date", "id_number", "joined_on", "name_initials", "name_pinyin", "phone")


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
