"""Exact references in a question: "khoản 2 Điều 84", "Nghị định 152/2025/NĐ-CP", "98/2023", "34-CT/TW"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine.text import strip_diacritics

ARTICLE_RE = re.compile(r"(?:diem\s+([a-z])\s+)?(?:khoan\s+(\d{1,2})\s+)?dieu\s+(\d{1,3})\b")
# A document number: with its kind ("152/2025/nđ-cp", "298/kh-ubnd", "34-ct/tw"), or a bare "98/2023" only
# right after the kind of document ("nghị định 98/2023"), so that a date such as "12/2025" is not one.
DOC_KIND = r"(?:nghi dinh|nd|luat|thong tu|tt|quyet dinh|qd|ke hoach|kh|chi thi|ct|nghi quyet|nq)(?:\s+so)?\s+"
NUMBER_RE = re.compile(r"\b(\d{1,4}-ct/tw|\d{1,4}/\d{4}/[a-z][a-z0-9\-]*|\d{1,4}/(?:kh|qd|ct|tb|nq)-[a-z]+)\b"
                       rf"|{DOC_KIND}(\d{{1,4}}/\d{{4}})\b(?!/[a-z])")
# A bare "Luật Thi đua, khen thưởng" names the law without its number.
TITLE_ALIASES = {
    "luat": ("luat thi dua, khen thuong", "luat thi dua khen thuong", "luat tdkt"),
}


@dataclass
class ArticleRef:
    article: str
    clause: str = ""
    point: str = ""


@dataclass
class References:
    documents: set[str] = field(default_factory=set)
    articles: list[ArticleRef] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.documents or self.articles)


def _key(text: str) -> str:
    return strip_diacritics(text).lower()


class ReferenceResolver:
    """Resolves references against the documents in the index; unknown document numbers are reported."""

    def __init__(self, documents: dict[str, dict]) -> None:
        self.aliases: list[tuple[str, str]] = []
        for doc_id, doc in documents.items():
            number = _key(doc.get("number", ""))
            if number:
                self.aliases.append((re.escape(number), doc_id))
                short = re.match(r"\d{1,4}/\d{4}", number)
                if short and short.group(0) != number:
                    self.aliases.append((DOC_KIND + re.escape(short.group(0)), doc_id))
            for alias in TITLE_ALIASES.get(doc.get("type", ""), ()):
                if alias in _key(doc.get("title", "")) or alias.replace(",", "") in _key(doc.get("title", "")):
                    self.aliases.append((re.escape(alias), doc_id))
        self.numbers = [_key(doc.get("number", "")) for doc in documents.values() if doc.get("number")]

    def resolve(self, question: str) -> References:
        text = _key(question)
        refs = References()
        for alias, doc_id in self.aliases:
            if re.search(rf"(?<![\w/]){alias}(?![\w])", text):
                refs.documents.add(doc_id)
        for match in NUMBER_RE.finditer(text):
            group = 1 if match.group(1) else 2
            number = match.group(group)
            if not any(number == known or known.startswith(number + "/") for known in self.numbers):
                refs.missing.append(question[match.start(group):match.end(group)])
        for match in ARTICLE_RE.finditer(text):
            point, clause, article = match.groups()
            refs.articles.append(ArticleRef(article, clause or "", point or ""))
        return refs
