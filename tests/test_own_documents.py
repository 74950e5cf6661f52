"""A document the knowledge base holds answers the question it rules: an admin's upload with no locality (the
users' own) or issued by the users' province comes before another province's rule, through Telegram (upload,
refresh, question), the console and `thiduabot ask`, all over the same index."""

from __future__ import annotations

import html
import io
import re
import shutil

import pytest

from bot.assistant import Caller
from bot.faces import cli
from bot.faces.console import ConsoleChat
from bot.faces.telegram import build_application
from bot.services import build_assistant
from tests.fake_telegram import TOKEN, FakeBotApi, RunningBot

ADMIN = 1001
STAFF = 2002
OWN_RULE = ("---\nid: quy-dinh-noi-bo\ntitle: Quy định thời hạn nộp hồ sơ khen thưởng của Sở\n"
            "number: 03/QĐ-SNV\ntype: quyet-dinh\n{issuer}status: in-force\n---\n"
            "### Điều 1. Thời hạn nộp hồ sơ\n"
            "Hạn nộp hồ sơ đề nghị khen thưởng thường xuyên của các phòng, đơn vị là ngày 20 tháng 01 hằng năm.\n")
QUESTIONS = ("Thời hạn nộp hồ sơ đề nghị khen thưởng thường xuyên là ngày nào?",
             "Hạn nộp hồ sơ đề nghị khen thưởng thường xuyên của Hải Phòng là khi nào?")


@pytest.fixture(params=["", "issuer: Ủy ban nhân dân thành phố Hải Phòng\n"], ids=["no-issuer", "hai-phong"])
def own_rule_bot(request, synthetic_settings, tmp_path, monkeypatch: pytest.MonkeyPatch):
    """A bot over a copy of the synthetic index (which holds another province's deadline, Bắc Mẫu's), with an
    admin who uploads the users' own rule."""
    shutil.copytree(synthetic_settings.data_dir / "chroma", tmp_path / "chroma")
    api = FakeBotApi()
    api.start()
    settings = synthetic_settings.model_copy(update={
        "data_dir": tmp_path, "upload_dir": tmp_path / "uploads", "telegram_bot_token": TOKEN,
        "telegram_base_url": api.base_url, "telegram_base_file_url": api.base_file_url,
        "admin_ids": str(ADMIN), "allowed_user_ids": f"{ADMIN},{STAFF}", "drafts_dir": tmp_path / "drafts"})
    for name, value in (("DATA_DIR", tmp_path), ("KNOWLEDGE_DIRS", settings.knowledge_dirs),
                        ("UPLOAD_DIR", settings.upload_dir), ("EMBEDDING_MODEL", settings.embedding_model),
                        ("RELEVANCE_THRESHOLD", settings.relevance_threshold), ("PROVINCE", settings.province)):
        monkeypatch.setenv(name, str(value))
    assistant = build_assistant(settings)
    with RunningBot(build_application(settings, assistant), settings):
        api.wait_for(lambda m, p: m == "setMyCommands")
        yield api, assistant, OWN_RULE.format(issuer=request.param)
    api.stop()


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"</?\w+[^>]*>", "", text))


def test_an_uploaded_rule_answers_in_telegram_console_and_ask(own_rule_bot, capsys) -> None:
    api, assistant, document = own_rule_bot
    before = len(api.calls)
    api.send_text(STAFF, QUESTIONS[0])
    first = _plain(api.sent_to(STAFF, before)[-1]["text"])
    assert "Bắc Mẫu" in first and "20 tháng 01" not in first  # before the upload: only another province's rule

    since = len(api.calls)
    api.send_document(ADMIN, "quy-dinh-noi-bo.md", document.encode())
    texts = [p["text"] for p in api.sent_to(ADMIN, since, count=2, timeout=120)]
    assert "Thêm mới: 1" in texts[1]

    stdout = io.StringIO()
    console = ConsoleChat(assistant, io.StringIO(), stdout, caller=Caller(STAFF, STAFF))
    for question in QUESTIONS:
        since = len(api.calls)
        api.send_text(STAFF, question)
        telegram = _plain(api.sent_to(STAFF, since)[-1]["text"])
        stdout.seek(0)
        stdout.truncate()
        console.handle(question)
        assert cli.main(["ask", question]) == 0
        asked = capsys.readouterr().out
        for reply in (telegram, stdout.getvalue(), asked):
            assert "ngày 20 tháng 01 hằng năm" in reply
            assert "Điều 1" in reply and "03/QĐ-SNV" in reply
            assert "chưa có quy định của Hải Phòng" not in reply
            assert not reply.lstrip().startswith(("Cơ sở tri thức chưa", "Theo Điều 3"))
