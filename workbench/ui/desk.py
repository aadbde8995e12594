"""The desk on the Review screen (team mode): the queues ("Assigned to me", and for editors
"Awaiting sign-off" and blind review's "Disagreements") with a button that opens a run
showing only that queue, and the assign control for editors."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from workbench.accounts.roles import AccessDenied, Action, can, require
from workbench.desk.assignments import AssignmentService
from workbench.desk.queues import QueueItem, assigned_to, awaiting_sign_off, disagreements
from workbench.records import AssertionResult, ReviewState, User
from workbench.ui.services import esc, html, signed_in, users, workbench

ALL, MINE, AWAITING = "all verdicts", "assigned to me", "awaiting my sign-off"
DISAGREEMENTS = "disagreements"
VIEW_KEY = "review.queue"
RUN_KEY = "review.run"  # the Review screen's run picker (a kept_selectbox)
ASSIGN_MESSAGE = "review.assign.message"


def _open(run_id: str, view: str) -> None:
    """Show this run with only the queue's verdicts (a callback: before the widgets)."""
    st.session_state[f"kept.{RUN_KEY}"] = run_id
    # Set through the widget's own state, which Streamlit sends to the browser: dropping it
    # made the server pick the run while the browser's picker went on showing the old one.
    st.session_state[RUN_KEY] = run_id
    st.session_state[VIEW_KEY] = view


def _queue(title: str, items: Sequence[QueueItem], view: str, empty: str) -> None:
    st.markdown(f"**{title}** · {len(items)}")
    if not items:
        st.caption(empty)
    runs = {item.run_id: item.article_title for item in items}
    for run_id, article_title in runs.items():
        mine = [item for item in items if item.run_id == run_id]
        lines = "".join(
            f"<li>{esc(i.text[:90])}"
            + (f" — sent back: {esc(i.sent_back_reason)}" if i.sent_back_reason else "")
            + (f" — decided by {esc(', '.join(i.deciders))}" if view == AWAITING else "")
            + (f" — {esc('; '.join(i.blind_votes))}" if i.blind_votes else "")
            + "</li>"
            for i in mine[:10]
        )
        html(f"<div><b>{esc(article_title)}</b> · {len(mine)}<ul>{lines}</ul></div>")
        st.button(
            "Open",
            key=f"review.queue.open.{view}.{run_id}",
            on_click=_open,
            args=(run_id, view),
        )


def desk_queues(account: User | None) -> set[tuple[str, str]] | None:
    """Draw the queues; the (run, assertion) pairs the chosen view shows, None for all."""
    if account is None:  # laptop mode: no desk
        return None
    wb = workbench()
    signs_off = can(account.role, Action.SIGN_OFF)
    resolves = can(account.role, Action.RESOLVE)
    mine = assigned_to(wb, account.name)
    awaiting = awaiting_sign_off(wb, account.name) if signs_off else []
    disagreeing = disagreements(wb, account.name) if resolves else []
    with st.container(border=True, key="review.queues"):
        views = [ALL, MINE] + [AWAITING] * signs_off + [DISAGREEMENTS] * resolves
        view = st.radio("Show", views, horizontal=True, key=VIEW_KEY)
        _queue("Assigned to me", mine, MINE, "Nothing assigned to you is waiting.")
        if signs_off:
            _queue("Awaiting sign-off", awaiting, AWAITING, "Nothing awaits your sign-off.")
        if resolves:
            _queue(
                "Disagreements",
                disagreeing,
                DISAGREEMENTS,
                "No blind reviewers disagree on anything you may resolve.",
            )
    chosen = {MINE: mine, AWAITING: awaiting, DISAGREEMENTS: disagreeing}.get(view)
    return None if chosen is None else {(i.run_id, i.assertion_id) for i in chosen}


def _assign(run_id: str) -> None:
    assignee = st.session_state.get("review.assign.to")
    picked = st.session_state.get("review.assign.assertions") or []
    try:
        editor = require(signed_in(), Action.ASSIGN)
        if not assignee:
            raise ValueError("pick the account to assign it to")
        made = AssignmentService(workbench()).assign(run_id, assignee, picked, by=editor)
        what = "the whole run" if not picked else f"{len(made)} assertion(s)"
        st.session_state[ASSIGN_MESSAGE] = ("success", f"assigned {what} to {assignee}")
    except (ValueError, LookupError, AccessDenied) as exc:
        st.session_state[ASSIGN_MESSAGE] = ("error", str(exc))


def assign_control(
    account: User | None, run_id: str, rows: Sequence[tuple[AssertionResult, ReviewState]]
) -> None:
    """Editors and admins: give this run, or some of its assertions, to an account."""
    if account is None or not can(account.role, Action.ASSIGN):
        return
    texts = {r.assertion.assertion_id: r.assertion.text for r, _ in rows if r.verdict}
    with st.expander("Assign this run"):
        for a in AssignmentService(workbench()).list(run_id=run_id):
            what = texts.get(a.assertion_id or "", "")[:70] if a.assertion_id else "whole run"
            html(
                f'<div class="wb-muted">{esc(what)} → <b>{esc(a.assignee)}</b> '
                f"(by {esc(a.assigned_by)}, {a.assigned_at:%Y-%m-%d %H:%M} UTC)</div>"
            )
        names = [u.name for u in users().list() if not u.disabled]
        st.selectbox("Assign to", names, key="review.assign.to")
        st.multiselect(
            "Only these assertions (none: the whole run)",
            list(texts),
            format_func=lambda aid: texts[aid][:80],
            key="review.assign.assertions",
        )
        st.button("Assign", key="review.assign", on_click=_assign, args=(run_id,))
        if message := st.session_state.pop(ASSIGN_MESSAGE, None):
            (st.success if message[0] == "success" else st.error)(message[1])
