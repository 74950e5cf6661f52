"""Optional prose from a language model on an OpenAI-compatible endpoint.

The model is handed the cited units, numbered, and must cite them as [n]. A reply that cites anything
else (a number out of range, an article or a document it was not handed), or that fails or times out,
is dropped and the extractive reply stands.
"""

from __future__ import annotations

import logging
import re

from bot.engine.answer import Citation
from bot.settings import Settings
from ingest.legal_refs import ARTICLE_REF_RE, DOC_NUMBER_RE
from ingest.vietnamese import fold

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "Bạn là trợ lý về thi đua, khen thưởng cho cán bộ, công chức Việt Nam. Chỉ trả lời dựa trên các trích "
    "đoạn văn bản được cung cấp, bằng tiếng Việt, ngắn gọn (tối đa 150 từ). Sau mỗi ý, ghi nguồn bằng số "
    "trong ngoặc vuông, ví dụ [1]. Không nêu điều, khoản hay văn bản nào không có trong trích đoạn. Nếu "
    "trích đoạn không đủ để trả lời, hãy nói rõ là chưa đủ căn cứ."
)
# What the model is handed: the numbered excerpts, then the question.
HANDED = "Trích đoạn:\n{excerpts}\n\nCâu hỏi: {question}"
# Why a reply is dropped when the call fails (the name of the error follows).
FAILED = "lỗi mô hình ngôn ngữ: "
MARKER_RE = re.compile(r"\[(\d+)\]")


class LLMWriter:
    def __init__(self, settings: Settings, chat_model=None) -> None:
        if chat_model is None:
            from langchain_openai import ChatOpenAI

            chat_model = ChatOpenAI(base_url=settings.llm_base_url, api_key=settings.llm_api_key,
                                    model=settings.llm_model, timeout=settings.llm_timeout, max_retries=0,
                                    temperature=0)
        self.chat_model = chat_model

    def write(self, question: str, citations: list[Citation], texts: list[str]) -> tuple[str | None, str]:
        """Return (prose, "") when the model's reply is usable, else (None, why it was dropped)."""
        excerpts = "\n\n".join(
            f"[{n}] {citation.text}\n{text}" for n, (citation, text) in enumerate(zip(citations, texts,
                                                                                   strict=True), start=1))
        messages = [("system", SYSTEM_PROMPT), ("human", HANDED.format(excerpts=excerpts, question=question))]
        try:
            reply = self.chat_model.invoke(messages)
        except Exception as exc:  # any transport or server failure falls back to the quotes
            log.warning("language model failed: %s", exc)
            return None, FAILED + type(exc).__name__
        prose = str(reply.content).strip()
        problem = check_citations(prose, citations, texts)
        if problem:
            log.warning("language model reply dropped: %s", problem)
            return None, problem
        return prose, ""


def check_citations(prose: str, citations: list[Citation], texts: list[str]) -> str:
    """Empty when every citation in the prose is one of the handed units; else what is wrong."""
    if not prose:
        return "câu trả lời rỗng"
    markers = [int(m) for m in MARKER_RE.findall(prose)]
    if not markers:
        return "không dẫn nguồn"
    if any(not 1 <= marker <= len(citations) for marker in markers):
        return "dẫn nguồn ngoài danh sách"
    handed_text = " ".join(texts)
    # the articles handed: the cited ones and those the excerpts name
    handed_articles = {c.article for c in citations if c.article} | {
        article for *_, article in ARTICLE_REF_RE.findall(fold(handed_text))}
    for *_, article in ARTICLE_REF_RE.findall(fold(prose)):
        if article not in handed_articles:
            return f"nêu Điều {article} không có trong trích đoạn"
    handed_numbers = {c.doc_number for c in citations}
    for number in DOC_NUMBER_RE.findall(prose):
        if number not in handed_numbers and number not in handed_text:
            return f"nêu văn bản {number} không có trong trích đoạn"
    return ""
