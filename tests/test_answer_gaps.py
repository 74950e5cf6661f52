"""Answers to questions the first reading got wrong: several awards asked about at once, a short follow-up that
asks something of its own, the user's province named (with or without diacritics) when its rule is not loaded,
and a retrieved text that only hands the rule to another or states no figure when asked how much.

A small synthetic corpus and catalogue written here, indexed with the deterministic HashEmbeddings, so the tests do
not depend on how the real corpus ranks.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.assistant import Caller
from bot.engine.answer import Answer, Citation, TopicGap, topic_gap
from bot.engine.core import Turn
from bot.engine.understand import Catalogue, coordinated, guess_of, understand
from bot.faces.render import lead_text, render
from bot.settings import Settings
from ingest.embeddings import register_embeddings
from ingest.units import DocumentMeta, Unit
from tests.fakes import HashEmbeddings, indexed_settings

ROOT = Path(__file__).resolve().parent.parent
MODEL = "hash-answer-gaps"
register_embeddings(MODEL, HashEmbeddings)

LAW = """---
id: luat-gap
title: Luật Thi đua thử nghiệm
number: 05/2099/QH99
type: luat
issuer: Quốc hội
effective: 2099-01-01
status: in-force
---
### Điều 3. Loại hình khen thưởng
1. Khen thưởng thường xuyên là khen thưởng cho cá nhân, tập thể đạt thành tích trong năm.
2. Khen thưởng đột xuất là khen thưởng kịp thời cho cá nhân, tập thể lập được thành tích xuất sắc đột xuất.

### Điều 5. Danh hiệu “Chiến sĩ thi đua cơ sở”
Danh hiệu “Chiến sĩ thi đua cơ sở” để tặng cho cá nhân đạt các tiêu chuẩn sau đây:
1. Đạt tiêu chuẩn danh hiệu “Lao động tiên tiến”;
2. Có sáng kiến được cơ sở công nhận.

### Điều 7. Danh hiệu “Lao động tiên tiến”
Danh hiệu “Lao động tiên tiến” để tặng cho cá nhân hoàn thành tốt nhiệm vụ, chấp hành tốt chủ trương, chính sách.

### Điều 8. Danh hiệu “Chiến sĩ thi đua toàn quốc”
Danh hiệu “Chiến sĩ thi đua toàn quốc” để tặng cho cá nhân có 02 lần liên tục được tặng danh hiệu chiến sĩ thi
đua cấp bộ và có sáng kiến có phạm vi ảnh hưởng toàn quốc.

### Điều 44. “Huân chương Lao động” hạng Ba
“Huân chương Lao động” hạng Ba để tặng cho công nhân, nông dân có thành tích xuất sắc trong lao động, sản xuất.

### Điều 9. Thẩm quyền quyết định tặng
1. Thủ tướng Chính phủ quyết định tặng danh hiệu “Chiến sĩ thi đua toàn quốc”.
2. Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng danh hiệu “Lao động tiên tiến”.
3. Chủ tịch Ủy ban nhân dân cấp huyện quyết định tặng danh hiệu “Chiến sĩ thi đua cơ sở”.

### Điều 10. Hồ sơ đề nghị xét tặng danh hiệu thi đua
1. Hồ sơ đề nghị xét tặng danh hiệu thi đua gồm:
a) Tờ trình đề nghị xét tặng danh hiệu thi đua;
b) Báo cáo thành tích của cá nhân;
c) Biên bản bình xét thi đua.
"""

DECREE = """---
id: nd-gap
title: Nghị định thử nghiệm quy định chi tiết Luật Thi đua thử nghiệm
number: 06/2099/NĐ-CP
type: nghi-dinh
issuer: Chính phủ
effective: 2099-07-01
status: in-force
---
### Điều 6. Nhiệm vụ của Bộ Nội vụ
1. Bộ Nội vụ thực hiện các nhiệm vụ sau đây:
a) Quy định chi tiết thủ tục cấp đổi, cấp lại hiện vật khen thưởng theo khoản 2 Điều 12 của Luật Thi đua thử nghiệm;
b) Quy định chi tiết mẫu huân chương, huy chương, huy hiệu, kỷ niệm chương các loại;
c) Tổng hợp, báo cáo kết quả công tác thi đua, khen thưởng hằng năm với Chính phủ.

### Điều 49. Nguyên tắc tính tiền thưởng
1. Tiền thưởng được tính trên mức lương cơ sở do Chính phủ quy định đang có hiệu lực vào thời điểm ban hành quyết định.
2. Tiền thưởng sau khi nhân với hệ số mức lương cơ sở được làm tròn số lên hàng chục nghìn đồng tiền Việt Nam.

### Điều 50. Mức tiền thưởng danh hiệu thi đua
1. Đối với cá nhân:
a) Danh hiệu “Chiến sĩ thi đua toàn quốc” được thưởng 4,5 lần mức lương cơ sở;
b) Danh hiệu “Chiến sĩ thi đua cơ sở” được thưởng 1,0 lần mức lương cơ sở;
c) Danh hiệu “Lao động tiên tiến” được thưởng 0,3 lần mức lương cơ sở.

### Điều 54. Mức tiền thưởng bằng khen
1. Cá nhân được tặng bằng khen được tặng bằng, khung và được thưởng 1,0 lần mức lương cơ sở.
2. Tập thể được tặng bằng khen được tặng bằng, khung và được thưởng 2,0 lần mức lương cơ sở.

### Điều 55. Mức tiền thưởng kèm theo giấy khen
1. Tiền thưởng kèm theo giấy khen:
a) Cá nhân được tặng “Giấy khen” được thưởng 0,15 lần mức lương cơ sở;
b) Tập thể được tặng “Giấy khen” được thưởng 0,3 lần mức lương cơ sở.

### Điều 51. Mức tiền thưởng Huân chương
1. Cá nhân được tặng Huân chương được thưởng như sau:
a) “Huân chương Lao động” hạng Nhất: 9,0 lần mức lương cơ sở;
b) “Huân chương Lao động” hạng Nhì: 7,5 lần mức lương cơ sở;
c) “Huân chương Lao động” hạng Ba: 4,5 lần mức lương cơ sở.
"""

OLD_DECREE = """---
id: nd-cu-gap
title: Nghị định cũ thử nghiệm
number: 02/2090/NĐ-CP
type: nghi-dinh
issuer: Chính phủ
status: superseded
note: Hết hiệu lực, thay thế bởi Nghị định 06/2099/NĐ-CP.
---
### Điều 56. Mức tiền thưởng danh hiệu vinh dự nhà nước
1. Cá nhân được tặng danh hiệu “Anh hùng Lao động” được thưởng 15,5 lần mức lương cơ sở.

### Điều 30. Quy định chung về hồ sơ, thủ tục khen thưởng
7. Đối với danh hiệu “Chiến sĩ thi đua cơ sở” phải có tỷ lệ phiếu đồng ý của Hội đồng Thi đua - Khen thưởng cấp trình
khen thưởng từ 80% trở lên tính trên tổng số thành viên của Hội đồng.
"""

OTHER_PROVINCE = """---
id: qd-bac-mau
title: Quy định thi đua, khen thưởng tỉnh Bắc Mẫu
number: 07/2099/QĐ-UBND
type: quyet-dinh
issuer: Ủy ban nhân dân tỉnh Bắc Mẫu
status: in-force
---
### Điều 3. Thời hạn nộp hồ sơ đề nghị khen thưởng
Hồ sơ đề nghị khen thưởng tổng kết năm gửi về Sở Nội vụ trước ngày 15 tháng 01 hằng năm.

### Điều 4. Tiền thưởng kèm theo danh hiệu Gia đình văn hóa
Mức tiền thưởng kèm theo danh hiệu Gia đình văn hóa của tỉnh Bắc Mẫu do Chủ tịch Ủy ban nhân dân cấp xã quyết định.
"""

NEWS = """---
id: tin-hai-phong
title: Thành phố phát động phong trào thi đua năm 2099
number: 88/KH-UBND
type: tin-tuc
issuer: Thanh tra thành phố Hải Phòng (Cổng thông tin điện tử)
effective: 2099-02-02
status: in-force
---
# Thành phố phát động phong trào thi đua

Ủy ban nhân dân thành phố Hải Phòng ban hành Kế hoạch phát động phong trào thi đua năm 2099, chú trọng khen thưởng
đột xuất, khen thưởng kịp thời các tập thể, cá nhân có thành tích xuất sắc đột xuất.
"""

RULES = """
awards:
  - id: chien-si-thi-dua-co-so
    names: [chiến sĩ thi đua cơ sở, CSTĐCS]
    rules:
      criteria: [{doc: luat-gap, article: 5}]
      amount: [{doc: nd-gap, article: 50, clause: 1}]
      authority: [{doc: luat-gap, article: 9, clause: 3}]
      dossier: [{doc: luat-gap, article: 10, clause: 1}]
  - id: chien-si-thi-dua-toan-quoc
    names: [chiến sĩ thi đua toàn quốc]
    rules:
      criteria: [{doc: luat-gap, article: 8}]
      amount: [{doc: nd-gap, article: 50, clause: 1}]
      authority: [{doc: luat-gap, article: 9, clause: 1}]
  - id: giay-khen-thu-nghiem
    names: [giấy khen]
    rules:
      criteria: [{doc: luat-gap, article: 3}]
      amount: [{doc: nd-gap, article: 98, clause: 1}]
  - id: lao-dong-tien-tien
    names: [lao động tiên tiến]
    rules:
      criteria: [{doc: luat-gap, article: 7}]
      amount: [{doc: nd-gap, article: 50, clause: 1}]
      authority: [{doc: luat-gap, article: 9, clause: 2}]
      dossier: [{doc: luat-gap, article: 10, clause: 1}]
  - id: anh-hung-lao-dong
    names: [anh hùng lao động]
    rules:
      amount: [{doc: nd-cu-gap, article: 56, clause: 1}]
  - id: huan-chuong-lao-dong
    names: [huân chương lao động]
    rules:
      amount: [{doc: nd-gap, article: 51, clause: 1}]
"""


def indexed(root: Path, rules: str) -> Settings:
    """Settings over this module's documents and the catalogue `rules`, indexed under `root`."""
    return indexed_settings(root, {"luat.md": LAW, "nd.md": DECREE, "qd.md": OTHER_PROVINCE, "tin.md": NEWS,
                                   "nd-cu.md": OLD_DECREE}, rules,
                            MODEL)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return indexed(tmp_path_factory.mktemp("answer-gaps"), RULES)


@pytest.fixture(scope="module")
def engine(settings):
    from bot.services import build_engine

    return build_engine(settings)


# --- 1. several awards in one question: one answer each, each with its own figure or rule and citation

def test_grades_listed_after_a_graded_name_are_each_a_mention() -> None:
    catalogue = Catalogue.load(ROOT / "knowledge" / "awards")
    for text in ("Mức thưởng Huân chương Lao động hạng nhất, hạng nhì?", "huan chuong lao dong hang nhat va nhi"):
        assert [(m.award, m.grade) for m in catalogue.mentions(text)] == [
            ("huan-chuong-lao-dong", "nhất"), ("huan-chuong-lao-dong", "nhì")]
    # a table line naming several awards in one grade stays one mention each
    line = "“Huân chương Lao động” hạng Nhất, “Huân chương Chiến công” hạng Nhất: 9,0 lần mức lương cơ sở"
    assert [m.grade for m in catalogue.mentions(line)] == ["nhất", "nhất"]


def test_when_in_the_year_is_a_deadline_question() -> None:
    assert guess_of("Hải Phòng xét chiến sĩ thi đua thành phố vào thời gian nào?").kind.value == "deadline"
    assert guess_of("hai phong xet chien si thi dua thanh pho vao thoi gian nao").kind.value == "deadline"


def test_awards_side_by_side_are_asked_alike_but_a_step_to_another_is_not() -> None:
    catalogue = Catalogue.load(ROOT / "knowledge" / "awards")
    alike = "Tiêu chuẩn Chiến sĩ thi đua cơ sở và Lao động tiên tiến là gì?"
    step = "Cần mấy lần Chiến sĩ thi đua cơ sở thì được xét Chiến sĩ thi đua cấp tỉnh?"
    assert coordinated(alike, catalogue.mentions(alike))
    assert not coordinated(step, catalogue.mentions(step))


def test_each_grade_asked_gets_its_own_figure(engine) -> None:
    answer = engine.ask("Mức thưởng Huân chương Lao động hạng Nhất, hạng Nhì?")
    assert [part.covered for part in answer.parts] == [True, True]
    assert "9,0 lần mức lương cơ sở" in answer.parts[0].lead and "7,5 lần mức lương cơ sở" in answer.parts[1].lead
    assert [c.location for c in answer.citations] == ["điểm a khoản 1 Điều 51", "điểm b khoản 1 Điều 51"]
    # a grade said alone after the question, in the same message, is the same award in that grade
    later = engine.ask("Huân chương Lao động hạng Nhất thưởng bao nhiêu? Còn hạng Ba?")
    assert [part.covered for part in later.parts] == [True, True]
    assert "9,0 lần mức lương cơ sở" in later.parts[0].lead and "4,5 lần mức lương cơ sở" in later.parts[1].lead
    # an award asked without a grade is not given one ("Chiến sĩ thi đua cơ sở hạng Nhì" is no award)
    ungraded = engine.understand("Chiến sĩ thi đua cơ sở thưởng bao nhiêu? Còn hạng Nhì?")
    assert all(not mention.grade for part in ungraded.parts for mention in part.awards)


def test_a_figure_the_texts_only_refer_to_is_a_gap_with_the_multiple_for_reference(engine) -> None:
    asked = engine.ask("Huân chương Lao động hạng Nhất được thưởng 9 lần lương cơ sở, vậy lương cơ sở hiện nay là "
                       "bao nhiêu tiền?")
    assert asked.refused and render(asked).startswith("Cơ sở tri thức chưa có văn bản nêu con số bạn hỏi")
    assert asked.related and asked.related[0].article == "51"
    # the multiple itself asked is the answer, however it names the base salary
    multiple = engine.ask("Huân chương Lao động hạng Nhất được thưởng bao nhiêu lần lương cơ sở?")
    assert multiple.covered and "9,0 lần mức lương cơ sở" in multiple.lead
    reckoned = engine.ask("Thưởng Huân chương Lao động hạng Nhất tính theo lương cơ sở là bao nhiêu?")
    assert reckoned.covered and "9,0 lần mức lương cơ sở" in render(reckoned)
    # asked in money with the asker's own words between ("… hiện nay cụ thể là bao nhiêu tiền")
    for question in ("9 lần mức lương cơ sở hiện nay cụ thể là bao nhiêu tiền? Để tính thưởng Huân chương Lao động "
                     "hạng Nhất.", "Huân chương Lao động hạng Nhất thưởng 9 lần lương cơ sở, tính ra là bao nhiêu "
                                   "tiền?"):
        money = engine.ask(question)
        assert money.refused and render(money).startswith("Cơ sở tri thức chưa có văn bản nêu con số bạn hỏi"), question
    # the reward asked in money, the base salary not asked: the multiple is the answer
    reward = engine.ask("Huân chương Lao động hạng Nhất được thưởng bao nhiêu tiền?")
    assert reward.covered and "9,0 lần mức lương cơ sở" in render(reward)


def test_an_amount_asked_for_individuals_and_collectives_gets_the_rule_of_each(engine) -> None:
    answer = engine.ask("Mức thưởng giấy khen cho tập thể có khác cá nhân không?")
    assert [part.covered for part in answer.parts] == [True, True]
    text = render(answer)
    assert text.index("0,15 lần mức lương cơ sở") < text.index("0,3 lần mức lương cơ sở")


def test_each_award_named_side_by_side_gets_its_own_rule(engine) -> None:
    criteria = engine.ask("Tiêu chuẩn Chiến sĩ thi đua cơ sở và Lao động tiên tiến là gì?")
    assert len(criteria.parts) == 2 and all(part.covered for part in criteria.parts)
    assert [part.citations[0].article for part in criteria.parts] == ["5", "7"]
    text = render(criteria)
    assert text.index("1) ") < text.index("Có sáng kiến được cơ sở công nhận") < text.index("2) ") \
        < text.index("hoàn thành tốt nhiệm vụ, chấp hành tốt")
    deciders = engine.ask("Ai quyết định tặng Chiến sĩ thi đua toàn quốc và Lao động tiên tiến?")
    assert "Thủ tướng Chính phủ quyết định tặng" in deciders.parts[0].lead
    assert "Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng" in deciders.parts[1].lead
    # one award on the way to another is one question
    assert not engine.ask("Cần mấy lần Chiến sĩ thi đua cơ sở thì được xét Chiến sĩ thi đua toàn quốc?").parts
    # a count asked of awards side by side is asked of each
    counts = engine.ask("Chiến sĩ thi đua toàn quốc và Chiến sĩ thi đua cơ sở cần mấy lần đạt danh hiệu?")
    assert counts.parts[0].citations[0].article == "8"
    # the one whose rule states no count is shown its rule as the closest text, not a sure answer
    assert counts.parts[1].refused and counts.parts[1].related[0].article == "5"


def test_awards_one_text_rules_alike_get_one_answer(engine) -> None:
    answer = engine.ask("Hồ sơ đề nghị Chiến sĩ thi đua cơ sở và Lao động tiên tiến gồm những gì?")
    assert answer.covered and not answer.parts and [c.article for c in answer.citations] == ["10"]
    assert render(answer).count("Biên bản bình xét thi đua") == 1


# --- 2. a short follow-up that asks something of its own keeps the previous subject

def test_a_follow_up_asking_its_own_question_keeps_the_previous_award(engine) -> None:
    previous = Turn(engine.ask("Tiêu chuẩn Chiến sĩ thi đua toàn quốc là gì?").query)
    for follow_up in ("thế ai ký quyết định?", "còn ai quyết định tặng?"):
        answer = engine.ask(follow_up, previous)
        assert "tiêu chuẩn" not in answer.query.lower() and "chiến sĩ thi đua toàn quốc" in answer.query.lower()
        assert not answer.parts and answer.covered
        assert "Thủ tướng Chính phủ quyết định tặng" in answer.lead and answer.citations[0].article == "9"
    # a follow-up that only swaps what is asked still reads as before
    assert "4,5 lần mức lương cơ sở" in engine.ask("còn mức thưởng?", previous).lead


def test_the_assistant_chains_the_follow_up(settings) -> None:
    from bot.services import build_assistant

    assistant = build_assistant(settings)
    staff = Caller(7001, 7001)
    assistant.ask(staff, "Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?")
    [reply] = assistant.ask(staff, "thế ai ký quyết định?")
    assert "Chủ tịch Ủy ban nhân dân cấp huyện quyết định tặng" in reply.answer.lead


# --- 3. the province a question names: its own rule, or a plain statement that it is not loaded

@pytest.mark.parametrize("question", ["Hải Phòng quy định khen thưởng đột xuất như thế nào?",
                                      "hai phong quy dinh khen thuong dot xuat nhu the nao"])
def test_a_rule_of_the_named_province_that_is_not_loaded_is_said_plainly(engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.refused and render(answer).startswith("Cơ sở tri thức chưa có quy định của Hải Phòng")
    # then what the national text says, labelled, with its citation; the city's news item is not its rule
    assert "Quy định chung gần nhất trong cơ sở tri thức (văn bản trung ương" in render(answer)
    assert "Khen thưởng đột xuất là" in render(answer)
    assert [c.doc_id for c in answer.related][:1] == ["luat-gap"]


@pytest.mark.parametrize("question", ["Thời hạn nộp hồ sơ khen thưởng tổng kết năm của Hải Phòng là khi nào?",
                                      "thoi han nop ho so khen thuong tong ket nam cua hai phong la khi nao"])
def test_another_provinces_deadline_is_a_reference_for_the_named_province(engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.refused and render(answer).startswith("Cơ sở tri thức chưa có quy định của Hải Phòng")
    assert "tỉnh Bắc Mẫu" in render(answer) and "chỉ để tham khảo" in render(answer)
    assert "qd-bac-mau" in [c.doc_id for c in answer.related]


def test_the_named_provinces_own_text_ranked_first_answers(engine) -> None:
    # an amount asked, the province's own text ranked first rules it without a figure: that text is what the
    # province says (quoted, with the figure said to be absent), not "no rule of Bắc Mẫu"
    answer = engine.ask("Ở tỉnh Bắc Mẫu, danh hiệu Gia đình văn hóa được thưởng bao nhiêu tiền?")
    assert "chưa có quy định của Bắc Mẫu" not in render(answer)
    assert "Điều 4 Quyết định 07/2099/QĐ-UBND" in render(answer)
    assert "Chủ tịch Ủy ban nhân dân cấp xã quyết định" in render(answer)


def test_the_national_text_under_a_province_gap_must_rule_what_is_asked(engine) -> None:
    answer = engine.ask("Hải Phòng quy định thủ tục cấp đổi, cấp lại hiện vật khen thưởng thế nào?")
    assert answer.refused and render(answer).startswith("Cơ sở tri thức chưa có quy định của Hải Phòng")
    assert "Quy định chung" not in render(answer)  # Điều 6 only hands the rule to another text
    outside = engine.ask("Giá vé máy bay đi Hải Phòng bao nhiêu?")
    assert outside.refused and "Hải Phòng" not in render(outside)


def test_who_lays_down_the_rules_for_several_awards_is_one_question(engine) -> None:
    """Asked who lays down the dossier of several awards, one text hands it down for all: one answer, not one per
    award as for who confers each of them."""
    regulating = engine.ask("Hồ sơ xét tặng Lao động tiên tiến và Chiến sĩ thi đua cơ sở do cơ quan nào quy định?")
    assert engine.understand(regulating.question).parts[0].action == "regulate"
    assert regulating.covered and not regulating.parts
    deciders = engine.ask("Ai quyết định tặng Chiến sĩ thi đua toàn quốc và Lao động tiên tiến?")
    assert len(deciders.parts) == 2


def test_a_post_the_law_does_not_name_is_not_surely_the_one_the_clause_empowers(engine) -> None:
    """Asked what the chair of a mass organisation may confer, the clause on the chair of the commune's People's
    Committee is shown as possibly related, not as the answer; the commune chair's own question keeps it."""
    other = engine.ask("Chủ tịch Hội Nông dân xã được quyết định tặng những danh hiệu nào?")
    assert other.covered and other.intent == "authority" and other.basis == "retrieval"
    assert not other.sure and "Chủ tịch Ủy ban nhân dân cấp xã" in other.quote
    own = engine.ask("Chủ tịch Ủy ban nhân dân cấp xã được quyết định tặng những danh hiệu nào?")
    assert own.covered and own.sure and "Chủ tịch Ủy ban nhân dân cấp xã" in own.quote


def test_a_reissue_asked_finds_the_text_that_only_hands_it_to_another(engine) -> None:
    # asked to give a lost medal again (actions.yaml reissue): the clause that says it, which only delegates it
    question = "Huy chương bị mất thì xin cấp lại ở đâu, thủ tục thế nào?"
    assert engine.understand(question).parts[0].action == "reissue"
    answer = engine.ask(question)
    assert answer.refused and "thủ tục cấp đổi, cấp lại hiện vật khen thưởng" in render(answer)


def test_a_province_is_named_as_written_with_diacritics_or_folded_without() -> None:
    places = ("Hải Phòng", "Nam Định", "Đà Nẵng", "Thanh Hóa")
    assert understand("thoi han nop ho so khen thuong cua hai phong", Catalogue([]), places).province == "Hải Phòng"
    assert understand("Hai Phong quy định nộp hồ sơ trước ngày nào?", Catalogue([]), places).province == "Hải Phòng"
    assert understand("Tỉnh Thanh Hoá quy định thế nào?", Catalogue([]), places).province == "Thanh Hóa"
    for other_words in ("Hằng năm định kỳ tổ chức thi đua thế nào?", "Phòng đa năng có được khen thưởng không?"):
        assert understand(other_words, Catalogue([]), places).province == ""


def test_a_national_rule_asked_for_the_province_is_still_the_answer(engine) -> None:
    answer = engine.ask("Ở Hải Phòng, Chiến sĩ thi đua cơ sở được thưởng bao nhiêu?")
    assert answer.covered and "1,0 lần mức lương cơ sở" in answer.lead


# --- 4. a text that does not hold the rule asked about is a labelled reference, not the answer

def test_a_text_that_only_hands_the_rule_to_another_is_a_gap(engine) -> None:
    answer = engine.ask("Thủ tục cấp đổi, cấp lại hiện vật khen thưởng như thế nào?")
    assert answer.refused and render(answer).startswith(
        "Cơ sở tri thức chưa có quy định chi tiết về thủ tục cấp đổi, cấp lại hiện vật khen thưởng")
    assert answer.related[0].doc_id == "nd-gap" and answer.related[0].article == "6"
    assert "Liên quan (để tham khảo, không phải câu trả lời):" in render(answer)
    # asked who rules it, or what a body's duties are, the handing over is the answer
    duties = engine.ask("Bộ Nội vụ có nhiệm vụ gì về thủ tục cấp đổi, cấp lại hiện vật khen thưởng?")
    assert duties.covered and duties.citations[0].article == "6", duties.lead
    who = engine.ask("Cơ quan nào quy định chi tiết thủ tục cấp đổi, cấp lại hiện vật khen thưởng?")
    assert who.covered and who.citations[0].article == "6"


def test_an_article_ruling_another_kind_of_question_is_not_the_answer(engine) -> None:
    # a "thủ tục" question: the article on the amount of a bằng khen shares its words but not what is asked
    answer = engine.ask("Bị mất bằng khen thì xin cấp lại ở đâu, thủ tục thế nào?")
    assert answer.refused and "thủ tục cấp đổi, cấp lại hiện vật khen thưởng" in render(answer)
    assert [c.article for c in answer.related] == ["6"]
    assert "1,0 lần mức lương cơ sở" not in render(answer)


def test_a_figure_at_the_start_of_an_item_is_a_figure() -> None:
    unit = Unit(DocumentMeta("d", "Luật thử", "01/2099/QH99", "luat"), "x", article="5", article_title="Thử")
    quote = "1. Cá nhân đạt các tiêu chuẩn sau đây:\na) 03 lần liên tục được tặng danh hiệu Chiến sĩ thi đua cơ sở;"
    answer = Answer("Cần mấy lần Chiến sĩ thi đua cơ sở?", covered=True, quote=quote, quote_citation=Citation.of(unit))
    assert topic_gap(answer.question, answer) is None
    answer.quote = "1. Cá nhân đạt các tiêu chuẩn sau đây:\na) Nhiều lần liên tục được tặng danh hiệu Chiến sĩ thi đua."
    assert topic_gap(answer.question, answer).refused


def test_a_rate_asked_of_a_text_stating_none_is_a_gap() -> None:
    """"phải đạt bao nhiêu % phiếu đồng ý?": a quote with figures but no rate does not answer it; one stating a rate
    does."""
    unit = Unit(DocumentMeta("d", "Luật thử", "01/2099/QH99", "luat"), "x", article="5", article_title="Thử")
    question = "Họp xét Chiến sĩ thi đua cơ sở phải đạt bao nhiêu % phiếu đồng ý?"
    answer = Answer(question, covered=True, quote_citation=Citation.of(unit),
                    quote="1. Chiến sĩ thi đua cơ sở đạt các tiêu chuẩn sau đây:\na) Có 01 sáng kiến được công nhận;")
    assert topic_gap(question, answer).refused
    answer.quote = "1. Chiến sĩ thi đua cơ sở phải được từ 80% trở lên tổng số thành viên Hội đồng đồng ý."
    assert topic_gap(question, answer) is None
    assert topic_gap("xet chien si thi dua co so phai dat bao nhieu phan tram phieu",
                     replace(answer, quote="Chiến sĩ thi đua cơ sở có 01 sáng kiến."))


def test_a_rate_of_a_superseded_text_named_is_sought_in_it(engine) -> None:
    """The award's rule in force states no rate; asked of the superseded decree named, that decree's clause stating
    the rate answers; asked of no document, the gap stays."""
    old = engine.ask("Hồi còn Nghị định 02/2090/NĐ-CP, điều kiện để được Chiến sĩ thi đua cơ sở là đạt bao nhiêu %"
                     " phiếu đồng ý?")
    assert not old.refused and old.citations[0].doc_id == "nd-cu-gap" and "từ 80% trở lên" in render(old)
    now = engine.ask("Điều kiện để được Chiến sĩ thi đua cơ sở là đạt bao nhiêu % phiếu đồng ý?")
    assert now.refused and "từ 80% trở lên" not in now.lead


def test_a_rate_asked_of_the_storys_award_in_other_words_is_a_gap(engine) -> None:
    """The award named only in the story, the question sharing no words with its rule: the rule states no rate, so it
    is a gap all the same, the rule's first line the reference."""
    answer = engine.ask("Hội đồng cơ quan em họp xét Chiến sĩ thi đua cơ sở năm 2099, một người vắng có gửi ý kiến. "
                        "Theo quy định hiện nay thì phải đạt bao nhiêu % phiếu đồng ý trên tổng số thành viên?")
    assert answer.refused and isinstance(answer.gap, TopicGap), render(answer)
    assert answer.gap.sentence.startswith("Danh hiệu “Chiến sĩ thi đua cơ sở”")


def test_a_text_without_the_figure_asked_for_is_a_gap(engine) -> None:
    answer = engine.ask("Mức lương cơ sở để tính tiền thưởng hiện nay là bao nhiêu?")
    assert answer.refused and "chưa có văn bản nêu con số" in render(answer)
    assert answer.related[0].article == "49"
    kinds = engine.ask("Có mấy loại hình khen thưởng?")  # how many things a text lists: the list answers
    assert kinds.covered and kinds.citations[0].article == "3"
    which = engine.ask("Tiền thưởng được tính theo mức lương cơ sở nào?")
    assert which.covered and "đang có hiệu lực vào thời điểm ban hành quyết định" in which.quote



def test_the_awards_own_rule_without_the_figure_asked_for_is_a_gap(engine) -> None:
    """The catalogue's ruling article for the award states no figure: asked how many years, it is the closest text
    shown as a reference, not a sure answer; the article that states the count answers."""
    years = engine.ask("Chiến sĩ thi đua cơ sở thì cần công tác bao nhiêu năm?")
    assert years.refused and "chưa có văn bản nêu con số" in render(years)
    assert years.related[0].article == "5"
    count = engine.ask("Chiến sĩ thi đua toàn quốc cần mấy lần chiến sĩ thi đua cấp bộ?")
    assert count.covered and "02 lần liên tục" in render(count)

# --- on the real texts (deterministic embeddings): Hải Phòng's own regulation is not in the starter corpus

@pytest.mark.parametrize("question", ["Thời hạn nộp hồ sơ khen thưởng của Hải Phòng là khi nào?",
                                      "thoi han nop ho so khen thuong cua hai phong la khi nao",
                                      "Hải Phòng quy định khen thưởng đột xuất như thế nào?",
                                      "hai phong quy dinh ve khen thuong dot xuat nhu the nao"])
def test_hai_phong_rules_are_flagged_with_or_without_diacritics(corpus_engine, question: str) -> None:
    answer = corpus_engine.ask(question)
    assert answer.refused and render(answer).startswith("Cơ sở tri thức chưa có quy định của Hải Phòng")



def test_the_closest_clauses_under_an_unsure_answer_need_no_warning(engine) -> None:
    """Another province's rule found near the top is not quoted among the closest clauses (it would need its warning);
    the national ones after it are."""
    answer = engine.ask("Gia đình văn hóa thưởng tiền do ai quyết định?")
    assert not answer.sure and "qd-bac-mau" in [hit.unit.doc.id for hit in answer.hits[:3]]
    assert answer.closest and all(citation.doc_id not in ("qd-bac-mau", "nd-cu-gap") for citation, _ in answer.closest)


def test_the_catalogues_rule_in_a_superseded_text_is_quoted_with_its_warning(engine, monkeypatch) -> None:
    """The catalogue points an amount to a decree no longer in force; retrieval did not bring that decree: its
    clause is quoted all the same, and said to be superseded and by what."""
    search = engine.search

    def without_the_old_decree(question: str, k: int = 10):
        result = search(question, k)
        result.hits = [hit for hit in result.hits if hit.unit.doc.id != "nd-cu-gap"]
        return result

    monkeypatch.setattr(engine, "search", without_the_old_decree)
    answer = engine.ask("Anh hùng Lao động được thưởng bao nhiêu?")
    assert answer.covered and answer.citations[0].doc_id == "nd-cu-gap"
    assert any("hết hiệu lực" in str(warning) and "06/2099/NĐ-CP" in str(warning) for warning in answer.warnings)


def test_a_rule_the_catalogue_does_not_point_to_still_answers(engine) -> None:
    """The catalogue points the amount of a giấy khen to an article not loaded; a loaded decree's điểm names the
    award with its figure: that điểm answers, cited, instead of a gap."""
    answer = engine.ask("Cá nhân được tặng giấy khen được thưởng bao nhiêu?")
    assert answer.covered and "0,15 lần mức lương cơ sở" in render(answer)
    assert answer.citations[0].location == "điểm a khoản 1 Điều 55"


def test_the_rule_found_wherever_retrieval_ranks_it(engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Retrieval that does not bring the decree's Điều 55 among its hits: a second, lexical look for the award's
    name with the question still finds the điểm with its figure."""
    search = engine.search

    def without_the_rule(question: str, k: int = 10):
        result = search(question, k)
        result.hits = [hit for hit in result.hits if hit.unit.article != "55"]
        return result

    monkeypatch.setattr(engine, "search", without_the_rule)
    answer = engine.ask("Cá nhân được tặng giấy khen được thưởng bao nhiêu?")
    assert answer.covered and "0,15 lần mức lương cơ sở" in render(answer)
    assert answer.citations[0].location == "điểm a khoản 1 Điều 55"


@pytest.mark.parametrize(("grade", "covered"), [("Ba", True), ("Nhì", False), ("Nhất", False)])
def test_an_article_on_one_grade_of_an_award_answers_that_grade_only(engine, grade: str, covered: bool) -> None:
    """The catalogue points to no criteria of the Huân chương; a loaded article titled with its hạng Ba rules that
    grade, not hạng Nhì or hạng Nhất: those are a gap, not hạng Ba's criteria as if they were theirs."""
    answer = engine.ask(f"Tiêu chuẩn Huân chương Lao động hạng {grade} là gì?")
    assert answer.covered == covered
    assert ("để tặng cho công nhân, nông dân" in render(answer)) == covered


def test_a_comparison_of_two_awards_quotes_the_rule_of_each(engine) -> None:
    """What differs between two awards is each one's own rule of the kind compared: side by side, each cited."""
    answer = engine.ask("Chiến sĩ thi đua cơ sở và Lao động tiên tiến khác nhau thế nào?")
    assert [part.covered for part in answer.parts] == [True, True]
    assert [part.quote_citation.article for part in answer.parts] == ["5", "7"]
    amounts = engine.ask("Mức thưởng Chiến sĩ thi đua cơ sở so với Lao động tiên tiến?")
    assert "1,0 lần mức lương cơ sở" in render(amounts) and "0,3 lần mức lương cơ sở" in render(amounts)
    # what is compared is what the words name; without such a word, each award's own rule, never a figure
    understood = engine.understand("Sự giống nhau và khác nhau giữa Chiến sĩ thi đua cơ sở và Lao động tiên tiến "
                                   "là gì?")
    assert understood.parts[0].intent == "compare" and understood.parts[0].compared == "criteria"
    asked = engine.understand("Mức thưởng Chiến sĩ thi đua cơ sở so với Lao động tiên tiến chênh nhau thế nào?")
    assert asked.parts[0].compared == "amount"


def test_the_domain_of_a_question_is_read_in_its_whole_message(engine) -> None:
    """A question sentence without a word of the domain ("Gia đình hỏi ai trình ạ?") after a story that has one
    ("… chưa được khen thưởng quá trình cống hiến") is of the domain: the stricter closeness is for messages with
    none; "khen" alone is of the domain."""
    from bot.engine.refs import References
    from bot.engine.retrieve import SearchResult

    # close enough for a question of the domain, not for one with no word of it (relevance = coverage / 2 here)
    coverage = 2 * (engine.settings.relevance_threshold + 0.2)
    close = SearchResult("Gia đình hỏi giờ còn được xét không và ai trình ạ?", [], References(), coverage, 0.75)
    assert not engine._relevant(close.query, close)
    assert engine._relevant(close.query, close, "Bác tôi chưa được khen thưởng quá trình cống hiến. " + close.query)
    assert not engine._relevant(close.query, close, "Bác tôi nghỉ hưu từ tháng 10. " + close.query)
    answer = engine.ask("Anh Nam cứu người đuối nước. Phường muốn khen ngay thì ai quyết định?")
    assert answer.covered and not answer.refused


def test_people_named_with_may_ask_no_figure() -> None:
    """"mấy anh bảo vệ", "mấy bác tổ trưởng": those few people, a way of naming them; "mấy năm" asks a figure."""
    from bot.engine.answer import QUANTITY_ASKED_RE
    from bot.nomination.catalogue import key

    assert not QUANTITY_ASKED_RE.search(key("Mấy anh bảo vệ hợp đồng có được bình Lao động tiên tiến không?"))
    assert not QUANTITY_ASKED_RE.search(key("may bac to truong co duoc xet LDTT khong"))
    assert QUANTITY_ASKED_RE.search(key("Phải công tác mấy năm thì được xét?"))


def test_whether_a_circumstance_leaves_one_out_of_an_award_without_criteria_is_its_gap(corpus_engine) -> None:
    """"… có bị loại không?" asks whether one may have the award: of an award whose criteria the knowledge base
    lacks (Gia đình văn hóa: only its name, in Điều 20 of the Law), that gap, not a clause on revoking awards."""
    answer = corpus_engine.ask("Tiêu chuẩn Gia đình văn hóa là gì? Hộ có người vi phạm giao thông có bị loại không?")
    assert len(answer.parts) == 2 and not any(part.covered for part in answer.parts)
    assert all("chưa có quy định về tiêu chuẩn" in lead_text(part) for part in answer.parts)
