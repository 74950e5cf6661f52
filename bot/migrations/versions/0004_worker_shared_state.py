"""What several bot workers share instead of keeping in a process (bot/shared_state.py): each user's recent
questions for the rate limit, the question a follow-up builds on, an upload awaiting its admin's confirmation,
and leases (one refresh at a time).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("rate_events",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("user_id", sa.BigInteger(), nullable=False, index=True),
                    sa.Column("at", sa.DateTime(), nullable=False, index=True))
    op.create_table("last_questions",
                    sa.Column("user_id", sa.BigInteger(), primary_key=True, autoincrement=False),
                    sa.Column("question", sa.Text(), nullable=False),
                    sa.Column("updated_at", sa.DateTime(), nullable=False))
    op.create_table("pending_uploads",
                    sa.Column("admin_id", sa.BigInteger(), primary_key=True, autoincrement=False),
                    sa.Column("name", sa.String(300), nullable=False),
                    sa.Column("data", sa.LargeBinary(), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False))
    op.create_table("leases",
                    sa.Column("name", sa.String(64), primary_key=True),
                    sa.Column("holder", sa.String(200), nullable=False),
                    sa.Column("expires_at", sa.DateTime(), nullable=False))


def downgrade() -> None:
    for table in ("leases", "pending_uploads", "last_questions", "rate_events"):
        op.drop_table(table)
