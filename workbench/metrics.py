"""Classification, calibration and ranking metrics: one implementation for `workbench eval`,
the training script and every benchmark script, so a figure means the same thing wherever it
is printed.

Conventions (scikit-learn's): macro-F1 averages per-label F1 over the union of gold and
predicted labels, so a label the system predicts but the data never has counts with F1 0;
a label with no prediction has precision 0; ECE bins confidences into equal-width bins.
Ranking (the CLEF CheckThat! 2019 Task 1 scorer's): one ranked list per document, by
descending score, ties in the given order; AP, RR and P@k per document, then means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

L = TypeVar("L", bound=Hashable)
ECE_BINS = 10


@dataclass(frozen=True)
class LabelScores:
    precision: float
    recall: float
    f1: float
    support: int  # gold count


def labels_of(pairs: Sequence[tuple[L, L]]) -> list[L]:
    """Every label that occurs as gold or as prediction, in first-seen order."""
    return list(dict.fromkeys(label for pair in pairs for label in pair))


def per_label(
    pairs: Sequence[tuple[L, L]], labels: Sequence[L] | None = None
) -> dict[L, LabelScores]:
    """Precision, recall, F1 and support of each label; pairs are (gold, predicted)."""
    scores = {}
    for label in labels if labels is not None else labels_of(pairs):
        tp = sum(1 for g, p in pairs if g == label == p)
        fp = sum(1 for g, p in pairs if p == label != g)
        fn = sum(1 for g, p in pairs if g == label != p)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        scores[label] = LabelScores(precision, recall, f1, tp + fn)
    return scores


def macro_f1(pairs: Sequence[tuple[L, L]]) -> float:
    """Mean F1 over the union of gold and predicted labels (0.0 for no pairs)."""
    scores = per_label(pairs)
    return sum(s.f1 for s in scores.values()) / len(scores) if scores else 0.0


def accuracy(pairs: Sequence[tuple[L, L]]) -> float:
    return sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0


def majority_baseline(gold: Sequence[L]) -> tuple[L | None, list[tuple[L, L]]]:
    """The commonest gold label (ties: first seen) and the pairs of always answering it: the
    floor any classifier's accuracy on the same claims must clear to mean something."""
    if not gold:
        return None, []
    label = Counter(gold).most_common(1)[0][0]
    return label, [(g, label) for g in gold]


def confusion(pairs: Sequence[tuple[L, L]]) -> dict[L, dict[L, int]]:
    """{gold: {predicted: count}}, only the cells that occur."""
    table: dict[L, dict[L, int]] = {}
    for (gold, predicted), count in Counter(pairs).items():
        table.setdefault(gold, {})[predicted] = count
    return table


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = ECE_BINS
) -> float:
    """Sum over equal-width confidence bins of |accuracy - mean confidence|, weighted by the
    bin's share of the claims. 0 is perfectly calibrated; confidence 1.0 falls in the last bin."""
    if len(confidences) != len(correct):
        raise ValueError("one correctness flag per confidence")
    if not confidences:
        return 0.0
    binned: dict[int, list[tuple[float, bool]]] = {}
    for confidence, right in zip(confidences, correct, strict=True):
        index = min(int(confidence * bins), bins - 1)
        binned.setdefault(index, []).append((confidence, right))
    total = len(confidences)
    return sum(
        len(members)
        / total
        * abs(sum(r for _, r in members) / len(members) - sum(c for c, _ in members) / len(members))
        for members in binned.values()
    )


def ranked(labels: Sequence[int], scores: Sequence[float]) -> list[int]:
    """The 0/1 labels in rank order: descending score, ties in the given order (as the
    official scorer's stable reverse sort leaves them)."""
    if len(labels) != len(scores):
        raise ValueError("one score per label")
    order = sorted(range(len(labels)), key=lambda i: -scores[i])
    return [labels[i] for i in order]


def average_precision(labels_in_rank_order: Sequence[int]) -> float:
    """Mean of the precision at each positive's rank; 0.0 when there is no positive."""
    hits, total = 0, 0.0
    for rank, label in enumerate(labels_in_rank_order, start=1):
        if label:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def reciprocal_rank(labels_in_rank_order: Sequence[int]) -> float:
    """1 / the rank of the first positive; 0.0 when there is none."""
    return next((1.0 / r for r, x in enumerate(labels_in_rank_order, start=1) if x), 0.0)


def precision_at(labels_in_rank_order: Sequence[int], k: int) -> float:
    """Positives among the first k, over k (a list shorter than k counts as padded with
    negatives; the official scorer has no such case)."""
    return sum(1 for x in labels_in_rank_order[:k] if x) / k


# --- retrieval: one ranked list per query, relevance known for a few items -------------------
# (the CLEF CheckThat! 2020 Task 2 scorer's definitions: trec_eval's AP cut at k divides by
# every relevant item of the query, retrieved or not)


def average_precision_at(labels_in_rank_order: Sequence[int], k: int, n_relevant: int) -> float:
    """Sum of the precision at each relevant rank among the first k, over ``n_relevant``."""
    if n_relevant <= 0:
        return 0.0
    hits, total = 0, 0.0
    for rank, label in enumerate(labels_in_rank_order[:k], start=1):
        if label:
            hits += 1
            total += hits / rank
    return total / n_relevant


def recall_at(labels_in_rank_order: Sequence[int], k: int, n_relevant: int) -> float:
    """Relevant items among the first k, over ``n_relevant``."""
    return sum(1 for x in labels_in_rank_order[:k] if x) / n_relevant if n_relevant > 0 else 0.0


def retrieval_summary(
    rankings: Sequence[Sequence[int]], n_relevant: Sequence[int], k: int = 5
) -> dict[str, float]:
    """Means over queries of AP@k, RR (over the whole list), recall@1 and recall@k; each
    ranking is the 0/1 relevance of a query's results, best first."""
    if len(rankings) != len(n_relevant):
        raise ValueError("one relevant count per ranking")
    if not rankings:
        return {f"map_at_{k}": 0.0, "mrr": 0.0, "recall_at_1": 0.0, f"recall_at_{k}": 0.0}
    n = len(rankings)
    pairs = list(zip(rankings, n_relevant, strict=True))
    return {
        f"map_at_{k}": sum(average_precision_at(r, k, m) for r, m in pairs) / n,
        "mrr": sum(reciprocal_rank(r) for r, _ in pairs) / n,
        "recall_at_1": sum(recall_at(r, 1, m) for r, m in pairs) / n,
        f"recall_at_{k}": sum(recall_at(r, k, m) for r, m in pairs) / n,
    }


def attachment_figures(attached: Sequence[Sequence[int]], n_relevant: Sequence[int]) -> dict:
    """What attaching matches above a threshold gives: ``attached`` holds, per query, the 0/1
    relevance of the matches attached. Precision over all attached matches (None when none
    is), recall over all relevant items, and the share of queries with any match attached."""
    shown = sum(len(a) for a in attached)
    right = sum(sum(a) for a in attached)
    relevant = sum(n_relevant)
    return {
        "precision": right / shown if shown else None,
        "recall": right / relevant if relevant else 0.0,
        "queries_with_a_match": sum(1 for a in attached if a) / len(attached) if attached else 0.0,
    }
