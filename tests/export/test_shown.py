"""What a reader of the Markdown, HTML and PDF reports is told: whose label, with whose
confidence, what was rejected, whether the report is a draft; and what ClaimReview publishes."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

from pypdf import PdfReader

from workbench.check.coverage import distant_verdict
from workbench.export import ExportFormat, render
from workbench.export.report import Report
from workbench.records import ReviewAction
from workbench.settings import ExportOptions

ReportWith = Callable[..., Report]
LEFT_MARGIN_PT = 10 / 25.4 * 72  # fpdf2's default 1 cm


def _pdf_pages(report: Report) -> list[str]:
    data = render(report, ExportFormat.PDF, ExportOptions())
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def _readable(report: Report) -> dict[str, str]:
    """The text of each format a person reads."""
    return {
        "md": render(report, ExportFormat.MD, ExportOptions()).decode("utf-8"),
        "html": render(report, ExportFormat.HTML, ExportOptions()).decode("utf-8"),
        "pdf": " ".join(_pdf_pages(report)),
    }


def _published(report: Report) -> dict[str, dict]:
    reviews = json.loads(render(report, ExportFormat.CLAIMREVIEW, ExportOptions()))
    return {r["claimReviewed"]: r for r in reviews}


def test_a_reviewers_label_never_carries_the_models_confidence(report: Report) -> None:
    # Row 5: the model said REFUTED with 0.81; Ana made it SUPPORTED.
    for fmt, text in _readable(report).items():
        assert "0.81" not in text, fmt
        assert "SUPPORTED · set by Ana" in text or "SUPPORTED**, set by Ana" in text, fmt
        assert "model said REFUTED" in text, fmt
        assert "0.82" in text, fmt  # the model's own label, accepted, keeps its confidence


def test_a_rejected_verdict_is_shown_and_counted_as_rejected(report: Report) -> None:
    # Row 4: the model said REFUTED (0.74); Ben rejected it. Row 2 is REFUTED by a reviewer.
    assert report.counts_by_label["REFUTED"] == 1 and report.counts_by_label["REJECTED"] == 1
    shown = _readable(report)
    for fmt, text in shown.items():
        assert "Rejected by Ben" in text and "0.74" not in text, fmt
    assert "(model said ~~REFUTED~~)" in shown["md"] and "| REJECTED | 1 |" in shown["md"]
    assert "model said <s>REFUTED</s>" in shown["html"]
    assert "REFUTED 1, REJECTED 1" in shown["pdf"]


def test_a_report_is_a_draft_while_any_verdict_is_pending(
    report: Report, report_with: ReportWith
) -> None:
    assert report.draft  # row 6 is pending
    shown = _readable(report)
    assert shown["md"].startswith("# DRAFT — Fact-check report: ")
    assert "<title>DRAFT — Fact-check report: " in shown["html"]
    assert shown["pdf"].startswith("DRAFT — Fact-check report: ")
    for fmt, text in shown.items():
        assert "DRAFT: 1 of 5 verdicts is not reviewed yet" in text, fmt
    reviewed = report_with({"as-6": [("Ana", ReviewAction.ACCEPT, None)]})
    assert not reviewed.draft
    for fmt, text in _readable(reviewed).items():
        assert "DRAFT" not in text, fmt


def test_claimreview_publishes_the_reviewers_reason_never_a_rules(report_with: ReportWith) -> None:
    claim = "The bridge cost 15 million dollars."  # row 6, settled by the coverage rule
    accepted = [("Ana", ReviewAction.ACCEPT, None)]
    plain = _published(report_with({"as-6": accepted}))
    assert "reviewBody" not in plain[claim]  # not "None of the retrieved source sentences ..."
    assert plain["The bridge opened in 1883, the mayor said."]["reviewBody"] == (
        "The source gives 1883."  # the model's reason, which a reviewer accepted
    )
    far = _published(report_with({"as-6": accepted}, rule=distant_verdict(0.32)))
    assert "reviewBody" not in far[claim] and "similarity" not in json.dumps(far)
    note = "The city budget is not in this corpus."
    noted = report_with({"as-6": [("Ana", ReviewAction.NOTE, note), *accepted]})
    assert _published(noted)[claim]["reviewBody"] == note
    rewritten = {"rationale": "No source here gives the cost."}
    edited = report_with({"as-6": [("Ben", ReviewAction.EDIT, rewritten)]})
    assert _published(edited)[claim]["reviewBody"] == "No source here gives the cost."


def test_pdf_puts_the_summary_first_and_numbers_its_pages(report: Report) -> None:
    pages = _pdf_pages(report)
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert f"page {number} of {len(pages)}" in text
    first = pages[0]
    assert "Summary" in first
    assert first.index("Summary") < first.index("1. The bridge opened in 1883")


def test_pdf_footer_stays_inside_the_margins_with_a_long_title(report: Report) -> None:
    long = report.model_copy(update={"title": "A river of words " * 20})
    data = render(long, ExportFormat.PDF, ExportOptions())
    page = PdfReader(io.BytesIO(data)).pages[0]
    starts: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            starts.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    footer = page.extract_text(visitor_text=visit).strip().splitlines()[-1]
    assert footer.endswith("… · run run-1 page 1 of 2"), footer  # the title gives way
    assert min(starts) >= LEFT_MARGIN_PT - 0.5  # centred overflow used to start off the page


def test_each_row_shows_its_check_worthiness_and_why_it_was_not_verified(report: Report) -> None:
    rows = list(report.rows)
    # Row 3 as a factual claim left out by `check --top N`, not as an opinion or prediction.
    reason = "not among the 2 most check-worthy"
    rows[2] = rows[2].model_copy(update={"kind": "factual", "not_verified_reason": reason})
    skipped = report.model_copy(update={"rows": tuple(rows)})
    for fmt, text in _readable(skipped).items():
        assert f"Not verified ({reason})" in text, fmt
        assert "opinion or prediction" not in text, fmt
        for row in report.rows:
            assert f"worth checking {row.checkworthy:.2f}" in text, fmt
