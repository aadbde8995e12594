"""Report -> Markdown: what an editor reads in a ticket or a wiki."""

from __future__ import annotations

from workbench.export.report import Report, when
from workbench.export.rows import ShownRow, draft_banner, shown_row, title


def _inline(text: str) -> str:
    """One line, with Markdown's active characters neutralised."""
    text = " ".join(text.split())
    for ch in "\\`*_[]<>|#~":
        text = text.replace(ch, "\\" + ch)
    return text


def _verdict(row: ShownRow) -> str:
    line = f"- **Verdict: {_inline(row.label)}**"
    if row.score:
        line += f", {_inline(row.score)}"
    if row.struck_label:
        line += f" (model said ~~{_inline(row.struck_label)}~~)"
    if row.model_said:
        line += f" (model said {_inline(row.model_said)})"
    return line


def _row(row: ShownRow) -> list[str]:
    lines = [f"### {row.number}. {_inline(row.claim)}", "", f"- {_inline(row.about)}"]
    if not row.verified:
        return [*lines, f"- {_inline(row.label)}.", ""]
    lines += [_verdict(row), f"- Review: {_inline(row.status)}"]
    if row.questions:
        lines.append("- Questions: " + "; ".join(_inline(q) for q in row.questions))
    lines.append(f"- Rationale: {_inline(row.rationale)}")
    lines += [f"- **{_inline(stale)}**" for stale in row.stale]
    lines += [f"- Flag: {_inline(flag)}" for flag in row.flags]
    lines += [f"- Citation: “{_inline(c.quote)}” — {_inline(c.where)}" for c in row.citations]
    lines += [f"- {_inline(note)}" for note in row.notes]
    return [*lines, ""]


def to_markdown(report: Report) -> str:
    lines = [f"# {_inline(title(report))}", ""]
    banner = draft_banner(report)
    if banner:
        lines += [f"**{_inline(banner)}**", ""]
    lines += [
        f"- Article: {_inline(report.source)} (`{report.article_id}`)",
        f"- Run: `{report.run_id}`, checked {when(report.checked_at)}",
        f"- Corpus: {_inline(report.corpus)} (state `{report.corpus_state}`)",
        f"- Model: {_inline(report.model)}; prompts: {', '.join(report.prompt_versions)}",
        f"- Generated: {when(report.generated_at)}",
        "",
        "## Summary",
        "",
        "| label | assertions |",
        "|---|---|",
    ]
    lines += [f"| {label} | {n} |" for label, n in report.counts_by_label.items()]
    lines += ["", "| review status | verdicts |", "|---|---|"]
    lines += [f"| {status} | {n} |" for status, n in report.counts_by_status.items()]
    lines += ["", "## Assertions", ""]
    for row in report.rows:
        lines += _row(shown_row(row))
    return "\n".join(lines).rstrip("\n") + "\n"
