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
    + r")(?:\s+so)?\s*"  # "nđ 152", and glued as typed in a chat: "nd152", "kh298"
SHORT_NUMBER_RE = re.compile(rf"(?<!\w){DOC_KIND_WORDS}(\d{{1,4}}/\d{{4}})\b(?!/{_L})", re.IGNORECASE)
# A document as a person names it in folded text: "luat thi dua, khen thuong", or a kind and a number or just its
# head ("nghi dinh 152/2025/nd-cp", "ke hoach 298").
DOCUMENT_MENTION_RE = re.compile(rf"\b(?:luat thi dua,? khen thuong|{DOC_KIND_WORDS}\d{{1,4}}(?:[/-][\w/-]+)?)",
                                 re.IGNORECASE)
# "điểm a khoản 1 Điều 22" in folded text; an article an amendment adds has a letter ("Điều 25a").
ARTICLE_REF_RE = re.compile(r"(?:diem\s+([a-z])\s+)?(?:khoan\s+(\d{1,2})\s+)?dieu\s+(\d{1,3}[a-z]?)\b", re.IGNORECASE)


def document_spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Where a message names documents: the text the offsets are into (`text` itself, or its folded form where
    folding moved positions; NFC Vietnamese keeps them) and each mention's span."""
    folded = fold(text)
    source = text if len(folded) == len(text) else folded
    return source, [(m.start(), m.end()) for m in DOCUMENT_MENTION_RE.finditer(folded)]


def document_mentions(text: str) -> list[str]:
    """The documents a message names, as written in it (with or without diacritics)."""
    source, spans = document_spans(text)
    return list(dict.fromkeys(source[start:end] for start, end in spans))


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

# The articles a legal sentence names, written: "khoản 2, khoản 3 Điều 80", "điểm a khoản 1 Điều 22", "Điều 25a".
ARTICLE_TARGET_RE = re.compile(r"((?:(?:điểm\s+[a-zđ]\s+)?khoản\s+\d{1,2}\s*(?:,|và)?\s*)*)Điều\s+(\d{1,3}[a-zđ]?)\b",
                               re.IGNORECASE)
CLAUSE_NUMBER_RE = re.compile(r"khoản\s+(\d{1,2})", re.IGNORECASE)
# An amending law's instruction: "1. Sửa đổi, bổ sung khoản 2 Điều 80 như sau:", "Bổ sung Điều 25a vào sau Điều 25
# như sau:", "Bãi bỏ Điều 30." (the verb, then what it acts on; "vào sau Điều 25" only places the new article).
AMENDMENT_RE = re.compile(r"^\s*(?:\d{1,2}\.\s*)?(Sửa đổi, bổ sung|Sửa đổi|Bổ sung|Bãi bỏ)\s+(.+?)\s*"
                          r"(?:vào sau [^:]*?)?(?:như sau\s*:|\.|;)?\s*$", re.IGNORECASE)
AMENDMENT_ACTIONS = {"sửa đổi, bổ sung": "amend", "sửa đổi": "amend", "bổ sung": "add", "bãi bỏ": "repeal"}
# "có hiệu lực thi hành từ ngày 01 tháng 10 năm 2026", "có hiệu lực kể từ ngày 01/10/2026".
EFFECTIVE_FROM_RE = re.compile(r"có hiệu lực(?: thi hành)?(?: kể)? từ ngày\s+(\d{1,2})(?:\s+tháng\s+|/)(\d{1,2})"
                               r"(?:\s+năm\s+|/)(\d{4})", re.IGNORECASE)
# A text that gives another body a power a law assigns: "Thẩm quyền … quy định tại khoản 2, khoản 3 Điều 80 Luật
# Thi đua, khen thưởng thực hiện như sau: Chủ tịch Ủy ban nhân dân cấp xã quyết định tặng …".
TRANSFER_RE = re.compile(r"quy định tại\s+(.+?Điều\s+\d{1,3}[a-z]?)\s+(Luật\s+[^:]+?)\s+(?:được\s+)?thực hiện như sau"
                         r"\s*:\s*(.+?)\s+quyết định\b([^\n]*)", re.IGNORECASE | re.DOTALL)


def article_targets(text: str) -> list[tuple[str, str]]:
    """(article, clause) for each article a sentence names; clause "" for a whole article."""
    found: list[tuple[str, str]] = []
    for match in ARTICLE_TARGET_RE.finditer(text):
        clauses = CLAUSE_NUMBER_RE.findall(match.group(1))
        found += [(match.group(2).lower(), clause) for clause in clauses] or [(match.group(2).lower(), "")]
    return found


def effective_from(text: str) -> str:
    """The ISO date a text says it takes effect ("có hiệu lực thi hành từ ngày 01 tháng 10 năm 2026"), or ""."""
    match = EFFECTIVE_FROM_RE.search(text)
    return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}" if match else ""
