"""When an answer may be sure of itself: a clause found by retrieval alone that says no word of the kind of rule
asked, or does not stand out of retrieval, is shown as possibly related, with the next closest articles; a
question about revoking an award or recognising an initiative is not answered with the rule that confers it."""

from __future__ import annotations

import pytest

from bot.engine.answer import Answer, Citation, clause_fits, closest_clauses, excerpt, unstated
from bot.engine.retrieve import Hit
from bot.engine.understand import AwardMention, Part, understand
from bot.faces.messages import ALSO_RELATED, UNSURE_CLAUSE
from bot.faces.render import render
from bot.lexicon import default_lexicon
from ingest.units import DocumentMeta, Unit
from tests.test_answer_gaps import engine, settings  # noqa: F401  (the synthetic corpus and its engine)

LAW = DocumentMeta("luat-thu", "Luật thử", "01/2099/QH99", "luat")


def unit(article: str, text: str) -> Unit:
    return Unit(LAW, text, article=article, article_title=f"Điều thử {article}")


def hits(*scored: tuple[Unit, float, float]) -> list[Hit]:
    return [Hit(u, score, dense) for u, score, dense in scored]


DOSSIER = unit("10", "Hồ sơ đề nghị khen thưởng gồm tờ trình và báo cáo thành tích.")
PRINCIPLE = unit("4", "Khen thưởng phải bảo đảm chính xác, công khai, công bằng, kịp thời.")
OTHER = unit("5", "Thi đua phải bảo đảm tự nguyện, tự giác, công khai.")


def test_a_clause_without_a_word_of_the_kind_asked_is_not_sure() -> None:
    lexicon = default_lexicon()
    asked = Part("Hồ sơ đề nghị khen thưởng gồm những gì?", "dossier", [])
    assert clause_fits(lexicon, asked, hits((DOSSIER, 1.0, 0.9), (OTHER, 0.5, 0.8)), DOSSIER.text, set())
    assert not clause_fits(lexicon, asked, hits((PRINCIPLE, 1.0, 0.9), (OTHER, 0.5, 0.8)), PRINCIPLE.text, set())
    # typed without diacritics, the clause's words are still the kind's words
    assert clause_fits(lexicon, Part("ho so gom gi", "dossier", []), hits((DOSSIER, 1.0, 0.9)), DOSSIER.text, set())


def test_a_list_asked_by_what_it_lists_must_be_the_clauses_list() -> None:
    lexicon = default_lexicon()
    council = unit("8", "Hội đồng Thi đua - Khen thưởng tỉnh gồm các thành viên: Chủ tịch Hội đồng, các Phó Chủ tịch.")
    for question in ("Hội đồng thi đua khen thưởng gồm những thành viên nào?", "hoi dong gom nhung thanh vien nao"):
        asked = Part(question, "list", [])
        assert clause_fits(lexicon, asked, hits((council, 1.0, 0.9), (OTHER, 0.5, 0.8)), council.text, set())
        assert not clause_fits(lexicon, asked, hits((OTHER, 1.0, 0.9), (DOSSIER, 0.5, 0.8)), OTHER.text, set())
    # a word texts list things by ("loại", "danh hiệu") need not be in the clause: "Huân chương gồm: …"
    kinds = Part("Huân chương gồm những loại nào?", "list", [])
    assert clause_fits(lexicon, kinds, hits((OTHER, 1.0, 0.9), (DOSSIER, 0.5, 0.8)), OTHER.text, set())


def test_a_clause_that_does_not_stand_out_of_retrieval_is_not_sure() -> None:
    lexicon = default_lexicon()
    asked = Part("Nguyên tắc khen thưởng là gì?", "content", [])
    # neck and neck with another article, and another article is the closest in meaning
    assert not clause_fits(lexicon, asked, hits((PRINCIPLE, 1.0, 0.80), (OTHER, 0.97, 0.85)), PRINCIPLE.text, set())
    # ahead by a margin, or also the closest in meaning
    assert clause_fits(lexicon, asked, hits((PRINCIPLE, 1.0, 0.80), (OTHER, 0.7, 0.85)), PRINCIPLE.text, set())
    assert clause_fits(lexicon, asked, hits((PRINCIPLE, 1.0, 0.86), (OTHER, 0.97, 0.85)), PRINCIPLE.text, set())


def test_a_clause_with_another_khoan_of_its_article_neck_and_neck_is_not_sure() -> None:
    lexicon = default_lexicon()
    asked = Part("Nguyên tắc khen thưởng là gì?", "content", [])
    first = Unit(LAW, "1. Khen thưởng phải bảo đảm chính xác.", article="4", clause="1", article_title="Điều thử 4")
    second = Unit(LAW, "2. Khen thưởng phải kịp thời.", article="4", clause="2", article_title="Điều thử 4")
    assert not clause_fits(lexicon, asked, hits((first, 1.0, 0.9), (second, 0.97, 0.8), (OTHER, 0.5, 0.7)),
                           first.text, set())
    # well behind, or already in the quote (the article quoted whole): the khoản found stands
    assert clause_fits(lexicon, asked, hits((first, 1.0, 0.9), (second, 0.8, 0.8), (OTHER, 0.5, 0.7)),
                       first.text, set())
    assert clause_fits(lexicon, asked, hits((first, 1.0, 0.9), (second, 0.97, 0.8), (OTHER, 0.5, 0.7)),
                       f"{first.text}\n{second.text}", set())


def test_a_clause_naming_none_of_the_awards_asked_is_not_sure() -> None:
    mention = AwardMention("lao-dong-tien-tien", "lao dong tien tien")
    asked = Part("Tiêu chuẩn Lao động tiên tiến?", "criteria", [mention])
    criteria = unit("7", "Danh hiệu được xét tặng cho cá nhân đạt tiêu chuẩn sau đây.")
    assert not clause_fits(default_lexicon(), asked, hits((criteria, 1.0, 0.9)), criteria.text, {"giay-khen"})
    assert clause_fits(default_lexicon(), asked, hits((criteria, 1.0, 0.9)), criteria.text, {"lao-dong-tien-tien"})


def test_an_answer_unsure_of_its_clause_says_so_and_shows_the_next_closest_articles() -> None:
    answer = Answer("Hồ sơ gồm gì?", True, lead="Theo Điều 4 Luật thử:", quote=PRINCIPLE.text,
                    quote_citation=Citation.of(PRINCIPLE), citations=[Citation.of(PRINCIPLE)],
                    hits=hits((PRINCIPLE, 1.0, 0.9), (unit("4", "khoản khác"), 0.9, 0.8), (DOSSIER, 0.8, 0.8),
                              (OTHER, 0.7, 0.7)),
                    intent="dossier", sure=False, doubt="clause")
    text = render(answer)
    first, *rest = text.splitlines()
    assert first == UNSURE_CLAUSE.format(about=" là hỏi về hồ sơ, thủ tục")
    assert ALSO_RELATED in rest
    shown = rest[rest.index(ALSO_RELATED) + 1:]
    assert [line for line in shown if line.startswith("• ")][:2] == [
        f"• Điều 10 (Điều thử 10), {Citation.of(DOSSIER).short_document}",
        f"• Điều 5 (Điều thử 5), {Citation.of(OTHER).short_document}"]
    answer.sure, answer.doubt = True, ""
    assert ALSO_RELATED not in render(answer) and not render(answer).startswith("⚠️")


def test_an_answer_unsure_of_its_clause_quotes_the_next_closest_clauses() -> None:
    """Under an answer not sure of its khoản, the next units found are quoted, not only named: another khoản of the
    same article first when retrieval ranks it so, then another article; the quoted unit is not repeated."""
    quoted = Unit(LAW, "1. Khen thưởng phải bảo đảm chính xác, công khai.", article="4", clause="1",
                  article_title="Điều thử 4")
    sibling = Unit(LAW, "2. Người đứng đầu cơ quan chịu trách nhiệm về hồ sơ khen thưởng.", article="4", clause="2",
                   article_title="Điều thử 4")
    answer = Answer("Ai chịu trách nhiệm về hồ sơ?", True, lead="Theo khoản 1 Điều 4 Luật thử:", quote=quoted.text,
                    quote_citation=Citation.of(quoted), citations=[Citation.of(quoted)],
                    hits=hits((quoted, 1.0, 0.9), (sibling, 0.95, 0.9), (DOSSIER, 0.8, 0.8), (OTHER, 0.7, 0.7)),
                    intent="content", sure=False, doubt="clause")
    shown = {quoted.unit_id}
    answer.closest = closest_clauses(answer.question, answer, shown, lambda unit: True)
    assert [(citation.unit_id, text) for citation, text in answer.closest] == [
        (sibling.unit_id, sibling.text), (DOSSIER.unit_id, DOSSIER.text)]
    text = render(answer)
    assert f"«{sibling.text}»" in text and f"«{DOSSIER.text}»" in text and OTHER.text not in text
    assert text.count(quoted.text) == 1
    # shown once in a reply: a later part gets the next ones; a text that would need a warning is passed by
    later = closest_clauses(answer.question, answer, shown, lambda unit: unit is not OTHER)
    assert later == []
    fresh = closest_clauses(answer.question, answer, {quoted.unit_id}, lambda unit: unit is not sibling)
    assert [citation.unit_id for citation, _ in fresh] == [DOSSIER.unit_id, OTHER.unit_id]


def test_a_long_closest_clause_is_cut_around_the_part_asked_about() -> None:
    """A clause quoted under an unsure answer and longer than the room for it keeps the part the question asks
    about, after the clause's number and "…", when its opening does not hold it; its opening otherwise."""
    bodies = ", ".join(f"Thủ trưởng cơ quan thứ {n}" for n in range(1, 40))
    text = f"2. {bodies}, Chủ tịch Ủy ban nhân dân cấp tỉnh xem xét, công nhận thành tích, đề nghị Thủ tướng tặng."
    cut = excerpt(text, "Ai xem xét, đề nghị Thủ tướng tặng huân chương?", 300)
    assert cut.startswith("2. … ") and "Chủ tịch Ủy ban nhân dân cấp tỉnh xem xét, công nhận thành tích" in cut
    assert len(cut) <= 310
    head = excerpt(text, "Thủ trưởng cơ quan thứ 1 là ai?", 300)
    assert head.startswith("2. Thủ trưởng cơ quan thứ 1,") and head.endswith(" …")
    assert excerpt("1. Ngắn.", "Ai xem xét?", 300) == "1. Ngắn."


@pytest.mark.parametrize(("question", "action"), [
    ("Ai có thẩm quyền hủy bỏ quyết định tặng giấy khen?", "revoke"),
    ("huy quyet dinh khen thuong lao dong tien tien thi cap nao huy", "revoke"),
    ("Sáng kiến để xét chiến sĩ thi đua cấp tỉnh do ai công nhận phạm vi ảnh hưởng?", "recognise"),
    ("Hồ sơ xét tặng lao động tiên tiến do cơ quan nào quy định?", "regulate"),
    ("Hồ sơ giấy khen bây giờ Chính phủ quy định hay giao cho tỉnh quy định?", "regulate"),
    ("Mẫu tờ trình xét LĐTT do trung ương quy định hay để tỉnh tự quy định?", "regulate"),
    ("Quy định hồ sơ đề nghị xét tặng Chiến sĩ thi đua cơ sở gồm những gì?", ""),  # the dossier itself
    ("Tiêu chuẩn để được công nhận Chiến sĩ thi đua cơ sở là gì?", ""),
    ("Ai quyết định tặng danh hiệu Lao động tiên tiến?", ""),
    ("Huân chương Lao động do ai trình?", "propose"),
    ("LDTT thi cap nao de nghi", "propose"),
])
def test_what_is_asked_be_done_with_an_award_is_read_from_the_lexicon(engine, question: str,  # noqa: F811
                                                                     action: str) -> None:
    understood = understand(question, engine.catalogue, kinds=engine.kinds)
    assert [part.action for part in understood.parts] == [action]


def test_revoking_an_award_is_not_answered_with_the_rule_that_confers_it(engine) -> None:  # noqa: F811
    conferring = engine.ask("Ai có thẩm quyền quyết định tặng danh hiệu Lao động tiên tiến?")
    assert conferring.basis == "rule"
    # the corpus says nothing of revoking: the conferring article is at most a possibly related clause
    revoking = engine.ask("Ai có thẩm quyền hủy bỏ quyết định tặng danh hiệu Lao động tiên tiến?")
    assert revoking.basis != "rule" and not revoking.sure


def test_the_case_a_question_tells_and_the_clause_never_says_is_read_apart_from_asking_words() -> None:
    lexicon = default_lexicon()
    mention = [AwardMention("lao-dong-tien-tien", "lao dong tien tien")]
    clause = "Danh hiệu “Lao động tiên tiến” để tặng cho cá nhân hoàn thành tốt nhiệm vụ, chấp hành tốt chính sách."
    told = unstated(lexicon, "Chi bộ cơ sở có được xét tặng Lao động tiên tiến cho đảng viên không ạ?", mention, clause)
    assert set(told) == {"chi bộ", "cơ sở", "đảng viên"}
    # the words that only ask, the award's name and what the clause says (in any spelling) are no case of its own
    assert unstated(lexicon, "Tôi hoàn thành tốt nhiệm vụ thì có đủ điều kiện xét Lao động tiên tiến không?",
                    mention, clause) == []
    assert unstated(lexicon, "hoan thanh tot nhiem vu co duoc lao dong tien tien khong", mention, clause) == []
    # a word the clause says in the other spelling of i/y is said
    assert unstated(lexicon, "Cán bộ quản lí bị kỉ luật có được xét Lao động tiên tiến không?", mention,
                    "Cán bộ quản lý không bị kỷ luật.") == []
    # the award's name in another spelling of i/y is still its name
    knc = [AwardMention("ky-niem-chuong", "ky niem chuong")]
    assert unstated(lexicon, "Chi bộ có được tặng Kỉ niệm chương không?", knc, "Tặng cho cá nhân có đóng góp.") \
        == ["chi bộ"]


def test_an_awards_rule_that_does_not_speak_of_the_case_told_is_not_a_sure_yes_or_no(engine) -> None:  # noqa: F811
    answer = engine.ask("Chi bộ cơ sở có được tặng Lao động tiên tiến cho đảng viên không?")
    assert answer.covered and not answer.sure and answer.doubt == "unstated"
    text = render(answer)
    assert text.startswith("⚠️") and "chi bộ, cơ sở, đảng viên" in text and "hoàn thành tốt nhiệm vụ" in text
    plain = engine.ask("Hoàn thành tốt nhiệm vụ có được xét Lao động tiên tiến không?")
    assert plain.covered and plain.sure and plain.doubt == ""


def test_a_number_asked_of_what_the_awards_rule_does_not_speak_of_is_not_sure(engine) -> None:  # noqa: F811
    answer = engine.ask("Giám đốc sở phải giữ chức bao nhiêu năm thì được xét Chiến sĩ thi đua toàn quốc về quá "
                        "trình cống hiến?")
    assert answer.covered and not answer.sure and answer.doubt == "unstated"
    plain = engine.ask("Chiến sĩ thi đua toàn quốc cần mấy lần liên tục đạt chiến sĩ thi đua cấp bộ?")
    assert plain.covered and plain.sure and "02 lần liên tục" in render(plain)
    # the names of the other awards the message asks about are no case the clause leaves unsaid
    both = engine.ask("Cho em so sánh số lần đạt danh hiệu giữa Chiến sĩ thi đua toàn quốc với Chiến sĩ thi đua cơ sở.")
    assert both.parts[0].covered and both.parts[0].sure and "02 lần liên tục" in render(both.parts[0])


def test_a_comparison_of_what_is_not_two_awards_is_not_sure(engine) -> None:  # noqa: F811
    answer = engine.ask("Danh hiệu thi đua với hình thức khen thưởng khác nhau ra sao?")
    assert answer.intent == "compare" and answer.covered and not answer.sure
    assert render(answer).startswith("⚠️")
    awards = engine.ask("Chiến sĩ thi đua cơ sở và Lao động tiên tiến khác nhau thế nào?")
    assert [part.sure for part in awards.parts] == [True, True]


def test_a_question_of_the_reward_that_asks_no_quantity_is_not_sure_of_the_figure(engine) -> None:  # noqa: F811
    other = engine.ask("Tiền thưởng Chiến sĩ thi đua cơ sở lấy từ quỹ nào?")
    assert other.intent == "amount" and other.covered and not other.sure
    assert render(other).startswith("⚠️") and "1,0 lần mức lương cơ sở" in render(other)
    figure = engine.ask("Tiền thưởng Chiến sĩ thi đua cơ sở là bao nhiêu?")
    assert figure.covered and figure.sure
    polite = engine.ask("Cho em hỏi tiền thưởng Chiến sĩ thi đua cơ sở ạ")  # asks nothing but the reward
    assert polite.covered and polite.sure


@pytest.mark.parametrize("question", ["Giám đốc Sở có tự ký quyết định tặng giấy khen được không?",
                                      "Huân chương thì Thủ tướng ký hay Chủ tịch nước ký?",
                                      "Giấy khen thì trình Chủ tịch phường ký à?"])
def test_who_signs_is_a_question_of_authority(question: str) -> None:
    from bot.nomination.catalogue import QuestionRules
    from tests.conftest import ROOT

    catalogue = QuestionRules.load(ROOT / "knowledge" / "awards")
    assert understand(question, catalogue).intent == "authority"


def test_who_proposes_an_award_is_answered_from_the_article_on_proposing(corpus_engine) -> None:
    """Who proposes or submits an award is not who decides it: the khoản of the article ruling proposals for every
    award (_common.yaml actions, Điều 83 of the Law) that fits the question, never the deciding article alone."""
    national = corpus_engine.ask("Huân chương Lao động do ai trình, thành phố có trình qua Thủ tướng không?")
    assert (national.quote_citation.article, national.quote_citation.clause) == ("83", "khoản 2")
    assert "đề nghị Thủ tướng Chính phủ trình Chủ tịch nước" in render(national)
    # the khoản names the class (huân chương), not the award: not sure, and what was understood is the proposing
    assert not national.sure and "thẩm quyền đề nghị" in render(national).split("\n")[0]
    base = corpus_engine.ask("Lao động tiên tiến do ai đề nghị?")
    assert (base.quote_citation.article, base.quote_citation.clause) == ("83", "khoản 1")
    decides = corpus_engine.ask("Huân chương Lao động do ai quyết định tặng?")
    assert decides.quote_citation.article == "77" and decides.sure


def test_who_lays_down_an_awards_dossier_is_answered_from_the_article_handing_it_down(corpus_engine) -> None:
    """Who lays down the dossier of a base-level award: the point of Điều 6 Nghị định 152/2025 that hands it to
    ministries and provinces (_common.yaml actions regulate), not the Law's dossier article."""
    answer = corpus_engine.ask("Mẫu tờ trình, báo cáo thành tích để xét LĐTT, CSTĐCS, giấy khen ở cấp xã là do trung "
                               "ương quy định chi tiết hay để tỉnh tự quy định?")
    assert (answer.quote_citation.doc_id, answer.quote_citation.article) == ("nd-152-2025", "6")
    assert "phân cấp cho bộ, ban, ngành, tỉnh thực hiện" in render(answer)
