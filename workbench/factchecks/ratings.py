"""A publisher's rating text -> our Label, only where the meaning is clear.

Our own rating scale (Settings.export.rating_scale, what `export --format claimreview`
writes) maps back exactly; then a short list of words fact-checkers commonly use. Ratings
such as "Mostly false", "Misleading" or "Partly true" say something none of our labels
says, so they keep their text and get no label.
"""

from __future__ import annotations

import re

from workbench.records import Label
from workbench.settings import ExportOptions

COMMON: dict[str, Label] = {
    **dict.fromkeys(
        ("false", "pants on fire", "incorrect", "fake", "wrong", "untrue", "not true", "hoax"),
        Label.REFUTED,
    ),
    **dict.fromkeys(("true", "correct", "accurate"), Label.SUPPORTED),
    **dict.fromkeys(("mixture", "mixed", "half true"), Label.CONFLICTING),
    **dict.fromkeys(
        ("unproven", "unverified", "unverifiable", "not enough evidence"),
        Label.NOT_ENOUGH_EVIDENCE,
    ),
    # Our labels by name, e.g. from a JSON export or a plain line written by hand.
    **{label.value.lower().replace("_", " "): label for label in Label},
}


def _key(text: str) -> str:
    """Case, hyphens, underscores and end punctuation do not change a rating."""
    text = re.sub(r"[-_]", " ", text.casefold())
    return " ".join(re.sub(r"[^\w\s]", "", text).split())


def _own_scale(options: ExportOptions) -> dict[str, Label]:
    """Our scale's names; a name given to two labels says neither, so it is left out."""
    names: dict[str, set[Label]] = {}
    for label in Label:
        step = options.rating_scale.get(label.value)
        if step is not None:
            names.setdefault(_key(step.name), set()).add(label)
    return {name: next(iter(labels)) for name, labels in names.items() if len(labels) == 1}


def label_for_rating(rating: str, options: ExportOptions) -> Label | None:
    key = _key(rating)
    return _own_scale(options).get(key) or COMMON.get(key)


def label_for_score(value: float, best: float | None, worst: float | None) -> Label | None:
    """A numeric rating without a name: only the ends of a stated scale are clear (the
    ClaimReview convention is worst = false, best = true)."""
    if best is None or worst is None or best == worst:
        return None
    if value == best:
        return Label.SUPPORTED
    if value == worst:
        return Label.REFUTED
    return None
