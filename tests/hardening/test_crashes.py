"""kill -9 in the middle of an ingest, a check and review writes, at random moments: the
stores open cleanly, nothing is half-written, no review event is lost, a rerun finishes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hardening.fault_server import FaultServer

from workbench.records import sha256_hex
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import catalog, checks, reviews

SAMPLES = Path(__file__).parents[2] / "samples"
KILLS = 4


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env.update(WORKBENCH_HOME=str(home), **extra)
    return env


def _run_and_kill(args: list[str], env: dict[str, str], after_s: float) -> int | None:
    """Start a process, SIGKILL it after `after_s` (unless it ended first); its exit code."""
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _, err = proc.communicate(timeout=after_s)
        if proc.returncode:
            print(err.decode(errors="replace")[-2000:])  # shown when the test fails
        return proc.returncode
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        return None


def _sqlite_ok(home: Path) -> None:
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


def test_ingest_killed_at_random_moments_leaves_whole_documents_and_resumes(
    tmp_path: Path,
) -> None:
    corpus = SAMPLES / "corpus" / "fm2-wikipedia-sample.jsonl"
    env = _env(tmp_path)
    args = [sys.executable, "-c", _INGEST, str(corpus)]
    rng = random.Random(11)
    counts = []
    for _ in range(KILLS):
        _run_and_kill(args, env, after_s=rng.uniform(4.0, 14.0))
        counts.append(_assert_corpus_consistent(tmp_path, "fm2"))
    assert _run_and_kill(args, env, after_s=600) == 0
    assert _assert_corpus_consistent(tmp_path, "fm2") == 40
    wb = Workbench(Settings(home=tmp_path))
    try:  # orphan vectors of killed batches were swept by the last run
        with wb.db.transaction() as session:
            committed = catalog.doc_ids(session, "fm2")
        assert wb.index.doc_ids("fm2") == committed
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


def test_review_writes_killed_at_random_moments_lose_no_event(
    tmp_path: Path, checked_home: tuple[Path, str, str]
) -> None:
    home, run_id, assertion_id = checked_home
    rng = random.Random(5)
    acknowledged = 0
    for _ in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-c", _REVIEWER, run_id, assertion_id],
            env=_env(home),
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(rng.uniform(3.0, 6.0))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        printed = [int(line) for line in out.split()]
        if printed:
            acknowledged = max(acknowledged, printed[-1])
        _sqlite_ok(home)
        wb = Workbench(Settings(home=home))
        with wb.db.transaction() as session:
            events = reviews.events_for(session, run_id, assertion_id)
        wb.close()
        versions = [e.version for e in events]
        assert versions == list(range(1, len(versions) + 1))  # no gap, no duplicate
        assert len(versions) >= acknowledged  # every acknowledged event is there
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


def test_check_killed_at_random_moments_keeps_whole_verdicts_and_resumes(
    tmp_path: Path, embeddings
) -> None:  # type: ignore[no-untyped-def]
    from workbench.corpus.ingest import ingest

    wb = Workbench(Settings(home=tmp_path))
    wb.embeddings = embeddings
    ingest(wb, "fm2", [SAMPLES / "corpus" / "fm2-wikipedia-sample.jsonl"])
    wb.close()
    article = SAMPLES / "articles" / "nato-rutte-fatal-attack.txt"
    rng = random.Random(3)
    with FaultServer(default="slow", slow_s=0.5) as server:  # ~25 s of work for 15 claims
        env = _env(
            tmp_path,
            WORKBENCH_LLM_BASE_URL=server.base_url,
            WORKBENCH_LLM_MODEL="fault",
            WORKBENCH_LLM_TIMEOUT_S="5",
        )
        args = [sys.executable, "-m", "workbench", "check", str(article), "--corpus", "fm2"]
        stored = []
        for _ in range(KILLS):
            _run_and_kill(args, env, after_s=rng.uniform(5.0, 9.0))
            _sqlite_ok(tmp_path)
            wb = Workbench(Settings(home=tmp_path))
            with wb.db.transaction() as session:
                runs = checks.all_runs(session)
                results = checks.results_of_run(session, runs[0].run_id) if runs else []
            wb.close()
            for result in results:  # each stored result is a whole one
                if result.assertion.to_verify:
                    assert result.verdict is not None and result.evidence
            stored.append(sum(1 for r in results if r.assertion.to_verify))
        calls_before = len(server.requests)
        assert _run_and_kill(args, env, after_s=600) == 0
    assert stored == sorted(stored) and stored[-1] > 0  # progress kept across kills
    wb = Workbench(Settings(home=tmp_path))
    with wb.db.transaction() as session:
        (run,) = checks.all_runs(session)
        results = checks.results_of_run(session, run.run_id)
    wb.close()
    assert run.finished_at is not None
    remaining = sum(1 for r in results if r.assertion.to_verify) - stored[-1]
    assert remaining > 0  # the kills did interrupt the check
    # The rerun only checked what was not stored yet (3 calls per claim at most).
    assert len(server.requests) - calls_before <= 3 * remaining
