"""“Am I eligible?” answered by the rules: a history in free text, a cited verdict out.

The verdict comes from the wizard's own `Rules` over the wizard's facts, so a question and a nomination reach
the same verdict for the same facts. The reply is data (status, the verdict's first line and one line per
criterion as typed values, citations as unit ids, the facts to prefill `/de_nghi`); the faces say it
(bot/faces/render.py verdict_text, from the templates of bot/faces/messages.py) or build their own layout from the
parts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from bot.lexicon import default_lexicon
from bot.nomination.answers import undenied
from bot.nomination.authority import in_force
from bot.nomination.catalogue import Award, Catalogue, Cite, NamedAward, Rule
from bot.nomination.documents import NOMINEE_KINDS, recipient
from bot.nomination.eligibility import RATING_LABELS, SCOPE_LABELS, Finding, Rules, Verdict
from bot.nomination.history import History, is_eligibility_question, read_history
from bot.nomination.provinces import Unheld, applied, foreign, province_words, unheld
from ingest.units import Unit, cited_units

__all__ = ["CriterionLine", "EligibilityReply", "Headline", "answer_eligibility", "as_answer",
           "is_eligibility_question", "nominee_from_facts", "prefill_session"]

# Said under a criterion the council chooses among those who meet (bot/faces/messages.py CRITERION_COUNCIL), and in a
# review's notes (bot/review/judge.py).
COUNCIL = ("việc lựa chọn “thành tích xuất sắc tiêu biểu” trong số những người đạt điều kiện này thuộc Hội đồng "
           "Thi đua - Khen thưởng và cấp có thẩm quyền")

# The unit of a nominee a history places under a commune's or ward's People's Committee, as authority.in_force reads a
# profile.
COMMUNE_COMMITTEE = "Ủy ban nhân dân xã"


@dataclass(frozen=True)
class Headline:
    """A verdict's first line as data (said by the faces: bot/faces/messages.py): what was concluded of `award` —
    served (a discipline told restarts the count), deferred, not-eligible, eligible, conditional (eligible if the
    unit confirms `conditions`) or incomplete (`needed` facts missing) —, the rules it rests on (`where`: the
    principle applied, or the criteria not met), and what the user told that no rule loaded weighs (`unweighed`).
    Or why no verdict was reached: not-held (the criteria are only another province's than `province`), uncovered
    (the knowledge base lacks `needed` of the award), unknown-award (none named; `named`: the awards the message
    names on the way)."""

    kind: str
    award: str
    where: tuple[str, ...] = ()
    year: int | str | None = None  # the year of the discipline told
    conditions: tuple[tuple[str, str], ...] = ()  # (discipline | member-discipline | confirm, the criterion)
    needed: tuple[str, ...] = ()
    unweighed: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    province: str = ""
    # The award was not named where the message asks, but where its story proposes it ("muốn đề nghị X cho tổ …
    # Vậy có được không?"): said as what was understood, before the verdict.
    inferred: bool = False


@dataclass(frozen=True)
class CriterionLine:
    """One line under a verdict (said by the faces): a criterion met, failed, left to the unit's judgement, untold
    or unclear, or a principle applied; the criterion, where it is ruled, the fact it was judged on (or the fact
    needed), whether the council chooses among those who meet it, and the alternatives the same rule allows."""

    mark: str  # met, failed, judgement, untold, unclear, principle
    text: str
    where: str
    fact: str = ""
    council: bool = False
    others: str = ""


@dataclass
class EligibilityReply:
    """A verdict as data. `status` is the wizard's (eligible / not_eligible / incomplete), or unknown_award /
    not_covered when no rule can be applied; `conditional` when only judgements of the unit and the absence of
    a pending discipline remain to be confirmed."""

    status: str
    headline: Headline
    award_id: str | None = None
    lines: list[CriterionLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    prefill: dict = field(default_factory=dict)
    deferred: bool = False
    conditional: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    verdict: Verdict | None = None
    # What the user told that a rule missing from the knowledge base may decide (sick leave, a transfer…).
    unweighed: list[str] = field(default_factory=list)
    # The kind of nominee told that the catalogue does not list for the award (the criteria shown are the general
    # ones), and the lines of the cited articles that name that kind, each with its citation (as_answer fills them).
    unlisted: str = ""
    unlisted_rules: list[tuple[str, str]] = field(default_factory=list)
    # The kind of nominee told, listed for the award, and the line of the cited articles that names it ("… cán bộ,
    # công chức, viên chức, người lao động đạt các tiêu chuẩn sau đây"): whether one may be nominated at all is
    # often the question ("người hợp đồng như em có được xét không?").
    listed_rules: list[tuple[str, str]] = field(default_factory=list)
    # An award whose criteria the knowledge base lacks in full or cannot check: the clauses of its criteria it does
    # hold, for the grade and the kind of nominee told, each with its citation (quoted as possibly related, never
    # judged; EligibilityQuestions fills them).
    partial_rules: list[tuple[str, str]] = field(default_factory=list)
    # A verdict without the award's whole rule: a criterion of an award the knowledge base cannot judge in full,
    # which the facts fail (Uncovered.necessary).
    covered: bool = False

    @property
    def kind(self) -> str:
        """eligible (also when only the unit's judgements and the absence of discipline remain), deferred,
        not_eligible, incomplete, not_covered or unknown_award: what a person reads in the first line; an
        eligible that did not weigh something told is incomplete."""
        if self.deferred:
            return "deferred"
        if self.unweighed:
            return "incomplete"
        if self.status == "incomplete" and self.conditional:
            return "eligible"
        return self.status


def kind_label(kind: str) -> str:
    """ "cán bộ, công chức, viên chức": the wizard's name of a kind of nominee, inside a sentence."""
    label = NOMINEE_KINDS.get(kind, kind)
    return label[0].lower() + label[1:]


def unit_id(cite: Cite) -> str:
    """The article-level unit a citation rests on ("luat-tdkt-2022:d22")."""
    return f"{cite.doc}:d{cite.article}"


class EligibilityAnswerer:
    def __init__(self, catalogue: Catalogue, rules: Rules, province: str) -> None:
        self.catalogue = catalogue
        self.rules = rules
        self.province = province

    def where(self, rule: Rule) -> str:
        return rule.cite.label(self.rules.documents)

    def answer(self, text: str, facts: dict | None = None, award_id: str | None = None,
               today: date | None = None, found: list[NamedAward] | None = None) -> EligibilityReply:
        history = read_history(text, self.catalogue, today, found)
        if facts:
            history.facts.update(facts)
        if award_id:
            history.award = self.catalogue.awards.get(award_id, history.award)
        if history.award is None:
            return self._no_award(history)
        award = history.award
        kind = history.facts.get("nominee_kind", "")
        if history.facts.get("teacher") and "nha-giao" in award.nominees and kind in ("", "can-bo"):
            kind = history.facts["nominee_kind"] = "nha-giao"  # a teacher, for the titles of Điều 64
        notes: list[str] = []
        unlisted = ""  # a kind of nominee told that the catalogue does not list for the award
        if kind and kind not in award.nominees and award.counterparts.get(kind) in self.catalogue.awards:
            # "thiếu úy công an … Lao động tiên tiến hay danh hiệu khác?": the award of its place for this nominee,
            # said, not judged instead (whom a message's words name is not always the nominee: "chồng là công an")
            other = self.catalogue.awards[award.counterparts[kind]]
            notes.append(f"ℹ️ Với {kind_label(kind)}, danh hiệu tương ứng với {award.short} là {other.short} "
                         f"({self.where(other.criteria[0])}).")
        if kind and kind in award.variants:
            award = award.for_nominee(kind)
        elif kind and award.nominees and kind not in award.nominees:
            unlisted = kind
            notes.append(f"ℹ️ Danh mục ghi {award.short} cho: "
                         f"{'; '.join(kind_label(k) for k in award.nominees)}; bạn nêu là "
                         f"{kind_label(kind)}. Dưới đây là tiêu chuẩn chung.")
        # where the nominee works, read once: under a commune's or ward's People's Committee, its chair decides what
        # was transferred; at a company or cooperative, its director
        places = default_lexicon().labels(text, "workplaces")
        under_commune = "commune" in places
        # As the user's province applies it: another province's criteria neither judged nor listed (as in the wizard).
        award = in_force(applied(award, self.province), self.rules.documents,
                         {"unit": COMMUNE_COMMITTEE} if under_commune else None, on=today)
        # a company's or cooperative's staff: its director decides (the commune's staff are said first)
        at = None if under_commune else next((place for place in award.decides_at if place in places), None)
        if at is not None:
            award = replace(award, decides=award.decides_at[at])
        verdict = self.rules.evaluate(award, history.facts)
        if all(unheld(rule) for rule in award.criteria) and not verdict.deferred:
            # (a pending discipline or inspection defers the nomination whatever the province's criteria say)
            return self._not_held(award, history)
        reply = self._reply(award, verdict, history, notes)
        reply.unlisted = unlisted
        if history.inferred:
            reply.headline = replace(reply.headline, inferred=True)
        # a principle every award is given by that the message speaks of ("… hay phải đi từ thấp lên cao?"), quoted
        # under the verdict with the ones the facts call for (knowledge/lexicon/principles.yaml)
        # (not one denied: "không có đơn thư"; not one whose clause a line already cites)
        shown = {line.where for line in reply.lines}
        for said in dict.fromkeys(found.label for found in undenied(text, "principles")):
            rule = self.catalogue.principles.get(said)
            if rule is not None and self.where(rule) not in shown:
                reply.lines.append(CriterionLine("principle", rule.text, self.where(rule)))
                reply.citations = list(dict.fromkeys([*reply.citations, unit_id(rule.cite)]))
        unruled = [item.lacks for item in self.catalogue.unruled if item.told_in(text)]  # not "không nghỉ ốm"
        if unruled and reply.headline.kind in ("eligible", "conditional", "incomplete"):
            # an "eligible" that did not weigh what the user told is not one, nor is a list of what else to tell:
            # say what the knowledge base lacks, first
            reply.headline = replace(reply.headline, unweighed=tuple(unruled))
            reply.unweighed = unruled
        return reply

    # The reply --------------------------------------------------------------------------------------------
    def _reply(self, award: Award, verdict: Verdict, history: History, notes: list[str]) -> EligibilityReply:
        facts = history.facts
        conditional = verdict.status == "incomplete" and not verdict.facts_needed
        headline = self._headline(award, verdict, conditional)
        lines = [self._line(finding) for finding in verdict.findings]
        used = [finding.rule for finding in verdict.findings]
        principles = self._principles(facts)
        lines += [CriterionLine("principle", rule.text, self.where(rule)) for rule in principles]
        notes = [f"Thông tin bạn nêu: {self.told(facts)}", *notes]
        notes += self._province_notes([*used, award.decides])
        notes += [f"Lưu ý: {gap}" for gap in award.gaps]
        notes.append(f"Thẩm quyền quyết định: {self._authority(award)}.")
        options: list[tuple[str, str]] = []
        if verdict.deferred:
            notes.append("Đề nghị lại khi cơ quan có thẩm quyền có kết luận không có sai phạm.")
        elif verdict.status == "not_eligible":
            others = self._alternatives(award, facts)
            if others:
                words = province_words(self.province)
                notes.append("Với các thông tin bạn nêu, có thể xét: " + "; ".join(words.award_name(a) for a in others)
                             + ".")
        else:
            options.append(("Lập hồ sơ đề nghị", f"/de_nghi {award.id}"))
        citations = list(dict.fromkeys(unit_id(rule.cite) for rule in [*used, *principles] if not unheld(rule)))
        return EligibilityReply(verdict.status, headline, award.id, lines, notes, citations, dict(facts),
                                verdict.deferred, conditional, options, verdict)

    def _headline(self, award: Award, verdict: Verdict, conditional: bool) -> Headline:
        name = province_words(self.province).award_name(award)  # "… của Chủ tịch UBND thành phố" for a city
        served = verdict.penalty_year
        if served and all("no_discipline" in f.rule.check for f in verdict.failed):
            rule = self.catalogue.principles.get("after-discipline") or verdict.failed[0].rule
            return Headline("served", name, (self.where(rule),), served)
        if verdict.deferred:
            rule = self.catalogue.principles.get("pending") or verdict.failed[0].rule
            return Headline("deferred", name, (self.where(rule),))
        if verdict.status == "not_eligible":
            return Headline("not-eligible", name, tuple(dict.fromkeys(self.where(f.rule) for f in verdict.failed)))
        if verdict.status == "eligible":
            return Headline("eligible", name)
        if conditional:
            return Headline("conditional", name, conditions=tuple(self._condition(f) for f in verdict.missing))
        return Headline("incomplete", name, needed=tuple(dict.fromkeys(f.fact for f in verdict.facts_needed)))

    def _condition(self, finding: Finding) -> tuple[str, str]:
        if "no_discipline" in finding.rule.check:
            return "discipline", finding.rule.text
        if "no_member_discipline" in finding.rule.check:
            return "member-discipline", finding.rule.text
        return "confirm", finding.rule.text

    def _line(self, finding: Finding) -> CriterionLine:
        rule, check = finding.rule, finding.rule.check
        if finding.ok is True:
            return CriterionLine("met", rule.text, self.where(rule), finding.fact, council=bool(check.get("council")))
        if finding.ok is False:
            return CriterionLine("failed", rule.text, self.where(rule), finding.fact, others=check.get("others") or "")
        if finding.judgement:
            return CriterionLine("judgement", rule.text, self.where(rule))
        if finding.obstacle:
            return CriterionLine("untold", rule.text, self.where(rule))
        return CriterionLine("unclear", rule.text, self.where(rule), finding.fact)

    def _authority(self, award: Award) -> str:
        """Who decides, cited; where the catalogue's words are another province's, the user's province's body."""
        if foreign(award.decides, self.province):
            unheld_rule = Unheld("", "", where=province_words(self.province).full)  # named, not claimed held
            return f"{recipient(award.decides.level, {}, self.province)} ({unheld_rule.label(self.rules.documents)})"
        return f"{award.decides.text} ({self.where(award.decides)})"

    def _province_notes(self, rules: list[Rule]) -> list[str]:
        """What the knowledge base lacks of the user's province's rules; another province is never named."""
        full = province_words(self.province).full
        notes = [f"⚠️ Cơ sở tri thức chưa có quy định của {full} về tiêu chuẩn này: đơn vị đối chiếu văn bản đó và "
                 "xác nhận." for rule in rules if unheld(rule)]
        if any(foreign(rule, self.province) for rule in rules):
            notes.append(f"⚠️ Cơ sở tri thức chưa có quy định của {full} về thẩm quyền, thủ tục: hãy đối chiếu văn bản "
                         "đó.")
        return notes

    def _principles(self, facts: dict) -> list[Rule]:
        found = []
        if facts.get("maternity") and "maternity" in self.catalogue.principles:
            found.append(self.catalogue.principles["maternity"])
        if facts.get("discipline") and "pending" in self.catalogue.principles:
            found.append(self.catalogue.principles["pending"])
        if facts.get("disciplined_in") and "after-discipline" in self.catalogue.principles:
            found.append(self.catalogue.principles["after-discipline"])
        return found

    def _alternatives(self, award: Award, facts: dict) -> list[Award]:
        """Other awards of the same kind the facts already meet (nothing but judgements or obstacles left)."""
        found = []
        for other in self.catalogue.awards.values():
            if other.id == award.id or other.collective != award.collective or not 0 < other.rank < award.rank:
                continue
            kind = facts.get("nominee_kind", "")
            # Nobody said who: the general case (a civil servant), never an award only for the armed forces.
            if other.nominees and (kind or "can-bo") not in other.nominees:
                continue
            verdict = self.rules.evaluate(applied(other.for_nominee(kind) if kind in other.variants else other,
                                                  self.province), facts)
            measured = [f for f in verdict.findings if not f.judgement and not f.obstacle]
            if not verdict.failed and measured and all(f.ok for f in measured):
                found.append(other)
        return sorted(found, key=lambda a: a.rank, reverse=True)

    def told(self, facts: dict) -> str:
        """What was read from the message, so a misreading shows."""
        parts = [f"năm xét {facts['year']}"]
        if facts.get("nominee_kind"):
            parts.append(kind_label(facts["nominee_kind"]))
        if facts.get("ratings"):
            ratings = sorted(facts["ratings"].items())
            parts.append("xếp loại " + ", ".join(f"{y}: {RATING_LABELS[v]}" for y, v in ratings))
        for held_year, ids in sorted((facts.get("titles") or {}).items()):
            parts.append(f"{held_year}: " + ", ".join(self.catalogue.awards[i].short for i in ids))
        for title, times in (facts.get("title_counts") or {}).items():
            parts.append(f"{times:02d} lần {self.catalogue.awards[title].short} (không nêu năm)")
        if facts.get("initiative"):
            scope = facts["initiative"]
            parts.append("không có sáng kiến" if scope == "khong" else f"sáng kiến {SCOPE_LABELS[scope]}")
        elif facts.get("initiative_at_least"):
            parts.append("sáng kiến được công nhận (chưa nêu phạm vi)")
        if facts.get("initiative_count"):
            parts.append(f"{facts['initiative_count']:02d} sáng kiến")
        for title, share in (facts.get("member_share") or {}).items():
            parts.append(f"{share}% cá nhân đạt {self.catalogue.awards[title].short}")
        for title, held in (facts.get("member_titles") or {}).items():
            parts.append(f"{'có' if held else 'không có'} cá nhân đạt {self.catalogue.awards[title].short}")
        if "members_completed" in facts:
            parts.append("100% cá nhân hoàn thành nhiệm vụ" if facts["members_completed"]
                         else "có cá nhân chưa hoàn thành nhiệm vụ")
        if "member_discipline" in facts:
            parts.append("có cá nhân bị kỷ luật" if facts["member_discipline"] else "không có cá nhân bị kỷ luật")
        if "discipline" in facts:
            parts.append("đang bị xem xét kỷ luật, thanh tra" if facts["discipline"]
                         else "không bị xem xét kỷ luật, thanh tra")
        if facts.get("disciplined_in"):
            parts.append(f"bị kỷ luật năm {facts['disciplined_in']}")
        if facts.get("maternity"):
            parts.append("nghỉ thai sản năm " + ", ".join(map(str, facts["maternity"])))
        if facts.get("teaching_years"):
            parts.append(f"{facts['teaching_years']} năm giảng dạy")
        if facts.get("work_years"):
            parts.append(f"{facts['work_years']} năm công tác")
        return "; ".join(parts) + "."

    def _not_held(self, award: Award, history: History) -> EligibilityReply:
        """An award whose criteria the knowledge base holds only as another province's: no verdict for this one."""
        words = province_words(self.province)
        return EligibilityReply("not_covered", Headline("not-held", words.award_short(award), province=words.full),
                                award.id, prefill=dict(history.facts))

    def _no_award(self, history: History) -> EligibilityReply:
        if history.uncovered is not None:
            item = history.uncovered
            failed = [finding for finding in (self.rules.finding(rule, history.facts) for rule in item.necessary)
                      if finding.ok is False]
            if failed:
                # a criterion the facts fail ("mới làm ở đơn vị được 8 năm" of 10 years): no, whatever the council
                # would judge of the rest, which the knowledge base cannot check
                return EligibilityReply(
                    "not_eligible", Headline("not-eligible", item.name, tuple(self.where(f.rule) for f in failed)),
                    item.id, [self._line(finding) for finding in failed],
                    [f"Thông tin bạn nêu: {self.told(history.facts)}", f"Lưu ý: Cơ sở tri thức chưa có {item.lacks}."],
                    list(dict.fromkeys(unit_id(f.rule.cite) for f in failed)), dict(history.facts), covered=True)
            return EligibilityReply("not_covered", Headline("uncovered", item.name, needed=(item.lacks,)),
                                    item.id, prefill=dict(history.facts))
        named = tuple(self.catalogue.awards[a].short for a in dict.fromkeys(history.awards_named))
        return EligibilityReply("unknown_award", Headline("unknown-award", "", named=named),
                                prefill=dict(history.facts))


# Facts the wizard asks under its own step names (see Rules.member_share / member_has).
WIZARD_STEPS = ("ratings", "titles", "initiative", "discipline", "disciplined_in", "ldtt_percent", "members_completed",
                "has_cstdcs", "member_discipline")


def nominee_from_facts(facts: dict) -> dict:
    """A wizard nominee prefilled from a reply's facts: every fact kept for the rules, the wizard's own step
    names filled where the message told them, and `answered` listing those steps."""
    kept = {key: value for key, value in facts.items() if key != "year"}
    kept.setdefault("confirm", {})
    share = (facts.get("member_share") or {}).get("lao-dong-tien-tien")
    if share is not None:
        kept.setdefault("ldtt_percent", share)
    has = (facts.get("member_titles") or {}).get("chien-si-thi-dua-co-so")
    if has is not None:
        kept.setdefault("has_cstdcs", has)
    answered = ["year", *(step for step in WIZARD_STEPS if step in kept)]
    return {"facts": kept, "year": facts.get("year"), "achievements": [], "answered": answered}


def prefill_session(session: dict, catalogue: Catalogue, award_id: str, facts: dict) -> None:
    """A new wizard session given the facts of an eligibility answer: its kind of nominee (when the award is
    for that kind) and the nominee's facts, marked answered so the wizard does not ask them again. The award
    itself is then chosen through the wizard (`Wizard.handle(session, award_id)`), as a person would."""
    award = catalogue.awards[award_id]
    kind = facts.get("nominee_kind")
    if kind in award.nominees:
        session["kind"] = kind
    session["nominees"] = [nominee_from_facts(facts)]
    session["current"] = 0


def as_answer(reply: EligibilityReply, question: str, units: Iterable[Unit]):
    """The reply as the engine's Answer, for the faces and `thiduabot eval`: the reply is the answer's
    `eligibility` (said by the faces), and each cited article is cited by its first unit in the index. An award the
    corpus lacks is a refusal; an award not named asks which one (not a refusal)."""
    # Imported here: the engine's modules load the retrieval libraries, which the rules themselves never need.
    from bot.engine.answer import Answer, Citation

    first: dict[str, Unit] = {}
    for unit in units:
        if unit.article:
            first.setdefault(unit.article_id, unit)
    # Cited as whole articles: the lines above name each khoản, the first unit's khoản would mislead.
    citations = [replace(Citation.of(first[cited]), clause="") for cited in reply.citations if cited in first]
    covered = reply.verdict is not None or reply.covered
    answer = Answer(question, covered, citations=citations, eligibility=reply,
                    mode="eligibility" if covered else ("invalid" if reply.kind == "unknown_award" else "extractive"),
                    hint=False)
    if reply.unweighed:
        answer.sure, answer.doubt = False, "unweighed"  # what was told may be decided by a rule not loaded
    elif reply.headline.inferred:
        answer.sure, answer.doubt = False, "award"  # the award asked was read from the story, not the question
    cited = set(reply.citations)
    ruling = [unit for unit in units if unit.article_id in cited]
    if reply.unlisted:
        # Told a kind of nominee the catalogue does not list for the award: the general criteria may not be its
        # rule, so the verdict is not a sure one, and the cited articles' lines that name that kind are quoted.
        reply.unlisted_rules = nominee_lines(ruling, reply.unlisted)
        answer.sure, answer.doubt = False, "nominee"
    elif covered and (kind := reply.prefill.get("nominee_kind", "")) and reply.citations:
        # the award is for the kind told: where its own criteria (the first article cited) say so
        own = [unit for unit in ruling if unit.article_id == reply.citations[0].split(":k")[0]]
        reply.listed_rules = nominee_lines(own, kind, limit=1)
    return answer


def nominee_lines(units: Iterable[Unit], kind: str, limit: int = 2) -> list[tuple[str, str]]:
    """The lines of `units` that name the kind of nominee (knowledge/lexicon/nominees.yaml), each with the label of
    its unit's citation: what the cited articles say of a nominee told."""
    from bot.engine.answer import Citation

    lexicon, found = default_lexicon(), []
    for unit in units:
        for line in unit.text.splitlines():
            if len(found) < limit and lexicon.says(line, "nominees", kind):
                found.append((line.strip(), Citation.of(unit).text))
    return found


def answer_eligibility(text: str, facts: dict | None, catalogue: Catalogue, rules: Rules, province: str,
                       award_id: str | None = None, today: date | None = None,
                       found: list[NamedAward] | None = None) -> EligibilityReply:
    """The verdict on an eligibility question. `facts` (already understood elsewhere) override what the text
    says; `award_id` names the award when the caller knows it; `found`: the award names read in it already."""
    return EligibilityAnswerer(catalogue, rules, province).answer(text, facts, award_id, today, found)


class EligibilityQuestions:
    """The question path of the rules, as the engine and the Assistant use it: recognise an eligibility question,
    answer it with the wizard's Rules over the indexed documents, and give the facts to prefill a nomination."""

    def __init__(self, catalogue: Catalogue, province: str, documents: Callable[[], dict[str, dict]],
                 units: Callable[[], Iterable[Unit]]) -> None:
        self.catalogue = catalogue
        self.province = province
        self.documents = documents
        self.units = units

    def reply(self, text: str, province: str = "", found: list[NamedAward] | None = None) -> EligibilityReply | None:
        """The verdict under the rules of `province` (one the question names), else of the users' province.
        `found`: the award names read in `text` already (the engine's one reading of the message)."""
        if not is_eligibility_question(text, self.catalogue, found):
            return None
        return answer_eligibility(text, None, self.catalogue, Rules(self.catalogue, self.documents()),
                                  province or self.province, found=found)

    def __call__(self, understanding):
        """The engine's eligibility hook: it reads the whole message, the history told with the question, under
        the rules of the province the message names ("theo quy định của Bắc Ninh"), if it names one, with the
        award names the understanding read. Questions that name no award and say a principle every award is given
        by in their own words ("… lại đề nghị Bằng khen cho đúng thành tích đó. Như thế có bị trùng không?") are
        answered by its clause, not by a verdict on the award of the story; a principle only told in the story
        ("… đang có đơn thư. Em có đủ điều kiện không?") leaves the verdict to decide, unless it finds no award to
        judge ("Giấy khen đột xuất … có được tính làm căn cứ để đề nghị Bằng khen công trạng không?") or cannot judge
        it for want of its criteria ("… định dùng hai bằng khen này làm căn cứ đề nghị Huân chương Lao động. Có được
        không?"): the principle the message tells answers then, rather than asking which award or saying the gap. A
        principle that bars a nomination whatever the history (Catalogue.barring: one achievement, one reward), said
        in a yes/no, stands before a verdict that wants more facts."""
        parts = understanding.parts
        if parts and all((part.principle_said and not part.named) or (part.counted and part.principle)
                         for part in parts):
            return None
        reply = self.reply(understanding.message, understanding.province, understanding.names)
        if reply is None or (reply.status == "unknown_award" and any(part.principle for part in parts)) \
                or (reply.status == "not_covered" and any(part.principle for part in parts)) \
                or (reply.status == "incomplete" and not reply.conditional
                    and any(part.principle_said and part.yes_no and part.principle in self.catalogue.barring
                            for part in parts)):
            # (nor does a verdict the knowledge base cannot give, for want of the award's criteria, stand before a
            # principle the message says: "… tặng bằng khen cho đúng thành tích đó nữa có được không?")
            return None
        from bot.engine.answer import Citation  # (the engine's modules load the retrieval libraries)

        units = list(self.units())
        if reply.headline.kind == "uncovered" and reply.award_id:  # (not another province's criteria, never quoted)
            grades = {mention.grade for mention in understanding.awards if mention.award == reply.award_id}
            held = self._criteria_held(reply.award_id, grades - {""}, reply.prefill.get("nominee_kind", ""), units)
            reply.partial_rules = [(unit.text.strip(), Citation.of(unit).text) for unit in held]
            reply.citations = list(dict.fromkeys([*reply.citations, *(unit.article_id for unit in held)]))
        return as_answer(reply, understanding.message, units)

    def _criteria_held(self, award_id: str, grades: set[str], kind: str, units: list[Unit]) -> list[Unit]:
        """The clauses of an award's criteria (its `rules: criteria`) the index holds, of the grade asked (any
        when none is), for the kind of nominee told when they are for some kinds only: the first khoản of an article
        cited whole."""
        ruled = self.catalogue.questions.awards.get(award_id)
        refs = [ref for ref in (ruled.rules.get("criteria", []) if ruled else [])
                if not (grades and ref.grade and ref.grade not in grades)]
        lexicon, found = default_lexicon(), []
        for ref in refs:
            held = cited_units((unit for unit in units if unit.doc.id == ref.doc and unit.article == ref.article),
                               ref.clause)
            # (a clause for some kinds of nominee only, "cho công nhân, nông dân", when one of them is told)
            if held and ((named := lexicon.labels(held[0].text, "nominees")) == [] or kind in named):
                found.append(held[0])
        return found
