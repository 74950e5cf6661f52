"""The engine every face uses: ask a question, get an Answer built from cited units."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from bot.engine.answer import Answer, compose, not_covered
from bot.engine.llm import LLMWriter
from bot.engine.retrieve import Retriever, SearchResult
from bot.engine.text import Abbreviations, DomainTerms, content_terms
from bot.settings import Settings
from ingest.legal_refs import document_name
from ingest.store import IndexStore
from ingest.units import NOT_IN_FORCE, Unit, locality, same_place, status_label
from ingest.vietnamese import nfc

MAX_QUESTION_CHARS = 1000
# A question with no domain word must be this much closer in meaning to a unit (docs/calibration.md).
STRONG_RELEVANCE_MARGIN = 0.4
GREETING_RE = re.compile(
    r"^\s*(xin chào|chào|hello|hi|alo|chào bạn|cảm ơn|cám ơn|thanks?)\b[\s!.,?]*(bạn|bot)?[\s!.]*$", re.IGNORECASE)
FOLLOW_UP_RE = re.compile(r"^\s*(còn|thế còn|vậy còn|vậy|thế|nếu là|nếu|trường hợp|đối với|với)\b", re.IGNORECASE)
# What a follow-up swaps in for the previous question's: its subject ("còn tập thể thì sao?"), its level
# ("thế còn cấp tỉnh?") or what is asked about it ("còn mức thưởng?").
CONTRASTS = (
    ("cá nhân", "tập thể", "hộ gia đình"),
    ("cấp tỉnh", "cấp huyện", "cấp xã", "cơ sở", "toàn quốc"),
    ("tiêu chuẩn", "điều kiện", "hồ sơ", "thủ tục", "mức thưởng", "tiền thưởng", "thẩm quyền", "thời hạn"),
)

GREETING = ("Xin chào! Tôi trả lời câu hỏi về thi đua, khen thưởng (Luật Thi đua, khen thưởng, các nghị định, "
            "quy định của tỉnh, thành phố) và luôn dẫn điều, khoản làm căn cứ. Hãy đặt câu hỏi, ví dụ: "
            "\"Tiêu chuẩn danh hiệu Lao động tiên tiến?\"")


@dataclass
class Turn:
    """The previous exchange; `question` is the self-contained form the engine searched for."""

    question: str
    answer: Answer


class Engine:
    def __init__(self, settings: Settings, store: IndexStore, embeddings, llm: LLMWriter | None = None) -> None:
        self.settings = settings
        abbreviations = Abbreviations.load(settings.abbreviations_file)
        self.retriever = Retriever(store, embeddings, abbreviations, settings.province)
        self.domain = DomainTerms.load(settings.abbreviations_file.parent / "domain_terms.yaml")
        self.llm = llm if llm is not None else (LLMWriter(settings) if settings.llm_base_url else None)

    @property
    def documents(self) -> dict[str, dict]:
        generation = self.retriever.generation
        return generation.documents if generation else {}

    def search(self, question: str, k: int = 10) -> SearchResult:
        return self.retriever.search(nfc(question), k=k)

    def ask(self, question: str, previous: Turn | None = None) -> Answer:
        started = time.perf_counter()
        question = nfc(question or "").strip()
        if not question or len(question) > MAX_QUESTION_CHARS:
            problem = "Bạn chưa nhập câu hỏi." if not question else (
                f"Câu hỏi quá dài ({len(question)} ký tự). Hãy rút gọn dưới {MAX_QUESTION_CHARS} ký tự, mỗi lần một ý.")
            answer = not_covered(question[:80], problem)
            answer.mode, answer.hint = "invalid", False
            return answer
        if GREETING_RE.match(question):
            answer = not_covered(question, GREETING)
            answer.mode, answer.hint = "greeting", False
            return answer
        if not self.documents:
            return not_covered(question, "Cơ sở tri thức chưa có văn bản nào. Quản trị viên cần chạy cập nhật "
                                         "(/capnhat hoặc thiduabot ingest).")
        query = self.rewrite_follow_up(question, previous)
        result = self.search(query)
        answer = self._answer(question, query, result)
        answer.query = query
        answer.timings["retrieve_ms"] = (time.perf_counter() - started) * 1000
        if answer.covered and self.llm is not None:
            self._write_prose(answer)
        answer.timings["total_ms"] = (time.perf_counter() - started) * 1000
        return answer

    def rewrite_follow_up(self, question: str, previous: Turn | None) -> str:
        """Make a short follow-up self-contained from the previous question."""
        if previous is None or not previous.question:
            return question
        if not FOLLOW_UP_RE.match(question) and len(content_terms(question)) > 2:
            return question
        rewritten = previous.question
        for group in CONTRASTS:
            new = [term for term in group if term in question.lower()]
            old = [term for term in group if term in rewritten.lower()]
            if new and old and new[0] != old[0]:
                rewritten = re.sub(re.escape(old[0]), new[0], rewritten, count=1, flags=re.IGNORECASE)
        return rewritten if rewritten != previous.question else f"{previous.question} {question}"

    def _answer(self, question: str, query: str, result: SearchResult) -> Answer:
        refs = result.refs
        if refs.missing and not refs.documents:
            names = ", ".join(dict.fromkeys(refs.missing))
            return not_covered(question, f"Cơ sở tri thức chưa có văn bản {names}. Các câu trả lời chỉ dựa trên "
                                         "văn bản đã được nạp (xem /nguon).", result.hits, result.relevance)
        if refs.articles:
            missing = self._missing_articles(result)
            if missing:
                return not_covered(question, missing, result.hits, result.relevance)
        if not result.hits or not self._relevant(query, result):
            return not_covered(question, hits=result.hits, relevance=result.relevance)
        return compose(question, result.query, result.hits, self._document_notes(result), result.relevance)

    def _relevant(self, query: str, result: SearchResult) -> bool:
        if result.refs.any:
            return True
        threshold = self.settings.relevance_threshold
        if not self.domain.mentioned(result.query) and not self.domain.mentioned(query):
            threshold += STRONG_RELEVANCE_MARGIN
        return result.relevance >= threshold

    def _missing_articles(self, result: SearchResult) -> str:
        """Say plainly when a named article is not in the (partial) texts that were loaded."""
        units = self.retriever.units.values()
        documents = self.documents
        for ref in result.refs.articles:
            scope = result.refs.documents or {u.doc.id for u in units}
            if not any(u.article == ref.article and u.doc.id in scope for u in units):
                where = ", ".join(document_name(documents[d]["title"], documents[d]["number"]) for d in sorted(scope)
                                  if d in documents) if result.refs.documents else "các văn bản đã nạp"
                return (f"Cơ sở tri thức chưa có nội dung Điều {ref.article} của {where} (văn bản được nạp "
                        "chưa đầy đủ).")
        return ""

    def _document_notes(self, result: SearchResult) -> dict[str, str]:
        """Warnings to show with a cited document: superseded (and by what), or another province's rule."""
        documents = self.documents
        notes = {}
        for doc_id, doc in documents.items():
            name = document_name(doc["title"], doc.get("number", ""))
            if doc.get("status") in NOT_IN_FORCE:
                replacement = next((f"; thay thế bởi {document_name(other['title'], other['number'])}"
                                    for other_id, other in documents.items()
                                    if other_id != doc_id and other.get("number")
                                    and other["number"] in doc.get("note", "")), "")
                notes[doc_id] = f"Lưu ý: {name} {status_label(doc['status'])}{replacement}."
            elif (place := locality(doc.get("issuer", ""))) and not same_place(place, self.settings.province):
                notes[doc_id] = (f"Lưu ý: {name} là quy định của {place}, không phải của {self.settings.province}; "
                                 "hãy đối chiếu quy định của địa phương mình.")
        return notes

    def _write_prose(self, answer: Answer) -> None:
        texts = [self.article_text(c.unit_id)[1] if c.article else self._unit_text(c.unit_id)
                 for c in answer.citations]
        started = time.perf_counter()
        prose, problem = self.llm.write(answer.question, answer.citations, texts)
        answer.timings["llm_ms"] = (time.perf_counter() - started) * 1000
        if prose:
            answer.prose, answer.mode = prose, "llm"
        else:
            answer.mode = f"extractive (bỏ câu trả lời của mô hình: {problem})"

    def _unit_text(self, unit_id: str) -> str:
        unit = self.retriever.units.get(unit_id)
        return unit.text if unit else ""

    def unit(self, unit_id: str) -> Unit | None:
        return self.retriever.units.get(unit_id)

    def article_text(self, unit_id: str) -> tuple[str, str]:
        """The whole article a unit belongs to (all its parts, in order), with a heading."""
        unit = self.unit(unit_id)
        if unit is None:
            return "", ""
        parts = [unit]
        if unit.article:
            parts = sorted((u for u in self.retriever.units.values()
                            if u.doc.id == unit.doc.id and u.article == unit.article),
                           key=lambda u: (int(u.clause or 0), u.part))
        heading = f"{unit.article_heading} — {document_name(unit.doc.title, unit.doc.number)}"
        return heading, "\n".join(part.text for part in parts)

