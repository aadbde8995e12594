"""Sign-off: a verdict is published only when a second person approves it.

An editor (or admin) who did not accept or edit the verdict as it stands signs it off, or
sends it back to pending with a reason. Both are review events like the others (versioned,
append-only, refused with VersionConflict if the verdict changed since the editor saw it),
so the history names both people, and any later decision drops the sign-off by itself.
"""

from __future__ import annotations

from datetime import UTC, datetime

from workbench.accounts.roles import AccessDenied, Action, require
from workbench.desk.decisions import PUBLISHABLE, same_person
from workbench.factchecks.archive import sync_reviewed
from workbench.records import ReviewAction, ReviewEvent, ReviewState, ReviewStatus, User
from workbench.review import ReviewService
from workbench.review_state import check_seen
from workbench.services import Workbench
from workbench.store import reviews


class SignOffService:
    def __init__(self, wb: Workbench) -> None:
        self.wb = wb
        self.review = ReviewService(wb)

    def sign_off(
        self, run_id: str, assertion_id: str, by: User | None, seen_version: int | None = None
    ) -> ReviewState:
        """Publish an accepted or edited verdict, as an editor who did not decide it."""
        editor = require(by, Action.SIGN_OFF)
        state = self._seen(run_id, assertion_id, seen_version)
        if state.status not in PUBLISHABLE:
            raise ValueError(
                f"only an accepted or edited verdict can be signed off: this one is "
                f"{state.status.value}"
            )
        if state.published:
            raise ValueError(f"already signed off by {state.signed_off_by}: nothing to save")
        if any(same_person(editor.name, name) for name in state.deciders):
            raise AccessDenied(
                f"{editor.name} decided this verdict: a second person (an editor who did not "
                "accept or edit it) signs it off"
            )
        if state.stale:
            raise ValueError(
                "its cited sources changed since the check: re-run it with `workbench recheck "
                f"{run_id}` and review it again before signing off"
            )
        return self._append(state, editor, ReviewAction.SIGN_OFF, state.status, None)

    def send_back(
        self,
        run_id: str,
        assertion_id: str,
        by: User | None,
        reason: str,
        seen_version: int | None = None,
    ) -> ReviewState:
        """Refuse to sign off (or withdraw a sign-off): back to pending, with the reason."""
        editor = require(by, Action.SIGN_OFF)
        if not reason.strip():
            raise ValueError("say why you send it back: the reviewer reads it on the card")
        state = self._seen(run_id, assertion_id, seen_version)
        if state.status not in PUBLISHABLE:
            raise ValueError(
                f"only an accepted or edited verdict can be sent back: this one is "
                f"{state.status.value}"
            )
        return self._append(
            state, editor, ReviewAction.SEND_BACK, ReviewStatus.PENDING, reason.strip()
        )

    def _seen(self, run_id: str, assertion_id: str, seen_version: int | None) -> ReviewState:
        _, state = self.review.state(run_id, assertion_id)
        if seen_version is not None:
            check_seen(state, seen_version)
        return state

    def _append(
        self,
        state: ReviewState,
        editor: User,
        action: ReviewAction,
        status_after: ReviewStatus,
        note: str | None,
    ) -> ReviewState:
        run_id, assertion_id = state.run_id, state.assertion_id
        event = ReviewEvent(
            run_id=run_id,
            assertion_id=assertion_id,
            version=state.version + 1,
            reviewer=editor.name,  # the signed-in account, never a typed name
            at=datetime.now(UTC),
            action=action,
            status_before=state.status,
            status_after=status_after,
            before=state.current,
            after=state.current,
            note=note,
        )
        options = self.wb.settings.export
        # A send-back takes the verdict out of the fact-check archive, in the same transaction.
        reviews.append_event(
            self.wb.db,
            event,
            then=lambda session: sync_reviewed(session, options, run_id, assertion_id),
        )
        return self.review.state(run_id, assertion_id)[1]
