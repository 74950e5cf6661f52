"""The unit's registry: who was reviewed, what each review decided, and the titles each person holds (from the
sheets, the reviews' proposals and the decisions entered later). Tables made by migration 0005.

A unit belongs to the users who review it: the first to send a unit's sheet, and the colleagues they add. Only
they see its people. A review sent again for the same year replaces that year's, in one transaction; a sheet
that is refused never reaches here.

Consecutive years are counted from titles the registry holds: a title from a sheet or entered with its decision
counts; a review's proposal counts once a sheet keeps it or its decision number is entered (a proposal may be
turned down).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.review.judge import Review
from bot.review.sheet import Collective, Person, name_key
from bot.storage import Base
from ingest.vietnamese import fold_key

SOURCES = {"sheet": "danh sách gửi", "review": "đề nghị của đợt bình xét", "decision": "nhập từ quyết định"}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Unit(Base):
    __tablename__ = "review_units"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class Member(Base):
    __tablename__ = "review_members"
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)


class RegistryPerson(Base):
    __tablename__ = "review_people"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    collective: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class ReviewYear(Base):
    __tablename__ = "review_years"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, index=True)
    year: Mapped[int] = mapped_column(Integer)
    ratings: Mapped[dict] = mapped_column(JSON, default=dict)
    outcomes: Mapped[dict] = mapped_column(JSON, default=dict)


class HeldTitle(Base):
    __tablename__ = "review_titles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(Integer, index=True)
    year: Mapped[int] = mapped_column(Integer)
    award_id: Mapped[str] = mapped_column(String(100))
    decision: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(20))


class Run(Base):
    __tablename__ = "review_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, index=True)
    year: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(BigInteger)
    folder: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=_now)


class NotAMember(Exception):
    """The unit is another user's: its people are not shown to this one."""


@dataclass
class Record:
    """One person (or collective) as the registry holds them."""

    id: int
    unit: str
    name: str
    collective: bool
    details: dict
    years: dict[int, ReviewYear]
    titles: list[HeldTitle]


def person_details(row: Person | Collective) -> dict:
    if isinstance(row, Collective):
        return {"parent": row.parent, "size": row.size, "women": row.women}
    return {"gender": row.gender, "birth_year": row.birth_year, "position": row.position,
            "workplace": row.workplace, "kind": row.kind}


def counts(title: HeldTitle) -> bool:
    return title.source != "review" or bool(title.decision)


class Registry:
    def __init__(self, engine) -> None:
        self.engine = engine

    # Units and who may see them ---------------------------------------------------------------------------
    def unit_of(self, session: Session, user_id: int, name: str, parent: str, trusted: bool) -> Unit:
        """The unit named in a sheet: made for its first user, refused to users who are not its members."""
        unit = session.scalar(select(Unit).where(Unit.key == fold_key(name)))
        if unit is None:
            unit = Unit(key=fold_key(name), name=name, parent=parent)
            session.add(unit)
            session.flush()
            session.add(Member(unit_id=unit.id, user_id=user_id))
        elif not trusted and session.get(Member, (unit.id, user_id)) is None:
            raise NotAMember(unit.name)
        unit.parent = parent or unit.parent
        return unit

    def check_member(self, user_id: int, name: str, trusted: bool) -> None:
        with Session(self.engine) as session:
            unit = session.scalar(select(Unit).where(Unit.key == fold_key(name)))
            if unit is not None and not trusted and session.get(Member, (unit.id, user_id)) is None:
                raise NotAMember(unit.name)

    def units(self, user_id: int, trusted: bool) -> list[Unit]:
        with Session(self.engine) as session:
            query = select(Unit).order_by(Unit.name)
            if not trusted:
                query = query.join(Member, Member.unit_id == Unit.id).where(Member.user_id == user_id)
            return list(session.scalars(query))

    def add_member(self, user_id: int, unit_id: int, colleague: int) -> None:
        with Session(self.engine) as session:
            if session.get(Member, (unit_id, colleague)) is None:
                session.add(Member(unit_id=unit_id, user_id=colleague))
            session.commit()

    # What a review decided ------------------------------------------------------------------------------
    def history(self, user_id: int, name: str, trusted: bool, before: int) -> dict[str, dict[str, list[str]]]:
        """The titles that count, per person of the unit, for the years before `before`."""
        found: dict[str, dict[str, list[str]]] = {}
        with Session(self.engine) as session:
            unit = session.scalar(select(Unit).where(Unit.key == fold_key(name)))
            if unit is None or (not trusted and session.get(Member, (unit.id, user_id)) is None):
                return found
            query = (select(RegistryPerson.key, HeldTitle).join(HeldTitle, HeldTitle.person_id == RegistryPerson.id)
                     .where(RegistryPerson.unit_id == unit.id, HeldTitle.year < before))
            for key, title in session.execute(query):
                if counts(title):
                    found.setdefault(key, {}).setdefault(str(title.year), []).append(title.award_id)
        return found

    def save(self, user_id: int, trusted: bool, review: Review, folder: Path) -> list[str]:
        """Keep what the review decided, replacing the unit's earlier review of the same year; returns the
        folders of replaced results (to delete once this is committed)."""
        roster = review.roster
        with Session(self.engine) as session, session.begin():
            unit = self.unit_of(session, user_id, roster.unit, roster.parent, trusted)
            people = {(p.key, p.collective): p for p in session.scalars(select(RegistryPerson).where(
                RegistryPerson.unit_id == unit.id))}
            old = list(session.scalars(select(Run).where(Run.unit_id == unit.id, Run.year == roster.year)))
            ids = [p.id for p in people.values()]
            if ids:
                session.execute(delete(ReviewYear).where(ReviewYear.person_id.in_(ids),
                                                         ReviewYear.year == roster.year))
                session.execute(delete(HeldTitle).where(HeldTitle.person_id.in_(ids), HeldTitle.year == roster.year,
                                                        HeldTitle.source == "review"))
            for run in old:
                session.delete(run)
            titles = {(name_key(t.holder), t.year, t.award_id): t for t in roster.titles}
            existing = {(t.person_id, t.year, t.award_id): t for t in session.scalars(
                select(HeldTitle).where(HeldTitle.person_id.in_(ids)))} if ids else {}
            fresh = []
            for judged in review.judged:
                collective = isinstance(judged.row, Collective)
                key = name_key(judged.name)
                if (key, collective) not in people:
                    people[(key, collective)] = RegistryPerson(unit_id=unit.id, key=key, name=judged.name,
                                                               collective=collective)
                    fresh.append(people[(key, collective)])
            session.add_all(fresh)
            session.flush()  # one round for the ids of everyone new
            held_by: dict[str, list] = {}
            for (holder, year, award_id), title in titles.items():
                held_by.setdefault(holder, []).append((year, award_id, title))
            for judged in review.judged:
                key = name_key(judged.name)
                person = people[(key, isinstance(judged.row, Collective))]
                person.name, person.details, person.updated_at = judged.name, person_details(judged.row), _now()
                session.add(ReviewYear(person_id=person.id, year=roster.year, ratings=dict(judged.row.ratings),
                                       outcomes={o.award.id: o.standing for o in judged.outcomes}))
                for year, award_id, title in held_by.get(key, []):
                    held = existing.get((person.id, year, award_id))
                    if held is None:
                        held = HeldTitle(person_id=person.id, year=year, award_id=award_id, source="sheet")
                        session.add(held)
                        existing[(person.id, year, award_id)] = held
                    elif held.source == "review":
                        held.source = "sheet"
                    held.decision = title.decision or held.decision
                for outcome in judged.outcomes:
                    if outcome.standing == "propose" and (person.id, roster.year, outcome.award.id) not in existing:
                        session.add(HeldTitle(person_id=person.id, year=roster.year, award_id=outcome.award.id,
                                              source="review"))
            session.add(Run(unit_id=unit.id, year=roster.year, user_id=user_id, folder=str(folder)))
            return [run.folder for run in old if run.folder != str(folder)]

    # Looking up, correcting, deleting ------------------------------------------------------------------
    def find(self, user_id: int, trusted: bool, query: str) -> list[Record]:
        """People of the user's units whose name contains the query (diacritics and case aside)."""
        wanted = fold_key(query)
        units = {unit.id: unit.name for unit in self.units(user_id, trusted)}
        if not units or not wanted:
            return []
        with Session(self.engine) as session:
            rows = session.scalars(select(RegistryPerson).where(RegistryPerson.unit_id.in_(units))
                                   .order_by(RegistryPerson.name))
            matches = [row for row in rows if wanted in fold_key(row.name)]
            exact = [row for row in matches if fold_key(row.name) == wanted]
            return [self._record(session, row, units[row.unit_id]) for row in (exact or matches)[:20]]

    def _record(self, session: Session, row: RegistryPerson, unit: str) -> Record:
        years = {y.year: y for y in session.scalars(select(ReviewYear).where(ReviewYear.person_id == row.id))}
        titles = list(session.scalars(select(HeldTitle).where(HeldTitle.person_id == row.id)
                                      .order_by(HeldTitle.year, HeldTitle.award_id)))
        return Record(row.id, unit, row.name, row.collective, dict(row.details or {}), years, titles)

    def enter_title(self, record: Record, year: int, award_id: str, decision: str) -> None:
        """A title entered from its decision (or its decision number added to a proposal)."""
        with Session(self.engine) as session, session.begin():
            held = session.scalar(select(HeldTitle).where(HeldTitle.person_id == record.id, HeldTitle.year == year,
                                                          HeldTitle.award_id == award_id))
            if held is None:
                session.add(HeldTitle(person_id=record.id, year=year, award_id=award_id, decision=decision,
                                      source="decision"))
            else:
                held.decision, held.source = decision or held.decision, "decision"

    def remove_title(self, record: Record, year: int, award_id: str) -> bool:
        with Session(self.engine) as session, session.begin():
            removed = session.execute(delete(HeldTitle).where(HeldTitle.person_id == record.id,
                                                              HeldTitle.year == year,
                                                              HeldTitle.award_id == award_id)).rowcount
        return bool(removed)

    def delete(self, record: Record) -> list[str]:
        """The person and everything kept about them; the result folders that name them go too (returned, to
        delete once this is committed)."""
        with Session(self.engine) as session, session.begin():
            row = session.get(RegistryPerson, record.id)
            if row is None:
                return []
            years = list(record.years)
            runs = list(session.scalars(select(Run).where(Run.unit_id == row.unit_id, Run.year.in_(years)))) \
                if years else []
            session.execute(delete(HeldTitle).where(HeldTitle.person_id == row.id))
            session.execute(delete(ReviewYear).where(ReviewYear.person_id == row.id))
            for run in runs:
                session.delete(run)
            session.delete(row)
            return [run.folder for run in runs]

    # Next year's template --------------------------------------------------------------------------------
    def template_rows(self, unit_id: int) -> tuple[Unit, int | None, list[Record]]:
        """The unit, the year of its latest review, and who that review held (someone who has left since an
        earlier year is not carried forward)."""
        with Session(self.engine) as session:
            unit = session.get(Unit, unit_id)
            rows = session.scalars(select(RegistryPerson).where(RegistryPerson.unit_id == unit_id)
                                   .order_by(RegistryPerson.id))
            records = [self._record(session, row, unit.name) for row in rows]
        latest = max((year for record in records for year in record.years), default=None)
        return unit, latest, [record for record in records if latest in record.years]


def remove_folders(folders: list[str], root: Path) -> None:
    """Result folders under `root` only, whatever a row might say."""
    for folder in folders:
        path = Path(folder).resolve()
        if path.is_dir() and root.resolve() in path.parents:
            shutil.rmtree(path, ignore_errors=True)
