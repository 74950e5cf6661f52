"""A question typed without diacritics is also searched written back with the knowledge base's own words: the dense
model reads Vietnamese with its tones far better than without. How well the knowledge base covers the question stays
the typed question's, so what is not in it is still said plainly."""

from __future__ import annotations

from bot.engine.text import Diacritics

TEXTS = ["1. Hình thức tổ chức thi đua gồm: a) Thi đua thường xuyên; b) Thi đua theo chuyên đề.",
         "Hồ sơ gồm tờ trình đề nghị khen thưởng.",
         "Danh hiệu “Chiến sĩ thi đua cơ sở” được thưởng 1,0 lần mức lương cơ sở."]


def test_runs_of_plain_syllables_take_the_texts_own_form() -> None:
    restore = Diacritics(TEXTS).restore
    # runs of two or three syllables; a syllable alone ("gom") is too ambiguous to write back
    assert restore("hinh thuc to chuc thi dua gom may loai") == "hình thức tổ chức thi đua gom may loai"
    # the run decides a syllable the texts write two ways ("tổ chức", "tờ trình")
    assert restore("to trinh de nghi khen thuong") == "tờ trình đề nghị khen thưởng"
    # what stands between words is kept, and a run does not cross it
    assert restore("duoc thuong bao nhieu, luong co so?") == "được thưởng bao nhieu, lương cơ sở?"
    # a question typed with diacritics is the writer's own
    assert restore("Hình thức tổ chức thi dua") == "Hình thức tổ chức thi dua"


def test_the_engine_ranks_by_the_written_back_question_and_judges_coverage_by_the_typed_one(corpus_engine,
                                                                                           monkeypatch) -> None:
    searched: list[str] = []
    search = corpus_engine.search
    monkeypatch.setattr(corpus_engine, "search", lambda query, k=10: searched.append(query) or search(query, k))
    corpus_engine.ask("hinh thuc to chuc thi dua gom nhung gi")
    assert searched[0].startswith("hinh thuc to chuc thi dua")  # the typed question, for coverage
    assert any("hình thức tổ chức thi đua" in query for query in searched[1:]), searched
    # a question typed with diacritics is searched once
    searched.clear()
    corpus_engine.ask("Hình thức tổ chức thi đua gồm những gì?")
    assert not any("hinh thuc" in query for query in searched)
