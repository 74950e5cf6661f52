"""Exact references in a question: "khoản 2 Điều 84", "Nghị định 152/2025/NĐ-CP", "98/2023", "34-CT/TW"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.lexicon import Lexicon, default_lexicon
from ingest.legal_refs import (
    ARTICLE_REF_RE,
    DOC_KINDS,
    DOC_NUMBER_RE,
    SHORT_NUMBER_RE,
    doc_type_of_number,
)
from ingest.vietnamese import fold

# How a question names a document (knowledge/lexicon/references.yaml): a label that is a type of document holds
# the names that mean a document of that type without its number (a bare "Luật Thi đua, khen thưởng"); `number`
# is the word before a number ("nghị định số 152").
REFERENCES = "references"


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


# The words a person puts before a number for each kind of document ("nghi dinh", "nd" -> "nghi-dinh").
KIND_OF_WORD = {word: doc_type for doc_type, _, _, words in DOC_KINDS for word in words}
# A run that may hold a document number; each prefix of it that ends before a non-word character is looked up.
NUMBER_RUN_RE = re.compile(r"(?<![\w/])\d[\w/\-.]*")
# "nghị định 152", "kế hoạch 298", glued as typed in a chat ("nd152"): a kind and the head of a number.
KIND_HEAD_RE = re.compile(r"(?<![\w/])(" + "|".join(re.escape(w) for w in sorted(KIND_OF_WORD, key=len, reverse=True))
                          + rf")(?:\s+(?:{default_lexicon().alternation(REFERENCES, 'number')}))?\s*(\d{{1,4}})"
                          + r"(?![\d/])(?![\w])")


class ReferenceResolver:
    """Resolves references against the documents in the index; unknown document numbers are reported.

    Names are looked up in dictionaries built once per generation, so a question costs the same with ten
    documents or ten thousand."""

    def __init__(self, documents: dict[str, dict], lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        names = set(self.lexicon.labels_of(REFERENCES))
        self.by_number: dict[str, set[str]] = {}
        self.by_short: dict[str, set[str]] = {}
        self.by_title: dict[str, set[str]] = {}
        # (kind, head of number) -> the one document of that kind whose number starts so, if only one does.
        heads: dict[tuple[str, str], list[str]] = {}
        # A number is known when it is a document's number or the start of one up to a "/".
        self.known: set[str] = set()
        for doc_id, doc in documents.items():
            number = _key(doc.get("number", ""))
            if number:
                self.by_number.setdefault(number, set()).add(doc_id)
                short = re.match(r"\d{1,4}/\d{4}", number)
                if short and short.group(0) != number:
                    self.by_short.setdefault(short.group(0), set()).add(doc_id)
                self.known.add(number)
                self.known.update(number[:i] for i, ch in enumerate(number) if ch == "/")
            kind = doc_type_of_number(doc.get("number", ""))
            head = re.match(r"\d{1,4}", doc.get("number", ""))
            if kind and head:
                heads.setdefault((kind, head.group(0)), []).append(doc_id)
            doc_type = doc.get("type", "")
            # a title holding a name of its type ("Luật Thi đua, khen thưởng"), read without its commas
            if doc_type in names and self.lexicon.says(_key(doc.get("title", "")).replace(",", " "), REFERENCES,
                                                       doc_type):
                self.by_title.setdefault(doc_type, set()).add(doc_id)
        self.by_head = {key: ids[0] for key, ids in heads.items() if len(ids) == 1}

    def resolve(self, question: str) -> References:
        text = _key(question)
        refs = References()
        for match in NUMBER_RUN_RE.finditer(text):
            run = match.group(0)
            for end in [i for i, ch in enumerate(run) if not (ch.isalnum() or ch == "_")] + [len(run)]:
                refs.documents.update(self.by_number.get(run[:end], ()))
        for match in SHORT_NUMBER_RE.finditer(text):
            refs.documents.update(self.by_short.get(match.group(1), ()))
        for match in KIND_HEAD_RE.finditer(text):
            if (doc_id := self.by_head.get((KIND_OF_WORD[match.group(1)], match.group(2)))) is not None:
                refs.documents.add(doc_id)
        for doc_type in self.lexicon.labels(text, REFERENCES) if self.by_title else ():
            refs.documents.update(self.by_title.get(doc_type, ()))
        for match in [*DOC_NUMBER_RE.finditer(text), *SHORT_NUMBER_RE.finditer(text)]:
            number = match.group(1)
            if number not in self.known:
                refs.missing.append(question[match.start(1):match.end(1)])
        for match in ARTICLE_REF_RE.finditer(text):
            point, clause, article = match.groups()
            refs.articles.append(ArticleRef(article, clause or "", point or ""))
        return refs
