"""Blind double review, derived from a verdict's events: the open round's votes, what a
viewer may see of them, and the decision two agreeing votes settle.

A round is the stretch of events since the verdict was last decided or sent back. In it
each of the run's two reviewers casts a vote (the latest counts); while one of them has not
voted, the other's votes and notes show who and when, never what. Pure functions over the
events (no database), so `derive_state` in workbench/review.py can call them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from workbench.desk.decisions import same_person
from workbench.records import (
    DECIDING_ACTIONS,
    BlindState,
    BlindVote,
    ReviewAction,
    ReviewEvent,
    ReviewStatus,
    VerdictFields,
)

REJECTED_LABEL = "REJECTED"
HIDDEN = "hidden until both blind reviewers have decided"
# What ends a round: a decision (settled, resolved, rechecked) or a send-back.
ROUND_ENDS = DECIDING_ACTIONS | {ReviewAction.SEND_BACK}
_ACTION_OF = {
    ReviewStatus.ACCEPTED: ReviewAction.ACCEPT,
    ReviewStatus.REJECTED: ReviewAction.REJECT,
    ReviewStatus.EDITED: ReviewAction.EDIT,
}


def vote_label(decision: ReviewStatus, fields: VerdictFields) -> str:
    """The label a vote counts as: the one the reviewer left the verdict with (the
    machine's when accepted, their own when edited), or REJECTED for a rejection, which
    says the machine is wrong without naming what is right."""
    if decision == ReviewStatus.REJECTED:
        return REJECTED_LABEL
    return fields.label.value if fields.label else "NOT_VERIFIED"


def vote_of(event: ReviewEvent) -> BlindVote:
    assert event.blind_decision is not None
    return BlindVote(
        reviewer=event.reviewer,
        at=event.at,
        version=event.version,
        decision=event.blind_decision,
        label=vote_label(event.blind_decision, event.after),
    )


def rounds(events: Sequence[ReviewEvent]) -> list[list[ReviewEvent]]:
    """The events split into rounds, each closed by the event that ended it (the last one
    may be open)."""
    split: list[list[ReviewEvent]] = [[]]
    for event in events:
        split[-1].append(event)
        if event.action in ROUND_ENDS:
            split.append([])
    return split


def round_votes(round_events: Sequence[ReviewEvent]) -> list[BlindVote]:
    """Each voter's latest vote in a round, in the order they first voted."""
    latest: dict[str, BlindVote] = {}
    for event in round_events:
        if event.action == ReviewAction.BLIND_VOTE:
            latest[event.reviewer.casefold()] = vote_of(event)
    return list(latest.values())


def first_agreement_pair(events: Sequence[ReviewEvent]) -> tuple[BlindVote, BlindVote] | None:
    """The two votes of the first round both reviewers voted in: the independent
    judgement agreement is measured on (later rounds follow a look at each other's)."""
    for round_events in rounds(events):
        votes = round_votes(round_events)
        if len(votes) == 2:
            return votes[0], votes[1]
    return None


def _is_one_of(name: str | None, reviewers: Sequence[str]) -> bool:
    return name is not None and any(same_person(name, r) for r in reviewers)


def blind_state(
    events: Sequence[ReviewEvent], reviewers: tuple[str, str], viewer: str | None
) -> BlindState:
    votes = round_votes(rounds(events)[-1])
    both = len(votes) == 2
    return BlindState(
        reviewers=reviewers,
        voted=tuple(v.reviewer for v in votes),
        votes=tuple(v for v in votes if both or (viewer and same_person(v.reviewer, viewer))),
        disagreement=both and votes[0].label != votes[1].label,
    )


def redact(
    events: Sequence[ReviewEvent], reviewers: tuple[str, str], viewer: str | None
) -> tuple[ReviewEvent, ...]:
    """The history as `viewer` may see it (None: someone not signed in). While a pending
    verdict's open round lacks a vote, the votes and notes cast in it by blind reviewers
    other than the viewer keep who and when, and lose what."""
    open_round = rounds(events)[-1]
    pending = not events or events[-1].status_after == ReviewStatus.PENDING
    if not pending or len(round_votes(open_round)) == 2:  # no blind round, or both voted
        return tuple(events)
    hidden = {
        e.version
        for e in open_round
        if e.action in (ReviewAction.BLIND_VOTE, ReviewAction.NOTE)
        and _is_one_of(e.reviewer, reviewers)
        and not (viewer and same_person(e.reviewer, viewer))
    }
    return tuple(
        e.model_copy(update={"after": e.before, "blind_decision": None, "note": HIDDEN})
        if e.version in hidden
        else e
        for e in events
    )


def cast(
    run_id: str,
    assertion_id: str,
    events: Sequence[ReviewEvent],
    reviewers: tuple[str, str],
    current: VerdictFields,
    voter: str,
    decision: ReviewStatus,
    fields: VerdictFields,
    note: str | None,
    at: datetime,
) -> list[ReviewEvent]:
    """The events a vote appends: the vote, and when it agrees with the other reviewer's
    vote on the label, the decision they settle (carrying both votes)."""
    if not _is_one_of(voter, reviewers):
        raise ValueError(
            f"this run is under blind double review by {' and '.join(reviewers)}: only they "
            "decide its pending verdicts, and an editor resolves where they disagree"
        )
    voter = next(r for r in reviewers if same_person(r, voter))
    votes = round_votes(rounds(events)[-1])
    others = [v for v in votes if not same_person(v.reviewer, voter)]
    if len(votes) == 2:
        raise ValueError(
            "both blind reviewers have decided and disagree: an editor resolves it "
            "(the Disagreements queue, `workbench review resolve`)"
        )
    status = events[-1].status_after if events else ReviewStatus.PENDING
    vote = ReviewEvent(
        run_id=run_id,
        assertion_id=assertion_id,
        version=len(events) + 1,
        reviewer=voter,
        at=at,
        action=ReviewAction.BLIND_VOTE,
        status_before=status,
        status_after=status,
        before=current,
        after=fields,
        note=note,
        blind_decision=decision,
    )
    made = [vote]
    mine = vote_of(vote)
    if others and others[0].label == mine.label:
        first = next(e for e in events if e.version == others[0].version)
        made.append(_settled(first, vote, current))
    return made


def _settled(first: ReviewEvent, second: ReviewEvent, current: VerdictFields) -> ReviewEvent:
    """Two votes on one label settle the verdict: both accepted, it is accepted; both
    rejected, rejected (both reasons kept); else edited, with the first edit's fields."""
    a, b = first.blind_decision, second.blind_decision
    if a == b and a in (ReviewStatus.ACCEPTED, ReviewStatus.REJECTED):
        decision, fields = a, current
    else:
        decision = ReviewStatus.EDITED
        fields = first.after if a == ReviewStatus.EDITED else second.after
    reasons = [f"{e.reviewer}: {e.note}" for e in (first, second) if e.note]
    label = vote_label(decision, fields)
    note = f"blind double review: {first.reviewer} and {second.reviewer} agree ({label})"
    note += f"; {'; '.join(reasons)}" if reasons else ""
    # Under the reviewer whose vote completed the agreement, at the moment it did.
    made = _decision(second, second.reviewer, second.at, decision, current, fields, note)
    return made.model_copy(update={"blind_votes": (vote_of(first), vote_of(second))})


def resolution(
    events: Sequence[ReviewEvent],
    current: VerdictFields,
    editor: str,
    decision: ReviewStatus,
    fields: VerdictFields,
    note: str | None,
    at: datetime,
) -> ReviewEvent:
    """An editor's decision on a disagreement, carrying both votes."""
    votes = round_votes(rounds(events)[-1])
    said = "; ".join(f"{v.reviewer}: {v.label} ({v.decision.value})" for v in votes)
    summary = f"resolved a blind disagreement ({said}): {vote_label(decision, fields)}"
    summary += f"; {note}" if note else ""
    made = _decision(events[-1], editor, at, decision, current, fields, summary)
    return made.model_copy(update={"blind_votes": tuple(votes)})


def _decision(
    last: ReviewEvent,
    reviewer: str,
    at: datetime,
    decision: ReviewStatus,
    current: VerdictFields,
    fields: VerdictFields,
    note: str,
) -> ReviewEvent:
    """The accept, reject or edit that ends a blind round, as the event after `last`."""
    return ReviewEvent(
        run_id=last.run_id,
        assertion_id=last.assertion_id,
        version=last.version + 1,
        reviewer=reviewer,
        at=at,
        action=_ACTION_OF[decision],
        status_before=last.status_after,
        status_after=decision,
        before=current,
        after=fields,
        note=note,
    )
