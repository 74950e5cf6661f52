"""Kinds of question from the lexicon's evidence backed by labelled examples; an eval that tells which kinds were
confused and how often a wrong answer was given without a word of doubt."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.kinds import Examples, Kind, KindClassifier
from bot.evaluate import Outcome, Question, evaluate
from bot.faces.render import render
from bot.lexicon import Lexicon
from tests.conftest import HashEmbeddings

ROOT = Path(__file__).resolve().parents[1]
LEXICON = Lexicon.load(ROOT / "knowledge" / "lexicon")


@pytest.mark.parametrize(("question", "kind"), [
    # the more specific phrase wins: a multiple of the base salary is an amount, not a count
    ("Huân chương Lao động hạng Ba được thưởng mấy lần mức lương cơ sở?", Kind.AMOUNT),
    ("Cần mấy lần đạt Chiến sĩ thi đua cơ sở để xét cấp tỉnh?", Kind.COUNT),
    # a question frame yields to the kind of rule it frames
    ("Tiêu chuẩn Tập thể lao động xuất sắc là gì?", Kind.CRITERIA),
    ("Hồ sơ đề nghị khen thưởng gồm những gì?", Kind.DOSSIER),
    # "mức" of a rating is no amount
    ("Lao động tiên tiến thì phải được xếp loại mức nào?", Kind.CRITERIA),
    ("Danh hiệu Chiến sĩ thi đua toàn quốc do cấp nào tặng?", Kind.AUTHORITY),
    ("nghi dinh 152 con hieu luc khong", Kind.STATUS),
    # how long one must serve is a duration the criteria set; "bao lâu" of a filing is a deadline
    ("Giáo viên phải giảng dạy bao lâu thì được xét Nhà giáo nhân dân?", Kind.COUNT),
    ("thoi gian cong tac de xet huy chuong chien si ve vang la bao lau", Kind.COUNT),
    ("Đề nghị khen thưởng chuyên đề phải gửi trước bao lâu?", Kind.DEADLINE),
    # years of work in commendation ("công tác khen thưởng bao nhiêu năm"): a duration, no reward asked
    ("Cán bộ làm công tác thi đua, khen thưởng bao nhiêu năm thì được xét tặng Kỷ niệm chương?", Kind.COUNT),
    # a document's force inside a time told is when, not whether it is in force
    ("Hồi NĐ 98/2023 còn hiệu lực, Lao động tiên tiến được thưởng bao nhiêu?", Kind.AMOUNT),
    ("Năm 2024, lúc Nghị định 98/2023 còn áp dụng, hồ sơ phải gửi chậm nhất vào ngày nào?", Kind.DEADLINE),
    ("Lúc này NĐ 98 còn hiệu lực không?", Kind.STATUS),
    ("NĐ 98 hết hiệu lực khi nào?", Kind.STATUS),
    ("Kể từ khi NĐ 152 có hiệu lực thì NĐ 98 còn áp dụng không?", Kind.STATUS),
    # a time word opening the question itself frames nothing: the question is whether it is in force
    ("Hồ sơ em nộp tháng 5/2025, lúc đó NĐ 98 còn hiệu lực không?", Kind.STATUS),
    ("Trước đây NĐ 98 có hiệu lực từ ngày nào?", Kind.STATUS),
])
def test_the_lexicon_tells_the_kind(question: str, kind: Kind) -> None:
    assert KindClassifier(LEXICON).classify(question).kind == kind


def test_examples_decide_where_the_lexicon_has_no_word_and_only_with_a_majority() -> None:
    lexicon = Lexicon({"kinds": {"amount": ["tiền thưởng"]}})
    examples = Examples([("deadline", "nộp vào ngày nào trong năm"), ("deadline", "ngày nào phải nộp"),
                         ("deadline", "nộp ngày nào"), ("status", "văn bản còn áp dụng")], HashEmbeddings())
    classifier = KindClassifier(lexicon, examples)
    guess = classifier.classify("phải nộp vào ngày nào")
    assert guess.kind == Kind.DEADLINE and guess.evidence == {}
    assert classifier.classify("tiền thưởng phải nộp vào ngày nào").kind == Kind.AMOUNT  # the lexicon first
    split = KindClassifier(lexicon, Examples([("deadline", "ngày nào"), ("status", "còn áp dụng"),
                                              ("compare", "khác nhau")], HashEmbeddings()))
    assert split.classify("xyz").kind == Kind.CONTENT and not split.classify("xyz").sure


def test_example_vectors_are_kept_and_read_back(tmp_path: Path) -> None:
    class Counting(HashEmbeddings):
        calls = 0

        def embed_queries(self, texts: list[str]) -> list[list[float]]:
            Counting.calls += 1
            return super().embed_queries(texts)

    labelled = [("amount", "thưởng bao nhiêu"), ("deadline", "hạn nộp")]
    Examples(labelled, Counting(), tmp_path).vectors()
    Examples(labelled, Counting(), tmp_path).vectors()
    assert Counting.calls == 1 and len(list(tmp_path.glob("examples-*.npy"))) == 1


def test_small_talk_is_told_from_examples_only_without_domain_words() -> None:
    examples = Examples([("greeting", "chúc bạn ngày tốt lành"), ("greeting", "chúc bạn một ngày vui"),
                         ("greeting", "cảm ơn bạn nhiều"), ("criteria", "tiêu chuẩn là gì")], HashEmbeddings())
    classifier = KindClassifier(LEXICON, examples)
    assert classifier.small_talk("chúc bạn một ngày tốt lành") == Kind.GREETING
    assert classifier.small_talk("chúc bạn ngày tốt lành, tiêu chuẩn là gì") is None


def _system(answers: dict[str, Outcome]):
    return lambda question: answers[question]


def test_eval_reports_the_confusion_of_kinds_and_confident_wrong_answers() -> None:
    questions = [Question("a", [], False, ["0,3 lần"], kind="amount"),
                 Question("b", [], False, ["0,3 lần"], kind="amount"),
                 Question("c", [], False, ["Điều 23"], kind="criteria"),
                 Question("d", [], False, not_covered=True, kind="criteria")]
    outcomes = {"a": Outcome([], False, 1.0, "0,3 lần mức lương", "amount", True),
                "b": Outcome([], False, 1.0, "0,8 lần", "criteria", True),  # wrong, said without doubt
                "c": Outcome([], False, 1.0, "Điều 24", "criteria", False),  # wrong, but said to be unsure
                "d": Outcome([], False, 1.0, "Theo Điều 9", "content", True)}  # a gap answered: wrong
    result = evaluate(questions, _system(outcomes))
    assert result["kinds"] == {"amount": {"amount": 1, "criteria": 1}, "criteria": {"criteria": 1, "content": 1}}
    assert result["kind_accuracy"] == 0.5
    assert result["confident_wrong_share"] == 0.5 and result["counts"]["confident_wrong_share"] == 4
    # an unsure answer holding the rule among the clauses it quotes is right, but not right with a sure first line
    outcomes["c"] = Outcome([], False, 1.0, "Điều 24 … có thể liên quan: Điều 23", "criteria", False)
    result = evaluate(questions, _system(outcomes))
    assert result["answer_accuracy"] == round(2 / 3, 4) and result["sure_answer_accuracy"] == round(1 / 3, 4)
    assert result["counts"]["sure_answer_accuracy"] == 3


def test_an_unsure_answer_says_what_was_understood_before_the_clause() -> None:
    from bot.engine.answer import Answer

    answer = Answer("q", covered=True, lead="Theo Điều 54 Nghị định 152/2025/NĐ-CP:", quote="…", intent="amount",
                    sure=False)
    first = render(answer).splitlines()[0]
    assert first.startswith("⚠️ Tôi chưa chắc") and "mức tiền thưởng" in first and "có thể liên quan" in first
    answer.sure = True
    assert render(answer).startswith("Theo Điều 54")
