"""Hybrid retrieval over the serving generation.

Dense search goes through langchain's Chroma vector store with the project's embeddings; lexical search
is BM25 over pyvi-segmented words and over syllables without diacritics (bot/engine/lexical.py). The lists are fused by
reciprocal rank. Exact references (Điều, khoản, document numbers) come first; a superseded text ranks
below the texts in force unless the question names it.

A vector server that fails (CHROMA_URL down) does not stop the answers: lexical search answers alone, and
`lexical_only()` tells the caller so; the server is tried again every `dense_retry` seconds, and the index loaded
last keeps serving while the generation pointer cannot be read.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from langchain_chroma import Chroma

from bot.engine.lexical import LexicalIndex, lexical_dir, load_or_build
from bot.engine.refs import ReferenceResolver, References
from bot.engine.text import (
    Abbreviations,
    Diacritics,
    content_terms,
    has_diacritics,
    segment,
    syllables,
    syllables_plain,
    term_found,
)
from ingest.embeddings import TextEmbeddings
from ingest.store import Generation, IndexStore
from ingest.units import NOT_IN_FORCE, Unit, locality, place_name, same_place
from ingest.vietnamese import fold

log = logging.getLogger(__name__)

RRF_K = 60
POOL = 30
SUPERSEDED_FACTOR = 0.8
# Another province's regulation ranks below national texts unless the question names that province.
OTHER_PLACE_FACTOR = 0.93
EXACT_ARTICLE_BOOST = 1.0
DOCUMENT_BOOST = 0.02
ARTICLE_BOOST = 0.05
CLAUSE_BOOST = 0.01
RELOAD_CHECK_SECONDS = 2.0
DENSE_RETRY = 10.0  # seconds of lexical search alone after the vector server failed, before it is tried again


@dataclass
class Hit:
    unit: Unit
    score: float
    dense: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def unit_id(self) -> str:
        return self.unit.unit_id


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    refs: References
    coverage: float
    top_dense: float
    lexical: bool = False  # found without the vector server (it was down)

    @property
    def relevance(self) -> float:
        """How well the index covers the question: the share of its topic words found in the best
        units, lifted by how close the best unit is in meaning (see docs/calibration.md); the share alone when
        there is no meaning to measure (the vector server down)."""
        if self.lexical:
            return self.coverage
        return 0.5 * self.coverage + 0.5 * max(0.0, (self.top_dense - 0.75) / 0.15)


class _Index:
    """One generation's units with their lexical indexes; replaced whole on reload."""

    def __init__(self, generation: Generation, units: dict[str, Unit], vectorstore: _GenerationVectors, province: str,
                 lexical: LexicalIndex) -> None:
        self.generation = generation
        self.units = units
        self.ids = list(units)
        self.vectorstore = vectorstore
        self.lexical = lexical
        self.position = {unit_id: n for n, unit_id in enumerate(self.ids)}
        # Where a named document or article is found, so a reference does not walk every unit.
        self.by_document: dict[str, list[str]] = {}
        self.by_article: dict[str, list[str]] = {}
        for unit_id, unit in units.items():
            self.by_document.setdefault(unit.doc.id, []).append(unit_id)
            if unit.article:
                self.by_article.setdefault(unit.article, []).append(unit_id)
        self.resolver = ReferenceResolver(generation.documents)
        # Units of another province's documents, with that province's name as a question would spell it.
        places = {doc_id: locality(doc.get("issuer", "")) for doc_id, doc in generation.documents.items()}
        other = {doc_id: _place_name(place) for doc_id, place in places.items()
                 if place and not same_place(place, province)}
        self.other_place = {i: other[units[i].doc.id] for i in self.ids if units[i].doc.id in other}
        self._diacritics: Diacritics | None = None
        self._diacritics_lock = threading.Lock()

    @property
    def diacritics(self) -> Diacritics:
        """The generation's own words, to write back a question typed without diacritics (built on first use)."""
        with self._diacritics_lock:
            if self._diacritics is None:
                self._diacritics = Diacritics([unit.text for unit in self.units.values()])
            return self._diacritics


class _GenerationVectors:
    """Dense search over a generation: its base and its own (changed) units, without the base's units it
    hides. The question is embedded once for both."""

    def __init__(self, store: IndexStore, collection, embeddings: TextEmbeddings) -> None:
        base, self.hidden = store.base_of(collection)
        # (vector store, whether its results may be hidden ones)
        self.parts = [(Chroma(client=store.client, collection_name=c.name, embedding_function=embeddings,
                              create_collection_if_not_exists=False), c is base)
                      for c in (base, collection) if c is not None and c.count()]
        self.embeddings = embeddings

    def similarity_search_with_score(self, query: str, k: int) -> list:
        vector = self.embeddings.embed_query(query)
        found = []
        for part, is_base in self.parts:
            extra = min(len(self.hidden), 2 * k) if is_base else 0
            found += [(document, distance) for document, distance
                      in part.similarity_search_by_vector_with_relevance_scores(vector, k=k + extra)
                      if not (is_base and document.id in self.hidden)]
        return sorted(found, key=lambda pair: pair[1])[:k]


class Retriever:
    def __init__(self, store: IndexStore, embeddings: TextEmbeddings, abbreviations: Abbreviations,
                 province: str = "") -> None:
        self.store = store
        self.province = province
        self.embeddings = embeddings
        self.abbreviations = abbreviations
        self._index: _Index | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self.dense_retry = DENSE_RETRY
        self._dense_down_until = 0.0
        self._searches = threading.local()  # whether this thread's searches went without the vector server

    def lexical_only(self, reset: bool = False) -> bool:
        """Whether a search of this thread since the last reset had to do without the vector server."""
        was = getattr(self._searches, "lexical", False)
        if reset:
            self._searches.lexical = False
        return was

    @property
    def generation(self) -> Generation | None:
        index = self._current()
        return index.generation if index else None

    @property
    def units(self) -> dict[str, Unit]:
        index = self._current()
        return index.units if index else {}

    def _current(self) -> _Index | None:
        """The loaded generation; the pointer is re-read every few seconds so a refresh is picked up."""
        now = time.monotonic()
        if self._index is not None and now - self._checked < RELOAD_CHECK_SECONDS:
            return self._index
        with self._lock:
            self._checked = now
            try:
                generation = self.store.generation()
            except Exception as exc:  # the vector server is down: what was loaded keeps serving
                log.warning("index pointer not read (%s); serving the loaded generation", type(exc).__name__)
                return self._index
            if generation is None:
                self._index = None
            elif self._index is None or self._index.generation.name != generation.name:
                self._index = self._load(generation)
        return self._index

    def reload(self) -> None:
        self._checked = 0.0
        self._current()

    def _load(self, generation: Generation) -> _Index:
        collection = self.store.collection(generation.name)
        records = self.store.records(collection)
        units = {}
        for unit_id, record in records.items():
            unit = Unit.from_metadata(record["text"], record["metadata"])
            doc = generation.documents.get(unit.doc.id, {})
            unit.doc.issuer, unit.doc.effective, unit.doc.note = (
                doc.get("issuer", ""), doc.get("effective", ""), doc.get("note", ""))
            units[unit_id] = unit
        vectorstore = _GenerationVectors(self.store, collection, self.embeddings)
        lexical = load_or_build(lexical_dir(self.store, generation.name),
                                {unit_id: (records[unit_id]["metadata"].get("content_hash") or unit.content_hash,
                                           unit.embed_text) for unit_id, unit in units.items()},
                                previous=self._index.lexical if self._index else None)
        log.info("loaded generation %s with %d units", generation.name, len(units))
        return _Index(generation, units, vectorstore, self.province, lexical)

    def expand(self, question: str) -> str:
        return self.abbreviations.expand(question)

    def search(self, question: str, k: int = 8) -> SearchResult:
        index = self._current()
        query = self.expand(question)
        if index is None or not index.ids:
            return SearchResult(query, [], References(), 0.0, 0.0)
        refs = index.resolver.resolve(query)
        fused: dict[str, float] = {}
        dense_scores: dict[str, float] = {}

        def add(ranked: list[str], weight: float = 1.0) -> None:
            for rank, unit_id in enumerate(ranked):
                fused[unit_id] = fused.get(unit_id, 0.0) + weight / (RRF_K + rank + 1)

        dense = self._dense(index, query)
        if dense is None:
            self._searches.lexical = True
        else:
            dense_scores.update(dense)
            add(sorted(dense_scores, key=dense_scores.get, reverse=True))
        if has_diacritics(query):
            add(index.lexical.top("words", segment(query), POOL))
        add(index.lexical.top("plain", syllables_plain(query), POOL))

        reasons: dict[str, list[str]] = {}
        named = {i for doc in refs.documents for i in index.by_document.get(doc, ())}
        named.update(i for ref in refs.articles for i in index.by_article.get(ref.article, ()))
        for unit_id in sorted(named, key=index.position.__getitem__):
            unit = index.units[unit_id]
            boost = _reference_boost(unit, refs)
            if boost:
                fused[unit_id] = fused.get(unit_id, 0.0) + boost
                reasons.setdefault(unit_id, []).append("tham chiếu trực tiếp")
        plain_query = fold(query).lower()
        for unit_id in fused:
            unit = index.units[unit_id]
            if unit.doc.id in refs.documents:
                continue
            if unit.doc.status in NOT_IN_FORCE:
                fused[unit_id] *= SUPERSEDED_FACTOR
            if unit_id in index.other_place and index.other_place[unit_id] not in plain_query:
                fused[unit_id] *= OTHER_PLACE_FACTOR

        ranked = sorted(fused, key=fused.get, reverse=True)[:k]
        hits = [Hit(index.units[i], fused[i], dense_scores.get(i, 0.0), reasons.get(i, [])) for i in ranked]
        top_dense = max(dense_scores.values(), default=0.0)
        return SearchResult(query, hits, refs, _coverage(query, ranked[:3], index), top_dense, dense is None)

    def restored(self, question: str) -> str:
        """A question typed without diacritics written with the knowledge base's own words (text.Diacritics)."""
        index = self._current()
        return index.diacritics.restore(question) if index else question

    def units_of(self, doc_id: str) -> list[Unit]:
        """The units of one document, in its order."""
        index = self._current()
        return [index.units[i] for i in index.by_document.get(doc_id, ())] if index else []

    def lexical(self, text: str, n: int = 30) -> list[Unit]:
        """The units sharing most words with `text` by the lexical index alone (no vectors): cheap, for a second
        look beyond the hits ("the units that name this award with this kind of rule")."""
        index = self._current()
        if index is None or not index.ids:
            return []
        return [index.units[i] for i in index.lexical.top("plain", syllables_plain(self.expand(text)), n)]

    def _dense(self, index: _Index, query: str) -> dict[str, float] | None:
        """Unit id -> similarity from the vector store; None when it failed just now or failed within
        `dense_retry` seconds."""
        if time.monotonic() < self._dense_down_until:
            return None
        try:
            found = index.vectorstore.similarity_search_with_score(query, k=min(POOL, len(index.ids)))
        except Exception as exc:
            self._dense_down_until = time.monotonic() + self.dense_retry
            log.warning("vector search failed (%s); lexical search alone for %.0f s", type(exc).__name__,
                        self.dense_retry)
            return None
        return {document.id: 1.0 - distance for document, distance in found}


def _place_name(place: str) -> str:
    """ "tỉnh Bắc Ninh" -> "bac ninh", to find the place named in a question with or without diacritics."""
    return fold(place_name(place)).lower()


def _reference_boost(unit: Unit, refs: References) -> float:
    """A named document lifts its units; a named article of it comes first. An article named without a
    document lifts that article in every document."""
    in_document = unit.doc.id in refs.documents
    boost = DOCUMENT_BOOST if in_document else 0.0
    for ref in refs.articles:
        if unit.article != ref.article or (refs.documents and not in_document):
            continue
        boost += EXACT_ARTICLE_BOOST if in_document else ARTICLE_BOOST
        if ref.clause and unit.clause == ref.clause:
            boost += CLAUSE_BOOST
    return boost


def _coverage(query: str, top_ids: list[str], index: _Index) -> float:
    """The share of the question's topic words that the best units contain."""
    terms = content_terms(query)
    if not terms:
        return 0.0
    vocabulary: set[str] = set()
    for unit_id in top_ids:
        text = index.units[unit_id].embed_text
        vocabulary.update(syllables_plain(text), syllables(text, plain=False))
    return sum(1 for term in terms if term_found(term, vocabulary)) / len(terms)
