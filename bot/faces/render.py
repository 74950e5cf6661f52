"""An Answer (data) as text: plain for the console and the command line, Telegram HTML for the bot."""

from __future__ import annotations

import html

from bot.engine.answer import NOT_COVERED_HINT, Answer

RELATED = "Liên quan (để tham khảo, không phải câu trả lời):"


def render(answer: Answer, html_mode: bool = False) -> str:
    """Plain text for the console and CLI, Telegram HTML (everything escaped) for the bot. A message with several
    questions gets one numbered answer each, then the units they rely on."""
    esc = html.escape if html_mode else (lambda text: text)

    def bold(text: str) -> str:
        return f"<b>{esc(text)}</b>" if html_mode else text

    def body(part: Answer) -> list[str]:
        if not part.covered:
            lines = [esc(part.lead)]
            if part.related:
                lines.append(bold(RELATED))
                lines += [f"• {esc(citation.text)}" for citation in part.related]
            return lines
        if part.prose:
            return [esc(part.prose)]
        quote = part.quote.strip()
        return [esc(part.lead), f"<blockquote>{esc(quote)}</blockquote>" if html_mode else "«" + quote + "»"]

    lines: list[str] = []
    if answer.parts:
        for number, part in enumerate(answer.parts, start=1):
            lines += [f"{number}) " + body(part)[0], *body(part)[1:], ""]
    else:
        lines += body(answer)
    if not answer.covered:
        text = "\n".join(lines).rstrip()
        return f"{text}\n\n{esc(NOT_COVERED_HINT)}" if answer.hint else text
    if lines and lines[-1] != "":
        lines.append("")
    lines.append(bold("Căn cứ:"))
    for number, citation in enumerate(answer.citations, start=1):
        lines.append(f"[{number}] {esc(citation.text)}")
    for warning in answer.warnings:
        lines.append(f"⚠️ {esc(warning)}")
    return "\n".join(lines)
