"""The grammar of Vietnamese legal references, written once: document numbers ("152/2025/NĐ-CP",
"298/KH-UBND", "34-CT/TW"), kinds of document and their labels, and article references ("điểm a khoản 1
Điều 22"). Patterns are case-insensitive and match both the written and the folded (unaccented) forms.
"""

from __future__ import annotations

import re

from ingest.vietnamese import fold

# One entry per kind of document: the front-matter `type`, its label, the marker in its number, and the
# ways a person names the kind (folded) in front of a number.
DOC_KINDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("luat", "Luật", "/QH", ("luat",)),
    ("nghi-dinh", "Nghị định", "NĐ-CP", ("nghi dinh", "nd")),
    ("thong-tu", "Thông tư", "/TT-", ("thong tu", "tt")),
    ("quyet-dinh", "Quyết định", "/QĐ-", ("quyet dinh", "qd")),
    ("ke-hoach", "Kế hoạch", "/KH-", ("ke hoach", "kh")),
    ("chi-thi", "Chỉ thị", "-CT/", ("chi thi", "ct")),
    ("chi-thi", "Chỉ thị", "/CT-", ()),
    ("nghi-quyet", "Nghị quyết", "/NQ-", ("nghi quyet", "nq")),
    ("tin-tuc", "Tin", "", ()),
)
DOC_TYPE_LABELS = {doc_type: label for doc_type, label, _, _ in DOC_KINDS}
# Markers in a number that only a national body issues: laws, the Government's decrees and resolutions, the Prime
# Minister's decisions, ministries' circulars, the Party Central Committee's directives.
NATIONAL_MARKERS = ("/QH", "UBTVQH", "NĐ-CP", "NQ-CP", "QĐ-TTG", "/TT-B", "-CT/TW", "/CT-TW")

_L = r"[a-zđ]"
# A full number: "152/2025/NĐ-CP", "86/2025/QĐ-UBND", "298/KH-UBND", "34-CT/TW".
DOC_NUMBER = rf"\d{{1,4}}/\d{{4}}/{_L}[a-zđ0-9\-]*|\d{{1,4}}/{_L}{{1,6}}-{_L}{{2,12}}|\d{{1,4}}-ct/tw"
DOC_NUMBER_RE = re.compile(rf"(?<![\w/])({DOC_NUMBER})(?![\w])", re.IGNORECASE)
# The kind of document spoken before a bare "98/2023" ("nghị định 98/2023"), so a date such as "12/2025" is
# never taken for a document number.
DOC_KIND_WORDS = r"(?:" + "|".join(sorted({w for *_, words in DOC_KINDS for w in words}, key=len, reverse=True)) \
    + r")(?:\s+so)?\s+"
SHORT_NUMBER_RE = re.compile(rf"{DOC_KIND_WORDS}(\d{{1,4}}/\d{{4}})\b(?!/{_L})", re.IGNORECASE)
# A document as a person names it in folded text: "luat thi dua, khen thuong", or a kind and a number or just its
# head ("nghi dinh 152/2025/nd-cp", "ke hoach 298").
DOCUMENT_MENTION_RE = re.compile(rf"\b(?:luat thi dua,? khen thuong|{DOC_KIND_WORDS}\d{{1,4}}(?:[/-][\w/-]+)?)",
                                 re.IGNORECASE)
# "điểm a khoản 1 Điều 22" in folded text.
ARTICLE_REF_RE = re.compile(r"(?:diem\s+([a-z])\s+)?(?:khoan\s+(\d{1,2})\s+)?dieu\s+(\d{1,3})\b", re.IGNORECASE)


def document_mentions(text: str) -> list[str]:
    """The documents a message names, as written in it (with or without diacritics)."""
    folded = fold(text)
    source = text if len(folded) == len(text) else folded  # folding keeps positions for NFC Vietnamese
    return list(dict.fromkeys(source[m.start():m.end()] for m in DOCUMENT_MENTION_RE.finditer(folded)))


def doc_type_of_number(number: str) -> str:
    """The kind of document a number names ("152/2025/NĐ-CP" -> "nghi-dinh"), or ""."""
    upper = number.upper()
    return next((doc_type for doc_type, _, marker, _ in DOC_KINDS if marker and marker in upper), "")


def national_number(number: str) -> bool:
    """Whether a document number is one only a national body issues ("06/2022/QH15", "152/2025/NĐ-CP")."""
    upper = number.upper()
    return any(marker in upper for marker in NATIONAL_MARKERS)


def document_name(title: str, number: str) -> str:
    """ "Luật Thi đua, khen thưởng (06/2022/QH15)"; the title alone when there is no number."""
    return f"{title} ({number})" if number else title


def document_short_name(title: str, number: str, doc_type: str) -> str:
    """ "Nghị định 152/2025/NĐ-CP"; a law keeps its name ("Luật Thi đua, khen thưởng 06/2022/QH15")."""
    if not number:
        return title
    if doc_type == "tin-tuc":  # a news item carries the number of the document it reports on
        reported = DOC_TYPE_LABELS.get(doc_type_of_number(number), "văn bản")
        return f"tin về {reported} {number}"
    kind = title if doc_type == "luat" else DOC_TYPE_LABELS.get(doc_type, "Văn bản")
    return f"{kind} {number}"
