"""The chromadb store with versioned generations.

Every refresh writes a new generation and then switches a pointer kept in the metadata of a small
`thiduabot-meta` collection. Readers follow the pointer, so they never see a half-built generation; a
refresh that dies leaves the previous generation serving and an orphan that the next refresh removes.

A generation is a collection `units-<stamp>` whose metadata names a base collection (`base-<stamp>`, written
whole by a full build) and lists the base's units it hides (removed or rewritten). The generation's own
records are what changed since the base. So a refresh that changes one document writes that document's
units and a short list, not a copy of every unit; when the changes grow past a share of the base, the next
refresh writes a new base. Readers search the base and the changes and drop the hidden units.

With a local folder, each generation also keeps there a snapshot of its records (texts and metadata) and
its lexical index, so a worker starting up or the next refresh reads files instead of paging the store.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings

META_COLLECTION = "thiduabot-meta"
GENERATION_PREFIX = "units-"
BASE_PREFIX = "base-"
# Records per call to the store: large pages read fast; writes stay under chromadb's batch limit.
READ_PAGE = 5000
BATCH = 2048
# Changes since the base (units written plus units hidden) beyond which a refresh writes a new base.
DELTA_MIN, DELTA_SHARE = 2000, 0.1
SNAPSHOT = "records.json"


@dataclass
class Generation:
    """What the pointer says about the serving generation."""

    name: str
    embedding_model: str
    built_at: float
    documents: dict[str, dict[str, Any]]
    previous: str = ""
    probe: list[float] | None = None  # the model's vector of PROBE_TEXT (ingest/embeddings.py)


@dataclass
class Build:
    """A generation being written: fresh vectors go to `destination` (the generation itself for a small change,
    a new base otherwise) as they are embedded; `copy` are the units whose vectors come from `sources`."""

    target: chromadb.Collection
    destination: chromadb.Collection
    units: dict[str, tuple[str, dict]]
    copy: list[str]
    sources: list[chromadb.Collection]
    metadata: dict[str, str]
    resumed: list[tuple[chromadb.Collection, list[str]]] = field(default_factory=list)


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
    def __init__(self, client: chromadb.ClientAPI, local_dir: Path | None = None) -> None:
        self.client = client
        # Per generation, a folder of that name with the records snapshot and the lexical index.
        self.local_dir = local_dir

    def _meta(self) -> chromadb.Collection:
        return self.client.get_or_create_collection(META_COLLECTION, embedding_function=None)

    def generation(self) -> Generation | None:
        meta = self._meta().metadata or {}
        name = meta.get("current")
        if not name:
            return None
        return Generation(name=name, embedding_model=meta.get("embedding_model", ""),
                          built_at=float(meta.get("built_at", 0)),
                          documents=json.loads(meta.get("documents", "{}")), previous=meta.get("previous", ""),
                          probe=json.loads(meta["probe"]) if meta.get("probe") else None)

    def collection(self, name: str) -> chromadb.Collection:
        return self.client.get_collection(name, embedding_function=None)

    def current(self) -> chromadb.Collection | None:
        generation = self.generation()
        return self.collection(generation.name) if generation else None

    def base_of(self, collection: chromadb.Collection) -> tuple[chromadb.Collection | None, set[str]]:
        """The base a generation builds on and the base's units it hides (none for a self-contained one)."""
        meta = collection.metadata or {}
        if not meta.get("base"):
            return None, set()
        return self.collection(meta["base"]), set(json.loads(meta.get("tombstones", "[]")))

    def generation_dir(self, name: str) -> Path | None:
        return self.local_dir / name if self.local_dir is not None else None

    def switch(self, name: str, embedding_model: str, documents: dict[str, dict[str, Any]],
               probe: list[float] | None = None) -> None:
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
            **({"probe": json.dumps([round(float(x), 7) for x in probe])} if probe is not None else {}),
        })
        self.drop_stale(keep={name, previous_name})

    def drop_stale(self, keep: set[str]) -> int:
        """Remove generations that are not kept (replaced ones, or one left by a refresh that died), the bases
        no kept generation builds on, and their local folders."""
        names = self._names()
        dropped = 0
        bases: set[str] = set()
        for name in names:
            if not name.startswith(GENERATION_PREFIX):
                continue
            if name in keep:
                bases.add((self.collection(name).metadata or {}).get("base", ""))
            else:
                self.client.delete_collection(name)
                dropped += 1
        for name in names:
            if name.startswith(BASE_PREFIX) and name not in bases:
                self.client.delete_collection(name)
        if self.local_dir is not None and self.local_dir.is_dir():
            for folder in self.local_dir.iterdir():
                if folder.is_dir() and folder.name.lstrip(".").startswith(GENERATION_PREFIX) \
                        and folder.name not in keep:
                    shutil.rmtree(folder, ignore_errors=True)
        return dropped

    def records(self, collection: chromadb.Collection, embeddings: bool = False) -> dict[str, dict[str, Any]]:
        """All records a generation serves by id: text, metadata and (optionally) the vector."""
        if not embeddings and (snapshot := self._snapshot(collection.name)) is not None:
            return snapshot
        base, hidden = self.base_of(collection)
        out = {}
        if base is not None:
            out = {i: record for i, record in _read(base, embeddings).items() if i not in hidden}
        out.update(_read(collection, embeddings))
        return out

    def _snapshot(self, name: str) -> dict[str, dict[str, Any]] | None:
        folder = self.generation_dir(name)
        if folder is None:
            return None
        try:
            return json.loads((folder / SNAPSHOT).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing or damaged: the store has the same records
            return None

    def new_generation(self) -> chromadb.Collection:
        name = f"{GENERATION_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        return self.client.create_collection(name, embedding_function=None, metadata={"hnsw:space": "cosine"})

    def begin_generation(self, units: dict[str, tuple[str, dict]], fresh: set[str], old: dict[str, dict[str, Any]],
                         reuse_vectors: bool, embedding_model: str) -> Build:
        """A new generation that will serve `units` (id -> text, metadata). The vectors of `fresh` (new or
        changed units) are written by the caller as they are embedded (`add_vectors`); `finish_generation`
        copies the others' from the serving generation, whose records are `old`. The generation names its model
        and where its vectors go, so a refresh after a crash can take the vectors already written."""
        target = self.new_generation()
        current = self.current() if reuse_vectors else None
        base, hidden = self.base_of(current) if current is not None else (None, set())
        sources = [c for c in (current, base) if c is not None]
        rewritten = {i for i, (text, metadata) in units.items()
                     if i in fresh or i not in old or old[i]["text"] != text or old[i]["metadata"] != metadata}
        if base is not None:
            changes = _ids(current)
            base_ids = (set(old) - changes) | hidden
            own = {i for i in changes if i in units} | rewritten
            hide = hidden | {i for i in base_ids if i not in units or i in rewritten}
            if len(own) + len(hide) <= max(DELTA_MIN, DELTA_SHARE * len(base_ids)):
                return _begun(Build(target, target, units, sorted(own - fresh), sources,
                                    {"base": base.name, "tombstones": json.dumps(sorted(hide))}), embedding_model)
        stamp = target.name[len(GENERATION_PREFIX):]
        new_base = self.client.create_collection(f"{BASE_PREFIX}{stamp}", embedding_function=None,
                                                 metadata={"hnsw:space": "cosine"})
        return _begun(Build(target, new_base, units, [i for i in units if i not in fresh], sources,
                            {"base": new_base.name}), embedding_model)

    def add_vectors(self, build: Build, ids: list[str], vectors: list[list[float]]) -> None:
        _add(build.destination, ids, build.units, dict(zip(ids, vectors, strict=True)))

    def resume_from(self, build: Build, collection: chromadb.Collection, ids: list[str]) -> None:
        """Take the vectors of `ids` from a collection an unfinished build wrote (before the serving ones)."""
        build.resumed.append((collection, ids))

    def finish_generation(self, build: Build) -> None:
        """Copy the vectors not embedded by this build, a page at a time; then the generation is complete."""
        for collection, ids in build.resumed:
            _copy(build, ids, [collection])
        _copy(build, build.copy, build.sources)
        self._write_snapshot(build.target.name, build.units)

    def unfinished(self, embedding_model: str) -> tuple[chromadb.Collection, chromadb.Collection] | None:
        """The latest generation a refresh with this model wrote and never switched to (it died), with the
        collection its vectors went to."""
        generation = self.generation()
        serving = {generation.name, generation.previous} if generation else set()
        for name in sorted(self._names(), reverse=True):
            if not name.startswith(GENERATION_PREFIX) or name in serving:
                continue
            collection = self.collection(name)
            meta = collection.metadata or {}
            if meta.get("embedding_model") == embedding_model and meta.get("destination") in self._names():
                return collection, self.collection(meta["destination"])
        return None

    def _names(self) -> list[str]:
        return [c if isinstance(c, str) else c.name for c in self.client.list_collections()]

    def content_hashes(self, collection: chromadb.Collection) -> dict[str, str]:
        """Unit id -> content hash of the records a collection holds, read without texts or vectors."""
        out: dict[str, str] = {}
        for offset in range(0, collection.count(), READ_PAGE):
            page = collection.get(include=["metadatas"], limit=READ_PAGE, offset=offset)
            out.update((i, (m or {}).get("content_hash", "")) for i, m in zip(page["ids"], page["metadatas"],
                                                                               strict=True))
        return out

    def _write_snapshot(self, name: str, units: dict[str, tuple[str, dict]]) -> None:
        folder = self.generation_dir(name)
        if folder is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        records = {i: {"text": text, "metadata": metadata, "embedding": None} for i, (text, metadata) in units.items()}
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps(records, ensure_ascii=False))  # dumps: the C encoder, dump is pure Python
        os.replace(temporary, folder / SNAPSHOT)


def _read(collection: chromadb.Collection, embeddings: bool) -> dict[str, dict[str, Any]]:
    include = ["documents", "metadatas", *(["embeddings"] if embeddings else [])]
    out: dict[str, dict[str, Any]] = {}
    total = collection.count()
    for offset in range(0, total, READ_PAGE):
        page = collection.get(include=include, limit=READ_PAGE, offset=offset)
        for index, unit_id in enumerate(page["ids"]):
            out[unit_id] = {
                "text": page["documents"][index],
                "metadata": page["metadatas"][index],
                "embedding": page["embeddings"][index] if embeddings else None,
            }
    return out


def _begun(build: Build, embedding_model: str) -> Build:
    build.target.modify(metadata={**build.metadata, "embedding_model": embedding_model,
                                  "destination": build.destination.name})
    return build


def _ids(collection: chromadb.Collection) -> set[str]:
    out: set[str] = set()
    for offset in range(0, collection.count(), READ_PAGE):
        out.update(collection.get(include=[], limit=READ_PAGE, offset=offset)["ids"])
    return out


def _copy(build: Build, ids: list[str], sources: list[chromadb.Collection]) -> None:
    """Write `ids` into the build's destination with their new texts and metadata and the vectors the first
    source holding each has; a page at a time, so a national index's vectors are never all in memory."""
    for start in range(0, len(ids), READ_PAGE):
        wanted = ids[start:start + READ_PAGE]
        for source in sources:
            if not wanted:
                break
            page = source.get(ids=wanted, include=["embeddings"])
            _add(build.destination, page["ids"], build.units, dict(zip(page["ids"], page["embeddings"],
                                                                       strict=True)))
            found = set(page["ids"])
            wanted = [i for i in wanted if i not in found]


def _add(collection: chromadb.Collection, ids: list[str], units: dict[str, tuple[str, dict]],
         vectors: dict[str, list[float]]) -> None:
    """Upsert: a resumed build may write again a record it wrote before it died."""
    add_records(collection, ids, [units[i][0] for i in ids], [units[i][1] for i in ids], [vectors[i] for i in ids])


def add_records(collection: chromadb.Collection, ids: list[str], texts: list[str], metadatas: list[dict],
                embeddings: list[list[float]]) -> None:
    for start in range(0, len(ids), BATCH):
        end = start + BATCH
        collection.upsert(ids=ids[start:end], documents=texts[start:end], metadatas=metadatas[start:end],
                       embeddings=[list(map(float, vector)) for vector in embeddings[start:end]])
