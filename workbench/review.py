"""Review: accept, reject, edit or annotate a verdict, as append-only events.

The machine's verdict stays as the chain stored it; a reviewer's actions are events on
top, and the state a screen or report shows is derived by replaying them. Every save says
which version of the verdict the reviewer saw; if someone saved in between, the save is
refused with VersionConflict instead of silently overwriting their work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from workbench.check.citations import reviewer_citation
from workbench.check.pipeline import stored_citation_problem
from workbench.desk import blind_votes
from workbench.factchecks.archive import sync_reviewed
from workbench.records import (
    Article,
    AssertionResult,
    Citation,
    FactCheckMatch,
    Label,
    ReviewAction,
    ReviewEvent,
    ReviewState,
    ReviewStatus,
    Run,
    VerdictFields,
)
from workbench.review_state import (
    check_seen,
    corpus_now,
    derive_state,
    machine_fields,
    with_staleness,
)
from workbench.services import Workbench
from workbench.store import blind, catalog, checks, reviews
from workbench.store.reviews import VersionConflict

__all__ = ["ReviewService", "VersionConflict"]

_STATUS_AFTER = {
    ReviewAction.ACCEPT: ReviewStatus.ACCEPTED,
    ReviewAction.REJECT: ReviewStatus.REJECTED,
    ReviewAction.EDIT: ReviewStatus.EDITED,
    ReviewAction.RECHECK: ReviewStatus.PENDING,
}
_DECISIONS = (ReviewAction.ACCEPT, ReviewAction.REJECT, ReviewAction.EDIT)
RECHECKER = "workbench recheck"  # the reviewer name on the events a recheck records


def reuse_rationale(match: FactCheckMatch) -> str:
    """ "Reused fact-check <id>: <rating> (<publisher>, <date>) <url>"."""
    who = ", ".join(x for x in (match.publisher, match.date and match.date.isoformat()) if x)
    return (
        f"Reused fact-check {match.factcheck_id}: {match.rating}"
        + (f" ({who})" if who else "")
        + (f" {match.url}" if match.url else "")
    )


def _same_span(a: Citation, b: Citation) -> bool:
    return (a.doc_id, a.start, a.end) == (b.doc_id, b.start, b.end)


class ReviewService:
    def __init__(self, wb: Workbench) -> None:
        self.wb = wb

    # --- reading ---------------------------------------------------------------------------

    def runs(self) -> list[tuple[Run, Article]]:
        """Every run with its article, newest first (what a reviewer picks from)."""
        with self.wb.db.transaction() as session:
            runs = checks.all_runs(session)
            articles = {r.article_id: checks.get_article(session, r.article_id) for r in runs}
        return [(run, article) for run in runs if (article := articles[run.article_id])]

    def stored_counts(self) -> dict[str, int]:
        """Assertions stored per run: how far an unfinished run got."""
        with self.wb.db.transaction() as session:
            return checks.stored_counts(session)

    def article(self, article_id: str) -> Article:
        with self.wb.db.transaction() as session:
            article = checks.get_article(session, article_id)
        if article is None:
            raise LookupError(f"no article {article_id!r}")
        return article

    def run(self, run_id: str) -> Run:
        with self.wb.db.transaction() as session:
            run = checks.get_run(session, run_id)
        if run is None:
            raise LookupError(
                f"no run {run_id!r}: `workbench review list` takes a run or article id"
            )
        return run

    def resolve_run(self, article_or_run_id: str) -> Run:
        """A run id as is; an article id means its latest run."""
        if article_or_run_id.startswith("art-"):
            with self.wb.db.transaction() as session:
                runs = checks.runs_of_article(session, article_or_run_id)
            if not runs:
                raise LookupError(f"article {article_or_run_id!r} has not been checked")
            return runs[0]
        return self.run(article_or_run_id)

    def run_of_assertion(self, assertion_id: str, run_id: str | None = None) -> str:
        if run_id:
            return run_id
        with self.wb.db.transaction() as session:
            runs = reviews.runs_with_assertion(session, assertion_id)
        if not runs:
            raise LookupError(f"no checked assertion {assertion_id!r}")
        return runs[0]

    def results(
        self, run_id: str, viewer: str | None = None
    ) -> list[tuple[AssertionResult, ReviewState]]:
        """Every assertion of the run with its state, as `viewer` may see it (blind review)."""
        with self.wb.db.transaction() as session:
            results = checks.results_of_run(session, run_id)
            events = reviews.events_for(session, run_id)
            corpus = corpus_now(session, run_id)
            blind_run = blind.get(session, run_id)
            by_assertion: dict[str, list[ReviewEvent]] = {}
            for event in events:
                by_assertion.setdefault(event.assertion_id, []).append(event)
            return [
                (
                    r,
                    with_staleness(
                        derive_state(
                            run_id,
                            r,
                            by_assertion.get(r.assertion.assertion_id, []),
                            blind_run,
                            viewer,
                        ),
                        corpus,
                    ),
                )
                for r in results
            ]

    def state(
        self, run_id: str, assertion_id: str, viewer: str | None = None
    ) -> tuple[AssertionResult, ReviewState]:
        with self.wb.db.transaction() as session:
            result = checks.get_result(session, run_id, assertion_id)
            events = reviews.events_for(session, run_id, assertion_id)
            if result is None:
                raise LookupError(f"no assertion {assertion_id!r} in run {run_id!r}")
            state = derive_state(run_id, result, events, blind.get(session, run_id), viewer)
            return result, with_staleness(state, corpus_now(session, run_id))

    # --- actions ---------------------------------------------------------------------------

    def accept(
        self, run_id: str, assertion_id: str, reviewer: str, seen_version: int | None = None
    ) -> ReviewState:
        return self._act(run_id, assertion_id, reviewer, seen_version, ReviewAction.ACCEPT)

    def reject(
        self,
        run_id: str,
        assertion_id: str,
        reviewer: str,
        seen_version: int | None = None,
        reason: str | None = None,
    ) -> ReviewState:
        """Reject the verdict; the reason (why the machine got it wrong) goes on the event."""
        note = reason.strip() if reason and reason.strip() else None
        return self._act(
            run_id, assertion_id, reviewer, seen_version, ReviewAction.REJECT, note=note
        )

    def note(
        self,
        run_id: str,
        assertion_id: str,
        reviewer: str,
        text: str,
        seen_version: int | None = None,
    ) -> ReviewState:
        if not text.strip():
            raise ValueError("a note needs some text")
        return self._act(
            run_id, assertion_id, reviewer, seen_version, ReviewAction.NOTE, note=text.strip()
        )

    def edit(
        self,
        run_id: str,
        assertion_id: str,
        reviewer: str,
        seen_version: int | None = None,
        *,
        label: Label | None = None,
        rationale: str | None = None,
        questions: Sequence[str] | None = None,
        cite_evidence: Sequence[int] | None = None,  # evidence sentence numbers; replaces citations
        note: str | None = None,
    ) -> ReviewState:
        result, state = self.state(run_id, assertion_id)
        changes: dict[str, object] = {}
        if label is not None:
            changes["label"] = Label(label)
            if changes["label"] == Label.NOT_ENOUGH_EVIDENCE and cite_evidence is None:
                # "Not enough evidence" that cites support would contradict itself.
                changes["citations"] = ()
        if rationale is not None:
            changes["rationale"] = rationale.strip()
        if questions is not None:
            changes["questions"] = tuple(q.strip() for q in questions if q.strip())
        if cite_evidence is not None:
            picked = self._citations_from_evidence(result, run_id, cite_evidence)
            # Sentences a reviewer cited from outside the retrieved ones are not among the
            # choices: they stay until removed on their own (`uncite`).
            added = tuple(c for c in state.current.citations if c.added_by)
            changes["citations"] = (*picked, *added)
        if not changes:
            raise ValueError("nothing to edit: give a label, rationale, questions or citations")
        after = state.current.model_copy(update=changes)
        # The edit was built on this version: it must not land on top of a newer one.
        expected = state.version if seen_version is None else seen_version
        return self._act(
            run_id, assertion_id, reviewer, expected, ReviewAction.EDIT, after=after, note=note
        )

    def record_recheck(
        self, run_id: str, position: int, fresh: AssertionResult, seen: ReviewState
    ) -> ReviewState:
        """Store the machine's new verdict for a stale one, with a RECHECK event that sends
        it back to pending: the result and the event commit together, the review history
        before it stays as it was, and the archive entry leaves until someone reviews it."""
        assertion_id = fresh.assertion.assertion_id
        event = ReviewEvent(
            run_id=run_id,
            assertion_id=assertion_id,
            version=seen.version + 1,
            reviewer=RECHECKER,
            at=datetime.now(UTC),
            action=ReviewAction.RECHECK,
            status_before=seen.status,
            status_after=ReviewStatus.PENDING,
            before=seen.current,
            after=machine_fields(fresh),
            note="rechecked: " + "; ".join(seen.stale) if seen.stale else "rechecked",
        )
        options = self.wb.settings.export

        def replace_result(session: Session) -> None:
            checks.put_result(session, run_id, position, fresh)
            sync_reviewed(session, options, run_id, assertion_id)

        reviews.append_event(self.wb.db, event, then=replace_result)
        return self.state(run_id, assertion_id)[1]

    def reuse_factcheck(
        self,
        run_id: str,
        assertion_id: str,
        reviewer: str,
        factcheck_id: str,
        seen_version: int | None = None,
    ) -> ReviewState:
        """Take an earlier fact-check's verdict for this assertion: an edit that sets its
        label, with a rationale and a note naming the fact-check, so the history and every
        report say where the verdict came from. Only a match stored with the check counts."""
        result, _ = self.state(run_id, assertion_id)
        match = next((m for m in result.matches if m.factcheck_id == factcheck_id), None)
        if match is None:
            raise LookupError(f"fact-check {factcheck_id!r} is not a match of this assertion")
        if match.label is None:
            raise ValueError(
                f"fact-check {factcheck_id} rates the claim {match.rating!r}, which none of our "
                "labels says: edit the verdict by hand"
            )
        return self.edit(
            run_id,
            assertion_id,
            reviewer,
            seen_version,
            label=match.label,
            rationale=reuse_rationale(match),
            note=f"verdict reused from fact-check {match.factcheck_id} (score {match.score:.2f})",
        )

    def cite_sentence(
        self,
        run_id: str,
        assertion_id: str,
        reviewer: str,
        doc_id: str,
        quote: str,
        start: int | None = None,
        seen_version: int | None = None,
    ) -> ReviewState:
        """Cite a sentence of the run's corpus that retrieval missed: an edit that adds a
        citation built from the stored document and checked in code like the machine's,
        marked as added by the reviewer (`Citation.added_by`), and a history note saying so."""
        if not reviewer.strip():
            raise ValueError("a reviewer name is required (who made this decision?)")
        result, state = self.state(run_id, assertion_id)
        if result.verdict is None:
            raise ValueError("this assertion was not verified: there is no verdict to cite for")
        corpus = self.run(run_id).corpus
        with self.wb.db.transaction() as session:
            document = catalog.get_document(session, corpus, doc_id)
            passages = catalog.passages_of(session, corpus, doc_id)
        if document is None:
            raise LookupError(f"no document {doc_id!r} in corpus {corpus!r}")
        citation = reviewer_citation(document, passages, quote, reviewer.strip(), start)
        if any(_same_span(c, citation) for c in state.current.citations):
            raise ValueError("this sentence is cited already")
        after = state.current.model_copy(update={"citations": (*state.current.citations, citation)})
        expected = state.version if seen_version is None else seen_version
        note = f"cited a sentence the search missed: “{citation.quote}” ({document.title})"
        return self._act(
            run_id, assertion_id, reviewer, expected, ReviewAction.EDIT, after=after, note=note
        )

    def uncite(
        self,
        run_id: str,
        assertion_id: str,
        reviewer: str,
        doc_id: str,
        start: int,
        end: int,
        seen_version: int | None = None,
    ) -> ReviewState:
        """Remove one citation (a reviewer's own, or the machine's): an edit, noted."""
        _, state = self.state(run_id, assertion_id)
        kept = tuple(
            c for c in state.current.citations if (c.doc_id, c.start, c.end) != (doc_id, start, end)
        )
        if len(kept) == len(state.current.citations):
            raise ValueError("this verdict does not cite that sentence")
        gone = next(c for c in state.current.citations if c not in kept)
        after = state.current.model_copy(update={"citations": kept})
        expected = state.version if seen_version is None else seen_version
        note = f"removed the citation “{gone.quote}” ({gone.title})"
        return self._act(
            run_id, assertion_id, reviewer, expected, ReviewAction.EDIT, after=after, note=note
        )

    def _citations_from_evidence(
        self, result: AssertionResult, run_id: str, numbers: Sequence[int]
    ) -> tuple[Citation, ...]:
        from workbench.check.citations import citation_for

        by_number = {e.number: e for e in result.evidence}
        corpus = self.run(run_id).corpus
        citations = []
        for number in numbers:
            if number not in by_number:
                raise ValueError(f"S{number} is not one of this verdict's retrieved sentences")
            citation = citation_for(by_number[number])
            problem = stored_citation_problem(self.wb, corpus, citation)
            if problem:
                raise ValueError(f"S{number} cannot be cited: {problem}")
            citations.append(citation)
        return tuple(citations)

    def _act(
        self,
        run_id: str,
        assertion_id: str,
        reviewer: str,
        seen_version: int | None,
        action: ReviewAction,
        *,
        after: VerdictFields | None = None,
        note: str | None = None,
    ) -> ReviewState:
        if not reviewer.strip():
            raise ValueError("a reviewer name is required (who made this decision?)")
        if len(reviewer.strip()) > reviews.MAX_REVIEWER_NAME:
            raise ValueError(f"a reviewer name has at most {reviews.MAX_REVIEWER_NAME} characters")
        _, state = self.state(run_id, assertion_id, viewer=reviewer)
        if state.blind and state.status == ReviewStatus.PENDING and action in _DECISIONS:
            return self._vote(state, reviewer, seen_version, action, after or state.current, note)
        if seen_version is not None:
            check_seen(state, seen_version)
        repeated = _STATUS_AFTER.get(action)
        if action != ReviewAction.EDIT and repeated is not None and state.status == repeated:
            # A second click would only add a version that changes nothing.
            raise ValueError(
                f"already {state.status.value} by {state.last_reviewer} (version "
                f"{state.version}): nothing to save"
            )
        event = ReviewEvent(
            run_id=run_id,
            assertion_id=assertion_id,
            version=state.version + 1,
            reviewer=reviewer.strip(),
            at=datetime.now(UTC),
            action=action,
            status_before=state.status,
            status_after=_STATUS_AFTER.get(action, state.status),
            before=state.current,
            after=after or state.current,
            note=note,
        )
        reviews.append_event(self.wb.db, event, then=self._archive_sync(run_id, assertion_id))
        return self.state(run_id, assertion_id, viewer=reviewer)[1]

    def _vote(
        self,
        state: ReviewState,
        reviewer: str,
        seen_version: int | None,
        action: ReviewAction,
        fields: VerdictFields,
        note: str | None,
    ) -> ReviewState:
        """A blind reviewer's decision on a pending verdict: a vote, and the decision it
        settles if the other reviewer voted the same label."""
        assert state.blind is not None
        run_id, assertion_id = state.run_id, state.assertion_id
        with self.wb.db.transaction() as session:
            events = reviews.events_for(session, run_id, assertion_id)
        # Votes and notes since do not change the verdict (and may be hidden from this
        # reviewer): only a decision, recheck or send-back makes the save a conflict.
        if seen_version is not None and (
            seen_version > len(events)
            or any(
                e.action not in (ReviewAction.BLIND_VOTE, ReviewAction.NOTE)
                for e in events[seen_version:]
            )
        ):
            check_seen(state, seen_version)
        made = blind_votes.cast(
            run_id,
            assertion_id,
            events,
            state.blind.reviewers,
            state.current,
            reviewer.strip(),
            _STATUS_AFTER[action],
            fields,
            note,
            datetime.now(UTC),
        )
        reviews.append_events(self.wb.db, made, then=self._archive_sync(run_id, assertion_id))
        return self.state(run_id, assertion_id, viewer=reviewer)[1]

    def _archive_sync(self, run_id: str, assertion_id: str) -> Callable[[Session], None]:
        """The archive entry of this verdict changes with its events, in their transaction."""
        options = self.wb.settings.export
        return lambda session: sync_reviewed(session, options, run_id, assertion_id)
