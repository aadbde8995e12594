"""Report -> one self-contained HTML file: inline CSS, no scripts, no external assets,
printable; every piece of text escaped, so a `<script>` in a source stays text."""

from __future__ import annotations

from html import escape as e
from pathlib import Path

from workbench.export.report import Report, when
from workbench.export.rows import ShownRow, draft_banner, shown_row, title

CSS = (Path(__file__).parent / "report.css").read_text(encoding="utf-8")


def _badge(text: str, cls: str = "") -> str:
    return f'<span class="badge{" " + cls if cls else ""}">{text}</span>'


def _badges(row: ShownRow) -> str:
    badges = [
        _badge(e(row.kind)),
        _badge(e(row.said_by), "anon" if row.anonymous else ""),
        _badge(e(row.worth)),
    ]
    if not row.verified:  # the label slot says why: opinion or prediction, or not in the top N
        return "".join([*badges, _badge(e(row.label))])
    label = e(row.label) + (f" · {e(row.score)}" if row.score else "")
    head = [_badge(label, "label")]
    if row.struck_label:
        head.append(_badge(f"model said <s>{e(row.struck_label)}</s>"))
    if row.model_said:
        head.append(_badge(f"model said {e(row.model_said)}"))
    if row.flags:
        badges.append(_badge("needs review", "flag"))
    if row.stale:
        badges.append(_badge("stale", "flag"))
    return "".join([*head, *badges])


def _row(row: ShownRow) -> str:
    parts = [
        f'<div class="card" style="--c:{row.colour}">',
        f'<p class="claim">{row.number}. {e(row.claim)}</p>',
        f'<div class="badges">{_badges(row)}</div>',
    ]
    if not row.verified:
        return "".join([*parts, "</div>"])
    parts.append(f'<p class="small">Review: {e(row.status)}</p>')
    if row.questions:
        parts.append(f'<p class="small">Questions: {"; ".join(e(q) for q in row.questions)}</p>')
    parts.append(f"<p>{e(row.rationale)}</p>")
    for c in row.citations:
        parts.append(f'<blockquote>{e(c.quote)}<div class="src">{e(c.where)}</div></blockquote>')
    parts += [f'<p class="small stale">⚠ {e(stale)}</p>' for stale in row.stale]
    parts += [f'<p class="small">⚑ {e(flag)}</p>' for flag in row.flags]
    parts += [f'<p class="small">{e(note)}</p>' for note in row.notes]
    return "".join([*parts, "</div>"])


def _table(headings: tuple[str, str], counts: dict[str, int]) -> str:
    rows = "".join(f"<tr><td>{e(k)}</td><td>{n}</td></tr>" for k, n in counts.items())
    return f"<table><tr><th>{headings[0]}</th><th>{headings[1]}</th></tr>{rows}</table>"


def to_html(report: Report) -> str:
    banner = draft_banner(report)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title(report))}</title><style>{CSS}</style></head><body>"
        f"<h1>{e(title(report))}</h1>"
        + (f'<p class="draft">{e(banner)}</p>' if banner else "")
        + f'<div class="meta">Article {e(report.source)} (<code>{e(report.article_id)}</code>)<br>'
        f"Run <code>{e(report.run_id)}</code>, checked {when(report.checked_at)}, corpus "
        f"{e(report.corpus)} (state <code>{e(report.corpus_state)}</code>)<br>"
        f"Model {e(report.model)}; prompts {e(', '.join(report.prompt_versions))}<br>"
        f"Generated {when(report.generated_at)}</div>"
        "<h2>Summary</h2>"
        + _table(("label", "assertions"), report.counts_by_label)
        + "<br>"
        + _table(("review status", "verdicts"), report.counts_by_status)
        + "<h2>Assertions</h2>"
        + "".join(_row(shown_row(r)) for r in report.rows)
        + "</body></html>\n"
    )
