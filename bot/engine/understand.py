"""A message turned into data: what is asked, about which award, for whom, where; its questions and its facts.

Retrieval, composition and the eligibility rules read an `Understanding`; none of them re-parses the text.
Awards come from the catalogue (knowledge/awards, bot/nomination/catalogue.py) and its one name matcher, so
"chien sy thi dua cap tinh", "CSTĐ cấp tỉnh" and "chiến sĩ thi đua Bộ, ban, ngành, tỉnh" are one award.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.engine.kinds import Kind, KindClassifier, KindGuess
from bot.engine.scope import COLLECTIVE, FOR_WHOM, NOMINEES, said_for
from bot.lexicon import Found, Lexicon, Taxonomy, default_lexicon, without_spans
from bot.nomination.answers import undenied
from bot.nomination.catalogue import RULED_INTENTS, AwardMention, NamedAward, key, names_within
from bot.nomination.catalogue import QuestionRules as Catalogue
from bot.nomination.catalogue import RuleRef as RuleRef  # the engine reads rule references from here
from ingest.legal_refs import document_mentions
from ingest.vietnamese import clean, nfc

LEXICON_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "lexicon"


QUESTIONS = "question_words"  # the taxonomy of question words (knowledge/lexicon)
MAX_PARTS = 3
QUESTION_WORDS = 3  # the fewest words of each of two questions joined by "và" (_two_questions)
SECOND_WORDS = 8  # the most words of the second of them
# Where an award's name stood in a kept topic: a follow-up puts the award it carries back there, so "Em có được …
# không?" asks about it in the same clause (bot/engine/follow_up.py).
AWARD_SLOT = "§"


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
    principle: str = ""  # a principle every award is given by, asked about (knowledge/lexicon/principles.yaml)
    principle_said: bool = False  # said in its own words, not only told in the story before it
    # it asks whether what the story tells counts toward an award (question_words.yaml `counts`): the story's
    # principle rules it
    counted: bool = False
    named: list[AwardMention] = field(default_factory=list)  # the awards its own words name (not inherited)
    subject: AwardMention | None = None  # the award it is about (subject_of)
    # whom the message asks about, its award names left out (bot/engine/scope.py): "tập thể", "công nhân"
    whom: tuple[str, ...] = ()


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
    on: dt.date | None = None  # the day asked about, when the message names one (asked_on)
    local: bool = False  # it names a commune or ward, or the former district level (workplaces.yaml `local`)
    names: list[NamedAward] | None = None  # the award names read in it (offsets into clean(message)): read once
    # What its questions ask besides the awards and the province they name (those cut out of the one reading):
    # what a follow-up carries over (bot/engine/follow_up.py).
    topic: str = ""  # the questions asked, AWARD_SLOT where their award names stood, without their province

    @property
    def question(self) -> str:
        """The message's question sentences (what retrieval searches for)."""
        return " ".join(part.text for part in self.parts) or self.message

    @property
    def facts_text(self) -> str:
        """What the user told about the nominee (years, titles, ratings): for the eligibility rules."""
        return " ".join(self.facts)




def coordinated(text: str, mentions: list[AwardMention], lexicon: Lexicon | None = None) -> bool:
    """Whether a question names its awards side by side ("Tiêu chuẩn CSTĐCS và LĐTT"), so it asks the same of
    each, rather than one award as a step to another ("mấy lần CSTĐCS thì được xét CSTĐ cấp tỉnh?")."""
    folded = key(text)
    return _joined(folded, _spans(folded, mentions), ("coordination",), lexicon)


def held_together(text: str, mentions: list[AwardMention], lexicon: Lexicon | None = None) -> bool:
    """Whether a question tells one nominee holding its awards at once ("được cả LĐTT và CSTĐCS", "vừa đạt CSTĐCS
    vừa được Bằng khen"): a word of holding together just before the first, only joining words between them."""
    lexicon = lexicon or default_lexicon()
    folded = key(text)
    ordered = sorted(mentions, key=lambda mention: folded.find(mention.text))  # a reading lists longest names first
    spans = _spans(folded, ordered)
    return _joined(folded, spans, ("coordination", "together-joiner"), lexicon) \
        and lexicon.ends_with(folded[:spans[0][0]], QUESTIONS, "together")


def _spans(folded: str, mentions: list[AwardMention]) -> list[tuple[int, int]]:
    """Where each mention stands in a key()-folded text, in order; [] when one is not found after the previous."""
    spans, start = [], 0
    for mention in mentions:
        at = folded.find(mention.text, start)
        if at < 0:
            return []
        spans.append((at, at + len(mention.text)))
        start = at + len(mention.text)
    return spans


def _joined(folded: str, spans: list[tuple[int, int]], joiners: tuple[str, ...], lexicon: Lexicon | None) -> bool:
    """Whether two or more awards (their `spans` in the key()-folded text) are named with only joining words
    (`joiners` of question_words) between them."""
    lexicon = lexicon or default_lexicon()
    gaps = [folded[end:begin] for (_, end), (begin, _) in itertools.pairwise(spans)]
    return len(spans) > 1 and all(not re.search(r"\w", gap) or lexicon.covers(gap, QUESTIONS, joiners)
                                  for gap in gaps)


@lru_cache(maxsize=1)
def default_kinds() -> KindClassifier:
    """The lexicon alone, for callers without an index (its examples need the index's model)."""
    return KindClassifier(Lexicon.load(LEXICON_DIR))


def guess_of(text: str, kinds: KindClassifier | None = None, masked: str | None = None) -> KindGuess:
    kinds = kinds or default_kinds()
    guess = kinds.classify(text, masked)
    lexicon = kinds.lexicon
    if guess.kind == Kind.AMOUNT and ends_yes_no(text, lexicon) and not lexicon.says(text, QUESTIONS, "quantity"):
        # "có được nhận tiền thưởng cả hai không?" asks a principle of rewards, not a figure
        guess.kind = Kind.CONTENT
    elif guess.kind == Kind.ELIGIBILITY and _post_asks(text, lexicon):
        # "Chủ tịch UBND phường có được tặng giấy khen không?": whether a post may confer it, not receive it
        guess.kind = Kind.AUTHORITY
    return guess


def _post_asks(text: str, lexicon: Lexicon) -> bool:
    """Whether the one a yes/no question asks about is a post that confers awards (knowledge/lexicon/posts.yaml, or a
    post the law names: "Chủ tịch …", "Giám đốc …"), said before what is asked and with no one else before it."""
    cleaned = clean(text)
    asked = lexicon.find(cleaned, "kinds", (Kind.ELIGIBILITY.value,))
    posts = [*lexicon.find(cleaned, "posts"), *lexicon.find(cleaned, "statements", ("post",))]
    if not asked or not posts:
        return False
    first = min(post.start for post in posts)
    speakers = [found for found in lexicon.find(cleaned, "speakers") if found.start < asked[0].start]
    return first < asked[0].start and all(found.start > first for found in speakers)


def subject_of(text: str, awards: list[AwardMention], lexicon: Lexicon) -> AwardMention | None:
    """The award a question is about: the one named after "xét / đề nghị / tặng" when it names several
    ("mấy lần CSTĐCS thì được xét chiến sĩ thi đua cấp tỉnh?"), the last of them when several are (a condition
    comes before what it asks: "được tặng Bằng khen rồi thì có được xét CSTĐCS không?"), else the first."""
    return _nominated(text, awards, lexicon, last=True) or (awards[0] if awards else None)


def _nominated(text: str, awards: list[AwardMention], lexicon: Lexicon, last: bool = False) -> AwardMention | None:
    """The award named after "xét / đề nghị / tặng" in `text` (the first, or the `last`), if any."""
    nominated = None
    for mention in awards:
        if _named_after(text, mention, lexicon, "subject"):
            if not last:
                return mention
            nominated = mention
    return nominated


def _held(text: str, mention: AwardMention, lexicon: Lexicon) -> bool:
    """Whether `text` names the award after words saying it is held ("sau khi được …"), a condition of what it asks."""
    return _named_after(text, mention, lexicon, "held")


def _named_after(text: str, mention: AwardMention, lexicon: Lexicon, label: str) -> bool:
    """Whether `text` names the award right after words of `label` (knowledge/lexicon/verbs.yaml), "danh hiệu" between
    them or not."""
    folded = key(text)
    at = folded.find(mention.text)
    return at > 0 and lexicon.ends_with(folded[:at], "verbs", label, "title")


def _told_subject(facts: list[str], awards: list[AwardMention], lexicon: Lexicon) -> AwardMention:
    """The award a question naming none of its own is about ("… tiêu chuẩn của danh hiệu này?"): of the story told
    before it, the one named after "xét / đề nghị / tặng" ("hồ sơ cho tôi xét Thầy thuốc ưu tú"), else the last one
    named, the nearest to the question."""
    told = " ".join(facts)
    folded = key(told)
    return _nominated(told, awards, lexicon) or max(awards, key=lambda mention: folded.rfind(mention.text))


def _told_awards(facts: list[str], read: dict[str, tuple[list[AwardMention], str]],
                 asked: list[AwardMention]) -> list[AwardMention]:
    """The awards the story names (its sentences before the questions), when none of them is one `asked` names."""
    told = list({m.award: m for fact in facts for m in read.get(fact, ([], ""))[0]}.values())
    return [] if {m.award for m in told} & {m.award for m in asked} else told


FULL_DATE_RE = re.compile(r"\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b")


def asked_on(message: str, lexicon: Lexicon) -> dt.date | None:
    """The day a message asks about: the latest date it names ("ngày 15/3/2026", "tháng 3/2026", "năm 2025": a
    month or a year stands for its last day; not a birth year, "sinh năm 1980"), else None (today)."""
    folded = key(message)
    month, year, born = (lexicon.alternation("years", label) for label in ("month", "year", "born"))
    dates = []
    for day, month_number, year_number in FULL_DATE_RE.findall(folded):
        try:
            dates.append(dt.date(int(year_number), int(month_number), int(day)))
        except ValueError:
            continue
    for month_number, year_number in re.findall(rf"\b(?:{month}) (\d{{1,2}})[/-](\d{{4}})\b", folded):
        if 1 <= int(month_number) <= 12:
            last = calendar.monthrange(int(year_number), int(month_number))[1]
            dates.append(dt.date(int(year_number), int(month_number), last))
    for birth, number in re.findall(rf"(?<!\w)((?:{born}) )?(?:{year}) (\d{{4}})\b", folded):
        if not birth and 1945 < int(number) < 2200:
            dates.append(dt.date(int(number), 12, 31))
    return max(dates) if dates else None


GREETING_WORDS = 12  # a greeting is short: at most this many words (an emoji is none)


def is_greeting(text: str, lexicon: Lexicon | None = None) -> bool:
    """Only greeting and thanks words (any politeness around them)."""
    return len(re.findall(r"\w+", text)) <= GREETING_WORDS \
        and (lexicon or default_lexicon()).covers(text, "talk", ("greeting",))


def yes_no(sentence: str, lexicon: Lexicon) -> bool:
    """A sentence ending with a yes/no tail ("… có được không ạ?"), perhaps before the other choice of a question
    ("… được không hay phải chờ?"; not "Anh ấy không hay đi muộn.", where "hay" is "often")."""
    return ends_yes_no(sentence, lexicon) or (sentence.rstrip().endswith("?") and any(
        ends_yes_no(sentence[:found.start].rstrip(" ,"), lexicon)
        for found in lexicon.find(sentence, QUESTIONS, ("alternative",))))


def ends_yes_no(sentence: str, lexicon: Lexicon) -> bool:
    """A sentence whose very end is a yes/no tail: no other choice after it."""
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


def _asked_whom(sentence: str, lexicon: Lexicon) -> frozenset[str]:
    """Whom a sentence asks about (bot/engine/scope.py): not whom a clause of it tells a reward of ("Cá nhân thì
    được 0,3 lần lương cơ sở, còn tập thể thì bao nhiêu?" asks about a collective; knowledge/lexicon/limits.yaml
    `reward-figure`), where another clause names whom."""
    clauses = re.split(r",\s+", sentence)
    asking = [clause for clause in clauses if not (re.search(r"\d", clause) and not _is_question(clause, lexicon)
                                                   and lexicon.says(clause, "limits", "reward-figure"))]
    asked = frozenset().union(*(_whom_said(clause, lexicon) for clause in asking))
    return asked if len(asking) < len(clauses) and asked else _whom_said(sentence, lexicon)


def _whom_said(text: str, lexicon: Lexicon) -> frozenset[str]:
    """Whom `text` names (bot/engine/scope.py), leaving out the kinds of nominee it denies ("họ đâu phải cán bộ,
    công chức") or names to compare with ("bình LĐTT cho dân quân giống cán bộ, công chức xã"): not whom it asks
    about."""
    cleaned, compared, previous = clean(text), set(), None
    for found in lexicon.find(cleaned, NOMINEES):  # (and the kinds listed on with it: "giống cán bộ, công chức")
        if lexicon.ends_with(cleaned[:found.start], QUESTIONS, "compared-with") or (
                previous in compared and (not (gap := cleaned[previous[1]:found.start]).strip() or gap.strip() == ","
                                          or lexicon.covers(gap, QUESTIONS, ("coordination",)))):
            compared.add((found.start, found.end))
        previous = (found.start, found.end)
    kept = {found.label for found in undenied(cleaned, NOMINEES, lexicon) if (found.start, found.end) not in compared}
    return frozenset(kept | (set(lexicon.labels(text, FOR_WHOM)) - set(lexicon.labels_of(NOMINEES))))


def _is_question(sentence: str, lexicon: Lexicon) -> bool:
    return "?" in sentence or lexicon.says(sentence, QUESTIONS, "question") or yes_no(sentence, lexicon)


def _is_formula(sentence: str, lexicon: Lexicon) -> bool:
    """Only an address or an announcement of questions ("Chị ơi cho em hỏi với."), or a formula of a letter that
    asks nothing ("Trân trọng cảm ơn.", not "Chào anh, cho em hỏi tiêu chuẩn …")."""
    return lexicon.covers(sentence, "talk", ("address",)) or (
        lexicon.starts_with(sentence, "talk", "formula") and not lexicon.says(sentence, QUESTIONS, "core"))


def _two_questions(sentence: str, kinds: KindClassifier | None, named: list[NamedAward] | None) -> list[str]:
    """A sentence asking two kinds of rule joined by "và" with no comma ("… thì ai quyết định và thưởng bao nhiêu?"):
    its two questions, when each half asks (a question word in it, of QUESTION_WORDS words or more) a kind of rule of
    its own, surely and unlike the other's, the first of an award it names and the second short (another thing asked
    of that award: at most SECOND_WORDS words); else the sentence. Not awards joined ("Tiêu chuẩn CSTĐCS và LĐTT là
    gì?"), nor a yes/no after it, which asks of the first half's subject ("Chủ tịch UBND xã được quyết định tặng
    những gì và có được tặng giấy khen không?"). `named`: the award names of the one reading, offsets into it."""
    if kinds is None or named is None:
        return [sentence]
    lexicon = kinds.lexicon
    for found in lexicon.find(sentence, QUESTIONS, ("joiner",)):
        before, after = sentence[:found.start].rstrip(), sentence[found.end:].strip()
        opens = len(sentence) - len(after)  # where the second half opens
        first_words, second_words = len(re.findall(r"\w+", before)), len(re.findall(r"\w+", after))
        if before.endswith(",") or min(first_words, second_words) < QUESTION_WORDS or second_words > SECOND_WORDS \
                or not any(name.end <= len(before) for name in named) \
                or not (_asks(before, lexicon) and _asks(after, lexicon)) \
                or yes_no(after, lexicon) or any(name.start == opens for name in named):
            continue
        first, second = guess_of(before, kinds), guess_of(after, kinds)
        if first.sure and second.sure and first.kind != second.kind \
                and Kind.CONTENT not in (first.kind, second.kind):
            return [before, after]
    return [sentence]


def _asks(text: str, lexicon: Lexicon) -> bool:
    """Whether a half sentence asks by a word of its own, not only by a noun that also tells ("Tiêu chuẩn về số năm
    công tác" asks nothing before "và thành tích … là gì?")."""
    return _is_question(without_spans(text, lexicon.find(text, QUESTIONS, ("told-too",)), ";"), lexicon)


def _held_by_collective(message: str, awards: list[AwardMention], catalogue: Catalogue,
                        lexicon: Lexicon) -> tuple[str, ...]:
    """Whom a message naming no one speaks of, when the awards it names are given to collectives only ("Phòng tôi
    được Tập thể lao động xuất sắc và Huân chương Lao động hạng Ba … mức thưởng bao nhiêu?": the collective's
    reward); () otherwise, and when it names a person by a title and a name ("… và giám đốc là ông Bình cùng được
    Huân chương …": each may be asked about)."""
    cleaned = clean(message)
    if any(cleaned[found.end:found.end + 2].strip()[:1].isupper()
           for found in lexicon.find(cleaned, "members", ("title",))):
        return ()
    held = {label for mention in awards if (rules := catalogue.awards.get(mention.award)) is not None
            for label in said_for(rules.for_whom, lexicon)}
    return (COLLECTIVE,) if held == {COLLECTIVE} else ()


def _principle_asked(part: Part, said: list[Found], facts: list[str],
                     read: dict[str, tuple[list[AwardMention], str]], catalogue: Catalogue, lexicon: Lexicon) -> str:
    """The principle a question asks: of the ones its words say (`said`), one whose clause answers what is asked,
    then the longest; the story's, for a yes/no, a question whether what it tells counts ("… có dùng làm căn cứ …")
    or a question naming no award ("Làm như vậy có đúng nguyên tắc không?" after the story, "… đang bị thanh tra.
    Có đề nghị Bằng khen được không?"); or the one that rewards one
    nominee holding the awards told at once ("được cả LĐTT và CSTĐCS thì nhận tiền thế nào?", or so told before
    "… có đúng không?"): the kinds held decide over a phrase of another such principle ("được cả LĐTT và CSTĐCS …
    chi cả 2 khoản?" holds two titles, no form), and kinds no principle rewards together leave none. "" for none."""
    if not said and (not part.named or part.yes_no or part.counted):
        said = [found for fact in facts for found in lexicon.find(fact, "principles")]
    principle = max(said, key=lambda found: (catalogue.principle_answers_kind(found.label, part.intent),
                                             len(found.text))).label if said else ""
    if principle and principle not in catalogue.principle_held:
        return principle
    asked = {mention.award for mention in part.named}
    stories = [(fact, read[fact][0] if fact in read else []) for fact in facts]  # a merged part: unread
    # (the story's awards only for a yes/no or a question naming none or several: "… CSTĐCS thì được thưởng bao
    # nhiêu?" asks that one award's own reward, "tiền thưởng CSTĐCS và LĐTT tổng cộng" the principle)
    told = [(part.text, part.named), *((fact, mentions) for fact, mentions in stories
                                       if asked <= {mention.award for mention in mentions}
                                       and (part.yes_no or len(asked) != 1))]
    held = next(([m.award for m in mentions] for text, mentions in told if held_together(text, mentions, lexicon)),
                None)
    return catalogue.held_principle(held) if held else principle


def _claim_checked(sentence: str, order: list[str], facts: list[str], kinds: KindClassifier | None,
                   read: dict[str, tuple[list[AwardMention], str]]) -> tuple[str, KindGuess] | None:
    """When `sentence` only checks what someone's claim in the story says ("Kế toán bảo … Như vậy có đúng không
    ạ?"), the claim (of the two sentences told last before it, the later one saying a claim word and asking a kind of
    rule) and that kind; else None."""
    lexicon = (kinds or default_kinds()).lexicon
    # (a check before the other choice the asker has in mind: "Nói vậy có đúng không, hay chỉ cần hoàn thành xuất sắc
    # là đủ?")
    other = lexicon.find(sentence, QUESTIONS, ("alternative",))
    checked = clean(sentence)[:other[0].start] if other else sentence
    if not lexicon.covers(checked, QUESTIONS, ("check", "check-filler", "tail")) or sentence not in order:
        return None
    told = [fact for fact in order[:order.index(sentence)] if fact in facts]
    for fact in reversed(told[-2:]):
        if lexicon.says(fact, QUESTIONS, "claim") and not lexicon.find(fact, "principles") \
                and (guess := guess_of(fact, kinds, read[fact][1])).kind != Kind.CONTENT:
            return fact, guess  # (a claim of a principle is the principle's to answer: "… đang bị thanh tra")
    return None


def _is_help(message: str, lexicon: Lexicon) -> bool:
    """A question about the assistant, or a wish to ask that names no question yet ("Tôi muốn hỏi về thi đua")."""
    return lexicon.says(message, "talk", "help") or (
        lexicon.covers(message, "talk", ("address", "wish", "topic", "greeting"))
        and lexicon.says(message, "talk", "wish"))


def named_province(message: str, places: tuple[str, ...], lexicon: Lexicon, compared: bool = True) -> str:
    """The province a message names: one of `places` (the knowledge base's own), else one of the lexicon's
    (places.yaml); without `compared`, not one named after words of comparison ("… có giống Hải Phòng không?").
    Typed with diacritics the name must be written so ("Hằng năm định kỳ" does not name Nam Định, "đa năng" not Đà
    Nẵng); typed without, it is matched without them ("hai phong")."""
    cleaned = clean(message)
    for found in [*_own_places(tuple(places)).find(cleaned), *lexicon.find(cleaned, "places")]:
        if compared or not lexicon.ends_with(cleaned[:found.start], QUESTIONS, "compared-with") \
                or lexicon.starts_with(cleaned[found.end:], QUESTIONS, "as-laid-down"):
            return found.label
    return ""


def _without_places(text: str, places: tuple[str, ...], lexicon: Lexicon) -> str:
    """`text` without the provinces it names (the knowledge base's own or the lexicon's)."""
    cleaned = clean(text)
    return without_spans(cleaned, [*_own_places(tuple(places)).find(cleaned), *lexicon.find(cleaned, "places")])


@lru_cache(maxsize=8)
def _own_places(places: tuple[str, ...]) -> Taxonomy:
    return Taxonomy("places", {place: [place] for place in places})


def understand(message: str, catalogue: Catalogue, places: tuple[str, ...] = (),
               kinds: KindClassifier | None = None) -> Understanding:
    """The message as data. Several questions in one message become several parts (at most three). `places`:
    provinces the knowledge base has rules of, besides the common ones."""
    message = nfc(message).strip()
    lexicon = (kinds or default_kinds()).lexicon
    who = list(dict.fromkeys(found.label for found in undenied(message, "nominees", lexicon)))  # not "không phải …"
    province = named_province(message, places, lexicon)
    if is_greeting(message, lexicon):
        return Understanding(message, "greeting", who=who, province=province)
    # The one reading of the award names: each sentence's awards and masked form are cut from it.
    plain, found = catalogue.read(message)
    awards = catalogue.mentions(plain, found)
    if _is_help(message, lexicon) and not awards:
        return Understanding(message, "help", who=who, province=province)
    if kinds is not None and not awards and (talk := kinds.small_talk(message, catalogue.masked(message, found=found))):
        return Understanding(message, talk.value, who=who, province=province)
    questions, facts = [], []
    guesses: dict[str, KindGuess] = {}
    read: dict[str, tuple[list[AwardMention], str]] = {}
    names: dict[str, list[NamedAward]] = {}  # each sentence's award names, offsets into it
    cleaned, cursor = clean(message), 0  # the offsets of `found`
    marked = "?" in message
    pieces = []
    for whole in sentences(message, lexicon):
        at = cleaned.find(whole, cursor)
        cursor = at + len(whole) if at >= 0 else cursor
        pieces += _two_questions(whole, kinds, names_within(found, at, cursor) if at >= 0 else None)
    cursor = 0
    for sentence in pieces:
        at = cleaned.find(sentence, cursor)
        if at < 0:  # not a span of the message (cannot happen: sentences are cut from it); read it on its own
            within = catalogue.names.find(sentence)
        else:
            cursor = at + len(sentence)
            within = names_within(found, at, cursor)
        names[sentence] = within
        read[sentence] = catalogue.mentions(sentence, within), catalogue.masked(sentence, found=within)
        if _is_formula(sentence, lexicon):
            continue
        # a writer who marks a question with "?" marks them all: a sentence closed by "." whose only question words
        # also tell ("… đã có Bằng khen thành phố và mấy năm CSTĐCS.") is told, not asked
        told = marked and sentence.endswith(".") and not sentence.endswith("..") and not yes_no(sentence, lexicon) \
            and not _is_question(without_spans(sentence, lexicon.find(sentence, QUESTIONS, ("told-too",)), ";"),
                                 lexicon)
        (questions if _is_question(sentence, lexicon) and not told else facts).append(sentence)
    if not questions:  # a statement that is the question ("Tiêu chuẩn Lao động tiên tiến")
        questions, facts = facts[-1:], facts[:-1]
    parts: list[Part] = []
    for sentence in questions:
        mentioned, masked = read[sentence]
        guess = guess_of(sentence, kinds, masked)
        asked = sentence
        if guess.kind == Kind.CONTENT and not mentioned \
                and (claim := _claim_checked(sentence, list(read), facts, kinds, read)) is not None:
            # "Phòng Tổ chức bảo muốn lên CSTĐCS thì bắt buộc phải có sáng kiến … Như vậy có đúng không ạ?": a check
            # of what the story claims asks what the claim rules: its kind and awards, its words searched
            told, guess = claim
            mentioned = read[told][0]
            asked = f"{told} {sentence}"
        intent = guess.kind.value
        guesses[sentence] = guess
        asks_yes_no = yes_no(sentence, lexicon)
        previous = parts[-1] if parts else None
        # (a long yes/no of its own; not one before another choice, which asks of the question before it: "… ai ký?
        # Chủ tịch phường có được ký không hay phải trình lên thành phố?")
        own_question = intent == "content" and ends_yes_no(sentence, lexicon) \
            and len(re.findall(r"\w+", key(sentence))) >= 10
        if previous is not None and not previous.awards and mentioned and not asks_yes_no \
                and intent in ("content", previous.intent) \
                and (told := _told_awards(facts, read, mentioned)):
            # the same asked of the story's award, then of another award this question names ("… được công nhận Tập
            # thể lao động xuất sắc. Mức thưởng là bao nhiêu? Nếu chỉ đạt Tập thể lao động tiên tiến thì được bao
            # nhiêu?"): the question before is about the award the story told
            previous.awards = told
        if previous is None:
            parts.append(Part(asked, intent, mentioned, asks_yes_no, sure=guess.sure, named=mentioned))
        elif previous.intent == "content" and intent != "content" \
                and not (previous.yes_no and lexicon.labels(previous.text, "principles")
                         and lexicon.labels(sentence, "principles")) \
                and not lexicon.covers(previous.text, QUESTIONS, ("check", "check-filler", "tail")) \
                and not (previous.text.endswith("?") and lexicon.find(previous.text, "principles")):
            # the sentences before were context ("Tôi là công nhân…"); this one is the question; not a yes/no on a
            # principle before a question on another ("có thu hồi tiền thưởng không, ai có quyền hủy QĐ?"), nor a
            # principle asked ("… nhận cả hai khoản hay chỉ một? Mỗi khoản là bao nhiêu?")
            facts.append(previous.text)
            parts[-1] = Part(sentence, intent, mentioned or previous.awards, asks_yes_no or previous.yes_no,
                             sure=guess.sure, named=mentioned)
        elif mentioned and previous.awards and mentioned != previous.awards and previous.intent in RULED_INTENTS \
                and (intent == "content" or lexicon.covers(catalogue.masked(sentence, ";", found=names[sentence]),
                                                           QUESTIONS, ("again", "follow-on", "tail"))):
            # "Còn lao động tiên tiến thì bao nhiêu?", "CSTĐCS thì sao?": the same question about another award
            parts.append(Part(sentence, previous.intent, mentioned, asks_yes_no, named=mentioned))
        elif lexicon.starts_with(sentence, QUESTIONS, "follow-on") and previous.intent != "content":
            # "…, còn ngành giáo dục thì sao?": the previous question with this difference; "… hạng Ba …? Còn hạng
            # Nhì?": the previous award, asked in a grade, in the grade said alone
            grade = catalogue.names.grade_alone(sentence) if not mentioned else ""
            graded = [m for m in previous.awards[:1] if m.grade]  # an award asked in a grade, another grade of it
            mentioned = [AwardMention(m.award, key(f"{catalogue.names.grades.word} {grade}"), grade) for m in graded] \
                if grade and graded else mentioned
            parts.append(Part(f"{previous.text} {sentence}", previous.intent, mentioned or previous.awards, asks_yes_no,
                              sentence, named=[*previous.named, *mentioned]))
        elif own_question or (intent != "content" and intent != previous.intent) or (
                intent != "content" and bool(lexicon.find(sentence, "principles"))
                != bool(lexicon.find(previous.text, "principles"))):
            # (of the same kind, one asking a principle and one not are two questions: "… nhận tiền thưởng cả hai
            # danh hiệu hay chỉ một? Mức là bao nhiêu lần lương cơ sở?" asks the principle's clause and the reward)
            parts.append(Part(sentence, intent, mentioned or previous.awards, asks_yes_no, sure=guess.sure,
                              named=mentioned))
        else:
            # a question joined to the one before it asks the same of the awards it adds ("CSTĐCS được thưởng bao
            # nhiêu? … mức thưởng của CSTĐCS và LĐTT …"), each once
            had = {mention.award for mention in previous.awards}
            previous.awards = [*previous.awards, *(m for m in mentioned if m.award not in had)]
            previous.named = [*previous.named, *mentioned]
            previous.text = f"{previous.text} {sentence}" if len(previous.text) < 300 else previous.text
            previous.yes_no = previous.yes_no or asks_yes_no
    if not any(part.awards for part in parts):  # awards only the story names are what its questions ask about
        for part in parts:
            part.awards = awards
    parts = parts[:MAX_PARTS]
    # whom it asks about, in any of its sentences, award names left out ("Tập thể lao động xuất sắc" names no one)
    # (each name cut out with a stop, so no word is made across it: "Bằng khen của Bộ | trưởng" is no "hiệu trưởng")
    # whom the questions name, else whom the message names ("… tặng cho tập thể thì tiền thưởng bao nhiêu? Em chỉ
    # thấy mức cho cá nhân.": the individuals are told, not asked about)
    said = {sentence: _asked_whom(catalogue.masked(sentence, ";", found=names[sentence]), lexicon) for sentence in read}
    whom = tuple(sorted(frozenset().union(*(said[sentence] for sentence in questions if sentence in said))
                        or frozenset().union(*said.values()))) or _held_by_collective(message, awards, catalogue,
                                                                                       lexicon)
    # a principle one question says in its own words is that question's: the story's principles and the awards it
    # holds together are not asked again by another ("… cả hai khoản hay chỉ một? Mỗi khoản là bao nhiêu?")
    own = [lexicon.find(part.text, "principles") for part in parts]
    for part, its_own in zip(parts, own, strict=True):
        part.whom = whom
        part.action = next(iter(lexicon.labels(part.text, "actions")), "")
        part.principle_said = bool(its_own)
        part.counted = lexicon.says(part.text, QUESTIONS, "counts")
        if its_own or not any(own):
            part.principle = _principle_asked(part, its_own, facts, read, catalogue, lexicon)
        part.subject = subject_of(part.text, part.awards, lexicon) if part.named or not part.awards else \
            _told_subject(facts, part.awards, lexicon)
        held = {mention.award for mention in part.named if _held(part.text, mention, lexicon)}
        if held and held == {mention.award for mention in part.named} \
                and (nominated := _nominated(" ".join(facts), awards, lexicon)) is not None \
                and nominated.award not in held:
            # "… hồ sơ đề nghị Huân chương Sao vàng … Điều kiện về thời gian sau khi được Huân chương Hồ Chí Minh là
            # thế nào?": the award it names is held, a condition; the one the story nominates is what it asks about
            part.awards, part.subject = [nominated, *part.awards], nominated
        elif held and (sought := [mention for mention in part.awards if mention.award not in held]):
            # "Sau khi được Huân chương Lao động hạng Ba …, nay đề nghị Bằng khen … thì được thưởng bao nhiêu?": the
            # award held is no question of its own
            part.awards, part.subject = sought, subject_of(part.text, sought, lexicon)
        if part.intent == Kind.COMPARE and (guess := guesses.get(part.text)) is not None:
            # the kind of rule compared is the one its words name ("mức thưởng A so với B"); the examples alone do
            # not tell it ("A và B giống và khác nhau thế nào?" is no question of amounts): their criteria then
            ruled = [kind for kind in sorted(guess.evidence, key=guess.evidence.get, reverse=True)
                     if kind in RULED_INTENTS and kind not in ("eligibility", "count")]
            part.compared = ruled[0] if ruled else "criteria"
    intent = parts[0].intent if parts else "content"
    # two provinces named ("Bắc Ninh quy định … trước ngày 10/12. Hải Phòng mình hạn chót là ngày nào?"): the one its
    # questions name is asked about, the other is told; not one they compare with ("… có giống Hải Phòng không?"),
    # even when it is the only one named: the asker's own province is then asked about
    # (the users' own, `places[0]`, named only in the story, "anh ấy công tác ở Sở Xây dựng Hải Phòng", tells where
    # they work: no question of that province's own rule)
    province = named_province(" ".join(part.text for part in parts), places, lexicon, compared=False) or \
        next((told for told in [named_province(message, places, lexicon, compared=False)]
              if not (places and told == places[0])), "")
    documents = document_mentions(message)
    # what a follow-up carries over: the questions asked with a slot where their award names stood, without the
    # province they name
    topic = " ".join(_without_places(catalogue.masked(sentence, f" {AWARD_SLOT} ", found=names[sentence]), places,
                                     lexicon)
                     for sentence in questions if any(sentence in part.text for part in parts))
    return Understanding(message, intent, parts, awards, who, province or "", facts,
                         any(part.yes_no for part in parts), documents, asked_on(message, lexicon),
                         bool({"commune", "local"} & set(lexicon.labels(message, "workplaces"))), found,
                         " ".join(topic.split()))
