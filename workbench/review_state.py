"""A verdict's review state: the machine's fields, then its review events replayed on top
(under blind review, as a given viewer may see them), with what moved in the corpus since
the check; and the check that a save was built on the version the reviewer saw."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from workbench.check.staleness import CorpusNow
from workbench.desk import blind_votes
from workbench.desk.decisions import sign_off_fields
from workbench.records import (
    AssertionResult,
    BlindRun,
    ReviewAction,
    ReviewEvent,
    ReviewState,
    ReviewStatus,
    VerdictFields,
)
from workbench.store import checks
from workbench.store.reviews import VersionConflict


def machine_fields(result: AssertionResult) -> VerdictFields:
    verdict = result.verdict
    return VerdictFields(
        label=verdict.label if verdict else None,
        rationale=verdict.rationale if verdict else "",
        citations=verdict.citations if verdict else (),
        questions=result.questions,
    )


def derive_state(
    run_id: str,
    result: AssertionResult,
    events: Sequence[ReviewEvent],
    blind_run: BlindRun | None = None,
    viewer: str | None = None,
) -> ReviewState:
    """The verdict after its events. Under blind review, as `viewer` may see it (None:
    someone not signed in): an open round's votes and notes of the other blind reviewer
    show who and when only."""
    status, current = ReviewStatus.PENDING, machine_fields(result)
    for event in events:
        if event.action != ReviewAction.BLIND_VOTE:  # a vote changes nothing by itself
            status, current = event.status_after, event.after
    last = events[-1] if events else None
    shown = blind_votes.redact(events, blind_run.reviewers, viewer) if blind_run else events
    return ReviewState(
        run_id=run_id,
        assertion_id=result.assertion.assertion_id,
        status=status,
        current=current,
        version=len(events),
        last_reviewer=last.reviewer if last else None,
        last_at=last.at if last else None,
        notes=tuple(e for e in shown if e.action == ReviewAction.NOTE),
        history=tuple(shown),
        blind=blind_votes.blind_state(events, blind_run.reviewers, viewer) if blind_run else None,
        **sign_off_fields(events),
    )


def corpus_now(session: Session, run_id: str) -> CorpusNow | None:
    run = checks.get_run(session, run_id)
    return CorpusNow(session, run.corpus) if run else None


def with_staleness(state: ReviewState, corpus: CorpusNow | None) -> ReviewState:
    """The state with the reasons its cited documents moved since the check (if any)."""
    stale = corpus.reasons(state.current.citations) if corpus else ()
    return state.model_copy(update={"stale": stale}) if stale else state


def check_seen(state: ReviewState, seen_version: int) -> None:
    """Refuse a save built on an older version than the verdict has now.

    A quick early answer only: two saves that both pass it are still kept apart by the
    database's unique (run, assertion, version) key in `reviews.append_event`.
    """
    if not 0 <= seen_version <= state.version:
        raise ValueError(
            f"this verdict has no version {seen_version} (it is at version {state.version})"
        )
    if seen_version < state.version:
        raise VersionConflict(seen_version, state.history[seen_version:])
