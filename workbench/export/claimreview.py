"""Report -> schema.org ClaimReview JSON-LD, one per accepted or edited verdict.

Pending verdicts are left out unless asked for (`--all`): only what a reviewer stood behind
gets published; in team mode, only what a second person signed off (published, see
workbench/desk/sign_off.py), unless asked for (`--all`). Rejected verdicts never are: their
rating is the machine's, which the reviewer refused, so publishing it would misstate the
desk's finding. The label -> rating mapping comes from Settings.export. The reviewBody is
the reviewer's reasoning; a rule's internal reason is never published.
"""

from __future__ import annotations

from typing import Any

from workbench.export.report import Report, ReportRow
from workbench.records import ReviewStatus
from workbench.settings import ExportOptions

PUBLISHED = (ReviewStatus.ACCEPTED, ReviewStatus.EDITED)


def review_body(row: ReportRow) -> str | None:
    """The rationale a reader may see: the reviewer's own, or the model's that a reviewer
    stood behind; for a rule's verdict ("similarity 0.32") the reviewer's latest note, if any."""
    if row.rationale != row.machine_rationale or not row.by_rule:
        return row.rationale
    notes = [n.text for n in row.notes if n.text.strip()]
    return notes[-1] if notes else None


def _claim_review(report: Report, row: ReportRow, options: ExportOptions) -> dict[str, Any]:
    step = options.rating_scale[row.label or "NOT_ENOUGH_EVIDENCE"]
    appearance: dict[str, Any] = {"@type": "CreativeWork", "name": report.title}
    if report.source.startswith(("http://", "https://")):
        appearance["url"] = report.source
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if row.attribution == "named" and row.attributed_to:
        claim["author"] = {"@type": "Person", "name": row.attributed_to}
    publisher: dict[str, Any] = {"@type": "Organization", "name": options.organisation}
    if options.organisation_url:
        publisher["url"] = options.organisation_url
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": row.text,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": step.value,
            "bestRating": options.best_rating,
            "worstRating": options.worst_rating,
            "alternateName": step.name,
        },
        "itemReviewed": claim,
        "author": publisher,
        "datePublished": (row.reviewed_at or report.generated_at).date().isoformat(),
    }
    body = review_body(row)
    if body:
        review["reviewBody"] = body
    if options.site_url:
        review["url"] = f"{options.site_url.rstrip('/')}#{row.assertion_id}"
    return review


def _exportable(row: ReportRow) -> bool:
    return row.verified and bool(row.label) and row.status != ReviewStatus.REJECTED


def _wanted(row: ReportRow, include_all: bool, published_only: bool) -> bool:
    if include_all:
        return True
    return row.published if published_only else row.status in PUBLISHED


def to_claimreview(
    report: Report, options: ExportOptions, include_all: bool = False, published_only: bool = False
) -> list[dict[str, Any]]:
    """`published_only` (team mode): signed-off verdicts only, unless `include_all`."""
    return [
        _claim_review(report, row, options)
        for row in report.rows
        if _exportable(row) and _wanted(row, include_all, published_only)
    ]


def claimreview_scope(report: Report, include_all: bool, published_only: bool) -> str:
    """What an export holds and what it left out, in a sentence for the one who exported."""
    rows = [row for row in report.rows if _exportable(row)]
    kept = sum(1 for row in rows if _wanted(row, include_all, published_only))
    left = len(rows) - kept
    if include_all:
        held = "every verdict with a label that is not rejected, published or not (--all)"
    elif published_only:
        held = "published verdicts only (signed off by a second person)"
    else:
        held = "accepted and edited verdicts only"
    tail = f"; {left} more left out (--all adds them)" if left else ""
    return f"{kept} ClaimReview{'' if kept == 1 else 's'}: {held}{tail}"
