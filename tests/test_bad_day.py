"""No answer lost on a bad day (issue 23): connections dropped for seconds, flood control many times in a row,
a bot killed mid-answer and started again, a database that is locked or gone, leases of dead holders, erasure,
settings that would silently open the bot, logs that would carry the token or what staff typed."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.faces.telegram import Patience
from tests.conftest import ROOT, TEST_MODEL
from tests.fake_telegram import TOKEN, FakeBotApi, RunningBot
from tests.fakes import own_database

QUESTION = "Chiến sĩ thi đua cơ sở được thưởng bao nhiêu?"
ANSWERED = "1,0 lần mức lương cơ sở"
# What the bot is patient with in these tests: the waits of production (0.5 s doubling to 10 s, for 3 minutes)
# scaled down so a test takes seconds.
def copy_index(settings, data: Path) -> None:
    """The index of `settings` (vectors and lexical index) into another data folder."""
    for part in ("chroma", "generations"):
        if (settings.data_dir / part).is_dir():
            shutil.copytree(settings.data_dir / part, data / part)


QUICK = Patience(give_up_after=10.0, first_wait=0.05, longest_wait=0.5, sweep_every=0.5, db_timeout=1.0)


@pytest.fixture(scope="module")
def bad_day_bot(synthetic_settings, tmp_path_factory: pytest.TempPathFactory):
    from bot.faces.telegram import build_application
    from bot.services import build_assistant

    data = tmp_path_factory.mktemp("bad-day")
    copy_index(synthetic_settings, data)
    api = FakeBotApi()
    api.start()
    settings = synthetic_settings.model_copy(update={
        "data_dir": data, "upload_dir": data / "uploads", "drafts_dir": data / "drafts", "telegram_bot_token": TOKEN,
        "telegram_base_url": api.base_url, "telegram_base_file_url": api.base_file_url, "admin_ids": "1",
        "rate_limit_per_minute": 100})
    assistant = build_assistant(settings)
    application = build_application(settings, assistant, QUICK)
    with RunningBot(application, settings):
        api.wait_for(lambda m, p: m == "setMyCommands")
        yield api, application
    api.stop()


def answers(api: FakeBotApi, user: int, since: int = 0) -> list[str]:
    return [p["text"] for m, p in api.calls[since:] if m == "sendMessage" and int(p["chat_id"]) == user]


def test_a_three_second_drop_while_twenty_answers_go_out_loses_none_and_doubles_none(bad_day_bot) -> None:
    api, _ = bad_day_bot
    users = range(8001, 8021)
    since = len(api.calls)
    api.drop_for(3)
    for user in users:
        api.send_text(user, QUESTION)
    for user in users:
        api.sent_to(user, since, timeout=60)
    time.sleep(1)  # anything sent twice would have arrived by now
    assert api.dropped
    for user in users:
        assert [ANSWERED in text for text in answers(api, user, since)] == [True]


def test_six_429s_in_a_row_are_waited_out_not_apologised_for(bad_day_bot) -> None:
    api, _ = bad_day_bot
    since, flooded = len(api.calls), api.flooded
    api.retry_after = 0  # Telegram says how long; the bot waits exactly that (0 keeps the test quick)
    try:
        api.flood_next(6)
        api.send_text(8101, QUESTION)
        api.sent_to(8101, since, timeout=30)
    finally:
        api.retry_after = 1
    assert api.flooded == flooded + 6
    texts = answers(api, 8101, since)
    assert len(texts) == 1 and ANSWERED in texts[0]


def test_a_bot_api_slower_than_five_seconds_gets_each_answer_once(bad_day_bot) -> None:
    """python-telegram-bot abandons a call after 5 s by default; Telegram had taken the message all the same, so
    sending it again delivered it twice."""
    api, _ = bad_day_bot
    since = len(api.calls)
    api.send_delay = 5.5
    try:
        api.send_text(8251, QUESTION)
        api.sent_to(8251, since, timeout=60)
        time.sleep(api.send_delay + 1)  # a send abandoned at 5 s would have been sent again by now
    finally:
        api.send_delay = 0.0
    assert [ANSWERED in text for text in answers(api, 8251, since)] == [True]


def test_an_answer_given_up_for_now_is_delivered_by_the_next_sweep(bad_day_bot) -> None:
    """Telegram away for longer than a send's patience: the answer waits in the outbox, then arrives once."""
    api, application = bad_day_bot
    since = len(api.calls)
    application.bot_data["patience"] = Patience(give_up_after=0.5, first_wait=0.05, longest_wait=0.2,
                                                sweep_every=QUICK.sweep_every, db_timeout=1.0)
    try:
        api.drop_for(2)
        api.send_text(8201, QUESTION)
        api.sent_to(8201, since, timeout=30)
    finally:
        application.bot_data["patience"] = QUICK
    time.sleep(1)
    assert [ANSWERED in text for text in answers(api, 8201, since)] == [True]


def test_an_update_delivered_twice_is_answered_once(bad_day_bot) -> None:
    """Telegram posts an update again when a webhook did not acknowledge it: the inbox knows its id."""
    from bot.faces.telegram import mailroom_of
    from bot.mailroom import Question

    _, application = bad_day_bot
    mailroom = mailroom_of(application)
    question = Question(987654321, 8301, 8301, True, "", QUESTION)
    assert mailroom.received(question)
    assert not mailroom.received(question)
    mailroom.answered(question.update_id, [])
    assert not mailroom.received(question)


# A bot killed with SIGKILL mid-answer --------------------------------------------------------------------------
def start_bot(env: dict[str, str], log: Path) -> subprocess.Popen:
    """`thiduabot bot` in a process of its own, with the tests' embedding model registered."""
    code = ("import sys; from ingest.embeddings import register_embeddings; from tests.fakes import HashEmbeddings; "
            f"register_embeddings({TEST_MODEL!r}, HashEmbeddings); "
            "from bot.faces.cli import main; sys.exit(main(['bot']))")
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=log.open("ab"),
                            stderr=subprocess.STDOUT)


def test_questions_and_answers_outlive_a_kill_9(synthetic_settings, tmp_path: Path) -> None:
    """One answer is waiting for Telegram (sends dropped), another question for a slow language model, when the
    bot is killed with SIGKILL; started again, it delivers the first and answers the second, each once. Its log,
    at DEBUG, holds neither the token nor what was asked."""
    from tests.fake_openai import FakeChatServer

    copy_index(synthetic_settings, tmp_path / "data")
    api = FakeBotApi()
    api.start()
    llm = FakeChatServer()
    threading.Thread(target=llm.httpd.serve_forever, daemon=True).start()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATA_DIR": str(tmp_path / "data"),
           "KNOWLEDGE_DIRS": synthetic_settings.knowledge_dirs, "UPLOAD_DIR": str(tmp_path / "uploads"),
           "DRAFTS_DIR": str(tmp_path / "drafts"), "EMBEDDING_MODEL": TEST_MODEL, "RELEVANCE_THRESHOLD": "0.3",
           "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.base_url,
           "TELEGRAM_BASE_FILE_URL": api.base_file_url, "LOG_LEVEL": "DEBUG", "LLM_BASE_URL": llm.url,
           "LLM_MODEL": "fake", "LLM_TIMEOUT": "120"}
    log = tmp_path / "bot.log"
    waiting, thinking = 8401, 8402
    first = start_bot(env, log)
    try:
        api.wait_for(lambda m, p: m == "setMyCommands", timeout=120)
        api.drop_for(600)
        api.send_text(waiting, QUESTION)
        deadline = time.monotonic() + 30
        while not api.dropped:  # the answer exists and is being sent
            assert time.monotonic() < deadline, "the first answer was never tried"
            time.sleep(0.05)
        llm.delay = 60
        api.send_text(thinking, "/hoi " + QUESTION.replace("bao nhiêu", "mức nào"))
        while len(llm.requests) < 2:  # received, and waiting for the language model
            assert time.monotonic() < deadline + 30, "the second question never reached the language model"
            time.sleep(0.05)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    api.down_until = 0
    since = len(api.calls)
    second = start_bot({**env, "LLM_BASE_URL": ""}, log)
    try:
        api.sent_to(waiting, since, timeout=120)
        api.sent_to(thinking, since, timeout=60)
        time.sleep(1)
    finally:
        second.terminate()
        second.wait(timeout=30)
        api.stop()
        llm.httpd.shutdown()
    assert [llm.reply in text for text in answers(api, waiting)] == [True]  # written before the kill
    assert [ANSWERED in text for text in answers(api, thinking)] == [True]
    written = log.read_text(encoding="utf-8", errors="replace")
    assert "DEBUG" in written and TOKEN not in written and TOKEN.split(":")[1] not in written
    assert "được thưởng" not in written and "mức nào" not in written


# Leases -------------------------------------------------------------------------------------------------------

def database_urls(tmp_path: Path) -> list[str]:
    urls = [f"sqlite:///{tmp_path / 'leases.sqlite3'}"]
    server = own_database("thiduabot_leases")
    return urls + ([server.render_as_string(hide_password=False)] if server else [])


def test_a_live_holder_keeps_its_lease_and_a_dead_ones_is_taken_over(tmp_path: Path) -> None:
    """A heartbeat keeps a lease past many expiries; a holder on another machine that stopped beating loses it
    when it expires; one on this machine that died loses it at once."""
    from datetime import timedelta

    from sqlalchemy import delete

    from bot.shared_state import Lease, Leases
    from bot.storage import Storage
    from ingest.refresh import RefreshBusy

    expiry = timedelta(seconds=0.4)
    for url in database_urls(tmp_path):
        storage = Storage(url)
        with storage.engine.begin() as connection:
            connection.execute(delete(Lease))
        first, second = (Leases(storage, holder, expiry) for holder in ("host-a:1:aa", "host-b:2:bb"))
        with first.hold("refresh"):
            time.sleep(expiry.total_seconds() * 3)  # three expiries: the heartbeat renewed it
            with pytest.raises(RefreshBusy):
                second.hold("refresh").__enter__()
        assert second.take("refresh")  # released at the end of the block

        # host-b "dies" holding it: it is not renewed, and expires.
        assert not first.take("refresh")
        time.sleep(expiry.total_seconds() + 0.1)
        assert first.take("refresh")

        # A process of this machine that died holds it: taken over at once, without waiting for the expiry.
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout.strip()
        gone = Leases(storage, f"{socket.gethostname()}:{dead}:cc", timedelta(minutes=5))
        first.release("refresh")
        assert gone.take("refresh") and not gone.alive("host-b:2:bb")
        assert second.take("refresh")
        storage.engine.dispose()


# Erasure ------------------------------------------------------------------------------------------------------
def test_deleting_a_draft_erases_the_nominees_name_from_every_database_file(bad_day_bot) -> None:
    from bot.assistant import Caller
    from bot.faces.telegram import assistant_of

    _, application = bad_day_bot
    assistant = assistant_of(application)
    caller = Caller(8501, 8501)
    name = "Trịnh Văn Khiêm"

    def say(text: str, press: bool = False) -> list:
        return (assistant.press if press else assistant.handle)(caller, text)

    asked = say(f"Ông {name} (viết tắt: trinh van khiem) có được Chiến sĩ thi đua cơ sở không?")
    vote = next(b.action for row in asked[0].buttons for b in row if b.action.startswith("fb:"))
    say(vote, press=True)
    say("/de_nghi")
    say("nom:chien-si-thi-dua-co-so", press=True)
    say("nom:can-bo", press=True)
    say("Văn phòng UBND quận Lê Chân")
    say("UBND quận Lê Chân")
    say("nom:Dùng gợi ý", press=True)
    say("nom:Dùng gợi ý", press=True)
    say(name)
    draft = assistant.storage.active_draft(caller.user_id)
    assert name in draft.data
    files = sorted(Path(assistant.storage.engine.url.database).parent.glob("thiduabot.sqlite3*"))

    def found() -> list[str]:
        needles = [name.encode(), b"trinh van khiem"]  # compared in lower case
        return [f"{needle.decode()} in {path.name}" for path in files if path.exists()
                for needle in needles if needle.lower() in path.read_bytes().lower()]

    assert found(), "the name was never written (nothing to erase)"
    assert say(f"/ho_so xoa {draft.id}")[0].text.startswith(f"Xóa hồ sơ #{draft.id}")  # asked first
    assert f"Đã xóa hồ sơ #{draft.id}" in say(f"/ho_so xoa {draft.id} chac")[0].text
    assert found() == []
    kept = assistant.storage.feedback()[-1]
    assert kept.user_id == caller.user_id and "[đã xóa]" in kept.question  # the vote itself is kept


# Database faults ----------------------------------------------------------------------------------------------
def test_a_locked_database_delays_a_nomination_step_and_keeps_it(bad_day_bot) -> None:
    from bot.assistant import SAVED_LATE, Caller
    from bot.faces.telegram import assistant_of
    from tests.fakes import sqlite_write_locked

    _, application = bad_day_bot
    assistant = assistant_of(application)
    caller = Caller(8601, 8601)
    with sqlite_write_locked(assistant.storage.engine.url.database):
        [delayed] = assistant.handle(caller, "/de_nghi")
        assert "Chưa lưu được bước này vì cơ sở dữ liệu đang bị một tiến trình khác khóa" in delayed.text
        assert "giữ lại" in delayed.text
        assert assistant.storage.within(assistant.storage.active_draft, caller.user_id) is None
    replies = assistant.press(caller, "nom:chien-si-thi-dua-co-so")
    assert replies[0].text == SAVED_LATE.format(count=1)
    assert "Đã chọn: Danh hiệu “Chiến sĩ thi đua cơ sở”" in replies[-1].text
    assert assistant.storage.active_draft(caller.user_id).award == "chien-si-thi-dua-co-so"


def test_an_unreadable_database_file_answers_questions_and_logs_them_later(synthetic_settings, tmp_path: Path) -> None:
    """The SQLite file turns unusable while the bot runs: private questions are answered all the same (no
    apology), and logged once the file is usable again."""
    from bot.assistant import APOLOGY, Caller
    from bot.services import build_assistant

    copy_index(synthetic_settings, tmp_path)
    settings = synthetic_settings.model_copy(update={"data_dir": tmp_path, "drafts_dir": tmp_path / "drafts"})
    assistant = build_assistant(settings)
    caller = Caller(8701, 8701)
    path = Path(assistant.storage.engine.url.database)
    assistant.storage.engine.dispose()
    assistant.storage.quick_engine.dispose()
    good = path.read_bytes()
    path.write_bytes(b"\0" * 4096)  # no longer an SQLite file
    try:
        for question in (QUESTION, "Tiêu chuẩn Lao động tiên tiến?"):
            [reply] = assistant.handle(caller, question)
            assert reply.answer is not None and reply.answer.covered and APOLOGY not in reply.text
    finally:
        assistant.storage.engine.dispose()
        assistant.storage.quick_engine.dispose()
        path.write_bytes(good)
        for left in path.parent.glob(f"{path.name}-*"):
            left.unlink()
    assistant.handle(caller, "Hồ sơ đề nghị gồm những gì?")
    assert assistant.storage.stats(1)["questions"] == 3


def test_a_full_disk_is_named_and_leaves_no_part_file(bad_day_bot) -> None:
    """A real ENOSPC: the upload's temporary file is /dev/full."""
    from bot.assistant import Caller
    from bot.faces.telegram import assistant_of
    from tests.test_reliability import UPLOADED

    _, application = bad_day_bot
    assistant = assistant_of(application)
    folder = assistant.settings.upload_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".quy-che-day.md.part").symlink_to("/dev/full")
    body = UPLOADED.replace("quy-che-mau", "quy-che-day").replace("15/QC-SNV", "16/QC-SNV")
    [reply] = assistant.upload(Caller(1, 1), "quy-che-day.md", body.encode())
    assert reply.text == ("Không lưu được tệp quy-che-day.md: ổ đĩa của máy chủ đã đầy. Cơ sở tri thức không thay "
                          "đổi.")
    assert not [p.name for p in folder.iterdir() if "quy-che-day" in p.name]


# The vector server down -----------------------------------------------------------------------------------------
class ChromaServer:
    """`chroma run` on a loopback port, stopped and started again on the same port and folder."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.folder = folder
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        import urllib.request

        self.process = subprocess.Popen([str(Path(sys.executable).parent / "chroma"), "run", "--host", "127.0.0.1",
                                         "--port", str(self.port), "--path", str(self.folder)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2)
                return
            except OSError:
                assert time.monotonic() < deadline and self.process.poll() is None, "chroma did not start"
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def test_the_vector_server_down_gives_lexical_answers_with_a_note_then_hybrid_again(synthetic_settings,
                                                                                    tmp_path: Path) -> None:
    from bot.assistant import LEXICAL_ONLY, Caller
    from bot.services import build_assistant, run_refresh

    server = ChromaServer(tmp_path / "chroma-server")
    server.start()
    try:
        settings = synthetic_settings.model_copy(update={"data_dir": tmp_path / "data", "chroma_url": server.url,
                                                         "drafts_dir": tmp_path / "drafts"})
        run_refresh(settings)
        assistant = build_assistant(settings)
        retriever = assistant.engine.retriever
        retriever.dense_retry = 0.5
        caller = Caller(8801, 8801)

        def ask() -> tuple[str, list]:
            [reply] = assistant.handle(caller, QUESTION)
            assert reply.answer is not None and reply.answer.covered and ANSWERED in reply.answer.quote
            return "\n".join(reply.answer.warnings), [hit.dense for hit in reply.answer.hits]

        warnings, dense = ask()
        assert LEXICAL_ONLY not in warnings and any(dense)
        server.stop()
        retriever.reload()  # the pointer cannot be read: the index loaded keeps serving
        for _ in range(2):  # the failure, then the skipped server
            warnings, dense = ask()
            assert LEXICAL_ONLY in warnings and not any(dense)
        server.start()
        time.sleep(retriever.dense_retry)
        warnings, dense = ask()
        assert LEXICAL_ONLY not in warnings and any(dense)
    finally:
        if server.process and server.process.poll() is None:
            server.stop()


# Settings and logs ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["   ", " , ", ","])
def test_an_id_list_of_only_blanks_stops_the_start(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.settings import ConfigError, load_settings

    monkeypatch.setenv("ALLOWED_USER_IDS", value)
    with pytest.raises(ConfigError) as refused:
        load_settings(_env_file=None)
    assert "ALLOWED_USER_IDS" in str(refused.value) and "khoảng trắng" in str(refused.value)
    monkeypatch.setenv("ALLOWED_USER_IDS", "")  # empty: the documented "everyone"
    assert load_settings(_env_file=None).allowed_users == frozenset()


def test_env_file_keys_that_are_not_settings_are_named(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from bot.settings import ConfigError, load_settings

    env = tmp_path / ".env"
    env.write_text("ADMIN_IDS=5\nCOMPOSE_PROJECT_NAME=thidua\n", encoding="utf-8")
    with caplog.at_level("WARNING"):
        assert load_settings(_env_file=env).admins == {5}
    assert "COMPOSE_PROJECT_NAME" in caplog.text
    env.write_text("ALLOWED_USER_ID=5\n", encoding="utf-8")  # a letter short: the bot would be open to all
    with pytest.raises(ConfigError) as refused:
        load_settings(_env_file=env)
    assert "ALLOWED_USER_ID " in str(refused.value) and "ALLOWED_USER_IDS" in str(refused.value)


def test_log_level_is_a_setting_and_the_redactor_hides_token_and_words() -> None:
    import logging

    from bot.logs import Redactor
    from bot.settings import ConfigError, load_settings

    assert load_settings(_env_file=None, log_level="debug").log_level == "DEBUG"
    with pytest.raises(ConfigError):
        load_settings(_env_file=None, log_level="chatty")
    redactor = Redactor([TOKEN])
    lines = [
        (f"POST http://x/bot{TOKEN}/sendMessage", ()),
        ("Calling Bot API endpoint `sendMessage` with parameters `%s`", ({"chat_id": 1, "text": "Nguyễn Văn A"},)),
        ("Processing update %s", ("Update(message=Message(text=\"Anh's Nguyễn Văn A\", chat=Chat(id=1)))",)),
        ("Webhook received data: %s", ('{"message": {"text": "Nguyễn Văn A", "from": {"first_name": "Lan"}}}',)),
    ]
    for message, args in lines:
        record = logging.LogRecord("telegram", logging.DEBUG, __file__, 1, message, args, None)
        redactor.filter(record)
        assert TOKEN not in record.msg and "Nguyễn Văn A" not in record.msg and "Lan" not in record.msg
        assert "[token]" in record.msg or "[…]" in record.msg


def test_postgresql_paused_then_stopped_holds_no_answer_and_loses_no_step(synthetic_settings, tmp_path: Path) -> None:
    """PostgreSQL behind a proxy that pauses it (as SIGSTOP does: connections open, nothing answers) and then
    stops it: questions are answered and logged later, a nomination step says saving is delayed and is saved at
    the next message once the server is back."""
    from bot.assistant import APOLOGY, SAVED_LATE, Caller
    from bot.services import build_assistant
    from tests.fault_proxy import FaultProxy

    database = own_database("thiduabot_faults")
    if database is None:
        pytest.skip("needs PostgreSQL: .ci/services starts one and sets THIDUABOT_TEST_DATABASE_URL")
    proxy = FaultProxy(database.host, database.port)
    proxied = database.set(host="127.0.0.1", port=proxy.port)
    copy_index(synthetic_settings, tmp_path)
    settings = synthetic_settings.model_copy(update={
        "data_dir": tmp_path, "drafts_dir": tmp_path / "drafts",
        "database_url": proxied.render_as_string(hide_password=False)})
    assistant = build_assistant(settings)
    storage = assistant.storage
    storage.wait = 2.0  # a paused server is given up on after this (DB_WAIT in production)
    nominating, asking = Caller(8901, 8901), Caller(8902, 8902)
    assistant.handle(nominating, "/de_nghi")

    def answered_meanwhile(caller: Caller, text: str, press: bool = False) -> list:
        replies: list = []
        worker = threading.Thread(target=lambda: replies.extend(
            (assistant.press if press else assistant.handle)(caller, text)))
        worker.start()
        worker.join(60)
        assert not worker.is_alive(), "the bot waited on the database"
        return replies

    try:
        for fault in (proxy.pause, proxy.stop):
            fault()
            storage.down_until = 0.0  # each fault met afresh
            [reply] = answered_meanwhile(asking, QUESTION)
            assert reply.answer is not None and ANSWERED in reply.answer.quote and APOLOGY not in reply.text
            [delayed] = answered_meanwhile(nominating, "nom:chien-si-thi-dua-co-so", press=True)
            assert delayed.text.startswith("Chưa lưu được bước này vì ") and "giữ lại" in delayed.text
            proxy.resume()
        storage.down_until = 0.0
        replies = assistant.press(nominating, "nom:can-bo")
        assert replies[0].text == SAVED_LATE.format(count=2)
        assert storage.active_draft(nominating.user_id).award == "chien-si-thi-dua-co-so"
        assistant.handle(asking, "Tiêu chuẩn Lao động tiên tiến?")
        assert storage.stats(1)["questions"] == 3  # the two asked while it was away, logged now
    finally:
        proxy.close()
        storage.engine.dispose()


def test_a_burst_on_the_shared_rate_limit_lets_exactly_the_limit_through(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from bot.shared_state import SharedState
    from bot.storage import Storage

    for url in database_urls(tmp_path):
        workers = [SharedState(Storage(url)).limiter(20) for _ in range(2)]  # two workers' engines
        with ThreadPoolExecutor(max_workers=12) as pool:
            allowed = list(pool.map(lambda limiter: limiter.allow(4242), [workers[n % 2] for n in range(30)]))
        assert allowed.count(True) == 20, url
        for worker in workers:
            worker.engine.dispose()
