"""Checks in the background: each one a thread of the app process that owns its own work,
so a reviewer can leave the screen that started it, come back, cancel it or resume it.

A job only drives the check service (pipeline.py), which stores every finished assertion at
once: the database, not the job, is the truth about a run. Cancel is asked between two
assertions (the one being checked is finished and kept); the run stays unfinished
(``finished_at`` None) and can be resumed, by a job or by `workbench check --resume`, also
after the app process died. Progress is what the pipeline reports as it stores assertions;
the time left is the time per assertion seen so far in this job times the assertions left.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from workbench.check.pipeline import CheckCancelled, Checker, CheckOutcome
from workbench.corpus.manage import require_corpus
from workbench.records import Article, CheckJob, JobState
from workbench.services import Workbench
from workbench.store import checks

Work = Callable[["_Job"], CheckOutcome]


@dataclass
class _Job:
    """A job's live state, changed by its thread under the registry's lock."""

    record: CheckJob
    cancel: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None
    # When checking began (clock time) and how many assertions were stored then, and when
    # the last one was stored: the time per assertion this job has seen.
    first_at: float | None = None
    first_done: int = 0
    last_at: float | None = None

    def update(self, **changes: object) -> None:
        self.record = self.record.model_copy(update=changes)


class CheckJobs:
    """The background checks of one process (the app keeps one per server process)."""

    def __init__(self, wb: Workbench, clock: Callable[[], float] = time.monotonic) -> None:
        self.wb = wb
        self._clock = clock
        self._lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}

    # --- starting ---------------------------------------------------------------------------

    def start(
        self,
        article: Article,
        corpus: str,
        verify_all: bool = False,
        top: int | None = None,
        started_by: str = "",
    ) -> CheckJob:
        """Check an article in the background; returns at once (the model starts in the job)."""
        if top is not None and top < 1:
            raise ValueError(f"top must be at least 1, not {top}")
        require_corpus(self.wb, corpus)

        def work(job: _Job) -> CheckOutcome:
            checker = self._ready(job)
            run = checker.open_run(article, corpus, verify_all, top)
            self._claim(job, run.run_id)
            return checker.continue_run(article, run, self._progress(job), job.cancel.is_set)

        return self._launch(self._record(article.title, corpus, started_by), work)

    def resume(self, run_id: str, started_by: str = "") -> CheckJob:
        """Go on with an unfinished run in the background (its stored assertions stay)."""
        with self.wb.db.transaction() as session:
            run = checks.get_run(session, run_id)
            article = checks.get_article(session, run.article_id) if run else None
        if run is None or article is None:
            raise LookupError(f"no run {run_id!r} to resume")

        def work(job: _Job) -> CheckOutcome:
            checker = self._ready(job)
            self._begin_counting(job, run_id)
            return checker.resume(run_id, self._progress(job), job.cancel.is_set)

        record = self._record(article.title, run.corpus, started_by).model_copy(
            update={"run_id": run_id}
        )
        return self._launch(record, work)

    # --- reading and steering ---------------------------------------------------------------

    def jobs(self) -> list[CheckJob]:
        """Every job not dismissed, newest first, with its time left as of now."""
        with self._lock:
            return [self._snapshot(job) for job in reversed(self._jobs.values())]

    def get(self, job_id: str) -> CheckJob:
        with self._lock:
            return self._snapshot(self._job(job_id))

    def working_on(self) -> dict[str, CheckJob]:
        """The running jobs by the run they check (a run nobody works on may be resumed)."""
        return {job.run_id: job for job in self.jobs() if job.running and job.run_id}

    def cancel(self, job_id: str) -> None:
        """Stop after the assertion being checked now; the run is left unfinished."""
        with self._lock:
            job = self._job(job_id)
            if job.record.running:
                job.cancel.set()
                job.update(cancel_requested=True)

    def dismiss(self, job_id: str) -> None:
        """Forget an ended job (its run stays in the database)."""
        with self._lock:
            if not self._job(job_id).record.running:
                del self._jobs[job_id]

    def wait(self, job_id: str, timeout: float | None = None) -> CheckJob:
        """Block until the job ends (or ``timeout`` seconds pass); its record then."""
        with self._lock:
            thread = self._job(job_id).thread
        if thread is not None:
            thread.join(timeout)
        return self.get(job_id)

    # --- the job's thread -------------------------------------------------------------------

    def _record(self, title: str, corpus: str, started_by: str) -> CheckJob:
        return CheckJob(
            job_id="job-" + uuid.uuid4().hex[:12],
            article_title=title,
            corpus=corpus,
            started_by=started_by,
            started_at=datetime.now(UTC),
        )

    def _launch(self, record: CheckJob, work: Work) -> CheckJob:
        job = _Job(record)
        with self._lock:
            if record.run_id and any(
                j.record.running and j.record.run_id == record.run_id for j in self._jobs.values()
            ):
                raise ValueError(f"run {record.run_id} is being checked already")
            self._jobs[record.job_id] = job
            # A daemon: a process that exits does not wait; the run is then left unfinished.
            job.thread = threading.Thread(
                target=self._run, args=(job, work), name=record.job_id, daemon=True
            )
            job.thread.start()
            return self._snapshot(job)

    def _run(self, job: _Job, work: Work) -> None:
        try:
            outcome = work(job)
        except CheckCancelled:
            self._end(job, JobState.CANCELLED, stage="cancelled: the run is unfinished")
        except Exception as exc:  # any error: a job shows it, it never vanishes
            error = str(exc) or type(exc).__name__
            self._end(job, JobState.FAILED, stage="failed", error=error)
        else:
            self._end(job, JobState.FINISHED, stage="finished", done=len(outcome.results))

    def _ready(self, job: _Job) -> Checker:
        """Start the model (once per process); a cancel meanwhile ends the job here."""
        self._set(job, stage="starting the model")
        _ = self.wb.llm
        if job.cancel.is_set():
            raise CheckCancelled(job.record.run_id or "not started")
        self._set(job, stage="finding and ranking the assertions")
        return Checker(self.wb)

    def _claim(self, job: _Job, run_id: str) -> None:
        """This job checks ``run_id``, unless another running job does already."""
        with self._lock:
            for other in self._jobs.values():
                if other is not job and other.record.running and other.record.run_id == run_id:
                    raise ValueError(
                        f"this check is running already ({other.record.job_id}, run {run_id})"
                    )
            job.update(run_id=run_id)
        self._begin_counting(job, run_id)

    def _begin_counting(self, job: _Job, run_id: str) -> None:
        with self.wb.db.transaction() as session:
            stored = len(checks.done_assertions(session, run_id))
        with self._lock:
            job.first_done = stored
            job.update(done=stored)

    def _progress(self, job: _Job) -> Callable[[int, int, str], None]:
        def progress(done: int, total: int, current: str) -> None:
            now = self._clock()
            with self._lock:
                if job.first_at is None and done >= job.first_done:
                    job.first_at, job.first_done = now, done  # the first assertion to check
                job.last_at = now
                job.update(stage="checking the assertions", done=done, total=total, current=current)

        return progress

    def _set(self, job: _Job, **changes: object) -> None:
        with self._lock:
            job.update(**changes)

    def _end(self, job: _Job, state: JobState, **changes: object) -> None:
        self._set(job, state=state, current="", **changes)

    # --- under the lock ---------------------------------------------------------------------

    def _job(self, job_id: str) -> _Job:
        if job_id not in self._jobs:
            raise LookupError(f"no check job {job_id!r}")
        return self._jobs[job_id]

    def _snapshot(self, job: _Job) -> CheckJob:
        return job.record.model_copy(update={"seconds_left": self._seconds_left(job)})

    def _seconds_left(self, job: _Job) -> float | None:
        """Time per assertion so far times the assertions left, less the time already spent
        on the current one (never below the assertions after it)."""
        record = job.record
        checked = record.done - job.first_done
        if not record.running or record.total is None or checked < 1:
            return None
        if job.first_at is None or job.last_at is None:
            return None
        per_assertion = (job.last_at - job.first_at) / checked
        spent = min(self._clock() - job.last_at, per_assertion)
        return max(per_assertion * (record.total - record.done) - spent, 0.0)
