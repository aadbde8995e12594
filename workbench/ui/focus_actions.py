"""The Focus screen's controls: moving through the run and deciding the assertion in focus,
each with a keyboard shortcut.

Streamlit gives a button a shortcut itself (J, K, P, A here, shown on the buttons). What it
cannot give is in ``focus_keys.js``: R (Streamlit keeps R for "rerun"), the arrow keys beside
J and K, and E, N, R putting the cursor in the edit, note and reject fields, where Enter
saves. Every save is bound to the version of the verdict on screen, as on the Review cards.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.accounts.roles import AccessDenied, Action
from workbench.records import Label, ReviewState, ReviewStatus
from workbench.review import ReviewService, VersionConflict
from workbench.ui.focus import DECIDED_KEY, FocusQueue, position_key
from workbench.ui.services import label_words, reviewer, reviewer_for

MESSAGE_KEY = "focus.message"
KEYS_SCRIPT = (
    "<script>" + (Path(__file__).parent / "focus_keys.js").read_text("utf-8") + "</script>"
)
SHORTCUTS = (
    "**Keys** · J or → next · K or ← previous · P next pending · A accept · "
    "R reject (type the reason, Enter) · E edit (label, Tab, rationale, Ctrl+Enter) · "
    "N note (Enter) · Esc leaves a field"
)
PAST = {"accept": "accepted", "reject": "rejected", "edit": "edited", "note": "noted"}


def _tell(kind: str, text: str) -> None:
    st.session_state[MESSAGE_KEY] = (kind, text)


def show_message() -> None:
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])


def _go(run_id: str, assertion_id: str | None) -> None:
    if assertion_id is None:
        _tell("success", "Nothing pending in this run: every verdict is decided.")
        return
    st.session_state[position_key(run_id)] = assertion_id


def _save(service: ReviewService, run_id: str, aid: str, action: str, seen: int, **kwargs) -> None:  # type: ignore[no-untyped-def]
    try:
        who = reviewer_for(Action.NOTE if action == "note" else Action.REVIEW)
        state = getattr(service, action)(run_id, aid, who, seen_version=seen, **kwargs)
    except (VersionConflict, ValueError, LookupError, AccessDenied) as exc:
        _tell("error", f"Not saved: {exc}")  # a conflict names who saved in between
        return
    _tell("success", f"{PAST[action].capitalize()} by {who}: version {state.version}.")
    if action != "note":
        st.session_state[DECIDED_KEY] = aid


def _reject(service: ReviewService, run_id: str, aid: str, seen: int) -> None:
    reason = st.session_state.get(f"focus.reason.{aid}", "").strip()
    if not reason:  # the next reader of the history needs to know what the machine got wrong
        _tell("error", "Say why you reject it: the reason goes in the verdict's history.")
        return
    _save(service, run_id, aid, "reject", seen, reason=reason)


def _edit(service: ReviewService, run_id: str, aid: str, seen: int) -> None:
    label = Label(st.session_state[f"focus.label.{aid}"])
    rationale = st.session_state[f"focus.rationale.{aid}"]
    _save(service, run_id, aid, "edit", seen, label=label, rationale=rationale)


def _note(service: ReviewService, run_id: str, aid: str, seen: int) -> None:
    _save(service, run_id, aid, "note", seen, text=st.session_state.get(f"focus.note.{aid}", ""))


def moves(queue: FocusQueue, run_id: str, index: int) -> None:
    ids = queue.ids
    following = queue.next_pending(index)
    c1, c2, c3 = st.columns(3)
    c1.button(
        "Previous",
        key="focus.previous",
        shortcut="K",
        on_click=_go,
        args=(run_id, ids[index - 1]),
        disabled=index == 0,
        width="stretch",
    )
    c2.button(
        "Next",
        key="focus.next",
        shortcut="J",
        on_click=_go,
        args=(run_id, ids[index + 1] if index + 1 < len(ids) else None),
        disabled=index + 1 >= len(ids),
        width="stretch",
    )
    c3.button(
        "Next pending",
        key="focus.next_pending",
        shortcut="P",
        on_click=_go,
        args=(run_id, None if following is None else ids[following]),
        width="stretch",
    )


def decide(service: ReviewService, run_id: str, aid: str, state: ReviewState) -> None:
    """Accept, Reject (with a reason), Edit (label and rationale) and Note, side by side."""
    seen, args = state.version, (service, run_id, aid)
    off = not reviewer()
    if off:
        st.caption("Enter your name under Reviewer in the sidebar to review.")
    accept, reject, edit, note = st.columns([1, 2, 3, 2], vertical_alignment="top")
    accept.button(
        "Accept",
        key="focus.accept",
        shortcut="A",
        type="primary",
        on_click=_save,
        args=(*args, "accept", seen),
        disabled=off or state.status == ReviewStatus.ACCEPTED,
        width="stretch",
    )
    with reject.form(f"focus.reject.{aid}", clear_on_submit=True, border=False):
        st.text_input("Why reject? (R)", key=f"focus.reason.{aid}", disabled=off)
        st.form_submit_button("Reject", on_click=_reject, args=(*args, seen), disabled=off)
    with edit.form(f"focus.edit.{aid}", border=False):
        labels = [label.value for label in Label]
        current = state.current.label.value if state.current.label else labels[0]
        st.selectbox(
            "Label (E)",
            labels,
            index=labels.index(current),
            key=f"focus.label.{aid}",
            disabled=off,
            format_func=label_words,
        )
        st.text_area(
            "Rationale", state.current.rationale, key=f"focus.rationale.{aid}", disabled=off
        )
        st.form_submit_button("Save edit", on_click=_edit, args=(*args, seen), disabled=off)
    with note.form(f"focus.note_form.{aid}", clear_on_submit=True, border=False):
        st.text_input("Note (N)", key=f"focus.note.{aid}", disabled=off)
        st.form_submit_button("Save note", on_click=_note, args=(*args, seen), disabled=off)


def keyboard() -> None:
    """The shortcuts Streamlit's own cannot give (see the module's docstring)."""
    st.caption(SHORTCUTS)
    st.html(KEYS_SCRIPT, unsafe_allow_javascript=True)
