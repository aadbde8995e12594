"""Who decided a verdict, and whether a second person signed it off: derived from its events.

Pure functions over the append-only review events (no database), so `derive_state` in
workbench/review.py can call them without an import cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.records import DECIDING_ACTIONS, ReviewAction, ReviewEvent, ReviewStatus

# Only a verdict the desk stands behind can be published; a rejection's label is the
# machine's, which the reviewer refused.
PUBLISHABLE = (ReviewStatus.ACCEPTED, ReviewStatus.EDITED)


def same_person(a: str, b: str) -> bool:
    """Account names are one account in any case ("Ben" and "ben")."""
    return a.strip().casefold() == b.strip().casefold()


def sign_off_fields(events: Sequence[ReviewEvent]) -> dict[str, Any]:
    """The sign-off part of a ReviewState: deciders, signed_off_by/at, published, sent_back.

    Deciders are everyone whose accept or edit shaped the verdict as it stands, since it
    was last pending or rejected: an accept of someone else's edit makes two deciders, and
    neither may sign it off; a decision settled by blind review adds each blind reviewer
    who voted for the label it settled on. A later accept, reject, edit or recheck drops
    the sign-off.
    """
    deciders: list[str] = []
    signed: ReviewEvent | None = None
    sent_back: ReviewEvent | None = None
    for event in events:
        if event.action in DECIDING_ACTIONS:
            signed, sent_back = None, None
            if event.status_after in PUBLISHABLE:
                label = event.after.label.value if event.after.label else None
                deciders += [v.reviewer for v in event.blind_votes if v.label == label]
                deciders.append(event.reviewer)
            else:  # rejected, or rechecked to pending: the next decision starts afresh
                deciders = []
        elif event.action == ReviewAction.SIGN_OFF:
            signed = event
        elif event.action == ReviewAction.SEND_BACK:
            signed, sent_back, deciders = None, event, []
    status = events[-1].status_after if events else ReviewStatus.PENDING
    return {
        "deciders": tuple(dict.fromkeys(deciders)),
        "signed_off_by": signed.reviewer if signed else None,
        "signed_off_at": signed.at if signed else None,
        "published": signed is not None and status in PUBLISHABLE,
        "sent_back": sent_back,
    }
