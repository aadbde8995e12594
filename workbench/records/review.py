"""Review records: events, the derived review state, blind votes, assignments."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from workbench.records.base import Label, Record
from workbench.records.chain import Citation


class ReviewAction(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    EDIT = "edit"
    NOTE = "note"
    RECHECK = "recheck"  # the machine re-ran a stale verdict: back to pending, new verdict
    SIGN_OFF = "sign_off"  # a second person (an editor) approves the decision: published
    SEND_BACK = "send_back"  # an editor refuses to sign off, with a reason: back to pending
    # Blind double review: one of the run's two reviewers decides on their own. The vote
    # changes nothing until both have voted; then agreement settles the verdict (an
    # accept, reject or edit carrying both votes), or an editor resolves the disagreement.
    BLIND_VOTE = "blind_vote"


# The actions that decide a verdict (change its status or fields); notes, sign-offs and
# send-backs do not, so "who decided it" never names the editor who signed it off.
DECIDING_ACTIONS = frozenset(
    {ReviewAction.ACCEPT, ReviewAction.REJECT, ReviewAction.EDIT, ReviewAction.RECHECK}
)


class ReviewStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EDITED = "edited"


class VerdictFields(Record):
    """The reviewable part of a verdict: what an edit changes, and what before/after show."""

    label: Label | None
    rationale: str
    citations: tuple[Citation, ...] = ()
    questions: tuple[str, ...] = ()


class BlindVote(Record):
    """One blind reviewer's decision as it counts for agreement: what they would have done
    (accepted, rejected, edited) and the label that leaves ("REJECTED" for a rejection,
    which says the machine's label is wrong without naming the right one)."""

    reviewer: str
    at: datetime
    version: int  # of its BLIND_VOTE event
    decision: ReviewStatus
    label: str


class ReviewEvent(Record):
    """One reviewer action, appended and never changed; the current state is derived."""

    run_id: str
    assertion_id: str
    version: int = Field(ge=1)  # 1 for the first event on this verdict, then 2, 3, ...
    reviewer: str = Field(min_length=1)
    at: datetime
    action: ReviewAction
    status_before: ReviewStatus
    status_after: ReviewStatus
    before: VerdictFields
    after: VerdictFields
    note: str | None = None
    # BLIND_VOTE: what the reviewer decided (`after` holds the verdict as they would leave
    # it). The accept, reject or edit that settles a blind round carries both votes.
    blind_decision: ReviewStatus | None = None
    blind_votes: tuple[BlindVote, ...] = ()


class BlindState(Record):
    """Blind double review of one verdict, as the viewer may see it."""

    reviewers: tuple[str, str]
    voted: tuple[str, ...] = ()  # who has voted in the open round (never what)
    votes: tuple[
        BlindVote, ...
    ] = ()  # the votes the viewer may see: their own, or all once both voted
    disagreement: bool = False  # both voted, on different labels: an editor decides


class ReviewState(Record):
    run_id: str
    assertion_id: str
    status: ReviewStatus
    current: VerdictFields
    version: int  # number of events so far: a save must say which version it saw
    last_reviewer: str | None = None
    last_at: datetime | None = None
    notes: tuple[ReviewEvent, ...] = ()
    history: tuple[ReviewEvent, ...] = ()
    # Why the documents the current verdict cites no longer stand as they did at check time
    # (replaced or removed): derived on read, empty while the verdict is current.
    stale: tuple[str, ...] = ()
    # Sign-off (team mode), derived like the rest: who accepted or edited the verdict as it
    # stands (none of them may sign it off), who signed it off, and whether it is published.
    # Any later accept, reject, edit or recheck drops the sign-off.
    deciders: tuple[str, ...] = ()
    signed_off_by: str | None = None
    signed_off_at: datetime | None = None
    published: bool = False
    sent_back: ReviewEvent | None = None  # the editor's refusal, until someone decides again
    blind: BlindState | None = None  # the run is under blind double review


class BlindRun(Record):
    """A run under blind double review: its two reviewers, and the editor who set them."""

    run_id: str
    reviewers: tuple[str, str]
    set_by: str
    set_at: datetime


class Assignment(Record):
    """A run, or one assertion of it, given to a reviewer by an editor (team mode)."""

    run_id: str
    assertion_id: str | None = None  # None: the whole run
    assignee: str
    assigned_by: str
    assigned_at: datetime
