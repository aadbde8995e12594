"""Report -> CSV: one row per assertion, stable columns, UTF-8 with a BOM for spreadsheets."""

from __future__ import annotations

import csv
import io

from workbench.export.report import Report

COLUMNS = (
    "number",
    "assertion_id",
    "start",
    "end",
    "text",
    "kind",
    "attribution",
    "attributed_to",
    "checkworthy",
    "questions",
    "label",
    "machine_label",
    "confidence",
    "rationale",
    "review_status",
    "reviewer",
    "reviewed_at",
    "needs_review",
    "citations",
    "notes",
)


def _cell(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: never from our data."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in report.rows:
        writer.writerow(
            _cell(str(v))
            for v in (
                r.number,
                r.assertion_id,
                r.start,
                r.end,
                r.text,
                r.kind,
                r.attribution,
                r.attributed_to or "",
                f"{r.checkworthy:.3f}",
                " | ".join(r.questions),
                r.label or "",
                r.machine_label or "",
                "" if r.confidence is None else f"{r.confidence:.3f}",
                r.rationale,
                r.status.value if r.verified else "",
                r.reviewer or "",
                r.reviewed_at.isoformat() if r.reviewed_at else "",
                "yes" if r.needs_review else "",
                " | ".join(
                    f"{c.quote} [{c.title}, {c.source}, {c.start}-{c.end}"
                    + (f", added by reviewer {c.added_by}]" if c.added_by else "]")
                    for c in r.citations
                ),
                " | ".join(f"{n.reviewer}: {n.text}" for n in r.notes),
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
