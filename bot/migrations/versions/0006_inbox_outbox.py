"""Questions received and answers not yet delivered (bot/mailroom.py), so a crash or a restart loses neither.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("inbox",
                    sa.Column("update_id", sa.BigInteger(), primary_key=True, autoincrement=False),
                    sa.Column("user_id", sa.BigInteger(), nullable=False),
                    sa.Column("chat_id", sa.BigInteger(), nullable=False),
                    sa.Column("private", sa.Boolean(), nullable=False),
                    sa.Column("name", sa.String(200), nullable=False),
                    sa.Column("text", sa.Text(), nullable=False),
                    sa.Column("holder", sa.String(200), nullable=False),
                    sa.Column("answered", sa.Boolean(), nullable=False),
                    sa.Column("received_at", sa.DateTime(), nullable=False))
    op.create_table("outbox",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("chat_id", sa.BigInteger(), nullable=False, index=True),
                    sa.Column("holder", sa.String(200), nullable=False),
                    sa.Column("kind", sa.String(20), nullable=False),
                    sa.Column("body", sa.Text(), nullable=False),
                    sa.Column("markup", sa.Text(), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sqlite_autoincrement=True)  # an id is never reused while a process may still hold it


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("inbox")
