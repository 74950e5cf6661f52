"""Fails closed, loses nothing (issue 12): settings checked at start, uploads that cannot replace or shadow
another document, hostile files refused, concurrent ingests on a new machine, reports without server paths."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.settings import ConfigError, Settings, check_environment, is_admin, is_allowed, load_settings
from ingest.refresh import refresh
from ingest.store import IndexStore, open_client
from ingest.uploads import accept_upload, safe_file_name
from tests.conftest import LAW_A, ROOT, stored, write
from tests.fakes import HashEmbeddings
from tests.test_loaders import circular_docx, zip_bomb_docx

UPLOADED = """---
id: quy-che-mau
title: Quy chế thi đua mẫu của Sở
number: 15/QC-SNV
---
### Điều 1. Đối tượng
Quy chế áp dụng với công chức của Sở mẫu.

### Điều 2. Danh hiệu Lao động tiên tiến của Sở
Tặng cho cá nhân hoàn thành tốt nhiệm vụ và có sáng kiến.
"""


# Settings ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("variable", "value"), [("ADMIN_IDS", "1,@lan"), ("ALLOWED_USER_IDS", "1;2"),
                                                 ("ALLOWED_CHAT_IDS", "-100123 -100456")])
def test_a_malformed_id_list_stops_the_start(variable: str, value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings(_env_file=None)
    assert variable in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize(("variable", "value", "reason"), [("RATE_LIMIT_PER_MINUTE", "nhiều", "phải là số nguyên"),
                                                           ("MAX_UPLOAD_MB", "0", "phải lớn hơn 0"),
                                                           ("WEBHOOK_PORT", "70000", "không được lớn hơn 65535")])
def test_other_bad_values_are_named_in_vietnamese(variable: str, value: str, reason: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings(_env_file=None)
    assert str(raised.value) == f"Cấu hình {variable} không hợp lệ: {reason}."


def test_well_formed_id_lists_are_read() -> None:
    settings = load_settings(_env_file=None, admin_ids=" 7 ", allowed_user_ids="1, 2,", allowed_chat_ids="-100123")
    assert settings.admins == {7} and settings.allowed_users == {1, 2} and settings.allowed_chats == {-100123}
    assert is_allowed(settings, 2, 5) and is_allowed(settings, 9, -100123) and is_allowed(settings, 7, 5)
    assert not is_allowed(settings, 9, 5) and is_admin(settings, 7) and not is_admin(settings, 1)


def test_any_error_in_the_access_check_denies() -> None:
    # A settings object that skipped validation (built in code): its lists cannot be read.
    broken = Settings.model_construct(allowed_user_ids="1;2", allowed_chat_ids="", admin_ids="1,@lan")
    assert not is_allowed(broken, 1, 1) and not is_allowed(broken, 2, 2)
    assert not is_admin(broken, 1)
    assert not is_allowed(load_settings(_env_file=None, allowed_user_ids="1"), "not-a-number", 1)  # type: ignore[arg-type]


def test_the_cli_stops_with_one_sentence_on_a_bad_setting(tmp_path: Path) -> None:
    env = {**os.environ, "ADMIN_IDS": "1,@lan", "DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot.faces.cli", "sources"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "ADMIN_IDS" in done.stderr


def test_a_corrupt_database_stops_the_start_with_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from bot.faces import cli
    from tests.conftest import TEST_MODEL

    data = tmp_path / "data"
    data.mkdir()
    (data / "thiduabot.sqlite3").write_bytes(b"garbage, not SQLite " * 100)
    for name, value in {"DATA_DIR": data, "KNOWLEDGE_DIRS": tmp_path / "docs", "EMBEDDING_MODEL": TEST_MODEL,
                        "UPLOAD_DIR": tmp_path / "uploads"}.items():
        monkeypatch.setenv(name, str(value))
    assert cli.main(["ask", "Tiêu chuẩn Lao động tiên tiến?"]) == cli.EXIT_CONFIG
    error = capsys.readouterr().err.strip()
    assert "DATA_DIR" in error and "thiduabot.sqlite3" in error and "\n" not in error


def test_knowledge_files_are_found_from_any_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")
    assert settings.abbreviations_file.is_file() and (settings.awards_dir / "_common.yaml").is_file()
    assert settings.abbreviations_file == ROOT / "knowledge" / "abbreviations.yaml"
    check_environment(settings)


@pytest.mark.parametrize("variable", ["AWARDS_DIR", "ABBREVIATIONS_FILE"])
def test_a_missing_knowledge_file_is_reported_at_start(variable: str, tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, **{variable.lower(): tmp_path / "missing"})
    with pytest.raises(ConfigError) as raised:
        check_environment(settings)
    assert variable in str(raised.value)


def test_an_unwritable_data_dir_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        check_environment(Settings(_env_file=None, data_dir=blocker / "data"))
    assert "DATA_DIR" in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_data_dir_is_one_sentence(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o500)
    try:
        with pytest.raises(ConfigError, match="DATA_DIR"):
            check_environment(Settings(_env_file=None, data_dir=data))
    finally:
        data.chmod(0o700)


def test_an_unreachable_chroma_server_is_one_sentence(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(_env_file=None, data_dir=tmp_path, chroma_url=f"http://127.0.0.1:{port}")
    started = time.monotonic()
    with pytest.raises(ConfigError) as raised:
        check_environment(settings)
    assert "CHROMA_URL" in str(raised.value) and time.monotonic() - started < 6


# Uploads ----------------------------------------------------------------------------------------------------
@pytest.fixture()
def indexed(small_sources: Path, tmp_path: Path):
    """The small corpus indexed, with an empty upload folder beside it; returns a function that refreshes."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    store = IndexStore(open_client(tmp_path / "chroma"))

    def run():
        return refresh([small_sources, uploads], store, HashEmbeddings(), tmp_path / "refresh.lock")

    run()
    return store, uploads, run


def served_documents(store: IndexStore) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in store.records(store.current()).values():
        counts[record["metadata"]["doc_id"]] = counts.get(record["metadata"]["doc_id"], 0) + 1
    return counts


@pytest.mark.parametrize("how", ["front-matter-id", "file-name", "same-number"])
def test_an_upload_cannot_replace_a_document_of_the_corpus(how: str, indexed, tmp_path: Path) -> None:
    store, uploads, run = indexed
    before = served_documents(store)
    forged = LAW_A.replace("Luật này quy định về thi đua mẫu.", "Lao động tiên tiến được thưởng 100 lần lương.")
    if how == "front-matter-id":
        name, data = "tai-lieu.md", forged.encode()
    elif how == "file-name":
        name, data = "luat-mau.docx", circular_docx(tmp_path / "x.docx").read_bytes()
    else:
        name, data = "khac.md", forged.replace("id: luat-mau", "id: luat-khac").encode()
    for replace in (False, True):
        result = accept_upload(name, data, uploads, store.generation().documents, replace=replace)
        assert not result.accepted and "luat-mau" in result.message
    assert stored(uploads) == []
    run()
    assert served_documents(store) == before


def test_hostile_names_are_renamed_and_every_accepted_upload_is_indexed(indexed) -> None:
    store, uploads, run = indexed
    names = {".an.md": "an.md", "README.md": "readme-tai-len.md", "..\\..\\x.md": "x.md", "../../y.md": "y.md",
             "Quyết định khen thưởng.md": "quyet-dinh-khen-thuong.md"}
    results = []
    for index, name in enumerate(names):
        body = UPLOADED.replace("quy-che-mau", f"quy-che-{index}").replace("15/QC-SNV", f"{15 + index}/QC-SNV") \
            .replace("mẫu của Sở", f"mẫu của Sở số {index}")  # id, number and title each its own
        result = accept_upload(name, body.encode(), uploads, store.generation().documents)
        assert result.accepted and result.file_name == names[name] and result.message.startswith("Đã nhận")
        results.append(result)
    assert stored(uploads) == sorted(names.values())
    report = run()
    served = served_documents(store)
    for index, result in enumerate(results):
        assert served.get(f"quy-che-{index}") == 2
        assert "đã có trong cơ sở tri thức" in result.after_refresh(report)


def test_a_second_upload_of_the_same_name_needs_a_confirmed_replace(indexed) -> None:
    store, uploads, run = indexed
    first = accept_upload("quy-che.md", UPLOADED.encode(), uploads, store.generation().documents)
    assert first.accepted
    run()
    changed = UPLOADED.replace("có sáng kiến", "có sáng kiến được công nhận")
    again = accept_upload("quy-che.md", changed.encode(), uploads, store.generation().documents)
    assert not again.accepted and again.needs_confirmation
    assert (uploads / "quy-che.md").read_text(encoding="utf-8") == UPLOADED

    other_name = accept_upload("ban-moi.md", changed.encode(), uploads, store.generation().documents)
    assert other_name.needs_confirmation and "quy-che.md" in other_name.message
    confirmed = accept_upload("ban-moi.md", changed.encode(), uploads, store.generation().documents, replace=True)
    assert confirmed.accepted and stored(uploads) == ["ban-moi.md"]
    run()
    texts = [r["text"] for r in store.records(store.current()).values() if r["metadata"]["doc_id"] == "quy-che-mau"]
    assert any("được công nhận" in text for text in texts)

    same = accept_upload("ban-moi.md", changed.encode(), uploads, store.generation().documents)
    assert not same.accepted and "giống hệt" in same.message


def test_an_upload_that_cannot_be_indexed_says_why(indexed) -> None:
    store, uploads, _ = indexed
    for name, data, reason in [("bang.xlsx", b"PK", "không được hỗ trợ"), ("rong.md", b"  ", "rỗng"),
                               ("hong.docx", b"not a zip", "không phải tệp .docx")]:
        result = accept_upload(name, data, uploads, store.generation().documents)
        assert not result.accepted and reason in result.message
    assert stored(uploads) == []


def test_a_zip_bomb_upload_is_refused_and_not_kept(indexed, tmp_path: Path) -> None:
    store, uploads, _ = indexed
    bomb = zip_bomb_docx(tmp_path / "bom.docx").read_bytes()
    started = time.monotonic()
    result = accept_upload("bom.docx", bomb, uploads, store.generation().documents)
    assert not result.accepted and "quá lớn" in result.message
    assert time.monotonic() - started < 5 and stored(uploads) == []


def test_a_zip_bomb_in_a_knowledge_folder_is_skipped_at_refresh(indexed, tmp_path: Path) -> None:
    _, uploads, run = indexed
    zip_bomb_docx(uploads / "bom.docx")
    started = time.monotonic()
    report = run()
    assert time.monotonic() - started < 10
    assert [(shown, "quá lớn" in reason) for shown, reason in report.skipped] == [("uploads/bom.docx", True)]


def test_upload_names_stay_inside_the_folder() -> None:
    for hostile in ("../../etc/passwd.md", "..\\..\\boot.ini.md", "/abs/path.md", ".hidden.md", "a\x00b.md", "...md"):
        name = safe_file_name(hostile)
        assert "/" not in name and "\\" not in name and not name.startswith(".") and "\x00" not in name


# Refresh on a new machine, and its report --------------------------------------------------------------------
def test_the_refresh_report_names_files_from_their_knowledge_folder(small_sources: Path, tmp_path: Path) -> None:
    (small_sources / "hong.docx").write_bytes(b"junk")
    write(small_sources / "con" / "khong-khai-bao.md", "### Điều 1. Mẫu\nNội dung mẫu.\n")
    report = refresh([small_sources], IndexStore(open_client(tmp_path / "chroma")), HashEmbeddings(),
                     tmp_path / "refresh.lock")
    shown = report.render() + repr(report.as_dict())
    assert str(tmp_path) not in shown
    assert "docs/hong.docx" in shown and "docs/con/khong-khai-bao.md" in shown


def test_a_second_ingest_waits_while_the_first_creates_the_store(tmp_path: Path) -> None:
    """Every ingest opens the store before it takes the refresh lock; on an empty folder chromadb creates its
    tables then, and two processes doing it at once collide ("table collections already exists", "database is
    locked": about one run in three with four processes). A second opener waits for the first instead."""
    from tests.fakes import opened_after_lock

    folder = tmp_path / "data" / "chroma"
    folder.parent.mkdir(parents=True)
    # The first ingest holds the lock while it creates the tables.
    store = opened_after_lock(folder.parent / ".chroma.open-lock", lambda: IndexStore(open_client(folder)))
    assert store.generation() is None


# Telegram: flood control, dropped connections, forged buttons, follow-ups, long words --------------------------
QUESTION = "Chiến sĩ thi đua cơ sở được thưởng bao nhiêu?"


@pytest.fixture(scope="module")
def faulty_bot(synthetic_settings, tmp_path_factory: pytest.TempPathFactory):
    """The real Application against the fake Bot API, whose faults each test sets (and clears)."""
    import shutil

    from bot.faces.telegram import build_application
    from bot.services import build_assistant
    from tests.fake_telegram import TOKEN, FakeBotApi, RunningBot

    data = tmp_path_factory.mktemp("faulty-bot")
    shutil.copytree(synthetic_settings.data_dir / "chroma", data / "chroma")
    api = FakeBotApi()
    api.start()
    settings = synthetic_settings.model_copy(update={
        "data_dir": data, "upload_dir": data / "uploads", "drafts_dir": data / "drafts", "telegram_bot_token": TOKEN,
        "telegram_base_url": api.base_url, "telegram_base_file_url": api.base_file_url, "admin_ids": "1",
        "rate_limit_per_minute": 100})
    assistant = build_assistant(settings)
    with RunningBot(build_application(settings, assistant), settings):
        api.wait_for(lambda m, p: m == "setMyCommands")
        yield api, assistant
    api.stop()


def answers_to(api, user: int, since: int) -> list[dict]:
    return [p for m, p in api.calls[since:] if m == "sendMessage" and int(p["chat_id"]) == user]


def test_flood_control_and_dropped_connections_lose_no_answer(faulty_bot) -> None:
    api, _ = faulty_bot
    users = range(7001, 7011)
    since = len(api.calls)
    api.flood_every, api.drop_every = 5, 7
    try:
        for round_ in range(2):
            for user in users:
                api.send_text(user, QUESTION if round_ == 0 else "Tiêu chuẩn Lao động tiên tiến?")
            for user in users:
                api.sent_to(user, since, count=round_ + 1, timeout=90)
    finally:
        api.flood_every = api.drop_every = 0
    assert api.flooded >= 3 and api.dropped >= 2
    for user in users:
        texts = [p["text"] for p in answers_to(api, user, since)]
        assert len(texts) == 2 and "1,0 lần mức lương cơ sở" in texts[0] and "Xin lỗi" not in "".join(texts)


def test_flood_control_in_one_chat_does_not_hold_other_answers(faulty_bot) -> None:
    """A 429 on one staff member's answer pauses that chat only: another's answer, asked later, arrives first,
    and the paused one still arrives after retry_after."""
    api, _ = faulty_bot
    paused, other = 7020, 7021
    since, flooded = len(api.calls), api.flooded
    api.flood_every, api.retry_after = 1, 3
    try:
        api.send_text(paused, QUESTION)
        deadline = time.monotonic() + 30
        while api.flooded == flooded and time.monotonic() < deadline:
            time.sleep(0.01)
        flooded_at = time.monotonic()
        api.flood_every = 0
        api.send_text(other, "Tiêu chuẩn Lao động tiên tiến?")
        api.sent_to(other, since, timeout=30)
        assert not answers_to(api, paused, since), "the other chat's answer waited for this chat's flood control"
        assert time.monotonic() - flooded_at < api.retry_after
        api.sent_to(paused, since, timeout=30)
        assert time.monotonic() - flooded_at >= api.retry_after
    finally:
        api.flood_every, api.retry_after = 0, 1
    assert api.flooded == flooded + 1


@pytest.mark.parametrize("data", ["src:abc:0", "fb:1", "fb:99999999999999999999999999:1", "src:1:2:3", "fb:1:7",
                                  "src:-1:0", "zzz", "", "nom:", "up:yes"])
def test_a_forged_button_is_answered_and_never_raises(faulty_bot, data: str) -> None:
    api, _ = faulty_bot
    user = 7100
    since = len(api.calls)
    api.press(user, data)
    answered = api.wait_for(lambda m, p: m == "answerCallbackQuery", since=since)[0][1]
    time.sleep(0.2)
    assert not [p for p in answers_to(api, user, since) if "Xin lỗi" in p["text"]]
    assert "Xin lỗi" not in answered.get("text", "")


def buttons_of(message: dict) -> list[dict]:
    return [b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


def test_a_vote_counts_only_from_the_one_who_asked(faulty_bot) -> None:
    api, assistant = faulty_bot
    asker, other = 7201, 7202
    since = len(api.calls)
    api.send_text(asker, QUESTION)
    answer = api.sent_to(asker, since)[0]
    up = next(b for b in buttons_of(answer) if b["text"] == "👍")
    since = len(api.calls)
    api.press(other, up["callback_data"])
    toast = api.wait_for(lambda m, p: m == "answerCallbackQuery", since=since)[0][1]
    assert "Cảm ơn" not in toast.get("text", "")
    assert not [f for f in assistant.storage.feedback() if f.user_id == other]


def test_an_emoji_after_a_question_is_not_a_follow_up(faulty_bot) -> None:
    api, _ = faulty_bot
    user = 7301
    since = len(api.calls)
    api.send_text(user, QUESTION)
    api.sent_to(user, since)
    since = len(api.calls)
    api.send_text(user, "👍👍")
    reply = api.sent_to(user, since)[0]
    assert "1,0 lần" not in reply["text"] and not buttons_of(reply)


def test_a_word_longer_than_a_message_is_still_split_under_the_limit() -> None:
    from bot.faces.telegram_format import LIMIT, split_html

    for text in ("a" * 10_000, "<b>" + "x&amp;" * 3_000 + "</b>", "Xem: https://vbpl.invalid/" + "y" * 9_000):
        parts = split_html(text)
        assert len(parts) > 1 and all(len(part) <= LIMIT for part in parts)
        assert all(not re.search(r"&[a-z]*$", part.removesuffix("</b>")) for part in parts)


def test_an_error_in_the_access_check_denies(faulty_bot) -> None:
    from bot.assistant import REFUSAL, Caller

    _, assistant = faulty_bot
    broken = Settings.model_construct(**{**assistant.settings.__dict__, "allowed_user_ids": "1;2",
                                         "admin_ids": "1,@lan"})
    original, assistant.settings = assistant.settings, broken
    try:
        assert [r.text for r in assistant.gate(Caller(434343, 434343))] == [REFUSAL]
        assert not assistant.is_admin(Caller(1, 1))
    finally:
        assistant.settings = original


def test_uploads_through_telegram_replace_only_after_the_admin_confirms(faulty_bot) -> None:
    api, assistant = faulty_bot
    admin = 1
    since = len(api.calls)
    api.send_document(admin, "luat.md", LAW_A.encode())  # id luat-mau: a document of the corpus
    refused = api.sent_to(admin, since)[0]["text"]
    assert "văn bản gốc" in refused and "luat-mau" in refused

    since = len(api.calls)
    api.send_document(admin, "Quy chế.md", UPLOADED.encode())
    texts = [p["text"] for p in api.sent_to(admin, since, count=2, timeout=120)]
    assert texts[0].startswith("Đã nhận: Quy chế thi đua mẫu của Sở (15/QC-SNV)")
    assert "Quy chế thi đua mẫu của Sở đã có trong cơ sở tri thức" in texts[1]

    changed = UPLOADED.replace("có sáng kiến", "có sáng kiến được công nhận")
    since = len(api.calls)
    api.send_document(admin, "quy-che-moi.md", changed.encode())
    question = api.sent_to(admin, since)[0]
    assert "Thay thế?" in question["text"] and "quy-che.md" in question["text"]
    assert stored(assistant.settings.upload_dir) == ["quy-che.md"]
    confirm = next(b for b in buttons_of(question) if b["callback_data"] == "up:yes")
    since = len(api.calls)
    api.press(admin, confirm["callback_data"])
    texts = [p["text"] for p in api.sent_to(admin, since, count=2, timeout=120)]
    assert texts[0].startswith("Đã nhận") and "Thay cho:" in texts[0]
    assert "đã có trong cơ sở tri thức" in texts[1]
    assert stored(assistant.settings.upload_dir) == ["quy-che-moi.md"]
    served = assistant.engine.article_text("quy-che-mau:d2")[1]
    assert "được công nhận" in served


def test_a_locked_database_does_not_freeze_the_bot(faulty_bot) -> None:
    from tests.fakes import sqlite_write_locked

    api, assistant = faulty_bot
    with sqlite_write_locked(assistant.storage.engine.url.database):
        since = len(api.calls)
        api.send_text(7401, "/start")
        api.send_text(7402, QUESTION)
        assert "Xin chào" in api.sent_to(7401, since, timeout=4)[0]["text"]
        assert "1,0 lần mức lương cơ sở" in api.sent_to(7402, since, timeout=4)[0]["text"]


def test_a_control_character_in_a_name_is_stripped_and_deleting_the_draft_deletes_its_documents(faulty_bot) -> None:
    from bot.assistant import Caller

    _, assistant = faulty_bot
    caller = Caller(7501, 7501)

    def say(text: str, expect: str, press: bool = False) -> None:
        shown = "\n".join(reply.text for reply in (assistant.press if press else assistant.handle)(caller, text))
        assert expect in shown, shown

    say("/de_nghi", "chọn danh hiệu")
    say("nom:chien-si-thi-dua-co-so", "thuộc nhóm nào", press=True)
    say("nom:can-bo", "Tên cơ quan, đơn vị của bạn", press=True)
    say("Văn phòng\x0bUBND quận Lê Chân", "Cơ quan chủ quản")
    say("UBND quận Lê Chân", "Ký hiệu viết tắt")
    say("nom:Không", "Địa danh", press=True)
    say("nom:Dùng gợi ý", "Họ và tên người được đề nghị?", press=True)
    say("Phạm\x0bMinh\x00 Châu\u200b\x07", "Năm sinh?")
    draft = assistant.storage.active_draft(caller.user_id)
    stored = json.dumps(draft.session, ensure_ascii=False)
    assert "Phạm Minh Châu" in stored and "Văn phòng UBND quận Lê Chân" in stored
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u200b]", stored)

    # The documents a finished draft had: deleting the draft deletes them (they carry the nominee's data).
    folder = Path(draft.session["output"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bao-cao-thanh-tich-pham-minh-chau.docx").write_bytes(b"Pham Minh Chau 1979")
    say(f"/ho_so xoa {draft.id}", f"Xóa hồ sơ #{draft.id}")
    assert folder.exists()  # asked, not yet deleted
    say(f"/ho_so xoa {draft.id} chac", f"Đã xóa hồ sơ #{draft.id}")
    assert not folder.exists()
    say("/de_nghi", "chọn danh hiệu")
    assert assistant.storage.active_draft(caller.user_id).id > draft.id  # a new draft never takes the old number


def test_an_upload_during_a_refresh_is_indexed_by_the_next_one(faulty_bot) -> None:
    import threading

    from bot.assistant import Caller

    _, assistant = faulty_bot
    body = UPLOADED.replace("quy-che-mau", "quy-che-trong-luc").replace("15/QC-SNV", "99/QC-SNV")
    assert assistant._refreshing.acquire(blocking=False)  # a refresh under way (it read the folders already)
    released = False
    try:
        [reply] = assistant.upload(Caller(1, 1), "trong-luc.md", body.encode())
        assert reply.text.startswith("Đã nhận") and "ngay sau đó" in reply.text and reply.job is not None
        outcome: list = []
        worker = threading.Thread(target=lambda: outcome.extend(reply.job(lambda _line: None)))
        worker.start()
        time.sleep(0.3)
        assert not outcome  # waits for the running refresh instead of reporting before it
        assistant._refreshing.release()
        released = True
        worker.join(60)
    finally:
        if not released:
            assistant._refreshing.release()
    assert "đã có trong cơ sở tri thức" in outcome[0].text
    assert "quy-che-trong-luc" in assistant.engine.documents
