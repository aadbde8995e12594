"""Bulk accept on the Focus screen: pick a filter, look at every verdict it picks, confirm,
then each is accepted at the version shown (one changed meanwhile is skipped and named)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from workbench.accounts.roles import AccessDenied, Action
from workbench.records import Label
from workbench.review import ReviewService
from workbench.review_bulk import BulkFilter, bulk_accept, bulk_candidates
from workbench.ui.focus import Row
from workbench.ui.services import esc, html, label_words, reviewer, reviewer_for

MESSAGE_KEY = "bulk.message"
CONFIRM_KEY = "bulk.confirm"


def _apply(
    service: ReviewService, run_id: str, chosen: BulkFilter, seen: tuple[tuple[str, int], ...]
) -> None:
    st.session_state[CONFIRM_KEY] = False  # the next bulk action needs a new look
    try:
        who = reviewer_for(Action.REVIEW)
        outcome = bulk_accept(service, run_id, who, chosen, dict(seen))
    except (ValueError, AccessDenied) as exc:
        st.session_state[MESSAGE_KEY] = ("error", str(exc), ())
        return
    lines = tuple(f"{s.assertion_id}: {s.reason}" for s in outcome.skipped)
    text = f"Accepted {len(outcome.accepted)} by {who}; skipped {len(outcome.skipped)}."
    st.session_state[MESSAGE_KEY] = ("warning" if lines else "success", text, lines)


def bulk_panel(service: ReviewService, run_id: str, rows: Sequence[Row]) -> None:
    with st.expander("Bulk accept", expanded=MESSAGE_KEY in st.session_state):
        message = st.session_state.pop(MESSAGE_KEY, None)
        if message:
            kind, text, skipped = message
            getattr(st, kind)(text)
            for line in skipped:
                st.caption(f"skipped {line}")
        c1, c2 = st.columns(2)
        labels = [label.value for label in Label]
        label = c1.selectbox(
            "Label",
            labels,
            index=labels.index(Label.NOT_ENOUGH_EVIDENCE),
            key="bulk.label",
            format_func=label_words,
        )
        rule_only = c2.checkbox("Only verdicts a rule decided", value=True, key="bulk.rule_only")
        chosen = BulkFilter(label=Label(label), rule_only=rule_only)
        picked = bulk_candidates(rows, chosen)
        st.markdown(
            f"**{len(picked)} {esc(chosen.describe())}** (never a flagged, stale or decided one):"
        )
        items = "".join(
            f'<div class="wb-ev">{esc(r.assertion.text)}'
            f'<div class="wb-src">{esc(s.current.rationale)}</div></div>'
            for r, s in picked
        )
        html(f'<div class="wb-list">{items}</div>')
        confirmed = st.checkbox(
            f"I have read these {len(picked)}: accept them all",
            key=CONFIRM_KEY,
            disabled=not picked or not reviewer(),
        )
        seen = tuple((r.assertion.assertion_id, s.version) for r, s in picked)
        st.button(
            f"Accept {len(picked)}",
            key="bulk.accept",
            on_click=_apply,
            args=(service, run_id, chosen, seen),
            disabled=not (picked and confirmed and reviewer()),
        )
