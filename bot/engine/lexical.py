"""The lexical index: BM25 (bm25s, scipy sparse matrices) over two token streams of every unit.

- `words`: pyvi-segmented words ("chiến_sĩ", "thi_đua"), searched when the question has diacritics;
- `plain`: syllables without diacritics and adjacent pairs ("thi", "dua", "thi_dua"), always searched.

A question is scored by summing the precomputed BM25 weights of its terms' posting lists, so the work per
question grows with the number of units that share a term, not with the whole index. The index is written
at refresh beside the generation it describes (DATA_DIR/lexical/<generation>/) with the token streams, so
a worker loads it instead of segmenting every unit again, and the next refresh segments only new or changed
units. A missing or damaged index is rebuilt from the units, never fatal.
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

from bot.engine.text import segment, syllables_plain

log = logging.getLogger(__name__)

FIELDS: dict[str, Callable[[str], Iterable[str]]] = {"words": segment, "plain": syllables_plain}
# Okapi BM25 as rank_bm25 scored it before (k1, b, and a floor of EPSILON x the mean idf for terms in more
# than half of the units), so rankings stay what they were; bm25s has no such idf, see `_okapi_idf`.
K1, B, EPSILON = 1.5, 0.75, 0.25
FORMAT = 1
POOL = 30


@dataclass
class TokenStreams:
    """Every unit's tokens for one field, as ids into a vocabulary (compact to keep and to reload)."""

    vocabulary: list[str]
    offsets: np.ndarray  # len(ids) + 1
    tokens: np.ndarray  # int32 ids into `vocabulary`

    @classmethod
    def from_lists(cls, streams: list[list[str]]) -> TokenStreams:
        vocabulary: dict[str, int] = {}
        flat = [vocabulary.setdefault(token, len(vocabulary)) for stream in streams for token in stream]
        offsets = np.zeros(len(streams) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(stream) for stream in streams])
        return cls(list(vocabulary), offsets, np.asarray(flat, dtype=np.int32))

    def stream(self, row: int) -> list[str]:
        vocabulary = self.vocabulary
        return [vocabulary[t] for t in self.tokens[self.offsets[row]:self.offsets[row + 1]].tolist()]


class LexicalIndex:
    """BM25 per field over the same rows; `ids[row]` is the unit at that row."""

    def __init__(self, ids: list[str], hashes: list[str], streams: dict[str, TokenStreams],
                 models: dict[str, bm25s.BM25] | None = None) -> None:
        self.ids = ids
        self.hashes = hashes
        self.streams = streams
        # bm25s cannot index nothing; an empty generation has no models and finds nothing.
        self.models = models or ({field: _bm25(streams[field]) for field in FIELDS} if ids else {})

    @classmethod
    def build(cls, units: Iterable[tuple[str, str, str]], previous: LexicalIndex | None = None) -> LexicalIndex:
        """Index `(unit_id, content_hash, text)` rows; a unit whose hash `previous` already holds keeps its
        tokens from there instead of being segmented again (pyvi is the slow part)."""
        ids, hashes, lists = [], [], {field: [] for field in FIELDS}
        known = previous.rows() if previous else {}
        reused = 0
        for unit_id, content_hash, text in units:
            ids.append(unit_id)
            hashes.append(content_hash)
            row = known.get(unit_id)
            if row is not None and content_hash and previous.hashes[row] == content_hash:
                reused += 1
                for field in FIELDS:
                    lists[field].append(previous.streams[field].stream(row))
            else:
                for field, tokenize in FIELDS.items():
                    lists[field].append(list(tokenize(text)))
        log.info("lexical index: %d units, %d tokenised, %d reused", len(ids), len(ids) - reused, reused)
        return cls(ids, hashes, {field: TokenStreams.from_lists(lists[field]) for field in FIELDS})

    def rows(self) -> dict[str, int]:
        return {unit_id: row for row, unit_id in enumerate(self.ids)}

    def top(self, field: str, tokens: Iterable[str], n: int = POOL) -> list[str]:
        """The ids of the `n` best-scoring units for `tokens` in `field`, best first; units sharing no term
        with the query are left out."""
        if not self.ids:
            return []
        model = self.models[field]
        token_ids = model.get_tokens_ids(list(tokens))
        if not token_ids:
            return []
        scores = model.get_scores_from_ids(token_ids)
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
            if meta.get("format") != FORMAT:
                return None
            if not meta["ids"]:
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


def _bm25(streams: TokenStreams) -> bm25s.BM25:
    # ATIRE's term-frequency part is Okapi's; the idf is swapped for Okapi's below.
    model = bm25s.BM25(k1=K1, b=B, method="atire", idf_method="lucene")
    rows = [streams.tokens[streams.offsets[r]:streams.offsets[r + 1]].tolist() for r in range(len(streams.offsets) - 1)]
    model.index((rows, {token: i for i, token in enumerate(streams.vocabulary)}), show_progress=False)
    _okapi_idf(model)
    return model


def _okapi_idf(model: bm25s.BM25) -> None:
    """Rescale each term's column of precomputed weights from Lucene's idf (never zero) to Okapi's."""
    scores = model.scores
    df = np.diff(scores["indptr"]).astype(np.float64)  # a column holds one weight per unit containing the term
    present = df > 0
    n = float(scores["num_docs"])
    okapi = np.log(n - df + 0.5) - np.log(df + 0.5)
    floor = EPSILON * okapi[present].mean() if present.any() else 0.0
    okapi = np.where(okapi < 0, floor, okapi)
    lucene = np.log(1 + (n - df + 0.5) / (df + 0.5))
    ratio = np.where(present, okapi / lucene, 0.0)
    scores["data"] = (scores["data"] * np.repeat(ratio, df.astype(np.int64))).astype(scores["data"].dtype)


def load_or_build(root: Path | None, generation: str, units: dict[str, tuple[str, str]]) -> LexicalIndex:
    """The generation's saved index when it matches `units` (id -> (content hash, text)); otherwise one built
    from them (reusing what a saved index still holds) and saved for the next worker."""
    saved = LexicalIndex.load(root / generation) if root else None
    if saved is not None and len(saved.ids) == len(units) and all(
            units.get(unit_id, ("",))[0] == content_hash for unit_id, content_hash in zip(saved.ids, saved.hashes,
                                                                                          strict=True)):
        return saved
    started = time.perf_counter()
    index = LexicalIndex.build(((unit_id, h, text) for unit_id, (h, text) in units.items()), previous=saved)
    log.info("lexical index for %s built in %.1f s", generation, time.perf_counter() - started)
    if root:
        try:
            index.save(root / generation)
        except OSError as exc:  # a read-only data folder still serves, it only rebuilds next time
            log.warning("cannot save the lexical index to %s: %s", root / generation, exc)
    return index


def save_for_generation(root: Path, generation: str, previous: str, units: Iterable) -> None:
    """Build and save a new generation's index at refresh, segmenting only units the previous one lacks."""
    started = time.perf_counter()
    index = LexicalIndex.build(((unit.unit_id, unit.content_hash, unit.embed_text) for unit in units),
                               previous=LexicalIndex.load(root / previous) if previous else None)
    try:
        index.save(root / generation)
    except OSError as exc:  # readers rebuild a missing index; the refresh itself has succeeded
        log.warning("cannot save the lexical index to %s: %s", root / generation, exc)
        return
    log.info("lexical index for %s saved in %.1f s", generation, time.perf_counter() - started)
