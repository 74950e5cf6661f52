"""Generations that write only what changed: a base, the changed units, and the base's units they hide."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.retrieve import Retriever
from bot.engine.text import Abbreviations
from ingest import store as store_module
from ingest.refresh import refresh
from ingest.store import BASE_PREFIX, GENERATION_PREFIX, IndexStore, open_client
from tests.conftest import write
from tests.fakes import HashEmbeddings


def make_store(tmp_path: Path) -> IndexStore:
    return IndexStore(open_client(tmp_path / "chroma"), local_dir=tmp_path / "generations")


def run(folder: Path, store: IndexStore, tmp_path: Path, embedder: HashEmbeddings | None = None):
    """Removals here are the point of the tests: confirmed, as `thiduabot ingest --allow-remove` would."""
    return refresh([folder], store, embedder or HashEmbeddings(), tmp_path / "refresh.lock", allow_remove=True)


def collections(store: IndexStore, prefix: str) -> list[str]:
    return sorted(c.name for c in store.client.list_collections() if c.name.startswith(prefix))


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def dense_ids(store: IndexStore, question: str, k: int = 20) -> list[str]:
    retriever = Retriever(store, HashEmbeddings(), Abbreviations({}))
    return [d.id for d, _ in retriever._current().vectorstore.similarity_search_with_score(question, k)]


def test_one_edit_writes_one_unit_and_hides_its_old_version(small_sources: Path, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    run(small_sources, store, tmp_path)
    all_ids = set(store.records(store.current()))
    base = collections(store, BASE_PREFIX)
    assert len(base) == 1 and store.current().count() == 0  # a full build: everything in the base

    edit(small_sources / "luat-mau.md", "0,5 lần", "0,7 lần")
    embedder = HashEmbeddings()
    run(small_sources, store, tmp_path, embedder)
    current = store.current()
    assert len(embedder.embedded) == 1 and current.count() == 1, "only the edited unit is written"
    assert collections(store, BASE_PREFIX) == base, "the base is shared, not copied"
    assert store.base_of(current)[1] == {"luat-mau:d3"}

    records = store.records(current)
    assert set(records) == all_ids and "0,7 lần" in records["luat-mau:d3"]["text"]
    store_without_snapshot = IndexStore(store.client)
    assert store_without_snapshot.records(current) == records, "the snapshot says what the store says"
    found = dense_ids(store, "Mức thưởng bằng 0,7 lần mức lương cơ sở")
    assert found.count("luat-mau:d3") == 1 and len(found) == len(set(found)) == len(all_ids)


def test_removed_documents_and_changed_metadata(small_sources: Path, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    run(small_sources, store, tmp_path)
    (small_sources / "kh-mau.md").unlink()
    edit(small_sources / "luat-mau.md", "status: in-force", "status: superseded")
    embedder = HashEmbeddings()
    report = run(small_sources, store, tmp_path, embedder)
    assert report.removed > 0 and embedder.embedded == [], "a status change needs no new vectors"

    records = store.records(store.current())
    assert not any(unit_id.startswith("ke-hoach-mau") for unit_id in records)
    assert {r["metadata"]["status"] for i, r in records.items() if i.startswith("luat-mau")} == {"superseded"}
    assert not any(unit_id.startswith("ke-hoach-mau") for unit_id in dense_ids(store, "phong trào thi đua mẫu"))
    assert set(dense_ids(store, "luật mẫu")) == set(records)


def test_many_changes_write_a_new_base_and_old_bases_go(small_sources: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "DELTA_MIN", 2)
    monkeypatch.setattr(store_module, "DELTA_SHARE", 0.0)
    store = make_store(tmp_path)
    run(small_sources, store, tmp_path)
    first_base = collections(store, BASE_PREFIX)
    edit(small_sources / "luat-mau.md", "0,5 lần", "0,7 lần")
    run(small_sources, store, tmp_path)
    assert store.current().count() == 1, "one unit written and one hidden is within a limit of two"

    write(small_sources / "moi.md", "---\nid: moi\ntitle: Văn bản mới\n---\n### Điều 1. Mới\nNội dung mới.\n")
    edit(small_sources / "nd-mau.md", "tờ trình", "tờ trình đề nghị")
    run(small_sources, store, tmp_path)
    bases = collections(store, BASE_PREFIX)
    assert len(bases) == 2 and first_base[0] in bases, "the previous generation still reads the first base"
    assert store.current().count() == 0 and "moi:d1" in store.records(store.current())

    edit(small_sources / "moi.md", "Nội dung mới", "Nội dung mới hơn")
    run(small_sources, store, tmp_path)
    assert first_base[0] not in collections(store, BASE_PREFIX)
    assert len(collections(store, GENERATION_PREFIX)) == 2
    assert "mới hơn" in store.records(store.current())["moi:d1"]["text"]


def test_a_damaged_snapshot_is_read_from_the_store(small_sources: Path, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    run(small_sources, store, tmp_path)
    expected = IndexStore(store.client).records(store.current())
    (tmp_path / "generations" / store.generation().name / "records.json").write_text("{", encoding="utf-8")
    assert store.records(store.current()) == expected
    edit(small_sources / "luat-mau.md", "0,5 lần", "0,7 lần")
    assert run(small_sources, store, tmp_path).changed == 1


class CountingTokens(HashEmbeddings):
    """A model with a tokenizer of its own (slow in real models), counting the texts it is asked about."""

    name = "counting-tokens"

    def __init__(self) -> None:
        super().__init__()
        self.counted: list[str] = []

    def count_tokens(self, text: str) -> int:
        self.counted.append(text)
        return len(text.split()) + 2


def test_token_counts_are_kept_between_refreshes(small_sources: Path, tmp_path: Path) -> None:
    store = make_store(tmp_path)
    first = CountingTokens()
    run(small_sources, store, tmp_path, first)
    assert first.counted
    again = CountingTokens()
    assert run(small_sources, store, tmp_path, again).unchanged > 0 and again.counted == []
    edit(small_sources / "nd-mau.md", "tờ trình", "tờ trình đề nghị")
    edited = CountingTokens()
    assert run(small_sources, store, tmp_path, edited).changed == 1
    assert edited.counted and all("tờ trình đề nghị" in text or "Nghị định Mẫu" in text for text in edited.counted)
    (tmp_path / "generations" / "token-counts-counting-tokens.json").write_text("[", encoding="utf-8")
    damaged = CountingTokens()
    assert run(small_sources, store, tmp_path, damaged).unchanged > 0 and damaged.counted, "counted again"
