"""The award catalogue is one: one file per award under knowledge/awards, every name one award through the one
matcher, every citation a unit of the corpus, and one award (with one verdict) however it is named, in a question
or in the wizard."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.engine.text import Abbreviations
from bot.engine.understand import understand
from bot.nomination.catalogue import COMMON_FILE, PROVINCES_DIR, Catalogue, key
from bot.nomination.eligibility import Rules
from bot.nomination.facts import parse_titles
from bot.nomination.verdict import answer_eligibility
from ingest.vietnamese import nfc
from tests.conftest import ROOT, resolves

AWARDS = ROOT / "knowledge" / "awards"
CATALOGUE = Catalogue.load(AWARDS)
FILES = sorted(path for path in AWARDS.glob("*.yaml") if path.name != COMMON_FILE)


def raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_award_has_one_file_named_by_its_id() -> None:
    assert [raw(path)["id"] for path in FILES] == [path.stem for path in FILES]
    engine_view, wizard_view = CATALOGUE.questions.awards, CATALOGUE.awards
    assert set(wizard_view) <= {path.stem for path in FILES} and len(engine_view) >= 45
    # every award of the wizard is one the engine knows where it is ruled (a collective's own one as its award)
    assert all(CATALOGUE.questions.asked_as.get(award, award) in engine_view for award in wizard_view)
    common = raw(AWARDS / COMMON_FILE)
    assert sorted(common["order"]) == sorted(wizard_view)


def test_every_award_is_of_a_kind_the_law_names_and_each_held_principle_names_kinds_of_awards() -> None:
    kinds = {"danh hiệu thi đua", "hình thức khen thưởng", "danh hiệu vinh dự nhà nước"}
    assert {path.stem: raw(path).get("kind") for path in FILES if raw(path).get("kind") not in kinds} == {}
    assert {award.kind for award in CATALOGUE.questions.awards.values()} == kinds  # the engine's view reads it
    held = CATALOGUE.questions.principle_held
    assert set(held) == {"several-titles", "title-and-form", "several-forms"}
    assert all(set(kinds_held) <= kinds for sets in held.values() for kinds_held in sets)
    assert CATALOGUE.questions.held_principle(["lao-dong-tien-tien", "chien-si-thi-dua-co-so"]) == "several-titles"
    assert CATALOGUE.questions.held_principle(["lao-dong-tien-tien", "giay-khen"]) == "title-and-form"
    assert CATALOGUE.questions.held_principle(["giay-khen", "bang-khen-thu-tuong"]) == "several-forms"
    assert CATALOGUE.questions.held_principle(["lao-dong-tien-tien"]) == ""


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_every_name_is_written_once_and_reads_as_its_award(path: Path) -> None:
    award = raw(path)
    names = [award.get("display"), award.get("short"), *award.get("names", [])]
    written = [key(str(name)) for name in {*names[:2], *names[2:]} if name]
    assert len(written) == len(set(written)) == len({*names[:2], *names[2:]} - {None}), f"{path.stem}: a name twice"
    for name in [name for name in names if name]:
        # a name with commas must be quoted in YAML, or it falls apart into fragments such as "ban" and "tỉnh"
        assert len(str(name).split()) >= 2 or str(name).isupper() or any(c.isupper() for c in str(name)), name
        assert CATALOGUE.names.whole(str(name)) == award["id"], name


def test_no_name_is_two_awards() -> None:
    owners: dict[str, set[str]] = {}
    for label, phrases in CATALOGUE.names.taxonomy.labels.items():
        for phrase in phrases:
            owners.setdefault(key(phrase), set()).add(label)
    assert not {name: held for name, held in owners.items() if len(held) > 1}


def test_every_citation_is_a_unit_of_the_corpus(corpus) -> None:
    units = corpus[0]
    rules = [rule.cite for award in CATALOGUE.awards.values() for rule in award.rules()]
    rules += [rule.cite for rule in [*CATALOGUE.common, *CATALOGUE.principles.values()]]
    refs = [ref for award in CATALOGUE.questions.awards.values()
            for ref in [*(r for held in award.rules.values() for r in held), *([award.listed_in] if award.listed_in
                                                                               else [])]]
    assert len(rules) > 60 and len(refs) > 100
    assert not [cite for cite in [*rules, *refs] if not resolves(cite, units)]


def test_every_criterion_is_the_words_of_the_clause_it_cites(corpus) -> None:
    """A verdict line quotes the law: each criterion's text, an editor's note in brackets at its end aside, is the
    words of the article it cites (case, spacing and the editor's [restorations] aside), so staff read the rule
    itself, not a summary."""
    units = corpus[0]

    def plain(text: str) -> str:
        return re.sub(r"\s+", " ", nfc(text).replace("[", "").replace("]", "")).strip().rstrip(";.:").lower()

    criteria = [rule for award in CATALOGUE.awards.values()
                for rule in [*award.criteria, *(r for v in award.variants.values() for r in v.get("criteria", []))]]
    criteria += [rule for item in CATALOGUE.uncovered for rule in item.necessary]
    assert len(criteria) > 30
    def article(cite) -> str:
        return plain(" ".join(unit.text for unit in units if (unit.doc.id, unit.article) == (cite.doc, cite.article)))

    summaries = [(rule.id, rule.text) for rule in criteria
                 if plain(re.sub(r"\s*\([^)]*\)\s*$", "", rule.text)) not in article(rule.cite)]
    assert not summaries


def test_a_provinces_own_rules_are_marked_with_it() -> None:
    overlay = raw(AWARDS / PROVINCES_DIR / "bac-ninh.yaml")
    province = overlay["province"]
    for award_id, own in overlay["awards"].items():
        award = CATALOGUE.awards.get(award_id)
        if award is not None and set(own) - {"rules"}:
            theirs = [rule for rule in award.rules() if rule.cite.doc == "qd-86-2025-bac-ninh"]
            assert theirs and all(rule.province == province for rule in theirs), award_id
            assert all(not rule.province for rule in award.rules() if rule.cite.doc != "qd-86-2025-bac-ninh")
        ruled = CATALOGUE.questions.awards.get(award_id)
        refs = [ref for held in ruled.rules.values() for ref in held] if ruled else []
        assert all(ref.local == (ref.doc == "qd-86-2025-bac-ninh") for ref in refs), award_id
        assert sum(ref.local for ref in refs) == sum(len(held) for held in own.get("rules", {}).values())


@pytest.fixture(scope="module")
def rules(corpus) -> Rules:
    return Rules(CATALOGUE, corpus[1])


HISTORY = ("Tôi đạt Chiến sĩ thi đua cơ sở các năm 2023, 2024, 2025 và có sáng kiến được áp dụng trong toàn tỉnh, "
           "không bị kỷ luật.")


@pytest.mark.parametrize("name", ["chiến sĩ thi đua Bộ, ban, ngành, tỉnh", "CSTĐ tỉnh", "chien si thi dua tinh",
                                  "Chiến sỹ thi đua cấp tỉnh", "Danh hiệu chiến sĩ thi đua Bộ, ban, ngành, tỉnh"])
def test_the_laws_name_and_staffs_give_one_award_and_one_verdict_in_a_question_and_in_the_wizard(
        name: str, rules: Rules) -> None:
    award = "chien-si-thi-dua-cap-tinh"
    question = f"{HISTORY} Năm 2026 tôi có được {name} không?"
    assert [m.award for m in understand(question, CATALOGUE.questions).awards] == ["chien-si-thi-dua-co-so", award]
    reply = answer_eligibility(question, None, CATALOGUE, rules, "Hải Phòng", today=date(2026, 6, 1))
    assert reply.award_id == award and reply.verdict is not None
    # the wizard: the award chosen by name, a title of the history told by name, the same facts
    chosen = CATALOGUE.find(name)
    assert chosen is not None and chosen.id == award
    assert parse_titles(f"2025: {name}", CATALOGUE, 2026) == {"2025": [award]}
    wizard = rules.evaluate(chosen, dict(reply.prefill))
    assert wizard.status == reply.verdict.status == "eligible", (wizard.status, reply.verdict.status)


@pytest.mark.parametrize(("text", "grades"), [
    ("Huân chương Lao động hạng 3 được thưởng bao nhiêu?", ["ba"]),
    ("HCLĐ hạng III", ["ba"]),
    ("huan chuong doc lap hang 1 va hang 2", ["nhất", "nhì"]),
])
def test_a_grade_written_in_digits_or_roman_numerals_is_its_grade(text: str, grades: list[str]) -> None:
    assert [m.grade for m in CATALOGUE.questions.mentions(text)] == grades


def test_a_class_word_abbreviated_names_the_award() -> None:
    """"HC Sao vàng": staff's abbreviation of "Huân chương" (knowledge/abbreviations.yaml) names the award."""
    staff = Abbreviations.load(ROOT / "knowledge" / "abbreviations.yaml")
    said = staff.expand("HC Sao vàng tặng cho cá nhân khi nào, HC Lao động hạng 3 thì sao?")
    assert [(m.award, m.grade) for m in CATALOGUE.questions.mentions(said)] == [
        ("huan-chuong-sao-vang", ""), ("huan-chuong-lao-dong", "ba")]


@pytest.mark.parametrize(("text", "award"), [
    ("Năm 2024 anh được Chủ tịch UBND thành phố tặng bằng khen", "bang-khen-chu-tich-ubnd-tinh"),
    ("đơn vị vừa được UBND thành phố tặng Cờ thi đua", "co-thi-dua-cap-tinh"),
    ("nam ngoai chi duoc Thu tuong Chinh phu tang bang khen", "bang-khen-thu-tuong"),
])
def test_an_award_told_with_its_giver_first_is_that_award(text: str, award: str) -> None:
    """"được <giver> tặng <award>": the name "<award> của <giver>" said the way staff tell who gave it."""
    assert [m.award for m in CATALOGUE.questions.mentions(text)] == [award]


@pytest.mark.parametrize(("text", "award"), [
    ("Bác nhờ xã làm hồ sơ đề nghị Huy chương TNXP vẻ vang", "huy-chuong-thanh-nien-xung-phong-ve-vang"),
    ("GĐVH có được kèm tiền thưởng không?", "gia-dinh-van-hoa"),
    ("được CSTT 2 năm liền", "chien-si-tien-tien"),
])
def test_staffs_short_names_read_as_their_award(text: str, award: str) -> None:
    """Names staff shorten ("TNXP", "GĐVH"), written among the award's names, read as it, not as its class."""
    assert [m.award for m in CATALOGUE.questions.mentions(text)] == [award]


def test_an_awards_abbreviation_is_written_once_and_expanded_to_the_name_it_stands_for() -> None:
    abbreviations = CATALOGUE.questions.abbreviations()
    assert abbreviations["AHLĐ"] == "Anh hùng Lao động" and abbreviations["TTƯT"] == "thầy thuốc ưu tú"
    assert abbreviations["BKTTg"] == "Bằng khen của Thủ tướng Chính phủ"  # initials that are no name: the award's
    listed = yaml.safe_load((ROOT / "knowledge" / "abbreviations.yaml").read_text(encoding="utf-8"))
    assert not set(listed) & set(abbreviations)  # knowledge/abbreviations.yaml holds only the other words
    assert [m.award for m in CATALOGUE.questions.mentions("Tiêu chuẩn AHLĐ là gì?")] == ["anh-hung-lao-dong"]
