"""A console chat over the same Assistant the Telegram bot uses.

Started by `thiduabot chat`, and by `make run` when no Telegram token is configured. Buttons are shown numbered:
typing the number presses the button. A line ending with a backslash continues on the next line (for answers of
several lines). `/gui_tep PATH` sends a file, as attaching one does on Telegram (a filled /binh_xet sheet, a
document to add).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.assistant import Assistant, Button, Caller, Reply
from bot.faces.render import render

CONSOLE = Caller(user_id=0, chat_id=0, private=True, name="", local=True)
QUIT = ("/thoat", "/quit", "/exit")
WELCOME = ("Trợ lý thi đua, khen thưởng — gõ câu hỏi, /help để xem lệnh, /thoat để thoát. Khi có các lựa chọn "
           "đánh số [1], [2]…, gõ số để chọn; kết thúc dòng bằng \\ để nhập tiếp dòng sau; /gui_tep <đường dẫn> để "
           "gửi tệp (ví dụ bảng bình xét đã điền).")
SEND_FILE = "/gui_tep"


def reply_text(reply: Reply, buttons: list[Button] | None = None) -> str:
    """A reply as the console prints it; `buttons` collects the numbered buttons."""
    lines = []
    if reply.notice:
        lines.append(reply.notice)
    if reply.title:
        lines.append(reply.title)
    if reply.answer is not None:
        lines.append(render(reply.answer))
    elif reply.text:
        lines.append(reply.text)
    for row in reply.buttons:
        for button in row:
            if buttons is not None:
                buttons.append(button)
                lines.append(f"  [{len(buttons)}] {button.label}")
    lines += [f"  Đã ghi: {path}" for path in reply.files]
    return "\n".join(lines)


class ConsoleChat:
    def __init__(self, assistant: Assistant, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
                 caller: Caller = CONSOLE) -> None:
        self.assistant = assistant
        self.stdin = stdin
        self.stdout = stdout
        self.caller = caller
        self.buttons: list[Button] = []

    def say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    def show(self, replies: list[Reply]) -> None:
        """Print the replies; a background job (a refresh) runs now, in the foreground."""
        self.buttons = []
        for reply in replies:
            self.say(reply_text(reply, self.buttons))
            if reply.job is not None:
                for later in reply.job(lambda _line: None):  # the report follows at once
                    self.say(reply_text(later))

    def handle(self, line: str) -> bool:
        """Answer one input; False when the user wants to leave."""
        text = line.strip()
        if text.lower() in QUIT:
            return False
        if text.split(" ", 1)[0].lower() == SEND_FILE:
            self.show(self.send_file(text[len(SEND_FILE):].strip()))
        elif text.isascii() and text.isdigit() and 1 <= int(text) <= len(self.buttons):
            self.show(self.assistant.press(self.caller, self.buttons[int(text) - 1].action))
        elif text:
            self.show(self.assistant.handle(self.caller, text))
        return True

    def send_file(self, where: str) -> list[Reply]:
        path = Path(where.strip("\"'")).expanduser()
        if not where or not path.is_file():
            return [Reply(f"Không tìm thấy tệp “{where}”. Dùng: {SEND_FILE} <đường dẫn tệp>.")]
        return self.assistant.upload(self.caller, path.name, path.read_bytes())

    def read(self) -> str | None:
        """One input: a line, or several joined when each but the last ends with a backslash."""
        lines = []
        while True:
            print("> " if not lines else "… ", end="", file=self.stdout, flush=True)
            line = self.stdin.readline()
            if not line:
                return "\n".join(lines) if lines else None
            line = line.rstrip("\n")
            if not line.endswith("\\"):
                return "\n".join([*lines, line])
            lines.append(line[:-1])

    def run(self) -> int:
        self.say(WELCOME)
        while (line := self.read()) is not None:
            if not self.handle(line):
                break
        self.say("Tạm biệt!")
        return 0
