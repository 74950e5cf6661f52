"""The chromadb store with versioned collections.

Every refresh writes a new generation (a collection named `units-<stamp>`) and then switches a pointer
kept in the metadata of a small `thiduabot-meta` collection. Readers follow the pointer, so they never
see a half-built generation; a refresh that dies leaves the previous generation serving and an orphan
collection that the next refresh removes.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings

META_COLLECTION = "thiduabot-meta"
GENERATION_PREFIX = "units-"
BATCH = 256


@dataclass
class Generation:
    """What the pointer says about the serving generation."""

    name: str
    embedding_model: str
    built_at: float
    documents: dict[str, dict[str, Any]]
    previous: str = ""


def open_client(path: Path | None = None, url: str | None = None) -> chromadb.ClientAPI:
    """A PersistentClient under `path`, or an HttpClient when a server URL is configured."""
    settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        from urllib.parse import urlparse

        parsed = urlparse(url)
        return chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                                   ssl=parsed.scheme == "https", settings=settings)
    assert path is not None
    path.mkdir(parents=True, exist_ok=True)
    # chromadb creates its tables when a client first opens an empty folder, and two processes doing that at
    # once (two ingests on a new machine) collide; one at a time, and the second then finds them made.
    with open(path.parent / f".{path.name}.open-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            client = chromadb.PersistentClient(path=str(path), settings=settings)
            client.get_or_create_collection(META_COLLECTION, embedding_function=None)
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return client


class IndexStore:
    def __init__(self, client: chromadb.ClientAPI, lexical_root: Path | None = None) -> None:
        self.client = client
        # The lexical index of each generation is kept in a folder of that generation's name here.
        self.lexical_root = lexical_root

    def _meta(self) -> chromadb.Collection:
        return self.client.get_or_create_collection(META_COLLECTION, embedding_function=None)

    def generation(self) -> Generation | None:
        meta = self._meta().metadata or {}
        name = meta.get("current")
        if not name:
            return None
        return Generation(name=name, embedding_model=meta.get("embedding_model", ""),
                          built_at=float(meta.get("built_at", 0)),
                          documents=json.loads(meta.get("documents", "{}")), previous=meta.get("previous", ""))

    def collection(self, name: str) -> chromadb.Collection:
        return self.client.get_collection(name, embedding_function=None)

    def current(self) -> chromadb.Collection | None:
        generation = self.generation()
        return self.collection(generation.name) if generation else None

    def new_generation(self) -> chromadb.Collection:
        name = f"{GENERATION_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        return self.client.create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})

    def switch(self, name: str, embedding_model: str, documents: dict[str, dict[str, Any]]) -> None:
        """Point readers at a complete generation. The one it replaces stays until the next refresh, so a
        reader that has not yet re-read the pointer (a few seconds at most) can finish its query."""
        previous = self.generation()
        previous_name = previous.name if previous else ""
        self._meta().modify(metadata={
            "current": name,
            "previous": previous_name,
            "embedding_model": embedding_model,
            "built_at": time.time(),
            "documents": json.dumps(documents, ensure_ascii=False),
        })
        self.drop_stale(keep={name, previous_name})

    def drop_stale(self, keep: set[str]) -> int:
        """Remove generations that are not kept (replaced ones, or one left by a refresh that died)."""
        dropped = 0
        for collection in self.client.list_collections():
            name = collection if isinstance(collection, str) else collection.name
            if name.startswith(GENERATION_PREFIX) and name not in keep:
                self.client.delete_collection(name)
                dropped += 1
        if self.lexical_root is not None and self.lexical_root.is_dir():
            for folder in self.lexical_root.iterdir():
                if folder.is_dir() and folder.name.startswith((GENERATION_PREFIX, f".{GENERATION_PREFIX}")) \
                        and folder.name not in keep:
                    shutil.rmtree(folder, ignore_errors=True)
        return dropped

    def records(self, collection: chromadb.Collection, embeddings: bool = False) -> dict[str, dict[str, Any]]:
        """All records of a generation by id: text, metadata and (optionally) the vector."""
        include = ["documents", "metadatas", *(["embeddings"] if embeddings else [])]
        out: dict[str, dict[str, Any]] = {}
        total = collection.count()
        for offset in range(0, total, BATCH):
            page = collection.get(include=include, limit=BATCH, offset=offset)
            for index, unit_id in enumerate(page["ids"]):
                out[unit_id] = {
                    "text": page["documents"][index],
                    "metadata": page["metadatas"][index],
                    "embedding": page["embeddings"][index] if embeddings else None,
                }
        return out


def add_records(collection: chromadb.Collection, ids: list[str], texts: list[str], metadatas: list[dict],
                embeddings: list[list[float]]) -> None:
    for start in range(0, len(ids), BATCH):
        end = start + BATCH
        collection.add(ids=ids[start:end], documents=texts[start:end], metadatas=metadatas[start:end],
                       embeddings=[list(map(float, vector)) for vector in embeddings[start:end]])
