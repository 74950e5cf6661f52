"""The draft's state (active, award, step) in columns instead of inside the JSON text; ids never reused.

On SQLite every table is rebuilt with AUTOINCREMENT, so the id of a deleted draft (and its folder of
documents) is never handed to the next one. PostgreSQL sequences never reuse ids already.

Revision ID: 0002
Revises: 0001
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STATE_KEYS = ("active", "award", "step")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild_options() -> dict:
    return {"recreate": "always", "table_kwargs": {"sqlite_autoincrement": True}} if _sqlite() else {}


def upgrade() -> None:
    with op.batch_alter_table("drafts", **_rebuild_options()) as batch:
        batch.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("award", sa.String(100), nullable=True))
        batch.add_column(sa.Column("step", sa.String(50), nullable=False, server_default=""))
    drafts = sa.table("drafts", sa.column("id", sa.Integer), sa.column("data", sa.Text),
                      sa.column("active", sa.Boolean), sa.column("award", sa.String),
                      sa.column("step", sa.String))
    bind = op.get_bind()
    for draft_id, data in bind.execute(sa.select(drafts.c.id, drafts.c.data)).all():
        try:
            session = json.loads(data or "{}")
        except ValueError:
            session = {}
        if not isinstance(session, dict):
            session = {}
        bind.execute(drafts.update().where(drafts.c.id == draft_id).values(
            active=bool(session.pop("active", False)), award=session.pop("award", None) or None,
            step=str(session.pop("step", "") or ""), data=json.dumps(session, ensure_ascii=False)))
    if _sqlite():
        for table in ("questions", "feedback"):
            with op.batch_alter_table(table, **_rebuild_options()):
                pass


def downgrade() -> None:
    drafts = sa.table("drafts", sa.column("id", sa.Integer), sa.column("data", sa.Text),
                      sa.column("active", sa.Boolean), sa.column("award", sa.String),
                      sa.column("step", sa.String))
    bind = op.get_bind()
    rows = bind.execute(sa.select(drafts.c.id, drafts.c.data, drafts.c.active, drafts.c.award, drafts.c.step)).all()
    for draft_id, data, active, award, step in rows:
        session = {**json.loads(data or "{}"), "active": bool(active), "award": award, "step": step}
        text = json.dumps(session, ensure_ascii=False)
        bind.execute(drafts.update().where(drafts.c.id == draft_id).values(data=text))
    with op.batch_alter_table("drafts") as batch:
        for column in STATE_KEYS:
            batch.drop_column(column)
