"""The rate limiter: a 429 pauses the chat it was hit in, not the others; a 429 with no chat pauses all; chat
actions are never retried; a send that keeps being refused is given up after its retries."""

from __future__ import annotations

import asyncio
import datetime as dtm

import pytest
from telegram.error import RetryAfter

from bot.faces.flood import ChatRateLimiter

PAUSE = 0.3  # retry_after of the fake answers, in seconds


class Telegram:
    """Answers requests; the first `floods[key]` requests for a key (a chat id, or None) get 429."""

    def __init__(self, floods: dict) -> None:
        self.floods = dict(floods)
        self.done: list[tuple[object, float]] = []

    def request(self, key, loop):
        async def call():
            if self.floods.get(key, 0) > 0:
                self.floods[key] -= 1
                raise RetryAfter(dtm.timedelta(seconds=PAUSE))
            self.done.append((key, loop.time()))
            return True
        return call


async def send(limiter: ChatRateLimiter, telegram: Telegram, key, endpoint: str = "sendMessage"):
    loop = asyncio.get_running_loop()
    data = {} if key is None else {"chat_id": key}
    return await limiter.process_request(telegram.request(key, loop), (), {}, endpoint, data, None)


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_flood_in_one_chat_pauses_that_chat_only() -> None:
    async def scenario():
        limiter, telegram = ChatRateLimiter(), Telegram({1: 1})
        start = asyncio.get_running_loop().time()
        flooded = asyncio.create_task(send(limiter, telegram, 1))
        await asyncio.sleep(0.05)
        results = await asyncio.gather(send(limiter, telegram, 2), send(limiter, telegram, 1), flooded)
        return start, telegram.done, results

    start, done, results = run(scenario())
    finished = {key: [when - start for k, when in done if k == key] for key in (1, 2)}
    assert results == [True, True, True]
    assert finished[2][0] < PAUSE / 2, "another chat waited for chat 1's flood control"
    assert len(finished[1]) == 2 and min(finished[1]) >= PAUSE, "chat 1 sent again before retry_after"


def test_a_flood_on_a_request_without_chat_pauses_every_chat() -> None:
    async def scenario():
        limiter, telegram = ChatRateLimiter(), Telegram({None: 1})
        start = asyncio.get_running_loop().time()
        flooded = asyncio.create_task(send(limiter, telegram, None, "setMyCommands"))
        await asyncio.sleep(0.05)
        await asyncio.gather(send(limiter, telegram, 2), flooded)
        return start, telegram.done

    start, done = run(scenario())
    assert all(when - start >= PAUSE for _, when in done) and len(done) == 2


def test_chat_actions_are_not_retried_and_refused_sends_give_up() -> None:
    async def scenario():
        limiter, telegram = ChatRateLimiter(max_retries=2), Telegram({1: 1, 2: 5})
        with pytest.raises(RetryAfter):
            await send(limiter, telegram, 1, "sendChatAction")
        with pytest.raises(RetryAfter):
            await send(limiter, telegram, 2)
        return telegram

    telegram = run(scenario())
    assert telegram.floods == {1: 0, 2: 2} and telegram.done == []


def test_passed_pauses_are_forgotten() -> None:
    """Chats that were paused once and never written to again do not pile up."""
    from bot.faces.flood import KEPT_PAUSES

    async def scenario():
        limiter = ChatRateLimiter(overall_max_rate=100_000)
        chats = range(1, KEPT_PAUSES + 50)
        telegram = Telegram(dict.fromkeys(chats, 1))
        await asyncio.gather(*(send(limiter, telegram, chat) for chat in chats))
        await asyncio.sleep(PAUSE + 0.2)
        telegram.floods[0] = 1
        await send(limiter, telegram, 0)
        return limiter

    assert len(run(scenario())._paused_until) < KEPT_PAUSES


def test_messages_to_chats_keep_under_the_overall_rate() -> None:
    async def scenario():
        limiter, telegram = ChatRateLimiter(overall_max_rate=5), Telegram({})
        start = asyncio.get_running_loop().time()
        await asyncio.gather(*(send(limiter, telegram, chat) for chat in range(1, 11)))
        await send(limiter, telegram, None, "getMe")  # no chat: not a message, not limited
        return start, telegram.done

    start, done = run(scenario())
    chats = sorted(when - start for key, when in done if key is not None)
    assert len(chats) == 10 and chats[-1] >= 0.8, "ten messages in well under two seconds at five a second"
