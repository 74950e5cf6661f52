"""Telegram handlers for the nomination wizard (filled in by the nomination module)."""

from __future__ import annotations


def nomination_handlers() -> list:
    return []
