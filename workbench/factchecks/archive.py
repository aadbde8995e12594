"""The archive as the CLI and UI see it, and how reviewed verdicts enter it by themselves.

A verdict a reviewer accepted or edited (and that has a label) is in the archive; one that
is pending or rejected is not. The entry is derived from the review events, recomputed in
the transaction of every event (ReviewService passes `sync_reviewed` to the event insert),
so the archive always equals the current reviewed state and recomputing changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from workbench.check.staleness import CorpusNow
from workbench.records import (
    DECIDING_ACTIONS,
    AssertionResult,
    AttributionKind,
    FactCheck,
    ReviewedOrigin,
    ReviewEvent,
    ReviewStatus,
    reviewed_factcheck_id,
)
from workbench.services import Workbench
from workbench.settings import ExportOptions
from workbench.store import checks, reviews
from workbench.store import factchecks as store

IN_ARCHIVE = (ReviewStatus.ACCEPTED, ReviewStatus.EDITED)


def reviewed_factcheck(
    result: AssertionResult, events: Sequence[ReviewEvent], options: ExportOptions
) -> FactCheck | None:
    """The archive entry for one verdict after these events (oldest first), or None."""
    if not events:
        return None
    last = events[-1]  # each event carries the whole state after it
    status, current = last.status_after, last.after
    if status not in IN_ARCHIVE or current.label is None:
        return None
    # Who decided and when: the last accept or edit, not a later note or sign-off.
    decision = next(e for e in reversed(events) if e.action in DECIDING_ACTIONS)
    assertion = result.assertion
    step = options.rating_scale.get(current.label.value)
    named = assertion.attribution == AttributionKind.NAMED
    return FactCheck(
        id=reviewed_factcheck_id(last.run_id, assertion.assertion_id),
        claim=assertion.text,
        label=current.label,
        rating=step.name if step else current.label.value,
        rationale=current.rationale or None,
        reviewer_or_publisher=decision.reviewer,
        date=decision.at.date(),
        # Where `export --format claimreview` publishes it, when a site is configured.
        url=f"{options.site_url.rstrip('/')}#{assertion.assertion_id}"
        if options.site_url
        else None,
        claimant=assertion.attributed_to if named else None,
        origin=ReviewedOrigin(run_id=last.run_id, assertion_id=assertion.assertion_id),
    )


def sync_reviewed(session: Session, options: ExportOptions, run_id: str, assertion_id: str) -> None:
    """Recompute the archive entry of one verdict from its stored events."""
    result = checks.get_result(session, run_id, assertion_id)
    events = reviews.events_for(session, run_id, assertion_id)
    entry = reviewed_factcheck(result, events, options) if result else None
    store.set_reviewed(session, run_id, assertion_id, entry)


def sync_all_reviewed(wb: Workbench) -> int:
    """Recompute every reviewed entry (verdicts reviewed before the archive existed, or
    after the rating scale changed); returns how many reviewed verdicts are in it."""
    options = wb.settings.export
    with wb.db.transaction() as session:
        keys = set(reviews.reviewed_assertions(session)) | set(store.reviewed_keys(session))
        for run_id, assertion_id in sorted(keys):
            sync_reviewed(session, options, run_id, assertion_id)
        return len(store.reviewed_keys(session))


# --- reading and removing, for the CLI and the UI ---------------------------------------------


def archive_size(wb: Workbench) -> int:
    with wb.db.transaction() as session:
        return store.count(session)


def list_factchecks(wb: Workbench, limit: int | None = None) -> list[FactCheck]:
    with wb.db.transaction() as session:
        return store.list_all(session, limit)


def search_factchecks(wb: Workbench, text: str, limit: int | None = 50) -> list[FactCheck]:
    with wb.db.transaction() as session:
        return store.search(session, text, limit)


def _unknown(factcheck_id: str) -> LookupError:
    return LookupError(f"no fact-check {factcheck_id!r}: `workbench factchecks list` shows the ids")


def stale_reasons(wb: Workbench, found: Sequence[FactCheck]) -> dict[str, tuple[str, ...]]:
    """id -> why, for the reviewed entries whose cited documents were replaced or removed
    since the check (the verdict is stale; `workbench recheck RUN` re-runs it)."""
    stale: dict[str, tuple[str, ...]] = {}
    corpora: dict[str, CorpusNow] = {}
    with wb.db.transaction() as session:
        for fc in found:
            if not isinstance(fc.origin, ReviewedOrigin):
                continue
            run = checks.get_run(session, fc.origin.run_id)
            events = reviews.events_for(session, fc.origin.run_id, fc.origin.assertion_id)
            if run is None or not events:
                continue
            if run.corpus not in corpora:
                corpora[run.corpus] = CorpusNow(session, run.corpus)
            reasons = corpora[run.corpus].reasons(events[-1].after.citations)
            if reasons:
                stale[fc.id] = reasons
    return stale


def get_factcheck(wb: Workbench, factcheck_id: str) -> FactCheck:
    with wb.db.transaction() as session:
        fc = store.get(session, factcheck_id)
    if fc is None:
        raise _unknown(factcheck_id)
    return fc


def remove_factcheck(wb: Workbench, factcheck_id: str) -> FactCheck:
    """Remove an imported fact-check. A reviewed one leaves only with its review, else the
    archive would no longer say what the desk decided."""
    with wb.db.transaction() as session:
        fc = store.get(session, factcheck_id)
        if fc is None:
            raise _unknown(factcheck_id)
        if isinstance(fc.origin, ReviewedOrigin):
            run_id, assertion_id = fc.origin.run_id, fc.origin.assertion_id
            raise ValueError(
                f"{factcheck_id} is a verdict reviewed in this workbench (run {run_id}, "
                f"assertion {assertion_id}): it leaves the archive when that verdict is rejected "
                f"(`workbench review reject {assertion_id} --run {run_id} --reviewer NAME`)"
            )
        store.remove(session, factcheck_id)
    return fc
