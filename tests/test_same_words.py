"""The wizard and the question path read the same words the same way: every phrase of the lexicon's scopes is
read to the same scope by the wizard's answer reader and by a history told in a question, typed with and without
diacritics."""

from __future__ import annotations

from datetime import date

import pytest

from bot.lexicon import default_lexicon
from bot.nomination.answers import parse_scope
from bot.nomination.catalogue import Catalogue
from bot.nomination.history import read_history
from ingest.vietnamese import fold
from tests.conftest import ROOT

CATALOGUE = Catalogue.load(ROOT / "knowledge" / "awards.yaml")
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
