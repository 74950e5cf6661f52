"""The engine every face uses: ask a question, get an Answer built from cited units."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from bot.engine.answer import (
    AMOUNT_RE,
    ASKED,
    DATE_RE,
    DEADLINE_RE,
    QUOTE_LIMIT,
    RATE_RE,
    STATEMENTS,
    UNSTATED_TERMS,
    AmendmentGap,
    Answer,
    CapGap,
    CircumstanceGap,
    Citation,
    DocumentStatus,
    Gap,
    ProvinceGap,
    Reference,
    TopicGap,
    amount_line,
    asks_referred,
    clause_fits,
    clause_name,
    closest_clauses,
    combine,
    compose,
    not_covered,
    quote_part,
    topic_gap,
    unstated,
    what_is_told,
)
from bot.engine.follow_up import FollowUps, Query
from bot.engine.in_force import LawInForce, in_force_of
from bot.engine.kinds import Examples, KindClassifier
from bot.engine.llm import LLMWriter
from bot.engine.rank import boost, by_article, rerank, units_saying, without
from bot.engine.refs import References
from bot.engine.retrieve import Hit, Retriever, SearchResult
from bot.engine.scope import FOR_WHOM, asked_for, fits, lead_of, said_for
from bot.engine.text import Abbreviations, DomainTerms, content_terms, phrases, syllables, term_found
from bot.engine.understand import (
    QUESTIONS,
    RULED_INTENTS,
    AwardMention,
    Catalogue,
    Part,
    RuleRef,
    Understanding,
    coordinated,
    key,
    understand,
)
from bot.lexicon import Found, Lexicon, without_spans
from bot.nomination.answers import undenied
from bot.nomination.catalogue import same_grade
from bot.settings import Settings
from ingest.legal_refs import DOC_NUMBER_RE, document_name, document_short_name, national_number
from ingest.store import IndexStore
from ingest.structure import Clause, clauses
from ingest.units import NOT_IN_FORCE, Unit, cited_units, locality, place_name, same_place, status_label
from ingest.vietnamese import clean, fold, fold_key, has_diacritics, nfc, spelled

MAX_QUESTION_CHARS = 2000
NAMED_LOOK = 30  # units the lexical index offers for an award's rule the catalogue does not point to
# A question with no domain word must be this much closer in meaning to a unit (docs/calibration.md).
STRONG_RELEVANCE_MARGIN = 0.4
# Words of a question about a document known only by mention that the mentioning text does not say, from which on
# the question asks what only the document's own text holds.
MENTION_UNANSWERED = 2
CLOSE_HITS = 3  # the closest units: one that speaks of the circumstance told may rule it, no gap is said
UNRULED = "unruled"  # circumstances a rule the knowledge base lacks decides (knowledge/lexicon/unruled.yaml)

GREETING = ("Xin chào! Tôi trả lời câu hỏi về thi đua, khen thưởng (Luật Thi đua, khen thưởng, các nghị định, "
            "quy định của tỉnh, thành phố) và luôn dẫn điều, khoản làm căn cứ. Bạn có thể hỏi, ví dụ:\n"
            "• Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở là gì?\n"
            "• Chiến sĩ thi đua cấp tỉnh được thưởng bao nhiêu?\n"
            "• Ai quyết định tặng Bằng khen của Thủ tướng Chính phủ?\n"
            "• Hồ sơ đề nghị xét tặng danh hiệu thi đua gồm những gì?\n"
            "• Nghị định 98/2023/NĐ-CP còn hiệu lực không?\n"
            "Khi cơ sở tri thức chưa có quy định bạn hỏi, tôi sẽ nói rõ là chưa có.")
# Thanks at the end of a conversation are answered as thanks, not with the introduction again.
THANKS = "Không có gì ạ. Khi cần hỏi thêm về thi đua, khen thưởng, bạn cứ nhắn cho tôi."
# A national text in force this close to another province's top unit answers instead (when it holds the kind of
# thing asked: a date for a deadline, a figure for an amount).
NATIONAL_CLOSE = 0.9
INTENT_EVIDENCE = {"deadline": (DEADLINE_RE, DATE_RE), "amount": (AMOUNT_RE,)}
# A question asking what a province rules ("Hải Phòng quy định … thế nào?"); documents that report, not rule.
REPORT_TYPES = ("tin-tuc",)
# Kinds of question asked of each award alike when a question names several side by side ("NGƯT và NGND cần bao
# nhiêu năm"); named otherwise, a count or an eligibility question names the awards one needs on the way to another
# ("mấy lần CSTĐCS thì được xét CSTĐ cấp tỉnh?").
SHARED_INTENTS = ("criteria", "authority", "dossier", "deadline", "count")
# A question of so few topic words of its own that it asks about the story told before it.
FEW_TERMS = 2
CAP_REACH = 80  # characters before a rate where the words of a cap are looked for
# Kinds of question whose rule differs by whom it is for (bot/engine/scope.py): a collective's reward, a worker's
# criteria.
WHOM_INTENTS = ("criteria", "amount", "count")  # a count required is a criterion ("bao nhiêu năm")
FIGURED = ("amount", "deadline")  # kinds of question a điểm naming the award answers with its figure
POST_WORDS = 2  # the words after a post's title that say which post it is ("Chủ tịch" + "Hội Nông")


def load_catalogue(settings: Settings) -> Catalogue:
    return Catalogue.load(settings.awards_dir)


def abbreviations_of(settings: Settings, catalogue: Catalogue) -> Abbreviations:
    """The awards' abbreviations from their files, then staff's other abbreviations (knowledge/abbreviations.yaml,
    which win on a clash)."""
    return Abbreviations({**catalogue.abbreviations(), **Abbreviations.load(settings.abbreviations_file).mapping})


def kind_classifier(settings: Settings, lexicon: Lexicon, catalogue: Catalogue, embeddings) -> KindClassifier:
    """The lexicon's evidence backed by the labelled examples, embedded with the index's model and kept under
    DATA_DIR; award names are masked so the examples teach what is asked, not about what."""
    return KindClassifier(lexicon, Examples.load(settings.lexicon_dir / "examples.yaml", embeddings,
                                                 settings.data_dir / "examples", catalogue.masked))


@dataclass
class Turn:
    """An exchange: the text it searched for, its answer and the query it was read as (`query`: what a follow-up
    builds on, and what travels between workers). A turn kept before queries were (`query` None) is read again
    from its text, once."""

    question: str
    answer: Answer | None = None
    query: Query | None = None


class Engine:
    def __init__(self, settings: Settings, store: IndexStore, embeddings, llm: LLMWriter | None = None) -> None:
        self.settings = settings
        self.catalogue = load_catalogue(settings)
        self.retriever = Retriever(store, embeddings, abbreviations_of(settings, self.catalogue), settings.province)
        knowledge = settings.abbreviations_file.parent
        self.domain = DomainTerms.load(knowledge / "domain_terms.yaml")
        self.lexicon = Lexicon.load(settings.lexicon_dir)
        self.follow_ups = FollowUps(self.catalogue, self.lexicon, self._award_name)
        self.kinds = kind_classifier(settings, self.lexicon, self.catalogue, self.retriever.embeddings)
        # the examples' vectors (kept under DATA_DIR, or embedded once) are ready before the first question
        threading.Thread(target=self.kinds.examples.vectors, name="example-vectors", daemon=True).start()
        self.llm = llm if llm is not None else (LLMWriter(settings) if settings.llm_base_url else None)
        # Issue 10's hook: the nomination rules' verdict on a yes/no eligibility question ("tôi có đủ điều kiện …
        # không?"). Called with every question's Understanding (intent "eligibility" is a hint; awards, who,
        # `facts_text`); it returns an Answer, or None for a question that is not about someone's eligibility.
        self.eligibility: Callable[[Understanding], Answer | None] | None = None
        # Answers found at once: a bot serving many staff calls ask() from many threads, and more of them computing
        # at once than the cores can run only interleave under the GIL, each slower (bench/load.py).
        self.computing = threading.BoundedSemaphore((os.cpu_count() or 1) + 2)
        self._in_force_cache: dict = {}
        self._rates: tuple[object, frozenset[float]] = (None, frozenset())  # (the units read, the rates they state)

    def understand(self, message: str) -> Understanding:
        places = tuple(dict.fromkeys(place_name(place) for doc in self.documents.values()
                                     if (place := locality(doc.get("issuer", "")))))
        written = self.lexicon.rewrite(message, "spelling")  # "e dc htxs k a" is read as written words
        return understand(written, self.catalogue, (self.settings.province, *places), self.kinds)

    @property
    def documents(self) -> dict[str, dict]:
        generation = self.retriever.generation
        return generation.documents if generation else {}

    def search(self, question: str, k: int = 10) -> SearchResult:
        return self.retriever.search(nfc(question), k=k)

    def ask(self, question: str, previous: Turn | None = None) -> Answer:
        return self.exchange(question, previous).answer

    def exchange(self, question: str, previous: Turn | None = None) -> Turn:
        """A question answered, a follow-up against the previous turn's query: the Turn holds the answer and the
        query it answered (what the next follow-up builds on)."""
        started = time.perf_counter()
        with self.computing:  # finding and composing the answer; waiting for the language model holds no slot
            answer, understanding = self._find(question, previous, started)
        # A verdict is the nomination rules' own reasoning, cited criterion by criterion: no model rewrites it.
        if answer.covered and self.llm is not None and not answer.parts and answer.mode != "eligibility":
            self._write_prose(answer)
        answer.timings["total_ms"] = (time.perf_counter() - started) * 1000
        query = Query.of(understanding, answer.question) if understanding else None
        if query is not None and answer.mode == "eligibility":
            query = replace(query, intent=answer.intent)  # what was answered: a verdict on the history told
        return Turn(answer.query, answer, query)

    def _find(self, question: str, previous: Turn | None, started: float) -> tuple[Answer, Understanding | None]:
        question = nfc(question or "").strip()
        if not question or len(question) > MAX_QUESTION_CHARS:
            problem = "Bạn chưa nhập câu hỏi." if not question else (
                f"Câu hỏi quá dài ({len(question)} ký tự). Hãy rút gọn dưới {MAX_QUESTION_CHARS} ký tự, mỗi lần một ý.")
            answer = not_covered(question[:80], problem)
            answer.mode, answer.hint = "invalid", False
            return answer, None
        now = self.understand(question)
        understanding = self.as_follow_up(now, previous)
        query = question if understanding is now else understanding.question
        if understanding.intent in ("greeting", "help"):
            thanks = understanding.intent == "greeting" and self.lexicon.says(question, "talk", "thanks")
            answer = not_covered(question, THANKS if thanks else GREETING)
            answer.mode, answer.hint, answer.intent = "greeting", False, understanding.intent
            return answer, None
        if not self.documents:
            return not_covered(question, "Cơ sở tri thức chưa có văn bản nào. Quản trị viên cần cập nhật cơ sở "
                                         "tri thức (thiduabot ingest)."), None
        answer = None
        if self.eligibility is not None:
            answer = self.eligibility(understanding)
            if answer is not None and answer.mode == "invalid":
                # "which award?": asked back, with the closest clauses as possibly related, never as an answer
                answer.hits, answer.sure = self.search(understanding.message).hits, False
        if answer is None:
            parts, by_principle = [], set()
            for part in understanding.parts or [Part(query, understanding.intent, understanding.awards,
                                                     named=understanding.awards,
                                                     subject=next(iter(understanding.awards), None))]:
                # "mức thưởng CSTĐCS và LĐTT", "ai quyết định tặng A và B": one answer per award, each cited; not
                # a question about another action on them ("ai quy định hồ sơ A, B và C"), one text rules it for all
                if len(part.awards) > 1 and not part.action and (part.intent == "amount" or (
                        part.intent in SHARED_INTENTS and coordinated(part.text, part.awards, self.lexicon))):
                    parts += [replace(part, awards=[mention], subject=mention) for mention in part.awards]
                elif part.intent in WHOM_INTENTS and part.subject is not None \
                        and len(whole := set(part.whom) & set(self.lexicon.labels_of(FOR_WHOM))) > 1:
                    # "mức thưởng cho tập thể có khác cá nhân không?": the rule for each one named, side by side
                    parts += [replace(part, whom=(whom,)) for whom in sorted(whole)]
                elif part.intent == "compare" and len({mention.award for mention in part.awards}) > 1:
                    # "CSTĐCS khác LĐTT thế nào?": each award's own rule of the kind compared, side by side
                    mentions = {mention.award: mention for mention in reversed(part.awards)}
                    parts += [replace(part, intent=part.compared, awards=[mention], subject=mention)
                              for mention in reversed(mentions.values())]
                elif len(told := self._principles_asked(part)) > 1:
                    # "lương cơ sở tính lúc nào? và số lẻ làm tròn thế nào?": each principle its own clause
                    for label in told:  # each asked as what its clause answers, the kind read being the other's
                        intent = part.intent if self._answers(label, part.intent) else "content"
                        parts.append(piece := replace(part, principle=label, intent=intent))
                        by_principle.add(id(piece))
                else:
                    parts.append(part)
            answered = []
            for part in parts[:4]:
                answer = self._as_in_force(self._answer_part(part, understanding), part, understanding)
                # a principle's own words were found ("làm tròn", "ưu tiên nữ"): they say what is asked, whatever
                # kind of question the rest of the sentence reads as; not when they say two clauses (one is quoted);
                # nor when it asks whether what the story tells counts ("… có dùng làm căn cứ …?")
                clauses_said = {self.catalogue.principles.get(found.label, found.label)
                                for found in self._principles_said(part.text)}
                understood = part.sure or (answer.basis == "principle" and (
                    len(clauses_said) == 1 or id(part) in by_principle or part.counted))
                answer.intent, answer.sure = answer.intent or part.intent, answer.sure and understood
                answer.action = answer.action or part.action
                answer.doubt = "kind" if not understood else answer.doubt
                if answer.covered and answer.sure and self.lexicon.says(part.text, ASKED, "form") \
                        and not self.lexicon.says(answer.quote, ASKED, "form"):
                    answer.sure, answer.doubt = False, "clause"  # a form asked, the clause names none
                if part.intent == "eligibility" and answer.covered and answer.eligibility is None:
                    answer = self._circumstance_gap(part, answer) or answer
                # a cap the question cites, or the story before a question naming no award of its own ("Trước đây
                # … không quá 15% … Quy định này còn áp dụng không?"); not a principle's clause, which answers it
                cited = [part.text] if part.named else [*understanding.facts, part.text]
                if answer.covered and answer.eligibility is None and answer.basis != "principle" \
                        and (caps := self._unstated_caps(" ".join(cited))):
                    answer = not_covered(part.text, "", answer.hits, answer.relevance, answer.citations[:1],
                                         CapGap(caps))
                answered.append((part, answer))
            self._closest(answered, understanding.province or self.settings.province)
            self._siblings(answered)
            answers = self._merge_same(answered)
            answer = answers[0] if len(answers) == 1 else combine(question, answers)
        answer.question = question
        answer.query = query
        if answer.mode == "eligibility":
            answer.intent = "eligibility"
        elif answer.parts:
            answer.sure = all(part.sure for part in answer.parts)
        answer.timings["retrieve_ms"] = (time.perf_counter() - started) * 1000
        return answer, understanding

    def _circumstance_gap(self, part: Part, answer: Answer) -> Answer | None:
        """"Bị cắt hợp đồng có được xét CSTĐCS không?": whether someone may be awarded, told with a circumstance that
        a rule the knowledge base lacks decides (knowledge/lexicon/unruled.yaml; not one denied, "không nghỉ ốm")
        and that neither the clause found nor the closest units speak of: that the rule is lacking is the answer,
        said plainly, and the clause found a reference. None when nothing such is told."""
        lacks = {item.label: item.lacks for item in self.catalogue.unruled}
        told = [found for found in undenied(part.text, UNRULED, self.lexicon)
                if found.label in lacks and not self.lexicon.says(answer.quote, UNRULED, found.label)
                and not any(self.lexicon.says(hit.unit.text, UNRULED, found.label) for hit in answer.hits[:CLOSE_HITS])]
        if not told:
            return None
        gap = CircumstanceGap(tuple(dict.fromkeys(lacks[found.label] for found in told)),
                              tuple(dict.fromkeys(found.text for found in told)))
        return not_covered(part.text, "", answer.hits, answer.relevance, answer.citations[:1], gap)

    def _unstated_caps(self, text: str) -> tuple[str, ...]:
        """The caps of a rule the asker cites ("không được quá 15% số người đạt LĐTT", knowledge/lexicon/limits.yaml)
        at a rate no indexed text states: the rule they come from is not in the knowledge base."""
        cleaned, told = clean(text), []
        for match in RATE_RE.finditer(cleaned):
            if (cap := self._cap_before(cleaned, match.start())) and _rate(match.group(1)) not in self._stated_rates():
                told.append(f"{cap} {match.group(0)}")
        return tuple(dict.fromkeys(told))

    def _cap_before(self, text: str, start: int) -> str:
        """The words of a cap (knowledge/lexicon/limits.yaml) standing just before `start`, only punctuation or spaces
        after them; "" when none does."""
        before = clean(text[max(0, start - CAP_REACH):start])
        found = self.lexicon.find(before, "limits", ("ceiling",))
        return found[-1].text if found and not re.search(r"\w", before[found[-1].end:]) else ""

    def _stated_rates(self) -> frozenset[float]:
        """Every rate the indexed texts state as a cap (a minimum of 70% is no cap of 70%), read once per index."""
        units = self.retriever.units
        if self._rates[0] is not units:
            self._rates = (units, frozenset(
                _rate(match.group(1)) for unit in units.values() for match in RATE_RE.finditer(unit.text)
                if self._cap_before(unit.text, match.start())))
        return self._rates[1]

    def _closest(self, answered: list[tuple[Part, Answer]], province: str) -> None:
        """Under each answer not sure of its clause, the next closest clauses, each shown once in the whole reply
        and none that would need a warning (a text no longer in force, another province's rule)."""
        shown = {answer.quote_citation.unit_id for _, answer in answered if answer.quote_citation}

        def keep(unit: Unit) -> bool:
            place = self._place_of(unit.doc.id)
            return unit.doc.status not in NOT_IN_FORCE and (not place or same_place(place, province))

        for part, answer in answered:
            if answer.covered and not answer.sure and answer.eligibility is None:
                answer.closest = closest_clauses(part.text, answer, shown, keep)

    def _siblings(self, answered: list[tuple[Part, Answer]]) -> None:
        """Under each sure answer quoting one khoản: the other khoản of its article that say words of the question
        the quoted one does not ("… gửi hồ sơ trước ngày nào? Ngành giáo dục có khác không?": khoản 3, on the
        education sector), when one alone says them: what else is asked is ruled beside the quoted rule."""
        for part, answer in answered:
            cited = answer.quote_citation
            if not (answer.covered and answer.sure and answer.eligibility is None and answer.gap is None and cited):
                continue
            quoted = next((hit.unit for hit in answer.hits if hit.unit.unit_id == cited.unit_id), None)
            if quoted is None:
                continue
            if quoted.clause:  # the article split into khoản, one unit each
                siblings = [(Citation.of(unit), unit.text.strip())
                            for unit in self._rule_units(RuleRef(quoted.doc.id, quoted.article))
                            if unit.clause != quoted.clause]
            else:  # one unit, its khoản quoted
                siblings = [(Citation.of(quoted, clause.label), clause.text.strip()) for clause in clauses(quoted.text)
                            if not clause.point and clause.clause and clause.text.strip() not in answer.quote]
            plain = not has_diacritics(part.text)
            told, named = what_is_told(self.lexicon, part.text, part.awards)
            # two words side by side the question says and the quote does not, outside the award names
            wanted = {pair for pair in phrases(told, plain) if len(pair) == 2
                      and not {spelled(fold(word).lower()) for word in pair} <= named} - phrases(answer.quote, plain)
            saying = [(citation, text) for citation, text in siblings if wanted & phrases(text, plain)]
            if len(saying) == 1:
                answer.also = saying

    def _merge_same(self, answered: list[tuple[Part, Answer]]) -> list[Answer]:
        """Awards asked about alike that one text rules alike ("hồ sơ CSTĐCS và LĐTT": khoản 1 Điều 84 for both) get
        one answer naming them all, not the same quote twice; an amendment not loaded, asked of twice ("… sửa những
        điều nào? Có bỏ danh hiệu LĐTT không?"), is said once."""
        merged: list[tuple[Answer, list[str]]] = []
        for part, answer in answered:
            names = [self._award_name(m) for m in part.awards[:1]]
            same = next((item for item in merged if (answer.covered and item[0].covered and answer.quote_citation
                         and item[0].quote_citation and item[0].quote_citation.unit_id == answer.quote_citation.unit_id
                         and item[0].quote == answer.quote) or (
                             isinstance(answer.gap, AmendmentGap) and answer.gap == item[0].gap)), None)
            if same is None:
                merged.append((answer, names))
            else:
                same[1].extend(names)
        for answer, names in merged:
            # the name as the lead says it, not a name the clause quoted in it lists («… “Lao động tiên tiến” …»)
            at = next((m.start() for m in re.finditer(re.escape(names[0]), answer.lead)
                       if not answer.lead[:m.start()].endswith("“")), -1) if len(names) > 1 else -1
            if at >= 0:
                answer.lead = answer.lead[:at] + " và ".join(dict.fromkeys(names)) + answer.lead[at + len(names[0]):]
        return [answer for answer, _ in merged]

    @property
    def in_force(self) -> LawInForce:
        """The amendments and transferred powers of the loaded generation (bot/engine/in_force.py)."""
        return in_force_of(self._in_force_cache, self.retriever.generation, self.documents, self.retriever.units)

    def _as_in_force(self, answer: Answer, part: Part, understanding: Understanding) -> Answer:
        """The answer as the law stands on the day asked about: amended wording, transferred powers."""
        subject = part.subject
        return self.in_force.apply(answer, understanding.message, self._award_name(subject) if subject else "",
                                   understanding.on, understanding.local)

    def _award_name(self, mention: AwardMention) -> str:
        return self.catalogue.name(mention.award) + (f" hạng {mention.grade.capitalize()}" if mention.grade else "")

    def as_follow_up(self, now: Understanding, previous: Turn | None) -> Understanding:
        """The message (read once) as a follow-up of the previous turn's query, when it is one; else as it is."""
        if previous is None or not (previous.query or previous.question):
            return now
        before = previous.query or Query.of(self.understand(previous.question))
        return self.follow_ups.merge(now, before) or now

    def _answer_part(self, part: Part, understanding: Understanding) -> Answer:
        """One question of a message: retrieval with the award's names, the ruling unit first, then composition
        or an honest gap."""
        subject = part.subject
        own = {m.award for m in part.named}
        names = [self.catalogue.name(m.award) for m in part.awards if m.award not in own]  # "danh hiệu này"
        names += [d for d in understanding.documents if key(d) not in key(part.text)]
        if understanding.province and key(understanding.province) not in key(part.text):
            names.append(understanding.province)
        query = " ".join([part.text, *names])
        if understanding.facts and len(content_terms(part.text)) <= FEW_TERMS:
            # "Làm như vậy có đúng không?" after a story: the story is what is searched for
            query = " ".join([*understanding.facts, query])
        if not has_diacritics(query):
            query = self.retriever.abbreviations.expand_plain(query)
        result = self.search(query)
        if (restored := self.retriever.restored(query)) != query:
            # typed without diacritics: the order the question written back with the knowledge base's own words
            # finds; how well the knowledge base covers it stays the typed question's, so a gap is said as before
            result.hits = self.search(restored).hits
        focus = part.focus or without(part.text, [*understanding.documents, understanding.province])
        result.hits = boost(result.hits, part, query, self.retriever.units, focus)[:10]
        refs = result.refs
        if refs.documents and not refs.articles:  # the documents named are where the answer is, before any title lift
            result.hits.sort(key=lambda hit: hit.unit.doc.id not in refs.documents)
        if part.intent == "compare" and subject is not None and len(refs.documents) > 1 \
                and (compared := self._documents_compared(part, subject, result)) is not None:
            return compared
        if (amended := self._amendment_asked(part, refs, understanding)) is not None:
            return not_covered(part.text, "", result.hits, result.relevance, gap=amended)
        if part.intent in ("status", "compare") and refs.documents:
            return self._status_answer(part, result)
        if refs.missing and not refs.documents:
            return self._from_mentions(part, result)
        if refs.articles and (added := self._added_articles(result)):
            result.hits = rerank(result.hits, added)  # "Điều 11a": the amending law's article that adds it
        elif refs.articles and (missing := self._missing_articles(result)):
            return not_covered(part.text, missing, result.hits, result.relevance)
        # a yes/no on the story's awards, naming none of its own ("… được cả LĐTT và CSTĐCS. Thế có đúng không hay
        # phải được nhận cả 2?"), or one saying the principle in its own words that reads as who decides for the giver
        # it names ("Chủ tịch phường tặng giấy khen cho đúng thành tích đó thì có được không?"): the principle,
        # whatever kind the question reads as; a yes/no whether what the story tells counts toward an award ("…
        # Bằng khen đó có dùng làm căn cứ …?"); not a question of its own kind ("… có đơn thư. Tiền thưởng là bao
        # nhiêu?")
        if part.principle and (self._answers(part.principle, part.intent) or (part.counted and part.yes_no)
                               or (part.principle_said and part.yes_no and part.intent == "authority")
                               or (part.yes_no and not part.named and understanding.awards)) \
                and not refs.articles \
                and (ruled := self._principle_answer(part, result)) is not None:
            return ruled
        # the rule in force states no figure asked of superseded documents named ("Hồi còn NĐ 98/2023, họp xét CSTĐCS
        # cần bao nhiêu % phiếu?"): what retrieval finds in them answers if it states one, else the gap
        figureless = None
        if subject is not None and part.intent in RULED_INTENTS and not refs.articles and not part.action:
            ruled = self._ruled_answer(part, subject, understanding, result)
            if ruled is not None and not (isinstance(ruled.gap, TopicGap) and not ruled.gap.delegated
                                          and self._superseded(refs.documents)):
                return ruled
            figureless = ruled
        if not result.hits or not self._relevant(query, result, understanding.message):
            if figureless is not None:
                return figureless
            # a question of the domain that names its province asks for that province's rule
            named = understanding.province and not result.refs.any and self.domain.mentioned(part.text)
            return not_covered(part.text, "", result.hits, result.relevance,
                               gap=ProvinceGap(understanding.province) if named else None)
        hits = result.hits
        if (gap := self._province_gap(hits, part, understanding, result, focus)) is not None:
            return gap
        if part.action and subject is not None and (own := self._saying_action(part.action, subject, part.text)):
            # "Ai công nhận sáng kiến … để xét Chiến sĩ thi đua cấp tỉnh?": of the articles saying it, the award's own
            hits = rerank(hits, own)
        name = self.catalogue.name(subject.award) if subject is not None else ""
        quoted = amount_line(hits[0].unit, None, subject, self.catalogue, part.intent, asked=part.text) \
            if subject is not None and part.intent in ("amount", "deadline") else None
        notes = self._document_notes(result, understanding.province)
        answer = compose(part.text, focus, hits, notes, result.relevance, part.intent, quoted, name, part.yes_no)
        named = {m.award for m in self.catalogue.mentions(hits[0].unit.text)}
        # an action the catalogue says is ruled for every award only where it says (_common.yaml actions `only`:
        # who proposes) is surely answered only from there; a comparison of what is not two awards ("danh hiệu thi
        # đua với khen thưởng khác nhau thế nào?"): one retrieved clause is not sure to hold both sides
        ruling = self.catalogue.acting.get(part.action, []) if part.action in self.catalogue.acting_only else []
        answer.sure = clause_fits(self.lexicon, part, hits, answer.quote, named) \
            and not self._unknown_post(part, answer.quote) and part.intent != "compare" \
            and (not ruling or any((ref.doc, ref.article) == (hits[0].unit.doc.id, hits[0].unit.article)
                                   for ref in ruling))
        answer.doubt = "" if answer.sure else "clause"
        if (gap := topic_gap(part.text, answer)) is not None:
            return figureless or gap
        return answer

    def _superseded(self, documents: Collection[str]) -> bool:
        """Whether documents are named and none of them is in force."""
        return bool(documents) and all(self.documents.get(doc_id, {}).get("status") in NOT_IN_FORCE
                                       for doc_id in documents)

    def _saying_action(self, action: str, subject: AwardMention, asked: str) -> list[Unit]:
        """The units of the award's own criteria articles that say `action` (knowledge/lexicon/actions.yaml); when
        none does, the one khoản of the articles ruling that action on every award (_common.yaml `actions`) sharing
        most of the question's phrases ("Huân chương Lao động do ai trình?": khoản 2 Điều 83, on what goes to the Prime
        Minister)."""
        saying = set(units_saying(self.retriever.units, action))
        own = [unit for ref in self.catalogue.rules_for(subject, "criteria") for unit in self._rule_units(ref)
               if unit.unit_id in saying]
        if own:  # the award's own article saying it is the closer rule
            return own
        shared = [unit for ref in self.catalogue.acting.get(action, []) for unit in self._rule_units(ref)
                  if unit.unit_id in saying]
        plain = not has_diacritics(asked)
        wanted = phrases(asked, plain)
        return [max(shared, key=lambda unit: len(phrases(unit.text, plain) & wanted))] if shared else []

    def _unknown_post(self, part: Part, quote: str) -> bool:
        """Asked what a post may confer, a post the law's words do not name (knowledge/lexicon/posts.yaml) and the
        clause found does not say ("Chủ tịch Hội Nông dân xã" under "Chủ tịch Ủy ban nhân dân cấp xã …"): whose power
        the clause states is not sure to be the one asked about. A post is read as its title word and the two words
        after it."""
        if part.intent != "authority" or self.lexicon.find(part.text, "posts"):
            return False
        said = key(quote)
        for title in self.lexicon.find(part.text, "statements", ("post",)):
            after = key(part.text[title.end:]).split()[:POST_WORDS]
            if len(after) == POST_WORDS and " ".join(after) not in said:
                return True
        return False

    def _rule_units(self, ref: RuleRef) -> list[Unit]:
        return cited_units(by_article(self.retriever.units).get((ref.doc, ref.article), []), ref.clause)

    def _place_of(self, doc_id: str) -> str:
        """The province a document rules: its issuer's; "" for a national text; the users' own province for a text
        that names neither (an upload, a unit's own rule)."""
        doc = self.documents.get(doc_id, {})
        issuer = doc.get("issuer", "")
        if place := locality(issuer):
            return place
        if self.lexicon.starts_with(issuer, "issuers", "national") or national_number(doc.get("number", "")):
            return ""
        return self.settings.province

    def _ruled_answer(self, part: Part, subject: AwardMention, understanding: Understanding,
                      result: SearchResult) -> Answer | None:
        """The answer from the unit that rules the award for what is asked; a gap when none is loaded, or only
        another province's rule is."""
        province = understanding.province or self.settings.province
        own, elsewhere = [], []
        for ref in self.catalogue.rules_for(subject, part.intent):
            units = self._rule_units(ref)
            if not units:
                continue
            place = self._place_of(ref.doc)
            (own if not place or same_place(place, province) else elsewhere).append((ref, units))
        name = self._award_name(subject)
        award = self.catalogue.awards[subject.award]
        known = [award.listed_in, *(ref for refs in award.rules.values() for ref in refs)]
        if not own and not elsewhere and not any(ref and self._rule_units(ref) for ref in known):
            return None  # the catalogue does not describe these documents: retrieval alone answers
        # no rule in force of the award for this kind, and the question names superseded documents ("Hồi còn NĐ
        # 98/2023, NGƯT được thưởng bao nhiêu?"): the catalogue holds the rules in force, so the documents named
        # answer, not a gap: a figure asked, their line naming the award with it; any other kind, what retrieval
        # finds in them (first: _answer_part)
        superseded = self._superseded(result.refs.documents)
        if not own and superseded and part.intent not in FIGURED:
            return None
        within = set(result.refs.documents) if superseded and part.intent in FIGURED else None
        if not own and (found := self._named_rule(part, subject, result, province, within)) is not None:
            unit, quoted = found  # the catalogue lags the knowledge base: a retrieved text rules the award
            notes = self._document_notes(result, understanding.province, [unit])
            answer = compose(part.text, result.query, rerank(result.hits, [unit]), notes, max(result.relevance, 0.5),
                             part.intent, quoted, name, part.yes_no, cite_only_primary=True)
            answer.basis = "named"
            return answer
        own.sort(key=lambda item: -self._fit(item, part.text, understanding.province))
        ruled_for = []  # the loaded clauses that rule the award for others than the ones asked about
        plain = not has_diacritics(part.text)
        wanted = phrases(part.text, plain)
        for index, (ref, units) in enumerate(own):
            # an article split by khoản: the khoản that fits ("… đối với tập thể" -> the khoản on collectives)
            unit = max(units, key=lambda u: len(phrases(u.text, plain) & wanted)
                       + 2 * len(phrases(u.text.split("\n")[0], plain) & wanted)) if not ref.clause else units[0]
            quoted, said = self._quote_for(part, subject, ref, unit)
            if said is not None:
                cited = Citation.of(unit, quoted[0] if quoted else "")
                if all(cited != other for other, _ in ruled_for):
                    ruled_for.append((cited, said))
                continue
            units = [unit, *(u for u in units if u is not unit)]
            hits = rerank(result.hits, [*units, *(u for i, (_, us) in enumerate(own) if i != index for u in us)])
            notes = self._document_notes(result, understanding.province, [hit.unit for hit in hits])
            answer = compose(part.text, result.query, hits, notes, max(result.relevance, 0.5), part.intent, quoted,
                             name, part.yes_no, cite_only_primary=True)
            answer.basis = "rule"
            if (part.intent != "amount" or asks_referred(part.text)) \
                    and (gap := topic_gap(part.text, answer, ruled=True)) is not None:
                return gap  # a figure asked of a rule stating none (an amount's clause may say it in words)
            # "tiền thưởng lấy từ quỹ nào?": a question of the reward whose question words ask something, and no
            # quantity, is not sure of the figure ("cho em hỏi tiền thưởng …", "được thưởng gì" ask nothing else)
            asked = without_spans(part.text, self.lexicon.find(part.text, QUESTIONS, ("asking",)), ";")
            if part.intent == "amount" and not part.yes_no and self.lexicon.says(asked, QUESTIONS, "question") \
                    and not self.lexicon.says(part.text, QUESTIONS, "quantity"):
                answer.sure, answer.doubt = False, "clause"
            # "có được … không?" of a case the clause does not speak of (a history told is the eligibility rules'); a
            # number asked of what the clause does not speak of ("giữ chức bao nhiêu năm … về quá trình cống hiến?"
            # quoted a movement's "từ 05 năm trở lên")
            # (the names of every award the message names are no case: "… CSTĐ tỉnh với CSTĐ toàn quốc", each asked)
            if part.intent in ("eligibility", "count") and not understanding.facts and len(
                    case := unstated(self.lexicon, part.text, understanding.awards, answer.quote)) >= UNSTATED_TERMS:
                answer.sure, answer.doubt, answer.unstated = False, "unstated", tuple(case)
            for _, others in [item for i, item in enumerate(own) if i != index][:2]:
                if all(c.article != others[0].article or c.doc_id != others[0].doc.id for c in answer.citations):
                    answer.citations.append(Citation.of(others[0]))
            answer.warnings += [notes[c.doc_id] for c in answer.citations[1:] if c.doc_id in notes
                                and notes[c.doc_id] not in answer.warnings]
            for other, ruling in elsewhere[:1]:  # another province's own rule: a labelled reference, never the answer
                reference = Citation.of(ruling[0])
                answer.related.append(reference)
                answer.warnings.append(Reference(self._place_of(other.doc), reference, province))
            return answer
        listed = award.listed_in
        gap = Gap(RULED_INTENTS[part.intent], name, province=province if elsewhere else "")
        if ruled_for:  # the award's rule is loaded, for others: said as such, not as a rule missing altogether
            asked = asked_for(frozenset(part.whom), self.catalogue.name(subject.award), self.lexicon)
            gap.whom, gap.ruled_for = tuple(sorted(asked)), ruled_for
        elif listed and (units := self._rule_units(listed)):
            gap.listed_in = Citation.of(units[0])
        gap.elsewhere = [(self._place_of(ref.doc), Citation.of(units[0])) for ref, units in elsewhere]
        related = [*([gap.listed_in] if gap.listed_in else []), *(cited for cited, _ in ruled_for),
                   *(cited for _, cited in gap.elsewhere)]
        for hit in result.hits[:3]:
            if len(related) < 4 and all(c.unit_id != hit.unit_id for c in related):
                related.append(Citation.of(hit.unit))
        answer = not_covered(part.text, "", result.hits, result.relevance, related)
        answer.lead, answer.gap = "", gap  # the faces say it (bot/faces/render.py gap_text)
        return answer

    def _quote_for(self, part: Part, subject: AwardMention, ref: RuleRef,
                   unit: Unit) -> tuple[tuple[str, str] | None, frozenset[str] | None]:
        """What of a ruling unit to quote (None: compose picks) and, when it rules for others than the question
        asks about (bot/engine/scope.py), whom it rules for: the named khoản or điểm; for an amount or a deadline,
        the điểm naming the award; an article whose khoản rule different people, the khoản for the one asked."""
        line = amount_line(unit, None, subject, self.catalogue, part.intent, ref.clause, asked=part.text) \
            if part.intent in ("amount", "deadline") else None
        quoted = line or (quote_part(unit, ref.clause, ref.point) if ref.clause else None)
        asked = asked_for(frozenset(part.whom), self.catalogue.name(subject.award), self.lexicon)
        if asked and part.intent == "authority" and quoted is None:
            # who decides for the people asked about: the one khoản that names them ("… trong Quân đội nhân dân,
            # Công an nhân dân và dân quân thường trực … do Bộ Quốc phòng, Bộ Công an quy định"); a khoản naming
            # others rules no one out (the deciders of the other khoản name bodies, not nominees)
            fitting = [p for p, said in self._whom_of_clauses(clauses(unit.text)) if fits(asked, said, self.lexicon)
                       and any(m.award == subject.award for m in self.catalogue.mentions(p.text))]
            return (quote_part(unit, fitting[0].clause) if len(fitting) == 1 else None), None
        if not asked or part.intent not in (*WHOM_INTENTS, "eligibility"):  # (whether one may be: their criteria)
            return quoted, None
        if quoted is not None:
            said = said_for(lead_of(quoted[1], line is not None or bool(ref.point)), self.lexicon)
            return quoted, None if fits(asked, said, self.lexicon) else said
        parts = clauses(unit.text)
        preamble = said_for(lead_of(parts[0].text, False), self.lexicon) if parts and not parts[0].clause else None
        if preamble:  # "Danh hiệu … để tặng cho cá nhân đạt các tiêu chuẩn sau đây:"
            return None, None if fits(asked, preamble, self.lexicon) else preamble
        said_of = self._whom_of_clauses(parts)
        if not said_of:
            return None, None
        fitting = [p for p, said in said_of if fits(asked, said, self.lexicon)]
        if not fitting:
            return None, frozenset().union(*(said for _, said in said_of))
        # the one khoản for whom asked; of several, the one closest to the question (compose picks)
        return quote_part(unit, fitting[0].clause) if len(fitting) == 1 else None, None

    def _whom_of_clauses(self, parts: list[Clause]) -> list[tuple[Clause, frozenset[str]]]:
        """The khoản of an article (not its điểm) whose lead-in says whom they rule for, each with whom."""
        return [(p, said) for p in parts if p.clause and not p.point
                and (said := said_for(lead_of(p.text, False), self.lexicon))]

    def _named_rule(self, part: Part, subject: AwardMention, result: SearchResult, province: str,
                    within: set[str] | None = None) -> tuple[Unit, tuple[str, str] | None] | None:
        """A retrieved unit in force, of a national text or the province's own, that rules the award for what is
        asked though the catalogue does not point to it: for an amount or a deadline, its điểm naming the award
        with the figure; otherwise an article whose title names the award. `within`: of these documents only, in
        force or not (superseded ones a question names)."""
        retrieved = [hit.unit for hit in result.hits[:8]]
        seen = {unit.unit_id for unit in retrieved}
        # and the units the lexical index finds for the award's name with the question, wherever retrieval put them
        looked = self.retriever.lexical(f"{self.catalogue.name(subject.award)} {part.text}", NAMED_LOOK)
        asked = asked_for(frozenset(part.whom), self.catalogue.name(subject.award), self.lexicon)

        def for_asked(line: str) -> bool:  # the điểm rules for whom the question asks about
            return fits(asked, said_for(lead_of(line, True), self.lexicon), self.lexicon)

        for unit in [*retrieved, *(u for u in looked if u.unit_id not in seen)]:
            place = self._place_of(unit.doc.id)
            if (unit.doc.id not in within if within is not None else unit.doc.status in NOT_IN_FORCE) \
                    or (place and not same_place(place, province)):
                continue
            if part.intent in ("amount", "deadline"):
                line = amount_line(unit, None, subject, self.catalogue, part.intent, fit=for_asked, asked=part.text)
                if line is not None:
                    return unit, line
            elif any(m.award == subject.award and same_grade(m.grade, subject.grade)
                     for m in self.catalogue.mentions(unit.article_title)) \
                    and (kinds := set(self.lexicon.evidence(unit.article_title, "kinds"))) <= {part.intent} \
                    and (kinds or part.intent == "criteria"):
                # an article on the award, not one on another kind of rule ("Mức tiền thưởng …"); one titled with
                # the award's name alone holds whom it is for and its criteria, not its dossier or who decides
                return unit, None
        return None

    def _principles_asked(self, part: Part) -> list[str]:
        """The principles a question's words say, in their order, one per clause, when one of them answers its kind
        of question (_common.yaml `answers`; by default not a figure or a form): a sentence asking two things has
        the kind of one of them."""
        asked: dict[RuleRef, str] = {}  # one per clause cited
        answering = False
        for found in self._principles_said(part.text):
            ref = self.catalogue.principles.get(found.label)
            if ref is not None:
                asked.setdefault(ref, found.label)
                answering = answering or self._answers(found.label, part.intent)
        return list(asked.values()) if answering else []

    def _principles_said(self, text: str) -> list[Found]:
        """The principles a text's words say, in their order, not one denied ("không có đơn thư gì")."""
        return sorted(undenied(text, "principles", self.lexicon), key=lambda found: found.start)

    def _answers(self, principle: str, intent: str) -> bool:
        return self.catalogue.principle_answers_kind(principle, intent)

    def _principle_answer(self, part: Part, result: SearchResult) -> Answer | None:
        """A question about a principle every award is given by ("nghỉ thai sản có được tính …", "khen thưởng có
        phải đi từ thấp lên cao"): its clause, whichever award the question names; None when it is not loaded."""
        ref = self.catalogue.principles.get(part.principle)
        units = self._rule_units(ref) if ref is not None else []
        if not units:
            return None
        unit = units[0]
        quoted = quote_part(unit, ref.clause, ref.point) if ref.clause else None
        answer = compose(part.text, result.query, rerank(result.hits, [unit]), self._document_notes(result, "", [unit]),
                         max(result.relevance, 0.5), part.intent, quoted, yes_no=part.yes_no, cite_only_primary=True)
        answer.basis = "principle"
        return answer

    def _documents_compared(self, part: Part, subject: AwardMention, result: SearchResult) -> Answer | None:
        """"Mức thưởng CSTĐCS theo NĐ 152 so với NĐ 98?": the figure each named document sets for the award, side
        by side, each cited (the newer text first); None when fewer than two of them state one."""
        kind = part.compared if part.compared in ("amount", "deadline") else "amount"
        name = self._award_name(subject)
        notes = self._document_notes(result)
        answers = []
        for doc_id in sorted(result.refs.documents, key=lambda d: self.documents.get(d, {}).get("effective", ""),
                             reverse=True):
            for unit in self.retriever.units_of(doc_id):
                if (line := amount_line(unit, None, subject, self.catalogue, kind, asked=part.text)) is not None:
                    answers.append(compose(part.text, result.query, [Hit(unit, 1.0)], notes, result.relevance, kind,
                                           line, name, cite_only_primary=True))
                    break
        return combine(part.text, answers) if len(answers) > 1 else None

    def _fit(self, item: tuple[RuleRef, list[Unit]], question: str, named_province: str) -> float:
        """How well a ruling unit fits the question: phrases shared with it; the province the question names
        first; a superseded text only when it fits clearly better."""
        ref, units = item
        plain = not has_diacritics(question)
        score = float(len(phrases(question, plain) & phrases(" ".join(u.text for u in units), plain)))
        place = self._place_of(ref.doc)
        if named_province and place and same_place(place, named_province):
            score += 100
        if units[0].doc.status in NOT_IN_FORCE:
            score -= 3
        return score

    def _province_gap(self, hits: list[Hit], part: Part, understanding: Understanding, result: SearchResult,
                      focus: str) -> Answer | None:
        """The rule of the province asked about (the one the question names, else the user's): its own text when
        the knowledge base holds it. Another province's rule is never the answer: when it ranks first and no
        national text is close, say the province's own rule is missing and show it as a labelled reference. A
        question that names its province ("… của Hải Phòng", "o hai phong") asks for that province's rule: when
        none is loaded, say so first, then what the national texts say, labelled as such."""
        if result.refs.documents:
            return None
        province = understanding.province or self.settings.province
        evidence = INTENT_EVIDENCE.get(part.intent)

        asks_rule = part.intent in RULED_INTENTS or self.lexicon.says(part.text, QUESTIONS, "rule-word")

        def holds(hit: Hit) -> bool:
            return not evidence or any(pattern.search(hit.unit.text) for pattern in evidence)

        def rules(hit: Hit) -> bool:  # a news item reports what a province did; it is not its rule
            return holds(hit) and not (asks_rule and hit.unit.doc.type in REPORT_TYPES)

        places = [self._place_of(hit.unit.doc.id) for hit in hits]
        own = [i for i, place in enumerate(places[:3]) if place and same_place(place, province) and rules(hits[i])]
        if not own and understanding.province and places[0] and same_place(places[0], province) \
                and not (asks_rule and hits[0].unit.doc.type in REPORT_TYPES):
            own = [0]  # the province named, and its own text ranks first: that text answers, however it words it
        top_elsewhere = bool(places[0]) and not same_place(places[0], province)
        if own:
            # one's own rule is the answer: before another province's, before a national text it is close to
            if understanding.province or top_elsewhere or hits[own[0]].score >= hits[0].score * NATIONAL_CLOSE:
                hits.insert(0, hits.pop(own[0]))
            return None
        close = hits[0].score * NATIONAL_CLOSE if top_elsewhere else 0.0
        national = next((i for i, hit in enumerate(hits[:4]) if not places[i] and hit.score >= close
                         and hit.unit.doc.status not in NOT_IN_FORCE and holds(hit)), None)
        if not understanding.province:
            if not top_elsewhere:
                return None
            if national is not None:
                hits.insert(0, hits.pop(national))
                return None
        gap = ProvinceGap(province)
        related: list[Citation] = []
        general = compose(part.text, focus, [hits[national]], {}, result.relevance, part.intent,
                          yes_no=part.yes_no) if national is not None else None
        if general is not None and topic_gap(part.text, general) is None:  # only a national text that rules it
            related.append(general.quote_citation)
            gap.general = general
        elsewhere = next((i for i, place in enumerate(places[:3]) if place and not same_place(place, province)), None)
        if elsewhere is not None:
            reference = Citation.of(hits[elsewhere].unit)
            related.append(reference)
            gap.reference = Reference(places[elsewhere], reference, province)
        return not_covered(result.query, "", hits, result.relevance, related, gap)

    def _amendment_asked(self, part: Part, refs: References, understanding: Understanding) -> AmendmentGap | None:
        """A question about what an amending text changes ("Luật sửa đổi … năm 2026 sửa những điều nào?") of a
        document it names, when the amendment is declared but its text is not loaded; not one about an award's rule
        or a document's force, which the amended text answers with its warning, unless it asks what was changed
        (references.yaml changes: "sửa những điều nào, có bỏ danh hiệu LĐTT không?"). The amending text may be
        named in another sentence of the message ("Luật số 06/2026 đã sửa những điều nào? Có thay đổi tiêu chuẩn
        CSTĐCS không?"). A question of when a text takes effect after the story asked what the amendment changed
        ("Luật … sửa đổi năm 2026 thay đổi những gì, khi nào có hiệu lực?") asks it too."""
        message = understanding.message
        changes = self.lexicon.says(part.text, "references", "changes") or (
            part.intent == "status" and any(self.lexicon.says(fact, "references", "changes")
                                            for fact in understanding.facts))
        own = self.lexicon.says(part.text, "references", "amending")
        elsewhere = changes and self.lexicon.says(message, "references", "amending")
        if (part.awards and not changes) or (part.intent == "status" and not changes) or not (own or elsewhere):
            return None
        for doc_id in sorted(refs.documents):
            missing = [a for a in self.in_force.amendments.get(doc_id, []) if not a.doc_id]
            # named elsewhere, the amendment itself is: by its number or the year it takes effect ("luật cũ đã sửa
            # đổi năm 2013" is another)
            if missing and not own and not any(key(a.number) in key(message) or a.effective[:4] in message
                                               for a in missing):
                continue
            if missing:
                doc = self.documents[doc_id]
                return AmendmentGap(missing[-1].name, missing[-1].effective,
                                    document_short_name(doc["title"], doc.get("number", ""), doc.get("type", "")))
        return None

    def _status_answer(self, part: Part, result: SearchResult) -> Answer:
        """Status, replacement and effective date of the named documents, from their front matter; the unit that
        states it quoted when one does."""
        documents = self.documents
        # in the order the question names them, by number or by the name of their type ("Luật Thi đua, khen
        # thưởng"); documents it names alike in the order of their ids (not the set's)
        titles = {found.label: found.start for found in reversed(self.lexicon.find(part.text, "references"))}

        asked = key(part.text)

        def position(doc_id: str) -> int:
            at = asked.find(key(documents[doc_id].get("number", "")[:6]))
            return at if at >= 0 else titles.get(documents[doc_id].get("type", ""), len(part.text))

        named = sorted((d for d in result.refs.documents if d in documents), key=lambda d: (position(d), d))
        statuses = []
        for doc_id in named:
            doc = documents[doc_id]
            relations, replaced_on = [], ""
            for other_id, other in documents.items():
                number = other.get("number", "")
                if other_id == doc_id or not number:
                    continue
                other_name = document_short_name(other["title"], number, other.get("type", ""))
                if number in doc.get("note", "") and doc.get("status") in NOT_IN_FORCE:
                    relations.append(("replaced-by", other_name))
                    replaced_on = replaced_on or other.get("effective", "")
                elif other.get("status") in NOT_IN_FORCE and (number in doc.get("note", "")
                                                              or doc.get("number", "") in other.get("note", "")):
                    relations.append(("replaces", other_name))
            if repealed := self._repealed(doc.get("note", "")):
                relations.append(("repeals", repealed))
            name = document_short_name(doc["title"], doc.get("number", ""), doc.get("type", ""))
            # a news item's dates are its publication, not the document's force
            statuses.append(DocumentStatus(name, doc.get("status") not in NOT_IN_FORCE, doc.get("effective", ""),
                                           doc.get("type") in REPORT_TYPES, doc.get("signed", ""), tuple(relations),
                                           replaced_on))
        def states(hit: Hit) -> int:
            """The first named document a unit is, or speaks of by number (len(named) for none)."""
            return next((i for i, d in enumerate(named) if hit.unit.doc.id == d
                         or documents[d].get("number", "") in hit.unit.text), len(named))

        # what states the force of the document named first ("NĐ 98 hướng dẫn Luật … còn hiệu lực không?" asks NĐ
        # 98's, which the newer decree states), then of the others
        stating = sorted((hit for hit in result.hits if states(hit) < len(named)), key=states)
        stating = [h for h in stating if self.lexicon.says(h.unit.text, "ruling", "in-force")] or stating
        if not stating:
            answer = not_covered(part.text, "", result.hits, result.relevance)
            answer.covered, answer.intent, answer.gap = True, part.intent, None
        else:
            passage = _passage(stating[0].unit, lambda line: self.lexicon.says(line, "ruling", "in-force")) \
                or self._force_clauses(stating[0].unit)
            answer = compose(part.text, result.query, stating, self._document_notes(result), result.relevance,
                             part.intent, passage, cite_only_primary=True)
        answer.statuses = statuses  # the faces say them before the answer's line (bot/faces/render.py)
        return answer

    def _force_clauses(self, unit: Unit) -> tuple[str, str] | None:
        """The khoản of an article that speak of force, quoted together in order and cited as "khoản 1, khoản 2": one
        alone may need another ("… hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành" needs the khoản
        saying that day). None when fewer than two khoản do."""
        if not unit.article:
            return None
        stating = [part for part in clauses(unit.text)
                   if part.clause and not part.point and self.lexicon.says(part.text, "ruling", "in-force")]
        text = "\n".join(part.text for part in stating)
        if len(stating) < 2 or len(text) > QUOTE_LIMIT:
            return None
        return ", ".join(clause_name(part.clause) for part in stating), text  # "khoản 1, khoản 2"

    def _repealed(self, note: str) -> str:
        """What a document's note says it repeals ("Bãi bỏ Quyết định số …"), to the end of that sentence."""
        found = self.lexicon.find(note, "ruling", ("repeal",))
        return re.split(r"[.;]", clean(note)[found[0].end:], maxsplit=1)[0].strip() if found else ""

    def _from_mentions(self, part: Part, result: SearchResult) -> Answer:
        """A document not in the index but mentioned by indexed ones is answered from those, with a note."""
        names = ", ".join(dict.fromkeys(result.refs.missing))
        wanted = [fold(m).lower() for m in result.refs.missing]
        mentioning = [hit for hit in result.hits if any(w in fold(hit.unit.text).lower() for w in wanted)]
        if not mentioning:
            mentioning = [Hit(u, 0.0) for u in self.retriever.units.values()
                          if any(w in fold(u.text).lower() for w in wanted)][:3]
        if not mentioning:
            return not_covered(part.text, f"Cơ sở tri thức chưa có văn bản {names}. Các câu trả lời chỉ dựa trên văn "
                                          "bản đã được nạp (xem danh sách văn bản).", result.hits, result.relevance)
        passage = _passage(mentioning[0].unit, lambda line: any(w in fold(line).lower() for w in wanted))
        # words of two syllables or more: a one-syllable word is too often a function word ("bằng", "theo")
        asked = [term for term in content_terms(without(part.text, list(result.refs.missing))) if len(term) > 1]
        said = {word for hit in mentioning[:3] for text in (hit.unit.embed_text, hit.unit.doc.title,
                                                            hit.unit.doc.issuer)
                for word in (*syllables(text), *syllables(text, plain=False))}
        lines = [line for hit in mentioning[:3] for line in hit.unit.text.splitlines()
                 if any(w in fold(line).lower() for w in wanted)]
        only_named = all(self.lexicon.starts_with(line, STATEMENTS, "basis") for line in lines)
        if only_named or sum(not term_found(term, said) for term in asked) >= MENTION_UNANSWERED:
            # what the document says on the point asked is in its own text, which is not loaded
            lead = (f"Cơ sở tri thức chưa có toàn văn của văn bản số {names}, nên chưa có nội dung trả lời câu hỏi "
                    "này. Văn bản đã nạp chỉ nhắc đến văn bản này.")
            return not_covered(part.text, lead, result.hits, result.relevance,
                               [Citation.of(hit.unit) for hit in mentioning[:3]])
        answer = compose(part.text, result.query, mentioning, self._document_notes(result), result.relevance,
                         part.intent, passage, cite_only_primary=True)
        answer.warnings.insert(0, f"Cơ sở tri thức chưa có toàn văn {names}; câu trả lời dựa trên văn bản đã nạp có "
                                  "nhắc đến văn bản này.")
        return answer

    def _relevant(self, query: str, result: SearchResult, message: str = "") -> bool:
        """Whether the index covers the question: close enough in words and meaning, much closer when nothing in
        the message (its story included: "… chưa được khen thưởng quá trình cống hiến. Ai trình ạ?") is of the
        domain."""
        if result.refs.any:
            return True
        threshold = self.settings.relevance_threshold
        if not any(self.domain.mentioned(text) for text in (result.query, query, message)):
            threshold += STRONG_RELEVANCE_MARGIN
        return result.relevance >= threshold

    def _added_articles(self, result: SearchResult) -> list[Unit]:
        """The amending laws' articles that add an article the question names to a document it names (or to any),
        when the amended document itself does not hold it."""
        scope = result.refs.documents
        found = []
        for target, amendments in self.in_force.amendments.items():
            if scope and target not in scope:
                continue
            for amendment in amendments:
                found += [change.source for change in amendment.changes or () if change.action == "add"
                          and change.source is not None and any(ref.article == change.article
                                                                for ref in result.refs.articles)]
        return found

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

    def _document_notes(self, result: SearchResult, province: str = "", cited: list[Unit] | None = None) \
            -> dict[str, str]:
        """Warnings to show with a cited document: superseded (and by what), or a rule of a province other than
        the one asked about (the user's own unless the question names another). `cited`: units the answer quotes
        that retrieval did not find (the catalogue's ruling unit)."""
        province = province or self.settings.province
        documents = self.documents
        notes = {}
        # Only the documents the answer can cite: a national index holds thousands.
        for doc_id in {unit.doc.id for unit in [*(hit.unit for hit in result.hits), *(cited or [])]} & documents.keys():
            doc = documents[doc_id]
            name = document_name(doc["title"], doc.get("number", ""))
            if doc.get("status") in NOT_IN_FORCE:
                named = {fold_key(number) for number in DOC_NUMBER_RE.findall(doc.get("note", ""))}
                replacement = next((f"; thay thế bởi {document_name(other['title'], other['number'])}"
                                    for other_id, other in documents.items()
                                    if other_id != doc_id and fold_key(other.get("number", "")) in named), "")
                notes[doc_id] = f"Lưu ý: {name} {status_label(doc['status'])}{replacement}."
            elif (place := locality(doc.get("issuer", ""))) and not same_place(place, province):
                notes[doc_id] = (f"Lưu ý: {name} là quy định của {place}, không phải của {province}; "
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



def _rate(number: str) -> float:
    """ "15", "15,5", "15.5" as a number."""
    return float(number.replace(",", "."))


def _passage(unit: Unit, keep: Callable[[str], bool]) -> tuple[str, str] | None:
    """From a long text without articles (a preamble, a news item), the paragraphs that say what is asked."""
    if unit.article or len(unit.text) < 600:
        return None
    kept = [line for line in unit.text.splitlines() if line.strip() and keep(line)]
    return ("", "\n".join(kept[:3])) if kept else None
