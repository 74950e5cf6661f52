"""Wizard answers as people type them: a question instead of an answer, year ranges and "3 năm liền", the
scope of an initiative in words, discipline in words, a yes or no inside a sentence, one year in a date.

Each reader returns data or raises InvalidInput with a message that says what to type instead (with an
example inside the range it asks for).
"""

from __future__ import annotations

import re
from datetime import date

from bot.nomination.facts import (
    NO,
    PENALTY_FORMS,
    UNKNOWN,
    WARNING_OR_ABOVE,
    YEAR_RE,
    YES,
    InvalidInput,
    parse_year,
    plain,
    widest_scope,
)

# Phrases that make a message a question, folded (no diacritics).
QUESTION_WORDS = ("la gi", "the nao", "nhu nao", "tai sao", "vi sao", "khi nao", "o dau", "duoc khong", "hay khong",
                  "co phai", "nhung gi", "nhung ai", "can gi", "gom gi", "ra sao", "lam sao", "phai khong", "chua a",
                  "khong a")
QUESTION_STARTS = ("tai sao", "vi sao", "lam sao", "the nao", "nhu the nao", "bao nhieu", "khi nao", "cho hoi",
                   "xin hoi", "cho toi hoi")
RANGE_RE = re.compile(r"\b(19\d{2}|20\d{2})\s*(?:-|–|—|đến|den|tới|toi)\s*(19\d{2}|20\d{2})\b")
STREAK_RE = re.compile(r"\b(\d{1,2})\s*năm\s*(?:liền|liên tục|liên tiếp|gần đây|gần nhất)", re.IGNORECASE)
NO_RATING = ("khong co xep loai", "khong xep loai", "khong duoc xep loai", "khong danh gia", "khong duoc danh gia",
             "khong thuoc dien danh gia", "khong thuoc dien xep loai", "khong co danh gia")
DISCIPLINE_YES = ("dang bi", "dang xem xet", "dang thanh tra", "dang kiem tra", "dang dieu tra", "dang xac minh",
                  "co don thu", "bi to cao", "bi khieu nai", "dang giai quyet don", "dang bi ky luat",
                  "chua co ket luan")
DISCIPLINE_NO = ("khong bi", "khong dang", "khong co", "chua tung", "khong vi pham", "da het thoi han",
                 "da co ket luan khong vi pham")


def looks_like_question(text: str) -> bool:
    """A message that asks something rather than answers the step (it is answered, never stored as data)."""
    raw = (text or "").strip()
    if not raw or raw.startswith("/") or len(raw) > 300:
        return False
    if raw.endswith("?") or raw.endswith("？"):
        return True
    key = plain(raw)
    if len(raw) > 150:
        return False
    return (key.startswith(QUESTION_STARTS) and len(key.split()) > 2) or any(
        re.search(rf"(?<!\w){word}(?!\w)", key) for word in QUESTION_WORDS)


def expand_years(text: str, year: int) -> str:
    """ "2021-2023" -> "2021, 2022, 2023"; "3 năm liền" -> the three years up to the nomination year."""
    def spread(match: re.Match) -> str:
        start, end = int(match.group(1)), int(match.group(2))
        if end < start or end - start > 30:
            raise InvalidInput(f"Khoảng năm “{match.group(0)}” không hợp lệ; ví dụ đúng: {year - 2}-{year}.")
        return ", ".join(str(y) for y in range(start, end + 1))

    text = RANGE_RE.sub(spread, text)

    def streak(match: re.Match) -> str:
        count = int(match.group(1))
        if not 1 <= count <= 30:
            raise InvalidInput(f"“{match.group(0)}”: số năm phải từ 1 đến 30; ví dụ: 3 năm liền.")
        return ", ".join(str(y) for y in range(year - count + 1, year + 1)) + " "

    return STREAK_RE.sub(streak, text)


def no_rating(text: str) -> bool:
    return plain(text) in NO_RATING or plain(text).startswith(NO_RATING)


def one_year(text: str, earliest: int, latest: int, label: str = "năm") -> int:
    """The one year in an answer ("1982", "sinh năm 1982", "15/3/1982"), within [earliest, latest]."""
    found = YEAR_RE.findall(text)
    value = found[0] if len(found) == 1 else text
    example = min(max(date.today().year - 1, earliest), latest) if label == "năm" else (earliest + latest) // 2
    try:
        return parse_year(value, earliest, latest)
    except InvalidInput:
        raise InvalidInput(f"Hãy nhập {label} gồm 4 chữ số, từ {earliest} đến {latest} (ví dụ: {example}).") from None


def parse_scope(text: str) -> str | None:
    """The widest scope an initiative was recognised or applied in; None for "chưa rõ"."""
    key = plain(text)
    compact = key.replace(" ", "-")
    if compact in ("khong", "co-so", "tinh", "toan-quoc"):
        return compact
    if key in UNKNOWN or key in ("chua ro", "chua-ro"):
        return None
    if key in NO or key.startswith(("khong co", "chua co", "khong ")):
        return "khong"
    if scope := widest_scope(text):
        return scope
    raise InvalidInput("Chưa rõ phạm vi của sáng kiến. Hãy chọn: Không có, Cấp cơ sở, Cấp Bộ, ngành, tỉnh, "
                       "Toàn quốc hoặc Chưa rõ (ví dụ: “áp dụng trong toàn thành phố” là cấp tỉnh).")


def lenient_yes_no(text: str) -> bool | None:
    """Yes / no / unknown, also inside a short sentence ("có, đạt", "không đạt", "chưa rõ lắm")."""
    key = plain(text)
    if key in UNKNOWN or key.startswith(UNKNOWN):
        return None
    if key in YES or key.startswith(("co ", "co,", "dat", "dung ", "dung,", "da dat", "xac nhan")):
        return True
    if key in NO or key.startswith(("khong ", "khong,", "chua dat", "chua ")):
        return False
    raise InvalidInput("Hãy trả lời “Có”, “Không” hoặc “Chưa rõ”.")


def parse_discipline(text: str) -> bool | None:
    """True when the nominee is under discipline, investigation, inspection or a complaint being verified."""
    key = plain(text)
    # "không đang bị…", "đã có kết luận không vi phạm": the negation wins over the words it negates.
    if key.startswith(DISCIPLINE_NO) or "khong vi pham" in key:
        return False
    if any(phrase in key for phrase in DISCIPLINE_YES):
        return True
    try:
        return lenient_yes_no(text)
    except InvalidInput:
        raise InvalidInput("Hãy trả lời “Có” (đang bị xem xét kỷ luật, thanh tra, kiểm tra hoặc có đơn thư đang "
                           "xác minh), “Không” hoặc “Chưa rõ”.") from None


# The answers offered for the discipline question (it asks both what is pending and a penalty within the year).
PENDING_ANSWER = "Đang bị xem xét kỷ luật, thanh tra"
PENALTY_ANSWER = "Bị kỷ luật trong năm xét"
# Words that say a penalty was served or ran out ("đã chấp hành xong", "đã hết thời hạn kỷ luật").
SERVED = r"chap hanh xong|het (?:thoi )?han(?: ky luat)?|da xoa ky luat"
PENALTY_WORDS = rf"ky luat|{'|'.join(PENALTY_FORMS)}|{SERVED}"
PENDING_WORDS = r"xem xet|thanh tra|kiem tra|dieu tra|xac minh|don thu|to cao|khieu nai|chua co ket luan"
# `disciplined_in` left to its own question: the answer did not speak of a penalty.
ASK = -1
NEGATED = re.compile(r"(?:khong|chua)(?: tung)?(?: bi| co| dang| duoc)*\s*$")


def said(key: str, words: str) -> bool | None:
    """True when one of `words` is said and not negated ("bị khiển trách"), False when each is negated ("không
    bị thanh tra"), None when none is said."""
    found = [not NEGATED.search(key[:match.start()][-25:]) for match in re.finditer(words, key)]
    return any(found) if found else None


def read_discipline(text: str, year: int) -> tuple[bool | None, int | None]:
    """The discipline answer as two facts: whether a discipline or inspection is pending, and `disciplined_in`,
    the last year a penalty was in force (0: none in the year assessed, None: not known). A penalty told without
    a year is one in the year the question asks about; one that ended in an earlier year leaves the year free.
    ASK when the answer only denies a pending discipline, so the penalty is asked on its own."""
    key = plain(text)
    if key in UNKNOWN or key.startswith(UNKNOWN):
        return None, None
    if key == plain(PENDING_ANSWER):
        return True, None
    if key == plain(PENALTY_ANSWER):
        return None, year
    if key in YES:
        raise InvalidInput(f"Hãy nói rõ: “{PENDING_ANSWER}” (chưa có kết luận) hay “{PENALTY_ANSWER}” (kỷ luật "
                           f"có hiệu lực trong năm {year}, kể cả đã chấp hành xong).")
    # "đang bị xem xét kỷ luật" is a discipline pending, not a penalty.
    penalty = said(re.sub(r"xem xet(?: thi hanh)? ky luat", "xem xet", key), PENALTY_WORDS)
    if penalty:
        pending = said(key, PENDING_WORDS)
        if pending is None and re.search(SERVED, key):
            pending = False  # a penalty told as served: the matter was concluded, nothing is pending
        return pending, penalty_year(text, year)
    pending = parse_discipline(text)
    if pending is False and penalty is None and key not in NO:
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
    key = plain(text)
    if key in UNKNOWN or key.startswith(UNKNOWN):
        return None
    if said(key, PENALTY_WORDS) or key in YES or key.startswith(("co ", "co,")):
        return penalty_year(text, year)
    if key in NO or key.startswith(("khong ", "khong,", "chua ")):
        return 0
    raise InvalidInput(f"Hãy trả lời “Có” (bị kỷ luật có hiệu lực trong năm {year}, kể cả đã chấp hành xong), "
                       "“Không” hoặc “Chưa rõ”. Có thể ghi năm chấp hành xong, ví dụ: “Có, chấp hành xong năm "
                       f"{year - 1}”.")


def read_member_discipline(text: str) -> bool | None:
    """Whether a member of the collective was disciplined with a warning or heavier; a reprimand (khiển trách)
    alone does not count."""
    key = plain(text)
    named = [form for form in PENALTY_FORMS if re.search(rf"(?<!\w){form}(?!\w)", key)]
    if named and not re.match(r"(?:khong|chua)\b", key):
        return any(form in WARNING_OR_ABOVE for form in named)
    return lenient_yes_no(text)
