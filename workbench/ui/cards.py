"""The pieces of the review screen: the highlighted article and one card per assertion.

Actions are button callbacks bound to the version of the verdict the card was drawn
with, so a save on top of someone else's newer save is refused and shown, not lost.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from workbench.accounts.roles import AccessDenied, Action
from workbench.records import (
    AssertionResult,
    AttributionKind,
    Label,
    ReviewState,
    ReviewStatus,
    Run,
)
from workbench.review import ReviewService, VersionConflict
from workbench.ui.blind import blind_line, may_vote, resolve_controls, saved_message
from workbench.ui.services import LABEL_COLOURS, badge, esc, html, link, reviewer, reviewer_for
from workbench.ui.sign_off import sign_off_controls, sign_off_line


def highlighted_article(text: str, rows: Sequence[tuple[AssertionResult, ReviewState]]) -> str:
    parts, cursor = [], 0
    for result, state in sorted(rows, key=lambda item: item[0].assertion.start):
        a = result.assertion
        if a.start < cursor:
            continue
        label = state.current.label.value if state.current.label else None
        _, background = LABEL_COLOURS[label]
        title = label or "not verified"
        parts.append(esc(text[cursor : a.start]))
        parts.append(
            f'<mark style="background:{background}" title="{esc(title)}">'
            f"{esc(text[a.start : a.end])}</mark>"
        )
        cursor = a.end
    parts.append(esc(text[cursor:]))
    return f'<div class="wb-article">{"".join(parts)}</div>'


def _act(
    service: ReviewService, run_id: str, assertion_id: str, action: str, seen: int, **kwargs
) -> None:  # type: ignore[no-untyped-def]
    key = f"review.message.{assertion_id}"
    try:
        who = reviewer_for(Action.NOTE if action == "note" else Action.REVIEW)
        state = getattr(service, action)(run_id, assertion_id, who, seen_version=seen, **kwargs)
        st.session_state[key] = (
            "success",
            saved_message(state, who)
            or f"{action.replace('_', ' ')}: saved as version {state.version} by {who}",
        )
    except VersionConflict as exc:
        st.session_state[key] = ("error", str(exc))
    except (ValueError, LookupError, AccessDenied) as exc:
        st.session_state[key] = ("error", str(exc))


def _edit(service: ReviewService, run_id: str, assertion_id: str, seen: int) -> None:
    prefix = f"review.edit.{assertion_id}"
    questions = [q for q in st.session_state[f"{prefix}.questions"].splitlines() if q.strip()]
    cites = [int(x.removeprefix("S")) for x in st.session_state[f"{prefix}.cite"]]
    _act(
        service,
        run_id,
        assertion_id,
        "edit",
        seen,
        label=Label(st.session_state[f"{prefix}.label"]),
        rationale=st.session_state[f"{prefix}.rationale"],
        questions=questions,
        cite_evidence=cites,
    )


def _reject(service: ReviewService, run_id: str, assertion_id: str, seen: int) -> None:
    reason = st.session_state.get(f"review.reason.{assertion_id}", "").strip()
    if not reason:  # the next reader of the history needs to know what the machine got wrong
        message = ("error", "Say why you reject it: the reason goes in the verdict's history.")
        st.session_state[f"review.message.{assertion_id}"] = message
        return
    _act(service, run_id, assertion_id, "reject", seen, reason=reason)


def _note(service: ReviewService, run_id: str, assertion_id: str, seen: int) -> None:
    _act(
        service,
        run_id,
        assertion_id,
        "note",
        seen,
        text=st.session_state[f"review.note.{assertion_id}"],
    )


def _badges(result: AssertionResult, state: ReviewState) -> str:
    a, v = result.assertion, result.verdict
    label = state.current.label.value if state.current.label else None
    colour, _ = LABEL_COLOURS[label]
    out = []
    if v is not None:
        changed = label != v.label.value  # a reviewer's label has no model confidence
        score = "reviewer" if changed else f"{v.confidence:.2f}"
        out.append(badge(f"{label} · {score}", "wb-label", colour))
        out.append(badge(state.status.value))
    else:
        why = f": {result.not_verified_reason}" if result.not_verified_reason else ""
        out.append(badge(f"not verified{why}"))
    out.append(badge(f"worth checking {a.checkworthy:.2f}"))
    out.append(badge(a.kind.value))
    who = a.attribution.value + (f": {a.attributed_to}" if a.attributed_to else "")
    out.append(badge(who, "wb-anon" if a.attribution == AttributionKind.ANONYMOUS else ""))
    if v is not None and v.needs_review:
        out.append(badge("⚑ needs review", "wb-flag"))
    if state.stale:
        out.append(badge("⚠ stale", "wb-flag"))
    if state.published:
        out.append(badge("✓ published"))
    return "".join(out)


def _evidence(result: AssertionResult, state: ReviewState, doc_id: str | None = None) -> str:
    """The retrieved sentences as stored with the check (of one document if ``doc_id``)."""
    cited = {(c.doc_id, c.start, c.end) for c in state.current.citations}
    blocks = []
    for e in result.evidence:
        if doc_id is not None and e.doc_id != doc_id:
            continue
        is_cited = (e.doc_id, e.start, e.end) in cited
        blocks.append(
            f'<div class="wb-ev{" cited" if is_cited else ""}"><b>S{e.number}</b>'
            f'{" · cited" if is_cited else ""} {esc(e.text)}<div class="wb-src">{esc(e.title)} · '
            f"{esc(e.source)} · characters {e.start}–{e.end}"
            f" · relevance {e.score:.2f}</div></div>"
        )
    return "".join(blocks) or '<div class="wb-muted">No passage retrieved.</div>'


def assertion_card(
    service: ReviewService, run: Run, result: AssertionResult, state: ReviewState
) -> None:
    a, v = result.assertion, result.verdict
    with st.container(border=True, key=f"review.card.{a.assertion_id}"):
        html(f'<div class="wb-claim">{esc(a.text)}</div><div>{_badges(result, state)}</div>')
        if a.standalone:  # the pronoun resolved from the article: what was searched and judged
            html(f'<div class="wb-muted">Checked as: {esc(a.standalone)}</div>')
        message = st.session_state.pop(f"review.message.{a.assertion_id}", None)
        if message:
            (st.success if message[0] == "success" else st.error)(message[1])
        _already_checked(service, run, result, state)
        if v is None:
            html('<div class="wb-muted">Opinions and predictions are shown, not verified.</div>')
            return
        if state.stale:
            st.warning(
                "Stale: " + "; ".join(state.stale) + f". Re-run it with `workbench recheck "
                f"{run.run_id}`: the new verdict comes back here as pending, history kept.",
            )
        details = []
        if state.current.questions:
            details.append(
                "<b>Questions</b>: " + " · ".join(esc(q) for q in state.current.questions)
            )
        details.append(f"<b>Rationale</b>: {esc(state.current.rationale)}")
        if state.last_reviewer:
            details.append(
                f'<span class="wb-muted">last review by {esc(state.last_reviewer)}, '
                f"{state.last_at:%Y-%m-%d %H:%M} UTC · version {state.version}</span>"
            )
        if signed := sign_off_line(state):
            details.append(signed)
        if blind := blind_line(state):
            details.append(blind)
        for reason in v.review_reasons:
            details.append(f'<span class="wb-muted">⚑ {esc(reason)}</span>')
        html("<br>".join(details))
        with st.expander(
            f"Evidence ({len(result.evidence)} sentences, {len(state.current.citations)} cited)"
        ):
            html(_evidence(result, state))
            for doc_id in dict.fromkeys(e.doc_id for e in result.evidence):
                title = next(e.title for e in result.evidence if e.doc_id == doc_id)
                if st.toggle(
                    f"Show the whole document: {title}", key=f"review.doc.{a.assertion_id}.{doc_id}"
                ):
                    _whole_document(service, run, result, state, doc_id)
        if state.history:
            with st.expander(f"History ({len(state.history)})"):
                for e in state.history:
                    change = (
                        f"{e.before.label} → {e.after.label}"
                        if e.before.label != e.after.label
                        else ""
                    )
                    note = f" — {esc(e.note)}" if e.note else ""
                    html(
                        f'<div class="wb-muted">v{e.version} · {e.at:%Y-%m-%d %H:%M} UTC · '
                        f"<b>{esc(e.reviewer)}</b> · {e.action.value} {esc(change)}{note}</div>"
                    )
        _actions(service, run, result, state)
        resolve_controls(run, state)
        sign_off_controls(run, state)


def _already_checked(
    service: ReviewService, run: Run, result: AssertionResult, state: ReviewState
) -> None:
    """Earlier fact-checks of the same claim, found in the archive when the article was
    checked: their verdict, who gave it and when, and a button to take it over."""
    aid = result.assertion.assertion_id
    if not result.matches:
        return
    with st.container(border=True, key=f"review.matches.{aid}"):
        html(
            '<b>Already checked</b> <span class="wb-muted">earlier fact-checks of this claim'
            " (the verdict above is this check's own)</span>"
        )
        for m in result.matches:
            label = m.label.value if m.label else None
            colour, _ = LABEL_COLOURS[label]
            who = " · ".join(
                part
                for part in (
                    esc(m.publisher or "unknown"),
                    m.date.isoformat() if m.date else "undated",
                    link(m.url),
                    f"same-claim score {m.score:.2f}",
                )
                if part
            )
            html(
                f'<div class="wb-ev">{badge(label or "no label of ours", "wb-label", colour)}'
                f"{badge('rating: ' + m.rating)} {esc(m.claim)}"
                f'<div class="wb-src">{who} · {esc(m.factcheck_id)} · {esc(m.origin)}</div></div>'
            )
            st.button(
                "Reuse this verdict",
                key=f"review.reuse.{aid}.{m.factcheck_id}",
                on_click=_act,
                args=(service, run.run_id, aid, "reuse_factcheck", state.version),
                kwargs={"factcheck_id": m.factcheck_id},
                disabled=not reviewer() or m.label is None or not may_vote(state, reviewer()),
                help="Set this verdict's label from the fact-check; the history names it"
                if m.label
                else "Its rating maps to none of our labels: edit the verdict by hand",
            )


def _whole_document(
    service: ReviewService, run: Run, result: AssertionResult, state: ReviewState, doc_id: str
) -> None:
    from workbench.corpus.manage import document_passages

    try:
        document, _ = document_passages(service.wb, run.corpus, doc_id)
    except LookupError:  # a document's id is its text: replaced or removed since the check
        st.warning(
            f"This document changed since the check: the version checked is no longer in "
            f"corpus {run.corpus}. Its sentences as stored with the check:"
        )
        html(_evidence(result, state, doc_id))  # escaped, with title and source
        return
    html(
        f'<div class="wb-src">{esc(document.source)} · ingested '
        f"{document.ingested_at:%Y-%m-%d} · sha256 {document.sha256[:12]}…</div>"
        f'<div class="wb-article">{esc(document.text)}</div>'
    )


def _actions(service: ReviewService, run: Run, result: AssertionResult, state: ReviewState) -> None:
    aid, seen, named = result.assertion.assertion_id, state.version, bool(reviewer())
    args = (service, run.run_id, aid)
    if not named:
        _decision_buttons(args, state, disabled=True)
        st.caption("Enter your name under Reviewer in the sidebar to review.")
        return
    if may_vote(state, reviewer()):
        _decision_buttons(args, state, disabled=False)
        _edit_form(args, result, state)
    else:  # a blind round: only its two reviewers decide (notes stay open to all)
        disagree = state.blind is not None and state.blind.disagreement
        st.caption(
            "Blind double review: only its two reviewers decide this verdict"
            + (", and an editor now resolves their disagreement." if disagree else ".")
        )
    with st.expander("Add a note"), st.form(f"review.note.form.{aid}", clear_on_submit=True):
        st.text_area("Note", key=f"review.note.{aid}")
        st.form_submit_button("Save note", on_click=_note, args=(*args, seen))


def _decision_buttons(args: tuple, state: ReviewState, disabled: bool) -> None:  # type: ignore[type-arg]
    aid, seen = state.assertion_id, state.version
    c1, c2, c3 = st.columns([1, 1, 6], vertical_alignment="bottom")
    c1.button(
        "Accept",
        key=f"review.accept.{aid}",
        on_click=_act,
        args=(*args, "accept", seen),
        disabled=disabled or state.status == ReviewStatus.ACCEPTED,
        type="primary",
    )
    c2.button(
        "Reject",
        key=f"review.reject.{aid}",
        on_click=_reject,
        args=(*args, seen),
        disabled=disabled or state.status == ReviewStatus.REJECTED,
    )
    c3.text_input(
        "Why reject?",
        key=f"review.reason.{aid}",
        placeholder="required to reject: what the machine got wrong",
        disabled=disabled or state.status == ReviewStatus.REJECTED,
    )


def _edit_form(args: tuple, result: AssertionResult, state: ReviewState) -> None:  # type: ignore[type-arg]
    aid, seen = state.assertion_id, state.version
    with st.expander("Edit verdict"), st.form(f"review.edit.form.{aid}"):
        prefix = f"review.edit.{aid}"
        labels = [lab.value for lab in Label]
        current = state.current.label.value if state.current.label else labels[0]
        st.selectbox("Label", labels, index=labels.index(current), key=f"{prefix}.label")
        st.text_area("Rationale", state.current.rationale, key=f"{prefix}.rationale")
        st.text_area(
            "Questions (one per line)",
            "\n".join(state.current.questions),
            key=f"{prefix}.questions",
        )
        cited = {(c.doc_id, c.start, c.end) for c in state.current.citations}
        options = [f"S{e.number}" for e in result.evidence]
        default = [f"S{e.number}" for e in result.evidence if (e.doc_id, e.start, e.end) in cited]
        st.multiselect(
            "Cite these retrieved sentences", options, default=default, key=f"{prefix}.cite"
        )
        st.form_submit_button("Save edit", on_click=_edit, args=(*args, seen))
