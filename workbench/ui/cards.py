"""One card per assertion on the Review screen: the claim, who decided (the reviewer's
decision apart from the machine's proposal), the notes, the evidence, the history, the
internals one click away, and the actions. A save's confirmation shows on the card itself,
with the way on to the next pending card."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from workbench.records import AssertionResult, ReviewState, Run
from workbench.review import ReviewService
from workbench.ui.already_checked import already_checked
from workbench.ui.article_view import highlighted_article
from workbench.ui.blind import blind_line, resolve_controls
from workbench.ui.card_actions import actions, message_key
from workbench.ui.card_evidence import evidence_html
from workbench.ui.card_face import (
    anchor_id,
    claim_line,
    history_lines,
    internals,
    proposal_box,
    questions_and_notes,
    verdict_boxes,
)
from workbench.ui.card_order import PAGE_KEY
from workbench.ui.services import fold, html
from workbench.ui.sign_off import sign_off_controls, sign_off_line

__all__ = [
    "JUMP_KEY",
    "NextPending",
    "assertion_card",
    "highlighted_article",
    "next_pending_control",
]

JUMP_KEY = "review.jump"  # the card to bring into view after a page change


@dataclass(frozen=True)
class NextPending:
    """Where the next pending card after this one is: its id, and its page if not this one."""

    assertion_id: str
    page: int | None = None


def _go_to(next_card: NextPending) -> None:
    st.session_state[PAGE_KEY] = next_card.page
    st.session_state[JUMP_KEY] = anchor_id(next_card.assertion_id)


def _confirmation(assertion_id: str, next_card: NextPending | None, moving_on: bool) -> None:
    """The outcome of the card's last action, at the card; after a save, the way on."""
    message = st.session_state.pop(message_key(assertion_id), None)
    if not message:
        return
    kind, text = message
    (st.success if kind == "success" else st.error)(text)
    if kind != "success" or not moving_on:
        return
    next_pending_control(next_card, f"review.next.{assertion_id}")


def next_pending_control(next_card: NextPending | None, key: str) -> None:
    """A link to the next pending card on this page (the browser scrolls, no round trip), or
    a button that turns to its page and brings it into view."""
    if next_card is None:
        html('<div class="wb-muted">Nothing pending left in this list.</div>')
    elif next_card.page is None:
        target = anchor_id(next_card.assertion_id)
        html(f'<a class="wb-next" href="#{target}">Next pending ↓</a>')
    else:
        st.button(
            f"Next pending (page {next_card.page})", key=key, on_click=_go_to, args=(next_card,)
        )


def assertion_card(
    service: ReviewService,
    run: Run,
    result: AssertionResult,
    state: ReviewState,
    next_pending: NextPending | None = None,
) -> None:
    """Few elements on purpose: the browser's work per click grows with the elements on the
    page (BENCHMARKS.md, review clicks), so everything read-only is one HTML block, with the
    evidence, history and internals folded in it, and the buttons sit in two rows."""
    a, verdict = result.assertion, result.verdict
    with st.container(border=True, key=f"review.card.{a.assertion_id}"):
        html(card_html(result, state))
        if verdict is not None and state.stale:
            st.warning(
                "Stale: " + "; ".join(state.stale) + f". Re-run it with `workbench recheck "
                f"{run.run_id}`: the new verdict comes back here as pending, history kept.",
            )
        _confirmation(a.assertion_id, next_pending, moving_on=verdict is not None)
        already_checked(service, run, result, state)
        if verdict is None:
            return
        actions(service, run, result, state)
        resolve_controls(run, state)
        sign_off_controls(run, state)


def card_html(result: AssertionResult, state: ReviewState) -> str:
    """The card's read-only face: the claim, who decided, questions and notes, and folded
    (shut until clicked, in the browser alone) the evidence, the history and the internals."""
    if result.verdict is None:
        return claim_line(result, state) + proposal_box(result, state)
    parts = [claim_line(result, state), verdict_boxes(result, state), questions_and_notes(state)]
    parts += [f"<div>{line}</div>" for line in (sign_off_line(state), blind_line(state)) if line]
    cited = len(state.current.citations)
    parts.append(
        fold(
            f"Evidence ({len(result.evidence)} sentences, {cited} cited)",
            evidence_html(result, state),
        )
    )
    if state.history:
        parts.append(fold(f"History ({len(state.history)})", history_lines(state)))
    parts.append(fold("Details (scores, model usage)", internals(result, state)))
    return "".join(parts)
