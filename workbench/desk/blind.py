"""Blind double review: an editor names a run's two reviewers; each decides every pending
verdict on their own (ReviewService turns their accept, reject or edit into a vote), and
an editor resolves the verdicts they disagree on.

Team mode only: the two reviewers are accounts, and the editor is the signed-in one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from workbench.accounts.roles import AccessDenied, Action, require
from workbench.accounts.users import UserService, utc_now
from workbench.desk import blind_votes
from workbench.desk.decisions import same_person
from workbench.factchecks.archive import sync_reviewed
from workbench.records import (
    BlindRun,
    Label,
    ReviewAction,
    ReviewState,
    ReviewStatus,
    User,
    VerdictFields,
)
from workbench.review import ReviewService
from workbench.review_state import check_seen
from workbench.services import Workbench
from workbench.store import blind, reviews


class BlindReviewService:
    def __init__(self, wb: Workbench, clock: Callable[[], datetime] = utc_now) -> None:
        self.wb = wb
        self.clock = clock
        self.review = ReviewService(wb)

    def blind_run(self, run_id: str) -> BlindRun | None:
        with self.wb.db.transaction() as session:
            return blind.get(session, run_id)

    def switch_on(self, run_id: str, reviewers: Sequence[str], by: User | None) -> BlindRun:
        """Put the run under blind double review by two accounts (or name them anew, as
        long as nobody has voted on it yet)."""
        editor = require(by, Action.BLIND_REVIEW)
        self.review.run(run_id)  # LookupError for an unknown run
        names = [name.strip() for name in reviewers if name.strip()]
        if len(names) != 2 or same_person(names[0], names[1]):
            raise ValueError("blind double review needs two different reviewers: --reviewers A,B")
        accounts = [UserService(self.wb).active(name) for name in names]
        missing = [name for name, account in zip(names, accounts, strict=True) if not account]
        if missing:
            raise LookupError(
                f"no enabled account named {', '.join(map(repr, missing))}: `workbench users list`"
            )
        pair = (accounts[0].name, accounts[1].name)  # type: ignore[union-attr]
        with self.wb.db.transaction() as session:
            before = blind.get(session, run_id)
            voted = any(
                e.action == ReviewAction.BLIND_VOTE for e in reviews.events_for(session, run_id)
            )
            if (
                before is not None
                and voted
                and {n.casefold() for n in before.reviewers} != {n.casefold() for n in pair}
            ):
                raise ValueError(
                    f"{' and '.join(before.reviewers)} have started voting on this run: "
                    "its blind reviewers stay as they are"
                )
            made = BlindRun(run_id=run_id, reviewers=pair, set_by=editor.name, set_at=self.clock())
            blind.put(session, made)
        return made

    def resolve(
        self,
        run_id: str,
        assertion_id: str,
        by: User | None,
        *,
        take: str | None = None,
        label: Label | None = None,
        rationale: str | None = None,
        seen_version: int | None = None,
    ) -> ReviewState:
        """An editor decides a verdict the two blind reviewers disagree on: take one
        reviewer's decision as it is (`take`), or set the label (and rationale) yourself.
        The decision is a review event that carries both votes."""
        editor = require(by, Action.RESOLVE)
        _, state = self.review.state(run_id, assertion_id, viewer=editor.name)
        if state.blind is None or not state.blind.disagreement:
            raise ValueError("no disagreement to resolve: both blind reviewers must have voted")
        if any(same_person(editor.name, name) for name in state.blind.reviewers):
            raise AccessDenied(
                f"{editor.name} is one of this verdict's blind reviewers: another editor "
                "resolves the disagreement"
            )
        if seen_version is not None:
            check_seen(state, seen_version)
        with self.wb.db.transaction() as session:
            events = reviews.events_for(session, run_id, assertion_id)
        decision, fields = self._chosen(state, events, take, label, rationale)
        event = blind_votes.resolution(
            events,
            state.current,
            editor.name,
            decision,
            fields,
            f"took {take}'s decision" if take else None,
            self.clock(),
        )
        options = self.wb.settings.export
        reviews.append_event(
            self.wb.db,
            event,
            then=lambda session: sync_reviewed(session, options, run_id, assertion_id),
        )
        return self.review.state(run_id, assertion_id, viewer=editor.name)[1]

    @staticmethod
    def _chosen(
        state: ReviewState,
        events: Sequence,  # type: ignore[type-arg]
        take: str | None,
        label: Label | None,
        rationale: str | None,
    ) -> tuple[ReviewStatus, VerdictFields]:
        if (take is None) == (label is None):
            raise ValueError("resolve by taking one reviewer's decision or by setting a label")
        if take is not None:
            assert state.blind is not None
            vote = next((v for v in state.blind.votes if same_person(v.reviewer, take)), None)
            if vote is None:
                raise LookupError(
                    f"{take!r} did not vote on this verdict: "
                    f"take {' or '.join(state.blind.reviewers)}"
                )
            voted = next(e for e in events if e.version == vote.version)
            return vote.decision, voted.after
        changes: dict[str, object] = {"label": Label(label)}  # type: ignore[arg-type]
        if label == Label.NOT_ENOUGH_EVIDENCE:
            changes["citations"] = ()  # "not enough evidence" citing support contradicts itself
        if rationale is not None and rationale.strip():
            changes["rationale"] = rationale.strip()
        return ReviewStatus.EDITED, state.current.model_copy(update=changes)
