"""Answers are data, said late: what the knowledge base lacks (another province's rule only, a text that hands the
rule to another, no figure, nothing at all), the force of a named document, another province's rule under an
answer and the nomination rules' verdict travel as typed fields; the engine composes no sentence for them and the
faces say them from one table of messages (bot/faces/messages.py).

The synthetic corpus of tests/test_answer_gaps.py, with a catalogue where the Law and another province both rule
an award's criteria, indexed with the deterministic HashEmbeddings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answer import (
    Answer,
    Citation,
    DocumentStatus,
    ProvinceGap,
    Reference,
    TopicGap,
    Unanswered,
    not_covered,
)
from bot.faces import messages
from bot.faces.render import headline_text, render, verdict_text, warning_text
from bot.nomination.verdict import CriterionLine, EligibilityReply, Headline, as_answer
from ingest.units import DocumentMeta, Unit
from tests.test_answer_gaps import indexed

ROOT = Path(__file__).resolve().parent.parent

RULES = """
awards:
  - id: lao-dong-tien-tien
    names: [lao động tiên tiến]
    rules:
      criteria: [{doc: luat-gap, article: 7}, {doc: qd-bac-mau, article: 4, local: true}]
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    from bot.services import build_engine

    return build_engine(indexed(tmp_path_factory.mktemp("answers-as-data"), RULES))


def test_a_province_without_its_own_rule_is_a_gap_with_the_national_clause(engine) -> None:
    answer = engine.ask("Hải Phòng quy định khen thưởng đột xuất như thế nào?")
    gap = answer.gap
    assert answer.refused and answer.lead == "" and isinstance(gap, ProvinceGap) and gap.province == "Hải Phòng"
    assert gap.general.quote_citation.doc_id == "luat-gap" and "Khen thưởng đột xuất là" in gap.general.quote
    text = render(answer)
    assert text.startswith(messages.PROVINCE_GAP.format(province="Hải Phòng") + messages.PROVINCE_GAP_GENERAL.format(
        province="Hải Phòng", lead=gap.general.lead, quote=gap.general.quote.strip()))


def test_another_provinces_rule_under_a_province_gap_is_a_reference(engine) -> None:
    answer = engine.ask("Thời hạn nộp hồ sơ khen thưởng tổng kết năm của Hải Phòng là khi nào?")
    reference = answer.gap.reference
    assert answer.lead == "" and (reference.place, reference.province) == ("tỉnh Bắc Mẫu", "Hải Phòng")
    assert reference.citation.doc_id == "qd-bac-mau" and reference.citation in answer.related
    assert (f"\nQuy định của tỉnh Bắc Mẫu ({reference.citation.text}) chỉ để tham khảo, không phải quy định áp dụng "
            "cho Hải Phòng.") in render(answer)


def test_a_text_handing_the_rule_to_another_or_without_the_figure_is_a_topic_gap(engine) -> None:
    delegated = engine.ask("Thủ tục cấp đổi, cấp lại hiện vật khen thưởng như thế nào?")
    gap = delegated.gap
    assert delegated.lead == "" and isinstance(gap, TopicGap) and gap.delegated
    assert gap.citation.article == "6" and "thủ tục cấp đổi, cấp lại hiện vật khen thưởng" in gap.topic
    assert render(delegated).startswith("Cơ sở tri thức chưa có quy định chi tiết về thủ tục cấp đổi, cấp lại hiện vật "
                                        "khen thưởng")
    figure = engine.ask("Mức lương cơ sở để tính tiền thưởng hiện nay là bao nhiêu?")
    assert figure.lead == "" and isinstance(figure.gap, TopicGap) and not figure.gap.delegated
    assert figure.gap.citation.article == "49" and figure.gap.sentence in render(figure)


def test_another_provinces_rule_under_ones_own_answer_is_a_typed_warning(engine) -> None:
    answer = engine.ask("Tiêu chuẩn danh hiệu Lao động tiên tiến là gì?")
    assert answer.covered and answer.citations[0].doc_id == "luat-gap"
    references = [w for w in answer.warnings if isinstance(w, Reference)]
    assert [(r.place, r.province, r.citation.doc_id) for r in references] == [("tỉnh Bắc Mẫu", "Hải Phòng",
                                                                                "qd-bac-mau")]
    line = f"⚠️ Tham khảo: quy định của tỉnh Bắc Mẫu ({references[0].citation.text}) — không phải quy định áp dụng " \
           "cho Hải Phòng."
    assert render(answer).endswith(line) and warning_text(references[0]) == line[3:]


def test_nothing_found_is_said_by_the_faces_and_keeps_what_later_steps_add() -> None:
    answer = not_covered("Giá vé máy bay?")
    assert answer.lead == "" and isinstance(answer.gap, Unanswered)
    assert render(answer).startswith(messages.UNANSWERED + "\n\n" + messages.NOT_COVERED_HINT[:20])
    answer.lead += " Theo khai báo của Luật."  # bot/engine/in_force.py adds what a law declares of its amendment
    assert render(answer).startswith(messages.UNANSWERED + " Theo khai báo của Luật.\n")
    named = not_covered("Hải Phòng quy định gì?", gap=ProvinceGap("Hải Phòng"))
    assert render(named).startswith("Cơ sở tri thức chưa có quy định của Hải Phòng về nội dung này.\n\n")


def test_a_documents_force_is_data_said_before_the_quotes_line() -> None:
    unit = Unit(DocumentMeta("nd", "Nghị định thử", "02/2099/NĐ-CP", "nghi-dinh"), "Điều 9. Hiệu lực", article="9")
    old = DocumentStatus("nghị định 03/2090/NĐ-CP", False, "2090-01-01",
                         relations=(("replaced-by", "Nghị định 02/2099/NĐ-CP"), ("repeals", "Quyết định số 1")),
                         replaced_on="2099-07-01")
    news = DocumentStatus("tin về Kế hoạch 298/KH-UBND", True, "2025-02-02", report=True, published="2025-01-05")
    answer = Answer("q", covered=True, lead="Theo Điều 9 Nghị định 02/2099/NĐ-CP:", quote="Hiệu lực.",
                    quote_citation=Citation.of(unit), statuses=[old, news])
    assert render(answer).startswith(
        "Nghị định 03/2090/NĐ-CP: đã hết hiệu lực; có hiệu lực từ 01/01/2090; bị thay thế bởi Nghị định "
        "02/2099/NĐ-CP từ ngày 01/07/2099; "
        "bãi bỏ Quyết định số 1. Tin về Kế hoạch 298/KH-UBND (tin đăng ngày 05/01/2025): cơ sở tri thức chỉ có tin "
        "tóm tắt, không có toàn văn văn bản, nên không xác định được hiệu lực của văn bản; hãy đối chiếu bản gốc.\n"
        "Theo Điều 9 Nghị định 02/2099/NĐ-CP:\n«Hiệu lực.»")
    unquoted = Answer("q", covered=True, statuses=[old])
    assert render(unquoted).startswith("Nghị định 03/2090/NĐ-CP: đã hết hiệu lực; có hiệu lực từ 01/01/2090;")


def test_the_status_of_a_named_document_carries_no_composed_sentence(engine) -> None:
    answer = engine.ask("Nghị định 06/2099/NĐ-CP còn hiệu lực không?")
    assert [(s.name, s.in_force, s.effective) for s in answer.statuses] == [
        ("Nghị định 06/2099/NĐ-CP", True, "2099-07-01")]
    assert "hiệu lực" not in answer.lead and "Nghị định 06/2099/NĐ-CP: đang có hiệu lực" in render(answer)


def test_a_verdict_is_data_the_faces_say() -> None:
    award = "Danh hiệu “Lao động tiên tiến”"
    said = {kind: headline_text(Headline(kind, award, where, year, conditions, needed)) for kind, where, year,
            conditions, needed in [("served", ("khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP",), 2025, (), ()),
                                   ("deferred", ("khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP",), None, (), ()),
                                   ("not-eligible", ("khoản 1 Điều 24", "Điều 4"), None, (), ()),
                                   ("eligible", (), None, (), ()),
                                   ("conditional", (), None, (("discipline", "x"), ("confirm", "Đoàn kết")), ()),
                                   ("incomplete", (), None, (), ("kết quả xếp loại năm 2025", "sáng kiến"))]}
    assert said["served"] == (f"❌ Chưa đủ điều kiện để đề nghị {award}: bạn nêu bị kỷ luật năm 2025 — thành tích chỉ "
                              "được tính từ thời điểm chấp hành xong thời gian kỷ luật (khoản 4 Điều 4 Nghị định "
                              "152/2025/NĐ-CP).")
    assert said["deferred"].startswith(f"⏸ Chưa đủ điều kiện để đề nghị {award} lúc này: đang bị xem xét kỷ luật")
    assert said["not-eligible"] == f"❌ Chưa đủ điều kiện: {award} — chưa đạt: khoản 1 Điều 24; Điều 4."
    assert said["eligible"] == f"✅ Đủ điều kiện: {award} — theo các thông tin bạn nêu."
    assert said["conditional"] == (f"✅ Đủ điều kiện: {award} — theo các tiêu chuẩn bạn nêu, nếu không đang bị xem xét "
                                   "kỷ luật, thanh tra, kiểm tra; đơn vị xác nhận “Đoàn kết”.")
    assert said["incomplete"] == f"⚠️ Cần thêm thông tin để kết luận về {award}: kết quả xếp loại năm 2025; sáng kiến."
    unweighed = headline_text(Headline("eligible", award, unweighed=("quy định về nghỉ ốm",)))
    assert unweighed == (f"⚠️ Cơ sở tri thức chưa có quy định về nghỉ ốm, nên chưa thể kết luận về {award} cho điều "
                         "bạn nêu — hãy đối chiếu quy định hiện hành trước khi đề nghị.\nXét riêng các tiêu chuẩn đã "
                         f"có, có thể đủ điều kiện: {award} — theo các thông tin bạn nêu.")
    more = headline_text(Headline("incomplete", award, needed=("kết quả xếp loại năm 2025",),
                                  unweighed=("quy định về nghỉ ốm",)))
    assert more.endswith(f"Xét riêng các tiêu chuẩn đã có, cần thêm thông tin để kết luận về {award}: kết quả xếp "
                         "loại năm 2025.")
    lines = [CriterionLine("met", "Hoàn thành tốt nhiệm vụ", "khoản 1 Điều 24", "năm 2025: hoàn thành tốt"),
             CriterionLine("failed", "Có sáng kiến", "khoản 2 Điều 23", "không có sáng kiến", others="đề tài"),
             CriterionLine("judgement", "Đoàn kết", "khoản 1 Điều 24"),
             CriterionLine("principle", "Thai sản", "Điều 4")]
    reply = EligibilityReply("not_eligible", Headline("not-eligible", award, ("khoản 2 Điều 23",)), lines=lines,
                             notes=["Thông tin bạn nêu: năm xét 2025."])
    assert verdict_text(reply) == "\n\n".join([
        f"❌ Chưa đủ điều kiện: {award} — chưa đạt: khoản 2 Điều 23.",
        "✔ Đạt — Hoàn thành tốt nhiệm vụ (khoản 1 Điều 24): bạn nêu năm 2025: hoàn thành tốt.\n"
        "✘ Chưa đạt — Có sáng kiến (khoản 2 Điều 23): bạn nêu không có sáng kiến. Tiêu chuẩn thay thế trong cùng quy "
        "định, do cấp có thẩm quyền đánh giá: đề tài.\n"
        "❔ Do đơn vị đánh giá, xác nhận — Đoàn kết (khoản 1 Điều 24).\n📌 Thai sản (Điều 4).",
        "Thông tin bạn nêu: năm xét 2025."])
    answer = as_answer(reply, "q", [])
    assert answer.covered is False  # no Verdict of the rules behind it: never shown as one
    reply.verdict = object()
    answer = as_answer(reply, "q", [])
    assert answer.lead == "" and answer.eligibility is reply and render(answer).startswith("❌ Chưa đủ điều kiện")
    unknown = EligibilityReply("unknown_award", Headline("unknown-award", "", named=("CSTĐCS", "LĐTT")))
    assert render(as_answer(unknown, "q", [])) == (
        "Bạn hỏi về danh hiệu, hình thức khen thưởng nào? Hãy nêu tên, ví dụ: “… có được Chiến sĩ thi đua cơ sở "
        "không?” (trong tin nhắn có: CSTĐCS, LĐTT)")
