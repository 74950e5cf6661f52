"""Two bot workers behind one webhook, sharing a chroma server and PostgreSQL and nothing else.

Each worker is a real `thiduabot bot` process in webhook mode with its own data folder (as on its own
machine); updates are posted to one or the other as a load balancer would. Needs the servers that .ci/run
starts: THIDUABOT_TEST_DATABASE_URL (PostgreSQL) and THIDUABOT_TEST_CHROMA_URL (`chroma run`).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import DECREE_B, LAW_A, PLAN_C, ROOT, write
from tests.fake_telegram import TOKEN, FakeBotApi

DATABASE_URL = os.environ.get("THIDUABOT_TEST_DATABASE_URL", "")
CHROMA_URL = os.environ.get("THIDUABOT_TEST_CHROMA_URL", "")
if not (DATABASE_URL and CHROMA_URL):
    reason = ("needs PostgreSQL and a chroma server: .ci/run starts both and sets THIDUABOT_TEST_DATABASE_URL and "
              "THIDUABOT_TEST_CHROMA_URL")
    if os.environ.get("CI"):
        raise RuntimeError(reason)  # CI must run it, never skip it
    pytest.skip(reason, allow_module_level=True)

ADMIN = 7001
SECRET = "s3cret-of-the-test-cluster"
NEW_DOCUMENT = """---
id: qd-sao-bien
title: Quyết định về Huy hiệu Sao Biển mẫu
number: 09/2099/QĐ-UBND
type: quyet-dinh
status: in-force
---
### Điều 1. Huy hiệu Sao Biển mẫu
Huy hiệu Sao Biển mẫu tặng cho cá nhân có 10 năm công tác liên tục trên biển đảo.
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reset_servers() -> None:
    """Each run starts from empty servers (the same servers may serve an earlier run)."""
    from sqlalchemy import create_engine, text

    from ingest.store import open_client

    client = open_client(url=CHROMA_URL)
    for collection in client.list_collections():
        client.delete_collection(collection if isinstance(collection, str) else collection.name)
    engine = create_engine(DATABASE_URL)
    with engine.begin() as connection:  # the migrations' own table too: the workers migrate from nothing
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


class Worker:
    def __init__(self, name: str, api: FakeBotApi, tmp_path: Path, sources: Path) -> None:
        self.port = free_port()
        data = tmp_path / name
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.base_url,
               "TELEGRAM_BASE_FILE_URL": api.base_file_url, "WEBHOOK_URL": "https://bot.example.invalid/hook",
               "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(self.port), "WEBHOOK_SECRET": SECRET,
               "DATABASE_URL": DATABASE_URL, "CHROMA_URL": CHROMA_URL, "DATA_DIR": str(data),
               "KNOWLEDGE_DIRS": str(sources), "UPLOAD_DIR": str(sources), "DRAFTS_DIR": str(data / "drafts"),
               "ADMIN_IDS": str(ADMIN), "RATE_LIMIT_PER_MINUTE": "4", "HF_HUB_OFFLINE": "1"}
        self.log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen([sys.executable, "-m", "bot.faces.cli", "bot"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)

    def post(self, update: dict) -> None:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/hook", json.dumps(update).encode(),
                                         {"Content-Type": "application/json",
                                          "X-Telegram-Bot-Api-Secret-Token": SECRET})
        deadline = time.monotonic() + 120
        while True:
            try:
                assert urllib.request.urlopen(request, timeout=30).status == 200
                return
            except (urllib.error.URLError, ConnectionError) as exc:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"worker on {self.port} is not serving: {exc}") from exc
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture()
def cluster(tmp_path: Path):
    from bot.services import run_refresh
    from bot.settings import Settings

    reset_servers()
    sources = tmp_path / "sources"
    write(sources / "luat-mau.md", LAW_A)
    write(sources / "nd-mau.md", DECREE_B)
    write(sources / "kh-mau.md", PLAN_C)
    settings = Settings(_env_file=None, data_dir=tmp_path / "builder", knowledge_dirs=str(sources),
                        upload_dir=sources, chroma_url=CHROMA_URL, database_url=DATABASE_URL)
    run_refresh(settings)
    api = FakeBotApi()
    api.start()
    workers = [Worker("a", api, tmp_path, sources), Worker("b", api, tmp_path, sources)]
    try:
        api.wait_for(lambda m, p: m == "setWebhook", count=2, timeout=180)
        yield api, workers, sources
    finally:
        for worker in workers:
            worker.stop()
        api.stop()


def say(api: FakeBotApi, worker: Worker, user: int, text: str, expect: str = "") -> str:
    since = len(api.calls)
    worker.post({"update_id": next(api.update_ids), "message": api.message(user, text)})
    reply = api.sent_to(user, since, timeout=120)[-1]
    text = reply.get("text", "")
    assert expect in text, text
    return text


def test_two_workers_share_answers_wizards_limits_and_refreshes(cluster) -> None:
    from bot.assistant import NO_ACTIVE, TOO_FAST
    from bot.shared_state import SharedState
    from bot.storage import Storage

    api, (a, b), sources = cluster

    # A question is answered by either worker from the shared index.
    say(api, a, 3001, "Mức thưởng mẫu bằng bao nhiêu lần lương cơ sở?", "0,5 lần")
    say(api, b, 3002, "Mức thưởng mẫu bằng bao nhiêu lần lương cơ sở?", "0,5 lần")

    # A wizard started on one worker goes on on the other (its session is a draft in PostgreSQL).
    since = len(api.calls)
    a.post({"update_id": next(api.update_ids), "message": api.message(3003, "/de_nghi")})
    first = api.sent_to(3003, since, timeout=120)[-1]
    buttons = {button["text"]: button["callback_data"]
               for row in first["reply_markup"]["inline_keyboard"] for button in row}
    since = len(api.calls)
    press = {"id": "1", "chat_instance": "ci", "data": buttons["Chiến sĩ thi đua cơ sở"],
             "from": {"id": 3003, "is_bot": False, "first_name": "x"}, "message": api.message(3003, "…")}
    b.post({"update_id": next(api.update_ids), "callback_query": press})
    assert "Đã chọn: Danh hiệu “Chiến sĩ thi đua cơ sở”" in api.sent_to(3003, since, timeout=120)[-1]["text"]
    assert NO_ACTIVE not in say(api, a, 3003, "/quay_lai"), "worker a knows the wizard worker b moved on"

    # The rate limit counts a user's questions on every worker.
    for worker in (a, b, a, b):
        say(api, worker, 3004, "Hồ sơ mẫu gồm những gì?")
    say(api, a, 3004, "Hồ sơ mẫu gồm những gì?", TOO_FAST)

    # A refresh on one worker is served by the other; a second refresh anywhere is told to wait.
    write(sources / "qd-sao-bien.md", NEW_DOCUMENT)
    say(api, a, ADMIN, "/capnhat", "Đang cập nhật")
    api.wait_for(lambda m, p: m == "sendMessage" and "Thêm mới: 1" in p.get("text", ""), timeout=180)
    deadline = time.monotonic() + 30
    while "10 năm công tác" not in say(api, b, 3005, "Huy hiệu Sao Biển mẫu tặng cho ai?"):
        assert time.monotonic() < deadline, "worker b never served the refreshed index"
        time.sleep(1)
    with SharedState(Storage(DATABASE_URL)).lease("refresh"):
        say(api, b, ADMIN, "/capnhat", "Đang cập nhật")
        api.wait_for(lambda m, p: m == "sendMessage" and "máy khác" in p.get("text", ""), timeout=60)
