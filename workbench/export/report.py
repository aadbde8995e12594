"""One typed Report per run: every format renders this record, so formats cannot drift.

The rows show the reviewer's version of each verdict (an edit wins over the machine's),
with the machine's label kept beside it; the audit trail of review events travels along.
A rejected verdict keeps its fields here but is counted as rejected, never under its label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from workbench.records import (
    DECIDING_ACTIONS,
    Article,
    AssertionResult,
    Record,
    ReviewEvent,
    ReviewState,
    ReviewStatus,
    Run,
)
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.store import checks


def when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


class ReportCitation(Record):
    quote: str
    title: str
    source: str
    doc_id: str
    start: int
    end: int
    added_by: str | None = None  # a reviewer who cited a sentence retrieval missed


class ReportNote(Record):
    reviewer: str
    at: datetime
    text: str


class ReportRow(Record):
    number: int
    assertion_id: str
    text: str
    start: int
    end: int
    kind: str
    attribution: str
    attributed_to: str | None
    checkworthy: float
    verified: bool
    not_verified_reason: str | None = None  # e.g. "not among the 5 most check-worthy"
    questions: tuple[str, ...]
    label: str | None  # the current label: the reviewer's if edited
    machine_label: str | None
    confidence: float | None  # the model's, for machine_label only
    rationale: str
    machine_rationale: str
    # No label probabilities: a rule settled the verdict (or the model gave no usable one),
    # so machine_rationale is an internal reason, not something to publish.
    by_rule: bool
    status: ReviewStatus
    reviewer: str | None  # who made the last decision (accept, reject or edit)
    label_set_by: str | None  # who last changed the label, if anyone did
    reviewed_at: datetime | None
    needs_review: bool
    review_reasons: tuple[str, ...]
    citations: tuple[ReportCitation, ...]
    notes: tuple[ReportNote, ...]
    # Cited documents replaced or removed since the check (`workbench recheck` re-runs it).
    stale: tuple[str, ...] = ()
    # Team mode: the second person who approved the decision; published once they have.
    signed_off_by: str | None = None
    signed_off_at: datetime | None = None
    published: bool = False


class Report(Record):
    title: str
    source: str
    article_id: str
    article_sha256: str
    run_id: str
    corpus: str
    corpus_state: str
    model: str
    prompt_versions: tuple[str, ...]
    checked_at: datetime
    generated_at: datetime
    rows: tuple[ReportRow, ...]
    counts_by_label: dict[str, int]  # rejected verdicts under "REJECTED", not their label
    counts_by_status: dict[str, int]
    draft: bool  # some verdict is not reviewed yet
    audit: tuple[ReviewEvent, ...]


def _row(number: int, result: AssertionResult, state: ReviewState) -> ReportRow:
    a, verdict, current = result.assertion, result.verdict, state.current
    decisive = [e for e in state.history if e.action in DECIDING_ACTIONS]
    relabels = [e for e in decisive if e.after.label != e.before.label]
    return ReportRow(
        number=number,
        assertion_id=a.assertion_id,
        text=a.text,
        start=a.start,
        end=a.end,
        kind=a.kind.value,
        attribution=a.attribution.value,
        attributed_to=a.attributed_to,
        checkworthy=a.checkworthy,
        verified=verdict is not None,
        not_verified_reason=result.not_verified_reason,
        questions=current.questions,
        label=current.label.value if current.label else None,
        machine_label=verdict.label.value if verdict else None,
        confidence=verdict.confidence if verdict else None,
        rationale=current.rationale,
        machine_rationale=verdict.rationale if verdict else "",
        by_rule=bool(verdict and not verdict.label_scores),
        status=state.status,
        reviewer=decisive[-1].reviewer if decisive else None,
        label_set_by=relabels[-1].reviewer if relabels else None,
        reviewed_at=decisive[-1].at if decisive else None,
        needs_review=bool(verdict and verdict.needs_review),
        review_reasons=verdict.review_reasons if verdict else (),
        citations=tuple(
            ReportCitation(
                quote=c.quote,
                title=c.title,
                source=c.source,
                doc_id=c.doc_id,
                start=c.start,
                end=c.end,
                added_by=c.added_by,
            )
            for c in current.citations
        ),
        notes=tuple(
            ReportNote(reviewer=e.reviewer, at=e.at, text=e.note or "") for e in state.notes
        ),
        stale=state.stale if verdict else (),
        signed_off_by=state.signed_off_by,
        signed_off_at=state.signed_off_at,
        published=state.published,
    )


def _tally(row: ReportRow) -> str:
    """The summary line a row counts under."""
    if not row.verified:
        return "NOT VERIFIED"
    if row.status == ReviewStatus.REJECTED:
        return "REJECTED"
    return row.label or "NOT VERIFIED"


def make_report(
    article: Article,
    run: Run,
    rows: Sequence[tuple[AssertionResult, ReviewState]],
    generated_at: datetime,
) -> Report:
    report_rows = tuple(_row(i, result, state) for i, (result, state) in enumerate(rows, 1))
    labels = Counter(_tally(r) for r in report_rows)
    statuses = Counter(r.status.value for r in report_rows if r.verified)
    return Report(
        title=article.title,
        source=article.source,
        article_id=article.article_id,
        article_sha256=article.sha256,
        run_id=run.run_id,
        corpus=run.corpus,
        corpus_state=run.corpus_state,
        model=run.model,
        prompt_versions=run.prompt_versions,
        checked_at=run.finished_at or run.started_at,
        generated_at=generated_at,
        rows=report_rows,
        counts_by_label=dict(sorted(labels.items())),
        counts_by_status=dict(sorted(statuses.items())),
        draft=statuses[ReviewStatus.PENDING.value] > 0,
        audit=tuple(event for _, state in rows for event in state.history),
    )


def build_report(
    wb: Workbench,
    article_or_run_id: str,
    now: datetime | None = None,
    viewer: str | None = None,
) -> Report:
    """The run's report as `viewer` may see it: under blind review, a vote the other
    reviewer has not matched yet shows who and when only (None: for anyone)."""
    service = ReviewService(wb)
    run = service.resolve_run(article_or_run_id)
    with wb.db.transaction() as session:
        article = checks.get_article(session, run.article_id)
    if article is None:
        raise LookupError(f"run {run.run_id} names an article that is not stored")
    rows = service.results(run.run_id, viewer)
    return make_report(article, run, rows, now or datetime.now(UTC))
