"""No answer lost to a crash: questions received and answers not yet delivered are kept in the database.

- inbox: a question is written down when it arrives (keyed by Telegram's update id, so an update delivered twice
  is answered once) and marked answered, its text emptied, in the same transaction that puts the answer in the
  outbox;
- outbox: every message of an answer waits there until Telegram accepted it, then is deleted.

A bot restarted after kill -9 (or a surviving worker, once a dead one's lease expired) answers the questions left
in the inbox and sends what is left in the outbox (`orphans`). The answer never waits for this: each call is given
DB_TIMEOUT seconds, and a database that is down or paused only costs the answer its durability.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, String, Text, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.shared_state import Leases
from bot.storage import Base, Storage, _now

log = logging.getLogger(__name__)

# Answered inbox rows are kept this long (text emptied) so that an update delivered again is recognised.
ANSWERED_KEPT = timedelta(days=1)


class InboxItem(Base):
    __tablename__ = "inbox"
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    private: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    holder: Mapped[str] = mapped_column(String(200))
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class OutboxItem(Base):
    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    holder: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # "message" (HTML) or "document" (a path)
    body: Mapped[str] = mapped_column(Text)
    markup: Mapped[str] = mapped_column(Text, default="")  # the inline keyboard as Telegram's JSON
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


@dataclass(frozen=True)
class Part:
    """One message to deliver: HTML text with its keyboard, or a file. `id` is its outbox row (None: not kept)."""

    chat_id: int
    kind: str
    body: str
    markup: dict | None = None
    id: int | None = None


@dataclass(frozen=True)
class Question:
    update_id: int
    user_id: int
    chat_id: int
    private: bool
    name: str
    text: str


class Mailroom:
    def __init__(self, storage: Storage, leases: Leases) -> None:
        self.engine = storage.quick_engine  # a busy SQLite file fails fast instead of holding the answer
        self.leases = leases
        self.answering: set[int] = set()  # update ids this process is answering now
        self.sending: set[int] = set()  # outbox ids this process is sending now
        self._lock = threading.Lock()  # a row is marked busy before `orphans` can see it committed

    @property
    def holder(self) -> str:
        return self.leases.holder

    def heartbeat(self) -> None:
        """Tell the other workers this one is alive (its "worker:" lease), and drop old answered inbox rows."""
        name = f"worker:{self.holder}"
        if not self.leases.renew(name):
            self.leases.take(name)
        with Session(self.engine) as session, session.begin():
            session.execute(delete(InboxItem).where(InboxItem.answered.is_(True),
                                                    InboxItem.received_at < _now() - ANSWERED_KEPT))

    def received(self, question: Question) -> bool:
        """Write a question down; False when this update was received before (a redelivery)."""
        with self._lock:
            try:
                with Session(self.engine) as session, session.begin():
                    session.add(InboxItem(update_id=question.update_id, user_id=question.user_id,
                                          chat_id=question.chat_id, private=question.private, name=question.name,
                                          text=question.text, holder=self.holder))
            except IntegrityError:
                return False
            self.answering.add(question.update_id)
            return True

    def answered(self, update_id: int | None, parts: list[Part]) -> list[Part]:
        """Put an answer's parts in the outbox and mark its question answered, in one transaction; the parts
        come back with their outbox ids."""
        with self._lock, Session(self.engine) as session, session.begin():
            rows = [OutboxItem(chat_id=part.chat_id, holder=self.holder, kind=part.kind, body=part.body,
                               markup=json.dumps(part.markup) if part.markup else "") for part in parts]
            session.add_all(rows)
            if update_id is not None:
                session.execute(update(InboxItem).where(InboxItem.update_id == update_id)
                                .values(answered=True, text="", name=""))
            session.flush()
            kept = [Part(part.chat_id, part.kind, part.body, part.markup, row.id)
                    for part, row in zip(parts, rows, strict=True)]
            self.sending.update(part.id for part in kept)
            self.answering.discard(update_id)
        return kept

    def sent(self, part: Part) -> None:
        if part.id is None:
            return
        with Session(self.engine) as session, session.begin():
            session.execute(delete(OutboxItem).where(OutboxItem.id == part.id))
        self.sending.discard(part.id)

    def given_up(self, part: Part) -> None:
        """A part this process stops sending for now: the next `orphans` offers it again."""
        self.sending.discard(part.id)

    def orphans(self) -> tuple[list[Question], list[Part]]:
        """Questions not answered and parts not delivered whose holder is dead, or this process when it is not
        working on them: claimed for this process and returned, oldest first."""
        questions, parts = [], []
        with self._lock, Session(self.engine) as session, session.begin():
            for row in session.scalars(select(InboxItem).where(InboxItem.answered.is_(False))
                                       .order_by(InboxItem.update_id)):
                if self._orphaned(row.holder, row.update_id, self.answering) and self._claim(session, InboxItem,
                                                                                              row):
                    questions.append(Question(row.update_id, row.user_id, row.chat_id, row.private, row.name,
                                              row.text))
            for row in session.scalars(select(OutboxItem).order_by(OutboxItem.id)):
                if self._orphaned(row.holder, row.id, self.sending) and self._claim(session, OutboxItem, row):
                    parts.append(Part(row.chat_id, row.kind, row.body, json.loads(row.markup) if row.markup else None,
                                      row.id))
            self.answering.update(question.update_id for question in questions)
            self.sending.update(part.id for part in parts)
        return questions, parts

    def _orphaned(self, holder: str, key: int, busy: set[int]) -> bool:
        return key not in busy if holder == self.holder else not self.leases.alive(holder)

    def _claim(self, session: Session, table, row) -> bool:
        """Take a row over in one conditional update: of two workers claiming it, one wins."""
        key = table.update_id if table is InboxItem else table.id
        value = row.update_id if table is InboxItem else row.id
        return bool(session.execute(update(table).where(key == value, table.holder == row.holder)
                                    .values(holder=self.holder)).rowcount)
