"""Retrieval, refusal and answer metrics on a question set in the format of shared/eval/dev.yaml.

Each item: `q`; `expect` (units that answer it, for hit@k and MRR); `out_of_scope: true` (not about emulation
and commendation: must be refused); `not_covered: true` (in the domain, but the knowledge base lacks the rule:
must be refused); `covered: true` (must not be refused); `answer_has` / `answer_lacks` (phrases the plain
answer text must / must not show; NFC, case-insensitive, whitespace collapsed).
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.vietnamese import nfc

METRIC_KEYS = ("hit_at_1", "hit_at_5", "mrr_at_10", "out_of_scope_accuracy", "in_scope_refusals",
               "answer_accuracy", "sure_answer_accuracy", "not_covered_accuracy", "covered_accuracy",
               "confident_wrong_share", "kind_accuracy", "p50_ms", "p95_ms")


@dataclass
class Question:
    text: str
    expect: list[dict]
    out_of_scope: bool
    answer_has: list[str] = field(default_factory=list)
    answer_lacks: list[str] = field(default_factory=list)
    not_covered: bool = False
    covered: bool = False
    kind: str = ""  # what the question asks (bot/engine/kinds.py), for the confusion table

    @property
    def ranked(self) -> bool:
        """Counts for the retrieval keys: an in-scope question that names the units answering it."""
        return bool(self.expect) and not self.out_of_scope and not self.not_covered

    @property
    def checks_answer(self) -> bool:
        return bool(self.answer_has or self.answer_lacks)


@dataclass
class Outcome:
    """What a system did with one question: the (doc id, article) of its ranked results, whether it refused, and
    the answer as the user reads it (plain text)."""

    ranked: list[tuple[str, set[str]]]
    refused: bool
    ms: float
    text: str = ""
    kind: str = ""  # what the system understood was asked
    sure: bool = True  # whether it said it was sure of that


def load_questions(path: Path) -> list[Question]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Question(nfc(str(item["q"])), item.get("expect", []), bool(item.get("out_of_scope")),
                     [nfc(str(p)) for p in item.get("answer_has", [])],
                     [nfc(str(p)) for p in item.get("answer_lacks", [])],
                     bool(item.get("not_covered")), bool(item.get("covered")), str(item.get("kind", "")))
            for item in items]


def first_hit_rank(question: Question, ranked: list[tuple[str, set[str]]]) -> int | None:
    """1-based rank of the first result matching an expected document (and article, where given)."""
    for rank, (doc_id, articles) in enumerate(ranked, start=1):
        for expected in question.expect:
            if expected["doc"] == doc_id and ("article" not in expected or str(expected["article"]) in articles):
                return rank
    return None


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text)).strip().lower()


def answer_problems(question: Question, outcome: Outcome) -> list[str]:
    """What is wrong with the answer text: phrases missing or present against the question's checks."""
    text = _normal(outcome.text)
    problems = [f"thiếu «{p}»" for p in question.answer_has if _normal(p) not in text]
    problems += [f"có «{p}»" for p in question.answer_lacks if _normal(p) in text]
    if question.answer_has and outcome.refused:
        problems.append("từ chối")
    return problems


def _share(good: int, total: int) -> float:
    return round(good / total, 4) if total else 1.0


def evaluate(questions: list[Question], system: Callable[[str], Outcome]) -> dict:
    rows, latencies = [], []
    hit1 = hit5 = mrr = 0.0
    refusals = answered = confident_wrong = 0
    causes = {"gap_answered": 0, "right_article_first": 0, "wrong_article_first": 0}
    confusion: dict[str, dict[str, int]] = {}
    counts = {"oos": [0, 0], "answer": [0, 0], "sure_answer": [0, 0], "not_covered": [0, 0], "covered": [0, 0]}
    for question in questions:
        started = time.perf_counter()
        outcome = system(question.text)
        latencies.append(outcome.ms if outcome.ms else (time.perf_counter() - started) * 1000)
        rank = first_hit_rank(question, outcome.ranked[:10]) if question.ranked else None
        if question.ranked:
            hit1 += rank == 1
            hit5 += rank is not None and rank <= 5
            mrr += 1 / rank if rank else 0.0
        if not (question.out_of_scope or question.not_covered):
            refusals += outcome.refused
        problems = answer_problems(question, outcome) if question.checks_answer else []
        if not outcome.refused and (question.checks_answer or question.out_of_scope or question.not_covered):
            answered += 1
            wrong = bool(problems) or question.out_of_scope or question.not_covered
            confident_wrong += wrong and outcome.sure
            if wrong and outcome.sure:
                causes[_cause(question, rank)] += 1
        if question.kind:
            row = confusion.setdefault(question.kind, {})
            row[outcome.kind or "?"] = row.get(outcome.kind or "?", 0) + 1
        for key, applies, good in (("oos", question.out_of_scope, outcome.refused),
                                   ("answer", question.checks_answer, not problems),
                                   ("sure_answer", question.checks_answer,
                                    not problems and outcome.sure and not outcome.refused),
                                   ("not_covered", question.not_covered, outcome.refused),
                                   ("covered", question.covered, not outcome.refused)):
            if applies:
                counts[key][0] += good
                counts[key][1] += 1
        rows.append({"q": question.text, "out_of_scope": question.out_of_scope, "not_covered": question.not_covered,
                     "rank": rank, "refused": outcome.refused, "answer_problems": problems, "kind": question.kind,
                     "understood": outcome.kind, "sure": outcome.sure,
                     "ms": round(latencies[-1], 1), "chars": len(question.text),
                     "top": [f"{doc}:{','.join(sorted(arts))}" for doc, arts in outcome.ranked[:3]]})
    n = max(sum(q.ranked for q in questions), 1)
    ordered = sorted(latencies) or [0.0]
    return {
        "hit_at_1": round(hit1 / n, 4),
        "hit_at_5": round(hit5 / n, 4),
        "mrr_at_10": round(mrr / n, 4),
        "out_of_scope_accuracy": _share(*counts["oos"]),
        "in_scope_refusals": refusals,
        "answer_accuracy": _share(*counts["answer"]),
        # Of the same questions, those answered right with a sure first line (an unsure answer may hold the rule
        # among the closest clauses it quotes: right for answer_accuracy, not here).
        "sure_answer_accuracy": _share(*counts["sure_answer"]),
        "not_covered_accuracy": _share(*counts["not_covered"]),
        "covered_accuracy": _share(*counts["covered"]),
        # Of the questions answered (not refused) whose answer is checked, those answered wrong without saying
        # the answer might not fit: the worst outcome for staff.
        "confident_wrong_share": round(confident_wrong / answered, 4) if answered else 0.0,
        "kind_accuracy": _share(sum(row.get(kind, 0) for kind, row in confusion.items()),
                                sum(sum(row.values()) for row in confusion.values())),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": _p95(ordered),
        # How many questions each share was measured on: a gate over a share of nothing measures nothing.
        "counts": {"hit_at_1": n if any(q.ranked for q in questions) else 0,
                   "out_of_scope_accuracy": counts["oos"][1], "answer_accuracy": counts["answer"][1],
                   "sure_answer_accuracy": counts["sure_answer"][1],
                   "not_covered_accuracy": counts["not_covered"][1], "covered_accuracy": counts["covered"][1],
                   "confident_wrong_share": answered,
                   "kind_accuracy": sum(sum(row.values()) for row in confusion.values())},
        # Why the confident answers were wrong: a gap or another topic answered, the ruling article ranked first but
        # the answer not showing its words, or another article first (read on held-out sets only as these figures).
        "confident_wrong_causes": causes,
        # kinds asked (rows) against kinds understood (columns)
        "kinds": confusion,
        "questions": rows,
    }


def _cause(question: Question, rank: int | None) -> str:
    if question.out_of_scope or question.not_covered:
        return "gap_answered"
    return "right_article_first" if rank == 1 else "wrong_article_first"


def _p95(ordered: list[float]) -> float:
    return round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1)


def latency_by_length(result: dict, limit: int = 200) -> dict[str, float]:
    """p95 latency of the questions under `limit` characters and of the longer ones (bench figures)."""
    short = sorted(row["ms"] for row in result["questions"] if row["chars"] < limit)
    long = sorted(row["ms"] for row in result["questions"] if row["chars"] >= limit)
    return {f"p95_ms_under_{limit}": _p95(short) if short else 0.0,
            f"p95_ms_{limit}_or_more": _p95(long) if long else 0.0}


def engine_system(engine) -> Callable[[str], Outcome]:
    """The engine as a system under evaluation: its ranked units, whether it answered "not covered", and the
    answer rendered as plain text (what the console and the command line show)."""
    from bot.faces.render import render

    def run(question: str) -> Outcome:
        answer = engine.ask(question)
        hits = answer.hits or engine.search(question, k=10).hits
        ranked = [(hit.unit.doc.id, {hit.unit.article} if hit.unit.article else set()) for hit in hits]
        return Outcome(ranked, answer.refused, answer.timings.get("total_ms", 0.0), render(answer), answer.intent,
                       answer.sure)

    return run
