"""The law as in force on a date: amendments and transferred powers (read at ingest, ingest/amendments.py) applied
to an answer after it is composed.

From an amendment's effective date, a quoted article it rewrites is quoted in its new wording with the old one
labelled "lời văn trước ngày …"; a repealed article says so; an amendment whose articles or wording the knowledge
base lacks is named with its date beside every answer quoting the amended law. From a transfer's date, who decides
under the transferred khoản is the body the transferring text names, cited to it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.engine.answer import Answer, Citation, compose, direct_line, names_actor
from bot.engine.rank import by_article
from bot.engine.retrieve import Hit
from ingest.amendments import law_named
from ingest.legal_refs import ARTICLE_REF_RE, document_name, document_short_name
from ingest.structure import clauses
from ingest.units import Unit
from ingest.vietnamese import day_text, fold_key, identity_key


def _iso(day: dt.date) -> str:
    return day.isoformat()


@dataclass(frozen=True)
class Change:
    action: str  # "amend", "add" or "repeal"
    article: str
    clause: str = ""
    text: str = ""  # the new wording; "" when the knowledge base lacks it
    title: str = ""
    source: Unit | None = None  # the amending law's article that says it

    @property
    def location(self) -> str:
        return f"khoản {self.clause} Điều {self.article}" if self.clause else f"Điều {self.article}"


@dataclass(frozen=True)
class Amendment:
    number: str
    title: str
    effective: str  # ISO
    changes: tuple[Change, ...] | None  # None: which articles it changes is not known
    doc_id: str = ""  # the amending law in the knowledge base; "" when its text is missing

    @property
    def name(self) -> str:
        return document_name(self.title, self.number) if self.title else f"văn bản số {self.number}"


@dataclass(frozen=True)
class Transfer:
    law: str  # the document whose power is transferred
    targets: frozenset[tuple[str, str]]
    to: str
    effective: str
    unit: Unit  # the transferring article

    @property
    def source(self) -> str:
        doc = self.unit.doc
        return f"Điều {self.unit.article} {document_short_name(doc.title, doc.number, doc.type)}"


class LawInForce:
    """The amendments and transfers of one generation of the index."""

    def __init__(self, documents: dict[str, dict], units: dict[str, Unit]) -> None:
        self.documents = documents
        articles = self.articles = by_article(units)
        by_number = {identity_key(doc.get("number", "")): doc_id for doc_id, doc in documents.items()
                     if doc.get("number")}
        self.amendments: dict[str, list[Amendment]] = {}
        self.transfers: dict[str, list[Transfer]] = {}

        def unit_of(doc_id: str, article: str) -> Unit | None:
            found = sorted(articles.get((doc_id, article), []), key=lambda u: (int(u.clause or 0), u.part))
            return found[0] if found else None

        def changes_of(doc_id: str) -> tuple[Change, ...]:
            return tuple(Change(c["action"], c["article"], c["clause"], c["text"], c["title"],
                                unit_of(doc_id, c["source_article"])) for c in documents[doc_id]["amends"]["changes"])

        for doc_id, doc in documents.items():
            for entry in doc.get("amended_by") or []:
                amending = by_number.get(identity_key(entry["number"]), "")
                if amending and documents[amending].get("amends"):
                    changes: tuple[Change, ...] | None = changes_of(amending)
                elif entry.get("articles") is not None:
                    changes = tuple(Change("amend", article, clause) for article, clause in entry["articles"])
                else:
                    changes = None
                self.amendments.setdefault(doc_id, []).append(
                    Amendment(entry["number"], entry.get("title", ""), entry.get("effective", ""), changes, amending))
        for doc_id, doc in documents.items():
            amends = doc.get("amends")
            if not amends:
                continue
            target = by_number.get(identity_key(amends.get("target", ""))) or law_named(
                documents, amends.get("target_title", ""))
            known = self.amendments.setdefault(target, []) if target else []
            if target and all(a.doc_id != doc_id for a in known):
                known.append(Amendment(doc.get("number", ""), doc["title"], amends.get("effective") or
                                       doc.get("effective", ""), changes_of(doc_id), doc_id))
        for doc_id, doc in documents.items():
            for given in doc.get("transfers") or []:
                law = law_named(documents, given["law"])
                unit = unit_of(doc_id, given["article"])
                if law and unit is not None:
                    self.transfers.setdefault(law, []).append(Transfer(
                        law, frozenset(tuple(t) for t in given["targets"]), given["to"], doc.get("effective", ""),
                        unit))

    def amending(self, doc_id: str) -> list[tuple[str, Amendment]]:
        """(amended document, amendment) for a document that is itself an amending law."""
        return [(target, a) for target, found in self.amendments.items() for a in found if a.doc_id == doc_id]

    def transfer(self, doc_id: str, article: str, clause: str, on: dt.date) -> Transfer | None:
        """The transfer in force on a day of a khoản (or, clause "", of any transferred khoản of an article)."""
        return next((t for t in self.transfers.get(doc_id, []) if t.effective <= _iso(on) and any(
            a == article and (not clause or c in ("", clause)) for a, c in t.targets)), None)

    def apply(self, answer: Answer, question: str, subject: str = "", on: dt.date | None = None,
              local: bool = False) -> Answer:
        """The answer as the law stood on `on`, the day the question is about (today unless it names one);
        `local`: the question names a commune or ward, or the former district level (bot/engine/understand.py)."""
        if not answer.covered or answer.quote_citation is None:
            self._missing_amendment(answer, question)
            return answer
        on = on or dt.date.today()
        answer = self._transferred(answer, question, subject, on, local)
        self._amended(answer, subject, on)
        self._added(answer, question, on)
        self._warn_unknown(answer, on)
        return answer

    def _missing_amendment(self, answer: Answer, question: str) -> None:
        """A question about an amending law the knowledge base lacks: what the amended law declares of it."""
        asked = identity_key(question)
        for doc_id, found in self.amendments.items():
            doc = self.documents.get(doc_id, {})
            for amendment in found:
                if not amendment.doc_id and identity_key(amendment.number) in asked:
                    unknown = "; chưa rõ những điều, khoản được sửa đổi" if amendment.changes is None else ""
                    answer.lead += (f" Theo khai báo của {document_name(doc.get('title', ''), doc.get('number', ''))}"
                                    f", {amendment.name} sửa đổi, bổ sung luật này, có hiệu lực từ ngày "
                                    f"{day_text(amendment.effective)}{unknown}.")

    def _transferred(self, answer: Answer, question: str, subject: str, on: dt.date, local: bool) -> Answer:
        cited = answer.quote_citation
        clause = _clause_number(cited.clause)
        transfer = self.transfer(cited.doc_id, cited.article, "", on)
        if transfer is None:
            return answer
        shown = {clause} if clause else {c.clause for c in clauses(answer.quote) if c.clause}
        asked_here = any((cited.article, c) in transfer.targets for c in shown)
        # a commune named moves the answer to the commune's power, unless the khoản quoted is the one whose post the
        # question names ("Giám đốc công ty có được tặng …, hay phải trình UBND phường?": the director's khoản)
        if not (asked_here or (local and not names_actor(question, answer.quote))):
            return answer
        targets = ", ".join(f"khoản {c}" for a, c in sorted(transfer.targets) if c)
        law = self.documents.get(transfer.law, {})
        note = (f"Từ ngày {day_text(transfer.effective)}, thẩm quyền quy định tại {targets} Điều {cited.article} "
                f"{document_name(law.get('title', ''), law.get('number', ''))} do {transfer.to} thực hiện "
                f"({transfer.source}).")
        given = not subject or fold_key(subject) in fold_key(transfer.unit.text)
        if answer.intent != "authority" or not given:
            if note not in answer.warnings:
                answer.warnings.append(note)
            return answer
        score = answer.hits[0].score if answer.hits else 1.0
        moved = compose(answer.question, question, [Hit(transfer.unit, score), *answer.hits], {}, answer.relevance,
                        "authority", None, subject, cite_only_primary=True)
        if clause and (cited.article, clause) in transfer.targets:
            moved.citations.append(cited)
        elif units := self.articles.get((cited.doc_id, cited.article)):
            moved.citations.append(Citation.of(units[0], targets))
        if clause and (cited.article, clause) in transfer.targets:  # the khoản asked about, as it read before
            note += f" Lời văn trước ngày {day_text(transfer.effective)}: «{answer.quote}»"
        moved.warnings = [note, *answer.warnings]
        moved.related = answer.related
        return moved

    def _amended(self, answer: Answer, subject: str, on: dt.date) -> None:
        cited = answer.quote_citation
        for amendment in self.amendments.get(cited.doc_id, []):
            for change in amendment.changes or ():
                if change.action == "add" or not _touches(change, cited, answer.quote):
                    continue
                when = day_text(amendment.effective)
                where = f"{change.location} {cited.short_document}"
                if on < dt.date.fromisoformat(amendment.effective):
                    verb = "bị bãi bỏ" if change.action == "repeal" else "được sửa đổi, bổ sung"
                    answer.warnings.append(f"Lời văn trên là lời văn trước ngày {when}, áp dụng cho thời điểm bạn "
                                           f"hỏi; từ ngày {when}, {where} {verb} bởi {amendment.name}.")
                elif change.action == "repeal":
                    answer.lead = (f"{where[0].upper()}{where[1:]} đã bị bãi bỏ từ ngày {when} ({amendment.name}). "
                                   f"Lời văn trước ngày {when}:")
                elif not change.text:
                    answer.warnings.append(f"Lưu ý: {where} đã được sửa đổi, bổ sung bởi {amendment.name}, có hiệu "
                                           f"lực từ ngày {when}, nhưng cơ sở tri thức chưa có lời văn mới; lời văn "
                                           f"trên là lời văn trước ngày {when}.")
                else:
                    old = _old_wording(change, answer.quote)
                    answer.quote = answer.quote.replace(old, change.text) if old != answer.quote else change.text
                    answer.lead = direct_line(answer.question, answer.quote, cited, answer.intent, subject)
                    answer.said = ""
                    answer.warnings.append(f"{where[0].upper()}{where[1:]} đã được sửa đổi, bổ sung bởi "
                                           f"{amendment.name}, có hiệu lực từ ngày {when}; trích dẫn trên là lời văn "
                                           f"mới. Lời văn trước ngày {when}: «{old}»")
                if change.source is not None and all(c.unit_id != change.source.unit_id for c in answer.citations):
                    answer.citations.append(Citation.of(change.source))

    def _added(self, answer: Answer, question: str, on: dt.date) -> None:
        """A quote from an amending law's own text: the wording it gives an article of the amended law (the
        instruction closest to the question when the quote holds several)."""
        cited = answer.quote_citation
        asked = set(fold_key(question).split())
        named = {match.group(3) for match in ARTICLE_REF_RE.finditer(fold_key(question))}

        def fit(change: Change) -> tuple[bool, int]:  # the article asked by its number, then the words shared
            return change.article not in named, -len(asked & set(fold_key(f"{change.title} {change.text}").split()))

        for target, amendment in self.amending(cited.doc_id):
            law = self.documents.get(target, {})
            law_name = document_short_name(law.get("title", ""), law.get("number", ""), law.get("type", ""))
            quoted = [c for c in amendment.changes or () if c.text and _overlaps(c.text, answer.quote)]
            for change in sorted(quoted, key=fit)[:1]:
                when = day_text(amendment.effective)
                verb = "bổ sung" if change.action == "add" else "sửa đổi, bổ sung"
                if on < dt.date.fromisoformat(amendment.effective):
                    answer.warnings.append(f"{change.location} {law_name} do {amendment.name} {verb} chỉ có hiệu lực "
                                           f"từ ngày {when}; chưa áp dụng cho thời điểm bạn hỏi.")
                    return
                answer.quote = change.text
                answer.lead = (f"Theo {change.location} {law_name} (được {verb} bởi {amendment.name}, có hiệu lực "
                               f"từ ngày {when}):")
                return

    def _warn_unknown(self, answer: Answer, on: dt.date) -> None:
        """An amendment the knowledge base cannot apply: named, with its date, beside every quote of the law."""
        for doc_id in dict.fromkeys(c.doc_id for c in answer.citations):
            doc = self.documents.get(doc_id, {})
            name = document_name(doc.get("title", ""), doc.get("number", ""))
            for amendment in self.amendments.get(doc_id, []):
                if amendment.doc_id and amendment.changes is not None:
                    continue
                when = day_text(amendment.effective)
                missing = "văn bản sửa đổi chưa có trong cơ sở tri thức" if not amendment.doc_id else \
                    "cơ sở tri thức chưa có lời văn mới"
                unknown = " và chưa xác định được những điều, khoản bị sửa đổi" if amendment.changes is None else ""
                if on >= dt.date.fromisoformat(amendment.effective):
                    note = (f"Lưu ý: {name} đã được sửa đổi, bổ sung bởi {amendment.name}, có hiệu lực từ ngày "
                            f"{when}; {missing}{unknown}, nên lời văn trích dẫn có thể không còn là lời văn hiện "
                            "hành.")
                else:
                    note = (f"Lưu ý: từ ngày {when}, {name} được sửa đổi, bổ sung bởi {amendment.name} ({missing}"
                            f"{unknown}); lời văn trích dẫn là lời văn trước ngày {when}.")
                if note not in answer.warnings:
                    answer.warnings.append(note)


def _clause_number(label: str) -> str:
    """The khoản of a citation's label ("khoản 2", "điểm a khoản 2"): its only number."""
    match = re.search(r"\d{1,2}", label)
    return match.group(0) if match else ""


def _touches(change: Change, cited: Citation, quote: str) -> bool:
    """Whether a change is to the article and khoản a quote shows."""
    if change.article != cited.article.lower():
        return False
    if not change.clause:
        return True
    if quoted := _clause_number(cited.clause):
        return change.clause == quoted
    return any(c.clause == change.clause and not c.point for c in clauses(quote))


def _old_wording(change: Change, quote: str) -> str:
    """The part of a quote a change rewrites: its khoản, or the whole quote."""
    if change.clause:
        return next((c.text for c in clauses(quote) if c.clause == change.clause and not c.point), quote)
    return quote


def _overlaps(wording: str, quote: str) -> bool:
    lines = [fold_key(line) for line in wording.splitlines() if len(line) > 20]
    folded = fold_key(quote)
    return any(line in folded for line in lines)


def in_force_of(cache: dict, generation: object, documents: dict[str, dict], units: dict[str, Unit]) -> LawInForce:
    """One LawInForce per loaded generation."""
    if cache.get("generation") is not generation:
        cache.update(generation=generation, law=LawInForce(documents, units))
    return cache["law"]

