"""Reports: pick a checked article's run and download it in any format."""

from __future__ import annotations

import streamlit as st

from workbench.accounts.roles import Action
from workbench.export import MEDIA_TYPES, ExportFormat, export_run
from workbench.review import ReviewService
from workbench.ui.services import may, signed_in, team_mode, workbench

SUFFIXES = {ExportFormat.CLAIMREVIEW: "claimreview.json"}

wb = workbench()
st.title("Reports")
runs = ReviewService(wb).runs()
if not runs:
    st.info("No checked article yet.")
    st.stop()
labels = {
    run.run_id: f"{article.title} · {run.corpus} · {run.started_at:%Y-%m-%d %H:%M}"
    + ("" if run.finished_at else " · unfinished")
    for run, article in runs
}
run_id = st.selectbox("Run", list(labels), format_func=labels.get, key="reports.run")
if next(run for run, _ in runs if run.run_id == run_id).finished_at is None:
    st.warning("This run is unfinished: the report holds only the assertions checked so far.")
# ClaimReview is what gets published: editors and admins only in team mode.
formats = [
    f for f in ExportFormat if f != ExportFormat.CLAIMREVIEW or may(Action.EXPORT_CLAIMREVIEW)
]
published_only = team_mode()  # the desk publishes what a second person signed off
include_all = ExportFormat.CLAIMREVIEW in formats and st.checkbox(
    "ClaimReview: include verdicts not signed off yet"
    if published_only
    else "ClaimReview: include pending and rejected verdicts",
    key="reports.all",
)
if published_only and ExportFormat.CLAIMREVIEW in formats and not include_all:
    st.caption("ClaimReview holds published verdicts only: signed off by a second person.")
if ExportFormat.CLAIMREVIEW not in formats:
    st.caption("ClaimReview export is for editors.")
account = signed_in()
viewer = account.name if account else None
columns = st.columns(len(formats))
for column, fmt in zip(columns, formats, strict=True):
    column.download_button(
        fmt.value.upper() if fmt != ExportFormat.CLAIMREVIEW else "ClaimReview",
        # Under blind review, as the signed-in account may see it (never the other's vote).
        data=export_run(wb, run_id, fmt, include_all, viewer=viewer),
        file_name=f"{run_id}.{SUFFIXES.get(fmt, fmt.value)}",
        mime=MEDIA_TYPES[fmt],
        key=f"reports.download.{fmt.value}",
        width="stretch",
    )
