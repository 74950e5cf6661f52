"""Telegram handlers for the nomination wizard: they pass the user's text or button to the wizard and
send back its reply (text, buttons, .docx drafts)."""

from __future__ import annotations

import asyncio
import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.nomination.wizard import Reply

PRIVATE_ONLY = "Hồ sơ đề nghị khen thưởng có thông tin cá nhân: hãy lập trong trò chuyện riêng với bot."
NO_ACTIVE = "Bạn không có hồ sơ nào đang làm. Gõ /de_nghi để bắt đầu, /ho_so để xem các hồ sơ đã lưu."


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.options:
        return None
    buttons = [InlineKeyboardButton(label, callback_data=f"nom:{value}") for label, value in reply.options]
    per_row = 1 if any(len(label) > 20 for label, _ in reply.options) else 2
    return InlineKeyboardMarkup([buttons[i:i + per_row] for i in range(0, len(buttons), per_row)])


async def call(context: ContextTypes.DEFAULT_TYPE, method: str, *args) -> Reply | None:
    """Run a nomination step off the event loop (drafts are read and written, documents rendered)."""
    return await asyncio.to_thread(getattr(context.application.bot_data["services"].nominations, method), *args)


async def send_reply(message: Message, reply: Reply) -> None:
    from bot.telegram_app import send_html

    await send_html(message, html.escape(reply.text), keyboard(reply))
    for path in reply.files:
        with open(path, "rb") as handle:
            await message.chat.send_document(handle, filename=path.name)


async def start_nomination(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/de_nghi: begin a nomination."""
    await send_reply(update.effective_message, await call(context, "start", update.effective_user.id))


async def go_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/quay_lai: one step back."""
    reply = await call(context, "handle", update.effective_user.id, "/quay_lai")
    await send_reply(update.effective_message, reply or Reply(NO_ACTIVE))


async def finish_achievements(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/xong: end the achievements."""
    reply = await call(context, "handle", update.effective_user.id, "/xong")
    await send_reply(update.effective_message, reply or Reply(NO_ACTIVE))


async def list_drafts(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ho_so [tiep|xoa N]: the user's own drafts."""
    reply = await call(context, "drafts_command", update.effective_user.id, context.args or [])
    await send_reply(update.effective_message, reply)


async def press_option(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A wizard button: the same as typing its value."""
    query = update.callback_query
    await query.answer()
    value = query.data.removeprefix("nom:")
    if value.startswith("/ho_so"):
        reply = await call(context, "drafts_command", update.effective_user.id, value.split()[1:])
    else:
        reply = await call(context, "handle", update.effective_user.id, value) or Reply(NO_ACTIVE)
    await send_reply(query.message, reply)


async def private_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Nomination commands in a group: point to the private chat."""
    await update.effective_message.reply_text(PRIVATE_ONLY)


def nomination_handlers() -> list:
    private = filters.ChatType.PRIVATE
    commands = {"de_nghi": start_nomination, "quay_lai": go_back, "xong": finish_achievements, "ho_so": list_drafts}
    return [
        *(CommandHandler(name, callback, filters=private) for name, callback in commands.items()),
        CommandHandler(list(commands), private_only, filters=~private),
        CallbackQueryHandler(press_option, pattern=r"^nom:"),
    ]
