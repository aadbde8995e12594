"""Rating text -> Label: our own scale exactly, common words where clear, else nothing."""

from __future__ import annotations

import pytest

from workbench.factchecks.ratings import label_for_rating, label_for_score
from workbench.records import Label
from workbench.settings import ExportOptions, RatingStep

DEFAULT = ExportOptions()


def test_our_default_scale_maps_back_exactly() -> None:
    for label in Label:
        assert label_for_rating(DEFAULT.rating_scale[label.value].name, DEFAULT) == label


def test_a_configured_scale_maps_back_exactly_and_wins_over_common_words() -> None:
    options = ExportOptions(
        rating_scale={
            "SUPPORTED": RatingStep(value=5, name="Mostly true"),
            "REFUTED": RatingStep(value=1, name="Debunked"),
            "CONFLICTING": RatingStep(value=3, name="True"),  # odd, but the desk's own word
            "NOT_ENOUGH_EVIDENCE": RatingStep(value=3, name="Open"),
        }
    )
    assert [label_for_rating(options.rating_scale[lab.value].name, options) for lab in Label] == [
        *Label
    ]
    assert label_for_rating("Mostly true", DEFAULT) is None  # not ours by default


def test_a_name_two_labels_share_says_neither() -> None:
    options = ExportOptions(
        rating_scale={
            "CONFLICTING": RatingStep(value=3, name="Open"),
            "NOT_ENOUGH_EVIDENCE": RatingStep(value=3, name="Open"),
        }
    )
    assert label_for_rating("Open", options) is None


@pytest.mark.parametrize(
    ("rating", "label"),
    [
        ("False", Label.REFUTED),
        ("FALSE.", Label.REFUTED),
        ("Pants on Fire!", Label.REFUTED),
        ("pants-on-fire", Label.REFUTED),
        ("Incorrect", Label.REFUTED),
        ("True", Label.SUPPORTED),
        ("Correct", Label.SUPPORTED),
        ("Mixture", Label.CONFLICTING),
        ("Half True", Label.CONFLICTING),
        ("half-true", Label.CONFLICTING),
        ("Unproven", Label.NOT_ENOUGH_EVIDENCE),
        ("NOT_ENOUGH_EVIDENCE", Label.NOT_ENOUGH_EVIDENCE),
        ("Mostly False", None),
        ("Misleading", None),
        ("Partly true", None),
        ("Satire", None),
        ("", None),
    ],
)
def test_common_words(rating: str, label: Label | None) -> None:
    assert label_for_rating(rating, DEFAULT) == label


def test_a_bare_score_is_clear_only_at_the_ends_of_a_stated_scale() -> None:
    assert label_for_score(1, best=5, worst=1) == Label.REFUTED
    assert label_for_score(5, best=5, worst=1) == Label.SUPPORTED
    assert label_for_score(3, best=5, worst=1) is None
    assert label_for_score(1, best=None, worst=None) is None
    assert label_for_score(1, best=1, worst=1) is None
