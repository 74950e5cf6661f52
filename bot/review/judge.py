"""Every row of a review judged by the nomination rules: the same `Rules.evaluate` and the same standing
(propose / reject / incomplete / defer) the wizard gives, over facts built the way the wizard stores them.

Per person, every award of the catalogue that applies to their kind of nominee; per collective, every award for
a collective. What the law sets for the unit as a whole (knowledge/review.yaml) is applied over the results:
women first among people equally eligible (khoản 6 Điều 4 Nghị định 152/2025/NĐ-CP); what it lacks is named.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.nomination.authority import in_force
from bot.nomination.catalogue import Award, Catalogue, Cite, Rule
from bot.nomination.eligibility import RATING_LEVELS, Rules, Verdict
from bot.nomination.facts import plain
from bot.nomination.verdict import COUNCIL
from bot.nomination.wizard import standing
from bot.review.sheet import Collective, Person, Roster, name_key
from ingest.units import same_place
from ingest.vietnamese import nfc

STATUS = {"propose": "Đủ", "reject": "Chưa đủ", "incomplete": "Cần thêm thông tin", "defer": "Chưa đề nghị"}
LDTT, CSTDCS = "lao-dong-tien-tien", "chien-si-thi-dua-co-so"


def award_label(award: Award) -> str:
    """An award's name in a result: a collective's Giấy khen is told apart from a person's."""
    return f"{award.short} (tập thể)" if award.collective and award.for_whom != "tập thể" else award.short


@dataclass
class UnitRules:
    women: Rule
    collective_share: int
    missing: list[str]

    @classmethod
    def load(cls, path: Path) -> UnitRules:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        women = raw["women_priority"]
        cite = women["cite"]
        rule = Rule(nfc(women["text"]), Cite(cite["doc"], str(cite["article"]), str(cite.get("clause", ""))))
        return cls(rule, int(women["collective_share"]), [nfc(line) for line in raw.get("missing", [])])


@dataclass
class Outcome:
    award: Award
    verdict: Verdict
    standing: str
    notes: list[str] = field(default_factory=list)
    first: bool = False  # to be chosen first among those equally eligible (khoản 6 Điều 4 Nghị định 152/2025)

    @property
    def status(self) -> str:
        return STATUS[self.standing]


@dataclass
class Judged:
    row: Person | Collective
    facts: dict
    outcomes: list[Outcome]
    women_first: bool  # a woman, or a collective with at least the share of women the rule names
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.row.name

    def outcome(self, award_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.award.id == award_id), None)


@dataclass
class Review:
    roster: Roster
    people: list[Judged]
    collectives: list[Judged]
    notes: list[str]

    @property
    def judged(self) -> list[Judged]:
        return [*self.people, *self.collectives]


class Judge:
    def __init__(self, catalogue: Catalogue, rules: Rules, unit_rules: UnitRules, province: str) -> None:
        self.catalogue = catalogue
        self.rules = rules
        self.unit_rules = unit_rules
        self.province = province
        # One column of the sheet confirms every judgement the unit makes (the spirit, the movement, unity…).
        self.confirm_ids = sorted({rule.id for award in catalogue.awards.values() for rule in award.rules()
                                   if "confirm" in rule.check})

    def awards_for(self, kind: str, profile: dict | None = None) -> list[Award]:
        """Every award of the catalogue this kind of nominee can receive, as it applies to them (a teacher is
        also a civil servant), decided by whom the law gives it today for the unit in `profile` (a commune's)."""
        kinds = [kind, "can-bo"] if kind == "nha-giao" else [kind]
        found = []
        for award in self.catalogue.awards.values():
            usable = next((k for k in kinds if k in award.nominees), None)
            if usable:
                found.append(in_force(award.for_nominee(usable), self.rules.documents, profile))
        return found

    def judge(self, roster: Roster, history: dict[str, dict[str, list[str]]]) -> Review:
        """`history`: titles the registry holds per person (name_key -> year -> award ids), before the year."""
        held: dict[str, dict[str, list[str]]] = {}
        for key, years in history.items():
            for year, ids in years.items():
                held.setdefault(key, {}).setdefault(year, []).extend(ids)
        for title in roster.titles:
            held.setdefault(name_key(title.holder), {}).setdefault(str(title.year), []).append(title.award_id)
        titles = {key: {year: sorted(set(ids)) for year, ids in years.items()} for key, years in held.items()}
        profile = {"unit": roster.unit, "parent": roster.parent}
        people = [self._person(person, roster.year, titles.get(name_key(person.name), {}), profile)
                  for person in roster.people]
        collectives = [self._collective(collective, roster.year, titles.get(name_key(collective.name), {}), people,
                                        profile) for collective in roster.collectives]
        review = Review(roster, people, collectives, [])
        review.notes = self._unit_notes(review)
        return review

    # Facts ------------------------------------------------------------------------------------------------
    def _common(self, row: Person | Collective, year: int, titles: dict[str, list[str]]) -> dict:
        return {"year": year, "ratings": dict(row.ratings), "titles": titles, "discipline": row.pending,
                "confirm": dict.fromkeys(self.confirm_ids, row.confirmed)}

    def person_facts(self, person: Person, year: int, titles: dict[str, list[str]]) -> dict:
        """The facts the wizard would hold for this person, from their row."""
        facts = self._common(person, year, titles)
        facts |= {"nominee_kind": person.kind, "initiative": person.initiative, "disciplined_in": person.penalty}
        if person.initiative_count is not None:
            facts["initiative_count"] = person.initiative_count
        elif person.initiative == "khong":
            facts["initiative_count"] = 0
        if person.teaching_years is not None:
            facts["teaching_years"] = person.teaching_years
        if "thai san" in plain(person.leave):
            facts["maternity"] = [year]
        return facts

    def _person(self, person: Person, year: int, titles: dict[str, list[str]], profile: dict) -> Judged:
        facts = self.person_facts(person, year, titles)
        unruled = [item.lacks for item in self.catalogue.unruled if person.leave and item.told_in(person.leave)]
        outcomes = []
        for award in self.awards_for(person.kind, profile):
            outcome = self._outcome(award, facts)
            if unruled:
                if outcome.standing == "propose":
                    outcome.standing = "incomplete"
                outcome.notes.append(f"Nghỉ “{person.leave}”: cơ sở tri thức chưa có {'; '.join(unruled)} — hãy đối "
                                     "chiếu quy định hiện hành trước khi đề nghị")
            outcomes.append(outcome)
        notes = []
        if facts.get("maternity") and "maternity" in self.catalogue.principles:
            rule = self.catalogue.principles["maternity"]
            notes.append(f"{rule.text} ({rule.cite.label(self.rules.documents)})")
        return Judged(person, facts, outcomes, person.gender == "Nữ", notes)

    def _outcome(self, award: Award, facts: dict) -> Outcome:
        verdict = self.rules.evaluate(award, facts)
        outcome = Outcome(award, verdict, standing(verdict))
        if outcome.standing == "propose" and any(f.rule.check.get("council") for f in verdict.findings):
            outcome.notes.append(COUNCIL[0].upper() + COUNCIL[1:])
        return outcome

    def collective_facts(self, collective: Collective, year: int, titles: dict[str, list[str]],
                         members: list[Judged]) -> tuple[dict, list[str]]:
        """The collective's own row; what it leaves blank about its members is counted from the people of the
        sheet whose workplace is the collective (said in the notes)."""
        facts = self._common(collective, year, titles)
        facts["nominee_kind"] = "tap-the"
        notes: list[str] = []
        counted: list[str] = []
        whole = bool(members) and collective.size in (None, len(members))
        share = collective.ldtt_percent
        if share is None and members:
            proposed = sum(1 for m in members if (o := m.outcome(LDTT)) and o.standing == "propose")
            share = round(100 * proposed / (collective.size or len(members)))
            counted.append(f"{share}% đủ điều kiện “Lao động tiên tiến”")
        completed = collective.members_completed
        if completed is None and whole:
            levels = [m.row.ratings.get(str(year)) for m in members]
            if any(level == "khong" for level in levels):
                completed = False
            elif all(level is not None and RATING_LEVELS[level] >= 1 for level in levels):
                completed = True
            if completed is not None:
                counted.append("100% hoàn thành nhiệm vụ" if completed else "có người không hoàn thành nhiệm vụ")
        with_cstdcs = collective.has_cstdcs
        if with_cstdcs is None and members:
            standings = [o.standing for m in members if (o := m.outcome(CSTDCS))]
            if "propose" in standings:
                with_cstdcs = True
            elif whole and "incomplete" not in standings:
                with_cstdcs = False
            if with_cstdcs is not None:
                counted.append(("có" if with_cstdcs else "không có") + " người đủ điều kiện “Chiến sĩ thi đua cơ sở”")
        disciplined = collective.member_discipline
        if disciplined is None and whole and all(m.row.penalty == 0 for m in members):
            disciplined = False
            counted.append("không có người bị kỷ luật")
        for key, value in (("ldtt_percent", share), ("has_cstdcs", with_cstdcs), ("members_completed", completed),
                           ("member_discipline", disciplined)):
            if value is not None:
                facts[key] = value
        if counted:
            notes.append(f"Tính từ {len(members):02d} người có “Đơn vị công tác” là “{collective.name}” trong sheet "
                         f"“Cá nhân”: {'; '.join(counted)}")
        return facts, notes

    def _collective(self, collective: Collective, year: int, titles: dict[str, list[str]],
                    people: list[Judged], profile: dict) -> Judged:
        members = [p for p in people if p.row.workplace and name_key(p.row.workplace) == name_key(collective.name)]
        facts, notes = self.collective_facts(collective, year, titles, members)
        outcomes = [self._outcome(award, facts) for award in self.awards_for("tap-the", profile)]
        women, size = collective.women, collective.size
        if women is None and members and size in (None, len(members)):
            women, size = sum(1 for m in members if m.row.gender == "Nữ"), len(members)
        share = self.unit_rules.collective_share
        return Judged(collective, facts, outcomes, bool(size) and women is not None and women * 100 >= share * size,
                      notes)

    # The unit as a whole ----------------------------------------------------------------------------------
    def _unit_notes(self, review: Review) -> list[str]:
        women = self.unit_rules.women
        where = women.cite.label(self.rules.documents)
        notes = [f"Áp dụng {where}: {women.text}."]
        for group in (review.people, review.collectives):
            eligible: dict[str, list[Judged]] = {}
            for judged in group:
                for outcome in judged.outcomes:
                    if outcome.standing == "propose":
                        eligible.setdefault(outcome.award.id, []).append(judged)
            for award_id, found in eligible.items():
                first = [j for j in found if j.women_first] if len(found) > 1 else []
                for judged in first:
                    judged.outcome(award_id).first = True
                award = found[0].outcome(award_id).award
                who = "tập thể có tỷ lệ nữ từ 70% trở lên" if group is review.collectives else "nữ"
                notes.append(f"{award_label(award)}: {len(found):02d} đủ điều kiện" + (
                    f", trong đó {len(first):02d} {who} — được ưu tiên lựa chọn khi cần chọn trong số này" if first
                    else ""))
        notes += [f"Chưa có trong cơ sở tri thức: {line}" for line in self.unit_rules.missing]
        statuses = Counter(o.status for judged in review.judged for o in judged.outcomes)
        notes.append("Tổng số kết luận: " + "; ".join(f"{label}: {statuses.get(label, 0)}" for label in
                                                       STATUS.values()))
        places = sorted({rule.province for judged in review.judged for o in judged.outcomes
                         for rule in [*o.award.criteria, o.award.decides]
                         if rule.province and not same_place(rule.province, self.province)})
        notes += [f"⚠️ Một số tiêu chuẩn, thẩm quyền là quy định của {place}; cơ sở tri thức chưa có quy định của "
                  f"{self.province} — hãy đối chiếu." for place in places]
        return notes
