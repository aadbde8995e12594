"""Checks in the background through Streamlit's AppTest, on a real database: a started check
goes on while the reviewer is on other screens, the form is kept, Cancel leaves the run
unfinished and marked everywhere, Resume finishes it. The scripted model is held at a call
so the check is caught mid-run; nothing waits on wall-clock time."""

from __future__ import annotations

from pathlib import Path

from fakes import Hold, fake_llm, supported_replies
from streamlit.testing.v1 import AppTest

from workbench.check.jobs import CheckJobs
from workbench.records import CheckJob, JobState
from workbench.review import ReviewService
from workbench.ui.check_jobs import check_jobs
from workbench.ui.services import workbench

APP = str(Path(__file__).parents[2] / "workbench" / "ui" / "app.py")
TWO_FACTS = (
    "The Moai were carved by the Rapa Nui people of Easter Island. "
    "The Moai stand on Easter Island in the Pacific Ocean."
)
PER_FACT = supported_replies("Who carved the Moai?")
WAIT = 120  # seconds at most for the job's thread to arrive or end: a bound, never a pause


def _check_screen() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["reviewer"] = "Ana"
    at.run()
    at.switch_page("screens/check.py").run()
    assert not at.exception, at.exception
    return at


def _start(at: AppTest, title: str) -> CheckJob:
    at.text_input(key="check.title").input(title)
    at.text_area(key="check.text").input(TWO_FACTS)
    at.button(key="check.run").click().run()
    assert not at.exception, at.exception
    assert any(f"Checking “{title}” in the background" in s.value for s in at.success)
    (job,) = [j for j in check_jobs().jobs() if j.article_title == title]
    return job


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [w.value for w in at.warning]
    parts += [s.value for s in at.success] + [i.value for i in at.info]
    return "\n".join(parts)


def _run_picker_label(at: AppTest, run_id: str) -> str:
    picker = at.selectbox(key="review.run")
    return picker.format_func(run_id)


def _status(at: AppTest, run_id: str) -> str:
    table = at.dataframe[0].value
    return table.loc[table["run"] == run_id, "status"].item()


def _ended(jobs: CheckJobs, job: CheckJob) -> CheckJob:
    ended = jobs.wait(job.job_id, WAIT)
    assert not ended.running, "the job did not end"
    return ended


def test_a_started_check_goes_on_while_the_reviewer_is_elsewhere(ui_home: Path) -> None:
    hold = Hold(at_call=0)
    wb = workbench()  # the app's cached Workbench: its model is scripted here
    wb.llm, _ = fake_llm(PER_FACT * 2, wb.db, name="ui-background", hold=hold)
    at = _check_screen()
    job = _start(at, "Held check")  # the click returned while the model is still held
    assert hold.reached.wait(WAIT)
    assert check_jobs().get(job.job_id).running
    assert at.button(key=f"check.cancel.{job.job_id}").label == "Cancel"

    at.switch_page("screens/review.py").run()  # the script reruns for another screen
    assert not at.exception, at.exception
    assert "Checking “Held check”" in _text(at)  # the banner
    run_id = check_jobs().get(job.job_id).run_id
    assert "being checked now" in _run_picker_label(at, run_id)
    at.switch_page("screens/check.py").run()
    assert at.text_input(key="check.title").value == "Held check"  # the form is kept
    assert at.text_area(key="check.text").value == TWO_FACTS
    assert check_jobs().get(job.job_id).running
    assert _status(at, run_id).startswith("being checked now")

    hold.release.set()
    assert _ended(check_jobs(), job).state == JobState.FINISHED
    at.run()
    assert not at.exception, at.exception
    assert any("Checked 2 assertions" in s.value for s in at.success)
    assert _status(at, run_id) == "finished"
    assert at.session_state["kept.review.run"] == run_id  # Review opens on it
    at.button(key=f"check.dismiss.{job.job_id}").click().run()
    assert check_jobs().jobs() == []


def test_cancel_leaves_the_run_unfinished_and_marked_and_resume_finishes_it(
    ui_home: Path,
) -> None:
    hold = Hold(at_call=0)  # in the first assertion: the second is never begun
    wb = workbench()
    wb.llm, fake = fake_llm(PER_FACT * 2, wb.db, name="ui-cancel", hold=hold)
    at = _check_screen()
    job = _start(at, "Cancelled check")
    assert hold.reached.wait(WAIT)
    at.button(key=f"check.cancel.{job.job_id}").click().run()
    assert at.button(key=f"check.cancel.{job.job_id}").disabled  # stopping after this one
    hold.release.set()
    ended = _ended(check_jobs(), job)
    assert ended.state == JobState.CANCELLED and ended.done == 1
    run_id = ended.run_id

    at.run()
    assert "Cancelled after 1 assertions: the run is unfinished" in _text(at)
    assert _status(at, run_id) == "unfinished: 1 assertions checked"
    assert "unfinished: 1 assertions checked" in _text(at)  # the Unfinished runs list
    at.switch_page("screens/review.py").run()
    assert "unfinished: 1 assertions checked" in _run_picker_label(at, run_id)
    at.selectbox(key="review.run").set_value(run_id).run()
    assert "Unfinished run (unfinished: 1 assertions checked)" in _text(at)
    at.switch_page("screens/reports.py").run()
    at.selectbox(key="reports.run").set_value(run_id).run()
    assert "· unfinished" in at.selectbox(key="reports.run").format_func(run_id)
    assert "This run is unfinished" in _text(at)

    at.switch_page("screens/check.py").run()
    at.button(key=f"check.resume.{run_id}").click().run()
    assert not at.exception, at.exception
    (resumed,) = [j for j in check_jobs().jobs() if j.job_id != job.job_id]
    assert resumed.run_id == run_id
    assert _ended(check_jobs(), resumed).state == JobState.FINISHED
    at.run()
    assert _status(at, run_id) == "finished"
    assert not [b for b in at.button if b.key == f"check.resume.{run_id}"]
    results = ReviewService(wb).results(run_id)
    assert len(results) == 2 and len(fake.calls) == 2 * len(PER_FACT)  # nothing redone
