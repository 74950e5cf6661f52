"""The lexical index: Okapi BM25 on bm25s's sparse matrices, over two token streams of every unit.

- `words`: pyvi-segmented words ("chiến_sĩ", "thi_đua"), searched when the question has diacritics;
- `plain`: syllables without diacritics and adjacent pairs ("thi", "dua", "thi_dua"), always searched.

A question is scored by bm25s, which sums the precomputed weights of its terms' posting lists, so the work
per question grows with the units that share a term, not with the whole index. The index is written at
refresh into the generation's folder (DATA_DIR/generations/<generation>/lexical) with the token streams,
so a worker loads it instead of segmenting every unit again and the next refresh segments only new or
changed units. A missing or damaged index is rebuilt from the units, never fatal.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np
from scipy import sparse

from bot.engine.text import segment, syllables_plain

log = logging.getLogger(__name__)

FIELDS: dict[str, Callable[[str], Iterable[str]]] = {"words": segment, "plain": syllables_plain}
# Okapi BM25 as rank_bm25 scored it before: k1, b, and terms found in more than half of the units weighted
# EPSILON x the mean idf instead of a negative idf. Rankings stay what they were.
K1, B, EPSILON = 1.5, 0.75, 0.25
FORMAT = 3
POOL = 30


@dataclass
class TokenStreams:
    """Every unit's tokens for one field, as ids into a vocabulary (compact to keep and to reload)."""

    vocabulary: list[str]
    offsets: np.ndarray  # int64, one more than the units
    tokens: np.ndarray  # int32 ids into `vocabulary`

    def row(self, index: int) -> np.ndarray:
        return self.tokens[self.offsets[index]:self.offsets[index + 1]]


def _streams(rows: list[np.ndarray], vocabulary: list[str]) -> TokenStreams:
    """Join rows of token ids and drop words no row uses any more (left by removed or changed units)."""
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(row) for row in rows])
    tokens = np.concatenate(rows).astype(np.int32) if rows else np.zeros(0, dtype=np.int32)
    used = np.bincount(tokens, minlength=len(vocabulary)) > 0 if len(vocabulary) else np.zeros(0, bool)
    if not used.all():
        renumber = np.cumsum(used) - 1
        tokens = renumber[tokens].astype(np.int32)
        vocabulary = [word for word, keep in zip(vocabulary, used.tolist(), strict=True) if keep]
    return TokenStreams(vocabulary, offsets, tokens)


def _okapi(streams: TokenStreams) -> bm25s.BM25:
    """A bm25s model whose matrix holds each (unit, term) Okapi weight, computed in a few array operations."""
    n_docs, n_terms = len(streams.offsets) - 1, len(streams.vocabulary)
    lengths = np.diff(streams.offsets).astype(np.float64)
    rows = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(streams.offsets))
    counts = sparse.csr_matrix((np.ones(len(streams.tokens), dtype=np.float64), (rows, streams.tokens)),
                               shape=(n_docs, n_terms))
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=n_terms).astype(np.float64)
    idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
    idf = np.where(idf < 0, EPSILON * idf.mean() if n_terms else 0.0, idf)
    coo = counts.tocoo()
    tf = coo.data
    weights = idf[coo.col] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[coo.row] / max(lengths.mean(), 1e-9)))
    matrix = sparse.csc_matrix((weights.astype(np.float32), (coo.row, coo.col)), shape=(n_docs, n_terms))
    model = bm25s.BM25(k1=K1, b=B, method="atire")
    model.scores = {"data": matrix.data, "indices": matrix.indices.astype(np.int32),
                    "indptr": matrix.indptr.astype(np.int32), "num_docs": n_docs}
    model.vocab_dict = {word: i for i, word in enumerate(streams.vocabulary)}
    model.unique_token_ids_set = set(model.vocab_dict.values())
    model.nonoccurrence_array = None
    return model


class LexicalIndex:
    """BM25 per field over the same rows; `ids[row]` is the unit at that row."""

    def __init__(self, ids: list[str], hashes: list[str], streams: dict[str, TokenStreams],
                 models: dict[str, bm25s.BM25] | None = None) -> None:
        self.ids = ids
        self.hashes = hashes
        self.streams = streams
        # bm25s cannot index nothing; an empty generation has no models and finds nothing.
        self.models = models or ({field: _okapi(streams[field]) for field in FIELDS} if ids else {})
        self._matrices: dict[str, sparse.csc_matrix] = {}

    @classmethod
    def build(cls, units: Iterable[tuple[str, str, str]], previous: LexicalIndex | None = None) -> LexicalIndex:
        """Index `(unit_id, content_hash, text)` rows; a unit whose hash `previous` already holds keeps its
        tokens from there instead of being segmented again (pyvi is the slow part)."""
        ids, hashes = [], []
        rows: dict[str, list[np.ndarray]] = {field: [] for field in FIELDS}
        words = {field: list(previous.streams[field].vocabulary) if previous else [] for field in FIELDS}
        lookup = {field: {word: i for i, word in enumerate(words[field])} for field in FIELDS}
        known = {unit_id: row for row, unit_id in enumerate(previous.ids)} if previous else {}
        reused = 0
        for unit_id, content_hash, text in units:
            ids.append(unit_id)
            hashes.append(content_hash)
            row = known.get(unit_id)
            if row is not None and content_hash and previous.hashes[row] == content_hash:
                reused += 1
                for field in FIELDS:
                    rows[field].append(previous.streams[field].row(row))
                continue
            for field, tokenize in FIELDS.items():
                index, vocabulary = lookup[field], words[field]
                token_ids = []
                for token in tokenize(text):
                    if token not in index:
                        index[token] = len(vocabulary)
                        vocabulary.append(token)
                    token_ids.append(index[token])
                rows[field].append(np.asarray(token_ids, dtype=np.int32))
        log.info("lexical index: %d units, %d tokenised, %d reused", len(ids), len(ids) - reused, reused)
        return cls(ids, hashes, {field: _streams(rows[field], words[field]) for field in FIELDS})

    def _matrix(self, field: str) -> sparse.csc_matrix:
        if field not in self._matrices:
            scores = self.models[field].scores
            self._matrices[field] = sparse.csc_matrix((scores["data"], scores["indices"], scores["indptr"]),
                                                      shape=(scores["num_docs"], len(scores["indptr"]) - 1))
        return self._matrices[field]

    def top(self, field: str, tokens: Iterable[str], n: int = POOL) -> list[str]:
        """The ids of the `n` best-scoring units for `tokens` in `field`, best first; units sharing no term
        with the query are left out."""
        if not self.ids:
            return []
        token_ids = self.models[field].get_tokens_ids(list(tokens))
        if not token_ids:
            return []
        # The columns of the question's terms times how often each is asked: what bm25s's scorer sums, done
        # as one sparse product (its numpy scorer adds posting lists one by one, slow for long questions).
        terms, counts = np.unique(np.asarray(token_ids), return_counts=True)
        scores = np.asarray(self._matrix(field)[:, terms] @ counts.astype(np.float32)).ravel()
        n = min(n, len(scores))
        candidates = np.argpartition(-scores, n - 1)[:n]
        # Ties are broken by row, as a stable sort over all rows would.
        order = candidates[np.lexsort((candidates, -scores[candidates]))]
        return [self.ids[row] for row in order.tolist() if scores[row] > 0]

    def save(self, directory: Path) -> None:
        """Write the index to `directory` whole or not at all (a temporary folder renamed into place)."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
        try:
            for field in FIELDS:
                streams = self.streams[field]
                np.save(staging / f"{field}.offsets.npy", streams.offsets)
                np.save(staging / f"{field}.tokens.npy", streams.tokens)
                (staging / f"{field}.vocabulary.json").write_text(json.dumps(streams.vocabulary, ensure_ascii=False),
                                                                   encoding="utf-8")
                if self.ids:
                    self.models[field].save(str(staging / f"{field}.bm25"), show_progress=False)
            (staging / "units.json").write_text(json.dumps({"format": FORMAT, "ids": self.ids, "hashes": self.hashes}),
                                                encoding="utf-8")
            if directory.exists():
                shutil.rmtree(directory)
            os.replace(staging, directory)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex | None:
        """The index saved in `directory`, or None when it is missing or unreadable."""
        try:
            meta = json.loads((directory / "units.json").read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT or not meta["ids"]:
                return None
            streams, models = {}, {}
            for field in FIELDS:
                vocabulary = json.loads((directory / f"{field}.vocabulary.json").read_text(encoding="utf-8"))
                streams[field] = TokenStreams(vocabulary, np.load(directory / f"{field}.offsets.npy"),
                                              np.load(directory / f"{field}.tokens.npy"))
                models[field] = bm25s.BM25.load(str(directory / f"{field}.bm25"), show_progress=False, verbosity=0)
                if not models[field].scores["num_docs"] == len(meta["ids"]) == len(streams[field].offsets) - 1:
                    return None
            return cls(meta["ids"], meta["hashes"], streams, models)
        except Exception as exc:  # a damaged index is rebuilt, never fatal
            if directory.exists():
                log.warning("lexical index at %s unreadable (%s); it will be rebuilt", directory, exc)
            return None


def load_or_build(directory: Path | None, units: dict[str, tuple[str, str]],
                  previous: LexicalIndex | None = None) -> LexicalIndex:
    """The index saved in `directory` when it matches `units` (id -> (content hash, text)); otherwise one
    built from them, reusing the tokens a saved index or the worker's `previous` one still holds (a worker
    on another machine than the refresh segments only what changed), and saved for the next worker."""
    saved = LexicalIndex.load(directory) if directory else None
    if saved is not None and len(saved.ids) == len(units) and all(
            units.get(unit_id, ("",))[0] == content_hash
            for unit_id, content_hash in zip(saved.ids, saved.hashes, strict=True)):
        return saved
    started = time.perf_counter()
    index = LexicalIndex.build(((unit_id, h, text) for unit_id, (h, text) in units.items()),
                               previous=saved or previous)
    log.info("lexical index built in %.1f s", time.perf_counter() - started)
    if directory:
        try:
            index.save(directory)
        except OSError as exc:  # a read-only data folder still serves, it only rebuilds next time
            log.warning("cannot save the lexical index to %s: %s", directory, exc)
    return index


def lexical_dir(store, generation: str) -> Path | None:
    folder = store.generation_dir(generation)
    return folder / "lexical" if folder is not None else None


def save_for_generation(store, generation: str, previous: str, units: Iterable) -> None:
    """Build and save a new generation's index at refresh, segmenting only units the previous one lacks."""
    started = time.perf_counter()
    before = LexicalIndex.load(lexical_dir(store, previous)) if previous else None
    index = LexicalIndex.build(((unit.unit_id, unit.content_hash, unit.embed_text) for unit in units), previous=before)
    target = lexical_dir(store, generation)
    try:
        index.save(target)
    except OSError as exc:  # readers rebuild a missing index; the refresh itself has succeeded
        log.warning("cannot save the lexical index to %s: %s", target, exc)
        return
    log.info("lexical index for %s saved in %.1f s", generation, time.perf_counter() - started)
