"""A card's actions: Accept, Reject (with the reason), and the drawers: Edit, Note, cite a
sentence the search missed, read a source document.

Actions are button callbacks bound to the version of the verdict the card was drawn with,
so a save on top of someone else's newer save is refused and shown, not lost. The outcome
is kept for the card to show at its own place on the next run.
"""

from __future__ import annotations

import streamlit as st

from workbench.accounts.roles import AccessDenied, Action
from workbench.records import AssertionResult, Label, ReviewState, ReviewStatus, Run
from workbench.review import ReviewService, VersionConflict
from workbench.ui.blind import may_vote, saved_message
from workbench.ui.card_evidence import source_documents
from workbench.ui.drawer import close, drawer
from workbench.ui.extra_citation import missed_sentence_search, reviewer_citations
from workbench.ui.services import label_words, reviewer, reviewer_for


def message_key(assertion_id: str) -> str:
    return f"review.message.{assertion_id}"


def edit_drawer(assertion_id: str) -> str:
    return f"review.edit.open.{assertion_id}"


def note_drawer(assertion_id: str) -> str:
    return f"review.note.open.{assertion_id}"


def missed_drawer(assertion_id: str) -> str:
    return f"missed.open.{assertion_id}"


def reading_drawer(assertion_id: str) -> str:
    return f"review.read.open.{assertion_id}"


def act(
    service: ReviewService,
    run_id: str,
    assertion_id: str,
    action: str,
    seen: int,
    also: str = "",
    **kwargs: object,
) -> None:
    """Call the service's ``action``; keep "saved as version N by <who>" (and ``also``) or
    the refusal for the card."""
    key = message_key(assertion_id)
    try:
        who = reviewer_for(Action.NOTE if action == "note" else Action.REVIEW)
        state = getattr(service, action)(run_id, assertion_id, who, seen_version=seen, **kwargs)
        done = saved_message(state, who) or (
            f"{action.replace('_', ' ')}: saved as version {state.version} by {who}"
        )
        st.session_state[key] = ("success", done + also)
    except (VersionConflict, ValueError, LookupError, AccessDenied) as exc:
        st.session_state[key] = ("error", str(exc))


def _edit(service: ReviewService, result: AssertionResult, run_id: str, seen: int) -> None:
    aid = result.assertion.assertion_id
    prefix = f"review.edit.{aid}"
    label = Label(st.session_state[f"{prefix}.label"])
    questions = [q for q in st.session_state[f"{prefix}.questions"].splitlines() if q.strip()]
    chosen = list(st.session_state[f"{prefix}.cite"])
    cites: list[int] | None = [int(x.removeprefix("S")) for x in chosen]
    also = ""
    untouched = chosen == st.session_state.get(f"{prefix}.cited")
    if label == Label.NOT_ENOUGH_EVIDENCE and untouched and chosen:
        # "Not enough evidence" citing the machine's support would contradict itself: the
        # untouched citations go; sentences the reviewer picked on purpose stay.
        cites, also = None, "; the citations were dropped (not enough evidence cites none)"
    act(
        service,
        run_id,
        aid,
        "edit",
        seen,
        also,
        label=label,
        rationale=st.session_state[f"{prefix}.rationale"],
        questions=questions,
        cite_evidence=cites,
    )
    _close_if_saved(aid, edit_drawer(aid))


def _reject(service: ReviewService, run_id: str, assertion_id: str, seen: int) -> None:
    reason = st.session_state.get(f"review.reason.{assertion_id}", "").strip()
    if not reason:  # the next reader of the history needs to know what the machine got wrong
        message = ("error", "Say why you reject it: the reason goes in the verdict's history.")
        st.session_state[message_key(assertion_id)] = message
        return
    act(service, run_id, assertion_id, "reject", seen, reason=reason)


def _note(service: ReviewService, run_id: str, assertion_id: str, seen: int) -> None:
    text = st.session_state[f"review.note.{assertion_id}"]
    act(service, run_id, assertion_id, "note", seen, text=text)
    _close_if_saved(assertion_id, note_drawer(assertion_id))


def _close_if_saved(assertion_id: str, drawer_key: str) -> None:
    """A saved form closes; a refused one (someone saved first) stays open with what was typed."""
    if st.session_state.get(message_key(assertion_id), ("",))[0] == "success":
        close(drawer_key)


def actions(service: ReviewService, run: Run, result: AssertionResult, state: ReviewState) -> None:
    """The decisions in one row, the drawers (edit, note, cite, read) in the next, then
    whichever drawer is open."""
    aid, seen, named = result.assertion.assertion_id, state.version, bool(reviewer())
    args = (service, run.run_id, aid)
    voting = named and may_vote(state, reviewer())
    if not named:
        _decision_buttons(args, state, disabled=True)
        st.caption("Enter your name under Reviewer in the sidebar to review.")
    elif voting:
        _decision_buttons(args, state, disabled=False)
    else:  # a blind round: only its two reviewers decide (notes stay open to all)
        disagree = state.blind is not None and state.blind.disagreement
        st.caption(
            "Blind double review: only its two reviewers decide this verdict"
            + (", and an editor now resolves their disagreement." if disagree else ".")
        )
    reviewer_citations(service, run, aid, state)
    with st.container(horizontal=True, gap="small"):
        editing = voting and drawer("Edit verdict", edit_drawer(aid))
        noting = named and drawer("Add a note", note_drawer(aid))
        citing = drawer("Cite a sentence the search missed", missed_drawer(aid))
        reading = bool(result.evidence) and drawer("Read a source document", reading_drawer(aid))
    if editing:
        _edit_form(service, run, result, state)
    if noting:
        with st.form(f"review.note.form.{aid}", clear_on_submit=True):
            st.text_area("Note", key=f"review.note.{aid}")
            st.form_submit_button("Save note", on_click=_note, args=(*args, seen))
    if citing:
        missed_sentence_search(service, run, aid, state)
    if reading:
        source_documents(service, run, result, state)


def _decision_buttons(args: tuple, state: ReviewState, disabled: bool) -> None:  # type: ignore[type-arg]
    aid, seen = state.assertion_id, state.version
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="small")
    row.button(
        "Accept",
        key=f"review.accept.{aid}",
        on_click=act,
        args=(*args, "accept", seen),
        disabled=disabled or state.status == ReviewStatus.ACCEPTED,
        type="primary",
    )
    row.button(
        "Reject",
        key=f"review.reject.{aid}",
        on_click=_reject,
        args=(*args, seen),
        disabled=disabled or state.status == ReviewStatus.REJECTED,
    )
    row.text_input(
        "Why reject?",
        key=f"review.reason.{aid}",
        placeholder="required to reject: what the machine got wrong",
        disabled=disabled or state.status == ReviewStatus.REJECTED,
    )


def _edit_form(
    service: ReviewService, run: Run, result: AssertionResult, state: ReviewState
) -> None:
    aid = result.assertion.assertion_id
    with st.form(f"review.edit.form.{aid}"):
        prefix = f"review.edit.{aid}"
        labels = [lab.value for lab in Label]
        current = state.current.label.value if state.current.label else labels[0]
        st.selectbox(
            "Label",
            labels,
            index=labels.index(current),
            key=f"{prefix}.label",
            format_func=label_words,
        )
        st.text_area("Rationale", state.current.rationale, key=f"{prefix}.rationale")
        st.text_area(
            "Questions (one per line)",
            "\n".join(state.current.questions),
            key=f"{prefix}.questions",
        )
        cited = {(c.doc_id, c.start, c.end) for c in state.current.citations}
        options = [f"S{e.number}" for e in result.evidence]
        default = [f"S{e.number}" for e in result.evidence if (e.doc_id, e.start, e.end) in cited]
        st.session_state[f"{prefix}.cited"] = default  # to tell an untouched choice apart
        st.multiselect(
            "Cite these retrieved sentences",
            options,
            default=default,
            key=f"{prefix}.cite",
            help="Not enough evidence cites nothing: left as it is, the citations are dropped.",
        )
        st.form_submit_button(
            "Save edit", on_click=_edit, args=(service, result, run.run_id, state.version)
        )
