"""What the bot keeps: questions asked, feedback, nomination drafts. SQLAlchemy, so SQLite by default and
PostgreSQL (DATABASE_URL) when several workers share it. The schema is created and migrated by the program
itself (Alembic revisions in bot/migrations), at start.

Faults are kept away from the answers: logging a question waits a fraction of a second for a busy database and
then gives up (the answer matters more than the statistic); errors are logged without the question, the answer
or any name (SQL parameters are hidden).
"""

from __future__ import annotations

import fcntl
import json
import logging
import re
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Engine,
    Integer,
    String,
    Text,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from bot.settings import ConfigError
from ingest.faults import fault_text
from ingest.vietnamese import fold

log = logging.getLogger(__name__)
T = TypeVar("T")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE_REVISION = "0001"  # the schema `create_all` made before migrations existed
# Seconds a question log or the mailroom (bot/mailroom.py) waits for a database another process holds; then it
# gives up (the answer matters more).
QUICK_BUSY_TIMEOUT = 0.5
BUSY_TIMEOUT = 5.0
# Seconds any call on the database may take (a server paused with SIGSTOP never answers); past it the caller
# hears DatabaseUnavailable, and every call fails at once for DOWN_FOR seconds instead of waiting again.
DB_WAIT = BUSY_TIMEOUT + 1.0
QUICK_WAIT = 1.0  # for what only helps an answer (the rate limit, the follow-up, the question log)
DOWN_FOR = 10.0
UNLOGGED_KEPT = 1000  # questions answered while the database was away, logged when it returns
DRAFT_STATE = ("active", "award", "step")
ERASED = "[đã xóa]"
# Where a user's words are kept: (table, primary key, the column naming the user, the text columns). The outbox
# is addressed to a chat, which is the user's own in a private chat, where nominations are made.
ERASABLE = (("questions", "id", "user_id", ("question", "answer")),
            ("feedback", "id", "user_id", ("question", "answer")),
            ("last_questions", "user_id", "user_id", ("question", "query")),
            ("inbox", "update_id", "user_id", ("text",)),
            ("outbox", "id", "chat_id", ("body",)))
ERASABLE_NAMES = [name for name, *_ in ERASABLE]
# The nominee fields that name a person (a collective's name does not).
PERSON_FIELDS = ("name", "household_head")


class DatabaseUnavailable(Exception):
    """The database failed or did not answer in time; the message says why in Vietnamese."""


def bounded(method: Callable[..., T]) -> Callable[..., T]:
    """A Storage method run through `within`."""

    @wraps(method)
    def run(self: Storage, *args, **kwargs):
        return self.within(method, self, *args, **kwargs)

    return run


def personal_names(session: dict) -> list[str]:
    """The names of the people a wizard session nominates."""
    return [str(nominee[field]) for nominee in session.get("nominees") or [] for field in PERSON_FIELDS
            if nominee.get(field)]


# A kept follow-up query (JSON) holds the person's words only in these fields; its award ids ("ho-chi-minh") and
# kinds are no one's name and stay.
QUERY_WORDS = ("text", "topic", "facts")


def _erased(column: str, value: str, pattern: re.Pattern) -> str:
    """`value` with every name `pattern` finds replaced by ERASED; in a kept query, only in the person's words."""
    if column != "query":
        return pattern.sub(ERASED, value)
    try:
        data = json.loads(value)
    except ValueError:
        return pattern.sub(ERASED, value)
    if not isinstance(data, dict):
        return pattern.sub(ERASED, value)
    for field in QUERY_WORDS:
        held = data.get(field)
        if isinstance(held, str):
            data[field] = pattern.sub(ERASED, held)
        elif isinstance(held, list):
            data[field] = [pattern.sub(ERASED, item) if isinstance(item, str) else item for item in held]
    return json.dumps(data, ensure_ascii=False)


MAX_ID = 2**63 - 1  # the largest id a database column holds
ID_RE = re.compile(r"[0-9]{1,19}")


def record_id(text: str) -> int | None:
    """A record's number as a person typed it or a button carries it ("12"), or None when it cannot be one:
    not ASCII digits ("²", "٣", "2^66"), zero, or past 64 bits. Checked before it reaches a handler or the
    database, where such a number would raise."""
    text = text.strip()
    if not ID_RE.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """The mapping; the tables themselves are made by the migrations (ids AUTOINCREMENT on SQLite)."""


class QuestionLog(Base):
    __tablename__ = "questions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    covered: Mapped[bool] = mapped_column(Boolean)
    unit_ids: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now, index=True)


class Feedback(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(Integer, index=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    unit_ids: Mapped[list] = mapped_column(JSON, default=list)
    vote: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now, index=True)


class Draft(Base):
    """A nomination draft: its state in columns, the rest of the wizard's session as JSON."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column("data", Text, default="{}")
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    award: Mapped[str | None] = mapped_column(String(100), nullable=True)
    step: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=_now)

    @property
    def session(self) -> dict:
        """The wizard's session as it was saved, state included."""
        return {**json.loads(self.body or "{}"), "active": self.active, "award": self.award, "step": self.step}

    @property
    def data(self) -> str:
        """The session as JSON text (what callers read before the state moved into columns)."""
        return json.dumps(self.session, ensure_ascii=False)


@contextmanager
def _one_migration_at_a_time(engine: Engine) -> Iterator[None]:
    """Processes starting together (the bot and a console, several workers) migrate one after another; the
    later ones then find the schema current. A file lock beside an SQLite file; PostgreSQL locks in migrate."""
    path = _sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is None:
        yield
        return
    with open(path.with_name(f".{path.name}.migrate-lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision. A database made before migrations existed is stamped with
    the baseline first, so its rows are kept and only the later revisions run."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _one_migration_at_a_time(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7310001)")  # held until the commit
        config.attributes["connection"] = connection
        tables = set(inspect(connection).get_table_names())
        if "alembic_version" not in tables and "drafts" in tables:
            command.stamp(config, BASELINE_REVISION)
        command.upgrade(config, "head")


def _sqlite_path(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def _sqlite_migration_engine(url: str) -> Engine:
    """An engine whose transactions hold DDL too: left to itself, Python's sqlite3 commits a CREATE TABLE on
    its own, and a process killed in the middle of a table rebuild would leave a half-migrated file."""
    engine = create_engine(url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT})

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _sqlite_engine(url: str, timeout: float) -> Engine:
    engine = create_engine(url, hide_parameters=True, connect_args={"timeout": timeout})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        # WAL: readers (the source buttons, the wizard) are not blocked while another process writes.
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL never corrupts the file (a power cut may forget the last commits); commits stop
        # waiting for the disk, so the write lock is held for far less time under load.
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        # What is deleted is overwritten, not left in free pages: an erased name must not stay in the file.
        dbapi_connection.execute("PRAGMA secure_delete=ON")

    return engine


def _server_timeouts(url: str) -> dict:
    """PostgreSQL gives up on a connection, a statement, a lock or a pooled connection after BUSY_TIMEOUT (a
    paused server is caught by `within`)."""
    if not url.startswith("postgresql"):
        return {}
    milliseconds = int(BUSY_TIMEOUT * 1000)
    return {"pool_timeout": BUSY_TIMEOUT, "connect_args": {
        "connect_timeout": int(BUSY_TIMEOUT),
        "options": f"-c statement_timeout={milliseconds} -c lock_timeout={milliseconds}"}}


class Storage:
    down_until = 0.0  # time.monotonic() until which the database is taken as unavailable
    down_reason = ""
    wait = DB_WAIT  # what `within` gives a call by default

    def within(self, call: Callable[..., T], *args, wait: float | None = None, **kwargs) -> T:
        """`call` in a thread of its own, given `wait` seconds (default `self.wait`); DatabaseUnavailable (with
        the reason in Vietnamese) on a timeout or a database error. After a timeout, calls fail at once for
        DOWN_FOR s."""
        wait = self.wait if wait is None else wait
        if time.monotonic() < self.down_until:
            raise DatabaseUnavailable(self.down_reason)
        if self.engine.url.database in (None, "", ":memory:"):  # in memory: one connection per thread, never slow
            return call(*args, **kwargs)
        outcome: list = []

        def run() -> None:
            try:
                outcome.append((True, call(*args, **kwargs)))
            except BaseException as exc:  # handed to the caller's thread
                outcome.append((False, exc))

        worker = threading.Thread(target=run, daemon=True, name="database")  # daemon: a stuck one never blocks exit
        worker.start()
        worker.join(wait)
        if not outcome:
            self.down_until, self.down_reason = time.monotonic() + DOWN_FOR, fault_text(TimeoutError())
            log.error("the database did not answer in %.1f s", wait)
            raise DatabaseUnavailable(self.down_reason)
        succeeded, value = outcome[0]
        if succeeded:
            return value
        if isinstance(value, SQLAlchemyError | OSError):
            log.warning("database call failed: %s", type(value).__name__)
            raise DatabaseUnavailable(fault_text(value)) from None
        raise value

    def __init__(self, url: str) -> None:
        """Open the database and migrate it to the newest schema; a file that is not a usable database is
        a ConfigError at start, naming the setting, instead of a failure on every question."""
        self._unlogged: deque[dict] = deque(maxlen=UNLOGGED_KEPT)
        path = _sqlite_path(url)
        where = f"tệp {path}" if path else "DATABASE_URL"
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.engine = _sqlite_engine(url, BUSY_TIMEOUT)
                self.quick_engine = _sqlite_engine(url, QUICK_BUSY_TIMEOUT)
                with self.engine.connect() as connection:
                    if connection.execute(text("PRAGMA quick_check")).scalar() != "ok":
                        raise ConfigError(f"Cơ sở dữ liệu ({where}) bị hỏng; hãy kiểm tra DATA_DIR / DATABASE_URL "
                                          "hoặc khôi phục từ bản sao lưu.")
            else:
                self.engine = self.quick_engine = create_engine(url, hide_parameters=True, pool_pre_ping=True,
                                                                **_server_timeouts(url))
            if path is not None:
                migrating = _sqlite_migration_engine(url)
                try:
                    migrate(migrating)
                finally:
                    migrating.dispose()
            else:
                migrate(self.engine)
        except ConfigError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            reason = getattr(exc, "orig", None) or exc
            raise ConfigError(f"Không mở được cơ sở dữ liệu ({where}): {type(reason).__name__}: "
                              f"{str(reason).splitlines()[0][:200]}; hãy kiểm tra DATA_DIR / DATABASE_URL.") from None

    def log_question(self, user_id: int, chat_id: int, question: str, answer: str, covered: bool,
                     unit_ids: list[str]) -> int | None:
        """Record a question, given QUICK_WAIT seconds; None when the database is busy, failing or away, and then
        the record waits in memory (up to UNLOGGED_KEPT) for the next one that succeeds. Never raises: an answer
        must reach the user even when its statistic cannot be kept now."""
        fields = {"user_id": user_id, "chat_id": chat_id, "question": question, "answer": answer,
                  "covered": covered, "unit_ids": unit_ids, "created_at": _now()}
        try:
            return self.within(self._insert_questions, fields, wait=QUICK_WAIT)
        except DatabaseUnavailable as exc:
            self._unlogged.append(fields)
            log.warning("question not logged yet: %s", exc)
            return None

    def _insert_questions(self, fields: dict) -> int:
        """This question and those waiting in memory, in one transaction; the id of this one."""
        waiting = list(self._unlogged)
        with Session(self.quick_engine) as session:
            rows = [QuestionLog(**row) for row in [*waiting, fields]]
            session.add_all(rows)
            session.commit()
            for _ in waiting:
                self._unlogged.popleft()
            return rows[-1].id

    @bounded
    def question(self, question_id: int) -> QuestionLog | None:
        try:
            with Session(self.engine) as session:
                return session.get(QuestionLog, question_id)
        except (SQLAlchemyError, OverflowError) as exc:  # OverflowError: an id past 64 bits, from a forged button
            log.warning("question %s not read: %s", question_id, type(exc).__name__)
            return None

    @bounded
    def add_feedback(self, question_id: int, user_id: int, vote: int) -> bool:
        """Store a vote on one's own answer; a second vote replaces the first. False for another user's
        question, an unknown one or a vote that is not 1 / -1."""
        if vote not in (1, -1) or not 0 < question_id <= MAX_ID:
            return False
        with Session(self.engine) as session:
            asked = session.get(QuestionLog, question_id)
            if asked is None or asked.user_id != user_id:
                return False
            existing = session.scalar(select(Feedback).where(Feedback.question_id == question_id,
                                                             Feedback.user_id == user_id))
            if existing:
                existing.vote, existing.created_at = vote, _now()
            else:
                session.add(Feedback(question_id=question_id, user_id=user_id, question=asked.question,
                                     answer=asked.answer, unit_ids=asked.unit_ids, vote=vote))
            session.commit()
            return True

    @bounded
    def feedback(self) -> list[Feedback]:
        with Session(self.engine) as session:
            return list(session.scalars(select(Feedback).order_by(Feedback.id)))

    @bounded
    def stats(self, days: int) -> dict[str, Any]:
        since = _now() - timedelta(days=days)
        with Session(self.engine) as session:
            asked = session.scalar(select(func.count()).select_from(QuestionLog).where(QuestionLog.created_at >= since))
            refused = list(session.scalars(select(QuestionLog.question).where(
                QuestionLog.created_at >= since, QuestionLog.covered.is_(False)).order_by(QuestionLog.id.desc())))
            votes = dict(session.execute(select(Feedback.vote, func.count()).where(Feedback.created_at >= since)
                                         .group_by(Feedback.vote)).all())
        return {"questions": asked or 0, "not_covered": len(refused), "not_covered_examples": refused[:5],
                "up": votes.get(1, 0), "down": votes.get(-1, 0)}

    def erase(self, user_id: int | None, names: list[str]) -> int:
        """Replace each name (with or without diacritics, any case) by ERASED in everything kept of the user's
        questions, answers, feedback, follow-ups and mail (everyone's when `user_id` is None: then only names of
        two words or more, so a lone given name does not erase everyone's words), then leave no copy behind:
        SQLite overwrites what it frees (secure_delete) and its WAL is checkpointed and truncated; PostgreSQL
        vacuums the tables. How many rows changed."""
        shortest = 2 if user_id is None else 1
        names = [name for name in {*names, *(fold(name) for name in names)}
                 if len(name.strip()) > 1 and len(name.split()) >= shortest]
        if not names:
            return 0
        pattern = re.compile("|".join(re.escape(name) for name in sorted(names, key=len, reverse=True)),
                             re.IGNORECASE)
        changed = 0
        with self.engine.begin() as connection:
            tables = set(inspect(connection).get_table_names())
            for name, key, owner, columns in ERASABLE:
                if name not in tables:
                    continue
                table = sql_table(name, *(sql_column(c) for c in (key, owner, *columns)))
                query = select(table) if user_id is None else select(table).where(table.c[owner] == user_id)
                for row in connection.execute(query).mappings():
                    values = {c: _erased(c, row[c], pattern) for c in columns if row[c] and pattern.search(row[c])}
                    if values:
                        connection.execute(update(table).where(table.c[key] == row[key]).values(**values))
                        changed += 1
        self._forget_freed(ERASABLE_NAMES)
        return changed

    def _forget_freed(self, tables: list[str]) -> None:
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        elif self.engine.dialect.name == "postgresql":
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                for name in ["drafts", *tables]:
                    connection.exec_driver_sql(f"VACUUM {name}")

    # Nomination drafts: a user sees only their own.
    @bounded
    def save_draft(self, user_id: int, data: dict, draft_id: int | None = None, title: str = "",
                   finished: bool = False) -> int:
        """Save a session; its `active`, `award` and `step` go to their columns, the rest to JSON."""
        body = {key: value for key, value in data.items() if key not in DRAFT_STATE}
        with Session(self.engine) as session:
            draft = session.get(Draft, draft_id) if draft_id else None
            if draft is None or draft.user_id != user_id:
                draft = Draft(user_id=user_id)
                session.add(draft)
            draft.body, draft.title, draft.finished = json.dumps(body, ensure_ascii=False), title, finished
            draft.active, draft.award = bool(data.get("active")), data.get("award") or None
            draft.step = str(data.get("step") or "")
            draft.updated_at = _now()
            session.commit()
            return draft.id

    @bounded
    def load_draft(self, user_id: int, draft_id: int) -> dict | None:
        with Session(self.engine) as session:
            draft = session.get(Draft, draft_id)
            return draft.session if draft and draft.user_id == user_id else None

    @bounded
    def list_drafts(self, user_id: int) -> list[Draft]:
        with Session(self.engine) as session:
            query = select(Draft).where(Draft.user_id == user_id).order_by(Draft.updated_at.desc())
            return list(session.scalars(query))

    @bounded
    def active_draft(self, user_id: int) -> Draft | None:
        """The user's draft in progress (active and not finished), read from the state columns."""
        with Session(self.engine) as session:
            query = (select(Draft).where(Draft.user_id == user_id, Draft.active.is_(True), Draft.finished.is_(False))
                     .order_by(Draft.updated_at.desc()).limit(1))
            return session.scalar(query)

    @bounded
    def deactivate_drafts(self, user_id: int, keep: int | None = None) -> int:
        """Mark every active draft of the user but `keep` inactive, in one statement; returns how many."""
        with Session(self.engine) as session:
            query = update(Draft).where(Draft.user_id == user_id, Draft.active.is_(True))
            if keep is not None:
                query = query.where(Draft.id != keep)
            changed = session.execute(query.values(active=False)).rowcount
            session.commit()
            return changed

    @bounded
    def delete_draft(self, user_id: int, draft_id: int) -> bool:
        """Delete a draft, the documents generated for it and every mention of its nominees' names in what the
        user asked (they carry personal data)."""
        with Session(self.engine) as session:
            draft = session.get(Draft, draft_id)
            if draft is None or draft.user_id != user_id:
                return False
            body = json.loads(draft.body or "{}")
            output = body.get("output")
            session.delete(draft)
            session.commit()
        self.erase(user_id, personal_names(body))
        if output:
            folder = Path(output)
            # Only the folder the wizard made for this very draft, whatever else the JSON might say.
            if folder.name == f"ho-so-{draft_id}" and folder.parent.name == str(user_id) and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)
        return True
