"""A follow-up keeps the previous query, not a rewritten string: what it says replaces the field it belongs to, what
it does not say is carried over; the query travels between workers as data, and the message is still read once."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from bot.engine.core import Engine, Turn
from bot.engine.follow_up import Query
from bot.nomination.catalogue import AwardNames, key
from bot.shared_state import SharedState
from bot.storage import MIGRATIONS, Storage

CSTDCS, LDTT = ("chien-si-thi-dua-co-so", ""), ("lao-dong-tien-tien", "")


def test_a_follow_up_keeps_the_award_and_the_province_it_does_not_name(corpus_engine: Engine) -> None:
    first = corpus_engine.exchange("Tiêu chuẩn Chiến sĩ thi đua cơ sở ở Bắc Ninh là gì?")
    assert (first.query.awards, first.query.province) == ((CSTDCS,), "Bắc Ninh")
    follow = corpus_engine.exchange("thế ai ký quyết định?", first)
    assert (follow.query.intent, follow.query.awards, follow.query.province) == ("authority", (CSTDCS,), "Bắc Ninh")
    # the text searched is built from the merged fields: the new words, the award and the province carried
    assert "Chiến sĩ thi đua cơ sở" in follow.question and "Bắc Ninh" in follow.question
    assert "Tiêu chuẩn" not in follow.question
    assert follow.query.text == "thế ai ký quyết định?"


def test_a_history_told_after_a_question_keeps_the_award_asked(corpus_engine: Engine) -> None:
    """"cô ấy HTXSNV, đã LĐTT, chưa có sáng kiến" after a question about CSTĐCS is her history for CSTĐCS: the
    title she holds is no new subject, so the next follow-ups ask about CSTĐCS (its reward is 1,0, not LĐTT's
    0,3); after a question asking a verdict, the history told answers it."""
    first = corpus_engine.exchange("Em muốn làm hồ sơ chiến sĩ thi đua cơ sở cho một cô giáo mầm non")
    told = corpus_engine.exchange("cô ấy HTXSNV, đã LĐTT, chưa có sáng kiến", first)
    assert told.query.awards == (CSTDCS,) and told.query.intent == "eligibility" and not told.answer.sure
    amount = corpus_engine.exchange("thế tiền thưởng bao nhiêu", told)
    assert amount.query.awards == (CSTDCS,) and "1,0 lần mức lương cơ sở" in amount.answer.lead
    asked = corpus_engine.exchange("Chị Lan có đủ điều kiện chiến sĩ thi đua cơ sở không?")
    verdict = corpus_engine.exchange("chị ấy năm 2025 HTXSNV, đã đạt LĐTT, có 1 sáng kiến được công nhận cấp cơ sở",
                                     asked).answer.eligibility
    assert verdict is not None and verdict.award_id == "chien-si-thi-dua-co-so"
    assert verdict.headline.kind == "conditional"
    # a question of its own still stands on its own, and so does a history proposing an award of its own
    own = corpus_engine.exchange("Tiêu chuẩn Lao động tiên tiến là gì?", first)
    assert own.query.awards == (LDTT,)
    proposed = corpus_engine.exchange("Năm 2025 chị ấy HTXSNV, đơn vị muốn đề nghị Lao động tiên tiến", first)
    assert proposed.query.awards == (LDTT,)
    # a follow-up opening with its marker asks of the award it names, history told or not
    other = corpus_engine.exchange("Còn Chiến sĩ thi đua cấp tỉnh, anh ấy có 2 lần CSTĐCS và sáng kiến cấp tỉnh",
                                   first)
    assert other.query.awards[0][0] == "chien-si-thi-dua-cap-tinh"


def test_a_follow_up_naming_another_award_swaps_only_the_award(corpus_engine: Engine) -> None:
    first = corpus_engine.exchange("Tiêu chuẩn Lao động tiên tiến ở Bắc Ninh là gì?")
    follow = corpus_engine.exchange("còn chiến sĩ thi đua cơ sở thì sao?", first)
    assert (follow.query.intent, follow.query.awards, follow.query.province) == ("criteria", (CSTDCS,), "Bắc Ninh")
    assert "Lao động tiên tiến" not in follow.question
    # the province carried may rule it, else the Law does: Điều 23 (or Bắc Ninh's own), never LĐTT's Điều 24
    assert follow.answer.citations and follow.answer.citations[0].article != "24"


def test_a_follow_up_asking_another_kind_keeps_the_award(corpus_engine: Engine) -> None:
    first = corpus_engine.exchange("Tiêu chuẩn Lao động tiên tiến là gì?")
    follow = corpus_engine.exchange("còn mức thưởng?", first)
    assert (follow.query.intent, follow.query.awards) == ("amount", (LDTT,))
    assert follow.answer.covered and "0,3 lần mức lương cơ sở" in follow.answer.lead
    # and the one after carries the kind now asked, with the award it names
    again = corpus_engine.exchange("còn chiến sĩ thi đua cơ sở thì sao?", follow)
    assert (again.query.intent, again.query.awards) == ("amount", (CSTDCS,))
    assert "1,0 lần mức lương cơ sở" in again.answer.lead


def test_a_grade_said_alone_is_the_carried_awards_grade(corpus_engine: Engine) -> None:
    first = corpus_engine.exchange("Mức thưởng Huân chương Lao động hạng Nhất là bao nhiêu?")
    follow = corpus_engine.exchange("còn hạng 3?", first)
    assert follow.query.awards == (("huan-chuong-lao-dong", "ba"),)
    assert "4,5 lần mức lương cơ sở" in follow.answer.lead and "9,0" not in follow.answer.lead


def test_a_follow_up_after_a_verdict_asks_about_the_award_in_the_same_clause(corpus_engine: Engine) -> None:
    first = corpus_engine.exchange("Năm 2024 em HTXSNV, có sáng kiến cấp cơ sở. Em có được CSTĐCS không?")
    follow = corpus_engine.exchange("còn cấp tỉnh?", first)
    assert follow.query.awards[0][0] == "chien-si-thi-dua-cap-tinh"
    verdict = follow.answer.eligibility  # a verdict on the award carried, not "which award do you mean?"
    assert verdict is not None and verdict.headline.kind != "unknown-award"
    assert verdict.headline.award == "Danh hiệu “Chiến sĩ thi đua thành phố”"  # as the city names it


def test_a_follow_up_is_no_surer_than_the_question_it_carries(corpus_engine: Engine) -> None:
    first = corpus_engine.exchange("Khen thưởng như vậy có được không?")
    follow = corpus_engine.exchange("thế?", first)
    assert first.query.sure is follow.query.sure
    assert Query.from_dict(first.query.to_dict()).sure is first.query.sure


def test_a_message_that_stands_on_its_own_carries_nothing(corpus_engine: Engine) -> None:
    first = corpus_engine.exchange("Tiêu chuẩn Lao động tiên tiến ở Bắc Ninh là gì?")
    own = corpus_engine.exchange("Mức thưởng danh hiệu Chiến sĩ thi đua cơ sở là bao nhiêu?", first)
    assert (own.query.awards, own.query.province) == ((CSTDCS,), "")
    assert own.question == "Mức thưởng danh hiệu Chiến sĩ thi đua cơ sở là bao nhiêu?"


def test_the_query_is_data_that_survives_json() -> None:
    query = Query("còn mức thưởng?", "amount", (CSTDCS, ("huan-chuong-lao-dong", "nhất")), "Bắc Ninh",
                  ("Nghị định 152/2025/NĐ-CP",), ("can-bo",), "mức thưởng?", ("Năm 2025 tôi hoàn thành xuất sắc.",))
    assert Query.from_dict(json.loads(json.dumps(query.to_dict(), ensure_ascii=False))) == query
    assert Query.from_dict({"text": "x"}) == Query("x")


def _two_workers(tmp_path: Path) -> tuple[SharedState, SharedState]:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    return SharedState(Storage(url)), SharedState(Storage(url))


def test_the_previous_query_travels_between_workers(tmp_path: Path, corpus_engine: Engine) -> None:
    first, second = _two_workers(tmp_path)
    turn = corpus_engine.exchange("Tiêu chuẩn Chiến sĩ thi đua cơ sở ở Bắc Ninh là gì?")
    first.turns()[9] = turn
    kept = second.turns().get(9)
    assert kept.query == turn.query and kept.question == turn.question and kept.answer is None
    follow = corpus_engine.exchange("thế ai ký quyết định?", kept)
    assert (follow.query.awards, follow.query.province) == ((CSTDCS,), "Bắc Ninh")


def test_a_row_kept_before_queries_were_is_read_again_from_its_text(tmp_path: Path, corpus_engine: Engine) -> None:
    """A database at revision 0006 (last_questions without `query`) holding a turn: migrated, the row is a turn
    with its text only, and a follow-up on it still keeps the award and the province."""
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
    engine.dispose()
    connection = sqlite3.connect(path)
    assert "query" not in {row[1] for row in connection.execute("PRAGMA table_info(last_questions)")}
    connection.execute("INSERT INTO last_questions (user_id, question, updated_at) VALUES (?, ?, datetime('now'))",
                       (11, "Tiêu chuẩn Chiến sĩ thi đua cơ sở ở Bắc Ninh là gì?"))
    connection.commit()
    connection.close()
    kept = SharedState(Storage(f"sqlite:///{path}")).turns().get(11)
    assert kept.query is None and kept.question.startswith("Tiêu chuẩn Chiến sĩ thi đua cơ sở")
    follow = corpus_engine.exchange("thế ai ký quyết định?", kept)
    assert (follow.query.intent, follow.query.awards, follow.query.province) == ("authority", (CSTDCS,), "Bắc Ninh")


def test_an_unreadable_kept_query_falls_back_to_the_text(tmp_path: Path) -> None:
    first, _ = _two_workers(tmp_path)
    first.turns()[12] = Turn("Tiêu chuẩn Lao động tiên tiến?", query=Query("Tiêu chuẩn Lao động tiên tiến?"))
    with first.storage.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE last_questions SET query = '{not json' WHERE user_id = 12")
    kept = first.turns().get(12)
    assert kept.query is None and kept.question == "Tiêu chuẩn Lao động tiên tiến?"
    with first.storage.engine.begin() as connection:  # JSON, but not of a Query's shape
        connection.exec_driver_sql("""UPDATE last_questions SET query = '{"awards": [["x"]], "text": 3}'
                                      WHERE user_id = 12""")
    assert first.turns().get(12).query is None


def test_a_name_erased_leaves_no_copy_in_the_kept_query(tmp_path: Path) -> None:
    state, _ = _two_workers(tmp_path)
    told = "Chị Nguyễn Thị Lan năm 2025 hoàn thành xuất sắc nhiệm vụ."
    state.turns()[13] = Turn("Chị Lan có được CSTĐCS không?", query=Query("Chị Lan có được CSTĐCS không?",
                                                                         facts=(told,)))
    state.storage.erase(13, ["Nguyễn Thị Lan"])
    kept = state.turns().get(13)
    assert kept.query is not None and "Nguyễn Thị Lan" not in json.dumps(kept.query.to_dict(), ensure_ascii=False)
    # a one-word name erases the person's words, never an award's id that holds it
    state.turns()[14] = Turn("Anh Minh có được Huân chương Hồ Chí Minh không?",
                             query=Query("Anh Minh có được gì không?", awards=(("huan-chuong-ho-chi-minh", ""),)))
    state.storage.erase(14, ["Minh"])
    erased = state.turns().get(14).query
    assert erased.awards == (("huan-chuong-ho-chi-minh", ""),) and "Minh" not in erased.text


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    find = AwardNames.find
    monkeypatch.setattr(AwardNames, "find", lambda self, text: read.append(text) or find(self, text))
    return read


def test_a_follow_up_reads_its_message_once_and_not_the_previous_question(corpus_engine: Engine,
                                                                          counted: list[str]) -> None:
    previous = "Tiêu chuẩn Chiến sĩ thi đua cơ sở ở Bắc Ninh là gì?"
    first = corpus_engine.exchange(previous)
    counted.clear()
    message = "thế ai ký quyết định?"
    follow = corpus_engine.exchange(message, first)
    assert follow.answer.covered

    def of(text: str) -> list[str]:
        written = key(corpus_engine.lexicon.rewrite(text, "spelling"))
        return [read for read in counted if key(read) and key(read) in written]

    assert len(of(message)) == 1, of(message)
    assert of(previous) == [], "the typed query is there: the previous question is not read again"
    # a turn kept as text only is read again, once
    counted.clear()
    corpus_engine.exchange(message, Turn(previous))
    assert len(of(previous)) == 1
