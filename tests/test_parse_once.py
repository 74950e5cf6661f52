"""A message is read once: the award-name matcher runs over it one time, and every sentence, part, masked form for
the kind classifier and the eligibility reader's history take their awards from that one reading. The matcher may
still read the law's own texts (a khoản naming the award asked about); it never reads the message again."""

from __future__ import annotations

import pytest

from bot.nomination.catalogue import AwardNames, key
from tests.test_answer_gaps import engine, settings  # noqa: F401  (the synthetic corpus and its engine)

MESSAGES = [
    "Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì? Hồ sơ đề nghị gồm những gì?",
    "ai quyet dinh tang cstdcs va ldtt?",
    "Mức thưởng của Lao động tiên tiến, còn Chiến sĩ thi đua cơ sở thì sao?",
    "Tôi là công chức phường. Năm 2025 ai quyết định tặng Lao động tiên tiến cho tôi?",
    "Em đạt LĐTT năm 2024 và năm 2025, có sáng kiến được cơ sở công nhận. Năm 2025 em có được CSTĐCS không ạ?",
]


@pytest.fixture
def warm(engine):  # noqa: F811
    """The engine with its labelled examples embedded (masked once, at first use, not per message)."""
    if engine.kinds.examples is not None:
        engine.kinds.examples.vectors()
    return engine


@pytest.mark.parametrize("message", MESSAGES)
def test_the_award_matcher_reads_a_message_once(warm, monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    read: list[str] = []
    find = AwardNames.find

    def counting(self: AwardNames, text: str):
        read.append(text)
        return find(self, text)

    monkeypatch.setattr(AwardNames, "find", counting)
    answer = warm.ask(message)
    written = key(warm.lexicon.rewrite(message, "spelling"))
    of_message = [text for text in read if key(text) and key(text) in written]
    assert len(of_message) == 1, of_message
    assert answer.covered


def test_the_history_path_takes_its_awards_from_the_one_reading(warm, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    find = AwardNames.find
    monkeypatch.setattr(AwardNames, "find", lambda self, text: read.append(text) or find(self, text))
    answer = warm.ask(MESSAGES[-1])
    assert answer.mode == "eligibility"  # the rules answered, from the history told
    assert len(read) == 1
