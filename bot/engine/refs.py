"""Exact references in a question: "khoản 2 Điều 84", "Nghị định 152/2025/NĐ-CP", "98/2023", "34-CT/TW"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.legal_refs import (
    ARTICLE_REF_RE,
    DOC_KIND_WORDS,
    DOC_KINDS,
    DOC_NUMBER_RE,
    SHORT_NUMBER_RE,
    doc_type_of_number,
)
from ingest.vietnamese import fold

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
    return fold(text).lower()


def _kind_and_head(doc: dict, documents: dict[str, dict]) -> list[str]:
    """ "nghị định 152", "kế hoạch 298": the kind of document and the head of its number, when no other document
    of that kind shares the head."""
    number = doc.get("number", "")
    kind = doc_type_of_number(number)
    head = re.match(r"\d{1,4}", number)
    if not kind or not head:
        return []
    same = [d for d in documents.values() if doc_type_of_number(d.get("number", "")) == kind
            and re.match(rf"{head.group(0)}(?!\d)", d.get("number", ""))]
    words = [w for doc_type, _, _, kind_words in DOC_KINDS if doc_type == kind for w in kind_words]
    if len(same) != 1 or not words:
        return []
    return [rf"(?:{'|'.join(words)})(?:\s+so)?\s+{head.group(0)}(?![\d/])"]


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
                    self.aliases.append((DOC_KIND_WORDS + re.escape(short.group(0)), doc_id))
            for alias in _kind_and_head(doc, documents):
                self.aliases.append((alias, doc_id))
            title = _key(doc.get("title", "")).replace(",", "")
            aliases = TITLE_ALIASES.get(doc.get("type", ""), ())
            if any(alias.replace(",", "") in title for alias in aliases):
                self.aliases += [(re.escape(alias), doc_id) for alias in aliases]
        self.numbers = [_key(doc.get("number", "")) for doc in documents.values() if doc.get("number")]

    def resolve(self, question: str) -> References:
        text = _key(question)
        refs = References()
        for alias, doc_id in self.aliases:
            if re.search(rf"(?<![\w/]){alias}(?![\w])", text):
                refs.documents.add(doc_id)
        for match in [*DOC_NUMBER_RE.finditer(text), *SHORT_NUMBER_RE.finditer(text)]:
            number = match.group(1)
            if not any(number == known or known.startswith(number + "/") for known in self.numbers):
                refs.missing.append(question[match.start(1):match.end(1)])
        for match in ARTICLE_REF_RE.finditer(text):
            point, clause, article = match.groups()
            refs.articles.append(ArticleRef(article, clause or "", point or ""))
        return refs
