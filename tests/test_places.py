"""The provinces a question names come from the lexicon (knowledge/lexicon/places.yaml), read like every phrase:
with diacritics as written, without them folded; a name inside other words is no province."""

from __future__ import annotations

import pytest

from bot.engine.understand import Catalogue, named_province, understand
from bot.lexicon import default_lexicon


@pytest.mark.parametrize(("question", "province"), [
    ("Ở Quảng Ninh, hồ sơ khen thưởng nộp trước ngày nào?", "Quảng Ninh"),
    ("quang ninh nop ho so khen thuong truoc ngay nao", "Quảng Ninh"),
    ("TP HCM quy định mức thưởng thế nào?", "Thành phố Hồ Chí Minh"),
    ("Tỉnh Khánh Hoà xét chiến sĩ thi đua tỉnh vào tháng mấy?", "Khánh Hòa"),
    ("Huân chương Hồ Chí Minh tặng cho ai?", ""),
    ("Hằng năm định kỳ tổ chức thi đua thế nào?", ""),
])
def test_a_province_of_the_lexicon_is_named(question: str, province: str) -> None:
    assert understand(question, Catalogue([])).province == province


def test_the_knowledge_bases_own_places_come_first() -> None:
    lexicon = default_lexicon()
    assert named_province("Phường Lê Chân, Hải Phòng quy định thế nào?", ("Lê Chân",), lexicon) == "Lê Chân"
    assert named_province("Hải Phòng quy định thế nào?", ("Lê Chân",), lexicon) == "Hải Phòng"
