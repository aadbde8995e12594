"""Corpora: what each holds, adding documents by upload or path; then one corpus: search it
as a check would, open any document with its passages and provenance, and (admins) remove a
document or the corpus, seeing first which verdicts that makes stale."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workbench.accounts.roles import Action
from workbench.corpus.ingest import AddReport, ingest
from workbench.corpus.manage import corpus_documents, document_passages, list_corpora
from workbench.corpus.readers import UPLOAD_PREFIX, Upload
from workbench.ui.corpus_removal import removal_panel
from workbench.ui.corpus_search import search_panel
from workbench.ui.services import esc, html, kept_selectbox, may, reviewer, workbench


def _file_name(source: str) -> str:
    """The name the user knows: an upload's file name, or a path's last part."""
    source = source.removeprefix(UPLOAD_PREFIX).split("#")[0]
    return source if "/" not in source else Path(source).name


def _show_report(report: AddReport, who: str) -> None:
    by = f" (uploaded by {who})" if who else ""
    st.success(
        f"{report.added} added, {report.unchanged} unchanged, {report.replaced} replaced, "
        f"{report.duplicates} duplicates, {report.passages} passages{by}"
    )
    for failure in report.failed:
        st.warning(f"failed: {_file_name(failure.source)}: {failure.reason}")
    if report.skipped:
        st.info(
            f"{len(report.skipped)} skipped (not read):\n\n"
            + "\n".join(f"- {_file_name(s.source)}: {s.reason}" for s in report.skipped)
        )


ADDED = "corpora.added"  # the last add's report, shown after the rerun that recounts
wb = workbench()
st.title("Corpora")
infos = list_corpora(wb)
st.dataframe(
    [
        {"corpus": i.name, "documents": i.documents, "passages": i.passages, "state": i.state}
        for i in infos
    ],
    hide_index=True,
    width="stretch",
)
if ADDED in st.session_state:
    _show_report(*st.session_state.pop(ADDED))

if may(Action.MANAGE_CORPORA):
    with st.expander("Add documents", expanded=not infos):
        name = st.text_input("Corpus name", key="corpora.name", placeholder="e.g. wire-2026")
        uploads = st.file_uploader(
            "Files (txt, md, html, pdf, docx, jsonl)",
            accept_multiple_files=True,
            key="corpora.uploads",
        )
        server_path = st.text_input("…or a file or folder on the server", key="corpora.path")
        if st.button("Add", type="primary", key="corpora.add", disabled=not name):
            bar = st.progress(0.0, text="reading files")
            paths = [Path(server_path.strip())] if server_path.strip() else []
            files = [Upload(upload.name, upload.getvalue()) for upload in uploads or []]
            try:
                report = ingest(
                    wb,
                    name.strip(),
                    paths,
                    progress=lambda d, t: bar.progress(d / max(t, 1), text=f"{d}/{t} passages"),
                    uploads=files,
                )
            except (ValueError, RuntimeError) as exc:
                st.error(str(exc))
                st.stop()
            # Drawn again from the top, so the table above counts what was just added.
            st.session_state[ADDED] = (report, reviewer() if files else "")
            st.rerun()
else:
    st.caption("Adding and removing documents is for admins.")

if not infos:
    st.stop()
chosen = kept_selectbox("Corpus", [i.name for i in infos], "corpora.open")

st.subheader("Search")
search_panel(wb, chosen)

st.subheader("Documents")
_, documents = corpus_documents(wb, chosen)
by_id = {d.doc_id: d for d in documents}
doc_id = st.selectbox(
    "Document", list(by_id), format_func=lambda d: by_id[d].title, key="corpora.doc"
)
document, passages = document_passages(wb, chosen, doc_id) if doc_id else (None, [])
if document is not None:
    html(
        f'<div class="wb-src">source {esc(document.source)} · '
        f"ingested {document.ingested_at:%Y-%m-%d %H:%M} UTC · sha256 {document.sha256[:16]}… · "
        f"{len(document.text):,} characters · {len(passages)} passages"
        + (f" · author {esc(document.author)}" if document.author else "")
        + (f" · date {esc(document.date)}" if document.date else "")
        + "</div>"
    )
    for p in passages:
        html(f'<div class="wb-ev"><b>{p.start}–{p.end}</b> {esc(p.text)}</div>')

if may(Action.MANAGE_CORPORA):
    with st.expander("Remove a document or this corpus"):
        removal_panel(wb, chosen, document)
