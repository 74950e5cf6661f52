"""Fakes registered at the seams the real parts use."""

from __future__ import annotations

import fcntl
import hashlib
import math
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.embeddings import PROBE_TEXT, TextEmbeddings

if TYPE_CHECKING:
    from bot.settings import Settings


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
            if text != PROBE_TEXT:  # the probe is not a unit: `embedded` lists the units' texts
                self.embedded.append(text)
            vectors.append(self._vector(text))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


@contextmanager
def sqlite_write_locked(path: str | Path, hold: float = 20.0) -> Iterator[None]:
    """Another connection holds the SQLite file's write lock while the block runs (a busy database)."""
    locked, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        # the bot's own short writes (the outbox sweep, the question log) may hold the lock for a moment: wait for
        # them, then hold it
        other = sqlite3.connect(path, timeout=5)
        other.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(hold)
        other.rollback()
        other.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert locked.wait(10), "the write lock was not taken"
    try:
        yield
    finally:
        release.set()
        holder.join()


def opened_after_lock(lock_file: Path, opening: Callable[[], object]) -> object:
    """Run `opening` while another process holds `lock_file` (flock): it must wait until the lock is released,
    then finish; returns what it opened."""
    opened: list[object] = []
    with open(lock_file, "a") as first:
        fcntl.flock(first, fcntl.LOCK_EX)
        second = threading.Thread(target=lambda: opened.append(opening()))
        second.start()
        second.join(1.0)
        assert second.is_alive() and not opened, "it did not wait for the lock"
        fcntl.flock(first, fcntl.LOCK_UN)
    second.join(30)
    assert opened, "it did not finish once the lock was released"
    return opened[0]


def write_awards(folder: Path, rules: str) -> Path:
    """An award catalogue (AWARDS_DIR) for an engine over test documents: the awards of `rules` ({awards: [{id,
    names, rules, listed_in}]}, a rule with `local: true` a province's), each with the project's wizard data for
    it where the project has that award, and where it is ruled replaced by the test's."""
    import shutil

    import yaml

    project = Path(__file__).resolve().parents[1] / "knowledge" / "awards"
    (folder / "provinces").mkdir(parents=True)
    shutil.copy(project / "_common.yaml", folder / "_common.yaml")
    overlay: dict = {"province": "tỉnh Thử nghiệm", "awards": {}}
    for award in yaml.safe_load(rules)["awards"]:
        own = project / f"{award['id']}.yaml"
        raw = {**(yaml.safe_load(own.read_text(encoding="utf-8")) if own.is_file() else {"id": award["id"]}),
               "rules": {kind: [ref for ref in refs if not ref.get("local")] for kind, refs in award["rules"].items()}}
        raw["names"] = [*raw.get("names", []), *award["names"]]
        raw.pop("listed_in", None)
        if award.get("listed_in"):
            raw["listed_in"] = award["listed_in"]
        local = {kind: [ref for ref in refs if ref.get("local")] for kind, refs in award["rules"].items()}
        if any(local.values()):
            overlay["awards"][award["id"]] = {"rules": {kind: refs for kind, refs in local.items() if refs}}
        (folder / f"{award['id']}.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    (folder / "provinces" / "thu-nghiem.yaml").write_text(yaml.safe_dump(overlay, allow_unicode=True), encoding="utf-8")
    return folder


def indexed_settings(root: Path, documents: dict[str, str], rules: str, model: str, **overrides) -> Settings:
    """Settings over test `documents` ({file name: Markdown}) and the award catalogue `rules` (write_awards), with
    the project's abbreviations and domain terms, indexed under `root` with the embeddings registered as `model`."""
    import shutil

    from bot.services import run_refresh
    from bot.settings import Settings

    project = Path(__file__).resolve().parents[1] / "knowledge"
    sources, knowledge = root / "docs", root / "knowledge"
    sources.mkdir()
    knowledge.mkdir()
    for name, text in documents.items():
        (sources / name).write_text(text, encoding="utf-8")
    for name in ("abbreviations.yaml", "domain_terms.yaml"):
        shutil.copy(project / name, knowledge / name)
    write_awards(knowledge / "awards", rules)
    settings = Settings(**{"_env_file": None, "data_dir": root / "data", "knowledge_dirs": str(sources),
                           "upload_dir": sources, "embedding_model": model,
                           "abbreviations_file": knowledge / "abbreviations.yaml", "awards_dir": knowledge / "awards",
                           "drafts_dir": root / "drafts", "province": "Hải Phòng", "relevance_threshold": 0.2,
                           "database_url": f"sqlite:///{root / 'db.sqlite3'}", **overrides})
    run_refresh(settings)
    return settings


def own_database(name: str):
    """A PostgreSQL database of this test's own on the server CI provides (other tests reset the shared one),
    as a SQLAlchemy URL; None without the server (locally), and an error in CI."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = os.environ.get("THIDUABOT_TEST_DATABASE_URL", "")
    if not url:
        if os.environ.get("CI"):
            raise RuntimeError("CI must provide THIDUABOT_TEST_DATABASE_URL (.ci/services)")
        return None
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return make_url(url).set(database=name)
