"""Logging for the long-running bot: the level is a setting (LOG_LEVEL), and nothing logged, at any level, carries
the bot token or what staff typed.

The libraries underneath log freely at DEBUG: python-telegram-bot every Bot API call with its parameters and every
update it handles, httpx each request's URL (which holds the token). A filter on the root handlers rewrites each
record once it is formatted: the token becomes "[token]", and the value of every field that carries a person's
words or name (text, caption, callback data, names) becomes "[…]", whether it is printed as a dict, JSON or a
repr. Tracebacks are rewritten the same way.
"""

from __future__ import annotations

import logging
import re

HIDDEN = "[…]"
PRIVATE_FIELDS = ("text", "caption", "data", "query", "question", "answer", "first_name", "last_name", "username",
                  "title", "file_name", "name", "description")
# `'text': 'câu hỏi'`, `"text": "câu hỏi"`, `text='câu hỏi'`: the quoted value after a private field's name.
FIELD_NAMES = "|".join(PRIVATE_FIELDS)
PRIVATE_VALUE = re.compile(rf"""(?P<key>['"]?\b(?:{FIELD_NAMES})['"]?\s*[:=]\s*)(?P<quote>['"])"""
                           r"""(?:\\.|(?!(?P=quote)).)*(?P=quote)""", re.DOTALL)


class Redactor(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[token]")
        return PRIVATE_VALUE.sub(lambda m: f"{m['key']}{m['quote']}{HIDDEN}{m['quote']}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self.redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure(level: str, secrets: list[str]) -> None:
    """Set the root level and put the redactor on every root handler (basicConfig made one)."""
    root = logging.getLogger()
    root.setLevel(level)
    # httpx logs one INFO line per Bot API call: noise unless the operator asked for everything.
    logging.getLogger("httpx").setLevel(level if level == "DEBUG" else "WARNING")
    redactor = Redactor(secrets)
    for handler in root.handlers:
        for old in [f for f in handler.filters if isinstance(f, Redactor)]:
            handler.removeFilter(old)
        handler.addFilter(redactor)
