"""A "Có." / "Không." first line only where the quoted rule is about what was asked."""

from __future__ import annotations

from bot.engine.answer import Citation, direct_line

CITATION = Citation("d:d7", "d", "Luật thử", "01/2099/QH15", "luat", "7", "Huân chương", "khoản 2", "in-force")
OTHER_AWARD = ("2. “Huân chương Lao động” hạng Ba để tặng cho công nhân, nông dân được bình xét khi sơ kết, tổng kết "
               "phong trào thi đua.")


def test_a_clause_on_another_award_never_answers_yes() -> None:
    line = direct_line("Năm 2025 anh ấy có được bình xét Lao động tiên tiến khi sơ kết phong trào thi đua không?",
                       OTHER_AWARD, CITATION, "content", "Lao động tiên tiến", yes_no=True)
    assert not line.startswith(("Có.", "Không.")) and line.startswith("Theo khoản 2 Điều 7")


def test_a_clause_on_the_award_asked_about_still_answers() -> None:
    line = direct_line("Công nhân có được bình xét Huân chương Lao động hạng Ba khi sơ kết phong trào thi đua không?",
                       OTHER_AWARD, CITATION, "content", "Huân chương Lao động hạng Ba", yes_no=True)
    assert line.startswith("Có.")


CRITERIA = ("d) Có 02 lần liên tục được tặng danh hiệu “Chiến sĩ thi đua cơ sở” hoặc có liên tục từ 02 năm trở lên "
            "được công nhận hoàn thành xuất sắc nhiệm vụ.")
DOSSIER = ("1. Hồ sơ đề nghị xét tặng danh hiệu thi đua gồm:\na) Tờ trình đề nghị xét tặng danh hiệu thi đua;\n"
           "d) Chứng nhận hoặc xác nhận của cơ quan, tổ chức có thẩm quyền đối với sáng kiến.")


def test_the_words_asked_must_be_in_the_sentence_that_answers() -> None:
    """ "có được nhận cả hai không?" is not answered by a criterion that shares the award's name and the "nhận"
    of "công nhận"; "có cần xác nhận sáng kiến không?" is answered by the line that names the xác nhận."""
    both = direct_line("Người vừa được tặng Chiến sĩ thi đua cơ sở vừa được Bằng khen thì có được nhận cả hai không?",
                       CRITERIA, CITATION, "content", "Chiến sĩ thi đua cơ sở", yes_no=True)
    assert not both.startswith(("Có.", "Không."))
    assert direct_line("Hồ sơ đề nghị Chiến sĩ thi đua cơ sở có cần xác nhận sáng kiến không?", DOSSIER, CITATION,
                       "dossier", yes_no=True).startswith("Có.")


def test_a_rule_answering_by_a_condition_says_no_bare_yes() -> None:
    """Two sentences of the clause as close to the question, each under its own condition ("… khác nhau thì …",
    "… cùng … thì …"): which holds depends on the case, so no "Có." / "Không." before the quote."""
    rule = ("5. Trong cùng một thời điểm, một đối tượng đạt nhiều danh hiệu thi đua, có thời gian được tính để đạt các "
            "danh hiệu thi đua đó khác nhau thì được nhận tiền thưởng của các danh hiệu thi đua tương ứng.\nTrong cùng "
            "một thời điểm, một đối tượng đạt nhiều danh hiệu thi đua, có cùng thời gian được tính để đạt các danh "
            "hiệu thi đua đó thì được nhận tiền thưởng danh hiệu thi đua cao nhất.")
    line = direct_line("Năm 2025 tôi đạt nhiều danh hiệu thi đua thì được nhận tiền thưởng các danh hiệu không?", rule,
                       CITATION, "amount", yes_no=True)
    assert not line.startswith(("Có.", "Không."))
    one = rule.split("\n")[0]  # the first condition alone states it
    assert direct_line("Năm 2025 tôi đạt nhiều danh hiệu thi đua thì được nhận tiền thưởng các danh hiệu không?", one,
                       CITATION, "amount", yes_no=True).startswith("Có.")


def test_a_yes_no_on_rewards_without_a_quantity_is_not_an_amount_question() -> None:
    from bot.engine.understand import guess_of

    assert guess_of("Được nhận tiền thưởng của cả hai danh hiệu không?").kind.value == "content"
    assert guess_of("Chiến sĩ thi đua cơ sở được thưởng bao nhiêu?").kind.value == "amount"
    assert guess_of("Mức tiền thưởng Lao động tiên tiến có thay đổi không?").kind.value == "amount"



def test_a_yes_or_no_is_said_only_over_an_answer_sure_of_what_was_asked() -> None:
    """"Không." is the quoted rule's, kept apart from the line over the quote: the faces say it when the answer is
    sure, never under "Tôi chưa chắc …" (an unsure answer whose next line says a plain "Không." contradicts itself)."""
    from bot.engine.answer import Answer, _direct
    from bot.faces.render import render

    quote = "4. Chưa khen thưởng cho cá nhân trong thời gian đang bị xem xét kỷ luật."
    said, line = _direct("Có được khen thưởng khi đang bị kỷ luật không?", quote, CITATION, "content", yes_no=True)
    assert said == "Không." and line.startswith("Theo khoản 2 Điều 7")
    answer = Answer("Có được khen thưởng khi đang bị kỷ luật không?", covered=True, lead=line, said=said, quote=quote,
                    quote_citation=CITATION, citations=[CITATION])
    assert render(answer).startswith("Không. Theo khoản 2 Điều 7")
    answer.sure, answer.doubt = False, "kind"
    unsure = render(answer)
    assert "Không. Theo" not in unsure and "Theo khoản 2 Điều 7" in unsure
