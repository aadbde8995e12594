"""Review: pick a run; the article with its assertions highlighted in the colour of their
decision, a legend with the counts, the filters, then a card per assertion with who decided,
the evidence and the actions (accept, reject, edit, note; sign off for editors in team
mode). The cards keep their order while the reviewer works (see card_order.py); the
internals of the run are one click away. In team mode the desk's queues come first, and
editors assign."""

from __future__ import annotations

import streamlit as st

from workbench.records import AssertionKind, ReviewStatus
from workbench.review import ReviewService
from workbench.ui.blind import blind_control
from workbench.ui.card_order import (
    ORDERS,
    PAGE_KEY,
    PAGE_SIZE_KEY,
    PAGE_SIZES,
    is_pending,
    kept_order,
    next_pending,
    page_of,
    page_size,
    sort_again,
)
from workbench.ui.cards import (
    JUMP_KEY,
    NextPending,
    assertion_card,
    highlighted_article,
    next_pending_control,
)
from workbench.ui.check_jobs import check_jobs, run_status
from workbench.ui.decision import LEGEND, decision_of, legend
from workbench.ui.desk import VIEW_KEY, assign_control, desk_queues
from workbench.ui.run_details import run_details
from workbench.ui.scroll import scroll_to
from workbench.ui.services import html, kept_selectbox, signed_in, workbench

service = ReviewService(workbench())
st.title("Review")
runs = service.runs()
if not runs:
    st.info("Nothing to review yet: check an article first (Check an article).")
    st.stop()
account = signed_in()  # None in laptop mode
queue = desk_queues(account)  # the (run, assertion) pairs of the chosen queue; None: all

stored = service.stored_counts()
busy = check_jobs().working_on()
run_states = {
    run.run_id: run_status(run, stored.get(run.run_id, 0), busy.get(run.run_id)) for run, _ in runs
}
labels = {
    run.run_id: f"{article.title} · {run.corpus} · {run.started_at:%Y-%m-%d %H:%M} · {run.run_id}"
    + ("" if run.finished_at else f" · {run_states[run.run_id]}")
    for run, article in runs
}
run_id = kept_selectbox("Run", list(labels), "review.run", format_func=labels.get)
run, article = next((r, a) for r, a in runs if r.run_id == run_id)
rows = service.results(run_id, viewer=account.name if account else None)
if run.finished_at is None:
    st.warning(
        f"Unfinished run ({run_states[run_id]}): the assertions not checked yet are missing "
        "below." + ("" if run_id in busy else " Resume it on Check an article.")
    )
with st.expander("About this run: model, prompts, corpus state"):
    html(run_details(run))
assign_control(account, run_id, rows)
blind_control(account, run_id)

with st.container(border=True):
    st.markdown("**Filters**")
    c1, c2, c3, c4, c5 = st.columns(5)
    statuses = c1.multiselect("Status", [s.value for s in ReviewStatus], key="review.status")
    wanted = c2.multiselect("Verdict", list(LEGEND), key="review.label")
    kinds = c3.multiselect("Kind", [k.value for k in AssertionKind], key="review.kind")
    low, high = c4.slider("Confidence", 0.0, 1.0, (0.0, 1.0), 0.05, key="review.confidence")
    order = c5.selectbox("Order", list(ORDERS), key="review.order")


def keep(result, state) -> bool:  # type: ignore[no-untyped-def]
    confidence = result.verdict.confidence if result.verdict else None
    return (
        (not statuses or state.status.value in statuses)
        and (not wanted or decision_of(result, state).words in wanted)
        and (not kinds or result.assertion.kind.value in kinds)
        and (confidence is None or low <= confidence <= high)
        and (queue is None or (run_id, result.assertion.assertion_id) in queue)
    )


# Made for this run, these filters and this order: a save does not reorder the cards.
made_for = (run_id, *map(tuple, (statuses, wanted, kinds)), low, high, order)
shown = kept_order(rows, keep, order, (*made_for, st.session_state.get(VIEW_KEY)))
done = sum(1 for r, s in rows if r.verdict and s.status != ReviewStatus.PENDING)
verified = sum(1 for r, _ in rows if r.verdict)
st.markdown(
    f"**{len(rows)} assertions**, {verified} verified, {done} decided by a reviewer · "
    f"showing {len(shown)}"
)
html(legend(rows))
html(highlighted_article(article.text, rows))

size = page_size()
pages = max(1, -(-len(shown) // size))
if st.session_state.get(PAGE_KEY, 1) > pages:  # fewer cards now: a filter, a larger page
    st.session_state[PAGE_KEY] = pages
p1, p2, _ = st.columns([1, 1, 3])
page = p1.number_input("Page", 1, pages, key=PAGE_KEY) if pages > 1 else 1
p2.selectbox("Cards per page", PAGE_SIZES, key=PAGE_SIZE_KEY)
on_page = shown[(page - 1) * size : page * size]


def way_on(after: str | None) -> NextPending | None:
    found = next_pending(shown, after)
    if found is None:
        return None
    position, assertion_id = found
    return NextPending(assertion_id, None if page_of(position) == page else page_of(position))


c1, c2, c3 = st.columns([3, 1, 1], vertical_alignment="center")
with c1:
    html(f'<div class="wb-muted">{sum(map(is_pending, shown))} pending in this list</div>')
if (first := way_on(None)) is not None:
    with c2:
        next_pending_control(first, "review.next")
c3.button(
    "Sort again",
    key="review.sort_again",
    on_click=sort_again,
    help="The cards keep their places while you work; this puts decided ones where the order says.",
)
for result, state in on_page:
    assertion_card(service, run, result, state, way_on(result.assertion.assertion_id))
if jump := st.session_state.pop(JUMP_KEY, None):
    scroll_to(jump)
