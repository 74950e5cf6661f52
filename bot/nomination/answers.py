"""Wizard answers as people type them: a question instead of an answer, year ranges and "3 năm liền", the
scope of an initiative in words, discipline in words, a yes or no inside a sentence, one year in a date.

Each reader returns data or raises InvalidInput with a message that says what to type instead (with an
example inside the range it asks for).
"""

from __future__ import annotations

import re
from datetime import date

from bot.lexicon import Found, Lexicon, default_lexicon
from bot.nomination.facts import (
    NONE,
    NOT,
    RANGE_RE,
    STREAK_RE,
    WARNING_OR_ABOVE,
    YEAR_RE,
    InvalidInput,
    number,
    parse_year,
    penalty_forms,
    pending_discipline,
    plain,
    reply,
    widest_scope,
    words,
)
from ingest.vietnamese import clean


def looks_like_question(text: str) -> bool:
    """A message that asks something rather than answers the step (it is answered, never stored as data)."""
    raw = (text or "").strip()
    if not raw or raw.startswith("/"):
        return False
    if raw.endswith("?") or raw.endswith("？"):
        return True  # a history told before "… có được không?" is a question however long
    if len(raw) > 150:
        return False
    lexicon = default_lexicon()
    return (lexicon.starts_with(raw, "question_words", "opens") and len(raw.split()) > 2) or lexicon.says(
        raw, "question_words", "asks")


def expand_years(text: str, year: int) -> str:
    """ "2021-2023" -> "2021, 2022, 2023"; "3 năm liền" -> the three years up to the nomination year."""
    def spread(match: re.Match) -> str:
        start, end = int(match.group(1)), int(match.group(2))
        if end < start or end - start > 30:
            raise InvalidInput(f"Khoảng năm “{match.group(0)}” không hợp lệ; ví dụ đúng: {year - 2}-{year}.")
        return ", ".join(str(y) for y in range(start, end + 1))

    text = RANGE_RE.sub(spread, text)

    def streak(match: re.Match) -> str:
        count = number(match.group(1).lower())
        if not 1 <= count <= 30:
            raise InvalidInput(f"“{match.group(0)}”: số năm phải từ 1 đến 30; ví dụ: 3 năm liền.")
        return ", ".join(str(y) for y in range(year - count + 1, year + 1)) + " "

    return STREAK_RE.sub(streak, text)


def no_rating(text: str) -> bool:
    """ "không xếp loại", "không thuộc diện đánh giá": no task rating (knowledge/lexicon/ratings.yaml `none`)."""
    return default_lexicon().starts_with(text, "ratings", "none")


def one_year(text: str, earliest: int, latest: int, label: str = "năm") -> int:
    """The one year in an answer ("1982", "sinh năm 1982", "15/3/1982"), within [earliest, latest]."""
    found = YEAR_RE.findall(text)
    value = found[0] if len(found) == 1 else text
    last_year = date.today().year - 1  # a year of work: last year; a year long past (a birth): the middle
    example = max(last_year, earliest) if latest >= last_year else (earliest + latest) // 2
    try:
        return parse_year(value, earliest, latest)
    except InvalidInput:
        raise InvalidInput(f"Hãy nhập {label} gồm 4 chữ số, từ {earliest} đến {latest} (ví dụ: {example}).") from None


def parse_scope(text: str) -> str | None:
    """The widest scope an initiative was recognised or applied in; None for "chưa rõ"."""
    compact = plain(text).replace(" ", "-")
    if compact in (NONE, *default_lexicon().taxonomies["scopes"].labels):
        return compact  # the value of an option
    said = reply(text, opening=True)
    if said == "unknown" or compact == "chua-ro":
        return None
    if said == "no":
        return NONE
    if scope := widest_scope(text):
        return scope
    raise InvalidInput("Chưa rõ phạm vi của sáng kiến. Hãy chọn: Không có, Cấp cơ sở, Cấp Bộ, ngành, tỉnh, "
                       "Toàn quốc hoặc Chưa rõ (ví dụ: “áp dụng trong toàn thành phố” là cấp tỉnh).")


def lenient_yes_no(text: str) -> bool | None:
    """Yes / no / unknown, also inside a short sentence ("có, đạt", "không đạt", "chưa rõ lắm")."""
    said = reply(text, opening=True)
    if said in ("yes", "no", "unknown"):
        return {"yes": True, "no": False}.get(said)
    raise InvalidInput("Hãy trả lời “Có”, “Không” hoặc “Chưa rõ”.")


def parse_discipline(text: str) -> bool | None:
    """True when the nominee is under discipline, investigation, inspection or a complaint being verified."""
    # "không đang bị…", "đã có kết luận không vi phạm": the negation wins over the words it negates.
    pending = pending_discipline(text, answer=True)
    if pending is not None:
        return pending
    try:
        return lenient_yes_no(text)
    except InvalidInput:
        raise InvalidInput("Hãy trả lời “Có” (đang bị xem xét kỷ luật, thanh tra, kiểm tra hoặc có đơn thư đang "
                           "xác minh), “Không” hoặc “Chưa rõ”.") from None


# The answers offered for the discipline question (it asks both what is pending and a penalty within the year).
PENDING_ANSWER = "Đang bị xem xét kỷ luật, thanh tra"
PENALTY_ANSWER = "Bị kỷ luật trong năm xét"
# Words that say a penalty was served or ran out ("đã chấp hành xong", "đã hết thời hạn kỷ luật").
SERVED = rf"\b(?:{words('discipline', 'served')})\b"
PENALTY_WORDS = rf"\b(?:{words('discipline', 'discipline')}|{words('penalties')})\b|{SERVED}"
PENDING_WORDS = rf"\b(?:{words('discipline', 'inquiry')})\b"
CONSIDERED_RE = re.compile(rf"\b(?:{words('discipline', 'considered')})\b")
# `disciplined_in` left to its own question: the answer did not speak of a penalty.
ASK = -1
NEGATED = re.compile(rf"(?:{NOT})(?: (?:{words('particles', 'ever')}))?"
                     rf"(?: (?:{words('particles', 'suffered', 'have', 'ongoing', 'got', 'is', 'copula')}))*\s*$")


LIST_CLOSE = words("particles", "any", "what")  # "… công chức gì", "… lần nào": a denied list ends
NEGATION_REACH = 25  # how far before a phrase its denial is read, in characters of the plain form


def denied(before: str) -> bool:
    """Whether the words just before a phrase deny it ("không bị …", "chưa từng có …"); `before`: the text up to
    the phrase, in plain() form."""
    return NEGATED.search(before[-NEGATION_REACH:]) is not None


def undenied(text: str, taxonomy: str, lexicon: Lexicon | None = None) -> list[Found]:
    """What a text says of a lexicon taxonomy, in the matcher's order, leaving out what the words just before deny
    ("không nghỉ ốm ngày nào", "không có đơn thư gì", "không phải là cán bộ"), and what a denied one lists on with:
    after a coordination ("không phải cán bộ hay công chức"; knowledge/lexicon/question_words.yaml), or after a
    comma when the list closes there ("không phải cán bộ, công chức gì", not "không phải công chức, cán bộ xã
    như em …"), or next to it ("đâu phải cán bộ công chức viên chức")."""
    lexicon = lexicon or default_lexicon()
    cleaned = clean(text)
    kept, previous, was_denied = [], None, False
    for found in lexicon.find(cleaned, taxonomy):
        gap = cleaned[previous.end:found.start] if previous is not None else ""
        listed_on = previous is not None and was_denied and (
            not gap.strip() or lexicon.covers(gap, "question_words", ("coordination",)) or (
                gap.strip() == "," and re.match(rf"\s*(?:[,.;?!)]|$|(?:{LIST_CLOSE})\b)",
                                                 plain(cleaned[found.end:])) is not None))
        was_denied = listed_on or denied(plain(cleaned[:found.start]))
        if not was_denied:
            kept.append(found)
        previous = found
    return kept


def said(key: str, words: str) -> bool | None:
    """True when one of `words` is said and not negated ("bị khiển trách"), False when each is negated ("không
    bị thanh tra"), None when none is said."""
    found = [not denied(key[:match.start()]) for match in re.finditer(words, key)]
    return any(found) if found else None


def read_discipline(text: str, year: int) -> tuple[bool | None, int | None]:
    """The discipline answer as two facts: whether a discipline or inspection is pending, and `disciplined_in`,
    the last year a penalty was in force (0: none in the year assessed, None: not known). A penalty told without
    a year is one in the year the question asks about; one that ended in an earlier year leaves the year free.
    ASK when the answer only denies a pending discipline, so the penalty is asked on its own."""
    key = plain(text)
    if reply(text, opening=True) == "unknown":
        return None, None
    if key == plain(PENDING_ANSWER):
        return True, None
    if key == plain(PENALTY_ANSWER):
        return None, year
    if reply(text) == "yes":
        raise InvalidInput(f"Hãy nói rõ: “{PENDING_ANSWER}” (chưa có kết luận) hay “{PENALTY_ANSWER}” (kỷ luật "
                           f"có hiệu lực trong năm {year}, kể cả đã chấp hành xong).")
    # "đang bị xem xét kỷ luật" is a discipline pending, not a penalty.
    penalty = said(CONSIDERED_RE.sub(" ", key), PENALTY_WORDS)
    if penalty:
        pending = said(key, PENDING_WORDS)
        if pending is None and re.search(SERVED, key):
            pending = False  # a penalty told as served: the matter was concluded, nothing is pending
        return pending, penalty_year(text, year)
    pending = parse_discipline(text)
    if pending is False and penalty is None and reply(text) != "no":
        return False, ASK  # "không bị thanh tra" says nothing of a penalty within the year: asked next
    return pending, 0 if pending is False else None


def penalty_year(text: str, year: int) -> int:
    """The last year a penalty told was in force: the latest year written (when it was served), else the year
    the question asks about."""
    told = [int(found) for found in YEAR_RE.findall(text)]
    if any(found > year for found in told):
        raise InvalidInput(f"Năm {max(told)} sau năm xét khen thưởng ({year}). Nếu kỷ luật còn thời hạn sang năm "
                           f"{year}, hãy trả lời “Có”.")
    return max(told) if told else year


def read_penalty(text: str, year: int) -> int | None:
    """The answer to "bị kỷ luật trong năm?" alone: the last year the penalty was in force, 0 for none, None
    for not known."""
    answered = reply(text, opening=True)
    if answered == "unknown":
        return None
    if said(plain(text), PENALTY_WORDS) or answered == "yes":
        return penalty_year(text, year)
    if answered == "no":
        return 0
    raise InvalidInput(f"Hãy trả lời “Có” (bị kỷ luật có hiệu lực trong năm {year}, kể cả đã chấp hành xong), "
                       "“Không” hoặc “Chưa rõ”. Có thể ghi năm chấp hành xong, ví dụ: “Có, chấp hành xong năm "
                       f"{year - 1}”.")


def read_member_discipline(text: str) -> bool | None:
    """Whether a member of the collective was disciplined with a warning or heavier; a reprimand (khiển trách)
    alone does not count."""
    named = penalty_forms(text)
    if named and not re.match(rf"(?:{NOT})\b", plain(text)):
        return any(form in WARNING_OR_ABOVE for form in named)
    return lenient_yes_no(text)
