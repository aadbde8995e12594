"""Who decided a verdict, as every part of the Review screen shows it.

The machine proposes; a reviewer decides. The article's highlight, the card's badges, the
counts and the label filter all follow the reviewer's decision once there is one: a
rejected verdict is "Rejected by Ana" in neutral grey, never the machine's label. Until a
reviewer decides, what is shown is the machine's proposal, styled as one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from workbench.records import (
    DECIDING_ACTIONS,
    AssertionResult,
    ReviewState,
    ReviewStatus,
    Verdict,
)
from workbench.ui.services import LABEL_COLOURS, LABEL_WORDS, esc, label_words

REJECTED, NOT_VERIFIED = "Rejected", "Not verified"
# The legend's order: the four labels, then the two states that carry no label.
LEGEND = (*LABEL_WORDS.values(), REJECTED, NOT_VERIFIED)


@dataclass(frozen=True)
class Decision:
    """What a card and the article show for one assertion."""

    words: str  # the label in words ("Supported"), "Rejected" or "Not verified"
    label: str | None  # the label whose colour is shown; None: neutral (rejected, unverified)
    by: str | None  # the reviewer who decided; None: the machine's proposal stands
    at: datetime | None
    status: ReviewStatus

    @property
    def decided(self) -> bool:
        return self.by is not None

    @property
    def headline(self) -> str:
        """ "Rejected by Ana", "Edited by Ana", "Accepted by Ana" or "Machine proposal"."""
        if not self.decided:
            return "Machine proposal"
        return f"{self.status.value.capitalize()} by {self.by}"


def decision_of(result: AssertionResult, state: ReviewState) -> Decision:
    if result.verdict is None:
        return Decision(NOT_VERIFIED, None, None, None, state.status)
    deciding = [e for e in state.history if e.action in DECIDING_ACTIONS]
    last = deciding[-1] if deciding and state.status != ReviewStatus.PENDING else None
    by, at = (last.reviewer, last.at) if last else (None, None)
    if state.status == ReviewStatus.REJECTED:
        return Decision(REJECTED, None, by, at, state.status)
    label = state.current.label.value if state.current.label else None
    return Decision(label_words(label), label, by, at, state.status)


def rule_reason(verdict: Verdict) -> str | None:
    """The reason of a verdict settled by a rule without asking the model (the coverage
    rule, or no evidence at all): such verdicts carry no label scores. A model that gave no
    usable reply also leaves none, but with confidence 0: that is no rule."""
    if verdict.label_scores or verdict.confidence == 0.0:
        return None
    return verdict.rationale


def counts(rows: Sequence[tuple[AssertionResult, ReviewState]]) -> Counter[str]:
    return Counter(decision_of(result, state).words for result, state in rows)


def legend(rows: Sequence[tuple[AssertionResult, ReviewState]]) -> str:
    """The colours with what they mean and how many assertions carry each (HTML)."""
    by_words = counts(rows)
    colour_of = {words: label for label, words in LABEL_WORDS.items()}
    items = []
    for words in LEGEND:
        label = colour_of.get(words)
        swatch = (
            f'<span class="wb-swatch" style="background:{LABEL_COLOURS[label][1]}"></span>'
            if label
            else f'<span class="wb-swatch wb-swatch-{"rejected" if words == REJECTED else "none"}">'
            "</span>"
        )
        items.append(f'<span class="wb-key">{swatch}{esc(words)} {by_words.get(words, 0)}</span>')
    return (
        f'<div class="wb-legend">{"".join(items)}<br><span class="wb-muted">In the article: '
        "dashed underline, the machine's proposal, not yet reviewed; solid, decided by a "
        "reviewer; no colour, rejected by a reviewer or not verified.</span></div>"
    )
