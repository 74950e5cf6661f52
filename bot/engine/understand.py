"""A message turned into data: what is asked, about which award, for whom, where; its questions and its facts.

Retrieval, composition and the eligibility rules read an `Understanding`; none of them re-parses the text.
Awards come from knowledge/award_rules.yaml (with the aliases of knowledge/awards.yaml); names are matched
without diacritics, so "chien sy thi dua cap tinh", "CSTĐ cấp tỉnh" and "chiến sĩ thi đua Bộ, ban, ngành, tỉnh"
are one award.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot.engine.kinds import Kind, KindClassifier, KindGuess
from bot.lexicon import Found, Lexicon, Taxonomy, default_lexicon
from ingest.legal_refs import document_mentions
from ingest.vietnamese import clean, fold, match_form, nfc

# Intents answered by an award's ruling article; `count` and `eligibility` read the criteria.
RULED_INTENTS = {"criteria": "criteria", "count": "criteria", "eligibility": "criteria", "amount": "amount",
                 "authority": "authority", "dossier": "dossier", "deadline": "deadline"}


LEXICON_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "lexicon"


def key(text: str) -> str:
    """Folded, lower-case, quotes dropped, spaces collapsed: the form names and patterns are matched in.
    "sỹ" is written "sĩ" by the law."""
    return re.sub(r"\s+", " ", match_form(text)).strip()


QUESTIONS = "question_words"  # the taxonomy of question words (knowledge/lexicon)
MAX_PARTS = 3


@dataclass(frozen=True)
class RuleRef:
    """A unit that rules an award for one kind of question."""

    doc: str
    article: str
    clause: str = ""
    point: str = ""
    grade: str = ""
    local: bool = False


@dataclass
class AwardRules:
    id: str
    names: list[str]
    rules: dict[str, list[RuleRef]]
    listed_in: RuleRef | None = None
    display: str = ""

    @property
    def name(self) -> str:
        return self.display or self.names[0]


@dataclass(frozen=True)
class AwardMention:
    award: str  # id
    text: str  # as written
    grade: str = ""  # nhất / nhì / ba


@dataclass
class Part:
    """One question of a message: its text, what it asks and the awards it is about."""

    text: str
    intent: str
    awards: list[AwardMention]
    yes_no: bool = False
    focus: str = ""  # what differs in a follow-on ("còn ngành giáo dục thì sao?"): picks the khoản to quote
    sure: bool = True  # whether the kind of question was clear (bot/engine/kinds.py)
    compared: str = ""  # for a comparison, the kind of rule compared ("mức thưởng A so với B": amount)
    action: str = ""  # what is asked be done other than conferring (knowledge/lexicon/actions.yaml): revoke, ...


@dataclass
class Understanding:
    """`intent` (of the first question): greeting, help, status, compare, amount, count, deadline, dossier,
    authority, eligibility, criteria, definition, list or content (anything else)."""

    message: str
    intent: str
    parts: list[Part] = field(default_factory=list)
    awards: list[AwardMention] = field(default_factory=list)
    who: list[str] = field(default_factory=list)
    province: str = ""
    facts: list[str] = field(default_factory=list)
    yes_no: bool = False
    documents: list[str] = field(default_factory=list)

    @property
    def question(self) -> str:
        """The message's question sentences (what retrieval searches for)."""
        return " ".join(part.text for part in self.parts) or self.message

    @property
    def facts_text(self) -> str:
        """What the user told about the nominee (years, titles, ratings): for the eligibility rules."""
        return " ".join(self.facts)


class Catalogue:
    """The awards and the units that rule them (knowledge/award_rules.yaml + aliases of knowledge/awards.yaml)."""

    def __init__(self, awards: list[AwardRules], grades: tuple[str, ...] = ("nhất", "nhì", "ba")) -> None:
        self.awards = {award.id: award for award in awards}
        self.grades = grades
        names = sorted({(key(name), award.id) for award in awards for name in award.names},
                       key=lambda item: len(item[0]), reverse=True)
        self._names = names
        alternatives = "|".join(re.escape(name) for name, _ in names)
        grade_words = "|".join(key(grade) for grade in grades)
        self._pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)(?:\s*,?\s*hang\s+({grade_words})\b)?") \
            if names else None
        self._by_name = dict((name, award_id) for name, award_id in reversed(names))
        # "hạng Nhất, hạng Nhì" / "hạng Nhất và Nhì" after a graded name: the same award in each grade
        self._more_grades = re.compile(
            rf"\s*(?:,|va|hoac)\s*(?:hang\s+({grade_words})|({grade_words})(?=\s*(?:[,?.;]|$)))\b")

    @classmethod
    def load(cls, rules_path: Path, awards_path: Path | None = None) -> Catalogue:
        if not rules_path.is_file():
            return cls([])
        raw = yaml.safe_load(rules_path.read_text(encoding="utf-8")) or {}
        aliases: dict[str, list[str]] = {}
        if awards_path is not None and awards_path.is_file():
            for item in (yaml.safe_load(awards_path.read_text(encoding="utf-8")) or {}).get("awards", []):
                aliases[item["id"]] = [str(a) for a in item.get("aliases", [])] + [str(item.get("short", ""))]
        awards = []
        for item in raw.get("awards", []):
            rules = {intent: [_rule(ref) for ref in refs or []] for intent, refs in (item.get("rules") or {}).items()}
            listed = _rule(item["listed_in"]) if item.get("listed_in") else None
            names = [nfc(str(n)) for n in item["names"]] + [nfc(a) for a in aliases.get(item["id"], []) if a]
            awards.append(AwardRules(item["id"], names, rules, listed, nfc(str(item.get("display", "")))))
        return cls(awards, tuple(str(g) for g in raw.get("grades", ("nhất", "nhì", "ba"))))

    def mentions(self, text: str) -> list[AwardMention]:
        """Awards named in a text, longest name first, each once ("Tập thể lao động tiên tiến" is not also
        "Lao động tiên tiến"); an award named in several grades ("hạng Nhất, hạng Nhì") once per grade."""
        if not self._pattern:
            return []
        folded = key(text)
        found: dict[str, list[AwardMention]] = {}
        for match in self._pattern.finditer(folded):
            award_id = self._by_name[match.group(1)]
            named = [AwardMention(award_id, match.group(0), self._grade(match.group(2)))]
            end = match.end()
            while match.group(2) and (more := self._more_grades.match(folded, end)):
                grade = more.group(1) or more.group(2)
                named.append(AwardMention(award_id, f"hang {grade}", self._grade(grade)))
                end = more.end()
            held = found.setdefault(award_id, [])
            for mention in named:
                if mention.grade and held and not held[0].grade:
                    held.clear()  # the graded name says more than an earlier bare one
                if not any(m.grade == mention.grade for m in held) and (mention.grade or not held):
                    held.append(mention)
        return [mention for held in found.values() for mention in held]

    def masked(self, text: str, placeholder: str = "danh hiệu") -> str:
        """The text with every award name replaced by a placeholder: what is asked, without what it is asked about
        (the kind of a question is told apart from its topic)."""
        text = nfc(text)
        folded = fold(text).lower()
        if not self._pattern or len(folded) != len(text):
            return text
        pieces, end = [], 0
        for match in self._pattern.finditer(folded):
            pieces += [text[end:match.start()], placeholder]
            end = match.end()
        return "".join(pieces) + text[end:]

    def _grade(self, folded: str | None) -> str:
        return next((g for g in self.grades if key(g) == folded), "") if folded else ""

    def rules_for(self, mention: AwardMention, intent: str) -> list[RuleRef]:
        award = self.awards.get(mention.award)
        if award is None or intent not in RULED_INTENTS:
            return []
        refs = award.rules.get(RULED_INTENTS[intent], [])
        return [ref for ref in refs if not ref.grade or not mention.grade or key(ref.grade) == key(mention.grade)]

    def name(self, award_id: str) -> str:
        award = self.awards.get(award_id)
        return award.name if award else award_id


# What may stand between two awards asked about alike: "CSTĐCS và LĐTT", "hạng Nhất, hạng Nhì", "… hoặc danh hiệu …".
COORDINATION_RE = re.compile(r"^[\s,]*(?:(?:va|hoac|cung nhu|voi|hay)[\s,]+)?(?:(?:danh hieu|hinh thuc)\s+)?$")


def coordinated(text: str, mentions: list[AwardMention]) -> bool:
    """Whether a question names its awards side by side ("Tiêu chuẩn CSTĐCS và LĐTT"), so it asks the same of
    each, rather than one award as a step to another ("mấy lần CSTĐCS thì được xét CSTĐ cấp tỉnh?")."""
    folded = key(text)
    spans, start = [], 0
    for mention in mentions:
        at = folded.find(mention.text, start)
        if at < 0:
            return False
        spans.append((at, at + len(mention.text)))
        start = at + len(mention.text)
    return len(spans) > 1 and all(COORDINATION_RE.match(folded[end:begin])
                                  for (_, end), (begin, _) in itertools.pairwise(spans))


def _rule(raw: dict) -> RuleRef:
    return RuleRef(str(raw["doc"]), str(raw["article"]), str(raw.get("clause", "")), str(raw.get("point", "")),
                   str(raw.get("grade", "")), bool(raw.get("local", False)))


@lru_cache(maxsize=1)
def default_kinds() -> KindClassifier:
    """The lexicon alone, for callers without an index (its examples need the index's model)."""
    return KindClassifier(Lexicon.load(LEXICON_DIR))


def guess_of(text: str, kinds: KindClassifier | None = None) -> KindGuess:
    kinds = kinds or default_kinds()
    guess = kinds.classify(text)
    lexicon = kinds.lexicon
    if guess.kind == Kind.AMOUNT and yes_no(text, lexicon) and not lexicon.says(text, QUESTIONS, "quantity"):
        # "có được nhận tiền thưởng cả hai không?" asks a principle of rewards, not a figure
        guess.kind = Kind.CONTENT
    return guess


def intent_of(text: str, kinds: KindClassifier | None = None) -> str:
    return guess_of(text, kinds).kind.value


def is_greeting(text: str, lexicon: Lexicon | None = None) -> bool:
    """Only greeting and thanks words (any politeness around them)."""
    return len(text.split()) <= 8 and (lexicon or default_lexicon()).covers(text, "talk", ("greeting",))


def yes_no(sentence: str, lexicon: Lexicon) -> bool:
    """A sentence ending with a yes/no tail ("… có được không ạ?")."""
    return lexicon.ends_with(sentence, QUESTIONS, "yes-no", "tail")


def sentences(message: str, lexicon: Lexicon | None = None) -> list[str]:
    """Split at sentence ends, line breaks and ordinals ("Thứ nhất, …; thứ hai, …"), and before a second question
    joined by ", và" / ", còn" ("… là gì, và kết quả … có được … không?") or opening with its question word after a
    comma ("… là gì, ai có thẩm quyền …?")."""
    lexicon = lexicon or default_lexicon()
    text = _cut(message, lexicon.find(message, QUESTIONS, ("ordinal",)), "\n")
    pieces = []
    for piece in re.split(r"(?<=[?!.])\s+|\n+|;\s+", text):
        halves = [piece]
        for found in lexicon.find(piece, QUESTIONS, ("joiner", "second")):
            before = piece[:found.start].rstrip()
            if not before.endswith(","):
                continue
            # ", và …" / ", còn …" or ", ai …": the joining or question word opens the second half
            halves = [before[:-1], piece[found.start:]]
            break
        if len(halves) == 2 and all(_is_question(half, lexicon) for half in halves):
            pieces += halves
        else:
            pieces.append(piece)
    return [piece.strip(" ,;:-") for piece in pieces if piece and piece.strip(" ,;:-")]


def _cut(text: str, found: list[Found], by: str) -> str:
    """`text` with each phrase found (and a comma or colon after it) replaced by `by`."""
    pieces, end = [], 0
    cleaned = clean(text)
    for phrase in found:
        pieces += [cleaned[end:phrase.start], by]
        end = phrase.end + (1 if cleaned[phrase.end:phrase.end + 1] in (",", ":") else 0)
    return "".join(pieces) + cleaned[end:]


def _is_question(sentence: str, lexicon: Lexicon) -> bool:
    return "?" in sentence or lexicon.says(sentence, QUESTIONS, "question") or yes_no(sentence, lexicon)


def _is_formula(sentence: str, lexicon: Lexicon) -> bool:
    """Only an address or an announcement of questions ("Chị ơi cho em hỏi với."), or a formula of a letter that
    asks nothing ("Trân trọng cảm ơn.", not "Chào anh, cho em hỏi tiêu chuẩn …")."""
    return lexicon.covers(sentence, "talk", ("address",)) or (
        lexicon.starts_with(sentence, "talk", "formula") and not lexicon.says(sentence, QUESTIONS, "core"))


def _is_help(message: str, lexicon: Lexicon) -> bool:
    """A question about the assistant, or a wish to ask that names no question yet ("Tôi muốn hỏi về thi đua")."""
    return lexicon.says(message, "talk", "help") or (
        lexicon.covers(message, "talk", ("address", "wish", "topic", "greeting"))
        and lexicon.says(message, "talk", "wish"))


def named_province(message: str, places: tuple[str, ...], lexicon: Lexicon) -> str:
    """The province a message names: one of `places` (the knowledge base's own), else one of the lexicon's
    (places.yaml).
    Typed with diacritics the name must be written so ("Hằng năm định kỳ" does not name Nam Định, "đa năng" not Đà
    Nẵng); typed without, it is matched without them ("hai phong")."""
    for found in _own_places(tuple(places)).find(clean(message)):
        return found.label
    return next(iter(lexicon.labels(message, "places")), "")


@lru_cache(maxsize=8)
def _own_places(places: tuple[str, ...]) -> Taxonomy:
    return Taxonomy("places", {place: [place] for place in places})


def understand(message: str, catalogue: Catalogue, places: tuple[str, ...] = (),
               kinds: KindClassifier | None = None) -> Understanding:
    """The message as data. Several questions in one message become several parts (at most three). `places`:
    provinces the knowledge base has rules of, besides the common ones."""
    message = nfc(message).strip()
    lexicon = (kinds or default_kinds()).lexicon
    who = lexicon.labels(message, "nominees")
    province = named_province(message, places, lexicon)
    if is_greeting(message, lexicon):
        return Understanding(message, "greeting", who=who, province=province)
    awards = catalogue.mentions(message)
    if _is_help(message, lexicon) and not awards:
        return Understanding(message, "help", who=who, province=province)
    if kinds is not None and not awards and (talk := kinds.small_talk(message)):
        return Understanding(message, talk.value, who=who, province=province)
    questions, facts = [], []
    guesses: dict[str, KindGuess] = {}
    for sentence in sentences(message, lexicon):
        if _is_formula(sentence, lexicon):
            continue
        (questions if _is_question(sentence, lexicon) else facts).append(sentence)
    if not questions:  # a statement that is the question ("Tiêu chuẩn Lao động tiên tiến")
        questions, facts = facts[-1:], facts[:-1]
    parts: list[Part] = []
    for sentence in questions:
        guess = guess_of(sentence, kinds)
        intent = guess.kind.value
        guesses[sentence] = guess
        mentioned = catalogue.mentions(sentence)
        asks_yes_no = yes_no(sentence, lexicon)
        previous = parts[-1] if parts else None
        own_question = intent == "content" and asks_yes_no and len(re.findall(r"\w+", key(sentence))) >= 10
        if previous is None:
            parts.append(Part(sentence, intent, mentioned, asks_yes_no, sure=guess.sure))
        elif previous.intent == "content" and intent != "content":
            # the sentences before were context ("Tôi là công nhân…"); this one is the question
            facts.append(previous.text)
            parts[-1] = Part(sentence, intent, mentioned or previous.awards, asks_yes_no or previous.yes_no,
                             sure=guess.sure)
        elif intent == "content" and mentioned and previous.awards and mentioned != previous.awards \
                and previous.intent in RULED_INTENTS:
            # "Còn lao động tiên tiến thì bao nhiêu?": the same question about another award
            parts.append(Part(sentence, previous.intent, mentioned, asks_yes_no))
        elif lexicon.starts_with(sentence, QUESTIONS, "follow-on") and previous.intent != "content":
            # "…, còn ngành giáo dục thì sao?": the previous question with this difference
            parts.append(Part(f"{previous.text} {sentence}", previous.intent, mentioned or previous.awards, asks_yes_no,
                              sentence))
        elif own_question or (intent != "content" and intent != previous.intent):
            parts.append(Part(sentence, intent, mentioned or previous.awards, asks_yes_no, sure=guess.sure))
        else:
            if mentioned and not previous.awards:
                previous.awards = mentioned
            previous.text = f"{previous.text} {sentence}" if len(previous.text) < 300 else previous.text
            previous.yes_no = previous.yes_no or asks_yes_no
    for part in parts:
        if not part.awards and len(parts) == 1:
            part.awards = awards
    parts = parts[:MAX_PARTS]
    for part in parts:
        part.action = next(iter(lexicon.labels(part.text, "actions")), "")
        if part.intent == Kind.COMPARE and (guess := guesses.get(part.text)) is not None:
            ruled = [kind for kind in sorted(guess.scores, key=guess.scores.get, reverse=True) if kind in RULED_INTENTS
                     and kind not in ("eligibility", "count")]
            part.compared = ruled[0] if ruled else "criteria"
    intent = parts[0].intent if parts else "content"
    documents = document_mentions(message)
    return Understanding(message, intent, parts, awards, who, province or "", facts,
                         any(part.yes_no for part in parts), documents)
