"""Telegram's webhook: updates posted to WEBHOOK_URL's path, each carrying WEBHOOK_SECRET.

Anyone who can reach the port can post an update, with any user's id in it: the secret Telegram sends in the
X-Telegram-Bot-Api-Secret-Token header is what tells its updates from forged ones. So webhook mode does not
start without a secret, and every update is checked with a constant-time comparison (python-telegram-bot's own
server compares with `!=` and logs a wrong token). The server is tornado, as python-telegram-bot's is; the
Application's lifecycle around it is the one `run_webhook` runs (initialize, post_init, start … stop, shutdown).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import signal
from collections.abc import Sequence
from http import HTTPStatus
from urllib.parse import urlparse

import tornado.web
from telegram import Update
from telegram.ext import Application

from bot.settings import ConfigError, Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_RE = re.compile(r"[A-Za-z0-9_-]{16,256}")  # Telegram allows 1-256 of these; 16 keeps it unguessable
DEFAULT_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)


def check_webhook(settings: Settings) -> None:
    """Webhook mode only with a secret Telegram accepts; a ConfigError otherwise."""
    secret = settings.webhook_secret or ""
    if not secret:
        raise ConfigError("Chế độ webhook (WEBHOOK_URL) cần WEBHOOK_SECRET: thiếu nó, bất kỳ ai gửi tới cổng webhook "
                          "cũng giả được tin nhắn của người khác.")
    if not SECRET_RE.fullmatch(secret):
        raise ConfigError("WEBHOOK_SECRET không hợp lệ: cần 16 đến 256 ký tự gồm chữ cái Latinh, chữ số, “_” và “-”.")


class UpdateHandler(tornado.web.RequestHandler):
    def initialize(self, bot_application: Application, secret: bytes) -> None:
        self.bot_application = bot_application
        self.secret = secret

    def log_exception(self, typ, value, tb) -> None:  # a refused post is not an error of the bot
        if not isinstance(value, tornado.web.HTTPError):
            super().log_exception(typ, value, tb)

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            log.warning("webhook post without the right secret refused")
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        try:
            update = Update.de_json(json.loads(self.request.body), self.bot_application.bot)
        except Exception:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        await self.bot_application.update_queue.put(update)
        self.set_status(HTTPStatus.OK)


def run_webhook(application: Application, settings: Settings, stop_signals: Sequence[int] | None = DEFAULT_SIGNALS,
                close_loop: bool = True) -> None:
    """Serve until a stop signal or `application.stop_running()` (which stops the loop, as in run_webhook)."""
    check_webhook(settings)
    try:  # as run_webhook does: the thread's loop, or a new one where there is none
        loop = asyncio.get_event_loop()
    except RuntimeError:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    path = "/" + urlparse(settings.webhook_url).path.lstrip("/")
    routes = [(rf"{re.escape(path.rstrip('/'))}/?", UpdateHandler,
               {"bot_application": application, "secret": settings.webhook_secret.encode()})]
    servers = []

    async def start() -> None:
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        servers.append(tornado.web.Application(routes).listen(settings.webhook_port, settings.webhook_listen))
        await application.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                                          allowed_updates=Update.ALL_TYPES)
        await application.start()

    async def stop() -> None:
        for server in servers:
            server.stop()
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)

    for sig in stop_signals or ():
        loop.add_signal_handler(sig, loop.stop)
    try:
        loop.run_until_complete(start())
        loop.run_forever()
    finally:
        loop.run_until_complete(stop())
        if close_loop:
            loop.close()
