"""An Answer (data) as text: plain for the console and the command line, Telegram HTML for the bot."""

from __future__ import annotations

import html
from datetime import datetime

from bot.engine.answer import NOT_COVERED_HINT, Answer, Citation, Gap
from ingest.units import Provenance

RELATED = "Liên quan (để tham khảo, không phải câu trả lời):"
# What a question was understood to ask, for an answer that is not sure of it.
KIND_LABELS = {"criteria": "tiêu chuẩn, điều kiện", "count": "số lần, số năm cần đạt", "amount": "mức tiền thưởng",
               "authority": "thẩm quyền quyết định", "dossier": "hồ sơ, thủ tục", "deadline": "thời hạn, thời điểm",
               "status": "hiệu lực của văn bản", "compare": "sự khác nhau", "list": "danh sách các loại",
               "definition": "khái niệm", "eligibility": "điều kiện của một người, một tập thể"}
UNSURE = "⚠️ Tôi chưa chắc đã hiểu đúng câu hỏi{about}. Điều khoản gần nhất trong cơ sở tri thức, có thể liên quan:"
UNSURE_CLAUSE = ("⚠️ Tôi hiểu câu hỏi{about}, nhưng chưa chắc điều khoản dưới đây trả lời đúng câu hỏi. Điều khoản gần "
                 "nhất tìm được, có thể liên quan:")
ALSO_RELATED = "Các điều khoản khác có thể liên quan:"
UNSURE_OTHERS = 2  # closest clauses of other articles shown under an unsure answer
GUESSED_LABELS = {"number": "số hiệu", "title": "tên văn bản", "type": "loại văn bản", "signed": "ngày ký",
                  "status": "hiệu lực"}  # the id a file name gives is no claim about the text


def provenance_note(provenance: Provenance, who: bool = False) -> str:
    """Where a quoted text comes from, when it is not simply a document of the knowledge folders as shipped:
    "văn bản do quản trị viên tải lên ngày 04/12/2026, chưa đối chiếu bản gốc"; "" otherwise. `who` adds the
    admin's name (for the document list, not under every answer)."""
    notes = []
    if provenance.uploaded:
        by = f" {provenance.uploaded_by}" if who and provenance.uploaded_by else ""
        when = f" ngày {_day(provenance.uploaded_at)}" if provenance.uploaded_at else ""
        checked = (f"đã đối chiếu bản gốc ngày {_day(provenance.checked_at)}" if provenance.checked_at
                   else "chưa đối chiếu bản gốc")
        notes.append(f"văn bản do quản trị viên{by} tải lên{when}, {checked}")
    guessed = [GUESSED_LABELS[name] for name in provenance.guessed if name in GUESSED_LABELS]
    if guessed:
        notes.append(f"{', '.join(guessed)} đoán từ nội dung, không do văn bản khai báo")
    return "; ".join(notes)


def cited(citation: Citation) -> str:
    """A citation as listed under an answer, with where its text comes from when that needs saying."""
    note = provenance_note(citation.provenance)
    return f"{citation.text} — {note}" if note else citation.text


def _other_articles(answer: Answer) -> list[Citation]:
    """The closest units of other articles than the one quoted, for an answer not sure of its clause."""
    seen = {(c.doc_id, c.article) for c in [answer.quote_citation, *answer.citations] if c is not None}
    others = []
    for hit in answer.hits:
        place = (hit.unit.doc.id, hit.unit.article)
        if place not in seen and len(others) < UNSURE_OTHERS:
            seen.add(place)
            others.append(Citation.of(hit.unit))
    return others


def _day(stamp: str) -> str:
    """ "2026-12-04 15:10" -> "04/12/2026" """
    try:
        return datetime.strptime(stamp[:10], "%Y-%m-%d").strftime("%d/%m/%Y")
    except ValueError:
        return stamp


# What a gap is about: (the rule about an award, the kind of rule).
GAP_ABOUT = {"criteria": ("tiêu chuẩn của {}", "tiêu chuẩn"), "amount": ("mức tiền thưởng của {}", "mức tiền thưởng"),
             "authority": ("thẩm quyền quyết định tặng {}", "thẩm quyền"),
             "dossier": ("hồ sơ đề nghị tặng {}", "hồ sơ"), "deadline": ("thời hạn nộp hồ sơ {}", "thời hạn")}


def gap_text(gap: Gap) -> str:
    """What the knowledge base lacks, said plainly: the rule asked, where the award is named without it, and
    other provinces' rules as references only."""
    about, what = GAP_ABOUT[gap.intent]
    text = f"Cơ sở tri thức chưa có quy định về {about.format(gap.award)}"
    text += f" áp dụng cho {gap.province}." if gap.province else "."
    if gap.listed_in is not None:
        text += (f" {gap.award} có tên trong Điều {gap.listed_in.article} {gap.listed_in.short_document}, nhưng "
                 f"điều, khoản quy định {what} chưa được nạp vào cơ sở tri thức.")
    for place, rule in gap.elsewhere:
        text += (f" Quy định của {place} (Điều {rule.article} {rule.short_document}) chỉ để tham khảo, không phải "
                 "quy định áp dụng cho địa phương bạn.")
    return text + " Quản trị viên cần cập nhật cơ sở tri thức khi có văn bản."


def render(answer: Answer, html_mode: bool = False) -> str:
    """Plain text for the console and CLI, Telegram HTML (everything escaped) for the bot. A message with several
    questions gets one numbered answer each, then the units they rely on."""
    esc = html.escape if html_mode else (lambda text: text)

    def bold(text: str) -> str:
        return f"<b>{esc(text)}</b>" if html_mode else text

    def body(part: Answer) -> list[str]:
        if not part.covered:
            lines = [esc(gap_text(part.gap) if part.gap else part.lead)]
            if part.related:
                lines.append(bold(RELATED))
                lines += [f"• {esc(cited(citation))}" for citation in part.related]
            return lines
        if part.prose:
            return [esc(part.prose)]
        quote = part.quote.strip()
        lines = [esc(part.lead), f"<blockquote>{esc(quote)}</blockquote>" if html_mode else "«" + quote + "»"]
        if not part.sure:  # never a confident first line for a question not clearly understood
            label = KIND_LABELS.get(part.intent)
            if part.doubt == "clause":
                lines.insert(0, esc(UNSURE_CLAUSE.format(about=f" là hỏi về {label}" if label else "")))
            else:
                lines.insert(0, esc(UNSURE.format(about=f" (hiểu là hỏi về {label})" if label else "")))
            others = _other_articles(part)
            if others:
                lines += [esc(ALSO_RELATED), *(f"• {esc(cited(citation))}" for citation in others)]
        return lines

    lines: list[str] = []
    if answer.parts:
        for number, part in enumerate(answer.parts, start=1):
            lines += [f"{number}) " + body(part)[0], *body(part)[1:], ""]
    else:
        lines += body(answer)
    if not answer.covered:
        text = "\n".join(lines).rstrip()
        return f"{text}\n\n{esc(NOT_COVERED_HINT)}" if answer.hint else text
    if lines and lines[-1] != "":
        lines.append("")
    lines.append(bold("Căn cứ:"))
    for number, citation in enumerate(answer.citations, start=1):
        lines.append(f"[{number}] {esc(cited(citation))}")
    for warning in answer.warnings:
        lines.append(f"⚠️ {esc(warning)}")
    return "\n".join(lines)
