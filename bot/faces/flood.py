"""Telegram's limits, with flood control waited out in the chat where it was hit.

python-telegram-bot's AIORateLimiter pauses every request of the bot when any one of them is answered 429: with
fifty staff asking at once, one chat's flood control holds every other answer back for its retry_after. Telegram's
limits are a bulk one (about 30 messages a second) and per chat (a burst in one chat, 20 a minute in a group);
the bulk one is kept below by the overall limiter here, so a 429 on a message to a chat is that chat's, and it
pauses that chat only:

- messages to chats: at most `overall_max_rate` a second in all, and `group_max_rate` a minute per group;
- a 429 on a request to a chat: the next requests to that chat wait out retry_after (its messages stay in
  order), others go on; a 429 on a request with no chat (getUpdates, setMyCommands…) pauses them all;
- a chat action ("typing…") is a courtesy: outside the limits and never retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import logging
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

EVERY_CHAT = "*"  # the pause key of a 429 on a request with no chat
COURTESIES = frozenset({"sendChatAction"})
KEPT_GROUP_LIMITERS = 512  # idle group limiters are dropped beyond this many
KEPT_PAUSES = 512  # passed pauses are dropped beyond this many


def retry_seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


class ChatRateLimiter(BaseRateLimiter[int]):
    def __init__(self, overall_max_rate: float = 30, group_max_rate: float = 20, max_retries: int = 5) -> None:
        self._overall = AsyncLimiter(overall_max_rate, 1)
        self._group_max_rate = group_max_rate
        self._groups: dict[int | str, AsyncLimiter] = {}
        self._paused_until: dict[int | str, float] = {}
        self._max_retries = max_retries

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(self, callback, args: Any, kwargs: dict[str, Any], endpoint: str,
                              data: dict[str, Any], rate_limit_args: int | None):
        chat = data.get("chat_id")
        with contextlib.suppress(TypeError, ValueError):
            chat = int(chat)
        courtesy = endpoint in COURTESIES
        retries = 0 if courtesy else rate_limit_args or self._max_retries
        attempt = 0
        while True:
            await self._wait_out(chat)
            try:
                if chat is None or courtesy:
                    return await callback(*args, **kwargs)
                async with self._group(chat), self._overall:
                    return await callback(*args, **kwargs)
            except RetryAfter as error:
                attempt += 1
                if attempt > retries:
                    raise
                wait = retry_seconds(error) + 0.1
                key = EVERY_CHAT if chat is None else chat
                now = asyncio.get_running_loop().time()
                if len(self._paused_until) > KEPT_PAUSES:  # chats that were paused and never written to again
                    self._paused_until = {k: until for k, until in self._paused_until.items() if until > now}
                self._paused_until[key] = max(self._paused_until.get(key, 0.0), now + wait)
                log.info("flood control on %s: waiting %.1f s (retry %d of %d)", endpoint, wait, attempt, retries)

    async def _wait_out(self, chat: int | str | None) -> None:
        """Until neither this chat nor the whole bot is paused; passed pauses are forgotten."""
        loop = asyncio.get_running_loop()
        keys = (EVERY_CHAT,) if chat is None else (EVERY_CHAT, chat)
        while True:
            now = loop.time()
            for key in keys:
                if self._paused_until.get(key, now) <= now:
                    self._paused_until.pop(key, None)
            until = max((self._paused_until.get(key, now) for key in keys), default=now)
            if until <= now:
                return
            await asyncio.sleep(until - now)

    def _group(self, chat: int | str):
        """The per-minute limiter of a group (negative ids and @usernames); nothing for a private chat."""
        if not self._group_max_rate or (isinstance(chat, int) and chat > 0):
            return contextlib.nullcontext()
        if len(self._groups) > KEPT_GROUP_LIMITERS:
            for key, limiter in list(self._groups.items()):
                if limiter.has_capacity(self._group_max_rate):
                    del self._groups[key]
        if chat not in self._groups:
            self._groups[chat] = AsyncLimiter(self._group_max_rate, 60)
        return self._groups[chat]
