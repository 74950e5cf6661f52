"""End to end: the real python-telegram-bot Application, started with run_polling, against a fake Bot API
server on 127.0.0.1, over a copy of the synthetic corpus's index (deterministic embeddings)."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from bot.assistant import ADMIN_ONLY, APOLOGY, REFUSAL, UPLOAD_ADMIN_ONLY, Assistant, RateLimiter
from bot.faces.telegram import build_application
from bot.faces.telegram_format import split_html
from bot.services import build_assistant
from tests.fake_telegram import BOT_USER, TOKEN, FakeBotApi, RunningBot

ADMIN = 1001
STAFF = 2002
STRANGER = 3003
GROUP = -5005
ALLOWED = [ADMIN, STAFF, *range(4000, 4100)]


@pytest.fixture(scope="module")
def bot_env(synthetic_settings, tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("bot-data")
    shutil.copytree(synthetic_settings.data_dir / "chroma", data / "chroma")
    api = FakeBotApi()
    api.start()
    settings = synthetic_settings.model_copy(update={
        "data_dir": data, "upload_dir": data / "uploads", "telegram_bot_token": TOKEN,
        "telegram_base_url": api.base_url, "telegram_base_file_url": api.base_file_url,
        "admin_ids": str(ADMIN), "allowed_user_ids": ",".join(map(str, ALLOWED)), "allowed_chat_ids": str(GROUP),
        "rate_limit_per_minute": 6, "drafts_dir": data / "drafts",
    })
    assistant = build_assistant(settings)
    with RunningBot(build_application(settings, assistant), settings):
        api.wait_for(lambda m, p: m == "setMyCommands")
        yield api, assistant
    api.stop()


def test_start_and_commands(bot_env) -> None:
    api, _ = bot_env
    registered = api.wait_for(lambda m, p: m == "setMyCommands")[0][1]["commands"]
    commands = {c["command"]: c["description"] for c in registered}
    assert {"start", "help", "hoi", "nguon", "huy", "capnhat", "thongke"} <= set(commands)
    assert commands["nguon"] == "Các văn bản trong cơ sở tri thức"
    since = len(api.calls)
    api.send_text(STAFF, "/start")
    reply = api.sent_to(STAFF, since)[0]
    assert "Xin chào" in reply["text"] and "/capnhat" not in reply["text"]
    since = len(api.calls)
    api.send_text(ADMIN, "/help")
    assert "/capnhat" in api.sent_to(ADMIN, since)[0]["text"]


def test_question_answer_buttons_source_and_feedback(bot_env) -> None:
    api, services = bot_env
    user = 4001
    since = len(api.calls)
    api.send_text(user, "Chiến sĩ thi đua cơ sở được thưởng bao nhiêu?")
    reply = api.sent_to(user, since)[0]
    assert not any(m == "sendChatAction" for m, p in api.calls[since:]), "a quick answer needs no typing…"
    assert reply["parse_mode"] == "HTML"
    assert "1,0 lần mức lương cơ sở" in reply["text"] and "<blockquote>" in reply["text"]
    buttons = [b for row in reply["reply_markup"]["inline_keyboard"] for b in row]
    labels = [b["text"] for b in buttons]
    assert "📄 Điều 10 — Nghị định 02/2099/NĐ-CP" in labels and "👍" in labels and "👎" in labels

    source = next(b for b in buttons if b["text"] == "📄 Điều 10 — Nghị định 02/2099/NĐ-CP")
    since = len(api.calls)
    api.press(user, source["callback_data"])
    article = api.sent_to(user, since)[0]["text"]
    assert article.startswith("<b>Điều 10. Mức tiền thưởng danh hiệu thi đua")
    assert "“Tập thể lao động tiên tiến” được thưởng 0,8 lần" in article

    down = next(b for b in buttons if b["text"] == "👎")
    since = len(api.calls)
    api.press(user, down["callback_data"])
    api.wait_for(lambda m, p: m == "answerCallbackQuery" and "Cảm ơn" in p.get("text", ""), since=since)
    stored = [f for f in services.storage.feedback() if f.user_id == user]
    assert len(stored) == 1 and stored[0].vote == -1
    assert "nd-mau:d10" in stored[0].unit_ids and "bao nhiêu" in stored[0].question
    assert "1,0 lần" in stored[0].answer


def test_not_covered_question_is_said_plainly(bot_env) -> None:
    api, _ = bot_env
    since = len(api.calls)
    api.send_text(4002, "Thủ tục cấp hộ chiếu phổ thông cần những gì?")
    text = api.sent_to(4002, since)[0]["text"]
    assert "chưa có nội dung trả lời" in text and "Điều" not in text.split("\n")[0]


def test_user_not_allowed_gets_one_refusal(bot_env) -> None:
    api, _ = bot_env
    since = len(api.calls)
    api.send_text(STRANGER, "Tiêu chuẩn Lao động tiên tiến?")
    assert [p["text"] for p in api.sent_to(STRANGER, since)] == [REFUSAL]
    # Updates are handled concurrently: the second message and a colleague's are answered in any order, so
    # the second refusal, if one were sent, is waited for rather than expected before the colleague's reply.
    api.send_text(STRANGER, "Sao không trả lời?")
    api.send_text(STAFF, "/nguon")
    api.sent_to(STAFF, since)
    with pytest.raises(AssertionError, match="timed out"):
        api.sent_to(STRANGER, since, count=2, timeout=2.0)


def test_group_answers_only_when_mentioned(bot_env) -> None:
    api, _ = bot_env
    since = len(api.calls)
    api.send_text(4003, "Tiêu chuẩn Lao động tiên tiến?", chat_id=GROUP)
    api.send_text(4003, "@thidua_test_bot Tiêu chuẩn Lao động tiên tiến?", chat_id=GROUP)
    replies = api.sent_to(GROUP, since)
    assert len(replies) == 1 and "Lao động tiên tiến" in replies[0]["text"]
    since = len(api.calls)
    bot_message = api.message(BOT_USER["id"], "…", chat_id=GROUP)
    api.send_text(4003, "Còn Chiến sĩ thi đua cơ sở thì sao?", chat_id=GROUP, reply_to_message=bot_message)
    assert "Chiến sĩ thi đua cơ sở" in api.sent_to(GROUP, since)[0]["text"]


def test_nominations_stay_out_of_groups(bot_env) -> None:
    api, _ = bot_env
    since = len(api.calls)
    api.send_text(4003, "/de_nghi", chat_id=GROUP)
    assert "trò chuyện riêng" in api.sent_to(GROUP, since)[0]["text"]


def test_rate_limit_answers_politely(bot_env) -> None:
    api, services = bot_env
    user = 4004
    since = len(api.calls)
    for _ in range(services.settings.rate_limit_per_minute + 1):
        api.send_text(user, "Xin chào")
    texts = [p["text"] for p in api.sent_to(user, since, count=services.settings.rate_limit_per_minute + 1)]
    assert sum("hỏi nhanh quá" in text for text in texts) == 1


def test_crash_in_a_handler_gets_an_apology_and_the_bot_goes_on(bot_env, monkeypatch: pytest.MonkeyPatch) -> None:
    api, services = bot_env
    user = 4005
    real_exchange = services.engine.exchange
    calls = {"n": 0}

    def flaky(question, previous=None):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("engine exploded")
        return real_exchange(question, previous)

    monkeypatch.setattr(services.engine, "exchange", flaky)
    since = len(api.calls)
    api.send_text(user, "Tiêu chuẩn Lao động tiên tiến?")
    assert api.sent_to(user, since)[0]["text"] == APOLOGY
    since = len(api.calls)
    api.send_text(user, "Tiêu chuẩn Lao động tiên tiến?")
    assert "Lao động tiên tiến" in api.sent_to(user, since)[0]["text"]


def test_a_slow_answer_shows_typing_first(bot_env, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.faces.telegram as face

    api, services = bot_env
    user = 4006
    real_exchange = services.engine.exchange

    def slow(question, previous=None):
        time.sleep(face.TYPING_AFTER + 0.3)
        return real_exchange(question, previous)

    monkeypatch.setattr(services.engine, "exchange", slow)
    since = len(api.calls)
    api.send_text(user, "Tiêu chuẩn Lao động tiên tiến?")
    assert "Lao động tiên tiến" in api.sent_to(user, since)[0]["text"]
    to_user = [(m, p) for m, p in api.calls[since:] if int(p.get("chat_id", 0)) == user]
    assert [m for m, _ in to_user][:2] == ["sendChatAction", "sendMessage"] and to_user[0][1]["action"] == "typing"


def test_admin_commands_refused_to_staff(bot_env) -> None:
    api, _ = bot_env
    since = len(api.calls)
    api.send_text(4006, "/capnhat")
    api.send_document(4006, "quy-dinh.md", b"---\nid: x\ntitle: X\n---\n### \xc4\x90i\xe1\xbb\x81u 1. A\nB\n")
    texts = [p["text"] for p in api.sent_to(4006, since, count=2)]
    assert sorted(texts) == sorted([ADMIN_ONLY, UPLOAD_ADMIN_ONLY])  # handled concurrently


def test_bad_uploads_change_nothing(bot_env) -> None:
    api, services = bot_env
    upload_dir = services.settings.upload_dir
    before = sorted(upload_dir.glob("*")) if upload_dir.exists() else []
    since = len(api.calls)
    api.send_document(ADMIN, "hong.docx", b"not a zip")
    api.send_document(ADMIN, "virus.exe", b"MZ")
    api.send_document(ADMIN, "lon.pdf", b"%PDF", size=25 * 1024 * 1024)
    api.send_document(ADMIN, "rong.md", b"")
    texts = [p["text"] for p in api.sent_to(ADMIN, since, count=4)]
    assert any("Không đọc được tệp hong.docx" in t and "không thay đổi" in t for t in texts)
    assert any("Không nhận tệp .exe" in t for t in texts)
    assert any("quá lớn" in t and "20 MB" in t for t in texts)
    assert any("rong.md" in t and "tệp rỗng" in t for t in texts)
    assert (sorted(upload_dir.glob("*")) if upload_dir.exists() else []) == before


LONG_DOC = (
    "---\nid: quy-che-dai\ntitle: Quy chế thi đua dài của Sở Thử nghiệm\nnumber: 77/2026/QĐ-STN\n"
    "type: quyet-dinh\nstatus: in-force\n---\n### Điều 1. Tiêu chí chấm điểm thi đua của Sở Thử nghiệm\n"
    + "".join(f"{n}. Tiêu chí chấm điểm thi đua số {n} của Sở Thử nghiệm: đơn vị đạt chỉ tiêu <thử> {n} & "
              "hoàn thành đúng hạn các nhiệm vụ được giao trong năm, có báo cáo đầy đủ và được xác nhận.\n"
              for n in range(1, 61))
)


def test_admin_upload_then_refresh_then_long_article_split(bot_env, monkeypatch: pytest.MonkeyPatch) -> None:
    api, services = bot_env
    monkeypatch.setattr("ingest.refresh.EMBED_BATCH", 1)  # progress after the first unit
    since = len(api.calls)
    api.send_document(ADMIN, "quy che dai.md", LONG_DOC.encode())
    texts = [p["text"] for p in api.sent_to(ADMIN, since, count=2, timeout=120)]
    edited = api.wait_for(lambda m, p: m == "editMessageText" and int(p["chat_id"]) == ADMIN, since=since)[0][1]
    assert edited["text"].startswith(texts[0].rstrip()) and "Đang cập nhật cơ sở tri thức" in edited["text"]
    assert re.search(r"<i>Đã nhúng 1/\d+ đơn vị · [\d.]+ đơn vị/giây", edited["text"])
    assert "Đã nhận: Quy chế thi đua dài của Sở Thử nghiệm (77/2026/QĐ-STN)" in texts[0]
    assert "1 Điều (1)" in texts[0]
    assert "Thêm mới:" in texts[1] and "Giữ nguyên:" in texts[1]
    assert (services.settings.upload_dir / "quy-che-dai.md").read_text(encoding="utf-8") == LONG_DOC
    assert "quy-che-dai" in services.engine.documents

    since = len(api.calls)
    api.send_text(ADMIN, "/capnhat")
    api.send_text(ADMIN, "/capnhat")
    texts = [p["text"] for p in api.sent_to(ADMIN, since, count=3, timeout=120)]
    assert any("Đang có một lần cập nhật chạy" in t for t in texts)
    assert any("Thêm mới: 0" in t for t in texts)

    since = len(api.calls)
    api.send_text(ADMIN, "Tiêu chí chấm điểm thi đua của Sở Thử nghiệm gồm những gì?")
    reply = api.sent_to(ADMIN, since)[-1]
    button = next(b for row in reply["reply_markup"]["inline_keyboard"] for b in row
                  if b["text"].startswith("📄 Điều 1 — Quyết định 77/2026/QĐ-STN"))
    since = len(api.calls)
    api.press(ADMIN, button["callback_data"])
    parts = [p["text"] for p in api.sent_to(ADMIN, since, count=3)]
    assert all(len(part) <= 4096 for part in parts)
    joined = "".join(parts)
    assert "&lt;thử&gt; 60 &amp; hoàn thành" in joined and "<thử>" not in joined
    for part in parts:
        assert len(re.findall(r"<b>", part)) == len(re.findall(r"</b>", part))


def test_stats_and_sources_for_admin(bot_env) -> None:
    api, services = bot_env
    user = 4080  # its own not-covered question and 👎, so the test does not lean on earlier ones
    since = len(api.calls)
    api.send_text(user, "Thủ tục cấp hộ chiếu cho công chức đi công tác?")
    reply = api.sent_to(user, since)[0]
    down = next(b for row in reply["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "👎")
    since = len(api.calls)
    api.press(user, down["callback_data"])
    api.wait_for(lambda m, p: m == "answerCallbackQuery", since=since)
    votes = services.storage.stats(7)["down"]
    assert votes >= 1
    since = len(api.calls)
    api.send_text(ADMIN, "/thongke")
    text = api.sent_to(ADMIN, since)[0]["text"]
    assert "7 ngày qua:" in text and "30 ngày qua:" in text and f"👎 {votes}" in text
    assert "Thủ tục cấp hộ chiếu cho công chức" in text
    since = len(api.calls)
    api.send_text(STAFF, "/nguon")
    text = api.sent_to(STAFF, since)[0]["text"]
    assert "02/2099/NĐ-CP" in text and "hết hiệu lực" in text


def test_split_html_never_breaks_tags_or_entities() -> None:
    text = "<b>Tiêu đề</b>\n<blockquote>" + "Một câu có &amp; và &lt;b&gt;. " * 500 + "</blockquote>\nHết"
    parts = split_html(text)
    assert len(parts) > 1 and all(len(part) <= 4096 for part in parts)
    for part in parts:
        assert part.count("<blockquote>") == part.count("</blockquote>")
        assert not re.search(r"&[a-z]*$", part.split("</blockquote>")[0])
    assert "".join(parts).count("&amp;") == 500


def test_rate_limiter_window() -> None:
    limiter = RateLimiter(2)
    assert limiter.allow(1) and limiter.allow(1) and not limiter.allow(1) and limiter.allow(2)


def test_upload_dir_is_always_indexed(synthetic_settings) -> None:
    assert Path(synthetic_settings.upload_dir).resolve() in [p.resolve() for p in synthetic_settings.knowledge_paths]


SECRET = "the-webhook-secret-of-this-test"


def test_webhook_mode_checks_the_secret_token(bot_env, tmp_path: Path) -> None:
    import json
    import socket
    import time
    import urllib.error
    import urllib.request

    api, services = bot_env
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = services.settings.model_copy(update={
        "webhook_url": f"https://bot.example.invalid/hook-{port}", "webhook_listen": "127.0.0.1",
        "webhook_port": port, "webhook_secret": SECRET})
    hooked = Assistant(settings, services.engine, services.storage, services.nominations, services._refresh)
    since = len(api.calls)
    with RunningBot(build_application(settings, hooked), settings):
        registered = api.wait_for(lambda m, p: m == "setWebhook", since=since)[0][1]
        assert registered["url"] == settings.webhook_url and registered["secret_token"] == SECRET
        update = {"update_id": 777001, "message": api.message(4090, "/nguon")}

        def post(secret: str | None) -> int:
            headers = {"Content-Type": "application/json"} | ({} if secret is None else {
                "X-Telegram-Bot-Api-Secret-Token": secret})
            request = urllib.request.Request(f"http://127.0.0.1:{port}/hook-{port}", json.dumps(update).encode(),
                                             headers)
            for _ in range(50):
                try:
                    return urllib.request.urlopen(request, timeout=5).status
                except urllib.error.HTTPError as exc:
                    return exc.code
                except OSError:
                    time.sleep(0.1)
            raise AssertionError("webhook server did not start")

        mark = len(api.calls)
        # A forged update (no secret, a wrong one, the right one's prefix) is refused and answers nobody.
        assert [post(None), post("wrong"), post(SECRET[:-1]), post(SECRET + "x")] == [403] * 4
        time.sleep(0.5)
        assert not [m for m, p in api.calls[mark:] if m == "sendMessage"]
        assert post(SECRET) == 200
        assert "02/2099/NĐ-CP" in api.sent_to(4090, mark)[0]["text"]


@pytest.mark.parametrize("secret", [None, "", "short", "có dấu không được phép ở đây"])
def test_webhook_mode_does_not_start_without_a_usable_secret(bot_env, secret: str | None) -> None:
    from bot.faces.telegram import run_bot
    from bot.settings import ConfigError

    _, services = bot_env
    settings = services.settings.model_copy(update={"webhook_url": "https://bot.example.invalid/hook",
                                                    "webhook_secret": secret})
    with pytest.raises(ConfigError) as refused:
        run_bot(settings)  # refused before anything is loaded or served
    assert "WEBHOOK_SECRET" in str(refused.value)


def test_whole_nomination_through_telegram_ends_with_documents(bot_env) -> None:
    import io

    import docx

    api, _ = bot_env
    user = 4050

    def step(send, expect: str, count: int = 1) -> dict:
        since = len(api.calls)
        send()
        replies = api.sent_to(user, since, count=count)
        assert expect in replies[-1].get("text", replies[-1].get("caption", "")), replies[-1]
        return replies[-1]

    first = step(lambda: api.send_text(user, "/de_nghi"), "chọn danh hiệu")
    buttons = {b["text"]: b["callback_data"] for row in first["reply_markup"]["inline_keyboard"] for b in row}
    assert buttons["Chiến sĩ thi đua cơ sở"] == "nom:chien-si-thi-dua-co-so"
    step(lambda: api.press(user, buttons["Chiến sĩ thi đua cơ sở"]), "thuộc nhóm nào")
    step(lambda: api.press(user, "nom:can-bo"), "Tên cơ quan, đơn vị của bạn")
    step(lambda: api.send_text(user, "Văn phòng UBND quận Lê Chân"), "Cơ quan chủ quản")
    # The unit's ký hiệu and địa danh are asked once, each with a button for what is offered.
    asked = step(lambda: api.send_text(user, "UBND quận Lê Chân"), "Ký hiệu viết tắt của Văn phòng UBND quận Lê Chân")
    offered = {b["text"]: b["callback_data"] for row in asked["reply_markup"]["inline_keyboard"] for b in row}
    assert offered == {"VPUBND (gợi ý)": "nom:Dùng gợi ý", "Để trống": "nom:Không"}
    step(lambda: api.send_text(user, "VP UBND!"), "⚠️ Ký hiệu gồm chữ in hoa")
    asked = step(lambda: api.press(user, offered["VPUBND (gợi ý)"]), "Địa danh ghi trước ngày tháng")
    assert [b["text"] for row in asked["reply_markup"]["inline_keyboard"] for b in row] == ["Hải Phòng (gợi ý)"]
    step(lambda: api.press(user, "nom:Dùng gợi ý"), "Họ và tên người được đề nghị?")
    step(lambda: api.send_text(user, "Phạm Minh Châu"), "Năm sinh?")
    step(lambda: api.send_text(user, "năm ngoái"), "⚠️ Hãy nhập năm sinh")
    step(lambda: api.send_text(user, "1979"), "Giới tính?")
    step(lambda: api.press(user, "nom:Nữ"), "Chức vụ")
    step(lambda: api.send_text(user, "/quay_lai"), "Giới tính?")
    step(lambda: api.press(user, "nom:Nữ"), "Chức vụ")
    for answer, expect in (("Phó Chánh Văn phòng", "Đơn vị công tác"), ("UBND quận Lê Chân", "Năm xét khen thưởng"),
                           ("2025", "Kết quả xếp loại"), ("2025: hoàn thành xuất sắc", "Các danh hiệu"),
                           ("2024: Lao động tiên tiến", "Sáng kiến")):
        step(lambda a=answer: api.send_text(user, a), expect)
    step(lambda: api.press(user, "nom:khong"), "kỷ luật")
    step(lambda: api.press(user, "nom:Không"), "Quyền hạn, nhiệm vụ được giao")
    step(lambda: api.send_text(user, "Tham mưu công tác văn phòng."), "Thành tích đạt được")
    step(lambda: api.send_text(user, "Tham mưu tổ chức thành công phong trào thi đua của quận."), "Đã ghi 1 đoạn")
    review = step(lambda: api.send_text(user, "/xong"), "✅ Đủ điều kiện")
    assert "Phạm Minh Châu" in review["text"]
    step(lambda: api.press(user, "nom:Xác nhận"), "hoàn tất và tạo văn bản")
    since = len(api.calls)
    api.press(user, "nom:Hoàn tất")
    sent = api.sent_to(user, since, count=5)
    assert "Thành phần hồ sơ:" in sent[0]["text"] and "Điều 84" in sent[0]["text"]
    documents = {p["document"]["filename"]: p["document"]["data"] for p in sent if "document" in p}
    assert set(documents) == {"to-trinh.docx", "danh-sach.docx", "bien-ban-hop-hoi-dong.docx",
                              "bao-cao-thanh-tich-pham-minh-chau.docx"}
    report = docx.Document(io.BytesIO(documents["bao-cao-thanh-tich-pham-minh-chau.docx"]))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "- Họ và tên: Phạm Minh Châu" in text and "- Đơn vị công tác: UBND quận Lê Chân" in text
    header = [cell.text for table in docx.Document(io.BytesIO(documents["to-trinh.docx"])).tables
              for row in table.rows for cell in row.cells]
    assert any("Hải Phòng, ngày …… tháng …… năm ……" in cell for cell in header)
    # The next nomination shows the unit whole to confirm; nothing of it is asked again.
    step(lambda: api.send_text(user, "/de_nghi"), "chọn danh hiệu")
    step(lambda: api.press(user, "nom:lao-dong-tien-tien"), "thuộc nhóm nào")
    confirm = step(lambda: api.press(user, "nom:can-bo"), "Đơn vị: Văn phòng UBND quận Lê Chân; cấp trên: UBND quận "
                                                          "Lê Chân; ký hiệu: VPUBND; địa danh: Hải Phòng — Giữ nguyên")
    assert [b["callback_data"] for row in confirm["reply_markup"]["inline_keyboard"] for b in row] == [
        "nom:Giữ nguyên", "nom:Sửa"]
    step(lambda: api.press(user, "nom:Giữ nguyên"), "Họ và tên người được đề nghị?")
    step(lambda: api.send_text(user, "/huy"), "Đã dừng hồ sơ")

    listed = step(lambda: api.send_text(user, "/ho_so"), "đã hoàn tất")
    assert "Phạm Minh Châu" in listed["text"]
    step(lambda: api.send_text(user, "Tiêu chuẩn Lao động tiên tiến?"), "Lao động tiên tiến")


def test_a_refresh_that_fails_says_so_and_keeps_serving(bot_env, monkeypatch: pytest.MonkeyPatch) -> None:
    api, services = bot_env
    generation = services.engine.retriever.generation.name

    def broken_refresh(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "_refresh", broken_refresh)
    since = len(api.calls)
    api.send_text(ADMIN, "/capnhat")
    texts = [p["text"] for p in api.sent_to(ADMIN, since, count=2)]
    assert "Cập nhật thất bại (OSError); cơ sở tri thức cũ vẫn được dùng." in texts
    assert services.engine.retriever.generation.name == generation and not services._refreshing.locked()
    since = len(api.calls)
    api.send_text(4060, "Tiêu chuẩn Lao động tiên tiến?")
    assert "Lao động tiên tiến" in api.sent_to(4060, since)[0]["text"]


def test_production_wiring_from_settings_alone(bot_env, synthetic_settings, tmp_path: Path) -> None:
    """`thiduabot bot` builds everything from Settings; run that wiring once, against a Bot API of its own."""
    _, services = bot_env
    api = FakeBotApi()
    api.start()
    shutil.copytree(synthetic_settings.data_dir / "chroma", tmp_path / "chroma")
    settings = services.settings.model_copy(update={
        "data_dir": tmp_path, "upload_dir": tmp_path / "uploads", "telegram_base_url": api.base_url,
        "telegram_base_file_url": api.base_file_url})
    application = build_application(settings)
    wired = application.bot_data["assistant"]
    assert wired.engine.retriever._index is None and str(tmp_path) in settings.sqlalchemy_url
    try:
        with RunningBot(application, settings):
            api.wait_for(lambda m, p: m == "deleteWebhook")  # polling starts once post_init is done
            assert wired.engine.retriever._index is not None  # warmed up before the first question
            api.send_text(4070, "/de_nghi")
            assert "chọn danh hiệu" in api.sent_to(4070)[0]["text"]
            api.send_text(4070, "CSTĐCS được thưởng bao nhiêu?")  # inside the wizard: answered, step kept
            answered, again = api.sent_to(4070, count=3)[1:]
            assert "1,0 lần mức lương cơ sở" in answered["text"] and "chọn danh hiệu" in again["text"]
            api.send_text(4070, "/huy")
            assert "Đã dừng hồ sơ" in api.sent_to(4070, count=4)[3]["text"]
            api.send_text(4070, "CSTĐCS được thưởng bao nhiêu?")
            assert "1,0 lần mức lương cơ sở" in api.sent_to(4070, count=5)[4]["text"]
    finally:
        api.stop()
    assert len(wired.storage.list_drafts(4070)) == 1 and (tmp_path / "thiduabot.sqlite3").exists()


def test_console_and_telegram_give_the_same_replies(bot_env) -> None:
    """One conversation through both faces of the same Assistant: the same words reach the person."""
    import html
    import io

    from bot.assistant import Caller
    from bot.faces.console import ConsoleChat

    api, assistant = bot_env
    conversation = ["/help", "Chiến sĩ thi đua cơ sở được thưởng bao nhiêu?", "còn Lao động tiên tiến thì sao?",
                    "/nguon", "Thủ tục cấp hộ chiếu phổ thông cần những gì?", "/de_nghi", "/huy", "🙂", "/khong-co"]
    telegram_user, console_user = 4098, 4099
    telegram = []
    for line in conversation:
        since = len(api.calls)
        api.send_text(telegram_user, line)
        reply = api.sent_to(telegram_user, since)[-1]
        telegram.append(html.unescape(re.sub(r"</?\w+>", "", reply["text"])))
    stdout = io.StringIO()
    console = ConsoleChat(assistant, io.StringIO(), stdout, caller=Caller(console_user, console_user))
    printed = []
    for line in conversation:
        stdout.seek(0)
        stdout.truncate()
        console.handle(line)
        printed.append(stdout.getvalue())

    def words(text: str) -> str:
        text = re.sub(r"^\s+\[\d+\] .*$", "", text, flags=re.MULTILINE)  # the console's numbered buttons
        return re.sub(r"#\d+", "#N", re.sub(r"[«»\s]+", " ", text)).strip()  # draft numbers differ

    assert [words(text) for text in telegram] == [words(text) for text in printed]
    assert "1,0 lần mức lương cơ sở" in telegram[1] and "0,3 lần mức lương cơ sở" in telegram[2]
    assert "chưa có nội dung" in telegram[4] and "Đã dừng hồ sơ" in telegram[6]
    assert "Không có lệnh /khong-co" in telegram[8]


def test_edits_channel_posts_and_other_bots_commands_are_left_alone(bot_env) -> None:
    api, _ = bot_env
    user = 4097
    since = len(api.calls)
    edited = api.message(user, "Tiêu chuẩn Lao động tiên tiến?", edit_date=int(time.time()))
    api._push({"edited_message": edited})
    api._push({"channel_post": {**api.message(user, "Tin mới của kênh", chat_id=-100777), "from": None,
                                "chat": {"id": -100777, "type": "channel"}}})
    api.send_text(user, "/nguon@another_bot")
    api.send_text(user, "/nguon@thidua_test_bot")
    replies = api.sent_to(user, since)
    assert len(replies) == 1 and "02/2099/NĐ-CP" in replies[0]["text"]
    assert not [p for m, p in api.calls[since:] if m == "sendMessage" and int(p["chat_id"]) == -100777]
