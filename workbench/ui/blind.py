"""Blind double review on the Review screen (team mode): the control that switches it on
for a run (editors), the line on each card saying where the blind round stands (never the
other reviewer's vote before both voted), and an editor's Resolve buttons on a
disagreement."""

from __future__ import annotations

import streamlit as st

from workbench.accounts.roles import AccessDenied, Action, can, require
from workbench.desk.blind import BlindReviewService
from workbench.desk.decisions import same_person
from workbench.records import Label, ReviewAction, ReviewState, ReviewStatus, Run, User
from workbench.review import VersionConflict
from workbench.ui.services import esc, html, signed_in, users, workbench

SWITCH_MESSAGE = "review.blind.message"


def _switch_on(run_id: str) -> None:
    picked = [st.session_state.get(f"review.blind.{n}") or "" for n in ("first", "second")]
    try:
        editor = require(signed_in(), Action.BLIND_REVIEW)
        made = BlindReviewService(workbench()).switch_on(run_id, picked, by=editor)
        text = f"blind double review by {' and '.join(made.reviewers)}"
        st.session_state[SWITCH_MESSAGE] = ("success", text)
    except (ValueError, LookupError, AccessDenied) as exc:
        st.session_state[SWITCH_MESSAGE] = ("error", str(exc))


def blind_control(account: User | None, run_id: str) -> None:
    """Editors and admins: put this run under blind double review by two accounts."""
    if account is None or not can(account.role, Action.BLIND_REVIEW):
        return
    now = BlindReviewService(workbench()).blind_run(run_id)
    message = st.session_state.pop(SWITCH_MESSAGE, None)
    # Switching on renames the expander, which the browser draws anew (collapsed): opened
    # here, the outcome stays in sight.
    with st.expander("Blind double review" + (" · on" if now else ""), expanded=bool(message)):
        if now is not None:
            html(
                f'<div class="wb-muted">On: <b>{esc(now.reviewers[0])}</b> and '
                f"<b>{esc(now.reviewers[1])}</b> decide every pending verdict without seeing "
                f"each other's decision (set by {esc(now.set_by)}, "
                f"{now.set_at:%Y-%m-%d %H:%M} UTC)</div>"
            )
        st.caption(
            "Each of the two decides on their own; neither sees the other's decision until "
            "both have. Agreement settles the verdict; a disagreement goes to an editor."
        )
        names = [u.name for u in users().list() if not u.disabled]
        c1, c2 = st.columns(2)
        c1.selectbox("First reviewer", names, key="review.blind.first")
        c2.selectbox(
            "Second reviewer", names, index=min(1, len(names) - 1), key="review.blind.second"
        )
        st.button(
            "Switch on blind review", key="review.blind.on", on_click=_switch_on, args=(run_id,)
        )
        if message:
            (st.success if message[0] == "success" else st.error)(message[1])


def blind_line(state: ReviewState) -> str | None:
    """Where the verdict's blind round stands, as the viewer may see it (HTML, escaped)."""
    blind = state.blind
    if blind is None or state.status != ReviewStatus.PENDING:
        return None
    pair = " and ".join(esc(r) for r in blind.reviewers)
    votes = " · ".join(
        f"<b>{esc(v.reviewer)}</b>: {esc(v.label)} ({esc(v.decision.value)})" for v in blind.votes
    )
    if blind.disagreement:
        said = f"blind review by {pair} disagrees: {votes}; an editor decides"
    else:
        mine = f"; you voted {votes}" if votes else ""
        waiting = [r for r in blind.reviewers if not any(same_person(r, v) for v in blind.voted)]
        said = (
            f"blind review by {pair}: {len(blind.voted)} of 2 voted{mine}; "
            f"waiting for {esc(' and '.join(waiting))}"
        )
    return f'<span class="wb-muted">{said}</span>'


def saved_message(state: ReviewState, who: str) -> str | None:
    """What a save on a blind round did, if it was a vote (None: an ordinary save)."""
    last = state.history[-1] if state.history else None
    if state.blind is None or last is None or last.action != ReviewAction.BLIND_VOTE:
        return None
    if state.blind.disagreement:
        return f"blind vote saved (v{state.version}) by {who}: the two disagree, an editor decides"
    other = [r for r in state.blind.reviewers if not same_person(r, who)]
    return (
        f"blind vote saved (v{state.version}) by {who}: hidden from {' and '.join(other)} "
        "until they vote too"
    )


def may_vote(state: ReviewState, viewer: str | None) -> bool:
    """Whether the viewer's Accept, Reject and Edit count on this card: anyone's outside a
    blind round; in one, only the two reviewers', until both have voted."""
    blind = state.blind
    if blind is None or state.status != ReviewStatus.PENDING:
        return True
    mine = viewer is not None and any(same_person(viewer, r) for r in blind.reviewers)
    return mine and not blind.disagreement


def _resolve(run_id: str, assertion_id: str, take: str | None, seen: int) -> None:
    """Take one reviewer's decision, or (take None) set the label picked on the card."""
    key = f"review.message.{assertion_id}"
    prefix = f"review.resolve.{assertion_id}"
    try:
        editor = require(signed_in(), Action.RESOLVE)
        state = BlindReviewService(workbench()).resolve(
            run_id,
            assertion_id,
            editor,
            take=take,
            label=None if take else Label(st.session_state[f"{prefix}.label"]),
            rationale=None if take else st.session_state.get(f"{prefix}.rationale"),
            seen_version=seen,
        )
        st.session_state[key] = (
            "success",
            f"resolved by {editor.name}: {state.status.value} (v{state.version})",
        )
    except (VersionConflict, ValueError, LookupError, AccessDenied) as exc:
        st.session_state[key] = ("error", str(exc))


def resolve_controls(run: Run, state: ReviewState) -> None:
    """Editors who are not one of the two: take one reviewer's decision, or set the label."""
    blind, account = state.blind, signed_in()
    if blind is None or not blind.disagreement or account is None:
        return
    if not can(account.role, Action.RESOLVE) or any(
        same_person(account.name, r) for r in blind.reviewers
    ):
        return
    aid, seen = state.assertion_id, state.version
    columns = st.columns(len(blind.votes))
    for column, vote in zip(columns, blind.votes, strict=True):
        column.button(
            f"Take {vote.reviewer}'s",
            key=f"review.resolve.{aid}.{vote.reviewer}",
            on_click=_resolve,
            args=(run.run_id, aid, vote.reviewer, seen),
            help=f"Decide it as {vote.reviewer} did: {vote.label} ({vote.decision.value})",
        )
    with st.expander("Resolve with another label"), st.form(f"review.resolve.form.{aid}"):
        st.selectbox("Label", [lab.value for lab in Label], key=f"review.resolve.{aid}.label")
        st.text_area("Rationale", state.current.rationale, key=f"review.resolve.{aid}.rationale")
        st.form_submit_button("Resolve", on_click=_resolve, args=(run.run_id, aid, None, seen))
