"""What kind of question a sentence asks: the lexicon's evidence first, backed by the nearest labelled examples.

The lexicon (knowledge/lexicon/kinds.yaml) scores each kind by the phrases found for it. The examples
(knowledge/lexicon/examples.yaml: many wordings per kind) are embedded once with the index's own model; the
sentence's nearest examples vote, weighted by closeness. The two add up: lexicon evidence decides where it
points one way, the examples break ties and decide where the words are unknown. The guess says how sure it
is, so the answer can say what was understood instead of a confident wrong first line.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from bot.lexicon import Lexicon
from ingest.vietnamese import clean, nfc

log = logging.getLogger(__name__)

NEIGHBOURS = 9
# Below this margin between the best kind and the next, the guess is unsure.
SURE_MARGIN = 0.35
# With no word of the lexicon, the examples alone decide only with this share of the nearest ones' closeness.
EXAMPLES_ALONE = 0.6
QUESTION_WORDS = "question_words"  # the taxonomy of question words (knowledge/lexicon)
CLAUSE_END = re.compile(r"[,;.?!()\n]")  # where a clause told in a sentence ends


class Kind(StrEnum):
    """What a question asks. Those answered by an award's ruling article are in `Kind.ruled()`."""

    CRITERIA = "criteria"
    COUNT = "count"
    AMOUNT = "amount"
    AUTHORITY = "authority"
    DOSSIER = "dossier"
    DEADLINE = "deadline"
    STATUS = "status"
    COMPARE = "compare"
    LIST = "list"
    DEFINITION = "definition"
    ELIGIBILITY = "eligibility"
    CONTENT = "content"
    GREETING = "greeting"
    HELP = "help"
    OUT_OF_SCOPE = "out_of_scope"


# Kinds the examples may vote for but that a question sentence is never classified as here (greetings, help and
# off-topic questions are told apart before, by their own signals); a vote for them counts as "content".
NOT_A_QUESTION_KIND = (Kind.GREETING, Kind.HELP, Kind.OUT_OF_SCOPE)


@dataclass
class KindGuess:
    kind: Kind
    sure: bool
    scores: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, float] = field(default_factory=dict)  # the lexicon's part
    neighbours: dict[str, float] = field(default_factory=dict)  # the examples' part

    @property
    def runner_up(self) -> str:
        ranked = sorted(self.scores, key=self.scores.get, reverse=True)
        return ranked[1] if len(ranked) > 1 else ""


class Examples:
    """Labelled example questions and their vectors, embedded with the index's model on first use and kept
    under DATA_DIR (keyed by the model and the examples' content), so a restart does not embed them again."""

    def __init__(self, labelled: list[tuple[str, str]], embeddings=None, cache_dir: Path | None = None,
                 mask: Callable[[str], str] | None = None) -> None:
        """`mask` rewrites a question before it is embedded, the examples alike (award names to a placeholder, so
        what is asked counts rather than what it is asked about)."""
        self.kinds = [kind for kind, _ in labelled]
        self.mask = mask or (lambda text: text)
        self.texts = [text for _, text in labelled]
        self.embeddings = embeddings
        self.cache_dir = cache_dir
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path, embeddings=None, cache_dir: Path | None = None,
             mask: Callable[[str], str] | None = None) -> Examples:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
        labelled = [(str(kind), nfc(str(text))) for kind, texts in ((raw or {}).get("kinds") or {}).items()
                    if kind in Kind.__members__.values() for text in texts or []]
        return cls(labelled, embeddings, cache_dir, mask)

    def vectors(self) -> np.ndarray | None:
        if self.embeddings is None or not self.texts:
            return None
        with self._lock:
            if self._vectors is None:
                self._vectors = self._load_or_embed()
        return self._vectors

    def _load_or_embed(self) -> np.ndarray:
        model = getattr(self.embeddings, "name", type(self.embeddings).__name__)
        texts = [self.mask(text) for text in self.texts]
        digest = hashlib.sha256(json.dumps([model, self.kinds, texts], ensure_ascii=False).encode()).hexdigest()
        path = self.cache_dir / f"examples-{digest[:16]}.npy" if self.cache_dir else None
        if path is not None and path.is_file():
            try:
                vectors = np.load(path)
                if vectors.shape[0] == len(self.texts):
                    return vectors
            except (OSError, ValueError):
                log.warning("example vectors at %s unreadable; embedding again", path)
        vectors = _unit_rows(np.asarray(self.embeddings.embed_queries(texts), dtype=np.float32))
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(".part.npy")
                np.save(partial, vectors)
                partial.replace(path)
            except OSError as exc:  # a read-only data folder costs a slower start, never an answer
                log.warning("could not keep example vectors: %s", exc)
        return vectors

    @lru_cache(maxsize=512)  # noqa: B019 - one Examples per engine: a message and its sentence are often one text
    def _query_vector(self, text: str) -> np.ndarray:
        return _unit_rows(np.asarray([self.embeddings.embed_query(text)], dtype=np.float32))[0]

    def vote(self, text: str, small_talk: bool = False, masked: str | None = None) -> dict[str, float]:
        """The share of closeness each kind has among the sentence's nearest examples; greetings, help and
        off-topic examples vote as "content" unless `small_talk`. `masked`: the text already masked."""
        vectors = self.vectors()
        if vectors is None:
            return {}
        query = self._query_vector(self.mask(text) if masked is None else masked)
        similarity = vectors @ query
        nearest = np.argsort(-similarity)[:NEIGHBOURS]
        votes: dict[str, float] = {}
        for index in nearest:
            kind = self.kinds[index]
            kind = Kind.CONTENT.value if kind in NOT_A_QUESTION_KIND and not small_talk else kind
            votes[kind] = votes.get(kind, 0.0) + max(float(similarity[index]), 0.0)
        total = sum(votes.values()) or 1.0
        return {kind: share / total for kind, share in votes.items()}


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


class KindClassifier:
    def __init__(self, lexicon: Lexicon, examples: Examples | None = None) -> None:
        self.lexicon = lexicon
        self.examples = examples

    def small_talk(self, message: str, masked: str | None = None) -> Kind | None:
        """GREETING or HELP when a message asks nothing of the domain in the lexicon's words and its nearest
        examples are mostly greetings ("chúc bạn một ngày tốt lành") or questions about the assistant."""
        if self.examples is None or self.lexicon.evidence(message, "kinds"):
            return None
        votes = self.examples.vote(message, small_talk=True, masked=masked)
        best = max(votes, key=votes.get, default="")
        if best in (Kind.GREETING, Kind.HELP) and votes[best] >= EXAMPLES_ALONE:
            return Kind(best)
        return None

    def time_frames(self, sentence: str) -> list[tuple[int, int]]:
        """The spans of `clean(sentence)` that tell a time ("Hồi NĐ 98/2023 còn hiệu lực, …", "(lúc còn NĐ 98)"):
        from a time-frame word (knowledge/lexicon/question_words.yaml) to the end of its clause ("… thì"). In them,
        words of a document's force tell when; they do not ask whether it is in force."""
        cleaned = clean(sentence)
        found = self.lexicon.find(cleaned, QUESTION_WORDS, ("time-frame", "time-frame-end", "time-asked", "time-now"))
        frames = []
        for opening in (f for f in found if f.label == "time-frame"):
            stop = CLAUSE_END.search(cleaned, opening.end)
            end = min([stop.start() if stop else len(cleaned),
                       *(f.start for f in found if f.label == "time-frame-end" and f.start > opening.end)])
            # a frame is told before what is asked: one running to the question's end is the question ("…, lúc đó
            # NĐ 98 còn hiệu lực không?")
            if re.search(r"\w", cleaned[end:]) and cleaned[end:end + 1] != "?":
                frames.append((opening.start, end))
        return frames

    def classify(self, sentence: str, masked: str | None = None) -> KindGuess:
        """The kind of a sentence: the lexicon's evidence, backed by the nearest examples. `masked`: the sentence
        with its award names masked, when the caller has read them already (a message is read once)."""
        frames = self.time_frames(sentence)
        evidence = self.lexicon.evidence(sentence, "kinds", lambda found: found.label == Kind.STATUS and any(
            start <= found.start < end for start, end in frames))
        top = max(evidence.values(), default=0.0)
        neighbours = self.examples.vote(sentence, masked=masked) if self.examples is not None else {}
        scores: dict[str, float] = {}
        for kind, value in evidence.items():
            scores[kind] = value / top
        for kind, share in neighbours.items():
            scores[kind] = scores.get(kind, 0.0) + share
        if not scores:
            return KindGuess(Kind.CONTENT, False, {}, evidence, neighbours)
        ranked = sorted(scores, key=scores.get, reverse=True)
        best = ranked[0]
        margin = scores[best] - (scores[ranked[1]] if len(ranked) > 1 else 0.0)
        if not evidence and scores[best] < EXAMPLES_ALONE:
            # no word of the lexicon and no clear majority of examples: a question of the domain, kind untold
            return KindGuess(Kind.CONTENT, False, scores, evidence, neighbours)
        return KindGuess(Kind(best), margin >= SURE_MARGIN, scores, evidence, neighbours)
