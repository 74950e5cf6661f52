"""“Am I eligible?” on a question set: verdict accuracy, answer checks, citations that resolve, speed.

No index is needed: the verdict comes from the catalogue's rules over the facts read from each message, and
citations are checked against the corpus parsed the way ingest parses it. Run:

    .venv/bin/python bench/eligibility.py [tests/data/eligibility.yaml] [--province "Hải Phòng"] [--show]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml

from bot.faces.render import verdict_text
from bot.nomination.catalogue import Catalogue
from bot.nomination.eligibility import Rules
from bot.nomination.verdict import answer_eligibility, is_eligibility_question
from bot.settings import Settings
from ingest.loaders import LoadError, load_document
from ingest.refresh import source_files
from ingest.structure import parse_units
from ingest.vietnamese import nfc

ROOT = Path(__file__).resolve().parent.parent


def shown(phrase: str, text: str) -> bool:
    def norm(value: str) -> str:
        return re.sub(r"\s+", " ", nfc(value)).strip().lower()
    return norm(phrase) in norm(text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path, default=ROOT / "tests" / "data" / "eligibility.yaml")
    parser.add_argument("--province", default=None)
    parser.add_argument("--show", action="store_true", help="print every reply that misses")
    args = parser.parse_args()
    settings = Settings()
    corpus = [*settings.knowledge_paths, ROOT.parent / "shared" / "corpus"]
    units, documents = [], {}
    for path in source_files([p for p in corpus if p.exists()]):
        try:
            meta, body = load_document(path)
        except LoadError:
            continue
        units += parse_units(meta, body)
        documents[meta.id] = {"title": meta.title, "number": meta.number, "type": meta.type}
    articles = {f"{u.doc.id}:d{u.article}" for u in units if u.article}
    catalogue = Catalogue.load(settings.awards_dir)
    rules = Rules(catalogue, documents)
    items = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    verdicts = answers = recognised = cited = 0
    latencies = []
    for item in items:
        started = time.perf_counter()
        reply = answer_eligibility(item["q"], None, catalogue, rules, args.province or settings.province)
        latencies.append((time.perf_counter() - started) * 1000)
        right = reply.kind == item.get("verdict") and reply.award_id == item.get("award")
        checked = all(shown(p, verdict_text(reply)) for p in item.get("answer_has", [])) and not any(
            shown(p, verdict_text(reply)) for p in item.get("answer_lacks", []))
        verdicts += right
        answers += checked
        recognised += is_eligibility_question(item["q"], catalogue)
        cited += set(reply.citations) <= articles
        if args.show and not (right and checked):
            print(f"✗ {item['q']}\n  expected {item.get('verdict')} {item.get('award')}, got {reply.kind} "
                  f"{reply.award_id}\n{verdict_text(reply)}\n")
    n = len(items)
    ordered = sorted(latencies)
    print(f"questions               {n}")
    print(f"verdict_accuracy        {verdicts / n:.3f}")
    print(f"answer_accuracy         {answers / n:.3f}")
    print(f"recognised_as_question  {recognised / n:.3f}")
    print(f"citations_resolve       {cited / n:.3f}")
    print(f"p50_ms                  {statistics.median(ordered):.1f}")
    print(f"p95_ms                  {ordered[min(n - 1, round(0.95 * (n - 1)))]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
