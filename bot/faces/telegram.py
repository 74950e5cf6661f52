"""thiduabot on Telegram: staff ask questions and prepare nominations, admins keep the knowledge base current.

Run with `thiduabot bot` (or `make run` with TELEGRAM_BOT_TOKEN set). Long polling by default; a webhook when
WEBHOOK_URL is set. TELEGRAM_BASE_URL / TELEGRAM_BASE_FILE_URL point at a self-hosted Bot API server.
Handlers stay thin: an Update becomes a call on the Assistant (in a worker thread: it blocks), and its replies
become messages — HTML, split under Telegram's limit, with inline buttons and files. No answer is lost to an
ordinary fault: flood control (429) is waited out as Telegram's retry_after says, in the chat where it was hit
(bot/faces/flood.py), and a send whose connection dropped is sent again with a growing wait, for minutes
(`Patience`). Questions and answers pass through the database (bot/mailroom.py): an answer is kept until Telegram
took it, so a crash, a restart or a worker's death delivers it later, and a question received but not answered
is answered then. "typing…" is shown only when an answer takes long enough for a person to wonder.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from telegram import (
    Bot,
    BotCommand,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.assistant import APOLOGY, COMMANDS, REFUSAL, Assistant, Caller, Reply
from bot.faces.flood import ChatRateLimiter, retry_seconds
from bot.faces.render import render
from bot.faces.telegram_format import split_html
from bot.mailroom import Mailroom, Part, Question
from bot.settings import Settings
from bot.shared_state import LEASE_EXPIRY, Leases, process_holder

log = logging.getLogger(__name__)
T = TypeVar("T")

FLOOD_RETRIES = 5  # 429 answers waited out in the chat's limiter before `deliver` waits them out itself
# A Bot API call may take this long before it is abandoned. Telegram takes a message it answers late: abandoned
# at python-telegram-bot's 5 s, a slow one would be sent again and arrive twice.
SEND_TIMEOUT = 30.0
TYPING_AFTER = 1.0  # seconds an answer may take before "typing…" is shown
PROGRESS_EVERY = 5.0  # seconds between edits of a refresh's progress line
ASSISTANT_THREADS = 32  # answers in progress at once (each waits for the model or the database most of its time)


def assistant_of(application: Application) -> Assistant:
    return application.bot_data["assistant"]


def caller_of(update: Update) -> Caller:
    user, chat = update.effective_user, update.effective_chat
    return Caller(user.id, chat.id, private=chat.type == ChatType.PRIVATE, name=user.first_name or "")


def reply_html(reply: Reply) -> str:
    if reply.answer is not None:
        return render(reply.answer, html_mode=True)
    title = f"<b>{html.escape(reply.title)}</b>\n" if reply.title else ""
    return title + html.escape(reply.text)


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    rows = [[InlineKeyboardButton(b.label, callback_data=b.action) for b in row] for row in reply.buttons]
    if reply.choices and not any(len(row[0].text) > 20 for row in rows):
        rows = [[button for row in rows[i:i + 2] for button in row] for i in range(0, len(rows), 2)]
    return InlineKeyboardMarkup(rows)


@dataclass(frozen=True)
class Patience:
    """How long the bot keeps trying. A message is sent again after a dropped connection with a wait that
    doubles from `first_wait` to `longest_wait`, and after flood control as long as Telegram says, until
    `give_up_after` seconds passed; then it waits in the outbox for the next sweep (every `sweep_every` s, which
    also answers the questions and sends the answers a dead process left). A database call waits `db_timeout`."""

    give_up_after: float = 180.0
    first_wait: float = 0.5
    longest_wait: float = 10.0
    sweep_every: float = 10.0
    db_timeout: float = 1.0


def patience_of(application: Application) -> Patience:
    return application.bot_data["patience"]


def mailroom_of(application: Application) -> Mailroom:
    return application.bot_data["mailroom"]


async def in_database(application: Application, call: Callable[..., T], *args: Any, default: T) -> T:
    """A mailroom call in a worker thread, given `db_timeout` seconds: a database that is down or paused costs
    the answer its durability, never the answer itself."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(call, *args), patience_of(application).db_timeout)
    except Exception as exc:
        log.warning("%s not kept in the database (%s)", call.__name__, type(exc).__name__)
        return default


def parts_of(chat_id: int, replies: list[Reply]) -> list[Part]:
    """Each reply in parts under Telegram's limit (the buttons go with the last part), then its files."""
    parts = []
    for reply in replies:
        if reply.text or reply.answer is not None or reply.title:
            texts = split_html(reply_html(reply))
            markup = keyboard(reply)
            for index, text in enumerate(texts):
                last = index == len(texts) - 1
                parts.append(Part(chat_id, "message", text, markup.to_dict() if markup and last else None))
        parts.extend(Part(chat_id, "document", str(path)) for path in reply.files)
    return parts


async def send(application: Application, chat_id: int, replies: list[Reply], update_id: int | None = None) -> None:
    """Replies to a chat, through the outbox (which also marks question `update_id` answered); a background
    job is started and its replies are sent when it ends."""
    parts = parts_of(chat_id, replies)
    if parts or update_id is not None:
        parts = await in_database(application, mailroom_of(application).answered, update_id, parts, default=parts)
    shown = await deliver_all(application, parts)
    for reply in replies:
        if reply.job is not None:
            application.create_task(run_job(application, chat_id, reply.job, shown))


async def deliver_all(application: Application, parts: list[Part]) -> tuple[Message, str] | None:
    """Parts in order; one that cannot be delivered now stops the rest (the outbox keeps them, in order). The
    last message sent, with its HTML, is returned (a background job tells its progress under it)."""
    mailroom = mailroom_of(application)
    shown = None
    for index, part in enumerate(parts):
        done, message = await deliver(application, part)
        if not done:
            for left in parts[index:]:
                mailroom.given_up(left)
            return shown
        if message is not None and part.kind == "message":
            shown = (message, part.body)
        await in_database(application, mailroom.sent, part, default=None)
    return shown


async def deliver(application: Application, part: Part) -> tuple[bool, Message | None]:
    """One part, tried again across dropped connections and flood control for `give_up_after` seconds. Done
    (with the message sent, if any) when sent or refused by Telegram for good (a bad request, a user who blocked
    the bot)."""
    patience = patience_of(application)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience.give_up_after
    wait = patience.first_wait
    while True:
        try:
            return True, await send_once(application, part)
        except (BadRequest, Forbidden) as exc:
            log.error("message refused by Telegram (%s); not sent again", type(exc).__name__)
            return True, None
        except FileNotFoundError:
            log.error("a document to send no longer exists; not sent")
            return True, None
        except RetryAfter as exc:  # flood control past the limiter's retries: still waited out
            pause = retry_seconds(exc) + 0.1
        except NetworkError as exc:
            pause, wait = wait, min(wait * 2, patience.longest_wait)
            log.warning("send failed (%s); again in %.1f s", type(exc).__name__, pause)
        if loop.time() + pause > deadline:
            log.error("message not delivered for %.0f s; kept for the next sweep", patience.give_up_after)
            return False, None
        await asyncio.sleep(pause)


async def send_once(application: Application, part: Part) -> Message:
    bot = application.bot
    if part.kind == "document":
        path = Path(part.body)
        return await bot.send_document(part.chat_id, path.read_bytes(), filename=path.name)
    markup = InlineKeyboardMarkup.de_json(part.markup, bot) if part.markup else None
    return await bot.send_message(part.chat_id, part.body, parse_mode=ParseMode.HTML, reply_markup=markup,
                                  link_preview_options=LinkPreviewOptions(is_disabled=True))


async def run_job(application: Application, chat_id: int, job, shown: tuple[Message, str] | None) -> None:
    """The job in a thread; each line it tells replaces the one under the message `shown` (with its HTML), at
    most every PROGRESS_EVERY seconds (edits count against Telegram's limits like messages)."""
    loop = asyncio.get_running_loop()
    shown_at = -PROGRESS_EVERY

    def tell(line: str) -> None:
        nonlocal shown_at
        if shown is None or time.monotonic() - shown_at < PROGRESS_EVERY:
            return
        shown_at = time.monotonic()
        message, text = shown
        asyncio.run_coroutine_threadsafe(_edit(message, f"{text}\n<i>{html.escape(line)}</i>"), loop)

    await send(application, chat_id, await asyncio.to_thread(job, tell))


async def _edit(message: Message, text: str) -> None:
    try:
        await message.edit_text(text, parse_mode=ParseMode.HTML)
    except TelegramError as exc:  # a progress line is worth no more than a log line
        log.warning("progress not shown (%s)", type(exc).__name__)


async def worked(chat: Chat | None, call: Callable[..., list[Reply]], *args: Any) -> list[Reply]:
    """The Assistant's `call(*args)` in a worker thread; "typing…" in `chat` when it takes a while."""
    work = asyncio.ensure_future(asyncio.to_thread(call, *args))
    done, _ = await asyncio.wait({work}, timeout=TYPING_AFTER)
    if not done and chat is not None:
        try:
            await chat.send_action(ChatAction.TYPING)
        except TelegramError as exc:  # "typing…" is a courtesy; the answer goes on without it
            log.warning("typing action not sent (%s)", type(exc).__name__)
    return await work


async def answer(application: Application, question: Question, chat: Chat | None = None) -> None:
    """A question written down in the inbox (or not, with the database away): answered, then sent."""
    caller = Caller(question.user_id, question.chat_id, private=question.private, name=question.name)
    replies = await worked(chat, assistant_of(application).handle, caller, question.text)
    await send(application, question.chat_id, replies, question.update_id)


async def sweep(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every `sweep_every` s: this worker's heartbeat, then what a dead process (or this one, given up) left —
    questions are answered, answers delivered, each chat's in order."""
    application = context.application
    mailroom = mailroom_of(application)
    await in_database(application, mailroom.heartbeat, default=None)
    questions, parts = await in_database(application, mailroom.orphans, default=([], []))
    if questions or parts:
        log.info("recovering %d questions and %d messages", len(questions), len(parts))
    for question in questions:
        application.create_task(answer(application, question))
    chats: dict[int, list[Part]] = {}
    for part in parts:
        chats.setdefault(part.chat_id, []).append(part)
    for chat_parts in chats.values():
        application.create_task(deliver_all(application, chat_parts))


def addressed(message: Message, bot: Bot) -> bool:
    """Whether a message is meant for this bot: in a private chat any message but a command for another bot; in
    a group only a command (for this bot), a message that mentions it or a reply to one of its messages. The
    rest of a group's chatter is none of its business: not answered, not refused, not read."""
    text = message.text or message.caption or ""
    addressee = re.match(r"^/\S+?@(\w+)", text)
    if addressee:
        return addressee.group(1).lower() == (bot.username or "").lower()
    if message.chat.type == ChatType.PRIVATE or text.startswith("/"):
        return True
    replied = message.reply_to_message and message.reply_to_message.from_user \
        and message.reply_to_message.from_user.id == bot.id
    return bool(replied) or f"@{bot.username}".lower() in text.lower()


async def gatekeeper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop updates from users who are not allowed; each is told once (a group once, whoever writes there). Any
    error here denies, and so does an update with nobody behind it (a channel post). A message not meant for
    the bot stops here unanswered, whoever sent it."""
    if update.effective_user is None or update.effective_chat is None:
        raise ApplicationHandlerStop
    message = update.effective_message
    if update.callback_query is None and message is not None and not addressed(message, context.bot):
        raise ApplicationHandlerStop
    try:
        refusal = assistant_of(context.application).gate(caller_of(update))
    except Exception:
        log.exception("access check failed; denying")
        refusal = [Reply(REFUSAL)]
    if refusal is None:
        return
    if update.callback_query:
        await update.callback_query.answer(REFUSAL, show_alert=True)
    elif refusal:
        await send(context.application, update.effective_chat.id, refusal)
    raise ApplicationHandlerStop


async def converse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message or a command (the gatekeeper let through only those meant for the bot); in a group the bot's
    mention is taken out of the question."""
    message = update.effective_message
    text = message.text or ""
    if message.chat.type != ChatType.PRIVATE and not text.startswith("/"):
        text = re.sub(re.escape(f"@{context.bot.username}"), "", text, flags=re.IGNORECASE).strip()
    caller = caller_of(update)
    question = Question(update.update_id, caller.user_id, caller.chat_id, caller.private, caller.name, text)
    application = context.application
    if not await in_database(application, mailroom_of(application).received, question, default=True):
        log.info("update %s was received before; not answered again", update.update_id)
        return
    await answer(application, question, message.chat)


async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline button: a source, a vote or a wizard choice."""
    query = update.callback_query
    try:
        replies = await asyncio.to_thread(assistant_of(context.application).press, caller_of(update), query.data or "")
    except Exception:
        log.exception("button failed")  # the button is answered all the same, never left spinning
        replies = [Reply(notice=APOLOGY)]
    notices = [reply.notice for reply in replies if reply.notice]
    try:
        await query.answer(notices[0][:200] if notices else None)
    except TelegramError as exc:  # a press too old to acknowledge: its replies are still sent
        log.warning("button not acknowledged (%s)", type(exc).__name__)
    if query.message is not None:  # None when the button's message is too old for Telegram to give
        await send(context.application, query.message.chat.id, [reply for reply in replies if not reply.notice])


async def receive_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin's document, or a unit's filled review sheet (/binh_xet): checked before it is downloaded, then
    accepted (or not) by the Assistant."""
    message, caller = update.effective_message, caller_of(update)
    assistant = assistant_of(context.application)
    name = message.document.file_name or "van-ban"
    refusal = assistant.check_upload(caller, name, message.document.file_size or 0)
    if refusal is not None:
        await send(context.application, message.chat.id, [refusal])
        return
    data = bytes(await (await message.document.get_file()).download_as_bytearray())
    replies = await worked(message.chat, assistant.upload, caller, name, data)
    await send(context.application, message.chat.id, replies)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log with the update id (never the text); the user gets a short apology and the bot keeps running."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await update.effective_chat.send_message(APOLOGY)
        except Exception:
            log.exception("could not send the apology for update %s", update_id)


async def post_init(application: Application) -> None:
    # The Assistant runs in worker threads, and much of its time is waiting (the optional language model, the
    # database), not computing: asyncio's default pool (cores + 4 threads) would queue every staff member behind
    # six slow answers. The CPU-bound part, the query embedding, bounds itself to the cores (ingest/embeddings.py).
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(max_workers=ASSISTANT_THREADS, thread_name_prefix="assistant"))
    await application.bot.set_my_commands([BotCommand(name, description) for name, description, _ in COMMANDS])
    # The first sweep as soon as the bot runs, however long the warm-up below takes (a one-off run that is late
    # still runs; an interval's first run would be skipped), then every `sweep_every` s.
    jobs, every = application.job_queue, patience_of(application).sweep_every
    jobs.run_once(sweep, 0.0, name="mailroom", job_kwargs={"misfire_grace_time": None})
    jobs.run_repeating(sweep, interval=every, first=every, name="mailroom", job_kwargs={"coalesce": True})
    # Load the index and the word segmenter now, so the first staff question is as quick as the rest.
    await asyncio.to_thread(application.bot_data["assistant"].engine.search, "thi đua khen thưởng")


def build_application(settings: Settings, assistant: Assistant | None = None, patience: Patience | None = None,
                      lease_expiry: timedelta = LEASE_EXPIRY) -> Application:
    """The Application as production runs it; the end-to-end tests start exactly this (with less patience)."""
    from bot.services import build_assistant

    builder = (ApplicationBuilder().token(settings.telegram_bot_token).post_init(post_init)
               .rate_limiter(ChatRateLimiter(max_retries=FLOOD_RETRIES))
               .read_timeout(SEND_TIMEOUT).write_timeout(SEND_TIMEOUT).media_write_timeout(SEND_TIMEOUT))
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    if settings.telegram_base_file_url:
        builder = builder.base_file_url(settings.telegram_base_file_url)
    application = builder.concurrent_updates(True).build()
    assistant = assistant or build_assistant(settings)
    application.bot_data.update(assistant=assistant, patience=patience or Patience(), mailroom=Mailroom(
        assistant.storage, Leases(assistant.storage, process_holder(), lease_expiry)))
    application.add_handler(TypeHandler(Update, gatekeeper), group=-1)
    application.add_handler(CallbackQueryHandler(press))
    # New messages only: an edited one is not a new answer to the wizard's current step, nor a new question.
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.Document.ALL, receive_document))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, converse))
    application.add_error_handler(on_error)
    return application


def serve(application: Application, settings: Settings, **run_options) -> None:
    """Long polling, or a webhook when WEBHOOK_URL is set (only with WEBHOOK_SECRET: bot/faces/webhook.py)."""
    if settings.webhook_url:
        from bot.faces.webhook import run_webhook

        run_webhook(application, settings, **run_options)
    else:
        application.run_polling(**run_options)


def run_bot(settings: Settings) -> int:
    if settings.webhook_url:
        from bot.faces.webhook import check_webhook

        check_webhook(settings)  # before the index and the model are loaded
    serve(build_application(settings), settings)
    return 0
