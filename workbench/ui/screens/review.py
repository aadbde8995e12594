"""Review: the article with its assertions highlighted, then a card per assertion with the
verdict, its evidence and the actions (accept, reject, edit, note; sign off for editors in
team mode); by default the cards come most worth checking first (the learned
check-worthiness score). In team mode the desk's queues come first, and editors assign."""

from __future__ import annotations

import streamlit as st

from workbench.records import AssertionKind, Label, ReviewStatus
from workbench.review import ReviewService
from workbench.ui.blind import blind_control
from workbench.ui.cards import assertion_card, highlighted_article
from workbench.ui.desk import assign_control, desk_queues
from workbench.ui.services import html, kept_selectbox, signed_in, workbench

PAGE_SIZE = 20


def worth(item) -> tuple:  # type: ignore[no-untyped-def]
    """Highest check-worthiness first, then article position."""
    result, _ = item
    return (-result.assertion.checkworthy, result.assertion.start)


def priority(item) -> tuple:  # type: ignore[no-untyped-def]
    """Needs-review first, then pending, then by confidence (lowest first), then position."""
    result, state = item
    verdict = result.verdict
    return (
        verdict is None,
        not (verdict and verdict.needs_review),
        state.status != ReviewStatus.PENDING,
        verdict.confidence if verdict else 1.0,
        result.assertion.start,
    )


ORDERS = {  # the first is the default
    "most worth checking first": worth,
    "needs review first": priority,
    "article order": lambda item: item[0].assertion.start,
}

service = ReviewService(workbench())
st.title("Review")
runs = service.runs()
if not runs:
    st.info("Nothing to review yet: check an article first (Check an article).")
    st.stop()
account = signed_in()  # None in laptop mode
queue = desk_queues(account)  # the (run, assertion) pairs of the chosen queue; None: all

labels = {
    run.run_id: f"{article.title} · {run.corpus} · {run.started_at:%Y-%m-%d %H:%M} · {run.run_id}"
    for run, article in runs
}
run_id = kept_selectbox("Run", list(labels), "review.run", format_func=labels.get)
run, article = next((r, a) for r, a in runs if r.run_id == run_id)
rows = service.results(run_id, viewer=account.name if account else None)
st.caption(
    f"Model {run.model} · prompts {', '.join(run.prompt_versions)} · "
    f"corpus state {run.corpus_state}"
)
assign_control(account, run_id, rows)
blind_control(account, run_id)

with st.container(border=True):
    st.markdown("**Filters**")
    c1, c2, c3, c4, c5 = st.columns(5)
    statuses = c1.multiselect("Status", [s.value for s in ReviewStatus], key="review.status")
    wanted_labels = c2.multiselect(
        "Label", [lab.value for lab in Label] + ["not verified"], key="review.label"
    )
    kinds = c3.multiselect("Kind", [k.value for k in AssertionKind], key="review.kind")
    low, high = c4.slider("Confidence", 0.0, 1.0, (0.0, 1.0), 0.05, key="review.confidence")
    order = c5.selectbox("Order", list(ORDERS), key="review.order")


def keep(result, state) -> bool:  # type: ignore[no-untyped-def]
    label = state.current.label.value if state.current.label else "not verified"
    confidence = result.verdict.confidence if result.verdict else None
    return (
        (not statuses or state.status.value in statuses)
        and (not wanted_labels or label in wanted_labels)
        and (not kinds or result.assertion.kind.value in kinds)
        and (confidence is None or low <= confidence <= high)
        and (queue is None or (run_id, result.assertion.assertion_id) in queue)
    )


shown = sorted((item for item in rows if keep(*item)), key=ORDERS[order])
done = sum(1 for r, s in rows if r.verdict and s.status != ReviewStatus.PENDING)
verified = sum(1 for r, _ in rows if r.verdict)
st.markdown(
    f"**{len(rows)} assertions**, {verified} verified, {done} reviewed · showing {len(shown)}"
)
html(highlighted_article(article.text, rows))

pages = max(1, -(-len(shown) // PAGE_SIZE))
page = st.number_input("Page", 1, pages, 1, key="review.page") if pages > 1 else 1
for result, state in shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
    assertion_card(service, run, result, state)
