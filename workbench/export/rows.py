"""A report as a reader sees it, worded once for Markdown, HTML and PDF: the title, the
draft banner, and per row which label is shown, whose it is, and whether the model's
confidence goes with it (as on the review screen).

The pieces are plain text; each format escapes them and only decides the layout.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from workbench.export.report import Report, ReportRow, when
from workbench.records import ReviewStatus

LABEL_COLOURS = {
    "SUPPORTED": "#1e7b34",
    "REFUTED": "#b3261e",
    "CONFLICTING": "#b25e00",
    "NOT_ENOUGH_EVIDENCE": "#5f6368",
}
MUTED = "#8a8f98"  # no label the desk stands behind: rejected or not verified


def title(report: Report) -> str:
    return ("DRAFT — " if report.draft else "") + f"Fact-check report: {report.title}"


def draft_banner(report: Report) -> str | None:
    """Why the report is a draft, and which verdicts rest on sources that moved since the
    check; None once every verdict has been reviewed and none is stale."""
    parts = []
    if report.draft:
        pending = report.counts_by_status.get(ReviewStatus.PENDING.value, 0)
        total = sum(report.counts_by_status.values())
        verb = "is" if pending == 1 else "are"
        parts.append(
            f"DRAFT: {pending} of {total} verdicts {verb} not reviewed yet; "
            "their labels are the model's and may change."
        )
    stale = sum(1 for row in report.rows if row.stale)
    if stale:
        verb = "cites" if stale == 1 else "cite"
        parts.append(
            f"STALE: {stale} verdict{'s' if stale > 1 else ''} {verb} source documents replaced "
            f"or removed since the check (`workbench recheck {report.run_id}`)."
        )
    return " ".join(parts) or None


@dataclass(frozen=True)
class ShownCitation:
    quote: str
    where: str  # title · source · character span


@dataclass(frozen=True)
class ShownRow:
    number: int
    claim: str
    kind: str
    said_by: str  # the attribution, with the name or cue words
    anonymous: bool
    span: str
    worth: str  # "worth checking 0.73": the check-worthiness score
    verified: bool = False
    # The label slot: the current label, or "Rejected by Ben" (then struck_label is set).
    label: str = "Not verified (opinion or prediction)"
    colour: str = MUTED
    struck_label: str | None = None  # the machine's label a reviewer rejected: struck through
    model_said: str | None = None  # the machine's label beside a reviewer's different one
    # "confidence 0.82" for the machine's own label only; "set by Ben" for a reviewer's.
    score: str | None = None
    status: str = ""
    questions: tuple[str, ...] = ()
    rationale: str = ""
    flags: tuple[str, ...] = ()
    citations: tuple[ShownCitation, ...] = ()
    notes: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()  # "Stale: cited document 'X' was replaced ..."

    @property
    def about(self) -> str:
        return f"{self.kind} · {self.said_by} · {self.worth} · {self.span}"


def _status(row: ReportRow) -> str:
    if row.status == ReviewStatus.PENDING:
        return "pending, not reviewed yet"
    by = f" by {row.reviewer}" if row.reviewer else ""
    at = f", {when(row.reviewed_at)}" if row.reviewed_at else ""
    signed = ""
    if row.signed_off_by and row.signed_off_at:  # the second person, beside the first
        signed = f"; signed off by {row.signed_off_by}, {when(row.signed_off_at)}"
    return f"{row.status.value}{by}{at}{signed}"


def _with_verdict(shown: ShownRow, row: ReportRow) -> ShownRow:
    """The label slot: a rejection, the machine's own label with its confidence, or a
    reviewer's label with the machine's beside it and no confidence (it is not the model's)."""
    if row.status == ReviewStatus.REJECTED:
        who = row.reviewer or "a reviewer"
        return replace(shown, label=f"Rejected by {who}", struck_label=row.machine_label)
    shown = replace(
        shown, label=row.label or "no label", colour=LABEL_COLOURS.get(row.label or "", MUTED)
    )
    if row.label == row.machine_label:
        if row.confidence is None:
            return shown
        return replace(shown, score=f"confidence {row.confidence:.2f}")
    who = row.label_set_by or row.reviewer or "a reviewer"
    return replace(shown, model_said=row.machine_label, score=f"set by {who}")


def shown_row(row: ReportRow) -> ShownRow:
    shown = ShownRow(
        number=row.number,
        claim=row.text,
        kind=row.kind,
        said_by=row.attribution + (f": {row.attributed_to}" if row.attributed_to else ""),
        anonymous=row.attribution == "anonymous",
        span=f"characters {row.start}-{row.end}",
        worth=f"worth checking {row.checkworthy:.2f}",
    )
    if not row.verified:
        if row.not_verified_reason:
            return replace(shown, label=f"Not verified ({row.not_verified_reason})")
        return shown
    return replace(
        _with_verdict(shown, row),
        verified=True,
        status=_status(row),
        questions=row.questions,
        rationale=row.rationale,
        flags=row.review_reasons,
        citations=tuple(
            ShownCitation(
                c.quote,
                f"{c.title} · {c.source} · characters {c.start}-{c.end}"
                + (f" · added by reviewer {c.added_by}" if c.added_by else ""),
            )
            for c in row.citations
        ),
        notes=tuple(f"Note by {n.reviewer} ({when(n.at)}): {n.text}" for n in row.notes),
        stale=tuple(f"Stale: {reason}" for reason in row.stale),
    )
