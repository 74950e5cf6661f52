"""Reading what staff type: years, task ratings, titles held, yes / no, numbers. Each parser raises
InvalidInput with a Vietnamese message that says what to type instead."""

from __future__ import annotations

import re
from datetime import date

from bot.lexicon import default_lexicon
from bot.nomination.catalogue import Catalogue
from ingest.vietnamese import fold_key, nfc

YEAR_RE = re.compile(r"\b(19\d{2}|20\d{2})\b")
RATING_WORDS = (  # checked in this order: "không hoàn thành" before "hoàn thành"
    ("khong", ("khong hoan thanh", "khtnv", "khong dat")),
    ("xuat-sac", ("xuat sac", "htxsnv", "htxs")),
    ("tot", ("hoan thanh tot", "tot", "httnv", "htt")),
    ("hoan-thanh", ("hoan thanh", "htnv", "ht")),
)
YES = ("co", "yes", "dung", "roi", "da", "y", "ok", "dong y", "xac nhan")
NO = ("khong", "no", "chua", "n", "khong co")
UNKNOWN = ("chua ro", "khong ro", "khong biet", "chua biet", "bo qua")
# Forms of discipline (folded), lightest first. Khoản 4 Điều 4 Nghị định 152/2025 holds any of them alike; a
# criterion "không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên" counts all but the first.
PENALTY_FORMS = ("khien trach", "canh cao", "ha bac luong", "giang chuc", "cach chuc", "buoc thoi viec")
WARNING_OR_ABOVE = PENALTY_FORMS[1:]
# "bị kỷ luật", "bị khiển trách", "bị kỷ luật cảnh cáo": a penalty named, with or without its form.
PENALTY_PATTERN = r"bi (?:ky luat|" + "|".join(PENALTY_FORMS) + ")"


def widest_scope(text: str) -> str | None:
    """The widest scope an initiative's text names (knowledge/lexicon/scopes.yaml, widest first), or None."""
    named = set(default_lexicon().labels(text, "scopes"))
    return next((scope for scope in default_lexicon().taxonomies["scopes"].labels if scope in named), None)


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
    key = plain(text)
    if key in UNKNOWN:
        return None
    if key in YES:
        return True
    if key in NO:
        return False
    raise InvalidInput("Hãy trả lời “Có”, “Không” hoặc “Chưa rõ”.")


def rating_level(text: str) -> str | None:
    key = plain(text)
    for level, words in RATING_WORDS:
        if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", key) for word in words):
            return level
    return None


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
    if plain(text) in (*NO, "khong co danh hieu nao", "chua co"):
        return {}
    names = sorted(((plain(name), award.id) for award in catalogue.awards.values()
                    for name in [award.short, *award.aliases]), key=lambda pair: len(pair[0]), reverse=True)
    titles: dict[str, list[str]] = {}
    for segment in _segments(text):
        key = f" {plain(segment)} "
        found = []
        for name, award_id in names:
            pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
            if re.search(pattern, key):
                found.append(award_id)
                key = re.sub(pattern, " ", key)
        years = YEAR_RE.findall(segment)
        if not found or not years:
            raise InvalidInput(
                f"Không hiểu “{segment.strip()[:60]}”. Mỗi dòng: năm và danh hiệu, ví dụ:\n"
                "2023, 2024: Chiến sĩ thi đua cơ sở\n2022: Lao động tiên tiến\nhoặc gõ “Không” nếu chưa có.")
        for found_year in _years_up_to(years, year):
            titles.setdefault(found_year, [])
            titles[found_year].extend(a for a in found if a not in titles[found_year])
    return titles
