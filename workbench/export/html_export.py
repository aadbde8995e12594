"""Report -> one self-contained HTML file: inline CSS, no scripts, no external assets,
printable; every piece of text escaped, so a `<script>` in a source stays text."""

from __future__ import annotations

from html import escape
from pathlib import Path

from workbench.export.report import Report, ReportRow, when

LABEL_COLOURS = {
    "SUPPORTED": "#1e7b34",
    "REFUTED": "#b3261e",
    "CONFLICTING": "#b25e00",
    "NOT_ENOUGH_EVIDENCE": "#5f6368",
}
CSS = (Path(__file__).parent / "report.css").read_text(encoding="utf-8")


def _row(row: ReportRow) -> str:
    e = escape
    colour = LABEL_COLOURS.get(row.label or "", "#999")
    badges = [f'<span class="badge">{e(row.kind)}</span>']
    who = e(row.attribution) + (f": {e(row.attributed_to)}" if row.attributed_to else "")
    badges.append(
        f'<span class="badge{" anon" if row.attribution == "anonymous" else ""}">{who}</span>'
    )
    parts = [
        f'<div class="card" style="--c:{colour}">',
        f'<p class="claim">{row.number}. {e(row.text)}</p>',
    ]
    if not row.verified:
        badges.append('<span class="badge">not verified</span>')
        return "".join([*parts, f'<div class="badges">{"".join(badges)}</div></div>'])
    confidence = f"{row.confidence:.2f}" if row.confidence is not None else "n/a"
    badges.insert(0, f'<span class="badge label">{e(row.label or "none")} · {confidence}</span>')
    badges.append(f'<span class="badge">{e(row.status.value)}</span>')
    if row.needs_review:
        badges.append('<span class="badge flag">needs review</span>')
    parts.append(f'<div class="badges">{"".join(badges)}</div>')
    if row.machine_label and row.machine_label != row.label:
        parts.append(
            f'<p class="small">The model said {e(row.machine_label)}; the reviewer changed it.</p>'
        )
    if row.reviewer and row.reviewed_at:
        parts.append(f'<p class="small">Reviewed by {e(row.reviewer)}, {when(row.reviewed_at)}</p>')
    if row.questions:
        parts.append(
            '<p class="small">Questions: ' + "; ".join(e(q) for q in row.questions) + "</p>"
        )
    parts.append(f"<p>{e(row.rationale)}</p>")
    for c in row.citations:
        parts.append(
            f'<blockquote>{e(c.quote)}<div class="src">{e(c.title)} · {e(c.source)} · characters '
            f"{c.start}–{c.end}</div></blockquote>"
        )
    for reason in row.review_reasons:
        parts.append(f'<p class="small">⚑ {e(reason)}</p>')
    for note in row.notes:
        parts.append(
            f'<p class="small">Note by {e(note.reviewer)} ({when(note.at)}): {e(note.text)}</p>'
        )
    return "".join([*parts, "</div>"])


def to_html(report: Report) -> str:
    e = escape
    summary = "".join(
        f"<tr><td>{e(k)}</td><td>{n}</td></tr>" for k, n in report.counts_by_label.items()
    )
    statuses = "".join(
        f"<tr><td>{e(k)}</td><td>{n}</td></tr>" for k, n in report.counts_by_status.items()
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Fact-check report: {e(report.title)}</title><style>{CSS}</style></head><body>"
        f"<h1>Fact-check report: {e(report.title)}</h1>"
        f'<div class="meta">Article {e(report.source)} (<code>{e(report.article_id)}</code>)<br>'
        f"Run <code>{e(report.run_id)}</code>, checked {when(report.checked_at)}, corpus "
        f"{e(report.corpus)} (state <code>{e(report.corpus_state)}</code>)<br>"
        f"Model {e(report.model)}; prompts {e(', '.join(report.prompt_versions))}<br>"
        f"Generated {when(report.generated_at)}</div>"
        "<h2>Assertions</h2>" + "".join(_row(r) for r in report.rows) + "<h2>Summary</h2>"
        f"<table><tr><th>label</th><th>assertions</th></tr>{summary}</table><br>"
        f"<table><tr><th>review status</th><th>verdicts</th></tr>{statuses}</table>"
        "</body></html>\n"
    )
