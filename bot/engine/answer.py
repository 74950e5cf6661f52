"""Replies built from retrieved units: a direct line, the decisive clause verbatim, and the citations.

Citations are data carried by the units (document, Điều, khoản); nothing here invents one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.engine.retrieve import Hit
from bot.engine.text import content_terms, has_diacritics, phrases, syllables, term_found
from bot.engine.understand import AwardMention, Catalogue, Part, key
from bot.lexicon import Lexicon, default_lexicon, without_spans
from ingest.legal_refs import DOC_TYPE_LABELS, document_name, document_short_name
from ingest.structure import WHOLE_TEXT, Clause, clauses
from ingest.units import Provenance, Unit
from ingest.vietnamese import clean, fold, spelled

if TYPE_CHECKING:
    from bot.nomination.verdict import EligibilityReply

# The words this module reads (knowledge/lexicon): how the law's text states a figure, a date, who decides
# (statements.yaml), and what a question asks (asked.yaml). Its patterns are structure around them.
STATEMENTS, ASKED = "statements", "asked"
SAID = "actions_said"  # how a text says an action of actions.yaml, beyond the words a question asks it with


def stated(*labels: str) -> str:
    """The phrases of `labels` of statements.yaml as a regex alternation, as written only: the law's text is
    written with diacritics, and a phrase read folded would find other words in it ("cam kết" is no "cấm")."""
    return default_lexicon().alternation(STATEMENTS, *labels, folded=False)


def asking(*labels: str) -> str:
    """The phrases of `labels` of asked.yaml as a regex alternation, written and folded (Lexicon.alternation)."""
    return default_lexicon().alternation(ASKED, *labels)


@dataclass(frozen=True)
class Citation:
    unit_id: str
    doc_id: str
    doc_title: str
    doc_number: str
    doc_type: str
    article: str
    article_title: str
    clause: str
    status: str
    heading: str = ""
    provenance: Provenance = field(default_factory=Provenance)  # the faces say where an uploaded text comes from

    @classmethod
    def of(cls, unit: Unit, clause_label: str = "") -> Citation:
        clause = clause_label or clause_name(unit.clause)
        return cls(unit.unit_id, unit.doc.id, unit.doc.title, unit.doc.number, unit.doc.type, unit.article,
                   unit.article_title, clause, unit.doc.status, unit.heading, unit.doc.provenance)

    @property
    def document(self) -> str:
        """ "Luật Thi đua, khen thưởng (06/2022/QH15)" """
        return document_name(self.doc_title, self.doc_number)

    @property
    def short_document(self) -> str:
        """ "Nghị định 152/2025/NĐ-CP"; a law keeps its name: "Luật Thi đua, khen thưởng 06/2022/QH15". """
        return document_short_name(self.doc_title, self.doc_number, self.doc_type)

    @property
    def location(self) -> str:
        """ "điểm c khoản 1 Điều 50" or the section heading of a plan (none for an undivided text) """
        if not self.article:
            return "" if self.heading == WHOLE_TEXT else self.heading
        return f"{self.clause} Điều {self.article}".strip()

    @property
    def text(self) -> str:
        location = self.location
        title = f" ({self.article_title})" if self.article and self.article_title else ""
        return f"{location}{title}, {self.short_document}" if location else self.document

    @property
    def short(self) -> str:
        """For a button: "Điều 23 — Nghị định 152/2025/NĐ-CP"."""
        kind = DOC_TYPE_LABELS.get(self.doc_type, "Văn bản")
        name = f"{kind} {self.doc_number}" if self.doc_number else self.doc_title[:30]
        where = f"Điều {self.article}" if self.article else (self.heading[:28] or "Trích đoạn")
        return f"{where} — {name}"


@dataclass
class Gap:
    """A rule the knowledge base lacks, as data (the faces say it: bot/faces/render.py gap_text): the kind of rule
    asked about an award; the article naming the award whose ruling clause is not loaded; other provinces' rules of
    it, each a labelled reference, and the users' province they do not apply to."""

    intent: str  # criteria, amount, authority, dossier or deadline
    award: str = ""  # the award's name
    listed_in: Citation | None = None
    elsewhere: list[tuple[str, Citation]] = field(default_factory=list)  # (the province, its rule)
    province: str = ""  # the users' province, when `elsewhere` rules it
    whom: tuple[str, ...] = ()  # whom it is asked for (bot/engine/scope.py), when the loaded rule is for others
    ruled_for: list[tuple[Citation, frozenset[str]]] = field(default_factory=list)  # (the loaded rule, for whom)


@dataclass(frozen=True)
class Reference:
    """Another province's rule shown as a reference only (said by the faces): the province whose rule it is, the
    rule, and the province asked about, which it does not rule. A warning under an answer, or part of a gap."""

    place: str
    citation: Citation
    province: str


@dataclass
class ProvinceGap:
    """The province asked about has no rule of its own on the point in the knowledge base (said by the faces): the
    nearest national clause that rules it, as an answer of its own (its line, quote and citation), and another
    province's rule as a reference."""

    province: str
    general: Answer | None = None
    reference: Reference | None = None


@dataclass(frozen=True)
class TopicGap:
    """The closest text does not hold the rule asked (said by the faces): it only hands the rule to another text
    (`topic`: what it hands over), or the question asks a figure and it states none. `sentence` is its line closest
    to the question, quoted as a reference."""

    citation: Citation
    sentence: str
    topic: str = ""  # the delegated topic, as the text words it; none for a missing figure

    @property
    def delegated(self) -> bool:
        return bool(self.topic)


@dataclass(frozen=True)
class AmendmentGap:
    """A question about what an amending text changes, when that text is declared but not loaded (said by the
    faces): the amending text, the day it takes effect (ISO) and the document it amends."""

    name: str
    effective: str
    target: str


@dataclass(frozen=True)
class CircumstanceGap:
    """A question of whether someone may be awarded tells a circumstance that a rule the knowledge base lacks
    decides (leave, a transfer, probation: knowledge/lexicon/unruled.yaml), and the clause found does not speak of
    it (said by the faces): what is lacking, and the words told."""

    lacks: tuple[str, ...]
    told: tuple[str, ...]


@dataclass(frozen=True)
class CapGap:
    """The question cites a cap of a rule ("không được quá 15% số người đạt LĐTT") at a rate no indexed text states
    (said by the faces): the rule it comes from is not in the knowledge base. `told`: the words of each cap."""

    told: tuple[str, ...]


@dataclass(frozen=True)
class Unanswered:
    """Nothing in the knowledge base answers the question (said by the faces)."""


@dataclass(frozen=True)
class DocumentStatus:
    """Whether a named document is in force, from its front matter (said by the faces): `effective` and `published`
    are ISO dates; `relations` the documents it replaces or is replaced by, and what it repeals, in order, each as
    ("replaced-by" | "replaces" | "repeals", the name or the words of the repeal); `replaced_on` the ISO date the
    text that replaces it took force (when it is no longer in force, that is since when)."""

    name: str
    in_force: bool
    effective: str = ""
    report: bool = False  # a news item: the knowledge base holds a summary, not the text, so its force is unknown
    published: str = ""
    relations: tuple[tuple[str, str], ...] = ()
    replaced_on: str = ""


@dataclass
class Answer:
    question: str
    covered: bool
    lead: str = ""
    quote: str = ""
    quote_citation: Citation | None = None
    # "Có." / "Không." where the quoted rule itself says it: the faces put it before `lead` only when the answer is
    # sure, never under "Tôi chưa chắc …"
    said: str = ""
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str | Reference] = field(default_factory=list)  # a Reference is said by the faces
    hits: list[Hit] = field(default_factory=list)
    prose: str = ""
    mode: str = "extractive"
    hint: bool = True
    query: str = ""  # the question made self-contained (a follow-up joined to the previous turn)
    relevance: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    intent: str = ""  # what was asked (bot/engine/understand.py)
    action: str = ""  # what was asked be done with the award besides conferring it (knowledge/lexicon/actions.yaml)
    sure: bool = True  # whether what was asked was clear (bot/engine/kinds.py): an unsure answer says so
    # What the answer rests on: "rule" (the unit the catalogue names for the award and the kind asked), "principle"
    # (the clause of a principle every award is given by, its words found in the question), "named" (a retrieved
    # unit that rules the award), "retrieval" (the best unit found), "eligibility" (the nomination rules).
    basis: str = "retrieval"
    # Why an answer is not sure: "kind" (what was asked is unclear), "clause" (the clause found may not answer it),
    # "unstated" (the award's clause does not speak of the case the question tells: `unstated`, its words).
    doubt: str = ""
    unstated: tuple[str, ...] = ()
    # Units shown as related, not as the answer (a gap, another province's rule); and one answer per question
    # when a message asks several.
    related: list[Citation] = field(default_factory=list)
    # An answer not sure of its clause: the next closest clauses, each quoted (another khoản of the article, another
    # article), so the one that answers may be read among them (closest_clauses).
    closest: list[tuple[Citation, str]] = field(default_factory=list)
    # Under a sure answer: another khoản of the quoted article that says what the question asks besides ("… trước
    # ngày nào? Ngành giáo dục có khác không?": the khoản on the education sector), quoted with its citation
    # (bot/engine/core.py Engine._siblings).
    also: list[tuple[Citation, str]] = field(default_factory=list)
    parts: list[Answer] = field(default_factory=list)
    # What the knowledge base lacks, when it lacks what was asked (said by the faces: bot/faces/render.py); `lead`
    # then holds only what later steps add to it.
    gap: Gap | ProvinceGap | TopicGap | AmendmentGap | CircumstanceGap | CapGap | Unanswered | None = None
    statuses: list[DocumentStatus] = field(default_factory=list)  # the named documents' force, before the lead
    eligibility: EligibilityReply | None = None  # the nomination rules' reply, the whole answer (said by the faces)

    @property
    def refused(self) -> bool:
        """The knowledge base did not cover the question (a greeting or an empty message is not a refusal), or a
        verdict's first line says it lacks the rule that decides what the user told (a leave, a transfer): the
        same gap the question path says with a CircumstanceGap, the rest of the verdict under it."""
        if self.eligibility is not None and self.eligibility.unweighed:
            return True
        return not self.covered and self.mode not in ("greeting", "invalid")

    @property
    def unit_ids(self) -> list[str]:
        return [citation.unit_id for citation in self.citations]


def not_covered(question: str, reason: str = "", hits: list[Hit] | None = None, relevance: float = 0.0,
                related: list[Citation] | None = None,
                gap: ProvinceGap | TopicGap | AmendmentGap | CircumstanceGap | CapGap | None = None) -> Answer:
    """An answer that the knowledge base lacks what was asked: `reason` says why in the engine's words; otherwise
    `gap` holds what is lacking as data, and with neither nothing answers (the faces say it)."""
    return Answer(question, covered=False, lead=reason, hits=hits or [], relevance=relevance, related=related or [],
                  gap=gap if gap is not None or reason else Unanswered())


def compose(question: str, query: str, hits: list[Hit], notes: dict[str, str], relevance: float,
            intent: str = "", part: tuple[str, str] | None = None, subject: str = "", yes_no: bool = False,
            cite_only_primary: bool = False) -> Answer:
    """The extractive reply: a first line that answers, the best unit's decisive text quoted whole, and the
    units it relies on as citations. `part` is the (label, text) to quote when the caller knows it (the
    ruling khoản or điểm of an award); `subject` the award's name, to pick its line of a table-like article.
    `notes` gives, per document id, a warning to show when it is cited (superseded, another province)."""
    primary = hits[0].unit
    best = part or decisive_clause(query, primary, subject, intent)
    quote_citation = Citation.of(primary, best[0] if best else "")
    quote = best[1] if best else primary.text
    citations = [quote_citation]
    seen_articles = {(primary.doc.id, primary.article or primary.unit_id)}
    for hit in [] if cite_only_primary else hits[1:]:
        article = (hit.unit.doc.id, hit.unit.article or hit.unit.unit_id)
        if article in seen_articles or hit.score < hits[0].score * CITE_SCORE or len(citations) >= MAX_CITATIONS:
            continue
        seen_articles.add(article)
        citation = Citation.of(hit.unit)
        if all(c.text != citation.text for c in citations):  # parts of an undivided text read as one citation
            citations.append(citation)
    warnings = [notes[c.doc_id] for c in _unique_documents(citations) if c.doc_id in notes]
    said, lead = _direct(query, quote, quote_citation, intent, subject, yes_no)
    return Answer(question, covered=True, lead=lead, said=said, quote=quote, quote_citation=quote_citation,
                  citations=citations, warnings=warnings, hits=hits, relevance=relevance, intent=intent)


CITE_SCORE = 0.8
MAX_CITATIONS = 3


def _unique_documents(citations: list[Citation]) -> list[Citation]:
    seen: dict[str, Citation] = {}
    for citation in citations:
        seen.setdefault(citation.doc_id, citation)
    return list(seen.values())


CLOSE_SCORE = 0.6
QUOTE_LIMIT = 1800


def decisive_clause(query: str, unit: Unit, subject: str = "", intent: str = "") -> tuple[str, str] | None:
    """The part of a long unit that answers the question: the khoản or điểm sharing the most and longest
    phrases with it (then the most topic words); a named award's own line wins. The text is quoted whole: a
    lead-in ending with ":" comes with its items, a điểm with its khoản's lead-in. A question asking for a
    list gets the whole khoản; when several khoản match almost as well, they are quoted together under the
    article. Returns (label, text)."""
    parts = clauses(unit.text)
    if len(parts) <= 1 or len(unit.text) < 400:
        return None
    plain = not has_diacritics(query)
    wanted = phrases(query, plain)
    terms = content_terms(query)
    subject_key = _key(subject) if subject else ""

    listing = intent == "list" or default_lexicon().says(query, ASKED, "list") \
        or LIST_FRAME_RE.search(_words(query).lower()) is not None
    # "Chủ tịch UBND cấp xã được quyết định tặng những danh hiệu nào?": the khoản whose actor the question names
    # ("Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng …") answers it, not every khoản about who decides.
    actors = [actor_overlap(query, part.text) if intent == "authority" else 0 for part in parts]
    named_actor = max(actors) if max(actors) >= ACTOR_EVIDENCE and actors.count(max(actors)) == 1 else -1
    if listing and named_actor < 0 and len(unit.text) <= QUOTE_LIMIT \
            and (len((phrases(unit.article_title, plain) & wanted) - phrases(unit.doc.title, plain))
                 >= LIST_TITLE_EVIDENCE or listed_in_title(query, unit.article_title)):
        return "", unit.text  # "những hành vi nào bị nghiêm cấm": the article's khoản are the items its title names

    # "Ai công nhận sáng kiến …?": what is asked be done (knowledge/lexicon/actions.yaml), the khoản that says it first
    acted = set(default_lexicon().labels(query, "actions"))

    def score(part) -> tuple[int, int, int, int, int]:
        found = phrases(part.text, plain) & wanted
        vocabulary = set(syllables(part.text, plain=plain))
        # (asked who does it, the khoản saying it of a post: "đã được nghiệm thu" is no one's act)
        says = 1 if acted and acted & actions_said(default_lexicon(), part.text) \
            and (intent != "authority" or names_post(part.text)) else 0
        named = 1 if subject_key and subject_key in _key(part.text) else 0
        if named_actor > 0:
            named = int(actors[parts.index(part)] == named_actor)
        # "… gồm những gì?": a lead-in that opens a list (or an item of one) answers it
        opens_list = 1 if listing and found and (opens_items(part.text) or part.point) else 0
        return (says, named, opens_list, sum(len(p) for p in found),
                sum(1 for term in terms if term_found(term, vocabulary)))

    scores = [score(part) for part in parts]
    best_index = max(range(len(parts)), key=scores.__getitem__)
    best = parts[best_index]
    if scores[best_index] == (0, 0, 0, 0, 0):
        return None
    if intent in ("definition", "compare") and len(defined := terms_defined(query, parts)) > 1:
        # "'danh hiệu thi đua' là gì, nó khác 'khen thưởng' ở chỗ nào?": each term asked, its own khoản
        text = "\n".join(_clause_text(parts, parts[i]) for i in defined)
        if len(text) <= QUOTE_LIMIT:
            return "", text
    deciders = [i for i, p in enumerate(parts) if scores[i][1] and p.clause and not p.point and actors[i]]
    if intent == "authority" and named_actor < 0 and len(deciders) > 1:
        # "Ai quyết định tặng Lao động tiên tiến?" when each level's head gives it (khoản 1-4 Điều 80): all of them
        text = "\n".join(_clause_text(parts, parts[i]) for i in deciders)
        if len(text) <= QUOTE_LIMIT:
            return "", text
    if not best.clause and not best.point and opens_items(best.text):
        return "", unit.text  # the article's lead-in: the whole article is its list
    if best.point and listing:
        best = next((p for p in parts if p.clause == best.clause and not p.point), best)
    whole_clauses = [i for i, p in enumerate(parts) if not p.point and p.clause]
    close = [i for i in whole_clauses if scores[i][3] >= CLOSE_SCORE * scores[best_index][3] > 0]
    if not best.point and len(close) > 1 and not any(scores[best_index][:2]):
        text = "\n".join(_clause_text(parts, parts[i]) for i in close)
        if len(text) <= QUOTE_LIMIT:
            return "", text
    if best.point:
        return best.label, f"{best.lead}\n{best.text}" if best.lead else best.text
    return best.label or clause_name(unit.clause), _clause_text(parts, best)


# "… là …", "… được hiểu là …": a text defines the term before the copula (asked.yaml is), on folded words.
COPULAS = tuple(dict.fromkeys(fold(word).lower() for word in default_lexicon().phrases(ASKED, "is")))
DEFINES_RE = re.compile(rf"^(?:\d+\.\s*)?([\w ]{{2,80}}?)\s+(?:{'|'.join(map(re.escape, COPULAS))})\s")


def terms_defined(question: str, parts: list[Clause]) -> list[int]:
    """The khoản of a glossary article ("2. Danh hiệu thi đua là …") whose term the question names, in the text's
    order; a term named only inside a longer one named ("thi đua" in "danh hiệu thi đua") is not."""
    terms: dict[str, int] = {}  # each term's first khoản
    for index, part in enumerate(parts):
        if part.clause and not part.point and (match := DEFINES_RE.match(_key(part.text))):
            terms.setdefault(match.group(1).strip(), index)
    return sorted(terms[term] for term in terms_named(_key(question), terms))


def terms_named(asked: str, terms) -> list[str]:
    """Of `terms` (folded), those `asked` (folded) names, longest first; one named only inside a longer one named
    ("thi đua" in "danh hiệu thi đua") is not."""
    asked, found = f" {asked} ", []
    for term in sorted(terms, key=len, reverse=True):
        if f" {term} " in asked:
            asked = asked.replace(f" {term} ", " | ")
            found.append(term)
    return found


# Phrases a question shares with an article's title, beyond its document's name ("thi đua, khen thưởng"), to ask
# for all of the article.
LIST_TITLE_EVIDENCE = 3
# "những hành vi nào", "các trường hợp gì" (asked.yaml list-open … list-close), read on folded words
LIST_FRAME_RE = re.compile(rf"\b(?:{asking('list-open')})(?: \w+){{1,3}} (?:{asking('list-close')})\b")


def listed_in_title(question: str, title: str) -> bool:
    """"Luật cấm những hành vi nào?": what the list frame asks for ("hành vi") is what the article's title lists
    ("Các hành vi bị nghiêm cấm …"), its words in the title."""
    match = LIST_FRAME_RE.search(_words(question).lower())
    if not match:
        return False
    listed = " ".join(match.group(0).split()[1:-1])
    return bool(listed) and f" {listed} " in f" {_words(title).lower()} "


def listed_unsaid(question: str, quote: str) -> bool:
    """"Hội đồng … gồm những thành viên nào?": what the list frame asks for ("thành viên") is no word a text lists
    things by (asked.yaml `listed`: "loại", "danh hiệu", "trường hợp") and the quote never says it: the list quoted
    is not sure to be the one asked for."""
    match = LIST_FRAME_RE.search(_words(question).lower())
    if not match:
        return False
    listed = " ".join(match.group(0).split()[1:-1])
    return not any(f" {word} " in f" {listed} " for word in LISTING_WORDS) \
        and f" {listed} " not in f" {_words(quote).lower()} "


def opens_items(text: str) -> bool:
    """A lead-in that opens a list: ends with ":", also inside the editor's brackets ("… sau đây:]")."""
    return text.rstrip(" ]»”\"'").endswith(":")


POST_SPAN = 8  # a post's title and the words after it that say whose it is ("chủ tịch ủy ban nhân dân cấp xã")
ACTOR_EVIDENCE = 5  # words and word pairs of a khoản's actor the question must share to name it
# An actor is a post ("Chủ tịch Ủy ban nhân dân cấp xã", "Thủ trưởng cơ quan …", "Tổng giám đốc …"), not a body
# that acts on a file ("Bộ Nội vụ thẩm định hồ sơ, … trình Thủ tướng Chính phủ quyết định tặng").
# Read on folded words: the post's words and "quyết định tặng" folded.
ACTOR_RE = re.compile(rf"^(?:\d+ )?((?:{default_lexicon().alternation(STATEMENTS, 'post')})\b.{{0,200}}?) "
                      rf"(?:{default_lexicon().alternation(STATEMENTS, 'decides')})\b")


def actor_overlap(question: str, clause: str) -> int:
    """How much of the actor of a "… quyết định tặng …" khoản the question names: its words and word pairs
    found in the question (0 for a khoản that names no actor); a khoản naming several, one after another ("Giám
    đốc doanh nghiệp quyết định tặng …; Chủ tịch Hội đồng thành viên quyết định tặng giấy khen"), by the one the
    question names most."""
    matches = [match for part in clause.split(";") if (match := ACTOR_RE.match(_words(part).lower()))]
    if not matches:  # "Thẩm quyền quyết định tặng … do … quy định" names no post
        return 0
    # the question's post in the law's words (knowledge/lexicon/posts.yaml: "Giám đốc Sở" is the head of a body of
    # the provincial People's Committee): a title and the words after it, where the question names one ("Giám đốc
    # công ty có được quyết định tặng …, hay phải trình lên UBND phường?" names no post in "UBND phường")
    asked = _post_words(question)
    pairs = set(itertools.pairwise(asked))
    return max(1 + len(set(actor) & set(asked)) + sum(1 for pair in itertools.pairwise(actor) if pair in pairs)
               for actor in (match.group(1).split() for match in matches))


def names_actor(question: str, clause: str) -> bool:
    """Whether the question names a post (a title and its words) that is the actor of `clause`: the title itself
    among the actor's words ("Trước đây là Chủ tịch UBND huyện ký" names no "Thủ trưởng cơ quan … thuộc Ủy ban nhân
    dân cấp tỉnh", however many of the words after the title they share)."""
    actors = [match.group(1) for part in clause.split(";") if (match := ACTOR_RE.match(_words(part).lower()))]
    titles = {_words(found.text).lower() for found in _post_titles(question)[1]}
    return any(f" {title} " in f" {actor} " for title in titles for actor in actors) \
        and actor_overlap(question, clause) >= ACTOR_EVIDENCE


def names_post(text: str) -> bool:
    """Whether a text names a post (knowledge/lexicon/statements.yaml `post`, in the law's words for posts)."""
    return bool(_post_titles(text)[1])


@lru_cache(maxsize=256)
def _post_titles(question: str) -> tuple[str, tuple]:
    """The question in the law's words for posts (knowledge/lexicon/posts.yaml), cleaned, and the titles of the posts
    it names (knowledge/lexicon/statements.yaml `post`); read once per question, though every khoản of every hit is
    weighed against it."""
    cleaned = clean(default_lexicon().rewrite(question, "posts"))
    return cleaned, tuple(default_lexicon().find(cleaned, STATEMENTS, ("post",)))


def _post_words(question: str) -> list[str]:
    """The folded words of the posts a question names (a title and the POST_SPAN words after it), or all its words
    when it names none."""
    cleaned, titles = _post_titles(question)
    if not titles:
        return _words(cleaned).lower().split()
    return [word for title in titles for word in _words(cleaned[title.start:]).lower().split()[:POST_SPAN]]


def quote_part(unit: Unit, clause: str, point: str = "") -> tuple[str, str] | None:
    """The named khoản (with its điểm) or điểm (with its khoản's lead-in) of a unit, quoted whole."""
    parts = clauses(unit.text)
    if point:
        for part in parts:
            if part.point == point and (part.clause == clause or not clause):
                return part.label, f"{part.lead}\n{part.text}" if part.lead else part.text
    for part in parts:
        if part.clause == clause and not part.point:
            return part.label, _clause_text(parts, part)
    if unit.clause == clause:
        return clause_name(clause), unit.text
    return None


def clause_name(clause: str) -> str:
    """A khoản's label as ingest.structure writes it ("khoản 2"); "" for none."""
    return Clause(clause, "", "").label


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[“”\"'‘’«»()]", " ", fold(text).lower())).strip()


def _clause_text(parts, clause) -> str:
    """A khoản with its điểm."""
    points = [p.text for p in parts if p.point and clause.clause and p.clause == clause.clause]
    return "\n".join([clause.text, *points])


# "2 lần mức lương cơ sở": a number before the amount's unit.
AMOUNT_RE = re.compile(rf"(\d+(?:,\d+)?)\s+(?:{stated('amount-unit')})")
DAY, MONTH, YEARLY = stated("day"), stated("month"), stated("yearly")
# "trước ngày 15/01", "chậm nhất vào ngày 15 tháng 01 hằng năm": a before-word and a date.
DEADLINE_RE = re.compile(rf"((?:{stated('before')})\s+(?:(?:{DAY})\s+)?[\d/]+(?:\s+(?:{MONTH})\s+\d+)?"
                         rf"(?:\s+(?:{DAY}|{YEARLY}))?)")
# A day of the year a text sets ("ngày 15 tháng 01 hằng năm", "ngày 15/01", "tháng 12 hằng năm"): a deadline's
# evidence even without "trước" or "chậm nhất".
DATE_RE = re.compile(rf"(?:{DAY})\s+\d{{1,2}}(?:\s+(?:{MONTH})\s+\d{{1,2}}|/\d{{1,2}})|(?:{MONTH})\s+\d{{1,2}}\s+"
                     rf"(?:{YEARLY})", re.IGNORECASE)
# "05 năm liên tục được tặng": a two-digit count and its unit.
COUNT_RE = re.compile(rf"(\d{{2}}\s+(?:{stated('count-unit')})(?:\s+(?:{stated('streak')}))?"
                      rf"(?:\s+(?:{stated('awarded')}))?)")
# "có hiệu lực thi hành kể từ ngày …"
EFFECTIVE_RE = re.compile(rf"((?:{stated('effective')})[^.;\n]*?(?:{stated('since')})\s+(?:{DAY})\s+[^.;\n]+)")
# The words of a khoản's line before "quyết định tặng": who decides.
DECIDER_RE = re.compile(rf"(?:^|\n)(?:\d+\.\s+)?([^\n.;:]{{3,160}}?)\s+(?:{stated('decides')})")
NEGATION_RE = re.compile(rf"\b(?:{stated('negation')})\b")


def direct_line(question: str, quote: str, citation: Citation, intent: str = "", subject: str = "",
                yes_no: bool = False) -> str:
    """A first line that answers where the quoted text states it plainly: the figure, the deadline, the
    count, who decides, Có / Không; otherwise what the quoted text is about."""
    said, line = _direct(question, quote, citation, intent, subject, yes_no)
    return f"{said} {line}" if said else line


def _direct(question: str, quote: str, citation: Citation, intent: str = "", subject: str = "",
            yes_no: bool = False) -> tuple[str, str]:
    """The Có / Không the quoted rule says of a yes/no ("" when it says none), and the line over the quote."""
    said, line = "", _line(question, quote, citation, intent, subject)
    if line is not None:
        return said, line
    title = citation.article_title
    title = "" if title.startswith("[") or default_lexicon().says(title, STATEMENTS, "unverified") else title
    subject_line = f" về {title if len(title) <= 90 else title[:88].rsplit(' ', 1)[0] + '…'}" if title else ""
    # Có / Không only where the quoted rule itself says it; whether someone qualifies is the eligibility rules' call
    # and names the award asked about (a clause on another award never answers "Có" for this one).
    if yes_no and intent not in ("criteria", "eligibility", "list", "definition") \
            and (not subject or _words(subject) in _words(quote)):
        said = _yes_no(question, quote)
    return said, f"{_source(citation)}{subject_line}:"


def _source(citation: Citation) -> str:
    """The words naming where the quote is from: "Theo khoản 1 Điều 24 Luật …"."""
    return f"Theo {citation.location} {citation.short_document}".replace("  ", " ")


def _line(question: str, quote: str, citation: Citation, intent: str = "", subject: str = "") -> str | None:
    """The line that states what the quote answers (the figure, the deadline, the count, who decides, the day a
    text takes effect); None when it states none of them."""
    source = _source(citation)
    about = f" {subject}" if subject else ""

    def wants(kind: str) -> bool:
        return intent == kind or (not intent and default_lexicon().says(question, ASKED, kind))

    # One figure only: a quote that holds several (a table of awards) never makes a figure line of them all.
    if wants("amount") and (subject or not intent) and len(amounts := set(AMOUNT_RE.findall(quote))) == 1:
        # a ceiling the clause sets ("kèm theo mức tiền thưởng không quá 0,6 lần") is said as one, not as the sum
        capped = default_lexicon().ends_with(quote[:AMOUNT_RE.search(quote).start()], "limits", "ceiling")
        return f"{source}: mức thưởng{about} là {'không quá ' if capped else ''}{amounts.pop()} lần mức lương cơ sở."
    if wants("deadline") and (deadlines := DEADLINE_RE.findall(quote)):
        return f"{source}: thời hạn là {'; '.join(dict.fromkeys(deadlines))}."
    if (match := EFFECTIVE_RE.search(quote)) and default_lexicon().says(question, ASKED, "force"):
        return f"{source}: {citation.short_document} {match.group(1)}."  # the text whose force it is, by name
    if wants("count") and (match := COUNT_RE.search(quote)):
        return f"{source}: yêu cầu {match.group(1)}."
    if intent == "authority" and (matches := list(DECIDER_RE.finditer(quote))):
        overlap, named = max((actor_overlap(question, quote[match.start(1):]), i) for i, match in enumerate(matches))
        if overlap >= ACTOR_EVIDENCE:  # the question names the post: it asks what this post gives
            return f"{source}: {_clause_sentence(quote, matches[named])}"
        deciders = list(dict.fromkeys(match.group(1).strip() for match in matches
                                      if not default_lexicon().starts_with(match.group(1), STATEMENTS, "competence")))
        if len(deciders) > 1:
            return f"{source}: {'; '.join(deciders)} quyết định tặng{about}, mỗi cấp theo khoản dưới đây."
        if deciders:
            return f"{source}: {deciders[0]} quyết định tặng{about}."
    return None


# The "có … không" asked, in folded words; the auxiliaries before its verb ("có được nhận", "có phải").
YES_NO_OPEN_RE = re.compile(rf"\b(?:{asking('yes-no-open')})\b")
PREDICATE_RE = re.compile(rf"{YES_NO_OPEN_RE.pattern} ((?:\w+ ){{0,3}}\w+)(?=(?: \w+){{0,8}} "
                          rf"(?:{asking('yes-no-close')})\b)")
AUXILIARIES = frozenset(fold(word).lower() for word in default_lexicon().phrases(ASKED, "auxiliary"))


def _clause_sentence(quote: str, match: re.Match) -> str:
    """The sentence of a quoted khoản that starts at its actor, without the khoản's number."""
    sentence = quote[match.start(1):].split("\n", 1)[0].strip()
    return sentence if sentence.endswith((".", ";")) else f"{sentence}."


def _words(text: str) -> str:
    """Folded words only: “Huân chương Lao động” hạng Ba reads as huan chuong lao dong hang ba."""
    return " ".join(re.findall(r"\w+", fold(text)))


# The words texts list things by (asked.yaml listed: "loại", "danh hiệu"), folded: read once
LISTING_WORDS = frozenset(_words(word).lower() for word in default_lexicon().phrases(ASKED, "listed"))


def _yes_no(question: str, quote: str) -> str:
    """ "Không." when the sentence of the quote closest to the question negates what is asked, "Có." when it
    states it; nothing when no sentence is close enough to tell. The sentence must speak of what is asked, the
    words after "có được / có phải / có cần …" ("nhận cả" in "có được nhận cả hai không?"), not only share the
    award's name with the question."""
    plain = not has_diacritics(question)
    wanted = phrases(question, plain)
    folded = _words(question).lower()
    asked = [m for start in YES_NO_OPEN_RE.finditer(folded) if (m := PREDICATE_RE.match(folded, start.start()))]
    words = asked[-1].group(1).split() if asked else []  # the last "có" of the "có … không": "cơ sở" folds alike
    while words and words[0] in AUXILIARIES:
        words.pop(0)
    verb = " ".join(words[:2])  # two syllables: "nhận cả", not the "nhận" of "công nhận"
    best, best_score, tied = "", 0, False
    for sentence in re.split(r"(?<=[.;])\s+|\n", quote):
        if verb and f" {verb} " not in f" {_words(sentence).lower()} ":
            continue
        score = len(phrases(sentence, plain) & wanted)
        if score > best_score:
            best, best_score, tied = sentence, score, False
        elif score == best_score:
            tied = True
    # (two sentences as close: the rule answers by a condition, "… khác nhau thì …" / "… cùng … thì …", no bare yes)
    if best_score < (1 if verb else 2) or tied:  # the words asked found in it are evidence of their own
        return ""
    return "Không." if NEGATION_RE.search(best.lower()) else "Có."


def amount_line(unit: Unit, quoted: tuple[str, str] | None, subject: AwardMention, catalogue: Catalogue,
                intent: str = "amount", clause: str = "",
                fit: Callable[[str], bool] | None = None, asked: str = "") -> tuple[str, str] | None:
    """In a table-like khoản (one điểm per award: amounts, deadlines), the điểm naming this award (and hạng) with
    its khoản's lead-in, or a line of a khoản of no điểm naming it with the figure; of the khoản `clause` when one is
    named; of those that `fit` (whom it is for, read from its lead-in and line) when several name the award, the one
    sharing most phrases with the question `asked` ("Kỷ niệm chương của Bộ …": the line of a ministry's, not of the
    Standing Committee's), else the first."""
    evidence = DEADLINE_RE if intent == "deadline" else AMOUNT_RE
    lines = []
    for part in clauses(unit.text):
        if clause and part.clause != clause:
            continue
        # a khoản of no điểm, line by line: "Cá nhân … 15,5 lần …" and "Tập thể … gấp hai lần …" are for others
        for text in [part.text] if part.point else part.text.splitlines():
            if not evidence.search(text):
                continue
            named = [m for m in catalogue.mentions(text) if m.award == subject.award]
            if named and (not subject.grade or any(m.grade == subject.grade for m in named)):
                line = part.label, f"{part.lead}\n{text}" if part.lead else text
                if fit is None or fit(line[1]):
                    lines.append((line, text))
    if not lines:
        return quoted
    plain = not has_diacritics(asked)
    wanted = phrases(asked, plain)
    return max(lines, key=lambda item: len(phrases(item[1], plain) & wanted))[0]  # the first of equals


def combine(question: str, answers: list[Answer]) -> Answer:
    """Several questions in one message: one answer each, in order."""
    first = answers[0]
    covered = any(a.covered for a in answers)
    combined = Answer(question, covered=covered, lead=first.lead, said=first.said, quote=first.quote,
                      quote_citation=first.quote_citation, hits=first.hits, relevance=max(a.relevance for a in answers),
                      intent=first.intent, parts=answers)
    for answer in answers:
        for citation in answer.citations:
            if all(c.text != citation.text for c in combined.citations):
                combined.citations.append(citation)
        combined.warnings += [w for w in answer.warnings if w not in combined.warnings]
    return combined


# A text that only hands the rule to another ("b) Quy định chi tiết thủ tục cấp đổi…", "… do Chính phủ quy định.")
# The number or letter opening a khoản's or điểm's line ("2. ", "b) ", "[đ)] ").
ITEM_NUMBER = r"\[?[^\W\d_]\)\]?|\d+\."
DELEGATION_RE = re.compile(
    rf"^\W*(?:(?:{ITEM_NUMBER})\s*)?(?:{stated('delegates')})\s+"
    rf"(?P<topic>[^;.:]{{8,160}}?)(?:\s+(?:{stated('following')})\s+(?:{stated('part')})\b[^;.]*)?\s*[;.:]?\s*$"
    rf"|^(?P<subject>[^;.:]{{8,160}}?)\s+(?:{stated('by')})\s+(?:{stated('delegate')}|(?:{stated('delegate-head')})"
    rf"[^;.]{{0,60}})\s+(?:{stated('rules')})\s*[;.]?\s*$", re.IGNORECASE)
# "… do cơ quan nào quy định?", "Thủ tướng được phân quyền những nhiệm vụ gì?": the delegation is the answer
WHO_RULES_RE = re.compile(rf"\b(?:{asking('who')})\b.{{0,30}}\b(?:{asking('rule')})\b"
                          rf"|\b(?:{asking('rule-where')})\b|\b(?:{asking('duties')})\b")
# How much or how long ("là bao nhiêu", "mấy năm"), not how many of the things a text lists ("mấy loại"), nor people
# named so ("mấy anh bảo vệ")
QUANTITY_ASKED_RE = re.compile(rf"\b(?:{asking('quantity')})\b(?!\s+(?:{asking('listed')}|{asking('people')})\b)")
# A figure (read after the number of a khoản or điểm is taken off its line)
FIGURE_RE = re.compile(r"(?<!\w)\d+(?:[.,]\d+)*")
# "15%", "15 phần trăm": a rate, its number grouped
RATE_WORD = default_lexicon().alternation("limits", "rate")
RATE_RE = re.compile(rf"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(?:%|(?:{RATE_WORD})(?!\w))", re.IGNORECASE)


# How far the best article must stand ahead of the next (share of its fused score) for a clause found by retrieval
# alone to be answered without a doubt, when it is not also the closest in meaning (bench/sure.py).
CLAUSE_MARGIN = 0.1
# How far the khoản found must stand ahead of another khoản of the same article (chosen with `thiduabot eval` over
# every question set: 0.1 hedged more right answers for the same confident-wrong ones).
SIBLING_MARGIN = 0.05


def actions_said(lexicon: Lexicon, text: str) -> set[str]:
    """The actions a text says (revoking, regulating…): in a question's words for them (actions.yaml) or in the
    words only a text says them with (actions_said.yaml: "phân cấp cho …")."""
    return {*lexicon.labels(text, "actions"), *lexicon.labels(text, SAID)}


def clause_fits(lexicon: Lexicon, part: Part, hits: list[Hit], quote: str, named: set[str]) -> bool:
    """Whether a clause found by retrieval alone answers the question as far as can be told: the unit names an
    award asked about (`named`: the awards its text names) when one is asked; the clause says a word of the kind
    of rule asked (knowledge/lexicon/ruling.yaml) and the action asked, if any (actions.yaml); no other khoản of
    its article (nor another part of a khoản split for length) is found within SIBLING_MARGIN of its score; and the
    article stands out of retrieval: ahead of the next article by CLAUSE_MARGIN of its score, or also the closest in
    meaning (bench/sure.py). A list asked for ("… gồm những thành viên nào?") must be the clause's: listed_unsaid."""
    asked = {mention.award for mention in part.awards}
    if asked and not asked & named:
        return False
    if lexicon.phrases("ruling", part.intent) and not lexicon.says(quote, "ruling", part.intent):
        return False
    if part.action and part.action not in actions_said(lexicon, quote):
        return False  # asked who revokes, the clause says nothing of revoking
    if part.intent == "list" and listed_unsaid(part.text, quote):
        return False  # asked which members, the clause lists none
    top = hits[0]
    place = (top.unit.doc.id, top.unit.article)
    # another khoản of the same article (or another part of a long khoản) found neck and neck: which answers is unclear
    sibling = next((hit for hit in hits[1:] if (hit.unit.doc.id, hit.unit.article) == place
                    and hit.unit.unit_id != top.unit.unit_id and hit.unit.text.strip() not in quote), None)
    if sibling is not None and top.score > 0 and (top.score - sibling.score) / top.score < SIBLING_MARGIN:
        return False
    second = next((hit for hit in hits[1:] if (hit.unit.doc.id, hit.unit.article) != place), None)
    densest = max(hits[:10], key=lambda hit: hit.dense)
    return second is None or top.score <= 0 or (top.score - second.score) / top.score >= CLAUSE_MARGIN \
        or (densest.unit.doc.id, densest.unit.article) == place


# The words of a question that only ask (whether, may, which, who speaks), not what it is about: never a
# circumstance (knowledge/lexicon).
ASKING = ("eligibility_triggers", "question_words", "particles", "speakers", "kinds", "verbs")
UNSTATED_TERMS = 2  # words of two syllables or more a question states and its award's clause never says


def what_is_told(lexicon: Lexicon, question: str, mentions: list[AwardMention]) -> tuple[str, set[str]]:
    """A question without its words that only ask, and the words (folded, one spelling of i/y) of the award names it
    wrote: what it says of its own besides the awards."""
    told = without_spans(question, [f for taxonomy in ASKING for f in lexicon.find(question, taxonomy)], ";")
    return told, {spelled(word) for mention in mentions for word in key(mention.text).split()}


def unstated(lexicon: Lexicon, question: str, mentions: list[AwardMention], quote: str) -> list[str]:
    """What a question about an award tells of the person or the case that the clause quoted does not say ("bị
    cắt hợp đồng", "chi bộ … đảng viên"): its words of two syllables or more, outside the award names it wrote and
    the words that only ask, that the clause says in no form. Several of them: the clause sets the award's rule, not
    a rule for that case."""
    told, named = what_is_told(lexicon, question, mentions)
    said = set(syllables(quote)) | set(syllables(quote, plain=False))
    terms = [term for term in content_terms(told) if len(term) > 1 and not term_found(term, said)
             and not term_found(plain := tuple(spelled(fold(word).lower()) for word in term), said)
             and not set(plain) <= named]
    return [" ".join(term) for term in dict.fromkeys(terms)]


CLOSEST_CLAUSES = 2  # clauses quoted under an answer not sure of its own
CLOSEST_CHARS = 600  # each of them at most this long, cut at a word


def closest_clauses(query: str, answer: Answer, shown: set[str],
                    keep: Callable[[Unit], bool]) -> list[tuple[Citation, str]]:
    """For an answer not sure of its clause: the next units found after the one quoted, in retrieval's order (a
    sibling khoản of the same article, or another article), each with its part closest to the question. `shown`:
    the units and citations already shown in the reply (every part's quote, the clauses listed before), updated;
    `keep`: the units that may be shown without a warning (in force, of the users' own province or national)."""
    found: list[tuple[Citation, str]] = []
    for hit in answer.hits:
        if len(found) >= CLOSEST_CLAUSES:
            break
        unit = hit.unit
        if unit.unit_id in shown or not keep(unit):
            continue
        shown.add(unit.unit_id)
        best = decisive_clause(query, unit, "", answer.intent)
        label, text = best if best else ("", unit.text)
        text, citation = text.strip(), Citation.of(unit, label)
        if not text or text in answer.quote or citation.text in shown:
            continue  # the same citation twice: two parts of one khoản split for length
        shown.add(citation.text)
        found.append((citation, excerpt(text, query, CLOSEST_CHARS)))
    return found


BOUNDARY_RE = re.compile(r"[,;:]\s+|\n")  # where a long clause's parts begin
MARKER_RE = re.compile(r"^\S{1,4}[.)]\s")  # "2. ", "a) ", "[b)] ": the clause's own number


def excerpt(text: str, query: str, limit: int) -> str:
    """A clause longer than `limit` cut at words: from its start, unless a later part of it shares more of the
    question's phrases ("2. Bộ trưởng, … Chủ tịch Ủy ban nhân dân cấp tỉnh xem xét, công nhận thành tích, đề nghị Thủ
    tướng …": the long list of bodies before the part asked about); then its number, "…", and that part."""
    if len(text) <= limit:
        return text
    plain = not has_diacritics(query)
    wanted = phrases(query, plain)

    def shared(start: int) -> int:
        return len(phrases(text[start:start + limit], plain) & wanted)

    # the earliest start that keeps the most: what leads to the part asked about, as much as fits
    start = max([0, *(match.end() for match in BOUNDARY_RE.finditer(text))], key=lambda at: (shared(at), -at))
    if start == 0 or shared(start) <= shared(0):
        return text[:limit].rsplit(" ", 1)[0] + " …"
    marker = MARKER_RE.match(text)
    part = text[start:start + limit]
    cut = part if start + limit >= len(text) else part.rsplit(" ", 1)[0] + " …"
    return f"{marker.group(0) if marker else ''}… {cut}"


def topic_gap(question: str, answer: Answer, ruled: bool = False) -> Answer | None:
    """A retrieved text that does not hold the rule asked about is a gap, shown as a reference: the sentence
    closest to the question only hands the rule to another text ("Quy định chi tiết thủ tục …"), or the question
    asks how much and that sentence states no figure, or a rate and the quote states none. `ruled`: the quote is
    the catalogue's rule of the award asked."""
    if not answer.covered or not answer.quote_citation:
        return None
    # (the rule of an award only the story named may share no words with the question: its first line is the reference)
    sentence = _closest_sentence(question, answer.quote) or (answer.quote.strip().split("\n", 1)[0] if ruled else "")
    if not sentence:
        return None
    folded = key(question)
    citation = answer.quote_citation
    delegated = DELEGATION_RE.match(sentence)
    topic = (delegated.group("topic") or delegated.group("subject") or "").strip() if delegated else ""
    plain = not has_diacritics(question)
    if delegated and not WHO_RULES_RE.search(folded) and len(phrases(topic, plain) & phrases(question, plain)) >= 2:
        gap = TopicGap(citation, sentence, topic)
    elif (QUANTITY_ASKED_RE.search(folded) and not _has_figure(answer.quote)) or asks_referred(question) \
            or (default_lexicon().says(question, "limits", "rate-asked") and not RATE_RE.search(answer.quote)):
        gap = TopicGap(citation, sentence)
    else:
        return None
    return not_covered(question, "", answer.hits, answer.relevance, [citation], gap)


def asks_referred(question: str) -> bool:
    """Whether a question asks a figure the texts only refer to ("Lương cơ sở hiện nay là bao nhiêu?";
    knowledge/lexicon/limits.yaml `referred-asked`): another text sets it, so no clause stating a multiple of it
    answers."""
    return default_lexicon().says(question, "limits", "referred-asked")


def _has_figure(text: str) -> bool:
    return any(FIGURE_RE.search(re.sub(rf"^\W*(?:{ITEM_NUMBER})\s*", "", line)) for line in text.splitlines())


def _closest_sentence(question: str, quote: str) -> str:
    """The line of a quote sharing the most phrases with the question."""
    plain = not has_diacritics(question)
    wanted = phrases(question, plain)
    best, best_score = "", 0
    for line in quote.splitlines():
        score = len(phrases(line, plain) & wanted)
        if score > best_score:
            best, best_score = line.strip(), score
    return best
