"""Who decided, derived from the review events: the reviewer's decision over the machine's
proposal, a rejection without the machine's label, a rule named as a rule."""

from __future__ import annotations

from datetime import UTC, datetime

from workbench.check.coverage import uncovered_verdict
from workbench.records import (
    Assertion,
    AssertionKind,
    AssertionResult,
    AttributionKind,
    Label,
    ReviewAction,
    ReviewEvent,
    ReviewStatus,
    Verdict,
)
from workbench.review_state import derive_state, machine_fields
from workbench.ui.card_order import next_pending
from workbench.ui.decision import counts, decision_of, rule_reason

AT = datetime(2026, 12, 3, 10, 42, tzinfo=UTC)


def _result(number: int, verdict: Verdict | None) -> AssertionResult:
    text = f"Claim {number}."
    assertion = Assertion(
        assertion_id=f"as-{number}",
        article_id="art-1",
        start=number * 10,
        end=number * 10 + len(text),
        text=text,
        kind=AssertionKind.FACTUAL,
        attribution=AttributionKind.NONE,
        checkworthy=0.5,
    )
    return AssertionResult(assertion=assertion, verdict=verdict)


def _event(result: AssertionResult, action: ReviewAction, status: ReviewStatus) -> ReviewEvent:
    fields = machine_fields(result)
    return ReviewEvent(
        run_id="run-1",
        assertion_id=result.assertion.assertion_id,
        version=1,
        reviewer="Ada",
        at=AT,
        action=action,
        status_before=ReviewStatus.PENDING,
        status_after=status,
        before=fields,
        after=fields,
        note="The source is about Tahiti." if action == ReviewAction.REJECT else None,
    )


REFUTED = Verdict(label=Label.REFUTED, confidence=0.8, rationale="No.", label_scores={"B": 0.8})


def test_a_rejection_is_the_reviewers_and_carries_no_label() -> None:
    result = _result(1, REFUTED)
    pending = decision_of(result, derive_state("run-1", result, []))
    assert (pending.words, pending.label, pending.headline) == (
        "Refuted",
        "REFUTED",
        "Machine proposal",
    )
    rejected = derive_state(
        "run-1", result, [_event(result, ReviewAction.REJECT, ReviewStatus.REJECTED)]
    )
    decision = decision_of(result, rejected)
    assert (decision.words, decision.label) == ("Rejected", None)
    assert decision.headline == "Rejected by Ada" and decision.at == AT


def test_a_note_decides_nothing_and_counts_follow_the_decision() -> None:
    noted, accepted, unverified = _result(1, REFUTED), _result(2, REFUTED), _result(3, None)
    rows = [
        (
            noted,
            derive_state("run-1", noted, [_event(noted, ReviewAction.NOTE, ReviewStatus.PENDING)]),
        ),
        (
            accepted,
            derive_state(
                "run-1", accepted, [_event(accepted, ReviewAction.ACCEPT, ReviewStatus.ACCEPTED)]
            ),
        ),
        (unverified, derive_state("run-1", unverified, [])),
    ]
    assert not decision_of(*rows[0]).decided  # a note's author did not decide the verdict
    assert decision_of(*rows[1]).headline == "Accepted by Ada"
    assert counts(rows) == {"Refuted": 2, "Not verified": 1}
    # the next pending after the last card wraps round to the first
    assert next_pending(rows, "as-3") == (0, "as-1")
    assert next_pending(rows, "as-1") is None  # the only pending card is the one just left


def test_a_rule_is_named_and_a_failed_model_is_not_a_rule() -> None:
    rule = uncovered_verdict(["Eiffel", "1889"])
    assert rule_reason(rule) == "None of the retrieved source sentences mentions Eiffel or 1889."
    assert rule_reason(REFUTED) is None
    failed = Verdict(
        label=Label.NOT_ENOUGH_EVIDENCE,
        confidence=0.0,
        rationale="The model gave no usable verdict.",
        needs_review=True,
    )
    assert rule_reason(failed) is None
