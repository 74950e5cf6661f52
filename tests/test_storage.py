"""Storage: migrations from the schema made before them, faults that must not cost an answer, deletion."""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from pathlib import Path

import pytest

from bot.settings import ConfigError
from bot.storage import Storage
from tests.fakes import opened_after_lock, sqlite_write_locked

# The tables exactly as `Base.metadata.create_all` made them before migrations existed (commit 9dbd234).
TODAYS_SCHEMA = """
CREATE TABLE questions (
    id INTEGER NOT NULL, user_id BIGINT NOT NULL, chat_id BIGINT NOT NULL, question TEXT NOT NULL,
    answer TEXT NOT NULL, covered BOOLEAN NOT NULL, unit_ids JSON NOT NULL, created_at DATETIME NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_questions_created_at ON questions (created_at);
CREATE INDEX ix_questions_user_id ON questions (user_id);
CREATE TABLE feedback (
    id INTEGER NOT NULL, question_id INTEGER NOT NULL, user_id BIGINT NOT NULL, question TEXT NOT NULL,
    answer TEXT NOT NULL, unit_ids JSON NOT NULL, vote INTEGER NOT NULL, created_at DATETIME NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_feedback_question_id ON feedback (question_id);
CREATE INDEX ix_feedback_created_at ON feedback (created_at);
CREATE INDEX ix_feedback_user_id ON feedback (user_id);
CREATE TABLE drafts (
    id INTEGER NOT NULL, user_id BIGINT NOT NULL, title VARCHAR(200) NOT NULL, data TEXT NOT NULL,
    finished BOOLEAN NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_drafts_user_id ON drafts (user_id);
"""

IN_PROGRESS = {"step": "facts", "history": ["award", "nominee"], "award": "cstdcs", "active": True,
               "nominees": [{"name": "Nguyễn Thị Lan", "birth_year": 1985}], "current": 0, "help": {}}
# Saved before input was cleaned: a .docx cannot carry the vertical tab, so "Hoàn tất" failed for good.
PASTED = {**IN_PROGRESS, "nominees": [{"name": "Trần\x0bVăn\u200b Nam", "birth_year": 1979}]}
FINISHED = {"step": "done", "history": [], "award": "ldtt", "active": False, "nominees": [], "current": 0,
            "help": {}}


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def todays_database(path: Path) -> None:
    """A database file as today's version leaves it: two drafts, a question and a vote."""
    connection = sqlite3.connect(path)
    connection.executescript(TODAYS_SCHEMA)
    stamp = "2026-11-20 08:00:00.000000"
    connection.executemany(
        "INSERT INTO drafts (id, user_id, title, data, finished, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
        [(1, 7, "CSTĐCS — Nguyễn Thị Lan", json.dumps(IN_PROGRESS, ensure_ascii=False), 0, stamp, stamp),
         (2, 7, "LĐTT", json.dumps(FINISHED), 1, stamp, stamp),
         (3, 8, "CSTĐCS — Trần\x0bVăn Nam", json.dumps(PASTED, ensure_ascii=False), 0, stamp, stamp)])
    connection.execute("INSERT INTO questions VALUES (1, 7, 7, 'Mức thưởng CSTĐCS?', 'Điều 23 ...', 1, "
                       "'[\"luat:d23\"]', ?)", (stamp,))
    connection.execute("INSERT INTO feedback VALUES (1, 1, 7, 'Mức thưởng CSTĐCS?', 'Điều 23 ...', '[\"luat:d23\"]', "
                       "1, ?)", (stamp,))
    connection.commit()
    connection.close()


def test_upgrade_of_todays_database_keeps_drafts_and_feedback(tmp_path: Path) -> None:
    path = tmp_path / "thiduabot.sqlite3"
    todays_database(path)
    storage = Storage(url_of(path))

    assert storage.load_draft(7, 1) == IN_PROGRESS
    assert storage.load_draft(7, 2) == FINISHED
    assert storage.load_draft(8, 3)["nominees"][0]["name"] == "Trần Văn Nam"
    assert storage.list_drafts(8)[0].title == "CSTĐCS — Trần Văn Nam"
    assert [(f.question_id, f.vote) for f in storage.feedback()] == [(1, 1)]
    assert storage.question(1).unit_ids == ["luat:d23"]

    # The state is in columns now, not in the JSON text.
    row = sqlite3.connect(path).execute("SELECT active, award, step, data FROM drafts WHERE id = 1").fetchone()
    assert row[:3] == (1, "cstdcs", "facts")
    assert not {"active", "award", "step"} & set(json.loads(row[3]))
    assert storage.active_draft(7).id == 1

    # Opening it again runs nothing twice and loses nothing.
    again = Storage(url_of(path))
    assert again.load_draft(7, 1) == IN_PROGRESS and len(again.feedback()) == 1


def test_draft_state_lives_in_columns(tmp_path: Path) -> None:
    storage = Storage(url_of(tmp_path / "db.sqlite3"))
    first = storage.save_draft(3, {**IN_PROGRESS, "active": True}, title="một")
    second = storage.save_draft(3, {**IN_PROGRESS, "active": True}, title="hai")
    assert storage.deactivate_drafts(3, keep=second) == 1
    assert storage.active_draft(3).id == second
    assert storage.load_draft(3, first)["active"] is False
    assert json.loads(storage.list_drafts(3)[0].data)["step"] == "facts"  # the old reading still works


def test_ids_are_never_reused_and_deleting_removes_the_documents(tmp_path: Path) -> None:
    storage = Storage(url_of(tmp_path / "db.sqlite3"))
    drafts_root = tmp_path / "drafts"
    first = storage.save_draft(9, {"step": "award"})
    second = storage.save_draft(9, {"step": "award"})
    output = drafts_root / "9" / f"ho-so-{second}"
    output.mkdir(parents=True)
    (output / "to-trinh.docx").write_bytes(b"Nguyen Thi Lan 1985")
    storage.save_draft(9, {"step": "done", "output": str(output)}, draft_id=second, finished=True)

    assert storage.delete_draft(9, second)
    assert not output.exists()
    assert (drafts_root / "9").is_dir()  # only the draft's own folder goes
    third = storage.save_draft(9, {"step": "award"})
    assert third not in (first, second) and third > second


def test_a_stored_output_path_cannot_delete_another_folder(tmp_path: Path) -> None:
    storage = Storage(url_of(tmp_path / "db.sqlite3"))
    elsewhere = tmp_path / "important"
    elsewhere.mkdir()
    draft = storage.save_draft(9, {"step": "done", "output": str(elsewhere)})
    assert storage.delete_draft(9, draft)
    assert elsewhere.is_dir()


def test_a_locked_database_does_not_hold_up_the_answer(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "db.sqlite3"
    storage = Storage(url_of(path))
    with sqlite_write_locked(path), caplog.at_level(logging.WARNING):
        started = time.monotonic()
        question_id = storage.log_question(7, 7, "Tiêu chuẩn Lao động tiên tiến là gì?", "Điều 24 ...", True, [])
        waited = time.monotonic() - started
    assert question_id is None
    assert waited < 2.0, f"logging waited {waited:.1f} s for the lock"
    assert "Lao động tiên tiến" not in caplog.text and "Điều 24" not in caplog.text
    assert storage.log_question(7, 7, "câu sau", "trả lời", True, []) is not None


def test_a_failing_write_is_logged_without_personal_data(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "db.sqlite3"
    storage = Storage(url_of(path))
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE questions")
    connection.commit()
    connection.close()
    with caplog.at_level(logging.DEBUG):
        assert storage.log_question(7, 7, "Bà Nguyễn Thị Lan có đủ điều kiện?", "Có", True, []) is None
    assert "Nguyễn Thị Lan" not in caplog.text


def test_a_corrupt_database_is_reported_at_start(tmp_path: Path) -> None:
    path = tmp_path / "thiduabot.sqlite3"
    path.write_bytes(b"this is not a database at all " * 200)
    with pytest.raises(ConfigError) as raised:
        Storage(url_of(path))
    message = str(raised.value)
    assert "DATABASE_URL" in message and "DATA_DIR" in message and str(path) in message
    assert "\n" not in message


def test_a_vote_counts_only_on_ones_own_question(tmp_path: Path) -> None:
    storage = Storage(url_of(tmp_path / "db.sqlite3"))
    asked = storage.log_question(1, 1, "câu hỏi", "trả lời", True, [])
    assert not storage.add_feedback(asked, 2, 1)
    assert not storage.add_feedback(asked, 1, 5)
    assert storage.add_feedback(asked, 1, -1)
    assert [(f.user_id, f.vote) for f in storage.feedback()] == [(1, -1)]


def test_a_second_process_waits_while_the_first_migrates(tmp_path: Path) -> None:
    """The bot and a console (or several workers) started at once each migrate a new file; without taking
    turns they collide ("table questions already exists": 7 of 20 processes, 4 at a time). The second waits."""
    path = tmp_path / "thiduabot.sqlite3"
    # The first process holds the lock while it migrates.
    storage = opened_after_lock(tmp_path / ".thiduabot.sqlite3.migrate-lock", lambda: Storage(url_of(path)))
    assert storage.log_question(1, 1, "q", "a", True, []) == 1


def test_a_migration_that_dies_half_way_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    from sqlalchemy import event

    from bot.storage import _sqlite_migration_engine, migrate

    path = tmp_path / "thiduabot.sqlite3"
    todays_database(path)
    before = sqlite3.connect(path).execute("SELECT id, data FROM drafts ORDER BY id").fetchall()
    engine = _sqlite_migration_engine(url_of(path))

    @event.listens_for(engine, "before_cursor_execute")
    def die_late(connection, cursor, statement, parameters, context, executemany) -> None:
        if statement.startswith("ALTER TABLE _alembic_tmp_questions"):  # the last table rebuilt by 0002
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError, match="killed"):
        migrate(engine)
    engine.dispose()
    connection = sqlite3.connect(path)
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"questions", "feedback", "drafts"}
    assert connection.execute("SELECT id, data FROM drafts ORDER BY id").fetchall() == before
    connection.close()
    assert Storage(url_of(path)).load_draft(7, 1) == IN_PROGRESS
