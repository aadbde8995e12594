"""The re-ranker: is this archive entry the same claim? A score in [0, 1] per candidate.

A logistic regression over the pair features (features.py), fitted by
``training/claim_matching.py`` on CLEF CheckThat! 2020 Task 2 dev tweets ("free for general
research use") and shipped as ``reranker_weights.json`` with its cross-validated figures and
the threshold at which matches are attached. Only numpy runs here.

The shipped weights leave two kinds of feature at 0 ("unused_features" in the file): those
relative to the claim's best candidate, which make the best of a never-checked claim's
candidates look like a match (no better ranking, and for the same precision the threshold had
to rise so far that recall fell from 0.51 to 0.32), and the BM25 score, whose scale grows
with the archive (its IDF does): a model fitted on 10,375 fact-checks would under-score every
match in a young archive of a few hundred (it cost 0.007 MAP@5 to leave out). BM25 still
chooses the candidates. Figures: BENCHMARKS.md, 2026-12-03.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from workbench.matching.features import FEATURES

WEIGHTS_FILE = Path(__file__).with_name("reranker_weights.json")
PRECISION_TARGET = 0.9  # of attached matches, chosen on dev tweets (training script)
MAX_MATCHES = 3  # attached per assertion: a reviewer reads them, more is noise


@dataclass(frozen=True)
class Reranker:
    version: str  # names the fitted weights
    embedder: str  # the embedder whose cosines the weights were fitted on
    weights: np.ndarray  # over FEATURES, raw (standardisation folded in)
    bias: float
    threshold: float  # scores at or above it are attached as matches
    pool: int  # candidates per retriever it was fitted with
    fitted_on: str = ""  # sha256 of the queries file fitted on: eval on it is in-sample

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Reranker:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}: its features differ from this code's; retrain")
        return cls(
            version=data["version"],
            embedder=data["embedder"],
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            pool=int(data["pool"]),
            fitted_on=data.get("fitted_on", {}).get("queries_sha256", ""),
        )

    def score(self, rows: np.ndarray) -> np.ndarray:
        """sigmoid(features · weights + bias), one score per row."""
        if not len(rows):
            return np.zeros(0)
        return 1.0 / (
            1.0 + np.exp(-(np.asarray(rows, dtype=np.float64) @ self.weights + self.bias))
        )


def attached(
    scores: Sequence[float],
    threshold: float,
    limit: int = MAX_MATCHES,
    keys: Sequence[Hashable] | None = None,
) -> list[int]:
    """Positions of the candidates attached as matches: at or above the threshold, best
    first (ties in the given order), at most ``limit``; with ``keys``, one per key (the
    same fact-check text imported twice is shown once, the better-placed copy)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    chosen: list[int] = []
    seen: set[Hashable] = set()
    for i in order:
        if scores[i] < threshold or len(chosen) == limit:
            break
        if keys is not None:
            if keys[i] in seen:
                continue
            seen.add(keys[i])
        chosen.append(i)
    return chosen


@cache
def default_reranker() -> Reranker:
    return Reranker.load()
