"""An Answer (data) as text: plain for the console and the command line, Telegram HTML for the bot."""

from __future__ import annotations

import html

from bot.engine.answer import NOT_COVERED_HINT, Answer


def render(answer: Answer, html_mode: bool = False) -> str:
    """Plain text for the console and CLI, Telegram HTML (everything escaped) for the bot."""
    esc = html.escape if html_mode else (lambda text: text)

    def bold(text: str) -> str:
        return f"<b>{esc(text)}</b>" if html_mode else text

    if not answer.covered:
        return f"{esc(answer.lead)}\n\n{esc(NOT_COVERED_HINT)}" if answer.hint else esc(answer.lead)
    lines: list[str] = []
    if answer.prose:
        lines.append(esc(answer.prose))
    else:
        lines.append(esc(answer.lead))
        quote = answer.quote.strip()
        lines.append(f"<blockquote>{esc(quote)}</blockquote>" if html_mode else "«" + quote + "»")
    lines.append("")
    lines.append(bold("Căn cứ:"))
    for number, citation in enumerate(answer.citations, start=1):
        lines.append(f"[{number}] {esc(citation.text)}")
    for warning in answer.warnings:
        lines.append(f"⚠️ {esc(warning)}")
    return "\n".join(lines)
