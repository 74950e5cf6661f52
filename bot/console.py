"""A console chat over the same engine (and nomination wizard) the Telegram bot uses.

Started by `thiduabot chat`, and by `make run` when no Telegram token is configured.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.engine.answer import render
from bot.engine.core import Engine, Turn
from ingest.units import status_label

HELP = """Các lệnh:
  (gõ câu hỏi)   hỏi về thi đua, khen thưởng
  /nguon         danh sách văn bản trong cơ sở tri thức
  /huy           xóa ngữ cảnh câu hỏi trước
  /help          xem hướng dẫn này
  /thoat         thoát"""


def sources_text(documents: dict[str, dict]) -> str:
    if not documents:
        return "Chưa có văn bản nào trong cơ sở tri thức."
    lines = ["Văn bản trong cơ sở tri thức:"]
    for doc in documents.values():
        number = f"{doc['number']} — " if doc.get("number") else ""
        lines.append(f"• {number}{doc['title']} ({status_label(doc['status'])}; {doc['units']} đơn vị)")
    return "\n".join(lines)


class ConsoleChat:
    def __init__(self, engine: Engine, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
        self.engine = engine
        self.stdin = stdin
        self.stdout = stdout
        self.previous: Turn | None = None

    def say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    def handle(self, line: str) -> bool:
        """Answer one line; False when the user wants to leave."""
        text = line.strip()
        command = text.split()[0].lower() if text.startswith("/") else ""
        if command in ("/thoat", "/quit", "/exit"):
            return False
        if command in ("/help", "/start"):
            self.say(HELP)
        elif command == "/nguon":
            self.say(sources_text(self.engine.documents))
        elif command == "/huy":
            self.previous = None
            self.say("Đã xóa ngữ cảnh.")
        elif command:
            self.say(f"Không có lệnh {command}. Gõ /help để xem các lệnh.")
        elif text:
            answer = self.engine.ask(text, self.previous)
            self.previous = Turn(text, answer) if answer.covered else self.previous
            self.say(render(answer))
        return True

    def run(self) -> int:
        self.say("Trợ lý thi đua, khen thưởng — gõ câu hỏi, /help để xem lệnh, /thoat để thoát.")
        while True:
            print("> ", end="", file=self.stdout, flush=True)
            line = self.stdin.readline()
            if not line or not self.handle(line):
                self.say("Tạm biệt!")
                return 0
