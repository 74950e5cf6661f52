"""What the bot keeps: questions asked, feedback, nomination drafts. SQLAlchemy, so SQLite by default and
PostgreSQL (DATABASE_URL) when several workers share it. The schema is created by the program itself."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Integer, String, Text, create_engine, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


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
    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[str] = mapped_column(Text, default="{}")
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class Storage:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url)
        Base.metadata.create_all(self.engine)

    def log_question(self, user_id: int, chat_id: int, question: str, answer: str, covered: bool,
                     unit_ids: list[str]) -> int:
        with Session(self.engine) as session:
            row = QuestionLog(user_id=user_id, chat_id=chat_id, question=question, answer=answer, covered=covered,
                              unit_ids=unit_ids)
            session.add(row)
            session.commit()
            return row.id

    def question(self, question_id: int) -> QuestionLog | None:
        with Session(self.engine) as session:
            return session.get(QuestionLog, question_id)

    def add_feedback(self, question_id: int, user_id: int, vote: int) -> bool:
        """Store a vote on an answer; a second vote by the same user replaces the first."""
        with Session(self.engine) as session:
            asked = session.get(QuestionLog, question_id)
            if asked is None:
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

    def feedback(self) -> list[Feedback]:
        with Session(self.engine) as session:
            return list(session.scalars(select(Feedback).order_by(Feedback.id)))

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

    # Nomination drafts: a user sees only their own.
    def save_draft(self, user_id: int, data: dict, draft_id: int | None = None, title: str = "",
                   finished: bool = False) -> int:
        with Session(self.engine) as session:
            draft = session.get(Draft, draft_id) if draft_id else None
            if draft is None or draft.user_id != user_id:
                draft = Draft(user_id=user_id)
                session.add(draft)
            draft.data, draft.title, draft.finished = json.dumps(data, ensure_ascii=False), title, finished
            draft.updated_at = _now()
            session.commit()
            return draft.id

    def load_draft(self, user_id: int, draft_id: int) -> dict | None:
        with Session(self.engine) as session:
            draft = session.get(Draft, draft_id)
            return json.loads(draft.data) if draft and draft.user_id == user_id else None

    def list_drafts(self, user_id: int) -> list[Draft]:
        with Session(self.engine) as session:
            query = select(Draft).where(Draft.user_id == user_id).order_by(Draft.updated_at.desc())
            return list(session.scalars(query))

    def delete_draft(self, user_id: int, draft_id: int) -> bool:
        with Session(self.engine) as session:
            draft = session.get(Draft, draft_id)
            if draft is None or draft.user_id != user_id:
                return False
            session.delete(draft)
            session.commit()
            return True
