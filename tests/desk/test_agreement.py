"""Cohen's kappa against cases worked by hand, and agreement read from real blind votes."""

from __future__ import annotations

import pytest

from workbench.desk.agreement import by_pair, by_run, cohen_kappa, voted_pairs
from workbench.desk.blind import BlindReviewService
from workbench.records import Label
from workbench.review import ReviewService

from .conftest import Desk

S, R, N = "SUPPORTED", "REFUTED", "NOT_ENOUGH_EVIDENCE"


def test_perfect_agreement_is_one() -> None:
    found = cohen_kappa([(S, S), (R, R), (N, N), (S, S)])
    # p_o = 1; p_e = (2*2 + 1*1 + 1*1) / 16 = 0.375; kappa = (1 - 0.375) / 0.625 = 1
    assert (found.n, found.observed, found.expected, found.kappa) == (4, 1.0, 0.375, 1.0)
    assert found.labels == (N, R, S)


def test_chance_level_agreement_is_zero() -> None:
    # A says S, S, R, R; B says S, R, S, R: half agree, and half is what chance gives.
    found = cohen_kappa([(S, S), (S, R), (R, S), (R, R)])
    assert (found.observed, found.expected, found.kappa) == (0.5, 0.5, 0.0)


def test_the_textbook_two_by_two_table() -> None:
    # 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15.
    # p_o = 35/50 = 0.7; A says yes 25/50, B 30/50: p_e = 0.5*0.6 + 0.5*0.4 = 0.5;
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    items = [(S, S)] * 20 + [(S, R)] * 5 + [(R, S)] * 10 + [(R, R)] * 15
    found = cohen_kappa(items)
    assert found.n == 50
    assert found.observed == pytest.approx(0.7)
    assert found.expected == pytest.approx(0.5)
    assert found.kappa == pytest.approx(0.4)


def test_worse_than_chance_is_negative() -> None:
    # Never the same: p_o = 0, p_e = 0.5, kappa = -0.5 / 0.5 = -1.
    assert cohen_kappa([(S, R), (R, S)]).kappa == -1.0


def test_a_single_label_throughout_is_undefined_not_a_division_by_zero() -> None:
    found = cohen_kappa([(S, S)] * 3)
    assert (found.n, found.observed, found.expected, found.kappa) == (3, 1.0, 1.0, None)
    nothing = cohen_kappa([])
    assert (nothing.n, nothing.observed, nothing.expected, nothing.kappa) == (0, None, None, None)


def test_agreement_per_pair_and_run_from_blind_votes(desk: Desk) -> None:
    first, second = desk.assertions
    BlindReviewService(desk.wb).switch_on(desk.run_id, ["Cleo", "Ben"], by=desk.eve)
    review = ReviewService(desk.wb)
    review.accept(desk.run_id, first, "Ben")  # SUPPORTED
    assert voted_pairs(desk.wb) == []  # one vote is not an item yet
    review.accept(desk.run_id, first, "Cleo")  # SUPPORTED: agreed
    review.reject(desk.run_id, second, "Cleo", reason="No.")  # REJECTED
    review.edit(desk.run_id, second, "Ben", label=Label.REFUTED, rationale="No.")  # REFUTED
    pairs = voted_pairs(desk.wb, desk.run_id)
    assert [(a.reviewer, a.label, b.reviewer, b.label) for _, a, b in pairs] == [
        ("Ben", S, "Cleo", S),
        ("Ben", R, "Cleo", "REJECTED"),
    ]
    (pair,) = by_pair(desk.wb)
    assert (pair.reviewers, pair.runs) == (("Ben", "Cleo"), (desk.run_id,))
    # A: S, R; B: S, REJECTED. p_o = 1/2; p_e = (1*1) / 4 = 1/4; kappa = (1/2 - 1/4) / (3/4).
    assert pair.agreement.n == 2 and pair.agreement.observed == 0.5
    assert pair.agreement.expected == 0.25
    assert pair.agreement.kappa == pytest.approx(1 / 3)
    (run,) = by_run(desk.wb, desk.run_id)
    assert (run.reviewers, run.article_title, run.agreement) == (
        ("Cleo", "Ben"),
        "Moai",
        pair.agreement,
    )
