"""One implementation of the classification and ranking figures, checked against
hand-computed cases."""

from __future__ import annotations

import pytest

from workbench.metrics import (
    accuracy,
    average_precision,
    confusion,
    expected_calibration_error,
    macro_f1,
    majority_baseline,
    per_label,
    precision_at,
    ranked,
    reciprocal_rank,
    retrieval_summary,
)


def test_a_predicted_label_absent_from_gold_counts_in_macro_f1() -> None:
    # Gold has only SUP and REF; the system also says NEI, which must count with F1 0.
    pairs = [("SUP", "SUP"), ("SUP", "NEI"), ("REF", "REF"), ("REF", "SUP")]
    scores = per_label(pairs)
    assert set(scores) == {"SUP", "REF", "NEI"}
    assert scores["SUP"].f1 == pytest.approx(0.5)  # tp 1, fp 1, fn 1
    assert scores["REF"].f1 == pytest.approx(2 / 3)  # tp 1, fp 0, fn 1
    assert scores["NEI"].f1 == 0.0 and scores["NEI"].support == 0
    assert macro_f1(pairs) == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)
    # Over gold labels only (the old convention) this would have been higher.
    assert macro_f1(pairs) < (0.5 + 2 / 3) / 2


def test_a_gold_label_never_predicted_has_precision_zero_and_counts() -> None:
    pairs = [("SUP", "SUP"), ("CON", "SUP")]
    scores = per_label(pairs)
    assert scores["CON"].precision == 0.0 and scores["CON"].recall == 0.0
    assert scores["SUP"].precision == 0.5 and scores["SUP"].recall == 1.0
    assert macro_f1(pairs) == pytest.approx((2 / 3) / 2)


def test_accuracy_confusion_and_empty_input() -> None:
    pairs = [("A", "A"), ("A", "B"), ("B", "B"), ("A", "B")]
    assert accuracy(pairs) == 0.5
    assert confusion(pairs) == {"A": {"A": 1, "B": 2}, "B": {"B": 1}}
    assert accuracy([]) == 0.0 and macro_f1([]) == 0.0


def test_majority_baseline_answers_the_commonest_gold_label() -> None:
    label, pairs = majority_baseline(["B", "A", "B", "C"])
    assert label == "B"
    assert pairs == [("B", "B"), ("A", "B"), ("B", "B"), ("C", "B")]
    assert accuracy(pairs) == 0.5
    assert macro_f1(pairs) == pytest.approx((2 / 3 + 0 + 0) / 3)
    assert majority_baseline([]) == (None, [])


def test_expected_calibration_error_by_hand() -> None:
    # Bin 0.9-1.0: confidences 0.95 and 1.0, one right: |0.5 - 0.975| * 2/4.
    # Bin 0.6-0.7: confidences 0.6 and 0.6, both right: |1.0 - 0.6| * 2/4.
    ece = expected_calibration_error([0.95, 1.0, 0.6, 0.6], [True, False, True, True])
    assert ece == pytest.approx(0.475 * 0.5 + 0.4 * 0.5)
    assert expected_calibration_error([0.8, 0.8, 0.8, 0.8, 0.8], [True] * 4 + [False]) == (
        pytest.approx(0.0)
    )
    assert expected_calibration_error([], []) == 0.0
    with pytest.raises(ValueError):
        expected_calibration_error([0.5], [])


def test_ranking_metrics_as_the_checkthat_scorer_computes_them() -> None:
    labels, scores = [0, 1, 0, 1, 1], [0.9, 0.8, 0.8, 0.1, 0.3]
    order = ranked(labels, scores)
    assert order == [0, 1, 0, 1, 1]  # the tie at 0.8 keeps the given order
    assert average_precision(order) == pytest.approx((1 / 2 + 2 / 4 + 3 / 5) / 3)
    assert reciprocal_rank(order) == 0.5
    assert precision_at(order, 2) == 0.5 and precision_at(order, 10) == 0.3
    assert average_precision([0, 0]) == 0.0 and reciprocal_rank([0, 0]) == 0.0
    with pytest.raises(ValueError):
        ranked([1], [])


def test_retrieval_metrics_as_the_claim_matching_scorer_computes_them() -> None:
    from workbench.metrics import attachment_figures, average_precision_at, recall_at

    # Two relevant items, one at rank 2 and one at rank 7 (beyond the cut of 5).
    order = [0, 1, 0, 0, 0, 0, 1]
    assert average_precision_at(order, 5, n_relevant=2) == pytest.approx((1 / 2) / 2)
    assert recall_at(order, 1, 2) == 0.0 and recall_at(order, 5, 2) == 0.5
    assert average_precision_at([1], 5, 0) == 0.0 and recall_at([1], 5, 0) == 0.0
    summary = retrieval_summary([[1, 0], [0, 0, 1], [0] * 6], [1, 1, 1])
    assert summary == pytest.approx(
        {
            "map_at_5": (1 + 1 / 3) / 3,
            "mrr": (1 + 1 / 3) / 3,
            "recall_at_1": 1 / 3,
            "recall_at_5": 2 / 3,
        }
    )
    with pytest.raises(ValueError):
        retrieval_summary([[1]], [])
    shown = attachment_figures([[1], [0, 1], []], [1, 1, 2])
    assert shown == {"precision": 2 / 3, "recall": 2 / 4, "queries_with_a_match": 2 / 3}
    assert attachment_figures([[], []], [1, 1])["precision"] is None
