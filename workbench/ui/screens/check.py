"""Check an article: paste or upload it, pick a corpus, start the check (the most check-worthy
assertions first, optionally only the top N). The check runs in the background: the checks in
progress with their stage, count and time left, and Cancel; the runs so far, unfinished ones
marked, with Resume for those no check is working on."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from workbench.check.pipeline import article_from_text, article_from_upload
from workbench.corpus.manage import list_corpora
from workbench.corpus.readers import Upload
from workbench.records import Article
from workbench.review import ReviewService
from workbench.ui.check_jobs import check_jobs, jobs_panel, run_status, started_here
from workbench.ui.services import esc, html, kept, kept_selectbox, reviewer, workbench


def article_to_check(upload: UploadedFile | None, title: str, text: str) -> Article:
    """The uploaded file if there is one, else the pasted text."""
    if upload is None:
        return article_from_text(text, title.strip() or "Pasted article", "pasted")
    sent = Upload(upload.name, upload.getvalue())
    return article_from_upload(sent, int(workbench().settings.max_file_mb * 2**20))


wb = workbench()
jobs = check_jobs()
service = ReviewService(wb)
st.title("Check an article")
corpora = [c.name for c in list_corpora(wb)]
if not corpora:
    st.info("Add a corpus of trusted sources first (Corpora).")
    st.stop()

corpus = kept_selectbox("Corpus of trusted sources", corpora, "check.corpus")
pasted_tab, upload_tab = st.tabs(["Paste text", "Upload a file"])
with pasted_tab:
    title = kept(st.text_input, "Title", "check.title", "")
    text = kept(st.text_area, "Article text", "check.text", "", height=220)
with upload_tab:  # a browser never hands a file back to a page: an upload is not kept
    upload = st.file_uploader(
        "Article (txt, md, html, pdf, docx)",
        type=["txt", "md", "html", "htm", "pdf", "docx"],
        key="check.upload",
    )
verify_all = kept(st.checkbox, "Also verify opinions and predictions", "check.all", False)
top = kept(
    st.number_input,
    "Verify only the N most check-worthy assertions (0: all)",
    "check.top",
    0,
    min_value=0,
    max_value=1000,
)

if st.button("Run the check", type="primary", key="check.run"):
    try:
        article = article_to_check(upload, title, text)
        job = jobs.start(article, corpus, verify_all, int(top) or None, started_by=reviewer())
        started_here(job)
        st.success(
            f"Checking “{article.title}” in the background: you may leave this screen and "
            "come back, the check goes on."
        )
    except (ValueError, LookupError, RuntimeError) as exc:
        st.error(str(exc))

jobs_panel()

st.subheader("Runs")
runs = service.runs()
stored = service.stored_counts()
busy = jobs.working_on()
st.dataframe(
    [
        {
            "article": article.title,
            "corpus": run.corpus,
            "status": run_status(run, stored.get(run.run_id, 0), busy.get(run.run_id)),
            "model": run.model,
            "started": run.started_at.strftime("%Y-%m-%d %H:%M"),
            "finished": run.finished_at.strftime("%Y-%m-%d %H:%M") if run.finished_at else "",
            "LLM calls": sum(u.calls for u in run.usage_by_stage.values()),
            "run": run.run_id,
        }
        for run, article in runs
    ],
    hide_index=True,
    width="stretch",
)

idle = [(r, a) for r, a in runs if r.finished_at is None and r.run_id not in busy]
if idle:
    st.subheader("Unfinished runs")
    st.caption("Stopped, cancelled or cut off before the end: Resume checks what is left.")
for run, article in idle:
    line, action = st.columns([5, 1], vertical_alignment="center")
    with line:
        html(
            f"<b>{esc(article.title)}</b> · {esc(run.corpus)} · started "
            f"{run.started_at:%Y-%m-%d %H:%M} · unfinished: "
            f"{stored.get(run.run_id, 0)} assertions checked · {esc(run.run_id)}"
        )
    if action.button("Resume", key=f"check.resume.{run.run_id}"):
        try:
            started_here(jobs.resume(run.run_id, started_by=reviewer()))
            st.rerun()
        except (ValueError, LookupError) as exc:
            st.error(str(exc))
