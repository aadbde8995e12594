"""Removing a document or a whole corpus on screen, in two steps: first what it does (the
verdicts that cite it and become stale, listed), then a confirmation. The removal is refused
if the effect changed since the preview: the admin confirms what they saw, nothing else."""

from __future__ import annotations

import streamlit as st

from workbench.accounts.roles import AccessDenied, Action
from workbench.corpus.manage import remove_corpus
from workbench.corpus.removal import RemovalEffect, removal_effect, remove_document
from workbench.records import Document
from workbench.services import Workbench
from workbench.ui.services import reviewer_for

KEY = "corpora.remove"
PREVIEW = f"{KEY}.preview"  # (corpus, doc_id or None, RemovalEffect)
MESSAGE = f"{KEY}.message"


def _preview(wb: Workbench, corpus: str, doc_id: str | None) -> None:
    try:
        st.session_state[PREVIEW] = (corpus, doc_id, removal_effect(wb, corpus, doc_id))
    except LookupError as exc:
        st.session_state[MESSAGE] = ("error", str(exc))


def _stale_ids(effect: RemovalEffect) -> set[tuple[str, str]]:
    return {(v.run_id, v.assertion_id) for v in effect.becoming_stale}


def _remove(wb: Workbench, corpus: str, doc_id: str | None, seen: RemovalEffect) -> None:
    """Remove what the preview showed, unless its effect changed since."""
    try:
        reviewer_for(Action.MANAGE_CORPORA)  # team mode: still an admin, still signed in
        now = removal_effect(wb, corpus, doc_id)
        if _stale_ids(now) != _stale_ids(seen):
            st.session_state[PREVIEW] = (corpus, doc_id, now)
            st.session_state[MESSAGE] = (
                "error",
                "Verdicts changed since the preview (a review or a check in between): "
                "nothing removed. Read the new preview and confirm again.",
            )
            return
        if doc_id is None:
            remove_corpus(wb, corpus)
            for key in ("corpora.open", "kept.corpora.open", "corpora.doc"):
                st.session_state.pop(key, None)
        else:
            remove_document(wb, corpus, doc_id)
            st.session_state.pop("corpora.doc", None)
    except (AccessDenied, LookupError, ValueError) as exc:
        st.session_state[MESSAGE] = ("error", str(exc))
        return
    st.session_state.pop(PREVIEW, None)
    st.session_state.pop(f"{KEY}.understood", None)
    runs = ", ".join(f"`workbench recheck {run}`" for run in now.runs)
    after = f" Re-run the stale verdicts with {runs}." if runs else ""
    what = f"corpus {corpus}" if doc_id is None else f"{now.documents[0]!r} from {corpus}"
    st.session_state[MESSAGE] = ("success", f"Removed {what}.{after}")


def _show_effect(effect: RemovalEffect) -> None:
    (st.warning if effect.becoming_stale else st.info)(effect.summary())
    if effect.becoming_stale:
        st.dataframe(
            [
                {
                    "article": v.article_title,
                    "claim": v.text,
                    "verdict": v.label.value if v.label else "",
                    "review": v.status.value,
                    "cites": ", ".join(v.cited),
                    "run": v.run_id,
                    "assertion": v.assertion_id,
                }
                for v in effect.becoming_stale
            ],
            hide_index=True,
            width="stretch",
            key=f"{KEY}.verdicts",
        )
    already = len(effect.verdicts) - len(effect.becoming_stale)
    if already:
        st.caption(f"{already} more verdicts cite it but are stale already.")


def removal_panel(wb: Workbench, corpus: str, document: Document | None) -> None:
    """Remove the open document or the whole corpus: preview, then confirm."""
    message = st.session_state.pop(MESSAGE, None)
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])
    choices = {"corpus": f"the whole corpus {corpus}"}
    if document is not None:
        choices = {"document": f"this document: {document.title}", **choices}
    what = st.radio("Remove", list(choices), format_func=choices.get, key=f"{KEY}.what")
    doc_id = document.doc_id if what == "document" and document is not None else None
    st.button(
        "Show what this does",
        key=f"{KEY}.preview_button",
        on_click=_preview,
        args=(wb, corpus, doc_id),
        help="Which verdicts cite it and would become stale; nothing is removed yet",
    )
    preview = st.session_state.get(PREVIEW)
    if preview is None or preview[:2] != (corpus, doc_id):
        return
    effect = preview[2]
    _show_effect(effect)
    understood = True
    if effect.becoming_stale:
        n = len(effect.becoming_stale)
        understood = st.checkbox(
            f"I understand: {n} verdict{'' if n == 1 else 's'} become stale",
            key=f"{KEY}.understood",
        )
    st.button(
        "Remove",
        type="primary",
        key=f"{KEY}.confirm",
        on_click=_remove,
        args=(wb, corpus, doc_id, effect),
        disabled=not understood,
    )
