"""thiduabot on Telegram: staff ask questions, admins keep the knowledge base current.

Run with `thiduabot bot` (or `make run` with TELEGRAM_BOT_TOKEN set). Long polling by default; a webhook
when WEBHOOK_URL is set. TELEGRAM_BASE_URL / TELEGRAM_BASE_FILE_URL point at a self-hosted Bot API server.
Handlers stay thin: they translate an Update into an engine call and the result into a message.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import re
import tempfile
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.console import sources_text
from bot.engine.answer import Answer
from bot.engine.core import Engine, Turn
from bot.faces.render import render
from bot.nomination.service import Nominations
from bot.nomination.telegram import nomination_handlers, send_reply
from bot.services import build_engine, build_nominations, open_store, run_refresh
from bot.settings import Settings
from bot.storage import Storage
from bot.telegram_format import split_html
from ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_document
from ingest.refresh import RefreshBusy
from ingest.store import IndexStore
from ingest.structure import parse_units

log = logging.getLogger(__name__)

UPLOAD_SUFFIXES = SUPPORTED_SUFFIXES
HELP = (
    "Tôi trả lời câu hỏi về thi đua, khen thưởng và luôn dẫn văn bản, Điều, khoản làm căn cứ.\n\n"
    "• Gõ câu hỏi trực tiếp, hoặc /hoi &lt;câu hỏi&gt;\n"
    "• /nguon — các văn bản trong cơ sở tri thức\n"
    "• /de_nghi — lập hồ sơ đề nghị khen thưởng (từng bước)\n"
    "• /ho_so — các hồ sơ nháp của bạn\n"
    "• /huy — hủy việc đang làm\n"
    "Dưới mỗi câu trả lời có nút xem toàn văn Điều được dẫn và nút 👍 / 👎 để góp ý."
)
ADMIN_HELP = ("\n\nQuản trị: /capnhat — cập nhật cơ sở tri thức; /thongke — thống kê; gửi tệp .md, .txt, .docx, "
              ".pdf để bổ sung văn bản.")
REFUSAL = ("Xin lỗi, bạn chưa được cấp quyền sử dụng trợ lý này. Vui lòng liên hệ bộ phận thi đua, khen thưởng "
           "của đơn vị để được cấp quyền.")
ADMIN_ONLY = "Lệnh này chỉ dành cho quản trị viên."
APOLOGY = "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Vui lòng thử lại sau ít phút."
COMMANDS = [
    BotCommand("start", "Giới thiệu và hướng dẫn"),
    BotCommand("help", "Hướng dẫn sử dụng"),
    BotCommand("hoi", "Đặt câu hỏi về thi đua, khen thưởng"),
    BotCommand("nguon", "Các văn bản trong cơ sở tri thức"),
    BotCommand("de_nghi", "Lập hồ sơ đề nghị khen thưởng"),
    BotCommand("ho_so", "Hồ sơ nháp của bạn"),
    BotCommand("quay_lai", "Quay lại bước trước khi lập hồ sơ"),
    BotCommand("xong", "Kết thúc phần nhập thành tích"),
    BotCommand("huy", "Hủy việc đang làm"),
    BotCommand("capnhat", "Cập nhật cơ sở tri thức (quản trị)"),
    BotCommand("thongke", "Thống kê câu hỏi và góp ý (quản trị)"),
]


class RateLimiter:
    """At most `per_minute` questions per user in any 60 seconds."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.seen: dict[int, deque[float]] = defaultdict(deque)

    def allow(self, user_id: int) -> bool:
        now = time.monotonic()
        window = self.seen[user_id]
        while window and now - window[0] > 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        return True


@dataclass
class Services:
    settings: Settings
    engine: Engine
    storage: Storage
    store: IndexStore
    limiter: RateLimiter
    nominations: Nominations
    refused: set[int] = field(default_factory=set)
    refreshing: bool = False


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


def is_admin(services: Services, user_id: int) -> bool:
    return user_id in services.settings.admins


def is_allowed(settings: Settings, user_id: int, chat_id: int) -> bool:
    if not settings.allowed_users and not settings.allowed_chats:
        return True
    return user_id in settings.allowed_users or user_id in settings.admins or chat_id in settings.allowed_chats


async def gatekeeper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop updates from users who are not allowed; each is told once, politely."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    services = services_of(context)
    if is_allowed(services.settings, user.id, chat.id):
        return
    if update.callback_query:
        await update.callback_query.answer(REFUSAL, show_alert=True)
    elif user.id not in services.refused and update.effective_message:
        services.refused.add(user.id)
        await update.effective_message.reply_text(REFUSAL)
    raise ApplicationHandlerStop


async def send_html(message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Send HTML in parts under Telegram's limit; the buttons go with the last part."""
    parts = split_html(text)
    for index, part in enumerate(parts):
        markup = keyboard if index == len(parts) - 1 else None
        await message.chat.send_message(part, parse_mode=ParseMode.HTML, reply_markup=markup,
                                        link_preview_options=LinkPreviewOptions(is_disabled=True))


def answer_keyboard(answer: Answer, question_id: int) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(f"📄 {citation.short}", callback_data=f"src:{question_id}:{index}")]
            for index, citation in enumerate(answer.citations)]
    rows.append([InlineKeyboardButton("👍", callback_data=f"fb:{question_id}:1"),
                 InlineKeyboardButton("👎", callback_data=f"fb:{question_id}:-1")])
    return InlineKeyboardMarkup(rows)


def help_text(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> str:
    return HELP + (html.escape(ADMIN_HELP) if is_admin(services_of(context), user_id) else "")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet and explain."""
    user = update.effective_user
    greeting = f"Xin chào {html.escape(user.first_name)}!"
    await update.effective_message.reply_html(f"{greeting}\n{help_text(context, user.id)}")


async def show_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List what the bot does."""
    await update.effective_message.reply_html(help_text(context, update.effective_user.id))


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hoi <câu hỏi>."""
    question = " ".join(context.args or [])
    if not question.strip():
        await update.effective_message.reply_text("Hãy gõ câu hỏi sau /hoi, ví dụ: /hoi Tiêu chuẩn Lao động tiên tiến?")
        return
    await answer_question(update, context, question)


async def ask_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text message is a question; in groups only when the bot is mentioned or replied to."""
    message = update.effective_message
    text = message.text or ""
    if message.chat.type != ChatType.PRIVATE:
        mention = f"@{context.bot.username}"
        replied = message.reply_to_message and message.reply_to_message.from_user \
            and message.reply_to_message.from_user.id == context.bot.id
        if mention.lower() not in text.lower() and not replied:
            return
        text = re.sub(re.escape(mention), "", text, flags=re.IGNORECASE).strip()
    else:
        reply = await asyncio.to_thread(services_of(context).nominations.handle, update.effective_user.id, text)
        if reply is not None:
            await send_reply(message, reply)
            return
    await answer_question(update, context, text)


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    services = services_of(context)
    message, user = update.effective_message, update.effective_user
    if not services.limiter.allow(user.id):
        await message.reply_text("Bạn đang hỏi nhanh quá. Vui lòng đợi một phút rồi hỏi tiếp.")
        return
    await message.chat.send_action(ChatAction.TYPING)
    previous = context.user_data.get("previous")
    answer = await asyncio.to_thread(services.engine.ask, question, previous)
    text = render(answer, html_mode=True)
    question_id = services.storage.log_question(user.id, message.chat.id, answer.question, render(answer),
                                                not answer.refused, answer.unit_ids)
    if answer.covered:
        context.user_data["previous"] = Turn(answer.query, answer)
    await send_html(message, text, answer_keyboard(answer, question_id))


async def show_source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A source button: the full text of the cited article."""
    query = update.callback_query
    services = services_of(context)
    _, question_id, index = query.data.split(":")
    asked = services.storage.question(int(question_id))
    unit_ids = asked.unit_ids if asked else []
    if int(index) >= len(unit_ids):
        await query.answer("Không tìm thấy trích dẫn này nữa.", show_alert=True)
        return
    heading, text = services.engine.article_text(unit_ids[int(index)])
    if not text:
        await query.answer("Điều này không còn trong cơ sở tri thức (đã được cập nhật).", show_alert=True)
        return
    await query.answer()
    await send_html(query.message, f"<b>{html.escape(heading)}</b>\n{html.escape(text)}")


async def record_feedback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """👍 / 👎 under an answer."""
    query = update.callback_query
    _, question_id, vote = query.data.split(":")
    stored = services_of(context).storage.add_feedback(int(question_id), update.effective_user.id, int(vote))
    await query.answer("Cảm ơn góp ý của bạn!" if stored else "Không tìm thấy câu hỏi này.")


async def list_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/nguon: the documents in the knowledge base."""
    await send_html(update.effective_message, html.escape(sources_text(services_of(context).engine.documents)))


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/huy: stop the nomination in progress, or forget the conversation context."""
    context.user_data.pop("previous", None)
    reply = await asyncio.to_thread(services_of(context).nominations.cancel, update.effective_user.id)
    await update.effective_message.reply_text(reply.text if reply else "Đã hủy. Bạn có thể đặt câu hỏi mới.")


async def require_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    if is_admin(services_of(context), update.effective_user.id):
        return True
    await update.effective_message.reply_text(ADMIN_ONLY)
    return False


async def refresh_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/capnhat: refresh the index in the background; answers keep coming from the previous generation."""
    if await require_admin(update, context):
        await start_refresh(context, update.effective_message)


async def start_refresh(context: ContextTypes.DEFAULT_TYPE, message: Message, prefix: str = "") -> None:
    services = services_of(context)
    if services.refreshing:
        await message.reply_text("Đang có một lần cập nhật chạy; kết quả sẽ được gửi khi xong.")
        return
    services.refreshing = True
    await message.reply_text(prefix + "Đang cập nhật cơ sở tri thức… Trong lúc đó câu trả lời vẫn dùng dữ liệu cũ.")

    async def refresh_job() -> None:
        try:
            report = await asyncio.to_thread(run_refresh, services.settings, services.store)
            services.engine.retriever.reload()
            text = html.escape(report.render())
        except RefreshBusy as exc:
            text = html.escape(str(exc))
        except Exception as exc:
            log.exception("refresh failed")
            text = f"Cập nhật thất bại ({type(exc).__name__}); cơ sở tri thức cũ vẫn được dùng."
        finally:
            services.refreshing = False  # before the report, so an admin who reads it can start the next one
        await send_html(message, text)

    context.application.create_task(refresh_job())


async def show_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thongke: questions, feedback and "not covered" questions over 7 and 30 days."""
    if not await require_admin(update, context):
        return
    storage = services_of(context).storage
    lines = ["<b>Thống kê</b>"]
    for days in (7, 30):
        stats = storage.stats(days)
        lines.append(f"{days} ngày qua: {stats['questions']} câu hỏi, {stats['not_covered']} chưa có nội dung trả "
                     f"lời, 👍 {stats['up']} · 👎 {stats['down']}")
    examples = stats["not_covered_examples"]  # the 30-day ones, from the last pass of the loop
    if examples:
        lines.append("Câu hỏi chưa có nội dung (gần nhất):")
        lines.extend(f"• {html.escape(question[:150])}" for question in examples)
    await send_html(update.effective_message, "\n".join(lines))


def safe_file_name(name: str) -> str:
    base = Path(name).name.strip().replace(" ", "_")
    return re.sub(r"[^\w.\-]", "", base) or "van-ban"


async def receive_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin's document: checked, stored in the upload folder, indexed; anything wrong changes nothing."""
    message = update.effective_message
    if not await require_admin(update, context):
        return
    services = services_of(context)
    document = message.document
    name = safe_file_name(document.file_name or "van-ban")
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        await message.reply_text(f"Không nhận tệp {suffix or 'không có đuôi'}: chỉ nhận .md, .txt, .docx, .pdf, .html.")
        return
    limit = services.settings.max_upload_mb
    if (document.file_size or 0) > limit * 1024 * 1024:
        await message.reply_text(f"Tệp quá lớn ({document.file_size / 1048576:.1f} MB); giới hạn {limit} MB.")
        return
    telegram_file = await document.get_file()
    data = bytes(await telegram_file.download_as_bytearray())
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / name
        candidate.write_bytes(data)
        try:
            meta, body = load_document(candidate)
            units = parse_units(meta, body)
        except LoadError as exc:
            await message.reply_text(f"Không đọc được tệp {name}: {exc}. Cơ sở tri thức không thay đổi.")
            return
    upload_dir = services.settings.upload_dir
    upload_dir.mkdir(parents=True, exist_ok=True)
    target = upload_dir / name
    partial = upload_dir / f".{name}.part"
    partial.write_bytes(data)
    os.replace(partial, target)
    articles = sorted({u.article for u in units if u.article}, key=lambda a: int(re.sub(r"\D", "", a) or 0))
    found = f"{len(articles)} Điều ({', '.join(articles[:30])}{'…' if len(articles) > 30 else ''})" if articles \
        else f"{len(units)} phần (không chia Điều)"
    guessed = f"\nĐoán từ nội dung: {', '.join(meta.guessed)}." if meta.guessed else ""
    summary = (f"Đã nhận: {meta.title}" + (f" ({meta.number})" if meta.number else "") + f"\nTìm thấy: {found}."
               + guessed + "\n")
    await start_refresh(context, message, prefix=summary)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log with the update id; the user gets a short apology and the bot keeps running."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await update.effective_chat.send_message(APOLOGY)
        except Exception:
            log.exception("could not send the apology for update %s", update_id)


async def post_init(application: Application) -> None:
    await application.bot.set_my_commands(COMMANDS)
    # Load the index and the word segmenter now, so the first staff question is as quick as the rest.
    await asyncio.to_thread(application.bot_data["services"].engine.search, "thi đua khen thưởng")


def build_application(settings: Settings, services: Services | None = None) -> Application:
    """The Application as production runs it; the end-to-end tests start exactly this."""
    builder = ApplicationBuilder().token(settings.telegram_bot_token).post_init(post_init)
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    if settings.telegram_base_file_url:
        builder = builder.base_file_url(settings.telegram_base_file_url)
    application = builder.concurrent_updates(True).build()
    if services is None:
        store = open_store(settings)
        engine, storage = build_engine(settings, store), Storage(settings.sqlalchemy_url)
        services = Services(settings, engine, storage, store, RateLimiter(settings.rate_limit_per_minute),
                            build_nominations(settings, engine, storage))
    application.bot_data["services"] = services

    application.add_handler(TypeHandler(Update, gatekeeper), group=-1)
    for handler in nomination_handlers():
        application.add_handler(handler)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", show_help))
    application.add_handler(CommandHandler("hoi", ask_command))
    application.add_handler(CommandHandler("nguon", list_sources))
    application.add_handler(CommandHandler("huy", cancel))
    application.add_handler(CommandHandler("capnhat", refresh_command))
    application.add_handler(CommandHandler("thongke", show_stats))
    application.add_handler(CallbackQueryHandler(show_source, pattern=r"^src:"))
    application.add_handler(CallbackQueryHandler(record_feedback, pattern=r"^fb:"))
    application.add_handler(MessageHandler(filters.Document.ALL, receive_document))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, ask_text))
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
