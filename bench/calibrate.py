"""How the "not covered" threshold was chosen: relevance of in-scope and out-of-scope questions.

Prints, for the shared dev set and the project's own set, each question's relevance and whether it names a
domain word, then the margins around RELEVANCE_THRESHOLD. Run after `thiduabot ingest`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.engine.core import STRONG_RELEVANCE_MARGIN
from bot.evaluate import load_questions
from bot.services import build_engine
from bot.settings import Settings

SETS = {"dev": Path("../shared/eval/dev.yaml"), "own": Path("tests/data/questions.yaml"),
        "answers": Path("tests/data/answers.yaml")}


def main() -> None:
    settings = Settings()
    engine = build_engine(settings)
    rows = []
    for name, path in SETS.items():
        for question in load_questions(path):
            if question.not_covered or (question.covered and not question.expect):
                continue  # refused by the catalogue's gaps / answered by the introduction, not by relevance
            result = engine.search(question.text)
            anchored = engine.domain.mentioned(result.query) or result.refs.any
            rows.append((name, question.out_of_scope, anchored, result.relevance, question.text))
    for name, oos, anchored, relevance, text in sorted(rows, key=lambda r: (r[2], r[3])):
        print(f"{name:4} {'OUT' if oos else 'in '} {'domain' if anchored else '------'} {relevance:5.2f}  {text}")
    for anchored in (True, False):
        inside = [r[3] for r in rows if not r[1] and r[2] == anchored]
        outside = [r[3] for r in rows if r[1] and r[2] == anchored]
        threshold = settings.relevance_threshold + (0 if anchored else STRONG_RELEVANCE_MARGIN)
        lowest, highest = min(inside, default=float("nan")), max(outside, default=float("nan"))
        print(f"{'with' if anchored else 'without'} a domain word: lowest in-scope {lowest:.2f}, "
              f"highest out-of-scope {highest:.2f}, threshold {threshold:.2f}")


if __name__ == "__main__":
    main()
