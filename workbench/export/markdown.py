"""Report -> Markdown: what an editor reads in a ticket or a wiki."""

from __future__ import annotations

from workbench.export.report import Report, ReportRow, when


def _inline(text: str) -> str:
    """One line, with Markdown's active characters neutralised."""
    text = " ".join(text.split())
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def _row(row: ReportRow) -> list[str]:
    who = row.attribution + (f" ({_inline(row.attributed_to)})" if row.attributed_to else "")
    lines = [f"### {row.number}. {_inline(row.text)}", ""]
    lines.append(f"- Span: characters {row.start}-{row.end}; kind: {row.kind}; source: {who}")
    if not row.verified:
        lines += ["- Not verified (opinion or prediction).", ""]
        return lines
    confidence = f"{row.confidence:.2f}" if row.confidence is not None else "n/a"
    label = row.label or "none"
    if row.machine_label and row.machine_label != row.label:
        label += f" (model said {row.machine_label})"
    lines.append(f"- **Verdict: {label}**, confidence {confidence}")
    reviewed = f" by {_inline(row.reviewer)}, {when(row.reviewed_at)}" if row.reviewer else ""
    lines.append(f"- Review: {row.status.value}{reviewed}")
    if row.questions:
        lines.append("- Questions: " + "; ".join(_inline(q) for q in row.questions))
    lines.append(f"- Rationale: {_inline(row.rationale)}")
    for reason in row.review_reasons:
        lines.append(f"- Flag: {_inline(reason)}")
    for c in row.citations:
        lines.append(
            f"- Citation: > {_inline(c.quote)} — *{_inline(c.title)}*, {_inline(c.source)}, "
            f"characters {c.start}-{c.end}"
        )
    for note in row.notes:
        lines.append(f"- Note by {_inline(note.reviewer)} ({when(note.at)}): {_inline(note.text)}")
    return [*lines, ""]


def to_markdown(report: Report) -> str:
    lines = [
        f"# Fact-check report: {_inline(report.title)}",
        "",
        f"- Article: {_inline(report.source)} (`{report.article_id}`)",
        f"- Run: `{report.run_id}`, checked {when(report.checked_at)}",
        f"- Corpus: {_inline(report.corpus)} (state `{report.corpus_state}`)",
        f"- Model: {_inline(report.model)}; prompts: {', '.join(report.prompt_versions)}",
        f"- Generated: {when(report.generated_at)}",
        "",
        "## Assertions",
        "",
    ]
    for row in report.rows:
        lines += _row(row)
    lines += ["## Summary", "", "| label | assertions |", "|---|---|"]
    lines += [f"| {label} | {n} |" for label, n in report.counts_by_label.items()]
    lines += ["", "| review status | verdicts |", "|---|---|"]
    lines += [f"| {status} | {n} |" for status, n in report.counts_by_status.items()]
    return "\n".join(lines) + "\n"
