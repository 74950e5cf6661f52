"""A fake Telegram Bot API server on 127.0.0.1 and a harness that runs the real Application against it.

The server keeps the updates it is given, serves them to getUpdates (long polling), records every call,
answers the methods the bot uses, and serves files for getFile downloads. Like the real one on a bad day, it can
answer sends with 429 (flood control, with retry_after) or drop the connection without an answer: every N-th send,
the next N sends in a row (`flood_next`), or every send for N seconds (`drop_for`); or answer each send late
(`send_delay`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote

from tests.fake_http import loopback_server, respond

TOKEN = "123456:TEST-TOKEN"
SENDS = ("sendMessage", "sendDocument")
BOT_USER = {"id": 999000, "is_bot": True, "first_name": "Thi đua bot", "username": "thidua_test_bot"}


class FakeBotApi:
    def __init__(self) -> None:
        self.updates: list[dict] = []
        self.calls: list[tuple[str, dict]] = []
        self.files: dict[str, bytes] = {}
        self.condition = threading.Condition()
        self.update_ids = itertools.count(1)
        self.confirmed = 0  # getUpdates' highest offset: updates below it were received for good
        self.message_ids = itertools.count(1000)
        # Faults on sends (sendMessage, sendDocument): every `flood_every`-th attempt is answered 429 with
        # `retry_after`, every `drop_every`-th loses its connection; 0 turns a fault off. Counted, not recorded.
        self.flood_every = 0
        self.drop_every = 0
        self.retry_after = 1
        self.flood_left = 0  # the next this many sends are answered 429
        self.down_until = 0.0  # time.monotonic() before which every send loses its connection
        self.send_delay = 0.0  # seconds each send takes before it is answered (a slow Bot API)
        self.send_attempts = 0
        self.flooded = 0
        self.dropped = 0
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                prefix, path = f"/file/bot{TOKEN}/", unquote(self.path)
                if path.startswith(prefix) and path[len(prefix):] in api.files:
                    self._send(200, api.files[path[len(prefix):]], "application/octet-stream")
                else:
                    self._send(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                method = self.path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                params = api.parse(self.headers.get("Content-Type", ""), body)
                fault = api.fault(method)
                if fault == "drop":
                    self.close_connection = True
                    return
                if fault == "flood":
                    payload = {"ok": False, "error_code": 429,
                               "description": f"Too Many Requests: retry after {api.retry_after}",
                               "parameters": {"retry_after": api.retry_after}}
                    self._send(429, json.dumps(payload).encode(), "application/json")
                    return
                result = api.handle(method, params)
                if method in SENDS and api.send_delay:  # taken at once, answered late
                    time.sleep(api.send_delay)
                payload = {"ok": True, "result": result} if result is not None else {
                    "ok": False, "error_code": 400, "description": f"Bad Request: unknown method {method}"}
                self._send(200, json.dumps(payload).encode(), "application/json")

            def _send(self, status: int, data: bytes, content_type: str) -> None:
                respond(self, status, data, content_type)

        self.httpd = loopback_server(Handler)
        port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{port}/bot"
        self.base_file_url = f"http://127.0.0.1:{port}/file/bot"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @staticmethod
    def parse(content_type: str, body: bytes) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if content_type.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True)
                if part.get_filename():
                    params[name] = {"filename": part.get_filename(), "data": payload}
                else:
                    params[name] = payload.decode()
        elif body:
            if content_type.startswith("application/json"):
                return json.loads(body)
            params = {key: values[0] for key, values in parse_qs(body.decode(), keep_blank_values=True).items()}
        for key, value in list(params.items()):
            if isinstance(value, str) and value[:1] in "{[":
                with contextlib.suppress(json.JSONDecodeError):
                    params[key] = json.loads(value)
        return params

    def fault(self, method: str) -> str:
        """The fault this call meets, if any: "flood", "drop" or ""."""
        if method not in SENDS:
            return ""
        with self.condition:
            self.send_attempts += 1
            attempt = self.send_attempts
            if time.monotonic() < self.down_until:
                self.dropped += 1
                return "drop"
            if self.flood_left:
                self.flood_left -= 1
                self.flooded += 1
                return "flood"
            if self.flood_every and attempt % self.flood_every == 0:
                self.flooded += 1
                return "flood"
            if self.drop_every and attempt % self.drop_every == 0:
                self.dropped += 1
                return "drop"
        return ""

    def drop_for(self, seconds: float) -> None:
        """Every send loses its connection for `seconds` from now."""
        self.down_until = time.monotonic() + seconds

    def flood_next(self, count: int) -> None:
        """The next `count` sends are answered 429, one after another."""
        with self.condition:
            self.flood_left = count

    def handle(self, method: str, params: dict) -> Any:
        if method != "getUpdates":
            with self.condition:
                self.calls.append((method, params))
                self.condition.notify_all()
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            return self._get_updates(int(params.get("offset") or 0), float(params.get("timeout") or 0))
        if method in ("setMyCommands", "deleteWebhook", "sendChatAction", "answerCallbackQuery", "setWebhook"):
            return True
        if method in ("sendMessage", "editMessageText"):
            return self._message(params, text=params.get("text", ""))
        if method == "sendDocument":
            document = params.get("document", {})
            message = self._message(params, caption=params.get("caption", ""))
            message["document"] = {"file_id": f"sent-{message['message_id']}", "file_unique_id": "u",
                                   "file_name": document.get("filename", "")}
            self.files[f"sent/{message['message_id']}"] = document.get("data", b"")
            return message
        if method == "getFile":
            file_id = params["file_id"]
            path = f"documents/{file_id}"
            return {"file_id": file_id, "file_unique_id": file_id, "file_size": len(self.files.get(path, b"")),
                    "file_path": path}
        return None

    def _message(self, params: dict, **content: Any) -> dict:
        chat_id = int(params["chat_id"])
        return {"message_id": next(self.message_ids), "date": int(time.time()), "from": BOT_USER,
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"}, **content}

    def _get_updates(self, offset: int, timeout: float) -> list[dict]:
        """As Telegram: an offset confirms every update below it, which is never served again (to this bot or
        to the same bot started anew)."""
        deadline = time.monotonic() + min(timeout, 1.0)
        with self.condition:
            self.confirmed = max(self.confirmed, offset)
            while True:
                pending = [u for u in self.updates if u["update_id"] >= self.confirmed]
                if pending or time.monotonic() >= deadline:
                    return pending
                self.condition.wait(timeout=max(0.0, deadline - time.monotonic()))

    # What tests send.
    def _push(self, update: dict) -> int:
        with self.condition:
            update["update_id"] = next(self.update_ids)
            self.updates.append(update)
            self.condition.notify_all()
        return update["update_id"]

    def message(self, user_id: int, text: str = "", chat_id: int | None = None, **extra: Any) -> dict:
        chat = {"id": chat_id or user_id, "type": "private" if (chat_id or user_id) > 0 else "group"}
        message = {"message_id": next(self.message_ids), "date": int(time.time()), "chat": chat,
                   "from": {"id": user_id, "is_bot": False, "first_name": f"Cán bộ {user_id}"}, **extra}
        if text:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return message

    def send_text(self, user_id: int, text: str, chat_id: int | None = None, **extra: Any) -> int:
        return self._push({"message": self.message(user_id, text, chat_id, **extra)})

    def send_document(self, user_id: int, file_name: str, data: bytes, size: int | None = None) -> int:
        file_id = f"doc{len(self.files) + 1}"
        self.files[f"documents/{file_id}"] = data
        document = {"file_id": file_id, "file_unique_id": file_id, "file_name": file_name,
                    "file_size": len(data) if size is None else size}
        return self._push({"message": self.message(user_id, document=document)})

    def press(self, user_id: int, data: str, message: dict | None = None) -> int:
        message = message or self.message(BOT_USER["id"], "…", chat_id=user_id)
        return self._push({"callback_query": {"id": str(next(self.update_ids)), "chat_instance": "ci", "data": data,
                                              "from": {"id": user_id, "is_bot": False, "first_name": "x"},
                                              "message": message}})

    def wait_for(self, predicate: Callable[[str, dict], bool], timeout: float = 30.0, count: int = 1,
                 since: int = 0) -> list[tuple[str, dict]]:
        """Wait until `count` recorded calls (after index `since`) match; return them."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while True:
                found = [call for call in self.calls[since:] if predicate(*call)]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    recent = [(m, str(p.get("text", ""))[:80]) for m, p in self.calls[since:]]
                    raise AssertionError(f"timed out waiting; calls since {since}: {recent}")
                self.condition.wait(timeout=remaining)

    def sent_to(self, chat_id: int, since: int = 0, count: int = 1, timeout: float = 30.0) -> list[dict]:
        """Wait for messages the bot sends to a chat; return their parameters."""
        calls = self.wait_for(lambda m, p: m in ("sendMessage", "sendDocument") and int(p["chat_id"]) == chat_id,
                              timeout=timeout, count=count, since=since)
        return [params for _, params in calls]


class RunningBot:
    """The real Application, started with run_polling as in production, in a thread of its own."""

    def __init__(self, application, settings) -> None:
        self.application = application
        self.settings = settings
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        from bot.faces.telegram import serve

        serve(self.application, self.settings, stop_signals=None, close_loop=False)

    def __enter__(self) -> RunningBot:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.application.stop_running)
        self.thread.join(timeout=30)
        self.loop.close()
