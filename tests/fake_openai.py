"""A fake OpenAI-compatible chat endpoint on 127.0.0.1, with a reply chosen per test."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler

from tests.fake_http import loopback_server, respond


class FakeChatServer:
    def __init__(self) -> None:
        self.reply = "Câu trả lời mẫu [1]."
        self.delay = 0.0
        self.status = 200
        self.requests: list[dict] = []
        self.in_flight = self.most_in_flight = 0  # requests being answered at once, and the most there were
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with server.lock:
                    server.requests.append(body)
                    server.in_flight += 1
                    server.most_in_flight = max(server.most_in_flight, server.in_flight)
                time.sleep(server.delay)
                with server.lock:
                    server.in_flight -= 1
                payload = {
                    "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model", "fake"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": server.reply}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
                data = json.dumps(payload).encode() if server.status == 200 else b'{"error": {"message": "boom"}}'
                respond(self, server.status, data, "application/json")

        self.httpd = loopback_server(Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"


@contextmanager
def fake_chat_server() -> Iterator[FakeChatServer]:
    server = FakeChatServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.delay = 0
        server.httpd.shutdown()
        server.httpd.server_close()
