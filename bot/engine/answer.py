"""Replies built from retrieved units: a direct line, the decisive clause verbatim, and the citations.

Citations are data carried by the units (document, Điều, khoản); nothing here invents one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine.retrieve import Hit
from bot.engine.text import content_terms, has_diacritics, phrases, syllables, term_found
from ingest.legal_refs import DOC_TYPE_LABELS, document_name, document_short_name
from ingest.structure import WHOLE_TEXT, clauses
from ingest.units import Unit


@dataclass(frozen=True)
class Citation:
    unit_id: str
    doc_id: str
    doc_title: str
    doc_number: str
    doc_type: str
    article: str
    article_title: str
    clause: str
    status: str
    heading: str = ""

    @classmethod
    def of(cls, unit: Unit, clause_label: str = "") -> Citation:
        clause = clause_label or (f"khoản {unit.clause}" if unit.clause else "")
        return cls(unit.unit_id, unit.doc.id, unit.doc.title, unit.doc.number, unit.doc.type, unit.article,
                   unit.article_title, clause, unit.doc.status, unit.heading)

    @property
    def document(self) -> str:
        """ "Luật Thi đua, khen thưởng (06/2022/QH15)" """
        return document_name(self.doc_title, self.doc_number)

    @property
    def short_document(self) -> str:
        """ "Nghị định 152/2025/NĐ-CP"; a law keeps its name: "Luật Thi đua, khen thưởng 06/2022/QH15". """
        return document_short_name(self.doc_title, self.doc_number, self.doc_type)

    @property
    def location(self) -> str:
        """ "điểm c khoản 1 Điều 50" or the section heading of a plan (none for an undivided text) """
        if not self.article:
            return "" if self.heading == WHOLE_TEXT else self.heading
        return f"{self.clause} Điều {self.article}".strip()

    @property
    def text(self) -> str:
        location = self.location
        title = f" ({self.article_title})" if self.article and self.article_title else ""
        return f"{location}{title}, {self.short_document}" if location else self.document

    @property
    def short(self) -> str:
        """For a button: "Điều 23 — Nghị định 152/2025/NĐ-CP"."""
        kind = DOC_TYPE_LABELS.get(self.doc_type, "Văn bản")
        name = f"{kind} {self.doc_number}" if self.doc_number else self.doc_title[:30]
        where = f"Điều {self.article}" if self.article else (self.heading[:28] or "Trích đoạn")
        return f"{where} — {name}"


@dataclass
class Answer:
    question: str
    covered: bool
    lead: str = ""
    quote: str = ""
    quote_citation: Citation | None = None
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    prose: str = ""
    mode: str = "extractive"
    hint: bool = True
    query: str = ""  # the question made self-contained (a follow-up joined to the previous turn)
    relevance: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        """The knowledge base did not cover the question (a greeting or an empty message is not a refusal)."""
        return not self.covered and self.mode not in ("greeting", "invalid")

    @property
    def unit_ids(self) -> list[str]:
        return [citation.unit_id for citation in self.citations]


NOT_COVERED_HINT = (
    "Bạn có thể hỏi lại cụ thể hơn (nêu tên danh hiệu, hình thức khen thưởng hoặc số hiệu văn bản, "
    "ví dụ: \"Tiêu chuẩn Chiến sĩ thi đua cơ sở\", \"khoản 1 Điều 84 Luật Thi đua, khen thưởng\"), "
    "hoặc liên hệ bộ phận thi đua, khen thưởng (Sở Nội vụ) để được hướng dẫn. "
    "Quản trị viên có thể bổ sung văn bản còn thiếu vào cơ sở tri thức."
)


def not_covered(question: str, reason: str = "", hits: list[Hit] | None = None, relevance: float = 0.0) -> Answer:
    lead = reason or "Cơ sở tri thức hiện có chưa có nội dung trả lời câu hỏi này."
    return Answer(question, covered=False, lead=lead, hits=hits or [], relevance=relevance)


def compose(question: str, query: str, hits: list[Hit], notes: dict[str, str], relevance: float) -> Answer:
    """The extractive reply: the best unit's decisive clause, quoted, and the other units as citations.
    `notes` gives, per document id, a warning to show when it is cited (superseded, another province)."""
    primary = hits[0].unit
    best = decisive_clause(query, primary)
    quote_citation = Citation.of(primary, best[0] if best else "")
    quote = best[1] if best else primary.text
    citations = [quote_citation]
    seen_articles = {(primary.doc.id, primary.article or primary.unit_id)}
    for hit in hits[1:]:
        key = (hit.unit.doc.id, hit.unit.article or hit.unit.unit_id)
        if key in seen_articles or hit.score < hits[0].score * 0.6 or len(citations) >= 4:
            continue
        seen_articles.add(key)
        citations.append(Citation.of(hit.unit))
    warnings = [notes[c.doc_id] for c in _unique_documents(citations) if c.doc_id in notes]
    return Answer(question, covered=True, lead=direct_line(query, quote, quote_citation), quote=quote,
                  quote_citation=quote_citation, citations=citations, warnings=warnings, hits=hits,
                  relevance=relevance)


def _unique_documents(citations: list[Citation]) -> list[Citation]:
    seen: dict[str, Citation] = {}
    for citation in citations:
        seen.setdefault(citation.doc_id, citation)
    return list(seen.values())


ENUMERATION_RE = re.compile(r"\b(gồm|bao gồm|những gì|những ai|những loại|các loại|loại nào|những danh hiệu|"
                            r"những giấy tờ|những hình thức|liệt kê)\b", re.IGNORECASE)
CLOSE_SCORE = 0.6
QUOTE_LIMIT = 1800


def decisive_clause(query: str, unit: Unit) -> tuple[str, str] | None:
    """The part of a long unit that answers the question: the khoản or điểm sharing the most and longest
    phrases with it (then the most topic words). A question asking for a list gets the whole khoản; when
    several khoản match almost as well, they are quoted together under the article. Returns (label, text)."""
    parts = clauses(unit.text)
    if len(parts) <= 1 or len(unit.text) < 400:
        return None
    plain = not has_diacritics(query)
    wanted = phrases(query, plain)
    terms = content_terms(query)

    def score(part) -> tuple[int, int]:
        found = phrases(part.text, plain) & wanted
        vocabulary = set(syllables(part.text, plain=plain))
        return sum(len(p) for p in found), sum(1 for term in terms if term_found(term, vocabulary))

    scores = [score(part) for part in parts]
    best_index = max(range(len(parts)), key=scores.__getitem__)
    best = parts[best_index]
    if scores[best_index] == (0, 0):
        return None
    if best.point and ENUMERATION_RE.search(query):
        best = next((p for p in parts if p.clause == best.clause and not p.point), best)
    whole_clauses = [i for i, p in enumerate(parts) if not p.point and p.clause]
    close = [i for i in whole_clauses if scores[i][0] >= CLOSE_SCORE * scores[best_index][0] > 0]
    if not best.point and len(close) > 1:
        text = "\n".join(_clause_text(parts, parts[i]) for i in close)
        if len(text) <= QUOTE_LIMIT:
            return "", text
    if best.point:
        return best.label, f"{best.lead}\n{best.text}" if best.lead else best.text
    return best.label or (f"khoản {unit.clause}" if unit.clause else ""), _clause_text(parts, best)


def _clause_text(parts, clause) -> str:
    """A khoản with its điểm."""
    points = [p.text for p in parts if p.point and clause.clause and p.clause == clause.clause]
    return "\n".join([clause.text, *points])


AMOUNT_RE = re.compile(r"(\d+(?:,\d+)?)\s+lần\s+mức\s+lương\s+cơ\s+sở")
DEADLINE_RE = re.compile(r"((?:trước|chậm nhất(?: vào)?)\s+ngày\s+[\d/]+(?:\s+tháng\s+\d+)?(?:\s+hằng năm)?)")
COUNT_RE = re.compile(r"(\d{2}\s+(?:lần|năm)\s+liên\s+tục)")
EFFECTIVE_RE = re.compile(r"(có hiệu lực[^.;\n]*?(?:từ|kể từ)\s+ngày\s+[^.;\n]+)")


def direct_line(question: str, quote: str, citation: Citation) -> str:
    """A one-line answer where the quoted text states it plainly (an amount, a deadline, a count)."""
    asked = question.lower()
    source = f"Theo {citation.location} {citation.short_document}".replace("  ", " ")
    if (match := AMOUNT_RE.search(quote)) and any(w in asked for w in ("bao nhiêu", "mức", "tiền", "thưởng")):
        return f"{source}: mức thưởng là {match.group(1)} lần mức lương cơ sở."
    if (match := DEADLINE_RE.search(quote)) and any(w in asked for w in ("ngày nào", "hạn", "khi nào", "trước")):
        return f"{source}: thời hạn là {match.group(1)}."
    if (match := EFFECTIVE_RE.search(quote)) and "hiệu lực" in asked:
        return f"{source}: văn bản {match.group(1)}."
    if (match := COUNT_RE.search(quote)) and any(w in asked for w in ("mấy", "bao nhiêu", "số lần")):
        return f"{source}: yêu cầu {match.group(1)}."
    title = citation.article_title
    subject = f" về {title if len(title) <= 90 else title[:88].rsplit(' ', 1)[0] + '…'}" if title else ""
    return f"{source}{subject}:"
