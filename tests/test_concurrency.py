"""Many staff at once while the language model is slow: their answers wait for the model together, not in turns
of asyncio's default thread pool (cores + 4 threads)."""

from __future__ import annotations

import shutil

import pytest

from tests.fake_openai import fake_chat_server

STAFF = range(8101, 8111)


@pytest.fixture()
def slow_model_bot(synthetic_settings, tmp_path):
    from bot.faces.telegram import build_application
    from bot.services import build_assistant
    from tests.fake_telegram import TOKEN, FakeBotApi, RunningBot

    shutil.copytree(synthetic_settings.data_dir / "chroma", tmp_path / "chroma")
    api = FakeBotApi()
    api.start()
    with fake_chat_server() as model:
        model.reply, model.delay = "Được thưởng 1,0 lần mức lương cơ sở [1].", 1.5
        settings = synthetic_settings.model_copy(update={
            "data_dir": tmp_path, "upload_dir": tmp_path / "uploads", "drafts_dir": tmp_path / "drafts",
            "telegram_bot_token": TOKEN, "telegram_base_url": api.base_url,
            "telegram_base_file_url": api.base_file_url, "llm_base_url": model.url, "llm_timeout": 10,
            "rate_limit_per_minute": 100})
        with RunningBot(build_application(settings, build_assistant(settings)), settings):
            api.wait_for(lambda m, p: m == "setMyCommands")
            yield api, model
    api.stop()


def test_staff_wait_for_a_slow_model_together(slow_model_bot) -> None:
    api, model = slow_model_bot
    since = len(api.calls)
    for user in STAFF:
        api.send_text(user, "Chiến sĩ thi đua cơ sở được thưởng bao nhiêu?")
    for user in STAFF:
        assert "1,0 lần mức lương cơ sở" in api.sent_to(user, since, timeout=60)[0]["text"]
    assert model.most_in_flight == len(STAFF)
