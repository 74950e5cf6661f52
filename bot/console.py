"""A console chat over the same engine (and nomination wizard) the Telegram bot uses.

Started by `thiduabot chat`, and by `make run` when no Telegram token is configured.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.engine.core import Engine, Turn
from bot.faces.render import render
from bot.nomination.service import Nominations
from bot.nomination.wizard import Reply
from ingest.units import status_label

HELP = """Các lệnh:
  (gõ câu hỏi)   hỏi về thi đua, khen thưởng
  /nguon         danh sách văn bản trong cơ sở tri thức
  /de_nghi       lập hồ sơ đề nghị khen thưởng (từng bước; /quay_lai, /xong, /huy)
  /ho_so         các hồ sơ nháp (/ho_so tiep N, /ho_so xoa N)
  /huy           hủy việc đang làm
  /help          xem hướng dẫn này
  /thoat         thoát
Khi có các lựa chọn đánh số [1], [2]…, gõ số để chọn."""
CONSOLE_USER = 0


def sources_text(documents: dict[str, dict]) -> str:
    if not documents:
        return "Chưa có văn bản nào trong cơ sở tri thức."
    lines = ["Văn bản trong cơ sở tri thức:"]
    for doc in documents.values():
        number = f"{doc['number']} — " if doc.get("number") else ""
        lines.append(f"• {number}{doc['title']} ({status_label(doc['status'])}; {doc['units']} đơn vị)")
    return "\n".join(lines)


class ConsoleChat:
    def __init__(self, engine: Engine, nominations: Nominations, stdin: TextIO = sys.stdin,
                 stdout: TextIO = sys.stdout, user_id: int = CONSOLE_USER) -> None:
        self.engine = engine
        self.nominations = nominations
        self.stdin = stdin
        self.stdout = stdout
        self.user_id = user_id
        self.previous: Turn | None = None
        self.options: list[tuple[str, str]] = []

    def show(self, reply: Reply) -> None:
        """A wizard reply: its text, numbered options, and where the drafts were written."""
        self.options = reply.options
        lines = [reply.text, *(f"  [{n}] {label}" for n, (label, _) in enumerate(reply.options, start=1))]
        lines += [f"  Đã ghi: {path}" for path in reply.files]
        self.say("\n".join(lines))

    def say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    def handle(self, line: str) -> bool:
        """Answer one line; False when the user wants to leave."""
        text = line.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.options):
            text = self.options[int(text) - 1][1]
        words = text.split()
        command = words[0].lower() if text.startswith("/") else ""
        if command in ("/thoat", "/quit", "/exit"):
            return False
        if command in ("/help", "/start"):
            self.say(HELP)
        elif command == "/nguon":
            self.say(sources_text(self.engine.documents))
        elif command == "/de_nghi":
            self.show(self.nominations.start(self.user_id))
        elif command == "/ho_so":
            self.show(self.nominations.drafts_command(self.user_id, words[1:]))
        elif command == "/huy":
            self.previous = None
            reply = self.nominations.cancel(self.user_id)
            self.say(reply.text if reply else "Đã hủy.")
        elif (reply := self.nominations.handle(self.user_id, text)) is not None:
            self.show(reply)
        elif command:
            self.say(f"Không có lệnh {command}. Gõ /help để xem các lệnh.")
        elif text:
            answer = self.engine.ask(text, self.previous)
            self.previous = Turn(answer.query, answer) if answer.covered else self.previous
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
