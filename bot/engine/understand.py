"""A message turned into data: what is asked, about which award, for whom, where; its questions and its facts.

Retrieval, composition and the eligibility rules read an `Understanding`; none of them re-parses the text.
Awards come from the catalogue (knowledge/awards, bot/nomination/catalogue.py) and its one name matcher, so
"chien sy thi dua cap tinh", "CSTĐ cấp tỉnh" and "chiến sĩ thi đua Bộ, ban, ngành, tỉnh" are one award.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.engine.kinds import Kind, KindClassifier, KindGuess
from bot.lexicon import Lexicon, Taxonomy
from bot.nomination.catalogue import RULED_INTENTS, AwardMention, key
from bot.nomination.catalogue import QuestionRules as Catalogue
from bot.nomination.catalogue import RuleRef as RuleRef  # the engine reads rule references from here
from ingest.legal_refs import document_mentions
from ingest.vietnamese import clean, fold, nfc

LEXICON_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "lexicon"


QUANTITY_RE = re.compile(r"\b(bao nhieu|muc|may|lan (muc )?luong)\b")
GREETING_WORDS = frozenset("xin chao ban bot ad admin nhe nha a anh chi em minh cam on nhieu rat thanks thank you "
                           "hello hi alo ok oke vang da ah".split())
HELP_RE = re.compile(r"\b(ban|bot|em|he thong) (co the )?(lam|giup|tra loi|ho tro) (duoc )?(gi|nhung gi|viec gi)\b"
                     r"|\bban la ai\b|\bhuong dan su dung\b|\bgiup duoc gi\b|\blam duoc (gi|nhung gi)\b"
                     r"|\bco the hoi (gi|nhung gi)\b"
                     # a wish to ask that names no question yet: "Tôi muốn hỏi về thi đua"
                     r"|^((toi|em|minh|chau) )?(muon |can |xin )?hoi (ve |chut |ti )?(thi dua|khen thuong|thi dua,? "
                     r"khen thuong)?( a| nhe)?\s*[?.!]*$")
YES_NO_RE = re.compile(r"\b(khong|chua|phai khong|hay khong|duoc khong|co dung khong)\s*(a|ha|vay|nhi|nhe)?\s*[?.!]*$")
QUESTION_WORD_RE = re.compile(
    r"\?|\b(gi|nao|bao nhieu|may (lan|nam|thang|ngay|nguoi)|la ai|cho ai|nhung ai|ai (quyet|co|duoc|ky|tang|la|phat)"
    r"|khi nao|the nao|nhu the nao|ra sao|vi sao|tai sao|phai khong|hay khong|duoc khong"
    r"|cho (em|toi|minh|chau|con) hoi|xin hoi|hoi (ve|giup)|muon biet|can biet|tieu chuan|dieu kien)\b"
    r"|\bkhong\s*(a|ha|vay|nhi)?\s*[?.!]*$")
FORMULA_RE = re.compile(r"^(xin chao|chao|kinh gui|kinh chao|em chao|toi xin|xin chan thanh|chan thanh|tran trong|"
                        r"cam on|em cam on|toi cam on|xin cam on|kinh chuc|chuc)\b")
# A sentence that is only an address or an announcement of questions ("Chị ơi cho em hỏi với.").
EMPTY_RE = re.compile(r"^((da|vang|a|ah|xin chao|chao|kinh chao)\s*)*((chi|anh|ad|admin|ban|em|bot) oi\s*)?"
                      r"((anh chi|anh|chi|ad|ban)\s*)?(cho|xin phep)?\s*(em|toi|minh|chau)?\s*"
                      r"(hoi|hoi chut|hoi ti|hoi voi|hoi (hai|ba|mot|may) (viec|cau|van de|y))?"
                      r"\s*(voi|chut|a|nhe|ti|ah)*\s*[?.!:,]*$")
FOLLOW_ON_RE = re.compile(r"^(con|the con|vay con)\b")
ORDINAL_RE = re.compile(r"\b(thứ nhất|thứ hai|thứ ba|thu nhat|thu hai|thu ba)\b[,:]?", re.IGNORECASE)
WHO_PATTERNS = {
    "tập thể": r"\btap the\b|\bdon vi\b|\bphong (toi|em|minh)\b|\bco quan (toi|em|minh)\b",
    "hộ gia đình": r"\bho gia dinh\b|\bgia dinh (toi|em|minh)\b",
    "cá nhân": r"\bca nhan\b|\b(toi|em|minh|dong chi|co giao|thay giao|anh ay|chi ay)\b",
    "cán bộ, công chức, viên chức": r"\bcong chuc\b|\bvien chuc\b|\bcan bo\b|\bgiao vien\b|\bchuyen vien\b",
    "công nhân": r"\bcong nhan\b",
    "nông dân": r"\bnong dan\b",
    "người lao động": r"\bnguoi lao dong\b",
    "doanh nghiệp": r"\bdoanh nghiep\b|\bcong ty\b|\bdoanh nhan\b",
    "quân nhân, công an": r"\bquan nhan\b|\bquan doi\b|\bcong an\b|\bsi quan\b",
}
MAX_PARTS = 3


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


@lru_cache(maxsize=1)
def default_kinds() -> KindClassifier:
    """The lexicon alone, for callers without an index (its examples need the index's model)."""
    return KindClassifier(Lexicon.load(LEXICON_DIR))


def guess_of(text: str, kinds: KindClassifier | None = None) -> KindGuess:
    guess = (kinds or default_kinds()).classify(text)
    folded = key(text)
    if guess.kind == Kind.AMOUNT and YES_NO_RE.search(folded) and not QUANTITY_RE.search(folded):
        # "có được nhận tiền thưởng cả hai không?" asks a principle of rewards, not a figure
        guess.kind = Kind.CONTENT
    return guess


def intent_of(text: str, kinds: KindClassifier | None = None) -> str:
    return guess_of(text, kinds).kind.value


def is_greeting(text: str) -> bool:
    """Only greeting and thanks words (any politeness around them)."""
    words = re.findall(r"\w+", key(text))
    return bool(words) and len(words) <= 8 and all(word in GREETING_WORDS for word in words)


# On the folded text: a comma, then the question word that opens a second question.
SECOND_QUESTION_RE = re.compile(r",\s+(?=(?:ai|khi nao|bao gio|bao nhieu|may|thoi han|ho so|thu tuc|cap nao|do ai|"
                                r"muc thuong|tham quyen)\b)")


def sentences(message: str) -> list[str]:
    """Split at sentence ends, line breaks and ordinals ("Thứ nhất, …; thứ hai, …"), and before a second question
    joined by ", và" / ", còn" ("… là gì, và kết quả … có được … không?") or opening with its question word after a
    comma ("… là gì, ai có thẩm quyền …?")."""
    text = ORDINAL_RE.sub(lambda m: "\n", message)
    pieces = []
    for piece in re.split(r"(?<=[?!.])\s+|\n+|;\s+", text):
        halves = re.split(r",\s+(?=(?:và|va|còn|con)\s)", piece, maxsplit=1)
        folded = fold(piece).lower()  # folding keeps the positions of NFC Vietnamese
        second = SECOND_QUESTION_RE.search(folded) if len(halves) < 2 and len(folded) == len(piece) else None
        if second:  # "… được thưởng bao nhiêu, ai quyết định tặng?": a second question after a comma
            halves = [piece[:second.start()], piece[second.end():]]
        if len(halves) == 2 and all(_is_question(h) for h in halves):
            pieces += halves
        else:
            pieces.append(piece)
    return [piece.strip(" ,;:-") for piece in pieces if piece and piece.strip(" ,;:-")]


def _is_question(sentence: str) -> bool:
    return bool(QUESTION_WORD_RE.search(key(sentence))) or sentence.rstrip().endswith("?")


def _is_formula(sentence: str) -> bool:
    folded = key(sentence)
    return bool(EMPTY_RE.match(folded)) or (bool(FORMULA_RE.match(folded)) and not _is_question_core(folded))


def _is_question_core(folded: str) -> bool:
    """A sentence that opens with a formula but carries a question ("Chào anh, cho em hỏi …?")."""
    return bool(re.search(r"\b(hoi|tieu chuan|dieu kien|bao nhieu|gom|the nao|nhu the nao|la gi)\b", folded))


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
    folded = key(message)
    who = [label for label, pattern in WHO_PATTERNS.items() if re.search(pattern, folded)]
    lexicon = (kinds or default_kinds()).lexicon
    province = named_province(message, places, lexicon)
    if is_greeting(message):
        return Understanding(message, "greeting", who=who, province=province)
    awards = catalogue.mentions(message)
    if HELP_RE.search(folded) and not awards:
        return Understanding(message, "help", who=who, province=province)
    if kinds is not None and not awards and (talk := kinds.small_talk(message)):
        return Understanding(message, talk.value, who=who, province=province)
    questions, facts = [], []
    guesses: dict[str, KindGuess] = {}
    for sentence in sentences(message):
        if _is_formula(sentence):
            continue
        (questions if _is_question(sentence) else facts).append(sentence)
    if not questions:  # a statement that is the question ("Tiêu chuẩn Lao động tiên tiến")
        questions, facts = facts[-1:], facts[:-1]
    parts: list[Part] = []
    for sentence in questions:
        guess = guess_of(sentence, kinds)
        intent = guess.kind.value
        guesses[sentence] = guess
        mentioned = catalogue.mentions(sentence)
        yes_no = bool(YES_NO_RE.search(key(sentence)))
        previous = parts[-1] if parts else None
        own_question = intent == "content" and yes_no and len(re.findall(r"\w+", key(sentence))) >= 10
        if previous is None:
            parts.append(Part(sentence, intent, mentioned, yes_no, sure=guess.sure))
        elif previous.intent == "content" and intent != "content":
            # the sentences before were context ("Tôi là công nhân…"); this one is the question
            facts.append(previous.text)
            parts[-1] = Part(sentence, intent, mentioned or previous.awards, yes_no or previous.yes_no,
                             sure=guess.sure)
        elif intent == "content" and mentioned and previous.awards and mentioned != previous.awards \
                and previous.intent in RULED_INTENTS:
            # "Còn lao động tiên tiến thì bao nhiêu?": the same question about another award
            parts.append(Part(sentence, previous.intent, mentioned, yes_no))
        elif FOLLOW_ON_RE.match(key(sentence)) and previous.intent != "content":
            # "…, còn ngành giáo dục thì sao?": the previous question with this difference
            parts.append(Part(f"{previous.text} {sentence}", previous.intent, mentioned or previous.awards, yes_no,
                              sentence))
        elif own_question or (intent != "content" and intent != previous.intent):
            parts.append(Part(sentence, intent, mentioned or previous.awards, yes_no, sure=guess.sure))
        else:
            if mentioned and not previous.awards:
                previous.awards = mentioned
            previous.text = f"{previous.text} {sentence}" if len(previous.text) < 300 else previous.text
            previous.yes_no = previous.yes_no or yes_no
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
