"""When an answer may say it is sure: what it rests on against whether it was right.

Runs the engine over question sets and prints, per basis of the answer (the catalogue's rule, a retrieved unit
that rules the award, the best unit found, the nomination rules) and per signal of retrieval, how many answers
were right and wrong, then the share of confident answers that were wrong and the share of answers marked unsure
under the engine's own rule. Run after `thiduabot ingest` (DATA_DIR, KNOWLEDGE_DIRS as for `thiduabot eval`).
Usage: .venv/bin/python bench/sure.py [SET.yaml ...]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.evaluate import Outcome, answer_problems, load_questions
from bot.faces.render import render
from bot.services import build_engine
from bot.settings import Settings

SETS = [Path("tests/data/paraphrase.yaml"), Path("tests/data/answers.yaml"), Path("tests/data/eligibility.yaml")]


def signals(answer) -> dict[str, object]:
    """What retrieval says of the unit an answer rests on."""
    hits = answer.hits
    top = hits[0] if hits else None
    second = next((h for h in hits[1:] if top and (h.unit.doc.id, h.unit.article) != (top.unit.doc.id,
                                                                                       top.unit.article)), None)
    densest = max(hits[:10], key=lambda h: h.dense) if hits else None
    return {
        "basis": "eligibility" if answer.mode == "eligibility" else answer.basis,
        "dense_agrees": bool(top and densest and (densest.unit.doc.id, densest.unit.article)
                             == (top.unit.doc.id, top.unit.article)),
        "margin": round((top.score - second.score) / top.score, 2) if top and second and top.score else 1.0,
        "relevance": round(answer.relevance, 2),
    }


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or SETS
    engine = build_engine(Settings())
    rows = []
    for path in paths:
        for question in load_questions(path):
            answer = engine.ask(question.text)
            if answer.refused or not (question.checks_answer or question.not_covered or question.out_of_scope):
                continue
            seen = Outcome([], answer.refused, 0.0, render(answer))
            wrong = bool(answer_problems(question, seen) if question.checks_answer else True)
            rows.append({**signals(answer), "sure": answer.sure, "wrong": wrong, "set": path.stem})
    by_basis = Counter((row["basis"], row["wrong"]) for row in rows)
    print(f"{len(rows)} answers (not refused) over {', '.join(p.stem for p in paths)}")
    print("basis          right wrong")
    for basis in sorted({row["basis"] for row in rows}):
        print(f"{basis:<14} {by_basis[(basis, False)]:>5} {by_basis[(basis, True)]:>5}")
    for name, test in (("dense agrees", lambda r: r["dense_agrees"]), ("margin >= 0.1", lambda r: r["margin"] >= 0.1),
                       ("relevance >= 0.6", lambda r: r["relevance"] >= 0.6)):
        retrieved = [row for row in rows if row["basis"] == "retrieval"]
        held = Counter((test(row), row["wrong"]) for row in retrieved)
        print(f"retrieval, {name:<17} yes: {held[(True, False)]} right {held[(True, True)]} wrong; "
              f"no: {held[(False, False)]} right {held[(False, True)]} wrong")
    confident = [row for row in rows if row["sure"]]
    print(f"sure: {len(confident)} of {len(rows)} ({len(confident) / max(len(rows), 1):.2f}); "
          f"confident and wrong: {sum(r['wrong'] for r in confident) / max(len(confident), 1):.3f} of the sure, "
          f"{sum(r['wrong'] for r in confident) / max(len(rows), 1):.3f} of all answered")
    unsure = [row for row in rows if not row["sure"]]
    print(f"unsure: {len(unsure)}, of them right {sum(not r['wrong'] for r in unsure)}")


if __name__ == "__main__":
    main()
