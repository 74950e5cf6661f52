"""Question understanding as data: awards, intent, who, province, questions and facts (no index needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.kinds import Examples, KindClassifier
from bot.engine.understand import Catalogue, guess_of, is_greeting, sentences, understand
from bot.lexicon import default_lexicon
from tests.fakes import HashEmbeddings

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load(KNOWLEDGE / "awards")


def award_ids(catalogue: Catalogue, text: str) -> list[str]:
    return [mention.award for mention in catalogue.mentions(text)]


@pytest.mark.parametrize("text", [
    "Tiêu chuẩn CSTĐ cấp tỉnh?",
    "bằng khen cấp tỉnh và chiến sỹ thi đua thành phố",
    "Danh hiệu chiến sĩ thi đua Bộ, ban, ngành, tỉnh",
    "chien sy thi dua cap tinh duoc thuong bao nhieu",
])
def test_staff_names_of_an_award_are_one_award(catalogue: Catalogue, text: str) -> None:
    assert "chien-si-thi-dua-cap-tinh" in award_ids(catalogue, text) or \
        "bang-khen-chu-tich-ubnd-tinh" in award_ids(catalogue, text)
    if "chiến sỹ" in text or "chien" in text or "CSTĐ" in text:
        assert "chien-si-thi-dua-cap-tinh" in award_ids(catalogue, text)


@pytest.mark.parametrize(("text", "award"), [
    ("Tiền thưởng kèm theo cờ thi đua cấp thành phố là bao nhiêu?", "co-thi-dua-cap-tinh"),
    ("Trường được tặng Cờ thi đua của UBND thành phố", "co-thi-dua-cap-tinh"),
    ("co thi dua cua uy ban nhan dan thanh pho", "co-thi-dua-cap-tinh"),
    ("Chiến sĩ thi đua của thành phố cần mấy lần CSTĐCS?", "chien-si-thi-dua-cap-tinh"),
])
def test_the_level_of_an_award_is_read_however_it_is_said(catalogue: Catalogue, text: str, award: str) -> None:
    """_common.yaml levels: a name ending in "tỉnh" is also said "thành phố", "cấp thành phố", "của UBND tỉnh"…"""
    assert award_ids(catalogue, text)[:1] == [award]


def test_the_longest_name_wins_and_grades_are_kept(catalogue: Catalogue) -> None:
    assert award_ids(catalogue, "Tập thể lao động tiên tiến được thưởng bao nhiêu?") == ["tap-the-lao-dong-tien-tien"]
    assert award_ids(catalogue, "LĐTT và CSTĐCS") == ["lao-dong-tien-tien", "chien-si-thi-dua-co-so"]
    medal = understand("Tiêu chuẩn Huy chương Chiến sĩ vẻ vang hạng Ba là gì?", catalogue)  # "Ba là" is no ordinal
    assert medal.parts[0].awards[0].grade == "ba"
    mention = catalogue.mentions("Huân chương Lao động hạng Ba thưởng bao nhiêu")[0]
    assert (mention.award, mention.grade) == ("huan-chuong-lao-dong", "ba")
    assert award_ids(catalogue, "Huân chương gồm những loại nào?") == ["huan-chuong"]
    assert award_ids(catalogue, "Tiền thưởng được tính theo mức lương cơ sở nào?") == []
    assert award_ids(catalogue, "bạn giúp được gì cho mình") == []


def test_a_grade_limits_the_rules(catalogue: Catalogue) -> None:
    third = catalogue.mentions("Tiêu chuẩn Huân chương Lao động hạng Ba")[0]
    first = catalogue.mentions("Tiêu chuẩn Huân chương Lao động hạng Nhất")[0]
    assert catalogue.rules_for(third, "criteria") and not catalogue.rules_for(first, "criteria")
    assert catalogue.rules_for(first, "amount")


@pytest.mark.parametrize(("question", "intent"), [
    ("CSTĐCS được thưởng bao nhiêu?", "amount"),
    ("bằng khen cấp tỉnh được thưởng mấy lần lương cơ sở?", "amount"),
    ("Cần mấy lần CSTĐCS liên tục thì được xét chiến sĩ thi đua cấp tỉnh?", "count"),
    ("Ngành giáo dục gửi hồ sơ khen thưởng trước ngày nào?", "deadline"),
    ("ho so de nghi tang lao dong tien tien gom nhung giay to gi", "dossier"),
    ("Ai quyết định tặng danh hiệu Chiến sĩ thi đua toàn quốc?", "authority"),
    ("chu tich ubnd xa duoc tang nhung danh hieu gi", "authority"),
    ("Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?", "criteria"),
    ("Danh hiệu Chiến sĩ tiên tiến dành cho ai?", "criteria"),
    ("Kỷ niệm chương xét cho ai?", "criteria"),
    ("Nghị định 98/2023/NĐ-CP còn hiệu lực không?", "status"),
    ("Nghị định 152/2025 khác gì Nghị định 98/2023?", "compare"),
    ("Khen thưởng đột xuất là gì?", "definition"),
    ("Huân chương gồm những loại nào?", "list"),
    ("Tôi đã 3 năm hoàn thành xuất sắc nhiệm vụ, tôi có đủ điều kiện Chiến sĩ thi đua cơ sở không?", "eligibility"),
    ("Hộ có người vi phạm giao thông thì có bị loại không?", "eligibility"),
    ("Những hành vi nào bị nghiêm cấm?", "content"),
])
def test_what_is_asked(question: str, intent: str) -> None:
    assert guess_of(question).kind.value == intent


def test_greetings_and_help(catalogue: Catalogue) -> None:
    assert is_greeting("Xin chào bạn!") and is_greeting("cảm ơn nhiều ạ") and not is_greeting("chào, tiêu chuẩn LĐTT?")
    assert understand("Bạn làm được những gì?", catalogue).intent == "help"
    assert understand("chào bot, bạn giúp được gì cho mình?", catalogue).intent == "help"
    assert understand("Chào bot, em mới dùng lần đầu, bot hỗ trợ được những gì ạ?", catalogue).intent == "help"
    # thanks typed without diacritics, with an emoji and more than a few words of politeness
    assert is_greeting("ok cam on ad nhieu nha, hieu roi 👍")
    assert understand("Xin chào", catalogue).intent == "greeting"
    assert understand("Tôi muốn hỏi về thi đua", catalogue).intent == "help"
    assert understand("Tôi muốn hỏi về tiêu chuẩn thi đua", catalogue).intent == "criteria"


def test_a_long_message_keeps_its_question_and_its_facts(catalogue: Catalogue) -> None:
    message = ("Chào anh chị ạ. Em là chuyên viên phòng Nội vụ ở Hải Phòng. Một đồng chí công chức đã đạt Lao "
               "động tiên tiến năm 2024 và năm 2025 hoàn thành xuất sắc nhiệm vụ. Cho em hỏi tiêu chuẩn danh hiệu "
               "Chiến sĩ thi đua cơ sở gồm những gì ạ? Em cảm ơn nhiều.")
    understanding = understand(message, catalogue)
    assert [part.intent for part in understanding.parts] == ["criteria"]
    part = understanding.parts[0]
    assert [m.award for m in part.awards] == ["chien-si-thi-dua-co-so"]
    assert "Chào" not in understanding.question and "cảm ơn" not in understanding.question
    assert "năm 2025 hoàn thành xuất sắc nhiệm vụ" in understanding.facts_text
    assert understanding.province == "Hải Phòng"
    assert "can-bo" in understanding.who  # the nominee kinds of knowledge/lexicon/nominees.yaml


def test_a_sentence_closed_by_a_period_is_told_where_the_writer_marks_questions(catalogue: Catalogue) -> None:
    """"mấy năm" is also "a few years": a writer who closes a sentence with "." and asks with "?" tells it."""
    told = understand("Anh ấy là công chức, đã có Bằng khen thành phố và mấy năm CSTĐCS. Muốn đề nghị Huân chương "
                      "Lao động hạng Ba cho anh ấy thì tiêu chuẩn thế nào ạ?", catalogue)
    assert [(p.intent, [m.award for m in p.awards]) for p in told.parts] == [("criteria", ["huan-chuong-lao-dong"])]
    assert "mấy năm CSTĐCS" in told.facts_text
    # "năm nào cũng" is "every year", no "which year?"
    every = understand("Trường em năm nào cũng có người đủ điều kiện Lao động tiên tiến. Mức thưởng Chiến sĩ thi đua "
                       "cơ sở bao nhiêu?", catalogue)
    assert [p.intent for p in every.parts] == ["amount"] and "năm nào cũng" in every.facts_text
    # "không … nào" is "none", however many words stand between
    none = understand("Năm nay em hoàn thành xuất sắc nhiệm vụ nhưng không làm sáng kiến kinh nghiệm nào. Trưởng phòng "
                      "nói không có sáng kiến thì không được Chiến sĩ thi đua cơ sở. Như vậy có đúng không ạ?",
                      catalogue)
    assert len(none.parts) == 1 and "không làm sáng kiến" in none.facts_text
    # "chưa có … gì" tells none as well ("… chưa có xác nhận gì về phạm vi ảnh hưởng toàn quốc.")
    lexicon = default_lexicon()
    assert lexicon.says("chưa có xác nhận gì về phạm vi", "question_words", "told-too")
    assert lexicon.says("không vi phạm gì", "question_words", "told-too")
    # "HC" before an order's own name is "Huân chương" (knowledge/lexicon/spelling.yaml)
    order = understand(lexicon.rewrite("Sở đề nghị HC Lao động hạng Ba cho chị ấy có được không?", "spelling"),
                       catalogue)
    assert [(m.award, m.grade) for m in order.awards] == [("huan-chuong-lao-dong", "ba")]
    worker = understand("Chị Hoa là công nhân may ở công ty TNHH, không phải cán bộ công chức gì. Năm nay chị làm "
                        "vượt định mức. Công ty xét LĐTT cho chị được không?", catalogue)
    assert len(worker.parts) == 1 and "không phải cán bộ công chức gì" in worker.facts_text
    # without a question mark anywhere, its question words still make it a question
    unmarked = understand("Anh ấy đã có mấy năm CSTĐCS. Tiêu chuẩn Huân chương Lao động hạng Ba thế nào", catalogue)
    assert len(unmarked.parts) == 2
    # a question closed by a period with a question word that only asks is still asked
    both = understand("Cho em hỏi tiêu chuẩn Lao động tiên tiến là gì. Mức thưởng CSTĐCS bao nhiêu?", catalogue)
    assert [p.intent for p in both.parts] == ["criteria", "amount"]
    # a principle the story tells ("đang bị thanh tra") is asked by a yes/no on an award after it
    story = understand("Anh ấy đang bị thanh tra vì có đơn tố cáo, chưa có kết luận. Cuối năm có đề nghị Bằng khen "
                       "thành phố cho anh ấy được không?", catalogue)
    assert [part.principle for part in story.parts] == ["pending"]



def test_a_question_joined_to_the_one_before_asks_it_of_the_awards_it_adds(catalogue: Catalogue) -> None:
    joined = understand("Nghị định 98/2023 quy định Chiến sĩ thi đua cơ sở được thưởng bao nhiêu? Sang Nghị định "
                        "152/2025 thì mức thưởng của CSTĐCS và Lao động tiên tiến có thay đổi gì không?", catalogue)
    assert [(p.intent, [m.award for m in p.awards]) for p in joined.parts] == [
        ("amount", ["chien-si-thi-dua-co-so", "lao-dong-tien-tien"])]  # each award once


def test_the_same_asked_of_the_storys_award_then_of_another_named_is_two_questions(catalogue: Catalogue) -> None:
    two = understand("Tổ Ngữ văn của trường năm học vừa rồi được công nhận Tập thể lao động xuất sắc. Tiền thưởng của "
                     "tổ là bao nhiêu? Còn nếu chỉ được Tập thể lao động tiên tiến thì thưởng bao nhiêu?", catalogue)
    assert [(p.intent, [m.award for m in p.awards]) for p in two.parts] == [
        ("amount", ["tap-the-lao-dong-xuat-sac"]), ("amount", ["tap-the-lao-dong-tien-tien"])]
    # the story naming the award asked about is no other award: one question
    same = understand("Tổ được công nhận Tập thể lao động tiên tiến. Tiền thưởng là bao nhiêu? Tập thể lao động tiên "
                      "tiến được thưởng bao nhiêu lần lương cơ sở?", catalogue)
    assert [[m.award for m in p.awards] for p in same.parts] == [["tap-the-lao-dong-tien-tien"]]


def test_an_award_named_as_held_is_a_condition_of_the_one_the_story_nominates(catalogue: Catalogue) -> None:
    held = understand("Tỉnh đang chuẩn bị hồ sơ đề nghị Huân chương Sao vàng. Sau khi được Huân chương Hồ Chí Minh "
                      "thì phải bao nhiêu năm mới được đề nghị?", catalogue)
    assert held.parts[0].subject.award == "huan-chuong-sao-vang"
    # without a story nominating another, the award named is the one asked about
    alone = understand("Sau khi được Huân chương Hồ Chí Minh thì tiêu chuẩn tiếp theo là gì?", catalogue)
    assert alone.parts[0].subject.award == "huan-chuong-ho-chi-minh"
    # named without the words of holding it, it is what is asked
    named = understand("Tỉnh đang chuẩn bị hồ sơ đề nghị Huân chương Sao vàng. Tiêu chuẩn Huân chương Hồ Chí Minh là "
                       "gì?", catalogue)
    assert named.parts[0].subject.award == "huan-chuong-ho-chi-minh"


def test_an_award_named_as_held_beside_the_one_asked_is_no_question_of_its_own(catalogue: Catalogue) -> None:
    both = understand("Sau khi được Huân chương Lao động hạng Ba năm 2019, nay cơ quan đề nghị Bằng khen của Thủ tướng "
                      "Chính phủ cho anh ấy thì được thưởng bao nhiêu?", catalogue)
    assert [[m.award for m in p.awards] for p in both.parts] == [["bang-khen-thu-tuong"]]
    assert both.parts[0].subject.award == "bang-khen-thu-tuong"


def test_a_yes_no_on_one_principle_before_a_question_on_another_is_asked_too(catalogue: Catalogue) -> None:
    both = understand("Hồ sơ của anh ấy kê khai gian dối. Có thu hồi tiền thưởng không, ai có quyền hủy quyết định "
                      "tặng danh hiệu?", catalogue)
    assert [part.principle for part in both.parts] == ["undone", "revoking"]
    # a content sentence before the question, saying no principle, is still the story told
    told = understand("Tôi làm kế toán ở trường, cuối năm thế nào cũng bận. Ai có quyền hủy quyết định tặng danh hiệu?",
                      catalogue)
    assert [part.principle for part in told.parts] == ["revoking"] and told.facts


@pytest.mark.parametrize(("text", "principle"), [
    # one nominee holding two titles at once, in the question or told before it
    ("Được cả LĐTT và CSTĐCS thì tiền thưởng tính thế nào?", "several-titles"),
    ("Chị ấy đạt cả Lao động tiên tiến lẫn Chiến sĩ thi đua cơ sở năm 2025. Kế toán nói chỉ chi một khoản, đúng không?",
     "several-titles"),
    # a title and a form of commendation: another clause; the kinds decide over a phrase that says "both sums"
    ("Anh A vừa đạt CSTĐCS vừa được Bằng khen của Chủ tịch UBND thành phố thì tiền thưởng tính thế nào?",
     "title-and-form"),
    ("Được cả LĐTT và CSTĐCS cùng một quyết định thì chi cả 2 khoản tiền thưởng không?", "several-titles"),
    # two forms of commendation held at once: their own clause, not the title-and-form one its phrase says
    ("Được cả Giấy khen và Bằng khen Chủ tịch UBND tỉnh thì có nhận cả hai khoản tiền thưởng không?", "several-forms"),
    # a question on another award than the two held in the story asks that award's rule
    ("Chị ấy đạt cả LĐTT và CSTĐCS năm 2025. Bằng khen Chủ tịch UBND tỉnh được thưởng 1,0 lần lương cơ sở phải không?",
     ""),
    # "ai chỉ đạo" is no "ai chi" (who pays): a phrase typed without diacritics is not read into other tones
    ("Ai chỉ đạo công tác thi đua ở cấp xã?", ""),
    # the same awards asked about side by side, no one said to hold them: no principle (one figure each)
    ("Mức thưởng CSTĐCS và LĐTT là bao nhiêu?", ""),
    ("Tiêu chuẩn Lao động tiên tiến và Giấy khen khác nhau thế nào?", ""),
])
def test_awards_held_at_once_are_asked_by_the_principle_of_their_kinds(catalogue: Catalogue, text: str,
                                                                      principle: str) -> None:
    assert understand(text, catalogue).parts[-1].principle == principle


def test_several_questions_get_one_part_each(catalogue: Catalogue) -> None:
    understanding = understand("Anh chị cho em hỏi hai việc ạ. Thứ nhất, ai có thẩm quyền quyết định tặng danh "
                               "hiệu Chiến sĩ thi đua toàn quốc? Thứ hai, danh hiệu này được thưởng bao nhiêu tiền?",
                               catalogue)
    assert [(p.intent, [m.award for m in p.awards]) for p in understanding.parts] == [
        ("authority", ["chien-si-thi-dua-toan-quoc"]), ("amount", ["chien-si-thi-dua-toan-quoc"])]
    other_award = understand("Mức tiền thưởng chiến sĩ thi đua cơ sở là bao nhiêu? Còn lao động tiên tiến thì bao "
                             "nhiêu?", catalogue)
    assert [(p.intent, [m.award for m in p.awards]) for p in other_award.parts] == [
        ("amount", ["chien-si-thi-dua-co-so"]), ("amount", ["lao-dong-tien-tien"])]
    # an award named with nothing asked of its own ("CSTĐCS thì sao?", "LĐTT nữa?"): the question before, of it,
    # whatever kind the nearest examples would give it alone
    said_alone = ("danh hiệu thì sao", "danh hiệu nữa", "danh hiệu là gì")
    examples = Examples([("definition", phrase) for phrase in said_alone], HashEmbeddings())
    kinds = KindClassifier(default_lexicon(), examples)
    for again in ("CSTĐCS thì sao?", "Chiến sĩ thi đua cơ sở nữa?", "Còn CSTĐCS thì như thế nào ạ?"):
        elliptic = understand(f"LĐTT thưởng bao nhiêu lần lương cơ sở? {again}", catalogue, kinds=kinds)
        assert [(p.intent, [m.award for m in p.awards]) for p in elliptic.parts] == [
            ("amount", ["lao-dong-tien-tien"]), ("amount", ["chien-si-thi-dua-co-so"])], again
    assert kinds.classify("danh hiệu thì sao?").kind == "definition"  # what the examples alone say
    joined = understand("cho em hoi khen thuong dot xuat la gi, va ket qua khen thuong dot xuat co duoc dung lam can "
                        "cu de nghi khen thuong cap tren khong a", catalogue)
    assert len(joined.parts) == 2 and joined.parts[0].intent == "definition"


def test_a_follow_on_keeps_the_question_and_focuses_on_the_difference(catalogue: Catalogue) -> None:
    understanding = understand("Ở Bắc Ninh hồ sơ khen thưởng tổng kết năm gửi trước ngày nào, còn ngành giáo dục thì "
                               "sao?", catalogue)
    assert [part.intent for part in understanding.parts] == ["deadline", "deadline"]
    assert understanding.parts[1].focus.startswith("còn ngành giáo dục")
    assert "tổng kết năm" in understanding.parts[1].text


def test_documents_named_and_the_eligibility_hook_data(catalogue: Catalogue) -> None:
    understanding = understand("Gia đình tôi ở Hải Phòng. Thành phố có Kế hoạch 298/KH-UBND. Xin hỏi kế hoạch này "
                               "thực hiện chỉ thị nào?", catalogue)
    assert understanding.documents == ["Kế hoạch 298/KH-UBND"]
    eligibility = understand("Tôi 3 năm liền đạt Chiến sĩ thi đua cơ sở, có sáng kiến cấp tỉnh. Tôi có đủ điều kiện "
                             "chiến sĩ thi đua cấp tỉnh không?", catalogue)
    assert eligibility.intent == "eligibility" and eligibility.yes_no
    assert "chien-si-thi-dua-cap-tinh" in [m.award for m in eligibility.parts[0].awards]
    assert "3 năm liền" in eligibility.facts_text


def test_sentences_split_ordinals_and_joined_questions() -> None:
    assert sentences("Thứ nhất, A là gì? Thứ hai, B bao nhiêu?") == ["A là gì?", "B bao nhiêu?"]
    assert sentences("Tôi là công chức; năm nay đạt LĐTT.\nHỏi: tiêu chuẩn CSTĐCS?") == [
        "Tôi là công chức", "năm nay đạt LĐTT.", "Hỏi: tiêu chuẩn CSTĐCS?"]
    assert sentences("Lao động tiên tiến được thưởng bao nhiêu, ai quyết định tặng?") == [
        "Lao động tiên tiến được thưởng bao nhiêu", "ai quyết định tặng?"]
    assert sentences("tap the lao dong xuat sac can dieu kien gi, ho so gom nhung gi") == [
        "tap the lao dong xuat sac can dieu kien gi", "ho so gom nhung gi"]
    # a history before the comma is not a question of its own
    assert len(sentences("Tôi đạt CSTĐCS 3 năm liền, ai có thể hướng dẫn tôi làm hồ sơ?")) == 1


def test_documents_named_with_or_without_diacritics_and_never_a_date() -> None:
    from ingest.legal_refs import document_mentions

    assert document_mentions("Nghị định 152/2025/NĐ-CP và Kế hoạch 298 còn hiệu lực không?") == [
        "Nghị định 152/2025/NĐ-CP", "Kế hoạch 298"]
    assert document_mentions("nghi dinh 98/2023 con hieu luc khong") == ["nghi dinh 98/2023"]
    assert document_mentions("Điều 23 Luật Thi đua, khen thưởng") == ["Luật Thi đua, khen thưởng"]
    assert document_mentions("Hồ sơ nộp trước tháng 12/2025") == []


@pytest.mark.parametrize(("question", "kind"), [
    ("Chủ tịch UBND xã có được tặng giấy khen không?", "authority"),
    ("giam doc so co duoc tang danh hieu lao dong tien tien khong", "authority"),
    ("Tôi là chủ tịch xã, tôi có được tặng Lao động tiên tiến không?", "eligibility"),
    ("Em có được tặng Lao động tiên tiến không ạ?", "eligibility"),
])
def test_a_post_asked_whether_it_may_confer_asks_who_decides(question: str, kind: str) -> None:
    assert guess_of(question).kind.value == kind


def test_a_question_naming_no_award_asks_about_the_one_the_story_nominates() -> None:
    catalogue = Catalogue.load(KNOWLEDGE / "awards")
    told = understand("Em là giáo viên, 3 năm liền đạt Chiến sĩ thi đua cơ sở. Trường định đề nghị xét Nhà giáo ưu tú "
                      "cho em. Tiêu chuẩn của danh hiệu này là gì?", catalogue)
    assert told.parts[0].subject.award == "nha-giao-uu-tu"
    # without a nominating verb, the award named last, nearest the question
    last = understand("Năm 2024 tôi đạt Lao động tiên tiến, năm 2025 được Chiến sĩ thi đua cơ sở. Danh hiệu đó thưởng "
                      "bao nhiêu?", catalogue)
    assert last.parts[0].subject.award == "chien-si-thi-dua-co-so"
    # a question naming its own award keeps it
    own = understand("Tôi đạt Lao động tiên tiến. Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?", catalogue)
    assert own.parts[0].subject.award == "chien-si-thi-dua-co-so"


@pytest.mark.parametrize(("question", "award"), [
    # a condition told first, what is asked after it: the last award named after "xét / tặng / đề nghị"
    ("Tập thể có một cá nhân được xét tặng danh hiệu Lao động tiên tiến thì có được xét tặng danh hiệu Tập thể lao "
     "động tiên tiến không?", "tap-the-lao-dong-tien-tien"),
    ("Được tặng Bằng khen của Thủ tướng rồi thì có được xét Chiến sĩ thi đua cơ sở nữa không?",
     "chien-si-thi-dua-co-so"),
    # one award nominated, another only counted: the nominated one
    ("Muốn được xét Chiến sĩ thi đua cấp tỉnh thì cần mấy lần Chiến sĩ thi đua cơ sở?", "chien-si-thi-dua-cap-tinh"),
])
def test_a_question_nominating_several_awards_asks_about_the_last(catalogue: Catalogue, question: str,
                                                                   award: str) -> None:
    assert understand(question, catalogue).parts[0].subject.award == award


def test_whom_is_read_without_making_words_across_an_award_name(catalogue: Catalogue) -> None:
    """ "Bằng khen của Bộ" is the award; the "trưởng" after it is not read with the name's stand-in as "hiệu trưởng"
    (a kind of individual): asked for a collective only."""
    assert understand("Bằng khen của Bộ trưởng cho tập thể thưởng bao nhiêu?", catalogue).parts[0].whom == ("tap-the",)


def test_whom_a_clause_tells_a_figure_of_is_not_asked(catalogue: Catalogue) -> None:
    """"cá nhân thì được 0,3 lần …, còn tập thể thì bao nhiêu?" asks the collective's reward only; naming both with
    no figure told asks both."""
    told = "Giấy khen của Chủ tịch xã: cá nhân được thưởng 0,3 lần mức lương cơ sở, còn tập thể thì được bao nhiêu?"
    assert understand(told, catalogue).parts[0].whom == ("tap-the",)
    both = "Mức thưởng Bằng khen cho tập thể có khác cá nhân không?"
    assert understand(both, catalogue).parts[0].whom == ("ca-nhan", "tap-the")
    # a number that is no reward ("tập thể có 10 người") tells nothing of whom
    sized = "Mức thưởng Bằng khen của Thủ tướng cho tập thể có 10 người, và cho cá nhân là bao nhiêu?"
    assert understand(sized, catalogue).parts[0].whom == ("ca-nhan", "tap-the")
    # whom a told sentence names is not asked about when the question names its own
    after = "Giấy khen của Chủ tịch UBND xã cho tập thể thì tiền thưởng bao nhiêu? Em chỉ thấy mức cho cá nhân."
    assert understand(after, catalogue).parts[0].whom == ("tap-the",)
    story = "Tôi là cá nhân được khen. Mức thưởng Giấy khen là bao nhiêu?"
    assert understand(story, catalogue).parts[0].whom == ("ca-nhan",)  # none asked: the story's


@pytest.mark.parametrize(("question", "whom"), [
    # denied, with the kinds listed on next to it, with or without commas
    ("Nông dân đâu phải cán bộ công chức viên chức, tiêu chuẩn LĐTT với họ thế nào?", ("cong-nhan-nong-dan",)),
    ("Nông dân không phải là cán bộ công chức thì mức thưởng LĐTT bao nhiêu?", ("cong-nhan-nong-dan",)),
    # named to compare with: the ones compared are not the ones asked about
    ("Bình LĐTT cho dân quân thường trực giống cán bộ, công chức xã có đúng không?", ("luc-luong-vu-trang",)),
    ("Bộ đội được thưởng Chiến sĩ tiên tiến như công chức à?", ("luc-luong-vu-trang",)),
])
def test_whom_denied_or_compared_with_is_not_asked(catalogue: Catalogue, question: str, whom: tuple) -> None:
    assert understand(question, catalogue).parts[0].whom == whom


def test_a_principle_asked_beside_a_question_of_the_same_kind_is_its_own_part(catalogue: Catalogue) -> None:
    """"… cả hai danh hiệu hay chỉ một? Mức là bao nhiêu?": two amount questions, one a principle's and one the
    awards' reward; the awards the story names are what both ask about."""
    message = ("Năm 2025 chị Hoa vừa được công nhận CSTĐCS vừa đạt LĐTT. Chị được nhận tiền thưởng cả hai danh hiệu "
               "hay chỉ một? Mỗi danh hiệu bao nhiêu lần lương cơ sở?")
    parts = understand(message, catalogue).parts
    assert [part.intent for part in parts] == ["amount", "amount"]
    assert parts[0].principle == "several-titles" and not parts[1].principle
    assert {m.award for m in parts[1].awards} == {"chien-si-thi-dua-co-so", "lao-dong-tien-tien"}
    # two questions of the same kind, neither a principle's: one question
    same = "Năm 2025 chị Hoa được CSTĐCS. Tiền thưởng là bao nhiêu? Tính theo mấy lần lương cơ sở?"
    assert len(understand(same, catalogue).parts) == 1


def test_a_nominee_kind_denied_is_not_who_is_asked_about(catalogue: Catalogue) -> None:
    message = "Bác không phải cán bộ, công chức gì, làm nghề nuôi ngao. Bác có được Lao động tiên tiến không?"
    assert understand(message, catalogue).who == ["cong-nhan-nong-dan"]
    # a denial ends with its sentence, and a comma carries it only where the list closes
    for other in ("Chị ấy không phải viên chức. Cán bộ xã thì có được tặng Lao động tiên tiến không?",
                  "Vợ em không phải công chức, cán bộ xã như em có được xét Lao động tiên tiến không?"):
        assert understand(other, catalogue).who == ["can-bo"], other


def test_the_province_the_questions_name_is_the_one_asked_about(catalogue: Catalogue) -> None:
    places = ("Hải Phòng", "Bắc Ninh")  # the users' own first, as the engine passes them
    message = ("Bên Bắc Ninh quy định gửi hồ sơ khen thưởng tổng kết năm trước ngày 10/12. Hải Phòng mình hạn chót nộp "
               "hồ sơ là ngày nào?")
    assert understand(message, catalogue, places).province == "Hải Phòng"
    assert understand("Em ở Hải Phòng. Bắc Ninh quy định hạn nộp hồ sơ là ngày nào?", catalogue,
                      places).province == "Bắc Ninh"
    # one the question compares with is not the one asked about
    assert understand("Em ở Bắc Ninh. Thời hạn nộp hồ sơ khen thưởng có giống Hải Phòng không?", catalogue,
                      places).province == "Bắc Ninh"
    # named only in the story, it is still the message's province
    assert understand("Em ở Bắc Ninh. Hạn nộp hồ sơ là ngày nào?", catalogue, places).province == "Bắc Ninh"
    # the users' own, named only in the story (a workplace), asks for no rule of its own
    assert understand("Trung tá Hải công tác ở Bộ Chỉ huy quân sự thành phố Hải Phòng, nhập ngũ năm 2003. Đơn vị đề "
                      "nghị Huy chương Quân kỳ quyết thắng cho anh được không?", catalogue, places).province == ""
    # the only province named is compared with: the asker's own is asked about, not the one compared
    for compared in ("Hạn nộp hồ sơ khen thưởng tổng kết năm ở thành phố mình là ngày nào, có giống Bắc Ninh không?",
                     "han cuoi nop ho so khen thuong tong ket nam la ngay nao vay? co phai 10/12 nhu Bac Ninh ko?"):
        assert understand(compared, catalogue, places).province == "", compared
    # "như Bắc Ninh quy định": the rule that province lays down is asked about
    assert understand("Hạn nộp hồ sơ khen thưởng tổng kết năm như Bắc Ninh quy định là ngày nào?", catalogue,
                      places).province == "Bắc Ninh"


@pytest.mark.parametrize(("message", "intent"), [
    ("Anh tôi là đại úy quân đội, đến nay chưa có huân chương nào. Phục vụ bao nhiêu năm thì được Huy chương Quân kỳ "
     "quyết thắng?", "count"),
    ("Đơn vị em không có cá nhân nào bị kỷ luật. Tập thể lao động xuất sắc cần những tiêu chuẩn gì?", "criteria"),
])
def test_none_told_with_nao_is_told_not_asked(catalogue: Catalogue, message: str, intent: str) -> None:
    """"chưa có huân chương nào." tells "none" where the writer marks questions with "?": one question, the one
    asked, not a second part read from the story."""
    parts = understand(message, catalogue).parts
    assert [part.intent for part in parts] == [intent]


def test_registering_for_an_award_is_no_question_of_who_signs() -> None:
    assert guess_of("Cá nhân có đăng ký được danh hiệu CSTĐCS không?").kind.value != "authority"
    assert guess_of("Giám đốc ký hay Chủ tịch Hội đồng thành viên ký quyết định tặng giấy khen?").kind.value \
        == "authority"


def test_an_indirect_question_with_nao_is_still_asked(catalogue: Catalogue) -> None:
    """"chưa rõ cấp nào quyết định." asks who decides, said indirectly: only "chưa có … nào" and its like tell none."""
    parts = understand("Em chưa rõ cấp nào quyết định. Tiền thưởng LĐTT là bao nhiêu?", catalogue).parts
    assert [part.intent for part in parts] == ["authority", "amount"]


@pytest.mark.parametrize("message", ["e co du dk xin BK cua chu tich UBND TP ko?",
                                     "Đơn vị em muốn đề nghị Bằng khen của UBND TP thì cần gì?"])
def test_the_city_typed_as_tp_names_the_citys_award(corpus_engine, message: str) -> None:
    """Staff type the city "TP" (knowledge/lexicon/spelling.yaml): "BK của Chủ tịch UBND TP" is the city's award."""
    named = [mention.award for part in corpus_engine.understand(message).parts for mention in part.named]
    assert named == ["bang-khen-chu-tich-ubnd-tinh"]

    # "TP" alone is as often a head of division: read as the city only after a body or a level
    assert "thành phố" not in corpus_engine.lexicon.rewrite("Em là TP của sở, có được Bằng khen không?", "spelling")


def test_the_achievement_a_nomination_is_for_is_no_duplicate(catalogue: Catalogue) -> None:
    """"cho đúng thành tích năm 2025" is "for exactly the 2025 achievements"; "bị trùng" says one achievement
    commended twice."""
    assert understand("Đề nghị CSTĐCS cho đúng thành tích năm 2025 thì cần gì?", catalogue).parts[0].principle == ""
    twice = understand("Sở lại đề nghị Bằng khen cho thành tích đã được giấy khen. Như thế có bị trùng không?",
                       catalogue)
    assert twice.parts[-1].principle == "one-achievement"


@pytest.mark.parametrize(("text", "intent", "award"), [
    ("Em là kế toán bệnh viện, năm 2025 được đánh giá hoàn thành xuất sắc nhiệm vụ và đã đạt Lao động tiên tiến. "
     "Phòng Tổ chức bảo muốn lên Chiến sĩ thi đua cơ sở thì bắt buộc phải có sáng kiến được công nhận. Như vậy có "
     "đúng không ạ?", "criteria", "chien-si-thi-dua-co-so"),
    ("Sếp em nói Bằng khen của Chủ tịch UBND thành phố được thưởng 1,0 lần mức lương cơ sở. Đúng không ạ?", "amount",
     "bang-khen-chu-tich-ubnd-tinh"),
    # the check before the other choice the asker has in mind
    ("Năm 2025 em hoàn thành xuất sắc nhiệm vụ. Trưởng khoa bảo muốn được Chiến sĩ thi đua cơ sở thì bắt buộc phải có "
     "sáng kiến được công nhận. Nói vậy có đúng không, hay chỉ cần hoàn thành xuất sắc là đủ?", "criteria",
     "chien-si-thi-dua-co-so"),
])
def test_a_check_of_a_told_claim_asks_what_the_claim_rules(catalogue: Catalogue, text: str, intent: str,
                                                           award: str) -> None:
    """"… bảo … Như vậy có đúng không?": the question is the claim's, its kind and award, its words searched."""
    part = understand(text, catalogue).parts[0]
    assert part.intent == intent and [mention.award for mention in part.named] == [award]
    assert part.text.endswith("?") and len(part.text) > 60
    # a check after a story that claims nothing ("bảo", "nói" …) is no claim's: the story is a history
    history = understand("Năm 2025 em đạt Lao động tiên tiến và có một sáng kiến. Như vậy có đúng không ạ?", catalogue)
    assert history.parts[0].intent == "content" and not history.parts[0].named
    # nor is a check of a principle's claim: that principle answers it
    pending = understand("Trưởng phòng bảo người đang bị thanh tra thì chưa đề nghị Lao động tiên tiến. Có đúng không?",
                         catalogue).parts[0]
    assert pending.principle == "pending" and pending.text == "Có đúng không?"


def test_a_check_of_a_claim_and_a_question_of_an_award_are_two_questions(catalogue: Catalogue) -> None:
    """"Kế toán bảo … Như vậy có đúng không, và CSTĐCS thì được thưởng bao nhiêu?": the check asks the principle the
    story tells, the second asks the award's own reward (the story's two titles do not make it the principle's)."""
    check, amount = understand(
        "Năm 2025 em vừa được Lao động tiên tiến vừa được Chiến sĩ thi đua cơ sở, cùng một quyết định. Kế toán bảo em "
        "chỉ được nhận tiền CSTĐCS, không được cộng thêm tiền LĐTT. Như vậy có đúng không, và CSTĐCS thì được thưởng "
        "bao nhiêu?", catalogue).parts
    assert check.yes_no and check.principle == "several-titles"
    assert amount.intent == "amount" and [m.award for m in amount.named] == ["chien-si-thi-dua-co-so"]
    assert amount.principle == ""
    # a question naming both titles held asks the principle ("tổng cộng" of the two rewards is not their sum)
    total = understand("Năm 2025 em vừa được Lao động tiên tiến vừa được Chiến sĩ thi đua cơ sở, cùng một quyết định. "
                       "Vậy tiền thưởng CSTĐCS và LĐTT của em tổng cộng là bao nhiêu?", catalogue).parts[-1]
    assert total.principle == "several-titles"
    # asked as a yes/no, the story's titles held together still ask the principle
    told = understand("Năm 2025 em vừa được Lao động tiên tiến vừa được Chiến sĩ thi đua cơ sở. Thế có được nhận cả "
                      "tiền Chiến sĩ thi đua cơ sở không?", catalogue).parts[-1]
    assert told.principle == "several-titles"


@pytest.mark.parametrize("text", [
    "Anh ấy đang bị tố cáo, chưa có kết luận. Đơn vị có trình bằng khen cho anh ấy được không hay phải chờ?",
    "Anh ấy đang bị tố cáo, chưa có kết luận. Đơn vị có trình bằng khen được không ạ, hay là phải chờ kết luận?",
])
def test_a_yes_no_before_the_other_choice_still_asks_yes_or_no(catalogue: Catalogue, text: str) -> None:
    """"… được không hay phải chờ?" asks yes or no: the principle the story tells answers it, award named or not."""
    part = understand(text, catalogue).parts[0]
    assert part.yes_no and part.principle == "pending"
    # a choice between two things is no yes/no
    assert not understand("Trình giấy khen hay bằng khen?", catalogue).parts[0].yes_no
    # "không hay" in a told sentence is "not often": told, not asked
    often = understand("Anh ấy không hay đi muộn. Anh ấy có được Lao động tiên tiến không?", catalogue)
    assert often.facts == ["Anh ấy không hay đi muộn."] and len(often.parts) == 1
    # a reward asked before another choice is still a question of the reward ("… có tiền thưởng không hay chỉ có …?")
    assert understand("Bằng khen thành phố có được thưởng tiền không hay chỉ có bằng?", catalogue).parts[0].intent \
        == "amount"
    # asked after a question, it asks of that question, not a question of its own
    after = understand("Giấy khen cho công chức phường bây giờ ai ký quyết định? Chủ tịch UBND phường có được ký "
                       "không hay phải trình lên thành phố ạ?", catalogue)
    assert [part.intent for part in after.parts] == ["authority"]


def test_two_kinds_of_rule_joined_by_va_are_two_questions(catalogue: Catalogue) -> None:
    """"… thì ai quyết định và thưởng bao nhiêu?": two questions, the second of the first one's award."""
    from bot.engine.understand import default_kinds

    kinds = default_kinds()
    both = understand("Thôn em được công nhận thôn văn hóa thì ai quyết định và được thưởng bao nhiêu?", catalogue,
                      kinds=kinds)
    assert [(part.intent, [m.award for m in part.awards]) for part in both.parts] == [
        ("authority", ["thon-to-dan-pho-van-hoa"]), ("amount", ["thon-to-dan-pho-van-hoa"])]
    # two awards, or two words of one kind, joined by "và" are one question
    for one in ("Mức thưởng Lao động tiên tiến và Chiến sĩ thi đua cơ sở là bao nhiêu?",
                "Tiêu chuẩn và điều kiện xét Chiến sĩ thi đua cơ sở là gì?",
                "Tiêu chuẩn Giấy khen và Bằng khen của Chủ tịch UBND tỉnh là gì?",
                # a noun that also tells ("tiêu chuẩn") asks nothing of its own before "và"
                "Tiêu chuẩn về số năm công tác và thành tích để được Nhà giáo ưu tú là gì ạ?",
                # a yes/no after it asks of the first half's subject
                "Chủ tịch UBND phường được quyết định tặng những danh hiệu nào và có được tặng Cờ thi đua không?"):
        assert len(understand(one, catalogue, kinds=kinds).parts) == 1, one


def test_the_very_achievement_asked_again_is_the_one_achievement_principle(catalogue: Catalogue) -> None:
    """"cho chính thành tích đó" (the very achievement) asks the principle as "đúng thành tích đó" does."""
    message = ("Đội em đã được giấy khen của phường cho đợt chống bão. Giờ đề nghị Bằng khen thành phố cho chính thành "
               "tích chống bão đó được không?")
    assert understand(message, catalogue).parts[0].principle == "one-achievement"


def test_an_award_then_thi_sao_asks_the_previous_question_of_it(catalogue: Catalogue) -> None:
    """"… thì sao" closing a sentence with no "?" still asks: the question before it, of the award it names."""
    message = "Ai quyết định tặng Chiến sĩ thi đua toàn quốc? Cờ thi đua của Chính phủ thì sao"
    parts = understand(message, catalogue).parts
    assert [(part.intent, [m.award for m in part.awards]) for part in parts] == [
        ("authority", ["chien-si-thi-dua-toan-quoc"]), ("authority", ["co-thi-dua-chinh-phu"])]


def test_awards_given_to_collectives_only_tell_a_collective(catalogue: Catalogue) -> None:
    """No one named, the awards told are a collective's only: the reward asked is the collective's."""
    held = "Khoa em được Tập thể lao động xuất sắc và Huân chương Lao động hạng Ba, mức thưởng Huân chương bao nhiêu?"
    assert understand(held, catalogue).parts[0].whom == ("tap-the",)
    both = "Anh Nam được Lao động tiên tiến, tổ anh được Tập thể lao động xuất sắc. Mức thưởng mỗi danh hiệu bao nhiêu?"
    assert understand(both, catalogue).parts[0].whom != ("tap-the",)
    # a person named by a title and a name may be the one asked about
    person = ("Công ty em được Tập thể lao động xuất sắc, giám đốc là ông Bình và công ty cùng được Huân chương Lao "
              "động hạng Ba. Mức thưởng mỗi bên bao nhiêu?")
    assert understand(person, catalogue).parts[0].whom == ()

