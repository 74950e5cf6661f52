"""Reading what staff type: years, task ratings, titles held, yes / no, numbers. Each parser raises
InvalidInput with a Vietnamese message that says what to type instead."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from bot.lexicon import Found, default_lexicon
from bot.nomination.catalogue import Catalogue
from ingest.vietnamese import clean, fold_key, match_form, nfc

YEAR = r"(?:19|20)\d{2}"
YEAR_RE = re.compile(rf"\b({YEAR})\b")
# A label of a taxonomy read only in the answer to the wizard's question on it ("2024: tốt", "đang bị"): in a
# history the word alone says nothing.
ANSWER = "answer-"
ALONE = "-alone"
NONE = "khong"  # the wizard's value for "none": no initiative, a task not completed


def words(taxonomy: str, *labels: str) -> str:
    """The phrases of the lexicon's `labels` of `taxonomy` as a regex alternation (bot/lexicon.py alternation)."""
    return default_lexicon().alternation(taxonomy, *labels)


RATING_LEVELS = tuple(label for label in default_lexicon().taxonomies["ratings"].labels
                      if not label.startswith(ANSWER) and label != "none")
# Forms of discipline (knowledge/lexicon/penalties.yaml), lightest first. Khoản 4 Điều 4 Nghị định 152/2025 holds
# any of them alike; a criterion "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên" counts all but the first.
PENALTY_FORMS = tuple(default_lexicon().taxonomies["penalties"].labels)
WARNING_OR_ABOVE = PENALTY_FORMS[1:]
# "bị kỷ luật", "bị khiển trách", "bị kỷ luật cảnh cáo": a penalty named, with or without its form.
PENALTY_PATTERN = rf"(?:{words('particles', 'suffered')}) (?:{words('discipline', 'discipline')}|{words('penalties')})"
NOT = words("particles", "not")
# "không bị kỷ luật", "chưa từng bị thanh tra", "không có đơn thư": cleared of a matter; "đang bị thanh tra": pending.
ASSERTED = words("particles", "suffered", "ongoing", "have")
CLEAR_RE = re.compile(rf"\b(?:{NOT})(?: (?:{words('particles', 'ever')}))? "
                      rf"(?:(?:{ASSERTED}) |(?:{words('discipline', 'violate')}))+"
                      rf"(?:\w+ ){{0,3}}?(?:{words('discipline', 'matter')})|\b(?:{words('discipline', 'clear')})")
CONCLUDED_RE = re.compile(rf"\b(?:{words('discipline', 'concluded')})\b")
# "đang bị cơ quan xem xét kỷ luật", "đang bị thanh tra", "hiện đang trong quá trình xác minh đơn thư": under way
# (`ongoing`), then "bị" and an inquiry, or an inquiry's own verb (`process`), with a few words between and no denial
# among them. A penalty told ("đang là giáo viên, bị kỷ luật năm 2019") is no inquiry under way.
UNDENIED = rf"(?: (?!(?:{NOT})\b)\w+)"
ONGOING_RE = (rf"\b(?:{words('particles', 'ongoing')}){UNDENIED}{{0,6}}? "
              rf"(?:(?:{words('particles', 'suffered')}){UNDENIED}{{0,3}}? (?:{words('discipline', 'inquiry')})"
              rf"|(?:{words('discipline', 'process')}))\b")
PENDING_RE = re.compile(rf"\b(?:{words('discipline', 'pending')})\b|{ONGOING_RE}")
ANSWER_PENDING_RE = re.compile(rf"\b(?:{words('discipline', 'pending', 'answer-pending')})\b|{ONGOING_RE}")
ANSWER_CLEAR_RE = re.compile(rf"^\s*(?:{words('discipline', 'answer-clear')})\b")


def number(word: str) -> int:
    """ "3" or "ba" -> 3 (knowledge/lexicon/numbers.yaml)."""
    return int(word) if word.isdigit() else int(default_lexicon().labels(word, "numbers")[0])


# A count in digits or words; "năm" (five) is also the word for a year, so a count before "năm" is never it.
COUNT = r"\d{1,2}|" + words("numbers", *(
    label for label, phrases in default_lexicon().taxonomies["numbers"].labels.items()
    if not any(default_lexicon().says(phrase, "years", "year") for phrase in phrases)))


# "2021-2023", "2021 đến năm 2023"; "3 năm liền", "ba lần liên tục": a wizard answer and a history alike.
RANGE_RE = re.compile(rf"\b({YEAR})\s*(?:-|–|—|\b(?:{words('years', 'to')})\b)\s*(?:(?:{words('years', 'year')})\s+)?"
                      rf"({YEAR})\b", re.IGNORECASE)
STREAK_RE = re.compile(rf"\b({COUNT})\s*(?:{words('years', 'year', 'times')})\s*(?:{words('years', 'streak')})\b",
                       re.IGNORECASE)


def widest_scope(text: str) -> str | None:
    """The widest scope an initiative's text names (knowledge/lexicon/scopes.yaml, widest first), or None."""
    return widest(default_lexicon().labels(text, "scopes"))


def widest(scopes: Iterable[str]) -> str | None:
    """The widest of scopes (knowledge/lexicon/scopes.yaml lists them widest first)."""
    named = set(scopes)
    return next((scope for scope in default_lexicon().taxonomies["scopes"].labels if scope in named), None)


# "(không phải hoàn thành tốt)", "chứ chưa đạt hoàn thành xuất sắc", "không có đánh giá kiểu HTTNV": a rating denied is
# not the one told.
DENIED_RATING_RE = re.compile(rf"\b(?:{NOT})"
                              rf"(?: (?:{words('particles', 'is', 'reached', 'got', 'ever', 'have', 'rated')}))*"
                              rf"\s*[(\"“]?\s*$")


def ratings(text: str, answer: bool = False) -> list[Found]:
    """The task ratings `text` tells, left to right, each as its level (knowledge/lexicon/ratings.yaml): a history
    in a question and the wizard's answer read alike. `answer`: the text answers the wizard's rating question, where
    a word alone says the level ("2024: tốt")."""
    found, read = [], clean(text)  # the matcher's offsets are into the cleaned text
    for said in default_lexicon().find(text, "ratings"):
        level = said.label.removeprefix(ANSWER) if answer else said.label
        if level in RATING_LEVELS and not DENIED_RATING_RE.search(match_form(read[max(0, said.start - 25):said.start])):
            found.append(replace(said, label=level))
    return found


def reply(text: str, opening: bool = False) -> str | None:
    """ "yes", "no" or "unknown" when the whole answer says it (knowledge/lexicon/replies.yaml); with `opening`,
    also when it opens a longer answer ("có, đạt", "chưa rõ lắm"). None otherwise."""
    key = re.sub(r"\s+", " ", clean(text)).strip(" .,;:!?“”\"'")
    found = default_lexicon().find(key, "replies")
    if not found or found[0].start != 0:
        return None
    first = found[0]
    if first.end == len(key):
        return first.label.removesuffix(ALONE)
    return first.label if opening and not first.label.endswith(ALONE) else None


def pending_discipline(text: str, answer: bool = False) -> bool | None:
    """True when a discipline, an inspection or a complaint is pending (khoản 4 Điều 4 Nghị định 152/2025), False
    when the text clears the nominee of it, None when it says neither (knowledge/lexicon/discipline.yaml). A history
    in a question and the wizard's answer read alike; `answer`: the text answers the wizard's discipline question,
    where shorter words say it ("đang bị", "không bị")."""
    folded = match_form(text).strip()
    if CONCLUDED_RE.search(folded):
        return False
    pending = ANSWER_PENDING_RE if answer else PENDING_RE
    # A denial that opens a pending phrase ("chưa có kết luận thanh tra", "chưa hết thời hạn kỷ luật") is part of it.
    starts = {match.start() for match in pending.finditer(folded)}
    denials = [match for match in CLEAR_RE.finditer(folded) if match.start() not in starts]
    if answer and (opening := ANSWER_CLEAR_RE.search(folded)) and opening.start() not in starts:
        denials.append(opening)
    rest = folded
    for denial in denials:
        rest = rest[:denial.start()] + " " * (denial.end() - denial.start()) + rest[denial.end():]
    if pending.search(rest):
        return True
    return False if denials else None


def penalty_forms(text: str) -> list[str]:
    """The forms of discipline `text` names (labels of knowledge/lexicon/penalties.yaml)."""
    return default_lexicon().labels(text, "penalties")


class InvalidInput(ValueError):
    """Bad input; the message tells the user what to type."""


def plain(text: str) -> str:
    return fold_key(text)


def parse_text(text: str, label: str, limit: int = 200) -> str:
    value = nfc(text).strip()
    if not value:
        raise InvalidInput(f"{label} không được để trống.")
    if len(value) > limit:
        raise InvalidInput(f"{label} quá dài ({len(value)} ký tự); tối đa {limit} ký tự.")
    return value


# Characters no name of a person, a collective or a body carries.
NAME_JUNK_RE = re.compile(r"[!?@#$%^&*=+<>{}\[\]|\\~`\"]")


def parse_name(text: str, label: str, person: bool = False) -> str:
    """A name in words: "12345 !!!" is none; a person's name has no digit, a body's may ("Tổ 3")."""
    value = parse_text(text, label)
    letters = sum(character.isalpha() for character in value)
    if letters < 2 or NAME_JUNK_RE.search(value) or (person and any(character.isdigit() for character in value)):
        example = "Nguyễn Văn An" if person else "Phòng Tổ chức cán bộ"
        raise InvalidInput(f"“{value[:40]}” không phải {label.lower()}: hãy gõ bằng chữ, ví dụ: {example}.")
    return value


def parse_year(text: str, earliest: int = 1990, latest: int | None = None) -> int:
    latest = latest or date.today().year + 1
    match = re.fullmatch(r"\s*(\d{4})\s*", text)
    if not match or not earliest <= int(match.group(1)) <= latest:
        raise InvalidInput(f"Hãy nhập một năm gồm 4 chữ số, từ {earliest} đến {latest} (ví dụ: {date.today().year}).")
    return int(match.group(1))


def parse_int(text: str, label: str, low: int, high: int) -> int:
    match = re.fullmatch(r"\s*(\d{1,6})\s*%?\s*", text)
    if not match or not low <= int(match.group(1)) <= high:
        raise InvalidInput(f"{label}: hãy nhập một số từ {low} đến {high}.")
    return int(match.group(1))


def parse_yes_no(text: str) -> bool | None:
    """True, False, or None for "chưa rõ"."""
    said = reply(text)
    if said in ("yes", "no", "unknown"):
        return {"yes": True, "no": False}.get(said)
    raise InvalidInput("Hãy trả lời “Có”, “Không” hoặc “Chưa rõ”.")


def rating_level(text: str) -> str | None:
    """The level of the first task rating a wizard answer tells, or None."""
    found = ratings(text, answer=True)
    return found[0].label if found else None


def _segments(text: str) -> list[str]:
    """One entry per line or ';'."""
    return [segment for segment in re.split(r"[\n;]+", nfc(text)) if segment.strip()]


def _years_up_to(years: list[str], year: int) -> list[str]:
    for found in years:
        if int(found) > year:
            raise InvalidInput(f"Năm {found} sau năm xét khen thưởng ({year}).")
    return years


def parse_ratings(text: str, year: int) -> dict[str, str]:
    """ "2024: hoàn thành xuất sắc; 2025: hoàn thành tốt" -> {"2024": "xuat-sac", "2025": "tot"}.
    A single rating without a year is the nomination year's."""
    ratings: dict[str, str] = {}
    segments = _segments(text)
    for segment in segments:
        level = rating_level(YEAR_RE.sub(" ", segment))
        if level and len(segments) > 1 and not YEAR_RE.search(segment):
            raise InvalidInput(f"“{segment.strip()[:60]}” chưa ghi năm. Khi khai nhiều năm, mỗi dòng ghi năm được "
                               "đánh giá, ví dụ:\n2024: hoàn thành xuất sắc\n2025: hoàn thành tốt")
        years = YEAR_RE.findall(segment) or ([str(year)] if level else [])
        if not level or not years:
            raise InvalidInput(
                f"Không hiểu “{segment.strip()[:60]}”. Mỗi dòng một năm, ví dụ:\n2024: hoàn thành xuất sắc\n"
                "2025: hoàn thành tốt\n(các mức: hoàn thành xuất sắc, hoàn thành tốt, hoàn thành, không hoàn thành)")
        for found in _years_up_to(years, year):
            ratings[found] = level
    if not ratings:
        raise InvalidInput("Hãy nhập kết quả xếp loại, ví dụ: 2025: hoàn thành xuất sắc.")
    return ratings


def parse_titles(text: str, catalogue: Catalogue, year: int) -> dict[str, list[str]]:
    """ "2023, 2024: Chiến sĩ thi đua cơ sở; 2022: LĐTT" -> {"2023": [...], ...}; "không" -> {}."""
    if reply(text) == "no":
        return {}
    titles: dict[str, list[str]] = {}
    for segment in _segments(text):
        found = list(dict.fromkeys(award.id for _, award in catalogue.named(segment) if award.id in catalogue.awards))
        years = YEAR_RE.findall(segment)
        if not found or not years:
            raise InvalidInput(
                f"Không hiểu “{segment.strip()[:60]}”. Mỗi dòng: năm và danh hiệu, ví dụ:\n"
                "2023, 2024: Chiến sĩ thi đua cơ sở\n2022: Lao động tiên tiến\nhoặc gõ “Không” nếu chưa có.")
        for found_year in _years_up_to(years, year):
            titles.setdefault(found_year, [])
            titles[found_year].extend(a for a in found if a not in titles[found_year])
    return titles
