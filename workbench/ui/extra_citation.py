"""At the foot of a review card: the sentences a reviewer cited from outside what retrieval
found, and "Cite a sentence the search missed": search the run's corpus, pick a sentence,
and it becomes a citation (ReviewService.cite_sentence: built from the stored document,
checked verbatim, marked as the reviewer's in the history, on the card and in reports)."""

from __future__ import annotations

import streamlit as st

from workbench.accounts.roles import AccessDenied, Action
from workbench.corpus.manage import UnknownCorpus
from workbench.records import Citation, ReviewState, Run
from workbench.review import ReviewService, VersionConflict
from workbench.ui.corpus_search import hit_heading, marked_sentence, remembered_search
from workbench.ui.services import esc, html, reviewer, reviewer_for

PASSAGES = 5  # a handful to pick from: this is for the sentence the reviewer has in mind


def _message_key(assertion_id: str) -> str:
    return f"missed.message.{assertion_id}"


def _save(service: ReviewService, run_id: str, assertion_id: str, action: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
    try:
        who = reviewer_for(Action.REVIEW)
        state = getattr(service, action)(run_id, assertion_id, who, **kwargs)
        done = "cited" if action == "cite_sentence" else "citation removed"
        message = ("success", f"{done}: saved as version {state.version} by {who}")
    except (VersionConflict, ValueError, LookupError, AccessDenied) as exc:
        message = ("error", str(exc))
    st.session_state[_message_key(assertion_id)] = message


def _reviewer_citation(citation: Citation) -> str:
    return (
        f'<div class="wb-ev cited"><b>cited by reviewer {esc(citation.added_by)}</b> '
        f"(retrieval missed it) {esc(citation.quote)}"
        f'<div class="wb-src">{esc(citation.title)} · {esc(citation.source)} · '
        f"characters {citation.start}–{citation.end}</div></div>"
    )


def _added_citations(service: ReviewService, run: Run, aid: str, state: ReviewState) -> None:
    for citation in (c for c in state.current.citations if c.added_by):
        html(_reviewer_citation(citation))
        st.button(
            "Remove this citation",
            key=f"missed.uncite.{aid}.{citation.doc_id}.{citation.start}.{citation.end}",
            on_click=_save,
            args=(service, run.run_id, aid, "uncite"),
            kwargs={
                "doc_id": citation.doc_id,
                "start": citation.start,
                "end": citation.end,
                "seen_version": state.version,
            },
            disabled=not reviewer(),
        )


def _search_and_pick(service: ReviewService, run: Run, aid: str, state: ReviewState) -> None:
    key = f"missed.query.{aid}"
    query = st.text_input(
        f"Search {run.corpus}", key=key, placeholder="words from the sentence you have in mind"
    )
    if not query.strip():
        return
    try:
        found = remembered_search(service.wb, run.corpus, query, key)[:PASSAGES]
    except UnknownCorpus as exc:
        st.warning(str(exc))
        return
    if not found:
        st.info("No passage matches.")
    cited = {(c.doc_id, c.start, c.end) for c in state.current.citations}
    shown: set[tuple[str, int, int]] = set()  # passages overlap: each sentence once
    for rank, item in enumerate(found, 1):
        html(hit_heading(rank, item))
        for sentence in item.sentences:
            where = (item.hit.doc_id, sentence.start, sentence.end)
            if where in shown:
                continue
            shown.add(where)
            text, button = st.columns([9, 1], vertical_alignment="center")
            with text:
                html(f'<div class="wb-ev">{marked_sentence(sentence)}</div>')
            button.button(
                "Cited" if where in cited else "Cite",
                key=f"missed.cite.{aid}.{item.hit.doc_id}.{sentence.start}.{sentence.end}",
                on_click=_save,
                args=(service, run.run_id, aid, "cite_sentence"),
                kwargs={
                    "doc_id": item.hit.doc_id,
                    "quote": sentence.text,
                    "start": sentence.start,
                    "seen_version": state.version,
                },
                disabled=not reviewer() or where in cited,
            )


def reviewer_citations(service: ReviewService, run: Run, aid: str, state: ReviewState) -> None:
    """The outcome of the last cite or remove, and the reviewer's own citations."""
    message = st.session_state.pop(_message_key(aid), None)
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])
    _added_citations(service, run, aid, state)


def missed_sentence_search(service: ReviewService, run: Run, aid: str, state: ReviewState) -> None:
    """The open drawer: search the run's corpus, pick the sentence to cite."""
    with st.container(border=True):
        if not reviewer():
            st.caption("Enter your name under Reviewer in the sidebar to cite.")
        _search_and_pick(service, run, aid, state)
