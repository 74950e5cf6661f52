"""The lexical index: Okapi BM25 on sparse matrices, saved with its generation and reused."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from bot.engine import lexical
from bot.engine.lexical import LexicalIndex
from bot.engine.retrieve import Retriever
from bot.engine.text import Abbreviations, syllables_plain
from ingest.refresh import refresh
from ingest.store import IndexStore, open_client
from tests.conftest import write
from tests.fakes import HashEmbeddings

DOCS = [
    ("a", "h1", "danh hiệu chiến sĩ thi đua cơ sở tặng cho cá nhân"),
    ("b", "h2", "mức tiền thưởng chiến sĩ thi đua cơ sở bằng 1,0 lần mức lương cơ sở"),
    ("c", "h3", "hồ sơ đề nghị khen thưởng gồm tờ trình và báo cáo thành tích"),
    ("d", "h4", "bằng khen của chủ tịch ủy ban nhân dân cấp tỉnh"),
    ("e", "h5", "thi đua thi đua thi đua là động lực"),
]


def okapi(corpus: list[list[str]], query: list[str], k1: float = 1.5, b: float = 0.75) -> list[float]:
    """Okapi BM25 written out from its definition (idf floor at 0.25 x the mean idf), as a reference."""
    n = len(corpus)
    avgdl = sum(map(len, corpus)) / n
    df = Counter(term for doc in corpus for term in set(doc))
    idf = {t: math.log(n - f + 0.5) - math.log(f + 0.5) for t, f in df.items()}
    floor = 0.25 * sum(idf.values()) / len(idf)
    idf = {t: floor if v < 0 else v for t, v in idf.items()}
    scores = []
    for doc in corpus:
        tf = Counter(doc)
        scores.append(sum(idf.get(q, 0.0) * tf[q] * (k1 + 1) / (tf[q] + k1 * (1 - b + b * len(doc) / avgdl))
                          for q in query))
    return scores


@pytest.mark.parametrize("question", ["chiến sĩ thi đua cơ sở", "thi đua", "hồ sơ khen thưởng", "tiền thưởng là gì"])
def test_scores_are_okapi_bm25(question: str) -> None:
    index = LexicalIndex.build(DOCS)
    for field, tokenize in lexical.FIELDS.items():
        corpus = [list(tokenize(text)) for _, _, text in DOCS]
        query = list(tokenize(question))
        expected = okapi(corpus, query)
        model = index.models[field]
        got = model.get_scores_from_ids(model.get_tokens_ids(query))
        assert got.tolist() == pytest.approx(expected, rel=1e-5, abs=1e-5)
        ranked = [DOCS[i][0] for i in sorted(range(len(DOCS)), key=lambda i: -expected[i]) if expected[i] > 0]
        assert index.top(field, query) == ranked


def test_i_or_y_after_a_consonant_is_found_either_way() -> None:
    index = LexicalIndex.build([*DOCS, ("f", "h6", "Kỷ niệm chương tặng cho cá nhân có đóng góp; tỷ lệ phiếu")])
    assert index.top("plain", syllables_plain("kỉ")) == ["f"]
    assert index.top("plain", syllables_plain("ti le")) == ["f"]
    assert "hui" not in syllables_plain("huy chương")


def test_unknown_words_and_empty_questions_find_nothing() -> None:
    index = LexicalIndex.build(DOCS)
    assert index.top("plain", ["xyzzy"]) == []
    assert index.top("words", []) == []
    assert LexicalIndex.build([]).top("plain", ["thi"]) == []


class CountingTokenizers:
    """Wraps the real tokenisers and counts the texts each is asked to tokenise."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: list[str] = []
        fields = {}
        for name, tokenize in lexical.FIELDS.items():
            fields[name] = self._counting(tokenize)
        monkeypatch.setattr(lexical, "FIELDS", fields)

    def _counting(self, tokenize):
        def counted(text: str):
            self.texts.append(text)
            return tokenize(text)
        return counted


def make_store(tmp_path: Path) -> IndexStore:
    return IndexStore(open_client(tmp_path / "chroma"), local_dir=tmp_path / "generations")


def retriever(store: IndexStore) -> Retriever:
    return Retriever(store, HashEmbeddings(), Abbreviations({}))


def test_refresh_saves_the_index_and_a_worker_loads_it_without_tokenising(
        small_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(tmp_path)
    refresh([small_sources], store, HashEmbeddings(), tmp_path / "refresh.lock")
    name = store.generation().name
    assert (tmp_path / "generations" / name / "lexical" / "units.json").is_file()

    counter = CountingTokenizers(monkeypatch)
    result = retriever(make_store(tmp_path)).search("lan muc luong co so")
    assert counter.texts == [], "a worker must load the saved index, not segment the units again"
    assert result.hits[0].unit_id == "luat-mau:d3"


def test_one_edited_unit_is_the_only_one_tokenised_again(
        small_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(tmp_path)
    refresh([small_sources], store, HashEmbeddings(), tmp_path / "refresh.lock")
    first = store.generation().name
    law = small_sources / "luat-mau.md"
    law.write_text(law.read_text(encoding="utf-8").replace("0,5 lần", "0,7 lần"), encoding="utf-8")

    counter = CountingTokenizers(monkeypatch)
    refresh([small_sources], store, HashEmbeddings(), tmp_path / "refresh.lock")
    assert len(counter.texts) == len(lexical.FIELDS) and all("0,7 lần" in text for text in counter.texts)
    second = store.generation().name
    assert second != first and (tmp_path / "generations" / second / "lexical").is_dir()

    # The generation before the serving one stays for readers that have not switched yet; older ones go.
    write(small_sources / "moi.md", "---\nid: moi\ntitle: Văn bản mới\n---\n### Điều 1. Mới\nNội dung mới.\n")
    refresh([small_sources], store, HashEmbeddings(), tmp_path / "refresh.lock")
    assert sorted(p.name for p in (tmp_path / "generations").iterdir()) == sorted([second, store.generation().name])

    hits = retriever(store).search("0,7 lần mức lương cơ sở").hits
    assert hits[0].unit_id == "luat-mau:d3"


@pytest.mark.parametrize("damage", ["delete", "truncate", "garbage"])
def test_a_missing_or_damaged_index_is_rebuilt(small_sources: Path, tmp_path: Path, damage: str) -> None:
    store = make_store(tmp_path)
    refresh([small_sources], store, HashEmbeddings(), tmp_path / "refresh.lock")
    folder = tmp_path / "generations" / store.generation().name / "lexical"
    target = folder / "plain.tokens.npy"
    if damage == "delete":
        target.unlink()
    elif damage == "truncate":
        target.write_bytes(target.read_bytes()[:20])
    else:
        (folder / "units.json").write_text("{not json", encoding="utf-8")

    loaded = retriever(make_store(tmp_path))._current().lexical
    assert loaded.top("plain", syllables_plain("to trinh va bao cao thanh tich"))[0] == "nghi-dinh-mau:d5"
    assert LexicalIndex.load(folder) is not None, "the rebuilt index is saved again for the next worker"


def test_without_a_folder_the_index_is_built_in_memory(small_sources: Path, tmp_path: Path) -> None:
    store = IndexStore(open_client(tmp_path / "chroma"))
    refresh([small_sources], store, HashEmbeddings(), tmp_path / "refresh.lock")
    assert not (tmp_path / "generations").exists()
    assert retriever(store).search("Phát động phong trào thi đua mẫu").hits[0].unit.doc.id == "ke-hoach-mau"


def test_a_worker_without_the_saved_index_segments_only_what_changed(
        small_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(tmp_path)
    refresh([small_sources], store, HashEmbeddings(), tmp_path / "refresh.lock")
    # A worker on another machine: same store, a data folder of its own without the refresh's files.
    elsewhere = IndexStore(store.client, local_dir=tmp_path / "elsewhere")
    worker = retriever(elsewhere)
    assert worker.search("lan muc luong co so").hits

    law = small_sources / "luat-mau.md"
    law.write_text(law.read_text(encoding="utf-8").replace("0,5 lần", "0,7 lần"), encoding="utf-8")
    refresh([small_sources], store, HashEmbeddings(), tmp_path / "refresh.lock")
    counter = CountingTokenizers(monkeypatch)
    worker.reload()
    assert len(counter.texts) == len(lexical.FIELDS) and all("0,7 lần" in text for text in counter.texts)
    assert worker.search("0,7 lần mức lương cơ sở").hits[0].unit_id == "luat-mau:d3"


def test_a_segmented_word_is_respelled_like_its_syllables() -> None:
    from bot.engine.text import content_terms, term_found

    vocabulary = set(syllables_plain("Cán bộ quản lý"))
    assert all(term_found(term, vocabulary) for term in content_terms("can bo quan li"))
    assert all(term_found(term, vocabulary) for term in content_terms("can bo quan ly"))
