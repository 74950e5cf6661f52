"""Alembic environment: the program hands over its own connection (bot.storage.migrate); no alembic.ini.

To write a new revision: copy the newest file in versions/, give it a new `revision` and set `down_revision`
to the one before; operations are written by hand (render_as_batch keeps ALTER working on SQLite)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
