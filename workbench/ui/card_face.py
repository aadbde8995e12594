"""What a card shows at a glance: the claim, who decided (a reviewer's decision in a solid
frame, the machine's proposal in a dashed grey one, a rule named as a rule), the notes, and
the internals (scores, usage) one click away."""

from __future__ import annotations

from workbench.check.verify import LETTER_LABELS
from workbench.records import (
    DECIDING_ACTIONS,
    AssertionResult,
    AttributionKind,
    ReviewAction,
    ReviewState,
    ReviewStatus,
    Verdict,
)
from workbench.review_state import machine_fields
from workbench.ui.decision import Decision, decision_of, rule_reason
from workbench.ui.services import LABEL_COLOURS, badge, esc, label_words


def anchor_id(assertion_id: str) -> str:
    """The card's place in the page: the article's highlights and "Next pending" link here."""
    return f"card-{assertion_id}"


def claim_line(result: AssertionResult, state: ReviewState) -> str:
    a = result.assertion
    out = [badge(f"worth checking {a.checkworthy:.2f}"), badge(a.kind.value)]
    who = a.attribution.value + (f": {a.attributed_to}" if a.attributed_to else "")
    out.append(badge(who, "wb-anon" if a.attribution == AttributionKind.ANONYMOUS else ""))
    if result.verdict is not None and result.verdict.needs_review:
        out.append(badge("⚑ needs review", "wb-flag"))
    if state.stale:
        out.append(badge("⚠ stale", "wb-flag"))
    if state.published:
        out.append(badge("✓ published"))
    checked_as = (  # the pronoun resolved from the article: what was searched and judged
        f'<div class="wb-muted">Checked as: {esc(a.standalone)}</div>' if a.standalone else ""
    )
    return (
        f'<div class="wb-anchor" id="{esc(anchor_id(a.assertion_id))}"></div>'
        f'<div class="wb-claim">{esc(a.text)}</div><div>{"".join(out)}</div>{checked_as}'
    )


def _label_badge(label: str | None, solid: bool) -> str:
    colour, _ = LABEL_COLOURS[label]
    if solid:
        return badge(label_words(label), "wb-label", colour)
    return (  # the machine's label: its colour as an outline only
        f'<span class="wb-badge wb-proposal-label" style="color:{colour};border-color:{colour}">'
        f"{esc(label_words(label))}</span>"
    )


def verdict_boxes(result: AssertionResult, state: ReviewState) -> str:
    """A reviewer's decision first and the machine's proposal under it, greyed; while no one
    has decided, the proposal first and "Pending" under it (HTML)."""
    if decision_of(result, state).decided:
        return decision_box(result, state) + proposal_box(result, state)
    return proposal_box(result, state) + decision_box(result, state)


def decision_box(result: AssertionResult, state: ReviewState) -> str:
    """The reviewer's decision (solid), or "Pending" while there is none (HTML)."""
    decision = decision_of(result, state)
    if not decision.decided:
        edited = state.current != machine_fields(result)
        text = "Pending: no reviewer has decided yet."
        if edited and state.current.label:  # sent back or rechecked after an edit
            text = (
                f"Pending again, as last edited: {esc(label_words(state.current.label.value))}"
                f" · {esc(state.current.rationale)}"
            )
        return f'<div class="wb-pending">{text}</div>'
    return f'<div class="wb-decision">{_decided(decision, result, state)}</div>'


def _decided(decision: Decision, result: AssertionResult, state: ReviewState) -> str:
    when = f"{decision.at:%Y-%m-%d %H:%M} UTC" if decision.at else ""
    head = f"<b>{esc(decision.headline)}</b>, {when}"
    if decision.status == ReviewStatus.REJECTED:
        last = next(e for e in reversed(state.history) if e.action in DECIDING_ACTIONS)
        reason = f": {esc(last.note)}" if last.note else ""
        return f"{badge(decision.headline, 'wb-rejected')} {when}{reason}"
    line = f"{_label_badge(decision.label, solid=True)} {head}"
    if decision.status == ReviewStatus.EDITED:
        line += f"<br><b>Rationale</b>: {esc(state.current.rationale)}"
    return line


def proposal_box(result: AssertionResult, state: ReviewState) -> str:
    """The machine's own verdict, as the chain stored it: apart, dashed and grey once a
    reviewer decided (HTML)."""
    verdict = result.verdict
    if verdict is None:
        why = f": {esc(result.not_verified_reason)}" if result.not_verified_reason else ""
        return (
            f'<div class="wb-muted">Not verified{why}. Opinions and predictions are shown, '
            "not verified.</div>"
        )
    decided = decision_of(result, state).decided
    label = verdict.label.value
    lines = [
        f'<span class="wb-proposal-head">Machine proposal</span> '
        f"{_label_badge(label, solid=False)} {_basis(verdict)}"
    ]
    if rule_reason(verdict) is None:
        lines.append(f"<b>Rationale</b>: {esc(verdict.rationale)}")
    lines += [f'<span class="wb-muted">⚑ {esc(reason)}</span>' for reason in verdict.review_reasons]
    css = "wb-proposal wb-superseded" if decided else "wb-proposal"
    return f'<div class="{css}">{"<br>".join(lines)}</div>'


def _basis(verdict: Verdict) -> str:
    """ "Rule: <reason>" for a verdict no model gave, else the model's confidence."""
    reason = rule_reason(verdict)
    if reason is not None:
        return f'<span class="wb-rule">Rule: {esc(reason)}</span>'
    return f'<span class="wb-muted">confidence {verdict.confidence:.2f}</span>'


def questions_and_notes(state: ReviewState) -> str:
    """The questions searched, then every note with who wrote it and when (HTML)."""
    parts = []
    if state.current.questions:
        asked = " · ".join(esc(q) for q in state.current.questions)
        parts.append(f'<div class="wb-muted"><b>Questions</b>: {asked}</div>')
    for note in state.notes:
        parts.append(
            f'<div class="wb-note"><b>Note by {esc(note.reviewer)}</b>, '
            f"{note.at:%Y-%m-%d %H:%M} UTC: {esc(note.note)}</div>"
        )
    return "".join(parts)


def history_lines(state: ReviewState) -> str:
    lines = []
    for e in state.history:
        before, after = e.before.label, e.after.label
        change = f"{label_words(before)} → {label_words(after)}" if before != after else ""
        note = f" — {esc(e.note)}" if e.note else ""
        action = "note" if e.action == ReviewAction.NOTE else e.action.value
        lines.append(
            f'<div class="wb-muted">v{e.version} · {e.at:%Y-%m-%d %H:%M} UTC · '
            f"<b>{esc(e.reviewer)}</b> · {action} {esc(change)}{note}</div>"
        )
    return "".join(lines)


def internals(result: AssertionResult, state: ReviewState) -> str:
    """The raw figures behind the card, for whoever wants to see them (HTML)."""
    a, verdict = result.assertion, result.verdict
    rows = [f"assertion {esc(a.assertion_id)} · version {state.version}"]
    if verdict is not None:
        rows.append(f"machine label {verdict.label.value} · confidence {verdict.confidence:.2f}")
        if verdict.label_scores:
            scores = " · ".join(
                f"{letter} ({label_words(LETTER_LABELS.get(letter), letter)}) {p:.3f}"
                for letter, p in sorted(verdict.label_scores.items())
            )
            rows.append(f"label scores {scores}")
        audit = verdict.citation_audit
        rows.append(f"citations proposed {audit.proposed}, dropped {len(audit.rejected)}")
    usage = result.usage
    rows.append(
        f"model calls {usage.calls} ({usage.cached_calls} cached) · tokens "
        f"{usage.prompt_tokens} in, {usage.completion_tokens} out · {usage.seconds:.1f} s"
    )
    return "".join(f'<div class="wb-src">{row}</div>' for row in rows)
