"""Reports in every format, from one Report record (see report.py)."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum

from workbench.export.claimreview import to_claimreview
from workbench.export.csv_export import to_csv
from workbench.export.html_export import to_html
from workbench.export.markdown import to_markdown
from workbench.export.pdf import to_pdf
from workbench.export.report import Report, build_report
from workbench.services import Workbench
from workbench.settings import ExportOptions


class ExportFormat(StrEnum):
    MD = "md"
    HTML = "html"
    PDF = "pdf"
    CSV = "csv"
    JSON = "json"
    CLAIMREVIEW = "claimreview"


MEDIA_TYPES = {
    ExportFormat.MD: "text/markdown",
    ExportFormat.HTML: "text/html",
    ExportFormat.PDF: "application/pdf",
    ExportFormat.CSV: "text/csv",
    ExportFormat.JSON: "application/json",
    ExportFormat.CLAIMREVIEW: "application/ld+json",
}


def render(
    report: Report,
    fmt: ExportFormat,
    options: ExportOptions,
    include_all: bool = False,
    published_only: bool = False,
) -> bytes:
    if fmt == ExportFormat.MD:
        return to_markdown(report).encode("utf-8")
    if fmt == ExportFormat.HTML:
        return to_html(report).encode("utf-8")
    if fmt == ExportFormat.PDF:
        return to_pdf(report)
    if fmt == ExportFormat.CSV:
        return to_csv(report)
    if fmt == ExportFormat.JSON:
        return (report.model_dump_json(indent=2) + "\n").encode("utf-8")
    reviews = to_claimreview(report, options, include_all, published_only)
    return (json.dumps(reviews, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def export_run(
    wb: Workbench,
    article_or_run_id: str,
    fmt: ExportFormat,
    include_all: bool = False,
    now: datetime | None = None,
    viewer: str | None = None,
) -> bytes:
    report = build_report(wb, article_or_run_id, now, viewer)
    return render(report, ExportFormat(fmt), wb.settings.export, include_all, team_mode(wb))


def team_mode(wb: Workbench) -> bool:
    """ClaimReview holds only published (signed-off) verdicts once a desk has accounts."""
    from workbench.accounts.users import UserService

    return UserService(wb).team_mode()
