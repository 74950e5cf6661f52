"""The year-end review's registry (bot/review/registry.py): units and their users, the people reviewed, what
each year's review decided per person, the titles they hold with their decisions, and the result folders.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("review_units",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("key", sa.String(200), nullable=False, unique=True),
                    sa.Column("name", sa.String(200), nullable=False),
                    sa.Column("parent", sa.String(200), nullable=False, server_default=""),
                    sa.Column("created_at", sa.DateTime(), nullable=False))
    op.create_table("review_members",
                    sa.Column("unit_id", sa.Integer(), primary_key=True, autoincrement=False),
                    sa.Column("user_id", sa.BigInteger(), primary_key=True, autoincrement=False))
    op.create_table("review_people",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("unit_id", sa.Integer(), nullable=False, index=True),
                    sa.Column("key", sa.String(200), nullable=False),
                    sa.Column("name", sa.String(200), nullable=False),
                    sa.Column("collective", sa.Boolean(), nullable=False),
                    sa.Column("details", sa.JSON(), nullable=False),
                    sa.Column("updated_at", sa.DateTime(), nullable=False),
                    sa.UniqueConstraint("unit_id", "key", "collective"))
    op.create_table("review_years",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("person_id", sa.Integer(), nullable=False, index=True),
                    sa.Column("year", sa.Integer(), nullable=False),
                    sa.Column("ratings", sa.JSON(), nullable=False),
                    sa.Column("outcomes", sa.JSON(), nullable=False),
                    sa.UniqueConstraint("person_id", "year"))
    op.create_table("review_titles",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("person_id", sa.Integer(), nullable=False, index=True),
                    sa.Column("year", sa.Integer(), nullable=False),
                    sa.Column("award_id", sa.String(100), nullable=False),
                    sa.Column("decision", sa.String(200), nullable=False, server_default=""),
                    sa.Column("source", sa.String(20), nullable=False),
                    sa.UniqueConstraint("person_id", "year", "award_id"))
    op.create_table("review_runs",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("unit_id", sa.Integer(), nullable=False, index=True),
                    sa.Column("year", sa.Integer(), nullable=False),
                    sa.Column("user_id", sa.BigInteger(), nullable=False),
                    sa.Column("folder", sa.String(500), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False))


def downgrade() -> None:
    for table in ("review_runs", "review_titles", "review_years", "review_people", "review_members",
                  "review_units"):
        op.drop_table(table)
