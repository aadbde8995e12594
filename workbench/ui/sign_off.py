"""Sign-off on a review card (team mode): the line saying who decided and who signed off,
and for editors the Sign off and Send back buttons, bound to the version the card shows."""

from __future__ import annotations

import streamlit as st

from workbench.accounts.roles import AccessDenied, Action, require
from workbench.desk.decisions import PUBLISHABLE, same_person
from workbench.desk.sign_off import SignOffService
from workbench.records import ReviewState, Run
from workbench.review import VersionConflict
from workbench.ui.services import esc, may, signed_in, team_mode, workbench


def sign_off_line(state: ReviewState) -> str | None:
    """Both people of a published verdict, or why it is not published (HTML, escaped)."""
    decided = ", ".join(state.deciders)
    if state.published and state.signed_off_at:
        return (
            f'<span class="wb-muted">✓ published: decided by {esc(decided)}, signed off by '
            f"<b>{esc(state.signed_off_by)}</b>, {state.signed_off_at:%Y-%m-%d %H:%M} UTC</span>"
        )
    if state.sent_back is not None:
        back = state.sent_back
        return (
            f'<span class="wb-muted">sent back by <b>{esc(back.reviewer)}</b>, '
            f"{back.at:%Y-%m-%d %H:%M} UTC: {esc(back.note)}</span>"
        )
    if state.status in PUBLISHABLE and team_mode():
        return f'<span class="wb-muted">awaiting sign-off (decided by {esc(decided)})</span>'
    return None


def _message(assertion_id: str, kind: str, text: str) -> None:
    st.session_state[f"review.message.{assertion_id}"] = (kind, text)


def _sign_off(run_id: str, assertion_id: str, seen: int) -> None:
    try:
        editor = require(signed_in(), Action.SIGN_OFF)  # read again: the role may have changed
        state = SignOffService(workbench()).sign_off(run_id, assertion_id, editor, seen)
        _message(
            assertion_id, "success", f"signed off by {editor.name}: published (v{state.version})"
        )
    except (VersionConflict, ValueError, LookupError, AccessDenied) as exc:
        _message(assertion_id, "error", str(exc))


def _send_back(run_id: str, assertion_id: str, seen: int) -> None:
    reason = st.session_state.get(f"review.send_back.reason.{assertion_id}", "")
    try:
        editor = require(signed_in(), Action.SIGN_OFF)
        state = SignOffService(workbench()).send_back(run_id, assertion_id, editor, reason, seen)
        _message(assertion_id, "success", f"sent back by {editor.name}: pending (v{state.version})")
    except (VersionConflict, ValueError, LookupError, AccessDenied) as exc:
        _message(assertion_id, "error", str(exc))


def sign_off_controls(run: Run, state: ReviewState) -> None:
    """Editors and admins, on a decided card: Sign off (not their own decision), Send back."""
    if state.status not in PUBLISHABLE or not team_mode() or not may(Action.SIGN_OFF):
        return
    account = signed_in()
    own = account is not None and any(same_person(account.name, n) for n in state.deciders)
    aid, args = state.assertion_id, (run.run_id, state.assertion_id, state.version)
    c1, c2, c3 = st.columns([1, 1, 6], vertical_alignment="bottom")
    c1.button(
        "Sign off",
        key=f"review.sign_off.{aid}",
        on_click=_sign_off,
        args=args,
        disabled=own or state.published or bool(state.stale),
        help="You decided it: another editor signs it off"
        if own
        else "Publish it: a second person approves the decision",
    )
    c2.button("Send back", key=f"review.send_back.{aid}", on_click=_send_back, args=args)
    c3.text_input(
        "Why send it back?",
        key=f"review.send_back.reason.{aid}",
        placeholder="required to send back: what the reviewer should look at again",
    )
