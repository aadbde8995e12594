from __future__ import annotations

import math

import numpy as np

from workbench.matching.features import FEATURES
from workbench.matching.reranker import MAX_MATCHES, Reranker, attached, default_reranker


def test_the_shipped_weights_load_and_name_what_they_were_fitted_on() -> None:
    reranker = default_reranker()
    assert reranker.weights.shape == (len(FEATURES),)
    assert 0.0 < reranker.threshold < 1.0
    assert reranker.version.startswith("cm-") and len(reranker.fitted_on) == 64
    cosine = reranker.weights[FEATURES.index("cosine")]
    assert cosine > 0  # closer in meaning is more likely the same claim


def test_the_score_is_the_logistic_of_the_weighted_features() -> None:
    reranker = Reranker("t", "e", np.array([2.0] + [0.0] * (len(FEATURES) - 1)), -1.0, 0.5, 30)
    rows = np.zeros((2, len(FEATURES)))
    rows[1, 0] = 1.0
    assert np.allclose(reranker.score(rows), [1 / (1 + math.e), 1 / (1 + math.exp(-1))])
    assert reranker.score(np.zeros((0, len(FEATURES)))).shape == (0,)


def test_matches_are_attached_at_or_above_the_threshold_best_first_and_few() -> None:
    scores = [0.2, 0.95, 0.7, 0.7, 0.91, 0.99]
    assert attached(scores, 0.7) == [5, 1, 4][:MAX_MATCHES]
    assert attached(scores, 0.7, limit=5) == [5, 1, 4, 2, 3]  # ties keep their order
    assert attached(scores, 0.999) == []


def test_the_same_text_twice_is_attached_once() -> None:
    scores = [0.97, 0.96, 0.95, 0.5]
    keys = ["same claim", "same claim", "another claim", "a third"]
    assert attached(scores, 0.9, keys=keys) == [0, 2]
