from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.embeddings import register_embeddings
from ingest.loaders import load_document
from ingest.structure import parse_units
from ingest.units import Unit
from tests.fakes import HashEmbeddings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"

os.environ.setdefault("HF_HUB_OFFLINE", "1")

# Tests index with a deterministic embedder registered like a real backend: the same vectors on every CPU,
# and an index of the corpus in about a second. The default model's quality is measured by `thiduabot eval`.
TEST_MODEL = "hash-test"
register_embeddings(TEST_MODEL, HashEmbeddings)
SYNTHETIC_CORPUS = ROOT / "tests" / "data" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _corpus()


def _corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the starter corpus is expected at {CORPUS} (../shared beside the repository)")
    return CORPUS


def stored(folder: Path) -> list[str]:
    """The documents in an upload folder, without its hidden bookkeeping (the provenance manifest)."""
    return sorted(path.name for path in folder.iterdir() if not path.name.startswith(".")) if folder.exists() else []


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


LAW_A = """---
id: luat-mau
title: Luật Mẫu về thi đua
number: 01/2099/QH99
type: luat
status: in-force
---
# Luật Mẫu

## Chương I. QUY ĐỊNH CHUNG

### Điều 1. Phạm vi điều chỉnh
Luật này quy định về thi đua mẫu.

### Điều 2. Danh hiệu mẫu
1. Danh hiệu "Lao động mẫu mực" tặng cho cá nhân:
a) Hoàn thành tốt nhiệm vụ;
b) Tích cực tham gia phong trào.
2. Danh hiệu "Tập thể mẫu mực" tặng cho tập thể.

## Chương II. KHEN THƯỞNG

### Điều 3. Tiền thưởng mẫu
Mức thưởng bằng 0,5 lần mức lương cơ sở.
"""

DECREE_B = """---
id: nghi-dinh-mau
title: Nghị định Mẫu
number: 02/2099/NĐ-CP
type: nghi-dinh
status: superseded
---
### Điều 5. Hồ sơ mẫu
Hồ sơ gồm tờ trình và báo cáo thành tích.
"""

PLAN_C = """---
id: ke-hoach-mau
title: Kế hoạch mẫu
number: 03/KH-UBND
type: ke-hoach
status: in-force
---
## I. MỤC ĐÍCH
Phát động phong trào thi đua mẫu.

## II. NỘI DUNG
Thi đua hoàn thành nhiệm vụ mẫu.
"""


@pytest.fixture()
def small_sources(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    write(folder / "luat-mau.md", LAW_A)
    write(folder / "nd-mau.md", DECREE_B)
    write(folder / "kh-mau.md", PLAN_C)
    return folder


def index_settings(data: Path, knowledge_dirs: str, **overrides):
    """The relevance threshold is the test model's: bag-of-words vectors add no "close in meaning" lift."""
    from bot.settings import Settings

    return Settings(_env_file=None, data_dir=data, knowledge_dirs=knowledge_dirs,
                    abbreviations_file=ROOT / "knowledge" / "abbreviations.yaml",
                    awards_dir=ROOT / "knowledge" / "awards", upload_dir=data / "uploads",
                    drafts_dir=data / "drafts", province="Hải Phòng",
                    **{"relevance_threshold": 0.3, "embedding_model": TEST_MODEL, **overrides})


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory):
    """Settings over one index of the starter corpus (deterministic embeddings), built once per session."""
    return index_settings(tmp_path_factory.mktemp("corpus-index"), f"{ROOT / 'knowledge' / 'documents'}:{_corpus()}")


@pytest.fixture(scope="session")
def corpus_engine(corpus_settings):
    from bot.services import build_engine, run_refresh

    run_refresh(corpus_settings)
    return build_engine(corpus_settings)


@pytest.fixture(scope="session")
def synthetic_settings(tmp_path_factory: pytest.TempPathFactory):
    """Settings over an index of the small synthetic corpus in tests/data/corpus, built once per session; tests
    that change an index copy it first."""
    from bot.services import run_refresh

    settings = index_settings(tmp_path_factory.mktemp("synthetic-index"), str(SYNTHETIC_CORPUS))
    run_refresh(settings)
    return settings


@pytest.fixture(scope="session")
def corpus(corpus_dir: Path) -> tuple[list[Unit], dict[str, dict]]:
    """The corpus parsed into units the way ingest does (no embedding needed)."""
    units, documents = [], {}
    for path in sorted(corpus_dir.glob("*.md")):
        if path.name in ("README.md", "INVENTORY.md"):
            continue
        meta, body = load_document(path)
        units += parse_units(meta, body)
        documents[meta.id] = {"title": meta.title, "number": meta.number, "type": meta.type}
    return units, documents


def resolves(cite, units: list[Unit]) -> bool:
    article = [u for u in units if u.doc.id == cite.doc and u.article == cite.article]
    text = "\n" + "\n".join(u.text for u in article)
    if not article:
        return False
    if cite.clause and not (any(u.clause == cite.clause for u in article) or f"\n{cite.clause}. " in text
                            or f"\n[{cite.clause}.] " in text):
        return False
    return not cite.point or f"\n{cite.point}) " in text or f"\n[{cite.point})] " in text
