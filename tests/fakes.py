"""Fakes registered at the seams the real parts use."""

from __future__ import annotations

import hashlib
import math
import re
import time

from ingest.embeddings import TextEmbeddings


class HashEmbeddings(TextEmbeddings):
    """A deterministic bag-of-words embedder that counts what it is asked to embed."""

    name = "hash-64"
    max_tokens = 512

    def __init__(self, fail_after: int | None = None, delay: float = 0.0) -> None:
        self.embedded: list[str] = []
        self.fail_after = fail_after
        self.delay = delay

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * 64
        for word in re.findall(r"\w+", text.lower()):
            vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = []
        for text in texts:
            if self.fail_after is not None and len(self.embedded) >= self.fail_after:
                raise RuntimeError("embedding backend died")
            time.sleep(self.delay)
            self.embedded.append(text)
            vectors.append(self._vector(text))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
