"""The words the answer and the reference reader go by are lexicon data (knowledge/lexicon statements.yaml,
asked.yaml, references.yaml): the law's text is read as written, a question with or without diacritics."""

from __future__ import annotations

from bot.engine.answer import AMOUNT_RE, COUNT_RE, DEADLINE_RE, NEGATION_RE, Citation, direct_line
from bot.engine.refs import ReferenceResolver

CITATION = Citation("d:d96", "d", "Luật thử", "01/2099/QH15", "luat", "96", "Hiệu lực thi hành", "khoản 1", "in-force")
EFFECTIVE = "1. Luật này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2024."


def test_the_law_states_figures_in_the_lexicons_words() -> None:
    assert AMOUNT_RE.findall("được thưởng 1,5 lần mức lương cơ sở") == ["1,5"]
    assert DEADLINE_RE.findall("gửi hồ sơ chậm nhất vào ngày 15 tháng 01 hằng năm.") == [
        "chậm nhất vào ngày 15 tháng 01 hằng năm"]
    assert COUNT_RE.findall("có 02 lần liên tục được tặng") == ["02 lần liên tục được tặng"]


def test_the_laws_text_is_read_as_written() -> None:
    assert NEGATION_RE.search("nghiêm cấm gian lận") and NEGATION_RE.search("không được tặng")
    assert NEGATION_RE.search("cá nhân cam kết thực hiện") is None  # "cam" is no folded "cấm"


def test_a_question_on_force_is_read_with_or_without_diacritics() -> None:
    for question in ("Luật này có hiệu lực từ khi nào?", "luat nay co hieu luc tu khi nao"):
        line = direct_line(question, EFFECTIVE, CITATION)
        # the text whose force it is, by name: a status line about another document is never read as that one's
        assert line.endswith(f"{CITATION.short_document} có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2024.")
        assert "01/2099/QH15" in CITATION.short_document


def test_a_law_named_without_its_number() -> None:
    resolver = ReferenceResolver({
        "law": {"type": "luat", "title": "Luật Thi đua, khen thưởng", "number": "06/2022/QH15"},
        "amending": {"type": "luat", "title": "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng",
                     "number": "06/2026/QH16"},
        "other": {"type": "luat", "title": "Luật Thi đua thử nghiệm", "number": "05/2099/QH99"}})
    for question in ("Điều 5 Luật Thi đua, khen thưởng", "luat tdkt quy dinh gi", "Luật TĐKT"):
        assert resolver.resolve(question).documents == {"law", "amending"}
    assert resolver.resolve("Luật Thi đua thử nghiệm").documents == set()


def test_a_document_typed_glued_to_its_number_and_a_rating_before_a_date() -> None:
    resolver = ReferenceResolver({
        "nd": {"type": "nghi-dinh", "title": "Nghị định thử", "number": "152/2099/NĐ-CP"},
        "kh": {"type": "ke-hoach", "title": "Kế hoạch thử", "number": "298/KH-UBND"}})
    assert resolver.resolve("nd152 hieu luc khi nao").documents == {"nd"}
    assert resolver.resolve("KH298 căn cứ chỉ thị nào").documents == {"kh"}
    # "htt" (hoàn thành tốt) ends in the letters of "tt" (thông tư): a date after it is no document number
    assert resolver.resolve("em đạt htt 12/2025, có được LĐTT không").missing == []
    assert resolver.resolve("theo tt 15/2099 thì sao").missing == ["15/2099"]
