"""Background checks on a real corpus with a scripted model held mid-run: progress as stored,
time left from the time per assertion, cancel, resume (also from a fresh process), failure.

Nothing here waits on wall-clock time: the test holds the model at a call, sees it arrive,
reads what is stored, and lets it go on; the job's clock is one the test sets."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import Hold, fake_llm, supported_replies

from workbench.check.jobs import CheckJobs
from workbench.check.pipeline import Checker, article_from_text
from workbench.corpus.ingest import ingest
from workbench.llm.cache import CachedLLM
from workbench.llm.client import ChatLLM, Endpoint
from workbench.records import Article, JobState
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import checks

SOURCE = (
    "The Moai were carved by the Rapa Nui people. They stand on Easter Island. "
    "Most Moai were carved from volcanic tuff."
)
ARTICLE = (
    "The Moai were carved by the Rapa Nui people. "
    "The Moai stand on Easter Island. "
    "The Moai were carved from volcanic tuff."
)
PER_FACT = supported_replies("Who carved the Moai?")
CALLS_PER_FACT = len(PER_FACT)
WAIT = 120  # seconds at most for a thread to arrive or end: a bound, never a pause


class ManualClock:
    """The job's clock (seconds), moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def islands(workbench: Workbench, tmp_path: Path) -> Workbench:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "moai.txt").write_text(SOURCE)
    ingest(workbench, "islands", [tmp_path / "docs"])
    return workbench


def _article() -> Article:
    return article_from_text(ARTICLE, "Moai", "test")


def _stored(wb: Workbench, run_id: str) -> int:
    with wb.db.transaction() as session:
        return len(checks.done_assertions(session, run_id))


def _finished(wb: Workbench, run_id: str) -> bool:
    with wb.db.transaction() as session:
        return checks.get_run(session, run_id).finished_at is not None


def _reach(hold: Hold) -> None:
    assert hold.reached.wait(WAIT), "the job never reached the held call"


def test_a_job_returns_at_once_and_reports_what_is_stored(islands: Workbench) -> None:
    hold = Hold(at_call=CALLS_PER_FACT)  # the second assertion's first call
    islands.llm, fake = fake_llm(PER_FACT * 3, islands.db, hold=hold)
    jobs = CheckJobs(islands)

    started = jobs.start(_article(), "islands", started_by="Ana")
    assert started.state == JobState.RUNNING and started.started_by == "Ana"
    _reach(hold)
    held = jobs.get(started.job_id)
    assert held.running and held.stage == "checking the assertions"
    assert held.done == _stored(islands, held.run_id) == 1 and held.total == 3
    assert held.current in ARTICLE and held.run_id in jobs.working_on()
    assert not _finished(islands, held.run_id)

    hold.release.set()
    ended = jobs.wait(started.job_id, WAIT)
    assert ended.state == JobState.FINISHED and ended.done == 3 and ended.seconds_left is None
    assert _stored(islands, ended.run_id) == 3 and _finished(islands, ended.run_id)
    assert len(fake.calls) == 3 * CALLS_PER_FACT
    assert jobs.working_on() == {}
    jobs.dismiss(started.job_id)
    assert jobs.jobs() == []


def test_time_left_is_the_time_per_assertion_seen_times_those_left(islands: Workbench) -> None:
    clock = ManualClock()
    first = Hold(at_call=0)
    islands.llm, fake = fake_llm(PER_FACT * 3, islands.db, hold=first)
    jobs = CheckJobs(islands, clock=clock)
    job_id = jobs.start(_article(), "islands").job_id
    _reach(first)
    assert jobs.get(job_id).seconds_left is None  # nothing finished yet: no estimate

    second = Hold(at_call=CALLS_PER_FACT)
    fake.hold = second
    clock.now += 30  # the first assertion takes 30 s
    first.release.set()
    _reach(second)
    assert jobs.get(job_id).done == 1
    assert jobs.get(job_id).seconds_left == pytest.approx(60)  # 2 left at 30 s each
    clock.now += 10  # 10 s into the second one
    assert jobs.get(job_id).seconds_left == pytest.approx(50)
    clock.now += 60  # slower than the first: the one after it is still ahead
    assert jobs.get(job_id).seconds_left == pytest.approx(30)
    second.release.set()
    assert jobs.wait(job_id, WAIT).state == JobState.FINISHED


def test_cancel_keeps_the_stored_assertions_and_a_fresh_process_resumes(
    islands: Workbench,
) -> None:
    hold = Hold(at_call=CALLS_PER_FACT)
    islands.llm, fake = fake_llm(PER_FACT * 3, islands.db, hold=hold)
    jobs = CheckJobs(islands)
    job_id = jobs.start(_article(), "islands").job_id
    _reach(hold)
    jobs.cancel(job_id)
    assert jobs.get(job_id).cancel_requested and jobs.get(job_id).running
    hold.release.set()  # the assertion being checked is finished, then the job stops

    cancelled = jobs.wait(job_id, WAIT)
    run_id = cancelled.run_id
    assert cancelled.state == JobState.CANCELLED and cancelled.done == 2
    assert _stored(islands, run_id) == 2 and not _finished(islands, run_id)
    assert len(fake.calls) == 2 * CALLS_PER_FACT

    # The app process is gone: a new one finds the unfinished run in the database.
    later = Workbench(Settings(home=islands.settings.home, chroma_url=None, database_url=None))
    later.embeddings = islands.embeddings
    later.llm, resumed_fake = fake_llm(PER_FACT, later.db)
    try:
        resumed = CheckJobs(later)
        job = resumed.resume(run_id, started_by="Ben")
        assert job.run_id == run_id
        ended = resumed.wait(job.job_id, WAIT)
        assert ended.state == JobState.FINISHED, ended.error
        assert ended.done == 3 and _finished(later, run_id)
        assert len(resumed_fake.calls) == CALLS_PER_FACT  # only the assertion not stored
    finally:
        later.close()


def test_one_run_is_worked_on_by_one_job(islands: Workbench) -> None:
    hold = Hold(at_call=0)
    islands.llm, _ = fake_llm(PER_FACT * 3, islands.db, hold=hold)
    jobs = CheckJobs(islands)
    first = jobs.start(_article(), "islands")
    _reach(hold)
    run_id = jobs.get(first.job_id).run_id
    with pytest.raises(ValueError, match="being checked already"):
        jobs.resume(run_id)
    twin = jobs.wait(jobs.start(_article(), "islands").job_id, WAIT)  # the same check again
    assert twin.state == JobState.FAILED and "running already" in twin.error
    jobs.dismiss(first.job_id)  # a running job is not dismissed
    assert jobs.get(first.job_id).running
    hold.release.set()
    assert jobs.wait(first.job_id, WAIT).state == JobState.FINISHED


def test_a_failing_job_shows_its_error_and_leaves_the_run_unfinished(
    islands: Workbench,
) -> None:
    gone = Endpoint("server", "http://127.0.0.1:9/v1", "gone", "unused")  # nothing listens
    islands.llm = CachedLLM(ChatLLM(gone, max_retries=0), islands.db)
    jobs = CheckJobs(islands)
    failed = jobs.wait(jobs.start(_article(), "islands").job_id, WAIT)
    assert failed.state == JobState.FAILED and not failed.running
    assert "cannot reach the LLM" in failed.error
    assert [j.job_id for j in jobs.jobs()] == [failed.job_id]  # it stays until dismissed
    assert _stored(islands, failed.run_id) == 0 and not _finished(islands, failed.run_id)


def test_starting_asks_for_a_known_corpus_and_a_positive_top(islands: Workbench) -> None:
    jobs = CheckJobs(islands)
    with pytest.raises(LookupError):
        jobs.start(_article(), "no-such-corpus")
    with pytest.raises(ValueError, match="top must be at least 1"):
        jobs.start(_article(), "islands", top=0)
    with pytest.raises(LookupError, match="no run"):
        jobs.resume("run-missing")
    assert jobs.jobs() == []


def test_resume_is_refused_when_the_corpus_changed(islands: Workbench, tmp_path: Path) -> None:
    islands.llm, _ = fake_llm(PER_FACT * 3, islands.db)
    run = Checker(islands).open_run(_article(), "islands")  # started, nothing checked yet
    (tmp_path / "docs" / "more.txt").write_text("Easter Island lies in the Pacific Ocean.")
    ingest(islands, "islands", [tmp_path / "docs"])
    with pytest.raises(ValueError, match="corpus 'islands' changed since"):
        Checker(islands).resume(run.run_id)
