"""Control and invisible formatting characters leave the drafts' text.

Drafts saved before input was cleaned may hold them (a name pasted with a vertical tab); a .docx cannot carry
them, so such a draft could never be finished. The character classes are the ones ingest/vietnamese.py cleans input
with, copied here because a revision must keep doing what it did when it was written.

Revision ID: 0003
Revises: 0002
"""

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
SEPARATOR_RE = re.compile(r"[\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")


def _clean(value):
    if isinstance(value, str):
        return CONTROL_RE.sub("", SEPARATOR_RE.sub(" ", value))
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


def upgrade() -> None:
    drafts = sa.table("drafts", sa.column("id", sa.Integer), sa.column("data", sa.Text), sa.column("title", sa.String))
    bind = op.get_bind()
    for draft_id, data, title in bind.execute(sa.select(drafts.c.id, drafts.c.data, drafts.c.title)).all():
        try:
            session = json.loads(data or "{}")
        except ValueError:
            continue
        cleaned, clean_title = _clean(session), _clean(title or "")
        if cleaned != session or clean_title != title:
            bind.execute(drafts.update().where(drafts.c.id == draft_id).values(
                data=json.dumps(cleaned, ensure_ascii=False), title=clean_title))


def downgrade() -> None:
    """Nothing to restore: the removed characters carried no meaning."""
