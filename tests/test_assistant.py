"""The Assistant's own routing, over the starter corpus (deterministic embeddings): eligibility questions get the
rules' verdict and a button that starts the nomination with the facts told."""

from __future__ import annotations

import pytest

from bot.assistant import NOMINATE_LABEL, STALE_BUTTON, Caller
from bot.faces.render import render
from bot.services import build_assistant

HISTORY = ("Tôi là công chức, năm 2025 hoàn thành xuất sắc nhiệm vụ, có sáng kiến được cơ sở công nhận, không bị "
           "kỷ luật. Tôi có đủ điều kiện Chiến sĩ thi đua cơ sở không?")


@pytest.fixture()
def assistant(corpus_settings, corpus_engine, tmp_path):
    return build_assistant(corpus_settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                                                              "drafts_dir": tmp_path / "drafts"}))


def test_an_eligibility_question_gets_a_verdict_and_a_prefilled_nomination(assistant) -> None:
    staff = Caller(5001, 5001)
    [reply] = assistant.ask(staff, HISTORY)
    said = render(reply.answer)
    assert reply.answer.mode == "eligibility" and said.startswith("✅ Đủ điều kiện") and not reply.answer.lead
    assert "khoản 2 Điều 23" in said and reply.answer.eligibility.headline.kind == "eligible"
    nominate = reply.buttons[0][0]
    assert nominate.label == NOMINATE_LABEL
    assert assistant.press(Caller(5002, 5002), nominate.action)[0].notice == STALE_BUTTON  # not their question
    [started] = assistant.press(staff, nominate.action)
    assert "Chiến sĩ thi đua cơ sở" in started.text
    _, session = assistant.nominations.active(5001)
    facts = session["nominees"][0]["facts"]
    assert facts["ratings"] == {"2025": "xuat-sac"} and facts["initiative"] == "co-so"


def test_no_nomination_button_in_a_group_or_for_a_rule_question(assistant) -> None:
    [in_group] = assistant.ask(Caller(5003, -7, private=False), HISTORY)
    assert in_group.answer.mode == "eligibility"
    assert all(not b.action.startswith("lap:") for row in in_group.buttons for b in row)
    [rule] = assistant.ask(Caller(5004, 5004), "Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở là gì?")
    assert rule.answer.mode != "eligibility"
    assert all(not b.action.startswith("lap:") for row in rule.buttons for b in row)


def test_a_follow_up_builds_on_a_recent_question_only(assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    staff = Caller(5010, 5010)
    assistant.ask(staff, "Mức tiền thưởng danh hiệu Chiến sĩ thi đua cơ sở là bao nhiêu?")
    assert "Chiến sĩ thi đua cơ sở" in assistant.ask(staff, "còn tập thể thì sao?")[0].answer.query
    import bot.assistant as module
    import bot.shared_state as shared

    # Half an hour later, in the process's memory and in the database several workers share alike.
    later, later_utc = (module.time.monotonic() + shared.FOLLOW_UP_WINDOW.total_seconds() + 1,
                        shared._now() + shared.FOLLOW_UP_WINDOW + shared.timedelta(seconds=1))
    monkeypatch.setattr(module.time, "monotonic", lambda: later)
    monkeypatch.setattr(shared, "_now", lambda: later_utc)
    assert assistant.ask(staff, "còn tập thể thì sao?")[0].answer.query == "còn tập thể thì sao?"


def test_a_broken_conversation_memory_never_costs_the_answer(assistant) -> None:
    class Broken:
        def get(self, *args):
            raise OSError("database is locked")

        def __setitem__(self, *args):
            raise OSError("database is locked")

        def allow(self, *args):
            raise OSError("database is locked")

    assistant.previous = assistant.limiter = Broken()
    [reply] = assistant.ask(Caller(5011, 5011), "Mức tiền thưởng danh hiệu Chiến sĩ thi đua cơ sở là bao nhiêu?")
    assert reply.answer.covered and "1,0 lần mức lương cơ sở" in reply.answer.lead


def test_local_follow_ups_are_forgotten_after_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.assistant as module
    from bot.engine.core import Turn

    turns = module.LocalTurns()
    turns[1] = Turn("Tiêu chuẩn Lao động tiên tiến?")
    assert turns.get(1).question == "Tiêu chuẩn Lao động tiên tiến?"
    later = module.time.monotonic() + module.FOLLOW_UP_WINDOW.total_seconds() + 1
    monkeypatch.setattr(module.time, "monotonic", lambda: later)
    assert turns.get(1) is None
