"""The "Already checked" box of a card: earlier fact-checks of the same claim, found in the
archive when the article was checked, with their verdict, who gave it and when, and a
button to take it over."""

from __future__ import annotations

import streamlit as st

from workbench.records import AssertionResult, ReviewState, Run
from workbench.review import ReviewService
from workbench.ui.blind import may_vote
from workbench.ui.card_actions import act
from workbench.ui.services import LABEL_COLOURS, badge, esc, html, label_words, link, reviewer


def already_checked(
    service: ReviewService, run: Run, result: AssertionResult, state: ReviewState
) -> None:
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
            words = label_words(label, none="no label of ours")
            html(
                f'<div class="wb-ev">{badge(words, "wb-label", colour)}'
                f"{badge('rating: ' + m.rating)} {esc(m.claim)}"
                f'<div class="wb-src">{who} · {esc(m.factcheck_id)} · {esc(m.origin)}</div></div>'
            )
            st.button(
                "Reuse this verdict",
                key=f"review.reuse.{aid}.{m.factcheck_id}",
                on_click=act,
                args=(service, run.run_id, aid, "reuse_factcheck", state.version),
                kwargs={"factcheck_id": m.factcheck_id},
                disabled=not reviewer() or m.label is None or not may_vote(state, reviewer()),
                help="Set this verdict's label from the fact-check; the history names it"
                if m.label
                else "Its rating maps to none of our labels: edit the verdict by hand",
            )
