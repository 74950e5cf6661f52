"""A question about a principle every award is given by (knowledge/awards/_common.yaml `principles`, in the words of
knowledge/lexicon/principles.yaml) is answered from its clause, whichever award it names; a history is still read
into a verdict."""

from __future__ import annotations

import pytest

from bot.engine.understand import Part
from bot.faces.render import render
from bot.lexicon import default_lexicon


# Điều 4 NĐ 152: the principles every award is given by; Điều 49: how rewards are reckoned (an amount question too).
@pytest.mark.parametrize(("question", "article", "clause"), [
    ("Thời gian nghỉ sinh con có được tính khi bình xét thi đua cuối năm không?", "4", "5"),
    ("Có cần có giấy khen rồi mới được đề nghị bằng khen không?", "4", "1"),
    ("Nhân viên chưa có giấy khen lần nào, phải có giấy khen trước rồi mới đề nghị bằng khen được à?", "4", "1"),
    ("Bằng khen chuyên đề có được dùng để đề nghị khen thưởng cấp cao hơn không?", "4", "3"),
    ("hai nguoi cung du tieu chuan ma chi con mot suat thi uu tien nu the nao", "4", "6"),
    ("Phòng chỉ được 1 suất CSTĐCS mà hai người cùng đủ chuẩn, thành tích ngang nhau. Có quy định nào ưu tiên không?",
     "4", "6"),
    ("Tiền thưởng nhân ra bị số lẻ thì làm tròn đến đâu?", "49", "2"),
    ("Lương cơ sở thay đổi giữa năm thì tiền thưởng được tính theo lương cơ sở nào?", "49", "1"),
    ("Tiền thưởng bao nhiêu là tính theo lương cơ sở thời điểm nào?", "49", "1"),
    ("Cuối năm tôi vừa đạt danh hiệu Lao động tiên tiến vừa được tặng Giấy khen, tôi có được nhận cả hai khoản tiền "
     "thưởng không?", "49", "7"),
    # awards one nominee holds at once, by their kinds: two titles, or a title and a form of commendation
    ("Chị Lan được cả LĐTT và CSTĐCS trong cùng quyết định, tiền thưởng tính thế nào?", "49", "5"),
    ("Anh ấy vừa đạt Chiến sĩ thi đua cơ sở vừa được Bằng khen của Chủ tịch UBND thành phố, tiền thưởng tính sao?",
     "49", "7"),
    # from when achievements count after a penalty: the clause's own question, the penalty told as "hết hạn"
    ("Anh ấy bị khiển trách tháng 2/2025, hết hạn kỷ luật tháng 8. Cuối năm xét khen thì thành tích tính từ khi nào?",
     "4", "4"),
])
def test_a_principle_asked_is_answered_from_its_clause(corpus_engine, question: str, article: str,
                                                       clause: str) -> None:
    answer = corpus_engine.ask(question)
    cited = answer.citations[0]
    assert answer.covered and (cited.doc_id, cited.article) == ("nd-152-2025", article)
    assert cited.location.startswith(f"khoản {clause} ")


# Principles whose clause is the Law's: who pays a reward (khoản 4 Điều 11), whom commendation by years of service is
# for (khoản 5 Điều 8); whatever award the question names.
@pytest.mark.parametrize(("question", "location", "words"), [
    ("Giấy khen do Giám đốc Sở tặng viên chức trường em thì tiền thưởng lấy từ quỹ của trường hay của Sở?",
     "khoản 4 Điều 11", "chi thưởng từ quỹ thi đua, khen thưởng do cấp mình quản lý"),
    ("tien thuong lao dong tien tien lay tu quy nao vay",
     "khoản 4 Điều 11", "chi thưởng từ quỹ thi đua, khen thưởng do cấp mình quản lý"),
    ("Tôi là công chức xã, công tác liên tục 26 năm, có được khen thưởng theo niên hạn không?",
     "khoản 5 Điều 8", "Quân đội nhân dân và Công an nhân dân"),
    ("e la giao vien 20 nam roi, co dc xet khen nien han ko a",
     "khoản 5 Điều 8", "Quân đội nhân dân và Công an nhân dân"),
    # an award won by a false claim, however the deceit and the undoing are said
    ("Hồ sơ xin giấy khen năm ngoái hóa ra khai khống, giờ giấy khen đó có bị hủy không?",
     "khoản 2 Điều 93", "tiền thưởng bị thu hồi"),
    ("Cán bộ kê khai sai thành tích để được bằng khen thì tiền thưởng có phải trả lại không?",
     "khoản 2 Điều 93", "tiền thưởng bị thu hồi"),
    # (an emulation registration "bị hủy" is no award undone: see the test below)
    # an award given under the earlier law
    ("Bằng khen ông tôi được tặng năm 2012 theo luật cũ bây giờ có còn được công nhận không?",
     "Điều 95", "tiếp tục công nhận và bảo hộ"),
    ("Bố em có Huân chương Lao động từ năm 2010. Luật mới rồi thì huân chương đó còn được Nhà nước công nhận không?",
     "Điều 95", "tiếp tục công nhận và bảo hộ"),
])
def test_a_principle_of_the_law_is_answered_from_its_clause(corpus_engine, question: str, location: str,
                                                            words: str) -> None:
    answer = corpus_engine.ask(question)
    cited = answer.citations[0]
    assert (cited.doc_id, cited.location) == ("luat-tdkt-2022", location) and answer.sure
    assert words in render(answer)


def test_a_principle_one_achievement_is_the_laws_point(corpus_engine) -> None:
    answer = corpus_engine.ask("Một thành tích có được khen thưởng hai lần không?")
    assert answer.citations[0].location == "điểm c khoản 2 Điều 5"
    assert "không khen thưởng nhiều lần, nhiều hình thức cho một thành tích" in render(answer)
    # the achievement named by what it was: an initiative, a research work
    initiative = corpus_engine.ask("Sáng kiến của tôi đã được dùng để xét CSTĐCS năm nay rồi. Thủ trưởng lại muốn tặng "
                                   "thêm Giấy khen cho chính sáng kiến đó. Như thế có đúng nguyên tắc không?")
    assert initiative.citations[0].location == "điểm c khoản 2 Điều 5"


def test_what_a_form_of_emulation_is_is_not_what_its_results_count_toward(corpus_engine) -> None:
    """"thi đua theo chuyên đề" names the principle of what special results count toward (khoản 3 Điều 4 Nghị định
    152/2025): a question comparing it with another form of emulation asks their own rule, not the principle."""
    answer = corpus_engine.ask("Thi đua theo chuyên đề khác gì thi đua thường xuyên?")
    assert answer.basis != "principle"
    assert (answer.citations[0].doc_id, answer.citations[0].article) != ("nd-152-2025", "4")


def test_a_history_with_the_circumstance_still_gets_a_verdict(corpus_engine) -> None:
    answer = corpus_engine.ask("Năm 2025 tôi nghỉ thai sản 6 tháng, được đánh giá hoàn thành tốt nhiệm vụ. Tôi có "
                               "được Lao động tiên tiến không?")
    assert answer.eligibility is not None


def test_a_dossier_or_a_figure_asked_is_not_answered_by_the_principle_it_mentions(corpus_engine) -> None:
    answer = corpus_engine.ask("Hồ sơ đề nghị Chiến sĩ thi đua cơ sở cho người nghỉ thai sản gồm những gì?")
    assert answer.citations and (answer.citations[0].doc_id, answer.citations[0].article) != ("nd-152-2025", "4")


def test_a_short_question_after_a_story_asks_the_principle_the_story_tells(corpus_engine) -> None:
    answer = corpus_engine.ask("Quý 3 tôi có một đề tài được nghiệm thu và đã được Giám đốc tặng Giấy khen vì đề tài "
                               "này. Nay phòng muốn dùng cùng thành tích đó để đề nghị Bằng khen cấp tỉnh. Như thế có "
                               "đúng không?")
    assert answer.citations[0].location == "điểm c khoản 2 Điều 5"
    # a question naming its own award keeps its own kind of rule, whatever the story tells
    told = corpus_engine.ask("Năm ngoái tôi nghỉ thai sản 6 tháng. Mức thưởng Lao động tiên tiến là bao nhiêu?")
    assert "0,3 lần mức lương cơ sở" in render(told)


def test_a_story_with_a_history_and_a_principle_asked_gets_the_principle_not_a_verdict(corpus_engine) -> None:
    """The story names the award and a history ("… năm 2025"), the question asks only whether it is the same
    achievement twice ("có bị trùng không?"): the principle's clause, not a verdict on the award."""
    answer = corpus_engine.ask("Anh Nam đạt giải Nhất hội thi tay nghề cấp thành phố năm 2025, cơ quan đã tặng Giấy "
                               "khen cho anh. Nay Sở lại đề nghị Bằng khen của Chủ tịch UBND thành phố cho đúng thành "
                               "tích đó. Như vậy có bị trùng không, có được phép không?")
    assert answer.eligibility is None
    assert answer.citations[0].location == "điểm c khoản 2 Điều 5"


@pytest.mark.parametrize("question", [
    "Năm 2024 tôi được Chủ tịch UBND thành phố tặng Bằng khen đột xuất vì cứu người trong bão. Kết quả này có được "
    "tính làm căn cứ để xét Bằng khen của Thủ tướng không?",
    "Năm 2023 chị được Bằng khen cấp tỉnh về thành tích đột xuất trong phòng chống dịch. Nay cơ quan định lấy bằng "
    "khen đó làm điều kiện để đề nghị Bằng khen Thủ tướng, có được không ạ?",
])
def test_whether_a_result_told_counts_toward_another_award_is_the_principles(corpus_engine, question: str) -> None:
    """The story tells a commendation for a special achievement, the question asks whether it counts toward another
    award ("làm căn cứ", "làm điều kiện") naming that award: the principle of what counts answers it, surely, not a
    verdict on the award named."""
    answer = corpus_engine.ask(question)
    assert answer.eligibility is None and answer.sure
    cited = answer.citations[0]
    assert (cited.doc_id, cited.location) == ("nd-152-2025", "khoản 3 Điều 4")


def test_a_bare_question_on_the_awards_held_in_the_story_gets_their_principle(corpus_engine) -> None:
    """"phải được nhận cả 2, đúng không?" reads as a criteria question ("phải được"); a yes/no naming no award of
    its own, it asks of the two titles the story says are held at once: the clause on several titles."""
    answer = corpus_engine.ask("Chị ấy năm 2025 được cả LĐTT và CSTĐCS, kế toán bảo chỉ được nhận tiền của 1 danh "
                               "hiệu thôi. Em nghĩ phải được nhận cả 2 chứ, đúng không ạ?")
    cited = answer.citations[0]
    assert (cited.doc_id, cited.location) == ("nd-152-2025", "khoản 5 Điều 49")


def test_a_principle_only_told_in_the_story_leaves_the_verdict_and_the_figure_asked(corpus_engine) -> None:
    """The story tells a principle's circumstance (a discipline, a complaint): "có đủ điều kiện không?" still gets
    its verdict, and a question of its own kind ("Tiền thưởng là bao nhiêu?") its own rule."""
    verdict = corpus_engine.ask("Em đang bị xem xét kỷ luật. Năm 2025 em hoàn thành xuất sắc nhiệm vụ, "
                                "được bình xét Lao động tiên tiến. Em có đủ điều kiện không?")
    assert verdict.eligibility is not None
    figure = corpus_engine.ask("Chị ấy được Lao động tiên tiến năm 2025, trước đó có đơn thư nhưng đã có kết luận "
                               "không sai phạm. Tiền thưởng là bao nhiêu?")
    assert (figure.citations[0].doc_id, figure.citations[0].article) == ("nd-152-2025", "50")


def test_a_short_question_searches_for_the_story_told_before_it(corpus_engine, monkeypatch) -> None:
    searched = []
    search = corpus_engine.search
    monkeypatch.setattr(corpus_engine, "search", lambda query, k=10: searched.append(query) or search(query, k))
    corpus_engine.ask("Đồng chí bảo vệ cơ quan vừa cứu một cháu bé đuối nước. Thủ trưởng muốn khen thưởng ngay. "
                      "Vậy làm thế nào?")
    assert "cứu một cháu bé đuối nước" in searched[0]
    corpus_engine.ask("Tiêu chuẩn danh hiệu Lao động tiên tiến là gì?")
    assert searched[-1].startswith("Tiêu chuẩn danh hiệu Lao động tiên tiến")


def test_a_principle_of_rewards_does_not_answer_a_criteria_question(corpus_engine) -> None:
    answer = corpus_engine.ask("Đã nhận cả hai khoản năm ngoái thì tiêu chuẩn Chiến sĩ thi đua cơ sở năm nay là gì?")
    assert all((c.doc_id, c.article) != ("nd-152-2025", "49") for c in answer.citations[:1])


def test_a_principles_own_words_make_its_answer_sure_whatever_the_kind_read(corpus_engine) -> None:
    """A story with sums and a question that names no kind of rule ("chi thừa hay có quy định làm tròn?"): the
    principle's words say what is asked, so its clause is answered without a doubt; two said, each its own."""
    answer = corpus_engine.ask("Kế toán chi tiền thưởng cho em 710.000đ, em nhẩm 0,3 x 2.340.000 = 702.000đ. Vậy là "
                               "kế toán chi thừa hay có quy định làm tròn ạ?")
    assert answer.citations[0].location == "khoản 2 Điều 49" and answer.sure
    # two principles said in one question: each answered from its own clause
    both = corpus_engine.ask("Tiền thưởng tính theo lương cơ sở ở thời điểm nào, lúc họp hội đồng hay lúc ký quyết "
                             "định, và nếu ra số lẻ thì làm tròn thế nào?")
    assert [part.quote_citation.location for part in both.parts] == ["khoản 1 Điều 49", "khoản 2 Điều 49"]
    assert all(part.sure for part in both.parts)


@pytest.mark.parametrize(("question", "location"), [
    ("Phát hiện một người năm ngoái được CSTĐCS nhờ kê khai gian dối sáng kiến, giờ có thu hồi tiền thưởng không?",
     "khoản 2 Điều 93"),
    ("Ai có quyền hủy quyết định tặng giấy khen đã ký?", "khoản 8 Điều 93"),  # asked as authority
    # the deceit and the undoing both told: two principles' words, one clause
    ("Khai khống thành tích để được bằng khen, giờ bị phát hiện thì có bị thu hồi bằng khen không?", "khoản 2 Điều 93"),
    ("truong phong bao em sua bao cao thanh tich cho dep de kip trinh bang khen, lam vay co sao khong",
     "khoản 3 Điều 15"),
    # "không đúng sự thật" is the deceit, "thu lại" the recovery
    ("Anh Nam kê khai sáng kiến không đúng sự thật để được giấy khen năm 2024, tiền thưởng có bị thu lại không?",
     "khoản 2 Điều 93"),
])
def test_deceit_its_undoing_and_what_is_forbidden_are_answered_from_the_law(corpus_engine, question: str,
                                                                            location: str) -> None:
    """An award won by deceit, who undoes an award, what the Law forbids: principles every award is given by, each
    answered from its clause whatever award the question names."""
    answer = corpus_engine.ask(question)
    assert answer.citations[0].location == location and answer.sure


def test_the_procedure_of_undoing_an_award_is_not_answered_by_when_it_is_undone(corpus_engine) -> None:
    """The procedure of revocation is the Government's to lay down (khoản 9 Điều 93): the clause on when an award is
    undone (khoản 2) does not answer a question of its dossier and steps."""
    answer = corpus_engine.ask("Hồ sơ, thủ tục hủy bỏ quyết định khen thưởng gồm những gì?")
    assert answer.basis != "principle" and answer.citations[0].location != "khoản 2 Điều 93"


def test_a_denied_principle_or_a_mere_wrong_form_is_not_asked(corpus_engine) -> None:
    """"không có đơn thư gì" denies the pending principle: only the leave is asked; "hồ sơ đề nghị sai mẫu" is a
    form filled wrongly, not a false claim the Law forbids."""
    part = Part("Người không có đơn thư gì, nghỉ thai sản 6 tháng thì có được xét LĐTT không?", "eligibility", [])
    assert corpus_engine._principles_asked(part) == ["maternity"]  # one principle said: nothing to split
    assert [found.label for found in corpus_engine._principles_said(part.text)] == ["maternity"]
    assert corpus_engine.ask("Hồ sơ đề nghị sai mẫu thì có phải làm lại không?").basis != "principle"


def test_undoing_is_said_of_an_award_not_of_anything_cancelled(corpus_engine) -> None:
    registered = corpus_engine.understand("Đăng ký thi đua đầu năm rồi mà không đạt thì có bị hủy không?")
    assert all(part.principle != "undone" for part in registered.parts)
    award = corpus_engine.understand("Hồ sơ khai khống thì bằng khen có bị hủy không?")
    assert award.parts[0].principle in ("undone", "revoked")


def test_a_principle_and_the_reward_asked_together_get_both(corpus_engine) -> None:
    """Two questions of amounts, one a principle's ("cả hai hay chỉ một?") and one the awards' reward: the clause of
    the principle, and each award the story names with its own figure."""
    text = render(corpus_engine.ask("Năm 2025 anh Tùng vừa được công nhận CSTĐCS vừa đạt LĐTT. Anh được nhận tiền "
                                    "thưởng cả hai danh hiệu hay chỉ một? Mỗi danh hiệu bao nhiêu lần lương cơ sở?"))
    assert "khoản 5 Điều 49" in text
    assert "1,0 lần mức lương cơ sở" in text and "0,3 lần mức lương cơ sở" in text


@pytest.mark.parametrize("question", [
    "Cán bộ bị kỷ luật năm ngoái, năm nay xét LĐTT cho anh ấy thì thành tích được tính từ lúc nào?",
    "Chị Hà bị cảnh cáo năm 2024, tháng 6/2025 mới hết hạn. Năm 2025 có xét LĐTT cho chị được không, thành tích của "
    "chị được tính từ lúc nào?",
])
def test_from_when_achievements_count_is_said_beside_the_award_asked(question: str, corpus_engine) -> None:
    """The after-discipline clause's own words asked ("thành tích … được tính từ lúc nào?") beside a question naming
    the award: its sentence is said, as the answer or under the verdict on the history told."""
    assert "thành tích khen thưởng được tính từ thời điểm chấp hành xong" in render(corpus_engine.ask(question))


@pytest.mark.parametrize("question", [
    "Đồng chí ấy đã chấp hành xong thời hạn kỷ luật, có được xét khen thưởng ngay không?",
    "Bị khiển trách năm ngoái thì thành tích để khen thưởng được tính lại từ lúc nào?",
])
def test_the_after_discipline_principle_is_read_in_other_words(question: str) -> None:
    assert "after-discipline" in default_lexicon().labels(question, "principles")


def test_a_principle_said_stands_before_a_verdict_the_knowledge_base_cannot_give(corpus_engine) -> None:
    """Awards named with a principle in the question's own words ("… cho đúng thành tích đó nữa có được không?"):
    where the knowledge base lacks the award's criteria for the province, the principle's clause answers."""
    answer = corpus_engine.ask("Năm 2025 tổ em được phường tặng giấy khen vì thành tích chống dịch, nay thành phố lại "
                               "định tặng bằng khen cho đúng thành tích đó nữa thì có được không?")
    assert answer.citations[0].location == "điểm c khoản 2 Điều 5"
    assert "không khen thưởng nhiều lần, nhiều hình thức cho một thành tích" in render(answer)
    # nor one the story tells ("… định dùng hai bằng khen này làm căn cứ đề nghị Huân chương Lao động …"), the
    # question a bare "có được không?"
    told = corpus_engine.ask("Năm 2024 tôi được bằng khen trong đợt thi đua chuyên đề chuyển đổi số, năm 2025 được "
                             "bằng khen đột xuất. Đơn vị định dùng hai bằng khen này làm căn cứ đề nghị Huân chương "
                             "Lao động hạng Ba cho tôi. Có được không?")
    assert told.eligibility is None and (told.citations[0].doc_id, told.citations[0].article) == ("nd-152-2025", "4")
    assert "không dùng làm căn cứ để đề nghị cấp trên khen thưởng công trạng" in render(told)


def test_a_principle_said_stands_before_a_verdict_wanting_facts(corpus_engine) -> None:
    """The same achievement asked of a second award in the question's own words ("… đề nghị thêm Bằng khen … cho
    chính thành tích đó có được không?"): the principle answers, not a verdict asking for years of ratings."""
    answer = corpus_engine.ask("Thành tích năm 2024 của chị Mai đã được Giám đốc Sở tặng giấy khen rồi, nay phòng muốn "
                               "đề nghị thêm Bằng khen của Chủ tịch UBND thành phố cho chính thành tích năm 2024 đó có "
                               "được không?")
    assert answer.eligibility is None and answer.citations[0].location == "điểm c khoản 2 Điều 5"


def test_a_principle_asked_in_one_question_is_not_asked_again_by_the_next(corpus_engine) -> None:
    """The story's awards held together make the principle of one question ("cả hai khoản hay chỉ một?"); the next
    ("Mỗi khoản là bao nhiêu?") asks the awards' own rewards, each with its figure, not the principle again."""
    text = render(corpus_engine.ask("Năm 2025 anh Bình vừa được Chiến sĩ thi đua cơ sở, vừa được Bằng khen của Chủ "
                                    "tịch UBND thành phố. Anh được nhận cả hai khoản tiền thưởng hay chỉ được một? "
                                    "Mức thưởng mỗi khoản là bao nhiêu?"))
    assert "khoản 7 Điều 49" in text
    assert "1,0 lần mức lương cơ sở" in text and "1,5 lần mức lương cơ sở" in text


def test_the_reward_of_awards_held_by_a_collective_is_the_collectives(corpus_engine) -> None:
    """No one named, the awards told a collective's only: beside the principle, the reward asked is the
    collective's (khoản 2 Điều 51), not an individual's figure."""
    text = render(corpus_engine.ask("Khoa em cùng đợt được Tập thể lao động xuất sắc và Huân chương Lao động hạng Ba. "
                                    "Khoa được nhận cả hai khoản tiền thưởng hay chỉ một? Mức thưởng Huân chương là "
                                    "bao nhiêu?"))
    assert "Tập thể được tặng thưởng Huân chương" in text and "4,5 lần" not in text


def test_a_principle_said_in_a_yes_no_is_answered_whatever_kind_the_rest_reads_as(corpus_engine) -> None:
    """"Chủ tịch phường tặng giấy khen cho đúng thành tích đó thì có được không?" names who gives (an authority's
    words) but asks whether one achievement may be rewarded twice: the principle's clause."""
    answer = corpus_engine.ask("Năm 2024 chị Hoa được Chủ tịch UBND thành phố tặng bằng khen vì thành tích phòng chống "
                               "dịch. Nay Chủ tịch phường tặng giấy khen cho chị cho đúng thành tích đó thì có được "
                               "không?")
    assert answer.citations[0].location == "điểm c khoản 2 Điều 5"
