"""Check an article: paste or upload it, pick a corpus, run the chain with progress (the most
check-worthy assertions first, optionally only the top N); the runs so far, with their model
and date."""

from __future__ import annotations

import streamlit as st

from workbench.check.pipeline import Checker, article_from_text, article_from_upload
from workbench.corpus.manage import list_corpora
from workbench.corpus.readers import Upload
from workbench.review import ReviewService
from workbench.ui.services import kept_selectbox, workbench

wb = workbench()
st.title("Check an article")
corpora = [c.name for c in list_corpora(wb)]
if not corpora:
    st.info("Add a corpus of trusted sources first (Corpora).")
    st.stop()

corpus = kept_selectbox("Corpus of trusted sources", corpora, "check.corpus")
pasted_tab, upload_tab = st.tabs(["Paste text", "Upload a file"])
with pasted_tab:
    title = st.text_input("Title", key="check.title")
    text = st.text_area("Article text", height=220, key="check.text")
with upload_tab:
    upload = st.file_uploader(
        "Article (txt, md, html, pdf, docx)",
        type=["txt", "md", "html", "htm", "pdf", "docx"],
        key="check.upload",
    )
verify_all = st.checkbox("Also verify opinions and predictions", key="check.all")
top = st.number_input(
    "Verify only the N most check-worthy assertions (0: all)", 0, 1000, 0, key="check.top"
)

if st.button("Run the check", type="primary", key="check.run"):
    try:
        if upload is not None:
            sent = Upload(upload.name, upload.getvalue())
            article = article_from_upload(sent, int(wb.settings.max_file_mb * 2**20))
        else:
            article = article_from_text(text, title.strip() or "Pasted article", "pasted")
        bar = st.progress(0.0, text="starting the model")
        _ = wb.llm  # the embedded server starts here, once per app process (no bare
        # expression: Streamlit's magic would print the object on the page)

        def progress(done: int, total: int, current: str) -> None:
            bar.progress(done / max(total, 1), text=f"{done}/{total} · {current[:70]}")

        outcome = Checker(wb).check(
            article, corpus, progress=progress, verify_all=verify_all, top=int(top) or None
        )
        st.session_state["kept.review.run"] = outcome.run.run_id  # Review opens on it
        st.success(f"Checked {len(outcome.results)} assertions: open Review to go through them.")
    except (ValueError, LookupError, RuntimeError) as exc:
        st.error(str(exc))

st.subheader("Runs")
runs = ReviewService(wb).runs()
st.dataframe(
    [
        {
            "article": article.title,
            "corpus": run.corpus,
            "model": run.model,
            "started": run.started_at.strftime("%Y-%m-%d %H:%M"),
            "finished": run.finished_at.strftime("%Y-%m-%d %H:%M")
            if run.finished_at
            else "unfinished",
            "LLM calls": sum(u.calls for u in run.usage_by_stage.values()),
            "run": run.run_id,
        }
        for run, article in runs
    ],
    hide_index=True,
    width="stretch",
)
