"""Alembic migrations of the SQL schema, run by the program itself at start (bot.storage.Storage)."""
