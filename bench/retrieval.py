"""Retrieval and answer quality and speed: the engine beside an afternoon baseline, on the same questions in one run.

Baseline: langchain RecursiveCharacterTextSplitter (1000/200) over the same files, Chroma, the same
embeddings, top-k similarity; it never refuses and its answer is its best chunk. A baseline chunk counts as a
hit for every article it overlaps (generous to the baseline). The answer keys (answer_accuracy,
not_covered_accuracy, covered_accuracy) check the text a user reads; latency is also split by message length.
Run after `thiduabot ingest`:

    .venv/bin/python bench/retrieval.py [questions.yaml]
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_text_splitters import RecursiveCharacterTextSplitter

from bot.evaluate import METRIC_KEYS, Outcome, engine_system, evaluate, latency_by_length, load_questions
from bot.services import build_engine, embeddings_for
from bot.settings import Settings
from ingest.loaders import LoadError, load_document
from ingest.refresh import source_files

ARTICLE_RE = re.compile(r"Điều\s+(\d+)\.")


def build_baseline(settings: Settings):
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
    texts, metadatas = [], []
    for path in source_files(settings.knowledge_paths):
        try:
            meta, body = load_document(path)
        except LoadError:
            continue
        headings = [(m.start(), m.group(1)) for m in ARTICLE_RE.finditer(body)]
        for chunk in splitter.create_documents([body]):
            start = chunk.metadata["start_index"]
            end = start + len(chunk.page_content)
            before = [number for position, number in headings if position <= start]
            inside = [number for position, number in headings if start < position < end]
            articles = ([before[-1]] if before else []) + inside
            texts.append(chunk.page_content)
            metadatas.append({"doc_id": meta.id, "articles": ",".join(articles)})
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    embeddings = embeddings_for(settings)
    store = Chroma(client=client, collection_name="baseline", embedding_function=embeddings)
    started = time.perf_counter()
    store.add_texts(texts, metadatas=metadatas)
    print(f"baseline: {len(texts)} chunks embedded in {time.perf_counter() - started:.1f} s")

    def run(question: str) -> Outcome:
        started = time.perf_counter()
        docs = store.similarity_search(question, k=10)
        ms = (time.perf_counter() - started) * 1000
        ranked = [(d.metadata["doc_id"], set(filter(None, d.metadata["articles"].split(",")))) for d in docs]
        return Outcome(ranked, refused=False, ms=ms, text=docs[0].page_content if docs else "")

    return run


def main() -> None:
    os.environ.setdefault("KNOWLEDGE_DIRS", "knowledge/documents:../shared/corpus")
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/eval/dev.yaml")
    settings = Settings()
    questions = load_questions(path)
    engine = build_engine(settings)
    if not engine.documents:
        sys.exit("no index: run `thiduabot ingest` first")
    engine.ask("khởi động")
    results = {"engine": evaluate(questions, engine_system(engine)),
               "baseline": evaluate(questions, build_baseline(settings))}
    print(f"questions: {path} ({len(questions)})")
    print(f"{'metric':24}{'engine':>10}{'baseline':>10}")
    for name in results:
        results[name].update(latency_by_length(results[name]))
    for key in (*METRIC_KEYS, *latency_by_length(results["engine"])):
        print(f"{key:24}{results['engine'][key]:>10}{results['baseline'][key]:>10}")


if __name__ == "__main__":
    main()
