"""Ranking by what is asked, a step after retrieval: the ruling units first, titles and defined terms the question
names, the kind of article that rules this kind of question, the parts of a plan's section. Retrieval
(bot/engine/retrieve.py) stays a plain hybrid search; everything here reads the Understanding.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.engine.answer import (
    ACTOR_EVIDENCE,
    COPULAS,
    DEFINES_RE,
    actions_said,
    actor_overlap,
    asking,
    names_post,
    terms_named,
)
from bot.engine.retrieve import Hit
from bot.engine.text import content_terms, phrases, syllables, term_found
from bot.engine.understand import Part, key
from bot.lexicon import default_lexicon
from ingest.structure import clauses
from ingest.units import NOT_IN_FORCE, Unit
from ingest.vietnamese import has_diacritics

# The words of article titles that rule a kind of question (knowledge/lexicon/titles.yaml, labelled by kind),
# lifted when nothing names an award.
TITLES = "titles"
INTENT_BOOST = 1.2
# Each pair of words a unit's title (or a plan's section heading) shares with the question lifts it a little.
TITLE_PAIR_BOOST = 0.06
DEFINITION_BOOST = 1.5
PHRASE_BOOST = 0.05
NAMED_LIFT = 1.1
# A unit saying the action asked joins the hits just below the first; one retrieval found is lifted by a factor, so
# retrieval's order, its margins and its lowering of another province's text are kept among those saying it
ACTION_JOIN = 0.9
ACTION_LIFT = 2.0
# "… được hiểu là gì?", in folded words: the term before the words asking a definition; a text defines the term
# where it stands before the copula ("… được hiểu là …").
DEFINITION_RE = re.compile(rf"([\w ]{{3,80}}?)\s+(?:{asking('definition')})\b")


def _defines(term: str, text: str) -> bool:
    """Whether a folded text states what `term` is ("… tien khoi nghia la …")."""
    return any(f"{term} {copula} " in text for copula in COPULAS)


def boost(hits: list[Hit], part: Part, query: str, units: dict[str, Unit], focus: str = "") -> list[Hit]:
    """Order by what is asked: an article whose title shares the question's words, an article whose title rules
    this kind of question, the unit that defines the term a "… là gì?" question asks about. An article whose
    whole title a list or definition question names ("Huân chương gồm những loại nào?") joins the hits."""
    asked = _plain_words(query)
    # an award's name says which award, not which kind of article: its words do not count as title evidence
    named_award = {pair for mention in part.awards for pair in itertools.pairwise(_plain_words(mention.text).split())}
    pairs = set(itertools.pairwise(asked.split())) - named_award
    top = hits[0].score if hits else 0.0
    named: list[Unit] = []
    folded = _folded(units)
    lexicon = default_lexicon()
    named += [units[i] for i, title in folded.titles.items() if f" {title} " in f" {asked} "]
    defined = _defined_term(part, units) if part.intent == "definition" else ""
    if defined:
        named += [units[i] for i, text in folded.texts.items() if _defines(defined, text)
                  and units[i].doc.status not in NOT_IN_FORCE]
    # "Khen thưởng đột xuất và khen thưởng phong trào thi đua khác nhau thế nào?": two terms compared that the
    # texts define, each where it is defined
    compared = _terms_compared(part, folded) if part.intent == "compare" and not part.awards else set()
    named += [units[i] for i in sorted(compared, key=list(units).index)]
    by_id = {hit.unit_id: hit for hit in hits}
    for unit in named:  # named by the question: first, wherever retrieval put it
        hit = by_id.get(unit.unit_id)
        if hit is None:
            hit = by_id[unit.unit_id] = Hit(unit, 0.0)
            hits.append(hit)
        hit.score = max(hit.score, top * NAMED_LIFT)
    # asked who revokes: the units that say revoking (read once per generation) are candidates, wherever retrieval
    # put them, in the knowledge base's order
    saying = folded.actions.get(part.action, []) if part.action else []
    for unit_id in saying:
        if unit_id in by_id:
            by_id[unit_id].score *= ACTION_LIFT  # retrieval's order (and margins) among those saying it kept
        else:
            by_id[unit_id] = Hit(units[unit_id], top * ACTION_JOIN)
            hits.append(by_id[unit_id])
    acting = set(saying)
    if part.intent == "authority" and saying:
        # asked who does it ("Ai có thẩm quyền tước danh hiệu …?"): the clauses where a post does it, in the question's
        # own verb ("tước", not another way of undoing: "hủy bỏ"), first ("Chủ tịch nước quyết định tước …"), not
        # those giving its grounds ("… mà bị kết tội … thì bị tước danh hiệu")
        verbs = {key(found.phrase).split()[0] for found in lexicon.find(query, "actions") if found.label == part.action}
        lifted = max(hit.score for hit in hits)
        for unit_id in saying:
            if names_post(units[unit_id].text) \
                    and any(re.search(rf"\b{re.escape(verb)}\b", folded.texts[unit_id]) for verb in verbs):
                by_id[unit_id].score = max(by_id[unit_id].score, lifted * NAMED_LIFT)
    if part.intent == "authority":  # "Giám đốc doanh nghiệp được tặng những gì?": the article where that post decides
        for hit in hits:
            if max((actor_overlap(query, c.text) for c in clauses(hit.unit.text)), default=0) >= ACTOR_EVIDENCE:
                hit.score = max(hit.score, top * NAMED_LIFT)
    plain = not has_diacritics(query)
    long_phrases = {p for p in phrases(query, plain) if len(p) >= 3}
    common = _common_title_pairs(units)
    titled = set(lexicon.labels_of(TITLES))
    for hit in hits:
        raw_title = hit.unit.article_title or hit.unit.heading
        title = _plain_words(raw_title)
        shared = len((pairs - common) & set(itertools.pairwise(title.split())))
        hit.score *= 1 + TITLE_PAIR_BOOST * min(shared, 5)
        # asked about an action (revoking, recognising), the kind's articles on conferring are not lifted
        rules = set(lexicon.labels(title, TITLES)) if part.intent in titled and not part.action else set()
        if not raw_title.startswith("[") and part.intent in rules:
            hit.score *= INTENT_BOOST
        elif rules - {part.intent}:
            hit.score /= INTENT_BOOST  # an article ruling another kind of question ("mức tiền thưởng" for a "thủ tục")
        if hit.unit_id in acting:
            hit.score *= INTENT_BOOST  # asked who revokes: a clause that says revoking, not one on conferring
        if (defined and _defines(defined, folded.texts.get(hit.unit_id, ""))) or hit.unit_id in compared:
            hit.score *= DEFINITION_BOOST
        if long_phrases and plain:  # without diacritics the dense model is weak: verbatim phrases count
            hit.score *= 1 + PHRASE_BOOST * min(len(long_phrases & phrases(hit.unit.text, plain)), 6)
    ranked = sorted(hits, key=lambda hit: hit.score, reverse=True)
    return _order_sections(ranked, focus or query)


def _order_sections(hits: list[Hit], focus: str) -> list[Hit]:
    """The parts of one section of a plan share its heading, so retrieval barely tells them apart: within the
    places the section holds in the ranking, the part holding most of the question's topic words (then of its
    phrases) comes first."""
    groups: dict[tuple[str, str], list[int]] = {}
    for index, hit in enumerate(hits):
        if not hit.unit.article:
            groups.setdefault((hit.unit.doc.id, hit.unit.heading), []).append(index)
    plain = not has_diacritics(focus)
    terms, wanted = content_terms(focus), phrases(focus, plain)

    def fit(hit: Hit) -> tuple[int, int]:
        vocabulary = set(syllables(hit.unit.text, plain=plain))
        return (-sum(1 for term in terms if term_found(term, vocabulary)),
                -len(wanted & phrases(hit.unit.text, plain)))

    ordered = list(hits)
    for places in groups.values():
        if len(places) > 1:
            members = sorted((hits[i] for i in places), key=fit)
            for place, member in zip(places, members, strict=True):
                ordered[place] = member
    return ordered


@dataclass
class _Folded:
    """Per loaded generation: unit texts without diacritics, the titles a question can name whole, and the units
    of each article."""

    texts: dict[str, str]
    titles: dict[str, str]
    articles: dict[tuple[str, str], list[Unit]]
    actions: dict[str, list[str]]  # the units in force saying each action of knowledge/lexicon/actions.yaml
    defined: dict[str, set[str]]  # the terms a khoản of a text in force defines ("2. X là …"): its units


# Keyed by the generation's units dict, which the entry keeps alive so that its id is not reused.
_FOLDED: dict[int, tuple[dict, _Folded]] = {}


def _folded(units: dict[str, Unit]) -> _Folded:
    if id(units) in _FOLDED:
        return _FOLDED[id(units)][1]
    titles = {i: title for i, u in units.items() if not u.article_title.startswith("[")
              and u.doc.status not in NOT_IN_FORCE and len(title := _plain_words(u.article_title)) >= 8}
    articles: dict[tuple[str, str], list[Unit]] = {}
    for unit in units.values():
        if unit.article:
            articles.setdefault((unit.doc.id, unit.article), []).append(unit)
    actions: dict[str, list[str]] = {}
    for unit_id, unit in units.items():
        for action in actions_said(default_lexicon(), unit.text) if unit.doc.status not in NOT_IN_FORCE else ():
            actions.setdefault(action, []).append(unit_id)
    defined: dict[str, set[str]] = {}
    for unit_id, unit in units.items():
        for clause in clauses(unit.text) if unit.doc.status not in NOT_IN_FORCE else ():
            if clause.clause and not clause.point and (match := DEFINES_RE.match(key(clause.text))):
                defined.setdefault(match.group(1).strip(), set()).add(unit_id)
    folded = _Folded({i: key(u.text) for i, u in units.items()}, titles, articles, actions, defined)
    _FOLDED.clear()
    _FOLDED[id(units)] = (units, folded)
    return folded


_COMMON_PAIRS: dict[int, tuple[dict, set[tuple[str, str]]]] = {}


def units_saying(units: dict[str, Unit], action: str) -> list[str]:
    """The units in force of a loaded generation that say an action of knowledge/lexicon/actions.yaml (read once per
    generation)."""
    return _folded(units).actions.get(action, [])


def by_article(units: dict[str, Unit]) -> dict[tuple[str, str], list[Unit]]:
    """The units of each (document, article) of a loaded generation."""
    return _folded(units).articles


def _common_title_pairs(units: dict[str, Unit], share: float = 0.12) -> set[tuple[str, str]]:
    """Word pairs in many titles ("thi đua", "khen thưởng") say nothing about which article is meant."""
    if id(units) in _COMMON_PAIRS:
        return _COMMON_PAIRS[id(units)][1]
    titles = {_plain_words(u.article_title or u.heading) for u in units.values()}
    counts: dict[tuple[str, str], int] = {}
    for title in titles:
        for pair in set(itertools.pairwise(title.split())):
            counts[pair] = counts.get(pair, 0) + 1
    common = {pair for pair, count in counts.items() if count > share * max(len(titles), 1)}
    _COMMON_PAIRS.clear()
    _COMMON_PAIRS[id(units)] = (units, common)
    return common


def _plain_words(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w ]", " ", key(text))).strip()


def _defined_term(part: Part, units: dict[str, Unit]) -> str:
    """The longest ending (two to six words) of what a "… là gì?" question asks about that some unit defines
    ("… cán bộ tiền khởi nghĩa được hiểu là …" -> "can bo tien khoi nghia")."""
    match = DEFINITION_RE.search(key(part.text).replace(",", " "))
    if not match:
        return ""
    words = match.group(1).split()
    texts = list(_folded(units).texts.values())
    for n in range(min(6, len(words)), 1 if len(words) <= 2 else 2, -1):
        term = " ".join(words[-n:])
        if any(_defines(term, text) for text in texts):
            return term
    return ""


def _terms_compared(part: Part, folded: _Folded) -> set[str]:
    """The units defining the terms a comparison names, when it names two or more that the texts define (a term
    named only inside a longer one named, "thi đua" in "phong trào thi đua", is not)."""
    found = terms_named(key(part.text), [term for term in folded.defined if len(term.split()) >= 2])
    return {unit_id for term in found for unit_id in folded.defined[term]} if len(found) > 1 else set()


def without(text: str, names: list[str]) -> str:
    """The question without the documents it names: "Luật Thi đua, khen thưởng" says where, not what, and would
    otherwise pick the khoản that repeats "thi đua, khen thưởng"."""
    for name in filter(None, names):
        text = text.replace(name, " ")
    return re.sub(r"\s+", " ", text).strip() or text


def rerank(hits: list[Hit], first: list[Unit]) -> list[Hit]:
    """The ruling units first (in the catalogue's order), then the rest as retrieval ranked them."""
    top = hits[0].score if hits else 1.0
    by_id = {hit.unit_id: hit for hit in hits}
    lifted = [by_id.get(u.unit_id) or Hit(u, top) for u in first]
    for hit in lifted:
        hit.score = max(hit.score, top)
        hit.reasons.append("điều quy định danh hiệu")
    chosen = {hit.unit_id for hit in lifted}
    return lifted + [hit for hit in hits if hit.unit_id not in chosen]
