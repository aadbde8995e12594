"""Focus: a run worked through one assertion at a time, from the keyboard. The claim in its
article, the machine's proposal, every evidence sentence with the cited ones marked, the
history; Accept, Reject, Edit, Note; Previous, Next, Next pending; and, below, bulk accept
on a filter. The run is the one chosen on Review (the two screens share the choice)."""

from __future__ import annotations

import streamlit as st

from workbench.review import ReviewService
from workbench.ui.bulk import bulk_panel
from workbench.ui.card_face import verdict_boxes
from workbench.ui.focus import (
    FocusQueue,
    evidence,
    history,
    settle_position,
)
from workbench.ui.focus_actions import decide, keyboard, moves, show_message
from workbench.ui.services import esc, html, review_run, signed_in, workbench
from workbench.ui.sign_off import sign_off_line

service = ReviewService(workbench())
st.title("Focus")
run, article = review_run(service.runs())
run_id = run.run_id
account = signed_in()  # None in laptop mode; in a blind round, votes are shown as it may see them


@st.fragment
def work_through_the_run() -> None:
    """Everything below the run choice: a click here reruns only this part of the screen."""
    queue = FocusQueue(service.results(run_id, viewer=account.name if account else None))
    if not queue.rows:
        st.info("This run has no verified assertion to decide.")
        return
    move_on = st.toggle("After a decision, go to the next pending", value=True, key="focus.move_on")
    index = settle_position(queue, run_id, move_on)
    result, state = queue.rows[index]
    aid = result.assertion.assertion_id

    st.markdown(f"**{queue.position_line(index)}**")
    moves(queue, run_id, index)
    keyboard()
    show_message()
    with st.container(border=True, key=f"focus.card.{aid}"):
        html(f'<div class="wb-claim">{esc(result.assertion.text)}</div>')
        html(queue.context(index, article.text))
        if result.assertion.standalone:
            html(f'<div class="wb-muted">Checked as: {esc(result.assertion.standalone)}</div>')
        html(verdict_boxes(result, state) + (sign_off_line(state) or ""))
        if state.stale:
            st.warning("Stale: " + "; ".join(state.stale))
        decide(service, run_id, aid, state)
        st.markdown(f"**Evidence** ({len(result.evidence)} sentences)")
        html(evidence(result, state))
        st.markdown(f"**History** ({len(state.history)})")
        html(history(state))
    bulk_panel(service, run_id, queue.rows)


work_through_the_run()
