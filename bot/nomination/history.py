"""A person's history told in free text, read into the facts the nomination wizard collects.

"Tôi được Chiến sĩ thi đua cơ sở năm 2021, 2022 và 2024, có sáng kiến áp dụng trong toàn thành phố, có được xét
chiến sĩ thi đua thành phố không?" becomes {"titles": {"2021": [...], ...}, "initiative": "tinh", ...} and the
award asked about. What the text does not say stays out of the facts (unknown), never guessed. All matching
is done on the folded text (no diacritics, lower case), so unaccented messages read the same.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import date

from bot.lexicon import Lexicon, default_lexicon, without_spans
from bot.nomination.answers import undenied
from bot.nomination.catalogue import Award, Catalogue, NamedAward, Uncovered
from bot.nomination.facts import (
    COUNT,
    NONE,
    NOT,
    PENALTY_PATTERN,
    PENDING_RE,
    RANGE_RE,
    RATING_LEVELS,
    STREAK_RE,
    WARNING_OR_ABOVE,
    YEAR,
    number,
    penalty_forms,
    pending_discipline,
    ratings,
    widest,
    widest_scope,
    words,
)
from ingest.vietnamese import clean, fold, match_form

# Every word below comes from knowledge/lexicon (facts.words): the patterns are the structure around them.
NUMBER = rf"({COUNT})"
COUNTED_BEFORE_RE = re.compile(rf"\b(?:{COUNT})\s*$")
YEAR_WORD = words("years", "year")
AND, TO, TIMES = words("years", "and"), words("years", "to"), words("years", "times")
HAVE, GOT, REACHED = words("particles", "have"), words("particles", "got"), words("particles", "reached")
EVER, ANY, ANYONE = words("particles", "ever"), words("particles", "any"), words("particles", "anyone")
# Separators inside one group of years: "2021, 2022 và 2024", "2021-2023", "2021 đến 2023", "2021 2022 2023".
# A comma followed by "năm" starts a new group ("… năm 2025, năm 2024 đạt CSTĐCS" is two clauses); groups
# split that way are joined again by _years_for when nothing else is said between them.
JOINED = rf"\s*(?:[,;]\s*|(?:\b(?:{AND})\b|-|–|\b(?:{TO})\b|/)\s*(?:(?:{YEAR_WORD})\s+)?)"
YEAR_GROUP_RE = re.compile(rf"{YEAR}(?:(?:{JOINED}|\s+){YEAR})*")
NEXT_YEAR_RE = re.compile(rf"\s*,\s*(?:{YEAR_WORD})\s+")
SENTENCE_RE = re.compile(r"[^.!?;\n]+[.!?;\n]*")

MEMBER_WORDS = rf"(?:{words('members', 'member')})"
# Every member, before what they did: "100% cá nhân (đều)", "cả 10 người đều", "tất cả cán bộ".
# Some members, before what they did: "9 người hoàn thành tốt", "1 người chỉ hoàn thành", "hai đồng chí".
MEMBERS_COUNTED_RE = re.compile(rf"(?:\b\d+|\b(?:{words('numbers')}))\s+{MEMBER_WORDS}(?:\s+(?!{YEAR})\w+){{0,4}}\s+$")
MEMBERS_ALL = (rf"(?:100\s*%\s*(?:{MEMBER_WORDS}\s*)?|\b(?:{words('members', 'all')})\s+(?:\d+\s+)?{MEMBER_WORDS}"
               rf"(?:\s+\w+)?\s+)(?:(?:{words('members', 'each')})\s+)?")
# "hoàn thành", or better
COMPLETED = words("ratings", *(level for level in RATING_LEVELS if level != NONE), "answer-hoan-thanh")

# Question words that ask for a verdict; the award named after the last of them is the one asked about.
TRIGGER_RE = re.compile(rf"\b({words('eligibility_triggers', 'asks', 'weak', 'held')})\b")
# "có đề nghị anh ấy CSTĐCS được không", "có lên được CSTĐ tỉnh không": a weak word inside a yes/no frame asks as
# strongly (knowledge/lexicon asked.yaml yes-no-open / yes-no-close).
ASKS_RE = re.compile(rf"\b(?:{words('eligibility_triggers', 'asks')})\b")
FRAME_RE = re.compile(rf"\b(?:{words('asked', 'yes-no-open')}) (?:{words('eligibility_triggers', 'weak')})\b[^.!?;\n]*"
                      rf"\b(?:{words('asked', 'yes-no-close')})\b")
# "… đề nghị BK thành phố cho anh được không?": a weak word, then (an award named, checked by the caller) a closing
# "được không / được chưa", at the end or before the other choice
CAN_FRAME_RE = re.compile(rf"\b(?:{words('eligibility_triggers', 'can-weak')})\b[^.!?;\n]*"
                          rf"\b(?:{words('eligibility_triggers', 'can-close')})"
                          rf"(?=(?:\W*(?:{words('question_words', 'tail')}))?\W*$"
                          rf"|\W*(?:{words('question_words', 'alternative')})\b)")
STRONG_RE = re.compile(f"{ASKS_RE.pattern}|{FRAME_RE.pattern}")
HELD_RE = re.compile(rf"(?:{words('eligibility_triggers', 'held')})")
FOLLOW_ON_RE = re.compile(rf"(?:{words('question_words', 'follow-on')})\b")
NOMINATING_RE = re.compile(rf"\b(?:{words('eligibility_triggers', 'asks', 'nominating')})\b[^.?!]{{0,30}}$")
# A yes/no about something other than eligibility ("có được thưởng tiền không", "hồ sơ gồm gì").
NOT_A_VERDICT = re.compile(rf"\b(?:{words('eligibility_triggers', 'other-question')})\b")
# The clauses of a sentence that asks two things ("… có được LĐTT không, ai quyết định?")
CLAUSE_SPLIT_RE = re.compile(r"\s*[,;]\s*")
# Whose history: a person or a collective speaking of itself, or facts (years, ratings) told.
SOMEONE_RE = re.compile(rf"\b(?:{words('speakers', 'self', 'other', 'unit')})\b")
COLLECTIVE_RE = re.compile(rf"\b(?:{words('speakers', 'collective')})\b")
# "Anh T. phòng em …": a person's name of one or two words between the title and the unit speaking of itself
PERSON_NAME_RE = re.compile(r"\s+\w+\.?(?:\s+\w+\.?)?\s+")
AWARD_KIND_RE = re.compile(rf"\b(?:{words('award_kinds')})\b")

INITIATIVE_STOP_RE = re.compile(rf"[,.;?!\n]|\b(?:{words('initiatives', 'new-clause')})\b")
# a clause opening with a denial ("…, chưa có xác nhận gì về phạm vi ảnh hưởng toàn quốc") tells a reach not had
DENIED_CLAUSE_RE = re.compile(rf"\s*(?:{NOT})\b")
INITIATIVE_RE = re.compile(rf"\b(?:{words('initiatives', 'initiative')})\b")
RECOGNISED_RE = re.compile(rf"\b(?:{words('initiatives', 'recognised')})\b")
# Members penalised: "có 2 người bị khiển trách", "không có cá nhân nào bị kỷ luật", "1 đồng chí bị kỷ luật cảnh cáo".
MEMBER_PENALTY_RE = re.compile(rf"(?:{NOT}|{HAVE}|{words('numbers')}|\d+)(?: (?:{HAVE}))? (?:{ANYONE}|{MEMBER_WORDS}"
                               rf"(?: (?:{ANY}))?|\w+ (?:{ANY}))(?: \w+)? {PENALTY_PATTERN}"
                               rf"(?: (?:{words('penalties')}))?")
MEMBERS_NONE_RE = re.compile(rf"(?:{NOT})(?: (?:{HAVE}))? (?:{ANYONE}|{MEMBER_WORDS} (?:{ANY})|\w+ (?:{ANY}))")
TEACHER_RE = re.compile(rf"\b(?:{words('teaching', 'teacher')})\b")
# A penalty by name too: khiển trách, cảnh cáo, hạ bậc lương, giáng chức, cách chức.
# Not after a denial ("không bị kỷ luật năm 2025" is no penalty); the year after the penalty or just before it
# ("bị khiển trách tháng 10/2025", "năm 2025 bị kỷ luật khiển trách").
NOT_DENIED = "".join(rf"(?<!{re.escape(form)} )" for label in ("not", "ever")
                     for phrase in default_lexicon().phrases("particles", label)
                     for form in dict.fromkeys((phrase.lower(), fold(phrase).lower())))
DAY = r"(?:\d{1,2}\s*[/-]\s*)?"  # "tháng 3/2025" too
PAST_DISCIPLINE_RE = re.compile(rf"{NOT_DENIED}{PENALTY_PATTERN}(?: \w+){{0,3}}?\D{{0,12}}{DAY}({YEAR})|"
                                rf"({YEAR})(?: \w+){{0,2}}? {NOT_DENIED}{PENALTY_PATTERN}")
# When it was served or ran out ("đã chấp hành xong tháng 8/2025", "hết thời hạn kỷ luật năm 2025"): the penalty
# was in force until then (khoản 4 Điều 4 Nghị định 152/2025 counts achievements from that point).
SERVED_RE = re.compile(rf"\b(?:{words('discipline', 'served')})(?: \w+){{0,4}}?[^\d.;!?\n]{{0,12}}{DAY}({YEAR})")
# "không bị kỷ luật": no penalty, which is a fact (not only "not under consideration").
NO_PENALTY_RE = re.compile(rf"(?:{NOT})(?: (?:{EVER}))?(?: (?:{words('particles', 'suffered')}|{HAVE}))+ "
                           rf"(?:{words('discipline', 'discipline')})\b")
DISCIPLINE_WORDS_RE = re.compile(rf"\b(?:{words('discipline', 'matter')})\b")
MATERNITY_RE = re.compile(rf"\b(?:{words('leave', 'maternity')})\b")
TEACHING_RE = re.compile(rf"{NUMBER} (?:{YEAR_WORD}) (?:(?:{words('teaching', 'direct')}) )?"
                         rf"(?:{words('teaching', 'service')})|"
                         rf"(?:{words('teaching', 'service', 'seniority')})\D{{0,25}}?{NUMBER} (?:{YEAR_WORD})")
# Years of work ("công tác liên tục được 23 năm", "12 năm cống hiến"): after the work, in figures, with no figure
# but a year between ("về công ty từ năm 2018, tức là 8 năm"; unaccented "tu nam" may be "tư năm" or "từ năm"),
# nor a title reached ("công tác ở sở, đạt CSTĐCS 3 năm liền" tells a streak, not the years of work).
WORK_RE = re.compile(rf"{NUMBER} (?:{YEAR_WORD}) (?:{words('tenure', 'work')})\b|"
                     rf"\b(?:{words('tenure', 'work')})(?:(?!\b(?:{REACHED})\b)(?:\D|\b\d{{4}}\b)){{0,40}}?"
                     rf"\b(\d{{1,2}}) (?:{YEAR_WORD})\b(?! (?:{words('years', 'streak')})\b)")
# Words between a title or rating and its years ("CSTĐCS các năm 2021, 2022"), and a denial before a title.
GAP_RE = re.compile(rf"\s*:?\s*(?:(?:{words('years', 'filler')}|\d{{1,2}} (?:{YEAR_WORD})|\d{{1,2}} (?:{TIMES}))\s*)*")
DENIED_TITLE_RE = re.compile(rf"\b(?:{NOT})( (?:{EVER}))?( (?:{GOT}|{REACHED}|{HAVE}))*"
                             rf"( (?:{TIMES}) (?:{ANY})| (?:{words('particles', 'title')}))?\s*$")
COUNTED_RE = re.compile(rf"{NUMBER} (?:{TIMES})(?: (?:{GOT}))?(?: (?:{words('particles', 'awarded')}))?"
                        rf"(?: (?:{words('particles', 'title')}))?(?: (?:{REACHED}))?\s*$")
HELD_BEFORE_RE = re.compile(rf"\b(?:{GOT}|{REACHED}|{TIMES}|{HAVE})\s*$")
# "không có sáng kiến", "em không viết sáng kiến", "cũng không tham gia đề tài": a denial, what one does with an
# initiative (initiatives.yaml make), the initiative.
DENIED_INITIATIVE_RE = re.compile(rf"\b(?:{NOT})(?: (?:{words('initiatives', 'make')})){{0,2}}\s*$")
# Only joining words between a denied initiative and the next ("không có sáng kiến hay đề tài nào"): denied too.
JOINED_RE = re.compile(rf"[\s,]*(?:(?:{words('question_words', 'coordination')})[\s,]+)?")
# "có phải làm sáng kiến …": words asking whether one is needed, then perhaps what one does with it (asked, not told)
ASKED_INITIATIVE_RE = re.compile(rf"\b(?:{words('initiatives', 'asked')})(?: (?:{words('initiatives', 'make')})){{0,2}}"
                                 rf"\s*$")
EACH_YEAR_RE = re.compile(rf"\b(?:{words('initiatives', 'each-year')})\b")
SINCE_YEAR_RE = re.compile(rf"\b(?:{words('initiatives', 'since')})\s+({YEAR})\b")
REQUIRED_INITIATIVE_RE = re.compile(rf"\s*(?:{words('initiatives', 'required')})\b")
# "… hay bắt buộc phải HTXSNV?": a rating after words asking whether it is needed is a requirement asked, no fact
ASKED_RATING_RE = re.compile(rf"\b(?:{words('initiatives', 'asked')}|{words('initiatives', 'required')})\s*$")
# The years of a streak written beside it: "3 năm liền (2023, 2024, 2025)", "2023-2025 (3 năm liền)".
YEARS_AFTER_RE = re.compile(rf"\s*[(:]?\s*(?:(?:{YEAR_WORD})\s+)?{YEAR}")
YEARS_BEFORE_RE = re.compile(rf"{YEAR}\s*[(:,]?\s*$")
UNDATED_RE = re.compile(rf"\s*(?:(?:{YEAR_WORD})\s+|(?:{words('years', 'the-years')})\s+)?{YEAR}")


@dataclass
class Mention:
    """Something said at a place in the text: a title (value: award id), a rating (value: level), a leave."""

    start: int
    end: int
    value: str
    years: list[int] = field(default_factory=list)
    # The years were written right after the mention ("CSTĐCS năm 2021, 2022"), not earlier in the sentence.
    following: bool = False


@dataclass
class History:
    """What a message told: the facts in the wizard's shape, the award asked about, and what was not usable."""

    facts: dict
    award: Award | None = None
    uncovered: Uncovered | None = None
    awards_named: list[str] = field(default_factory=list)
    nominee_kind: str = ""
    # The award asked was not named where the message asks, but where its story proposes it: a reading, not a sure one.
    inferred: bool = False

    @property
    def year(self) -> int:
        return int(self.facts["year"])


def written(text: str) -> str:
    """The text in the form the patterns read: chat spellings as the written words ("dc" -> "được",
    knowledge/lexicon/spelling.yaml), as the engine reads a message, then folded (match_form)."""
    return match_form(default_lexicon().rewrite(text, "spelling"))


def _initiative_window(ahead: str) -> str:
    """What is said of an initiative after its name: up to the end of its clause (a comma inside a scope's name,
    "cấp Bộ, ngành", ends nothing), and the clauses after it that tell its reach ("…, có khả năng nhân rộng trong
    toàn quốc"), also past clauses telling it recognised or applied ("… đã nghiệm thu, áp dụng hiệu quả, có phạm vi
    ảnh hưởng trong toàn quốc"); not past a clause that denies ("…, chưa có xác nhận gì về phạm vi toàn quốc")."""
    lexicon = default_lexicon()
    named = [(found.start, found.end) for found in lexicon.find(ahead[:220], "scopes")]
    stops = [m for m in INITIATIVE_STOP_RE.finditer(ahead) if not any(start <= m.start() < end for start, end in named)]
    if not stops:
        return ahead[:90]
    end = min(stops[0].start(), 110)
    for stop, following in itertools.pairwise([*stops, None]):
        clause = ahead[stop.end():following.start() if following else len(ahead)]
        if stop.group(0) != "," or DENIED_CLAUSE_RE.match(clause):
            break
        if lexicon.says(clause, "initiatives", "reach"):
            end = stop.end() + len(clause)
        elif not lexicon.says(clause, "initiatives", "recognised"):
            break
    return ahead[:min(end, 220)]


class HistoryReader:
    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    # Years said in words ------------------------------------------------------------------------------
    def _absolute_years(self, text: str, today: date) -> str:
        """ "năm học 2022-2023" -> "năm 2023"; "từ 2020 đến nay" -> "2020-<this year>"; "năm nay" -> the year."""
        this = today.year
        pair = rf"{YEAR}\s*(?:-|–|/)\s*{YEAR}"
        year_word, since = fold(default_lexicon().phrases("years", "year")[0]), fold(
            default_lexicon().phrases("years", "from")[0])

        def school_years(match: re.Match) -> str:  # a school year counts for the year it ends in
            ends = [re.split(r"\s*(?:-|–|/)\s*", found)[1] for found in re.findall(pair, match.group(0))]
            return f"{year_word} " + ", ".join(ends)

        school, the_years = words("years", "school-year"), words("years", "the-years")
        text = re.sub(rf"(?:\b(?:{the_years}) )?\b(?:{school}) {pair}"
                      rf"(?:\s*(?:,|\b(?:{AND})\b)\s*(?:(?:{school}) )?{pair})*", school_years, text)
        # A span keeps its "từ" so it never joins a year written just before it ("năm 2019, từ 2020 đến …").
        start = rf"\b(?:{words('years', 'from')}) (?:(?:{YEAR_WORD}) )?({YEAR}) (?:{TO})"
        text = re.sub(rf"{start} (?:{words('years', 'now')})\b", rf"{since} \1-{this}", text)
        text = re.sub(rf"{start} (?:(?:{YEAR_WORD}) )?({YEAR})", rf"{since} \1-\2", text)
        def relative(match: re.Match, ago: int) -> str:  # after a count it is a streak ("ba năm vừa qua")
            counted = COUNTED_BEFORE_RE.search(match.string, 0, match.start())
            return match.group(0) if counted else f"{year_word} {this - ago}"

        for label, ago in (("this-year", 0), ("last-year", 1), ("two-years-ago", 2)):
            text = re.sub(rf"\b(?:{words('years', label)})\b", lambda match, ago=ago: relative(match, ago), text)

        def since_then(match: re.Match) -> str:
            before = re.findall(YEAR, text[:match.start()])
            return f" {since} {int(before[-1]) + 1}-{this} " if before else match.group(0)

        # "từ đó" runs to now; a bare "sau đó" does not say until when, so it is left alone.
        return re.sub(rf"\b(?:{words('years', 'since-then')})\b", since_then, text)

    @staticmethod
    def _streaks(text: str, year: int) -> str:
        """ "3 năm liền", "03 lần liên tục", "2 năm gần đây" -> the years up to the nomination year."""
        def spread(match: re.Match) -> str:
            n = number(match.group(1))
            before, after = match.string[:match.start()], match.string[match.end():]
            if YEARS_AFTER_RE.match(after) or YEARS_BEFORE_RE.search(before):
                return " "  # "3 năm liền 2023, 2024, 2025": the years said are the streak's
            return f" {year - n + 1}-{year} " if 1 <= n <= 30 else match.group(0)

        return STREAK_RE.sub(spread, text)

    @staticmethod
    def _years_of(group: str) -> list[int]:
        years: set[int] = set()
        for match in RANGE_RE.finditer(group):
            start, end = int(match.group(1)), int(match.group(2))
            if start <= end <= start + 30:
                years.update(range(start, end + 1))
        years.update(int(y) for y in re.findall(YEAR, RANGE_RE.sub(" ", group)))
        return sorted(years)

    # Reading ------------------------------------------------------------------------------------------
    def read(self, text: str, today: date | None = None, found: list[NamedAward] | None = None) -> History:
        """The facts a text tells. `found`: the award names read in it already (offsets into `clean(text)`, the
        engine's one reading of a message), carried through the reader's rewrites rather than read again."""
        today = today or date.today()
        said = self._said(text, found)
        folded = self._absolute_years(written(text), today)
        sentences = [(m.start(), m.end()) for m in SENTENCE_RE.finditer(folded)]
        titles = self._title_mentions(folded, said)
        asked = self._asked(folded, sentences, titles) or self._proposed(folded, sentences, titles)
        year = self._nomination_year(folded, sentences, asked, today)
        folded = self._streaks(folded, year)
        sentences = [(m.start(), m.end()) for m in SENTENCE_RE.finditer(folded)]
        titles = self._title_mentions(folded, said)
        asked = self._asked(folded, sentences, titles)
        inferred = asked is None and (asked := self._proposed(folded, sentences, titles)) is not None
        groups = [(m.start(), m.end(), self._years_of(m.group(0))) for m in YEAR_GROUP_RE.finditer(folded)]
        facts: dict = {"year": year, "confirm": {}}
        history = History(facts, inferred=inferred)
        if asked is not None:
            if asked.value.startswith("uncovered:"):
                history.uncovered = next(item for item in self.catalogue.uncovered
                                         if item.id == asked.value.removeprefix("uncovered:"))
            else:
                history.award = self.catalogue.awards[asked.value]
        history.awards_named = [m.value for m in titles if not m.value.startswith("uncovered:")]
        twin = self.catalogue.awards.get(f"{history.award.id}-tap-the") if history.award else None
        if twin is not None and _tells_collective(text, folded):
            history.award = twin  # "phòng tôi … bằng khen tỉnh": the collective's own criteria
        collective = bool(history.award and history.award.collective)
        history.nominee_kind = self._kind(folded, collective)
        if history.nominee_kind:
            facts["nominee_kind"] = history.nominee_kind
        if TEACHER_RE.search(folded):
            facts["teacher"] = True
        held = [m for m in titles if m is not asked and not m.value.startswith("uncovered:")
                and not self._asked_too(folded, m, sentences)]
        member = self._members(folded, held, facts) if collective else set()
        own = [m for m in held if id(m) not in member]
        ratings = self._rating_mentions(folded)
        content = sorted([m.start for m in [*titles, *ratings]] + [
            m.start() for pattern in (INITIATIVE_RE, MATERNITY_RE, PENDING_RE, DISCIPLINE_WORDS_RE)
            for m in pattern.finditer(folded)])
        for mention in [*own, *ratings]:
            mention.years, mention.following = self._years_for(folded, mention, groups, sentences, content)
        self._put_titles(folded, own, year, facts)
        self._put_ratings(ratings, year, facts)
        self._put_initiative(folded, facts)
        self._put_discipline(folded, facts, collective)
        self._put_maternity(folded, groups, sentences, content, year, facts)
        teaching = TEACHING_RE.search(folded)
        if teaching:
            facts["teaching_years"] = number(teaching.group(1) or teaching.group(2))
        work = WORK_RE.search(folded)
        if work:
            facts["work_years"] = number(work.group(1) or work.group(2))
        return history

    @staticmethod
    def _said(text: str, found: list[NamedAward] | None) -> list[tuple[str, NamedAward]] | None:
        """Each name read already, as the reader's folded form writes it."""
        if found is None:
            return None
        plain = clean(text)
        return [(match_form(plain[name.start:name.end]).strip(), name) for name in found]

    def _title_mentions(self, folded: str, said: list[tuple[str, NamedAward]] | None = None) -> list[Mention]:
        """The awards named, by the catalogue's one name matcher: a wizard's award by id, one whose criteria the
        knowledge base lacks as "uncovered:<id>". `said`: the names read already, found again in `folded` left to
        right (the rewrites of years move them, never change them); read anew only if one is not there."""
        named = self.catalogue.named(folded, self._relocated(folded, said) if said is not None else None)
        return [Mention(name.start, name.end, f"uncovered:{award.id}" if isinstance(award, Uncovered) else award.id)
                for name, award in named]

    def _asked_too(self, folded: str, mention: Mention, sentences: list[tuple[int, int]]) -> bool:
        """An award named, in a sentence that asks, after words of asking or nominating in its clause and with no
        year of its own before or after it ("… nếu đủ điều kiện xét tặng CSTĐ tỉnh thì …?", "có được vừa nhận CSTĐ
        tỉnh vừa được xét bằng khen …?"): asked, not held ("Năm 2023 tôi có được Bằng khen …" tells one)."""
        start, end = self._sentence_of(mention.start, sentences)
        if not (folded[start:end].rstrip().endswith("?") or STRONG_RE.search(folded[start:end])):
            return False
        clause = re.split(r"[,;:]", folded[max(start, mention.start - 60):mention.start])[-1]
        if MEMBERS_COUNTED_RE.search(clause):  # "có 1 cô đạt CSTĐCS": members' titles ("cô đạt" folds as "có đạt")
            return False
        return NOMINATING_RE.search(clause) is not None and not re.search(YEAR, clause) \
            and not YEARS_AFTER_RE.match(folded[mention.end:])

    @staticmethod
    def _relocated(folded: str, said: list[tuple[str, NamedAward]]) -> list[NamedAward] | None:
        moved, cursor = [], 0
        for form, name in said:
            at = folded.find(form, cursor)
            if at < 0:
                return None
            cursor = at + len(form)
            moved.append(replace(name, start=at, end=cursor, reach=cursor))
        return moved

    @staticmethod
    def _sentence_of(position: int, sentences: list[tuple[int, int]]) -> tuple[int, int]:
        return next(((s, e) for s, e in sentences if s <= position < e), (0, 0))

    @staticmethod
    def _after(trigger: re.Match, inside: list[Mention], folded: str) -> Mention | None:
        """The first award after a question word in the same clause."""
        return next((m for m in inside if m.start >= trigger.start()
                     and not re.search(r"[,;:]", folded[trigger.end():m.start])), None)

    def _asked(self, folded: str, sentences: list[tuple[int, int]], titles: list[Mention]) -> Mention | None:
        """The award after the last question word of the last sentence that asks; else the last award named
        in that sentence without a year of its own."""
        asking = [(s, e) for s, e in sentences if folded[s:e].rstrip().endswith("?") or
                  STRONG_RE.search(folded[s:e])]
        strong = [index for index, (s, e) in enumerate(asking) if STRONG_RE.search(folded[s:e])]
        if strong:
            # "Tổ có đủ điều kiện TTLĐXS không? … có bắt buộc phải có người đạt CSTĐCS không?": a later question
            # with no question word of eligibility asks about the award of the one that has, unless it asks the
            # same again of another ("Còn CSTĐCS thì sao?")
            asking = asking[:strong[-1] + 1] + [
                (s, e) for s, e in asking[strong[-1] + 1:]
                if TRIGGER_RE.search(folded, s, e) or FOLLOW_ON_RE.match(folded[s:e].lstrip())]
        for start, end in reversed(asking or sentences[-1:]):
            triggers = [m for m in TRIGGER_RE.finditer(folded, start, end)]
            inside = [m for m in titles if start <= m.start < end]
            if not inside:
                continue
            if triggers:
                # The award asked follows the question words in the same clause ("có được xét X năm 2025",
                # "đề nghị chị ấy X có được không"); after a comma a new clause tells history ("…, tôi đạt
                # CSTĐCS 2023").
                after = self._after(triggers[-1], inside, folded)
                if after:
                    return after
                if AWARD_KIND_RE.search(folded[triggers[-1].end():end]):
                    return None  # an award asked that the catalogue cannot name ("có được bằng khen không")
                # "đề nghị chị ấy X có được không": the award follows an earlier proposing word ("được tặng X"
                # tells what was held).
                for trigger in reversed(triggers[:-1]):
                    if not HELD_RE.fullmatch(trigger.group(1)) and (after := self._after(trigger, inside, folded)):
                        return after
                inside = [m for m in inside if m.start < triggers[0].start()
                          and not HELD_BEFORE_RE.search(folded[max(0, m.start - 12):m.start])]
                if not inside:
                    continue
            undated = [m for m in inside if not UNDATED_RE.match(folded[m.end:])]
            named = (undated or inside)[-1]
            # named again without a question word of its own, an award the story tells as held with its years ("…
            # được CSTĐCS các năm 2020, 2022 và 2024. Năm 2025 trường muốn đề nghị Bằng khen Thủ tướng cho thầy.
            # CSTĐCS không liên tục như vậy có được tính không, thầy đủ điều kiện chưa?") is a condition of the
            # award the story proposes, which is the one asked about
            if any(m.value == named.value and m.start < named.start and UNDATED_RE.match(folded[m.end:])
                   for m in titles) and (proposed := self._proposed(folded, sentences, titles)) is not None \
                    and proposed.value != named.value:
                return proposed
            return named
        return None

    def _proposed(self, folded: str, sentences: list[tuple[int, int]], titles: list[Mention]) -> Mention | None:
        """When no sentence that asks names an award: the one the story proposes ("Thầy hiệu trưởng muốn đề nghị
        TTLĐXS cho tổ … Vậy có được không ạ?"), never one told as held ("được tặng X")."""
        for start, end in reversed(sentences):
            inside = [m for m in titles if start <= m.start < end]
            for trigger in reversed(list(TRIGGER_RE.finditer(folded, start, end)) if inside else []):
                if not HELD_RE.fullmatch(trigger.group(1)) and (after := self._after(trigger, inside, folded)):
                    return after
        return None

    def _nomination_year(self, folded: str, sentences: list[tuple[int, int]], asked: Mention | None,
                         today: date) -> int:
        """The year asked about ("xét năm 2025"), else the latest year told, else this year."""
        if asked is not None:
            _, end = self._sentence_of(asked.start, sentences)
            after = re.findall(YEAR, re.split(r"[,;:]", folded[asked.end:end])[0])
            if after:
                return int(after[0])
        years = [y for group in YEAR_GROUP_RE.finditer(folded) for y in self._years_of(group.group(0))]
        years = [y for y in years if y <= today.year + 1]
        return max(years) if years else today.year

    def _years_for(self, folded: str, mention: Mention, groups: list[tuple[int, int, list[int]]],
                   sentences: list[tuple[int, int]], content: list[int]) -> tuple[list[int], bool]:
        """The years right after a mention ("CSTĐCS năm 2021, năm 2022"), else the nearest before it in the
        sentence ("Năm 2021, năm 2022 tôi đạt …"); and whether they came after it. `content` holds where
        something other than years is said: groups joined across ", năm" must have nothing said between."""
        start, end = self._sentence_of(mention.start, sentences)
        inside = [g for g in groups if start <= g[0] and g[1] <= end]

        def said(low: int, high: int) -> bool:
            return any(low <= position < high for position in content)

        def clause_end(position: int) -> int:
            stop = re.search(r"[,;:]", folded[position:end])
            return position + stop.start() if stop else end

        following = [i for i, g in enumerate(inside) if g[0] >= mention.end]
        if following:
            i = following[0]
            gap = folded[mention.end:inside[i][0]]
            if GAP_RE.fullmatch(gap):
                years = list(inside[i][2])
                while i + 1 < len(inside) and NEXT_YEAR_RE.fullmatch(folded[inside[i][1]:inside[i + 1][0]]) \
                        and not said(inside[i + 1][1], clause_end(inside[i + 1][1])):
                    i += 1
                    years += inside[i][2]
                return years, True
        preceding = [i for i, g in enumerate(inside) if g[1] <= mention.start]
        if not preceding:
            return [], False
        k = preceding[-1]
        years = list(inside[k][2])
        while k > 0 and NEXT_YEAR_RE.fullmatch(folded[inside[k - 1][1]:inside[k][0]]):
            clause = max([start, *(m.end() for m in re.finditer(r"[,;:]", folded[:inside[k - 1][0]]))])
            if said(clause, inside[k - 1][0]):
                break
            k -= 1
            years = inside[k][2] + years
        return years, False

    # Titles, ratings and the rest ---------------------------------------------------------------------------
    def _members(self, folded: str, held: list[Mention], facts: dict) -> set[int]:
        """Titles the collective's members hold: "80% cá nhân đạt LĐTT", "có 2 người đạt CSTĐCS"."""
        used: set[int] = set()
        for mention in held:
            before = folded[max(0, mention.start - 50):mention.start]
            share = re.search(r"(\d{1,3})\s*%(?:\s+\w+){0,5}\s*$", before)
            ratio = re.search(r"(\d{1,3})\s*/\s*(\d{1,3})(?:\s+\w+){0,5}\s*$", before)
            people = re.search(rf"(\d{{1,4}})\s*{MEMBER_WORDS}(?:\s+\w+){{0,3}}\s*$", before)
            if people and not ratio:  # "có 40 giáo viên, 30 người đạt LĐTT": the share of the total told
                begins = mention.start - len(before) + people.start()
                total = next((t for t in re.finditer(rf"\b(?:{words('members', 'total')}|{words('speakers', 'unit')})"
                                                     rf"\s*(\d{{1,4}})\s*{MEMBER_WORDS}", folded[:begins])), None)
                if total and int(people.group(1)) <= int(total.group(1)):
                    ratio = re.match(r"(\d+)/(\d+)", f"{people.group(1)}/{total.group(1)}")
            if share and int(share.group(1)) <= 100:
                facts.setdefault("member_share", {})[mention.value] = int(share.group(1))
            elif ratio and int(ratio.group(2)) > 0 and int(ratio.group(1)) <= int(ratio.group(2)):
                facts.setdefault("member_share", {})[mention.value] = round(
                    100 * int(ratio.group(1)) / int(ratio.group(2)))
            elif re.search(rf"{MEMBER_WORDS}|\b(?:{ANYONE})\b", before[-35:]):
                negative = MEMBERS_NONE_RE.search(before[-35:])
                facts.setdefault("member_titles", {})[mention.value] = not negative
            else:
                continue
            used.add(id(mention))
        if re.search(rf"{MEMBERS_ALL}(?:{COMPLETED})", folded):
            facts["members_completed"] = True
        elif re.search(rf"(?:{HAVE}|{words('numbers')}|\d+) {MEMBER_WORDS} (?:\w+ ){{0,3}}(?:{NOT}) (?:{COMPLETED})",
                       folded):  # "1 cô bị xếp loại không hoàn thành nhiệm vụ"
            facts["members_completed"] = False
        if re.search(rf"{MEMBERS_NONE_RE.pattern}(?: \w+)? {PENALTY_PATTERN}", folded):
            facts["member_discipline"] = False
        else:
            # The criterion counts a warning or heavier: members only reprimanded (khiển trách) do not count.
            forms = [penalty_forms(m.group(0)) for m in MEMBER_PENALTY_RE.finditer(folded)
                     if re.match(rf"(?:{HAVE}|{words('numbers')}|\d+)(?: (?:{HAVE}))? {MEMBER_WORDS}\b", m.group(0))]
            if forms:
                facts["member_discipline"] = any(not named or set(named) & set(WARNING_OR_ABOVE) for named in forms)
        return used

    def _put_titles(self, folded: str, mentions: list[Mention], year: int, facts: dict) -> None:
        titles: dict[str, list[str]] = {}
        counts: dict[str, int] = {}
        denied = False
        for mention in mentions:
            before = folded[max(0, mention.start - 40):mention.start]
            counted = COUNTED_RE.search(before)
            after = re.match(rf"\s*{NUMBER} (?:{TIMES})\b", folded[mention.end:])
            if DENIED_TITLE_RE.search(before):
                # "chưa được CSTĐCS": none held, which is a fact; nor in the years after it ("không có CSTĐCS nhưng 2
                # năm 2023 và 2024 liên tục HTXSNV", "không đạt CSTĐCS năm 2024")
                denied = True
                continue
            if mention.years and (mention.following or not (counted or after)):
                for held in mention.years:
                    if held <= year:
                        titles.setdefault(str(held), [])
                        if mention.value not in titles[str(held)]:
                            titles[str(held)].append(mention.value)
            elif counted or after:
                counts[mention.value] = max(counts.get(mention.value, 0), number((counted or after).group(1)))
            else:
                counts[mention.value] = max(counts.get(mention.value, 0), 1)
        if titles or denied:
            facts["titles"] = titles
        if counts:
            facts["title_counts"] = counts

    @staticmethod
    def _rating_mentions(folded: str) -> list[Mention]:
        found = []
        for said in ratings(folded):
            before = folded[max(0, said.start - 40):said.start]
            if re.search(MEMBERS_ALL + "$", before) or MEMBERS_COUNTED_RE.search(before):
                continue  # "100% cá nhân hoàn thành nhiệm vụ", "1 người chỉ hoàn thành": about the members
            if ASKED_RATING_RE.search(before) and _in_question(folded, said.start):
                continue  # "có đề nghị … được không hay bắt buộc phải HTXSNV?": asked whether it is needed
            found.append(Mention(said.start, said.end, said.label))
        return found

    @staticmethod
    def _put_ratings(mentions: list[Mention], year: int, facts: dict) -> None:
        ratings: dict[str, str] = {}
        for mention in mentions:
            for rated in mention.years or [year]:
                if rated <= year:
                    ratings[str(rated)] = mention.value
        if ratings:
            facts["ratings"] = ratings

    @staticmethod
    def _put_initiative(folded: str, facts: dict) -> None:
        scopes, recognised, counted, denied = [], False, 0, False
        denied_end = -1  # where the last denied initiative ends
        for match in INITIATIVE_RE.finditer(folded):
            before = folded[max(0, match.start() - 25):match.start()]
            if DENIED_INITIATIVE_RE.search(before) or (
                    denied_end >= 0 and JOINED_RE.fullmatch(folded, denied_end, match.start())):
                denied, denied_end = True, match.end()
                continue
            if ASKED_INITIATIVE_RE.search(before) or (REQUIRED_INITIATIVE_RE.match(folded, match.end())
                                                      and _in_question(folded, match.end())):
                continue  # "có phải làm sáng kiến cấp tỉnh nữa không?", "… đề tài phải có …?": asked, not told
            window = _initiative_window(folded[match.end():])
            amount = re.search(rf"\b{NUMBER}\s*$", before)
            if amount:
                counted += number(amount.group(1)) * max(_years_each(folded, match.start(), before, facts), 1)
            if scope := widest_scope(window):
                scopes.append(scope)
            recognised = recognised or bool(RECOGNISED_RE.search(window))
        if scopes:
            facts["initiative"] = widest(scopes)
        elif recognised:
            facts["initiative_at_least"] = "co-so"
        elif denied:
            facts["initiative"] = NONE
        if counted:
            facts["initiative_count"] = counted

    @staticmethod
    def _put_discipline(folded: str, facts: dict, collective: bool) -> None:
        own = folded
        if collective:  # "không có cá nhân nào bị kỷ luật" is about the members, read by _members
            own = MEMBER_PENALTY_RE.sub(" ", folded)
        pending = pending_discipline(own)
        if pending is not None:
            facts["discipline"] = pending
        told = [int(next(y for y in m.groups() if y)) for pattern in (PAST_DISCIPLINE_RE, SERVED_RE)
                for m in pattern.finditer(own)]
        if told and facts.get("discipline") is not True:
            facts["disciplined_in"] = max(told)  # the last year the penalty was in force
        elif NO_PENALTY_RE.search(own) and not PENDING_RE.search(own):
            facts["disciplined_in"] = 0

    def _put_maternity(self, folded: str, groups: list[tuple[int, int, list[int]]], sentences: list[tuple[int, int]],
                       content: list[int], year: int, facts: dict) -> None:
        match = MATERNITY_RE.search(folded)
        if match:
            mention = Mention(match.start(), match.end(), "")
            years, _ = self._years_for(folded, mention, groups, sentences, content)
            facts["maternity"] = [y for y in years if y <= year] or [year]

    @staticmethod
    def _kind(folded: str, collective: bool) -> str:
        """The kind of nominee, the first of knowledge/lexicon/nominees.yaml the history names."""
        if collective:
            return "tap-the"
        named = {found.label for found in undenied(folded, "nominees")}  # not "không phải cán bộ, công chức"
        return next((kind for kind in default_lexicon().taxonomies["nominees"].labels if kind in named), "")


def is_eligibility_question(text: str, catalogue: Catalogue, found: list[NamedAward] | None = None) -> bool:
    """A yes/no about being eligible for an award ("có được … không", "đủ điều kiện … chưa"), not a question
    about amounts, dossiers or authority. The words that ask must be in a sentence that asks (`asking`), and said
    with their own tones when the message has tones ("trường em có cô được phong …" says no "có được")."""
    lexicon = default_lexicon()
    # Only the sentences that ask: "đã hết thời hạn kỷ luật" in the history is not a question about deadlines.
    asked, framed = [], []
    for sentence in asking(text):
        if (ASKS_RE.search(folded := written(sentence)) and lexicon.says(sentence, "eligibility_triggers", "asks")) \
                or FRAME_RE.search(folded):
            asked.append(folded)
        elif (frame := CAN_FRAME_RE.search(folded)) and not lexicon.find(sentence, "principles"):
            framed.append((folded, frame))
    whole = written(text)
    reader = _reader(catalogue)
    mentions = reader._title_mentions(whole, reader._said(text, found)) if framed else None  # read once
    # a closing "được không" asks a verdict only of an award named inside it ("đề nghị BK thành phố cho anh được
    # không?"), not of a deed ("đăng ký muộn được không?")
    asked += [folded for folded, frame in framed
              if (at := whole.find(folded)) >= 0 and any(at + frame.start() <= mention.start < at + frame.end()
                                                         for mention in mentions or [])]
    if not asked:
        return False
    # a principle's words are a circumstance told, not a question of another kind ("hết thời hạn kỷ luật"); a cap
    # asked with a rate or an amount ("… được đề nghị tối đa bao nhiêu CSTĐCS?", limits.yaml) is a question of a
    # quota, not of a verdict ("còn hạn chế về …" is no cap); so is a rate asked ("phải đạt bao nhiêu % phiếu đồng ý
    # mới được đề nghị CSTĐCS?")
    if any(_asks_other(without_spans(sentence, lexicon.find(sentence, "principles"), ";"), lexicon)
           for sentence in asked) \
            or any(_asks_quota(sentence, lexicon) or lexicon.says(sentence, "limits", "rate-asked")
                   for sentence in asked):
        return False
    if not (SOMEONE_RE.search(whole) or re.search(YEAR, whole) or ratings(whole)):
        return False  # "Nông dân có được tặng LĐTT không" asks about a rule, not about someone's history
    return bool(mentions if mentions is not None else reader._title_mentions(whole, reader._said(text, found)))


def _asks_other(sentence: str, lexicon: Lexicon) -> bool:
    """Whether an asking sentence (folded) asks something other than a verdict (`other-question`): in the clause
    that asks the yes/no, before it, or after it ("…, hồ sơ gồm những gì?") unless only what a verdict says itself
    (`verdict-says`: "… có được LĐTT không, ai quyết định?")."""
    yes_no = False  # a clause before asked the yes/no
    for clause in CLAUSE_SPLIT_RE.split(sentence):
        asks = bool(ASKS_RE.search(clause) or FRAME_RE.search(clause))
        if NOT_A_VERDICT.search(clause) and (asks or not yes_no or NOT_A_VERDICT.search(without_spans(
                clause, lexicon.find(clause, "eligibility_triggers", ("verdict-says",)), ";"))):
            return True
        yes_no = yes_no or asks
    return False


def _asks_quota(sentence: str, lexicon: Lexicon) -> bool:
    """A cap's words with a rate or an amount asked: "giới hạn tỷ lệ 15%", "tối đa bao nhiêu"."""
    return lexicon.says(sentence, "limits", "ceiling") and bool(
        re.search(r"\d\s*%", sentence) or lexicon.says(sentence, "limits", "rate")
        or lexicon.says(sentence, "question_words", "quantity"))


def _in_question(folded: str, at: int) -> bool:
    """Whether the sentence holding `at` asks: it ends with "?", or the message ends without a stop."""
    end = re.search(r"[.?!\n]", folded[at:])
    return end is None or end.group() == "?"


def _years_each(folded: str, start: int, before: str, facts: dict) -> int:
    """How many years an initiative counted "mỗi năm" stands for: the years rated that its sentence tells before it
    ("Năm 2023 và 2024 đều HTXSNV, mỗi năm có 1 sáng kiến": two), from the year its clause starts them ("…, từ năm
    2025 mỗi năm …"); none when it is not counted per year."""
    if not EACH_YEAR_RE.search(before):
        return 0
    sentence = folded[folded.rfind(".", 0, start) + 1:start]
    rated = {int(year) for year in facts.get("ratings", {})}
    years = {int(year) for year in re.findall(YEAR, sentence)} & rated
    if since := SINCE_YEAR_RE.search(sentence.rsplit(",", 1)[-1]):
        years = {year for year in years if year >= int(since.group(1))}
    return len(years)


def _tells_collective(text: str, folded: str) -> bool:
    """Whether a history is a collective's: "tập thể", or a unit speaking of itself ("phòng tôi") that is not where a
    person just named works ("Anh T. phòng em", "chị Thu Hà tổ tôi"). The titles are read with their tones where the
    message has them ("chỉ có phòng tôi" names no one)."""
    if COLLECTIVE_RE.search(folded):
        return True
    lexicon = default_lexicon()
    cleaned = lexicon.rewrite(clean(text), "spelling")  # "phong e" is "phòng em" typed in a chat
    named = [found.end for found in lexicon.find(cleaned, "members", ("title",))]
    selves = [found.start for found in lexicon.find(cleaned, "speakers", ("self",))]
    return any(any(re.fullmatch(r"\s+", cleaned[unit.end:start]) for start in selves)  # "phòng" then "tôi"
               and not any(PERSON_NAME_RE.fullmatch(cleaned[end:unit.start]) for end in named)
               for unit in lexicon.find(cleaned, "speakers", ("unit", "body")))


def asking(text: str) -> list[str]:
    """The sentences of a message that may ask, as written: those ending in "?" when the writer marks questions so
    ("Có 2 người cùng đủ tiêu chuẩn. Liệu có quy định ưu tiên nữ không?" asks only the second), else every one."""
    sentences = [sentence for sentence in SENTENCE_RE.findall(default_lexicon().rewrite(clean(text), "spelling"))
                 if sentence.strip()]
    marked = [sentence for sentence in sentences if sentence.rstrip().endswith("?")]
    return marked or sentences


_READERS: dict[int, HistoryReader] = {}


def _reader(catalogue: Catalogue) -> HistoryReader:
    """One compiled reader per catalogue (the patterns are built once)."""
    if id(catalogue) not in _READERS:
        _READERS[id(catalogue)] = HistoryReader(catalogue)
    return _READERS[id(catalogue)]


def read_history(text: str, catalogue: Catalogue, today: date | None = None,
                 found: list[NamedAward] | None = None) -> History:
    return _reader(catalogue).read(text, today, found)
