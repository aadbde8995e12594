"""kill -9 in the middle of an ingest, a check and review writes, at random moments: the
stores open cleanly, nothing is half-written, no review event is lost, a rerun finishes.

The moments are set by progress, not by the clock: each child is killed as soon as the k-th
document, verdict or review event it writes is seen in its database (k drawn by a seeded
RNG), so the tests kill at the same points of the work on a fast machine and a busy one.

Each test runs on SQLite (in the home folder) and on PostgreSQL (`each_database`)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hardening.fault_server import FaultServer
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import ProgrammingError

from workbench.records import sha256_hex
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import catalog, checks, reviews

SAMPLES = Path(__file__).parents[2] / "samples"
KILLS = 4
POLL_S = 0.05  # how often the store is read while a child works
# Only against a child that stops making progress: far above any wait seen on a busy 2-core
# machine (each whole test took 1-3 minutes there), and it fails the test loudly. No kill
# moment depends on it.
SAFETY_NET_S = 600.0
# Each test's work is fixed (a few kills, one rerun); its timeout only catches a hang.
TEST_TIMEOUT_S = 2400
DOCUMENTS = "SELECT count(*) FROM documents"
VERDICTS = "SELECT count(*) FROM assertion_results WHERE label IS NOT NULL"
EVENTS = "SELECT count(*) FROM review_events"
pytestmark = pytest.mark.usefixtures("each_database")


def _postgres_url() -> str | None:
    """The PostgreSQL database of this test (`each_database`), or None: SQLite in the home."""
    return os.environ.get("WORKBENCH_DATABASE_URL")


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env.update(WORKBENCH_HOME=str(home), **extra)
    if _postgres_url():
        env["WORKBENCH_DATABASE_URL"] = _postgres_url() or ""
    return env


_engines: dict[str, Engine] = {}


def _count(home: Path, query: str) -> int:
    """A count read from the store a child is writing (SQLite's WAL and PostgreSQL's MVCC:
    this reader never blocks it)."""
    url = _postgres_url()
    if url:
        engine = _engines.setdefault(url, create_engine(url))
        try:
            with engine.connect() as connection:
                return connection.scalar(text(query)) or 0
        except ProgrammingError as exc:
            if "does not exist" in str(exc):  # the child has not created its tables yet
                return 0
            raise
    path = home / "workbench.db"
    if not path.exists():
        return 0
    db = sqlite3.connect(path, timeout=60)
    try:
        return db.execute(query).fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):  # the child has not created its tables yet
            return 0
        raise
    finally:
        db.close()


class _Child:
    """A process whose output goes to files (a full pipe would stall it while we poll)."""

    def __init__(self, args: list[str], env: dict[str, str], logs: Path, name: str) -> None:
        logs.mkdir(exist_ok=True)
        self.out, self.err = logs / f"{name}.out", logs / f"{name}.err"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.proc = subprocess.Popen(args, env=env, stdout=out, stderr=err)

    def stderr_tail(self) -> str:
        return self.err.read_text(errors="replace")[-3000:]

    def kill_when(self, progress: Callable[[], int], target: int, what: str) -> None:
        """SIGKILL the child as soon as ``progress()`` reaches ``target``."""
        deadline = time.monotonic() + SAFETY_NET_S
        while (seen := progress()) < target:
            if self.proc.poll() is not None:
                pytest.fail(
                    f"the child exited ({self.proc.returncode}) with {seen} of {target} "
                    f"{what} stored:\n{self.stderr_tail()}"
                )
            if time.monotonic() > deadline:
                self.proc.kill()
                self.proc.wait()
                pytest.fail(f"safety net: {seen} of {target} {what} after {SAFETY_NET_S:.0f} s")
            time.sleep(POLL_S)
        self.proc.send_signal(signal.SIGKILL)  # a no-op if it has just finished by itself
        self.proc.wait()

    def finish(self) -> None:
        """Let the child run to its end; it must succeed."""
        try:
            code = self.proc.wait(timeout=SAFETY_NET_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"safety net: the rerun did not finish in {SAFETY_NET_S:.0f} s")
        assert code == 0, self.stderr_tail()


def _sqlite_ok(home: Path) -> None:
    """SQLite's own check of the file; PostgreSQL rolls a killed client's work back itself."""
    if _postgres_url():
        return
    with sqlite3.connect(home / "workbench.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _assert_corpus_consistent(home: Path, corpus: str) -> int:
    """Every committed document is whole: its passages are its text, its vectors exist."""
    _sqlite_ok(home)
    wb = Workbench(Settings(home=home))
    try:
        with wb.db.transaction() as session:
            names = catalog.corpus_names(session)
            if corpus not in names:
                return 0
            documents = catalog.list_documents(session, corpus)
            for document in documents:
                assert sha256_hex(document.text) == document.sha256
                passages = catalog.passages_of(session, corpus, document.doc_id)
                assert passages, f"{document.doc_id} has no passages"
                for passage in passages:
                    assert document.text[passage.start : passage.end] == passage.text
        committed = {d.doc_id for d in documents}
        assert committed <= wb.index.doc_ids(corpus), "a committed document lacks its vectors"
        return len(committed)
    finally:
        wb.close()


_INGEST = """
import sys
from pathlib import Path
import workbench.corpus.ingest as ingest_module
from workbench.services import Workbench
ingest_module._BATCH_PASSAGES = 40  # many commits, so kills land between and inside them
wb = Workbench()
report = ingest_module.ingest(wb, "fm2", [Path(sys.argv[1])])
wb.close()
sys.exit(1 if report.failed else 0)
"""


@pytest.mark.timeout(TEST_TIMEOUT_S)
def test_ingest_killed_at_random_moments_leaves_whole_documents_and_resumes(
    tmp_path: Path,
) -> None:
    corpus = SAMPLES / "corpus" / "fm2-wikipedia-sample.jsonl"
    home = tmp_path / "home"
    env = _env(home)
    args = [sys.executable, "-c", _INGEST, str(corpus)]
    rng = random.Random(11)
    committed = 0
    for kill in range(KILLS):
        # Killed once a few more documents are committed: inside the next batch's work.
        target = committed + rng.randint(1, 4)
        child = _Child(args, env, tmp_path / "logs", f"ingest-{kill}")
        child.kill_when(lambda: _count(home, DOCUMENTS), target, "documents")
        committed = _assert_corpus_consistent(home, "fm2")
        assert committed >= target  # what was seen committed survived the kill
        print(f"kill {kill}: after document {target}; {committed} committed")
    assert committed < 40  # the kills interrupted the ingest: the rerun has work left
    _Child(args, env, tmp_path / "logs", "ingest-rerun").finish()
    assert _assert_corpus_consistent(home, "fm2") == 40
    wb = Workbench(Settings(home=home))
    try:  # orphan vectors of killed batches were swept by the last run
        with wb.db.transaction() as session:
            committed_ids = catalog.doc_ids(session, "fm2")
        assert wb.index.doc_ids("fm2") == committed_ids
        assert wb.searcher.search("fm2", "Brooklyn Bridge opening", 3)
    finally:
        wb.close()


_REVIEWER = """
import sys
from pathlib import Path
from workbench.review import ReviewService
from workbench.services import Workbench
run_id, assertion_id = sys.argv[1:3]
service = ReviewService(Workbench())
for i in range(100000):
    state = service.note(run_id, assertion_id, "crash-test", f"note {i}")
    print(state.version, flush=True)  # printed only after the event is committed
"""


@pytest.mark.timeout(TEST_TIMEOUT_S)
def test_review_writes_killed_at_random_moments_lose_no_event(
    tmp_path: Path, checked_home: tuple[Path, str, str]
) -> None:
    home, run_id, assertion_id = checked_home
    rng = random.Random(5)
    acknowledged = stored = 0
    for kill in range(8):
        target = stored + rng.randint(1, 25)  # killed just after the target-th event commits
        child = _Child(
            [sys.executable, "-c", _REVIEWER, run_id, assertion_id],
            _env(home),
            tmp_path / "logs",
            f"reviewer-{kill}",
        )
        child.kill_when(lambda: _count(home, EVENTS), target, "review events")
        printed = [int(line) for line in child.out.read_text().split()]
        if printed:
            acknowledged = max(acknowledged, printed[-1])
        _sqlite_ok(home)
        wb = Workbench(Settings(home=home))
        with wb.db.transaction() as session:
            events = reviews.events_for(session, run_id, assertion_id)
        wb.close()
        versions = [e.version for e in events]
        assert versions == list(range(1, len(versions) + 1))  # no gap, no duplicate
        assert len(versions) >= target  # every event seen committed before the kill is there
        assert len(versions) >= acknowledged  # every acknowledged event is there
        stored = len(versions)
        print(f"kill {kill}: after event {target}; stored {stored}, acknowledged {acknowledged}")
    assert acknowledged > 0
    state = ReviewService(Workbench(Settings(home=home))).state(run_id, assertion_id)[1]
    assert state.version == len(state.history) >= acknowledged


@pytest.fixture
def checked_home(tmp_path: Path, embeddings) -> tuple[Path, str, str]:  # type: ignore[no-untyped-def]
    from fakes import check_supported_claim

    wb = Workbench(Settings(home=tmp_path))
    wb.embeddings = embeddings
    outcome = check_supported_claim(
        wb,
        tmp_path,
        "The Moai were carved by the Rapa Nui people on Easter Island.",
        "The Moai were carved by the Rapa Nui.",
        "Who carved the Moai?",
    )
    wb.close()
    return tmp_path, outcome.run.run_id, outcome.results[0].assertion.assertion_id


@pytest.mark.timeout(TEST_TIMEOUT_S)
def test_check_killed_at_random_moments_keeps_whole_verdicts_and_resumes(
    tmp_path: Path, embeddings
) -> None:  # type: ignore[no-untyped-def]
    from workbench.corpus.ingest import ingest

    home = tmp_path / "home"
    wb = Workbench(Settings(home=home))
    wb.embeddings = embeddings
    ingest(wb, "fm2", [SAMPLES / "corpus" / "fm2-wikipedia-sample.jsonl"])
    wb.close()
    article = SAMPLES / "articles" / "nato-rutte-fatal-attack.txt"
    rng = random.Random(3)
    # Slow replies, so kills land inside model calls as well as between them.
    with FaultServer(default="slow", slow_s=0.2) as server:
        env = _env(home, WORKBENCH_LLM_BASE_URL=server.base_url, WORKBENCH_LLM_MODEL="fault")
        args = [sys.executable, "-m", "workbench", "check", str(article), "--corpus", "fm2"]
        stored = [0]
        for kill in range(KILLS):
            target = stored[-1] + rng.randint(1, 2)  # killed during the claim after the target-th
            child = _Child(args, env, tmp_path / "logs", f"check-{kill}")
            child.kill_when(lambda: _count(home, VERDICTS), target, "verdicts")
            _sqlite_ok(home)
            wb = Workbench(Settings(home=home))
            with wb.db.transaction() as session:
                (run,) = checks.all_runs(session)
                results = checks.results_of_run(session, run.run_id)
            wb.close()
            for result in results:  # each stored result is a whole one
                if result.assertion.to_verify:
                    assert result.verdict is not None and result.evidence
            stored.append(sum(1 for r in results if r.assertion.to_verify))
            assert stored[-1] >= target  # what was seen stored survived the kill
            print(f"kill {kill}: after verdict {target}; {stored[-1]} stored")
        calls_before = len(server.requests)
        _Child(args, env, tmp_path / "logs", "check-rerun").finish()
    assert stored == sorted(stored)  # progress kept across kills
    wb = Workbench(Settings(home=home))
    with wb.db.transaction() as session:
        (run,) = checks.all_runs(session)
        results = checks.results_of_run(session, run.run_id)
    wb.close()
    assert run.finished_at is not None
    remaining = sum(1 for r in results if r.assertion.to_verify) - stored[-1]
    assert remaining > 0  # the kills did interrupt the check
    # The rerun only checked what was not stored yet (3 calls per claim at most).
    assert len(server.requests) - calls_before <= 3 * remaining
