"""Retrieval and refusal metrics on a question set in the format of shared/eval/dev.yaml."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ingest.vietnamese import nfc

METRIC_KEYS = ("hit_at_1", "hit_at_5", "mrr_at_10", "out_of_scope_accuracy", "in_scope_refusals", "p50_ms",
               "p95_ms")


@dataclass
class Question:
    text: str
    expect: list[dict]
    out_of_scope: bool


@dataclass
class Outcome:
    """What a system did with one question: the (doc id, article) of its ranked results, and whether it refused."""

    ranked: list[tuple[str, set[str]]]
    refused: bool
    ms: float


def load_questions(path: Path) -> list[Question]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Question(nfc(item["q"]), item.get("expect", []), bool(item.get("out_of_scope"))) for item in items]


def first_hit_rank(question: Question, ranked: list[tuple[str, set[str]]]) -> int | None:
    """1-based rank of the first result matching an expected document (and article, where given)."""
    for rank, (doc_id, articles) in enumerate(ranked, start=1):
        for expected in question.expect:
            if expected["doc"] == doc_id and ("article" not in expected or str(expected["article"]) in articles):
                return rank
    return None


def evaluate(questions: list[Question], system: Callable[[str], Outcome]) -> dict:
    in_scope = [q for q in questions if not q.out_of_scope]
    out_scope = [q for q in questions if q.out_of_scope]
    rows, latencies = [], []
    hit1 = hit5 = mrr = 0.0
    refusals = correct_refusals = 0
    for question in questions:
        started = time.perf_counter()
        outcome = system(question.text)
        latencies.append(outcome.ms if outcome.ms else (time.perf_counter() - started) * 1000)
        rank = None if question.out_of_scope else first_hit_rank(question, outcome.ranked[:10])
        if question.out_of_scope:
            correct_refusals += outcome.refused
        else:
            hit1 += rank == 1
            hit5 += rank is not None and rank <= 5
            mrr += 1 / rank if rank else 0.0
            refusals += outcome.refused
        rows.append({"q": question.text, "out_of_scope": question.out_of_scope, "rank": rank,
                     "refused": outcome.refused, "ms": round(latencies[-1], 1),
                     "top": [f"{doc}:{','.join(sorted(arts))}" for doc, arts in outcome.ranked[:3]]})
    n = max(len(in_scope), 1)
    ordered = sorted(latencies) or [0.0]
    return {
        "hit_at_1": round(hit1 / n, 4),
        "hit_at_5": round(hit5 / n, 4),
        "mrr_at_10": round(mrr / n, 4),
        "out_of_scope_accuracy": round(correct_refusals / len(out_scope), 4) if out_scope else 1.0,
        "in_scope_refusals": refusals,
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
        "questions": rows,
    }


def engine_system(engine) -> Callable[[str], Outcome]:
    """The engine as a system under evaluation: its ranked units and whether it answered "not covered"."""

    def run(question: str) -> Outcome:
        answer = engine.ask(question)
        hits = answer.hits or engine.search(question, k=10).hits
        ranked = [(hit.unit.doc.id, {hit.unit.article} if hit.unit.article else set()) for hit in hits]
        return Outcome(ranked, answer.refused, answer.timings.get("total_ms", 0.0))

    return run
