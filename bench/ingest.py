"""Ingestion benchmark: full build, no-op refresh, units per second, peak memory.

Run: .venv/bin/python bench/ingest.py  (reads KNOWLEDGE_DIRS, default knowledge/documents:../shared/corpus)
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.services import embeddings_for
from bot.settings import Settings
from ingest.refresh import refresh
from ingest.store import IndexStore, open_client


def main() -> None:
    os.environ.setdefault("KNOWLEDGE_DIRS", "knowledge/documents:../shared/corpus")
    settings = Settings()
    started = time.perf_counter()
    embeddings = embeddings_for(settings)
    load_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as scratch:
        store = IndexStore(open_client(Path(scratch) / "chroma"))
        lock = Path(scratch) / "lock"
        full = refresh(settings.knowledge_paths, store, embeddings, lock)
        noop = refresh(settings.knowledge_paths, store, embeddings, lock)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model: {settings.embedding_model} (load {load_seconds:.2f} s)")
    print(f"documents: {len(full.documents)}  units: {full.units}")
    print(f"full build: {full.seconds:.2f} s  ({full.embedded / full.seconds:.2f} units/s embedded)")
    print(f"no-op refresh: {noop.seconds:.2f} s  (embedded {noop.embedded})")
    print(f"peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
