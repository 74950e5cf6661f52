"""The wizard and the question path read the same words the same way: every phrase of the lexicon's scopes,
ratings, pending discipline and forms of penalty is read to the same value by the wizard's answer reader and by a
history told in a question, typed with and without diacritics."""

from __future__ import annotations

from datetime import date

import pytest

from bot.lexicon import default_lexicon
from bot.nomination.answers import expand_years, parse_discipline, parse_scope, read_member_discipline
from bot.nomination.catalogue import Catalogue
from bot.nomination.facts import PENALTY_FORMS, RATING_LEVELS, WARNING_OR_ABOVE, parse_ratings
from bot.nomination.history import read_history
from ingest.vietnamese import fold
from tests.conftest import ROOT

CATALOGUE = Catalogue.load(ROOT / "knowledge" / "awards")
SCOPES = default_lexicon().taxonomies["scopes"].labels
PHRASES = [(scope, phrase) for scope, phrases in SCOPES.items() for phrase in phrases]


@pytest.mark.parametrize(("scope", "phrase"), PHRASES, ids=[fold(p) for _, p in PHRASES])
def test_a_scope_phrase_reads_alike_in_the_wizard_and_in_a_question(scope: str, phrase: str) -> None:
    for written in (phrase, fold(phrase)):
        wizard = parse_scope(f"áp dụng {written}")
        told = read_history(f"Năm 2025 tôi hoàn thành xuất sắc nhiệm vụ, có sáng kiến được công nhận {written}.",
                            CATALOGUE, today=date(2026, 1, 10)).facts.get("initiative")
        assert wizard == told == scope, (written, wizard, told)


def test_the_widest_scope_named_wins_in_both() -> None:
    text = "sáng kiến áp dụng trong đơn vị và được nhân rộng toàn tỉnh"
    told = read_history(f"Năm 2025 tôi có {text}.", CATALOGUE, today=date(2026, 1, 10)).facts.get("initiative")
    assert parse_scope(text) == told == "tinh"


@pytest.mark.parametrize(("told", "scope"), [
    ("có sáng kiến được Chủ tịch UBND tỉnh công nhận áp dụng hiệu quả", "tinh"),
    ("có sáng kiến được công nhận, có khả năng nhân rộng trong toàn quốc", "toan-quoc"),
    ("co de tai da nghiem thu, co pham vi anh huong trong toan quoc", "toan-quoc"),
    ("có sáng kiến cấp cơ sở, có 2 năm liền hoàn thành xuất sắc nhiệm vụ ở thành phố", "co-so"),
])
def test_who_recognised_an_initiative_and_its_reach_tell_its_scope(told: str, scope: str) -> None:
    """The body that recognised it, and a following clause telling its reach, speak of the initiative; another
    clause does not."""
    facts = read_history(f"Năm 2025 tôi {told}.", CATALOGUE, today=date(2026, 1, 10)).facts
    assert facts.get("initiative") == scope


def _phrases(taxonomy: str, labels: tuple[str, ...]) -> list[tuple[str, str]]:
    held = default_lexicon().taxonomies[taxonomy].labels
    return [(label, phrase) for label in labels for phrase in held[label]]


RATINGS = _phrases("ratings", RATING_LEVELS)


@pytest.mark.parametrize(("level", "phrase"), RATINGS, ids=[fold(p) for _, p in RATINGS])
def test_a_rating_phrase_reads_alike_in_the_wizard_and_in_a_question(level: str, phrase: str) -> None:
    for written in (phrase, fold(phrase)):
        wizard = parse_ratings(f"2025: {written}", 2025)
        told = read_history(f"Năm 2025 tôi {written}. Tôi có được Lao động tiên tiến không?", CATALOGUE,
                            today=date(2026, 1, 10)).facts.get("ratings")
        assert wizard == told == {"2025": level}, (written, wizard, told)


PENDING = _phrases("discipline", ("pending",))


@pytest.mark.parametrize(("label", "phrase"), PENDING, ids=[fold(p) for _, p in PENDING])
def test_a_pending_discipline_reads_alike_in_the_wizard_and_in_a_question(label: str, phrase: str) -> None:
    for written in (phrase, fold(phrase)):
        told = read_history(f"Năm 2025 tôi hoàn thành tốt nhiệm vụ nhưng {written}. Tôi có được Lao động tiên tiến "
                            "không?", CATALOGUE, today=date(2026, 1, 10)).facts.get("discipline")
        assert parse_discipline(written) is told is True, (written, told)


PENALTIES = _phrases("penalties", PENALTY_FORMS)


@pytest.mark.parametrize(("form", "phrase"), PENALTIES, ids=[fold(p) for _, p in PENALTIES])
def test_a_members_penalty_counts_alike_in_the_wizard_and_in_a_question(form: str, phrase: str) -> None:
    for written in (phrase, fold(phrase)):
        told = read_history(f"Tổ tôi năm 2025 hoàn thành tốt nhiệm vụ, 80% đạt lao động tiên tiến, có 1 người bị kỷ "
                            f"luật {written}. Tổ có được tập thể lao động tiên tiến không?", CATALOGUE,
                            today=date(2026, 1, 10)).facts.get("member_discipline")
        assert read_member_discipline(f"có 1 người bị {written}") is told is (form in WARNING_OR_ABOVE), written


STREAKS = _phrases("years", ("streak",))


@pytest.mark.parametrize(("label", "phrase"), STREAKS, ids=[fold(p) for _, p in STREAKS])
def test_a_streak_in_words_reads_alike_in_the_wizard_and_in_a_question(label: str, phrase: str) -> None:
    for written in (f"ba năm {phrase}", fold(f"3 năm {phrase}")):
        wizard = parse_ratings(expand_years(f"{written}: hoàn thành tốt", 2025), 2025)
        told = read_history(f"Tôi hoàn thành tốt nhiệm vụ {written}. Năm 2025 tôi có được Lao động tiên tiến không?",
                            CATALOGUE, today=date(2026, 1, 10)).facts.get("ratings")
        assert wizard == told == {"2023": "tot", "2024": "tot", "2025": "tot"}, (written, wizard, told)
