"""A card's evidence: the retrieved sentences with the cited ones marked (HTML), and a
source document read whole, with its provenance."""

from __future__ import annotations

import streamlit as st

from workbench.records import AssertionResult, ReviewState, Run
from workbench.review import ReviewService
from workbench.ui.services import esc, html


def evidence_html(result: AssertionResult, state: ReviewState, doc_id: str | None = None) -> str:
    """The retrieved sentences as stored with the check (of one document if ``doc_id``)."""
    cited = {(c.doc_id, c.start, c.end) for c in state.current.citations}
    blocks = []
    for e in result.evidence:
        if doc_id is not None and e.doc_id != doc_id:
            continue
        is_cited = (e.doc_id, e.start, e.end) in cited
        blocks.append(
            f'<div class="wb-ev{" cited" if is_cited else ""}"><b>S{e.number}</b>'
            f'{" · cited" if is_cited else ""} {esc(e.text)}<div class="wb-src">{esc(e.title)} · '
            f"{esc(e.source)} · characters {e.start}–{e.end}"
            f" · relevance {e.score:.2f}</div></div>"
        )
    return "".join(blocks) or '<div class="wb-muted">No passage retrieved.</div>'


def source_documents(
    service: ReviewService, run: Run, result: AssertionResult, state: ReviewState
) -> None:
    """The open "Read a source document" drawer: one of the documents the evidence came
    from, whole, with its provenance."""
    titles = {e.doc_id: e.title for e in result.evidence}
    doc_id = next(iter(titles))
    if len(titles) > 1:
        doc_id = st.radio(
            "Document",
            list(titles),
            key=f"review.doc.{result.assertion.assertion_id}",
            format_func=titles.get,
            horizontal=True,
        )
    _whole_document(service, run, result, state, doc_id)


def _whole_document(
    service: ReviewService, run: Run, result: AssertionResult, state: ReviewState, doc_id: str
) -> None:
    from workbench.corpus.manage import document_passages

    try:
        document, _ = document_passages(service.wb, run.corpus, doc_id)
    except LookupError:  # a document's id is its text: replaced or removed since the check
        st.warning(
            f"This document changed since the check: the version checked is no longer in "
            f"corpus {run.corpus}. Its sentences as stored with the check:"
        )
        html(evidence_html(result, state, doc_id))  # escaped, with title and source
        return
    html(
        f'<div class="wb-src">{esc(document.source)} · ingested '
        f"{document.ingested_at:%Y-%m-%d} · sha256 {document.sha256[:12]}…</div>"
        f'<div class="wb-article">{esc(document.text)}</div>'
    )
