"""The query a follow-up builds on (bot/engine/follow_up.py Query, as JSON) beside the text it searched for; a row
kept before has none and is read again from its text.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("last_questions") as batch:
        batch.add_column(sa.Column("query", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("last_questions") as batch:
        batch.drop_column("query")
