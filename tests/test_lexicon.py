"""The one matcher over the lexicon's taxonomies: whole words, with or without diacritics, tones respected
when typed, spaces and line breaks between words, longest phrase first."""

from __future__ import annotations

import re
from pathlib import Path

from bot.lexicon import Lexicon, Taxonomy

ROOT = Path(__file__).resolve().parents[1]
LEXICON = Lexicon({"places": {"nam-dinh": ["Nam Định"], "thanh-hoa": ["Thanh Hóa"]},
                   "kinds": {"amount": ["mức thưởng", "thưởng"], "criteria": ["mức xếp loại", "tiêu chuẩn"]}})


def test_typed_without_diacritics_matches_folded() -> None:
    assert LEXICON.labels("muc thuong cstdcs bao nhieu", "kinds") == ["amount"]
    assert LEXICON.labels("tinh nam dinh", "places") == ["nam-dinh"]


def test_typed_with_diacritics_the_tones_must_be_there() -> None:
    assert LEXICON.labels("Hằng năm định kỳ", "places") == []
    assert LEXICON.labels("tỉnh Thanh Hoá", "places") == ["thanh-hoa"]  # the tone mark's place does not matter


def test_i_and_y_are_one_spelling_after_a_consonant() -> None:
    lexicon = Lexicon({"awards": {"knc": ["Kỷ niệm chương"], "cstd": ["chiến sĩ thi đua"], "hc": ["huy chương"]},
                       "kinds": {"rule": ["quy định"], "who": ["quản lý"]}})
    assert lexicon.labels("Kỉ niệm chương là gì", "awards") == ["knc"]
    assert lexicon.labels("chien sy thi dua", "awards") == ["cstd"]
    assert lexicon.labels("qui định ở đâu, ai quản lí", "kinds") == ["rule", "who"]
    assert lexicon.labels("hui chương", "awards") == []  # "uy" is another vowel, never "ui"
    assert lexicon.labels("Kì niệm chương", "awards") == []  # the tone typed still counts


def test_longest_phrase_wins_and_words_are_whole() -> None:
    assert LEXICON.labels("phải được mức xếp loại nào", "kinds") == ["criteria"]
    assert LEXICON.labels("thưởngg", "kinds") == []
    found = LEXICON.find("Mức\n  thưởng là gì", "kinds")
    assert [(f.label, f.start, f.text) for f in found] == [("amount", 0, "Mức\n  thưởng")]


def test_calls_are_counted_and_unknown_taxonomies_are_empty() -> None:
    lexicon = Lexicon({"kinds": {"amount": ["thưởng"]}})
    lexicon.labels("thưởng", "kinds")
    assert lexicon.find("thưởng", "absent") == [] and lexicon.calls == 2


def test_the_shipped_lexicon_knows_national_issuers() -> None:
    lexicon = Lexicon.load(ROOT / "knowledge" / "lexicon")
    assert lexicon.starts_with("Chính phủ", "issuers", "national")
    assert lexicon.starts_with("Bộ Nội vụ", "issuers", "national")
    assert not lexicon.starts_with("Ủy ban nhân dân thành phố Hải Phòng", "issuers", "national")
    assert not lexicon.starts_with("Sở Nội vụ thành phố Hải Phòng", "issuers", "national")


def test_a_phrase_inside_a_document_number_is_left_alone() -> None:
    lexicon = Lexicon({"spelling": {"không": ["kh"], "Ủy ban nhân dân": ["ubnd"]}})
    assert lexicon.rewrite("Kế hoạch 298/KH-UBND, kh rõ", "spelling") == "Kế hoạch 298/KH-UBND, không rõ"
    assert lexicon.rewrite("kh hieu", "spelling") == "khong hieu"  # an unaccented message stays unaccented
    # a document named by its kind's abbreviation and number is a name, not a chat spelling
    assert lexicon.rewrite("Theo KH 298 thì kh rõ", "spelling") == "Theo KH 298 thì không rõ"
    assert lexicon.rewrite("kh 298 co hieu luc kh", "spelling") == "kh 298 co hieu luc khong"


def test_an_alternation_for_a_pattern_built_from_the_data() -> None:
    """A reader that keeps a regex for structure takes its words from the lexicon: written and folded, longest
    first, any run of spaces between words; labels without phrases match nothing."""
    pattern = re.compile(rf"\b(?:{LEXICON.alternation('kinds', 'amount', 'criteria')})\b", re.IGNORECASE)
    assert [m.group(0) for m in pattern.finditer("Mức  thưởng, muc xep loai va thưởng")] == [
        "Mức  thưởng", "muc xep loai", "thưởng"]
    assert re.search(LEXICON.alternation("kinds", "absent"), "thưởng") is None
    assert re.fullmatch(LEXICON.alternation("places"), "thanh hoa")


def test_a_phrase_with_a_gap_says_it_with_the_askers_own_words_between() -> None:
    taxonomy = Taxonomy("t", {"criteria": ["cần … gì"], "need": ["cần gì"]})
    found = taxonomy.find("Cá nhân cần những thành tích gì thì được đề nghị?")
    assert [(f.label, f.text) for f in found] == [("criteria", "cần những thành tích gì")]
    assert [f.label for f in taxonomy.find("can nhung thanh tich gi")] == ["criteria"]  # folded too
    assert [f.label for f in taxonomy.find("cần gì")] == ["need"]  # a gap is at least one word
    assert taxonomy.find("cần một hai ba bốn gì") == []  # and at most three
    assert taxonomy.find("Cân những thứ gì") == []  # typed with diacritics, its own words keep their tones


def test_the_kinds_read_a_gapped_criteria_question() -> None:
    from bot.engine.understand import guess_of

    assert guess_of("Cá nhân cần những thành tích gì thì mới được đề nghị tặng Huân chương?").kind.value == "criteria"


def test_a_readers_pattern_matches_either_spelling_of_i_and_y() -> None:
    lexicon = Lexicon({"discipline": {"penalty": ["kỷ luật"]}})
    pattern = re.compile(lexicon.alternation("discipline", "penalty"))
    assert all(pattern.search(text) for text in ("bi ky luat", "bi ki luat", "bị kỷ luật"))
