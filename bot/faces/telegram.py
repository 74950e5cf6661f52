"""thiduabot on Telegram: staff ask questions and prepare nominations, admins keep the knowledge base current.

Run with `thiduabot bot` (or `make run` with TELEGRAM_BOT_TOKEN set). Long polling by default; a webhook when
WEBHOOK_URL is set. TELEGRAM_BASE_URL / TELEGRAM_BASE_FILE_URL point at a self-hosted Bot API server.
Handlers stay thin: an Update becomes a call on the Assistant (in a worker thread: it blocks), and its replies
become messages — HTML, split under Telegram's limit, with inline buttons and files. No answer is lost to an
ordinary fault: flood control (429) is waited out as Telegram's retry_after says, in the chat where it was hit
(bot/faces/flood.py), and a send whose connection dropped is sent again. "typing…" is shown only when an answer
takes long enough for a person to wonder.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor

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
from telegram.error import BadRequest, NetworkError, TelegramError
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
from bot.faces.flood import ChatRateLimiter
from bot.faces.render import render
from bot.faces.telegram_format import split_html
from bot.settings import Settings

log = logging.getLogger(__name__)

FLOOD_RETRIES = 5  # 429 answers waited out per send before it is given up
SEND_ATTEMPTS = 3  # tries of a send whose connection dropped
TYPING_AFTER = 1.0  # seconds an answer may take before "typing…" is shown
PROGRESS_EVERY = 5.0  # seconds between edits of a refresh's progress line
ASSISTANT_THREADS = 32  # answers in progress at once (each waits for the model or the database most of its time)


def assistant_of(context: ContextTypes.DEFAULT_TYPE) -> Assistant:
    return context.application.bot_data["assistant"]


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


async def send(context: ContextTypes.DEFAULT_TYPE, chat: Chat, replies: list[Reply]) -> None:
    """Each reply in parts under Telegram's limit (the buttons go with the last part), then its files; a
    background job is started, the lines it tells shown under the reply's last part, and its replies are sent
    when it ends."""
    for reply in replies:
        last: tuple[Message, str] | None = None
        if reply.text or reply.answer is not None or reply.title:
            parts = split_html(reply_html(reply))
            for index, part in enumerate(parts):
                markup = keyboard(reply) if index == len(parts) - 1 else None
                sent = await deliver(lambda part=part, markup=markup: chat.send_message(
                    part, parse_mode=ParseMode.HTML, reply_markup=markup,
                    link_preview_options=LinkPreviewOptions(is_disabled=True)))
                last = (sent, part)
        for path in reply.files:
            await deliver(lambda path=path: chat.send_document(path.read_bytes(), filename=path.name))
        if reply.job is not None:
            context.application.create_task(run_job(context, chat, reply.job, last))


async def deliver(send_once):
    """One send, tried again when the connection dropped or timed out (not when Telegram refused it)."""
    for attempt in range(1, SEND_ATTEMPTS + 1):
        try:
            return await send_once()
        except BadRequest:
            raise
        except NetworkError as exc:
            if attempt == SEND_ATTEMPTS:
                raise
            log.warning("send failed (%s), attempt %d of %d", type(exc).__name__, attempt, SEND_ATTEMPTS)
            await asyncio.sleep(0.5 * attempt)


async def run_job(context: ContextTypes.DEFAULT_TYPE, chat: Chat, job, shown: tuple[Message, str] | None) -> None:
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

    await send(context, chat, await asyncio.to_thread(job, tell))


async def _edit(message: Message, text: str) -> None:
    try:
        await deliver(lambda: message.edit_text(text, parse_mode=ParseMode.HTML))
    except TelegramError as exc:  # a progress line is worth no more than a log line
        log.warning("progress not shown (%s)", type(exc).__name__)


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
        refusal = assistant_of(context).gate(caller_of(update))
    except Exception:
        log.exception("access check failed; denying")
        refusal = [Reply(REFUSAL)]
    if refusal is None:
        return
    if update.callback_query:
        await update.callback_query.answer(REFUSAL, show_alert=True)
    elif refusal:
        await send(context, update.effective_chat, refusal)
    raise ApplicationHandlerStop


async def converse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message or a command (the gatekeeper let through only those meant for the bot); in a group the bot's
    mention is taken out of the question."""
    message = update.effective_message
    text = message.text or ""
    if message.chat.type != ChatType.PRIVATE and not text.startswith("/"):
        text = re.sub(re.escape(f"@{context.bot.username}"), "", text, flags=re.IGNORECASE).strip()
    await answer(context, message.chat, assistant_of(context).handle, caller_of(update), text)


async def answer(context: ContextTypes.DEFAULT_TYPE, chat: Chat, call, *args) -> None:
    """The Assistant's `call(*args)` in a worker thread, its replies sent; "typing…" when it takes a while."""
    work = asyncio.ensure_future(asyncio.to_thread(call, *args))
    done, _ = await asyncio.wait({work}, timeout=TYPING_AFTER)
    if not done:
        try:
            await chat.send_action(ChatAction.TYPING)
        except TelegramError as exc:  # "typing…" is a courtesy; the answer goes on without it
            log.warning("typing action not sent (%s)", type(exc).__name__)
    await send(context, chat, await work)


async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline button: a source, a vote or a wizard choice."""
    query = update.callback_query
    try:
        replies = await asyncio.to_thread(assistant_of(context).press, caller_of(update), query.data or "")
    except Exception:
        log.exception("button failed")  # the button is answered all the same, never left spinning
        replies = [Reply(notice=APOLOGY)]
    notices = [reply.notice for reply in replies if reply.notice]
    try:
        await query.answer(notices[0][:200] if notices else None)
    except TelegramError as exc:  # a press too old to acknowledge: its replies are still sent
        log.warning("button not acknowledged (%s)", type(exc).__name__)
    if query.message is not None:  # None when the button's message is too old for Telegram to give
        await send(context, query.message.chat, [reply for reply in replies if not reply.notice])


async def receive_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin's document, or a unit's filled review sheet (/binh_xet): checked before it is downloaded, then
    accepted (or not) by the Assistant."""
    message, caller = update.effective_message, caller_of(update)
    assistant = assistant_of(context)
    name = message.document.file_name or "van-ban"
    refusal = assistant.check_upload(caller, name, message.document.file_size or 0)
    if refusal is not None:
        await send(context, message.chat, [refusal])
        return
    data = bytes(await (await message.document.get_file()).download_as_bytearray())
    await answer(context, message.chat, assistant.upload, caller, name, data)


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
    # Load the index and the word segmenter now, so the first staff question is as quick as the rest.
    await asyncio.to_thread(application.bot_data["assistant"].engine.search, "thi đua khen thưởng")


def build_application(settings: Settings, assistant: Assistant | None = None) -> Application:
    """The Application as production runs it; the end-to-end tests start exactly this."""
    from bot.services import build_assistant

    builder = (ApplicationBuilder().token(settings.telegram_bot_token).post_init(post_init)
               .rate_limiter(ChatRateLimiter(max_retries=FLOOD_RETRIES)))
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    if settings.telegram_base_file_url:
        builder = builder.base_file_url(settings.telegram_base_file_url)
    application = builder.concurrent_updates(True).build()
    application.bot_data["assistant"] = assistant or build_assistant(settings)
    application.add_handler(TypeHandler(Update, gatekeeper), group=-1)
    application.add_handler(CallbackQueryHandler(press))
    # New messages only: an edited one is not a new answer to the wizard's current step, nor a new question.
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.Document.ALL, receive_document))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, converse))
    application.add_error_handler(on_error)
    return application


def serve(application: Application, settings: Settings, **run_options) -> None:
    """Long polling, or a webhook when WEBHOOK_URL is set (Telegram's secret token header is checked)."""
    if settings.webhook_url:
        from urllib.parse import urlparse

        application.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port,
                                url_path=urlparse(settings.webhook_url).path.lstrip("/"),
                                webhook_url=settings.webhook_url, secret_token=settings.webhook_secret, **run_options)
    else:
        application.run_polling(**run_options)


def run_bot(settings: Settings) -> int:
    serve(build_application(settings), settings)
    return 0
