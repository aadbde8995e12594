"""ClaimReview in team mode holds published (signed-off) verdicts only; reports name both the
reviewer and the editor who signed off."""

from __future__ import annotations

import json
from collections.abc import Callable

from workbench.export import ExportFormat, render
from workbench.export.claimreview import claimreview_scope, to_claimreview
from workbench.export.report import Report
from workbench.records import ReviewAction
from workbench.settings import ExportOptions

ReportWith = Callable[..., Report]
# Row 1 accepted by Ana and signed off by Eve; row 5 edited by Ana, not signed off.
SIGNED = {"as-1": [("Ana", ReviewAction.ACCEPT, None), ("Eve", ReviewAction.SIGN_OFF, None)]}


def _claims(reviews: list[dict]) -> list[str]:
    return [r["claimReviewed"] for r in reviews]


def test_team_mode_publishes_only_signed_off_verdicts(report_with: ReportWith) -> None:
    report = report_with(SIGNED)
    published = to_claimreview(report, ExportOptions(), published_only=True)
    assert _claims(published) == ["The bridge opened in 1883, the mayor said."]
    everything = to_claimreview(report, ExportOptions(), include_all=True, published_only=True)
    assert len(everything) == 4  # rows 1, 2, 5 and the pending 6; never the rejected row 4
    assert "It spans the Hudson" not in json.dumps(everything)


def test_laptop_mode_publishes_accepted_and_edited_as_before(report_with: ReportWith) -> None:
    laptop = to_claimreview(report_with(SIGNED), ExportOptions())
    assert _claims(laptop) == [
        "The bridge opened in 1883, the mayor said.",
        "The bridge opened in 1890.",
        "The bridge crosses the East River.",
    ]


def test_the_scope_sentence_says_what_was_left_out(report_with: ReportWith) -> None:
    report = report_with(SIGNED)
    assert claimreview_scope(report, include_all=False, published_only=True) == (
        "1 ClaimReview: published verdicts only (signed off by a second person); "
        "3 more left out (--all adds them)"
    )
    assert claimreview_scope(report, include_all=True, published_only=True).startswith(
        "4 ClaimReviews: every verdict with a label that is not rejected"
    )
    assert claimreview_scope(report, include_all=False, published_only=False) == (
        "3 ClaimReviews: accepted and edited verdicts only; 1 more left out (--all adds them)"
    )


def test_reports_name_the_reviewer_and_the_editor(report_with: ReportWith) -> None:
    report = report_with(SIGNED)
    row = report.rows[0]
    assert (row.reviewer, row.signed_off_by, row.published) == ("Ana", "Eve", True)
    assert row.reviewed_at is not None and row.signed_off_at is not None
    assert row.signed_off_at > row.reviewed_at  # the sign-off is not taken as the decision
    markdown = render(report, ExportFormat.MD, ExportOptions()).decode()
    assert "accepted by Ana, 2026-11-24 10:01 UTC; signed off by Eve, 2026-11-24 10:02 UTC" in (
        markdown
    )
    audit = json.loads(render(report, ExportFormat.JSON, ExportOptions()))["audit"]
    assert [(e["reviewer"], e["action"]) for e in audit if e["assertion_id"] == "as-1"] == [
        ("Ana", "accept"),
        ("Eve", "sign_off"),
    ]
