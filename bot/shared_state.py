"""What several bot workers must agree on, kept in the database they share instead of in one process:
the per-user question rate, the query a follow-up builds on, an upload awaiting its admin's confirmation,
and the leases that let one refresh run
at a time across machines and tell a live worker from a dead one (a heartbeat renews them; a dead holder's
expires). With SQLite (one machine) the same tables serve one worker.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import BigInteger, DateTime, Integer, LargeBinary, String, Text, delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.engine.core import Turn
from bot.engine.follow_up import Query
from bot.storage import Base, Storage, _now
from ingest.refresh import RefreshBusy

log = logging.getLogger(__name__)

RATE_WINDOW = timedelta(seconds=60)
RATE_LOCK = 7310002  # the advisory lock class of the rate limit (migrations hold 7310001)
# A short follow-up ("còn tập thể thì sao?") builds on a question asked this recently, not on last week's.
FOLLOW_UP_WINDOW = timedelta(minutes=30)
# An upload waiting for its admin's "Thay thế" waits as long as a follow-up does: an answer later than that is
# no longer about the file just sent, so its bytes are dropped and the admin is asked to send it again.
PENDING_UPLOAD_WINDOW = FOLLOW_UP_WINDOW
# A lease is renewed by its holder's heartbeat every third of its length, so a holder that died (kill -9, a
# machine lost) frees it within LEASE_EXPIRY, and a refresh however long keeps it while it runs.
LEASE_EXPIRY = timedelta(seconds=30)


class RateEvent(Base):
    __tablename__ = "rate_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=_now, index=True)


class LastQuestion(Base):
    __tablename__ = "last_questions"
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    question: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    query: Mapped[str | None] = mapped_column(Text, nullable=True)  # the Query as JSON (migration 0007)


class PendingUpload(Base):
    __tablename__ = "pending_uploads"
    admin_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(300))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class Lease(Base):
    __tablename__ = "leases"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class SharedRateLimiter:
    """At most `per_minute` questions per user in any 60 seconds, counted over every worker."""

    def __init__(self, storage: Storage, per_minute: int) -> None:
        self.engine = storage.engine
        self.per_minute = per_minute

    def allow(self, user_id: int) -> bool:
        """One user's questions are counted one at a time: on PostgreSQL an advisory lock per user (two workers
        counting at once both saw 19 and let a 21st through); SQLite's first write (the delete) serializes."""
        now = _now()
        with Session(self.engine) as session, session.begin():
            if self.engine.dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:lock, :user)"),
                                {"lock": RATE_LOCK, "user": user_id % 2**31})
            session.execute(delete(RateEvent).where(RateEvent.at < now - RATE_WINDOW))
            recent = session.scalar(select(func.count()).select_from(RateEvent).where(RateEvent.user_id == user_id))
            if recent >= self.per_minute:
                return False
            session.add(RateEvent(user_id=user_id, at=now))
            return True


class SharedTurns:
    """The turn each user's follow-up builds on, as a mapping (get / set / pop) like the in-process one: the query
    it was read as and the text it searched for travel between workers (a row kept before queries were has only
    the text, read again by the engine)."""

    def __init__(self, storage: Storage) -> None:
        self.engine = storage.engine

    def get(self, user_id: int, default: Turn | None = None) -> Turn | None:
        with Session(self.engine) as session:
            row = session.get(LastQuestion, user_id)
            if row is None or row.updated_at < _now() - FOLLOW_UP_WINDOW:
                return default
            return Turn(row.question, query=_query(row.query))

    def __setitem__(self, user_id: int, turn: Turn) -> None:
        query = json.dumps(turn.query.to_dict(), ensure_ascii=False) if turn.query else None
        with Session(self.engine) as session, session.begin():
            row = session.get(LastQuestion, user_id)
            if row is None:
                session.add(LastQuestion(user_id=user_id, question=turn.question, query=query, updated_at=_now()))
            else:
                row.question, row.query, row.updated_at = turn.question, query, _now()

    def pop(self, user_id: int, default: Turn | None = None) -> Turn | None:
        turn = self.get(user_id)
        with Session(self.engine) as session, session.begin():
            session.execute(delete(LastQuestion).where(LastQuestion.user_id == user_id))
        return turn if turn is not None else default


def _query(kept: str | None) -> Query | None:
    """The Query a row keeps; None for a row without one, or one a name's erasure or a fault left unreadable (the
    engine then reads the turn's text again)."""
    try:
        data = json.loads(kept) if kept else None
        return Query.from_dict(data) if isinstance(data, dict) else None
    except (ValueError, TypeError, KeyError, AttributeError):  # unreadable, or of another shape than a Query's
        return None


@dataclass(frozen=True)
class ExpiredUpload:
    """What `pop` gives for an upload left unconfirmed past PENDING_UPLOAD_WINDOW: its name only, the bytes are
    gone, so the admin is told to send the file again instead of a button that silently does nothing."""

    name: str


class LocalPendingUploads:
    """Uploads waiting for their admin's confirmation in this process (set / pop / sweep), one per admin. An
    expired one keeps only its name (one small entry per admin at most), so a late "Thay thế" can say so."""

    def __init__(self) -> None:
        self._waiting: dict[int, tuple[float, str, bytes | None]] = {}

    @staticmethod
    def _expired(at: float) -> bool:
        return time.monotonic() - at >= PENDING_UPLOAD_WINDOW.total_seconds()

    def __setitem__(self, admin_id: int, upload: tuple[str, bytes]) -> None:
        self.sweep()
        self._waiting[admin_id] = (time.monotonic(), upload[0], upload[1])

    def pop(self, admin_id: int, default: tuple[str, bytes] | None = None) -> tuple[str, bytes] | ExpiredUpload | None:
        self.sweep()
        found = self._waiting.pop(admin_id, None)
        if found is None:
            return default
        at, name, data = found
        return ExpiredUpload(name) if data is None or self._expired(at) else (name, data)

    def sweep(self) -> int:
        """Drop the bytes of every expired upload; how many were dropped."""
        dropped = 0
        for admin_id, (at, name, data) in list(self._waiting.items()):
            if data is not None and self._expired(at):
                self._waiting[admin_id] = (at, name, None)
                dropped += 1
        return dropped


class SharedPendingUploads:
    """An upload waiting for its admin's confirmation (set / pop / sweep), so the confirmation may reach any
    worker; it expires as the local one does (the row keeps its name, its bytes are emptied)."""

    def __init__(self, storage: Storage) -> None:
        self.engine = storage.engine

    def __setitem__(self, admin_id: int, upload: tuple[str, bytes]) -> None:
        self.sweep()
        with Session(self.engine) as session, session.begin():
            session.execute(delete(PendingUpload).where(PendingUpload.admin_id == admin_id))
            session.add(PendingUpload(admin_id=admin_id, name=upload[0], data=upload[1], created_at=_now()))

    def pop(self, admin_id: int, default: tuple[str, bytes] | None = None) -> tuple[str, bytes] | ExpiredUpload | None:
        self.sweep()
        with Session(self.engine) as session, session.begin():
            row = session.get(PendingUpload, admin_id)
            if row is None:
                return default
            expired = row.created_at <= _now() - PENDING_UPLOAD_WINDOW
            upload = ExpiredUpload(row.name) if expired or not row.data else (row.name, row.data)
            session.delete(row)
            return upload

    def sweep(self) -> int:
        """Empty the bytes of every expired upload, whichever worker received it; how many were emptied."""
        with Session(self.engine) as session, session.begin():
            return session.execute(update(PendingUpload)
                                   .where(PendingUpload.created_at <= _now() - PENDING_UPLOAD_WINDOW,
                                          func.length(PendingUpload.data) > 0)
                                   .values(data=b"")).rowcount


def process_holder() -> str:
    """This process's name as a lease holder: host, pid and a random tag (a pid is reused after a restart)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def _dead_here(holder: str) -> bool:
    """Whether `holder` names a process of this machine that is gone: known at once, without waiting for its
    lease to expire (a bot restarted after kill -9 takes over what its predecessor left)."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Leases:
    """Named leases in the database, each held by one process anywhere and kept alive by its heartbeat."""

    def __init__(self, storage: Storage, holder: str, expiry: timedelta = LEASE_EXPIRY) -> None:
        self.engine = storage.engine
        self.holder = holder
        self.expiry = expiry

    def take(self, name: str) -> bool:
        """Take `name` if it is free, expired, or held by a process of this machine that died."""
        now = _now()
        with Session(self.engine) as session, session.begin():
            row = session.get(Lease, name)
            if row is not None and row.expires_at >= now and row.holder != self.holder and not _dead_here(row.holder):
                return False
            if row is not None:
                # Taken over in one conditional update: of two processes seeing it expired, one wins.
                return bool(session.execute(update(Lease).where(Lease.name == name, Lease.holder == row.holder,
                                                                Lease.expires_at == row.expires_at)
                                            .values(holder=self.holder, expires_at=now + self.expiry)).rowcount)
        try:
            with Session(self.engine) as session, session.begin():
                session.add(Lease(name=name, holder=self.holder, expires_at=now + self.expiry))
            return True
        except IntegrityError:  # another process took it in between
            return False

    def renew(self, name: str) -> bool:
        with Session(self.engine) as session, session.begin():
            return bool(session.execute(update(Lease).where(Lease.name == name, Lease.holder == self.holder)
                                        .values(expires_at=_now() + self.expiry)).rowcount)

    def release(self, name: str) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(delete(Lease).where(Lease.name == name, Lease.holder == self.holder))

    def alive(self, holder: str) -> bool:
        """Whether `holder` is a running worker: its "worker:" lease is current and it is not a dead process here."""
        if holder == self.holder:
            return True
        if _dead_here(holder):
            return False
        with Session(self.engine) as session:
            row = session.get(Lease, f"worker:{holder}")
            return row is not None and row.expires_at >= _now()

    @contextmanager
    def hold(self, name: str) -> Iterator[None]:
        """Hold `name` while the block runs, renewed by a heartbeat; RefreshBusy, not a wait, when it is held."""
        if not self.take(name):
            raise RefreshBusy("Đang có một lần cập nhật khác chạy (trên máy này hoặc máy khác); hãy thử lại sau.")
        stop = threading.Event()
        beating = threading.Thread(target=self._beat, args=(name, stop), daemon=True, name=f"lease-{name}")
        beating.start()
        try:
            yield
        finally:
            stop.set()
            beating.join()
            self.release(name)

    def _beat(self, name: str, stop: threading.Event) -> None:
        while not stop.wait(self.expiry.total_seconds() / 3):
            try:
                if not self.renew(name):
                    log.error("lease %s was lost (taken over after a missed heartbeat)", name)
            except Exception as exc:  # a database away for a moment: the next beat tries again
                log.warning("lease %s not renewed (%s)", name, type(exc).__name__)


class SharedState:
    def __init__(self, storage: Storage, expiry: timedelta = LEASE_EXPIRY) -> None:
        self.storage = storage  # its migrations (0004) made the tables
        self.leases = Leases(storage, process_holder(), expiry)

    @property
    def holder(self) -> str:
        return self.leases.holder

    def limiter(self, per_minute: int) -> SharedRateLimiter:
        return SharedRateLimiter(self.storage, per_minute)

    def turns(self) -> SharedTurns:
        return SharedTurns(self.storage)

    def pending_uploads(self) -> SharedPendingUploads:
        return SharedPendingUploads(self.storage)

    def lease(self, name: str) -> contextlib.AbstractContextManager[None]:
        """Hold `name` while the block runs; another holder anywhere gets RefreshBusy, not a wait."""
        return self.leases.hold(name)
