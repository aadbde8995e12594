"""Checks in progress, as the screens show them: the panel on Check an article (each job's
stage, count, time left, Cancel), a one-line banner on the other screens, and how a run is
marked where runs are listed (finished, unfinished, being checked now).

The jobs belong to the server process (workbench/check/jobs.py), not to a browser session:
leaving a screen or reloading the page does not stop them. The panel and the banner redraw
themselves every few seconds (Streamlit fragments) while a job runs.
"""

from __future__ import annotations

import streamlit as st

from workbench.check.jobs import CheckJobs
from workbench.records import CheckJob, JobState, Run
from workbench.services import Workbench
from workbench.ui.services import esc, html, workbench

REDRAW_SECONDS = 2
STARTED_HERE = "check.started_jobs"  # the jobs this browser session started
SEEN_RUNNING = "check.seen_running"  # running jobs drawn last time (an end redraws the page)
REVIEW_RUN = "kept.review.run"  # the Review screen's chosen run (kept_selectbox)
REVIEW_PAGE = "screens/review.py"


@st.cache_resource
def _jobs_of(workbench_id: int, _wb: Workbench) -> CheckJobs:
    return CheckJobs(_wb)  # (an argument named with "_" is not part of the cache key)


def check_jobs() -> CheckJobs:
    """The process's background checks, for the process's Workbench (keyed by it, so a new
    Workbench, as in tests, gets its own)."""
    wb = workbench()
    return _jobs_of(id(wb), wb)


def time_left(job: CheckJob) -> str:
    if job.seconds_left is None:
        return "estimating the time left"
    minutes = round(job.seconds_left / 60)
    return "under a minute left" if minutes < 1 else f"about {minutes} min left"


def count(job: CheckJob) -> str:
    return f"{job.done} of {job.total} assertions" if job.total else "counting assertions"


def run_status(run: Run, stored: int, job: CheckJob | None) -> str:
    """How a run is marked wherever runs are listed."""
    if job is not None:
        return f"being checked now: {count(job)}"
    if run.finished_at is None:
        return f"unfinished: {stored} assertions checked"
    return "finished"


def started_here(job: CheckJob) -> None:
    st.session_state.setdefault(STARTED_HERE, []).append(job.job_id)


def _job_box(jobs: CheckJobs, job: CheckJob) -> None:
    key = job.job_id
    with st.container(border=True, key=f"check.job.{key}"):
        who = f" by {esc(job.started_by)}" if job.started_by else ""
        html(
            f"<b>{esc(job.article_title)}</b> · corpus {esc(job.corpus)} · "
            f"started {job.started_at:%H:%M} UTC{who}"
        )
        if job.running:
            share = job.done / job.total if job.total else 0.0
            st.progress(share, text=f"{job.stage} · {count(job)} · {time_left(job)}")
            if job.current:
                st.caption(f"Now: {job.current[:120]}")
            stopping = job.cancel_requested
            st.button(
                "Stopping after this assertion…" if stopping else "Cancel",
                key=f"check.cancel.{key}",
                on_click=jobs.cancel,
                args=(key,),
                disabled=stopping,
            )
            return
        if job.state == JobState.FINISHED:
            st.success(f"Checked {job.done} assertions.")
            if st.button("Open in Review", key=f"check.open.{key}", type="primary"):
                st.session_state[REVIEW_RUN] = job.run_id
                st.switch_page(REVIEW_PAGE)
        elif job.state == JobState.CANCELLED:
            st.info(
                f"Cancelled after {job.done} assertions: the run is unfinished "
                "(Resume it under Unfinished runs)."
            )
        else:
            st.error(f"The check failed: {job.error}")
        st.button("Dismiss", key=f"check.dismiss.{key}", on_click=jobs.dismiss, args=(key,))


def _redraw_page_when_a_job_ends(jobs: list[CheckJob]) -> None:
    """A job that ended since the last draw changes the rest of the page (the runs list,
    Resume buttons): redraw all of it once. A finished job this session started opens on
    Review, as a check run in the page used to."""
    running = {job.job_id for job in jobs if job.running}
    ended = set(st.session_state.get(SEEN_RUNNING, ())) - running
    st.session_state[SEEN_RUNNING] = sorted(running)
    mine = st.session_state.get(STARTED_HERE, [])
    for job in jobs:
        if job.job_id in ended and job.job_id in mine and job.state == JobState.FINISHED:
            st.session_state[REVIEW_RUN] = job.run_id
    if ended:
        st.rerun(scope="app")


def _draw_panel() -> None:
    jobs = check_jobs()
    listed = jobs.jobs()
    _redraw_page_when_a_job_ends(listed)
    if not listed:
        return
    st.subheader("Checks in progress")
    for job in listed:
        _job_box(jobs, job)


@st.fragment(run_every=REDRAW_SECONDS)
def _live_panel() -> None:
    _draw_panel()


def jobs_panel() -> None:
    """Checks in progress (and ended ones until dismissed), on Check an article; redrawn
    every few seconds while one runs."""
    if any(job.running for job in check_jobs().jobs()):
        _live_panel()
    else:
        _draw_panel()


def banner_line(job: CheckJob) -> str:
    if job.running:
        return f"Checking “{job.article_title}”: {count(job)}, {time_left(job)}"
    return f"The check of “{job.article_title}” failed: {job.error}"


def _draw_banner(jobs: list[CheckJob]) -> None:
    shown = [job for job in jobs if job.running or job.state == JobState.FAILED]
    if shown:
        html(
            '<div class="wb-jobs-banner">'
            + " · ".join(esc(banner_line(job)) for job in shown)
            + " (Check an article)</div>"
        )


@st.fragment(run_every=REDRAW_SECONDS)
def _live_banner() -> None:
    _draw_banner(check_jobs().jobs())


def jobs_banner() -> None:
    """One line on the other screens while a check runs (redrawn every few seconds) or after
    one failed (until dismissed on Check an article); nothing, and no redrawing, otherwise."""
    jobs = check_jobs().jobs()
    if any(job.running for job in jobs):
        _live_banner()
    else:
        _draw_banner(jobs)
