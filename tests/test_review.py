"""Review on a real database: events appended, state derived, no update silently lost."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakes import fake_llm, letter_reply, text_reply
from typer.testing import CliRunner

from workbench.check.pipeline import Checker, article_from_text
from workbench.cli import app
from workbench.corpus.ingest import ingest
from workbench.records import Label, ReviewAction, ReviewStatus
from workbench.review import ReviewService, VersionConflict
from workbench.services import Workbench
from workbench.store import reviews

CORPUS_TEXT = (
    "The Moai are monolithic human figures carved by the Rapa Nui people on Easter Island."
)
ARTICLE = "The Moai were carved by the Rapa Nui people. The Moai were carved on Easter Island."


@pytest.fixture
def checked(workbench: Workbench, tmp_path: Path) -> tuple[Workbench, str, list[str]]:
    source = tmp_path / "moai.txt"
    source.write_text(CORPUS_TEXT)
    ingest(workbench, "c", [source])
    replies = []
    for _ in range(2):
        replies += [
            text_reply('{"questions": ["Who carved the Moai?"]}'),
            letter_reply({"A": 0.9, "B": 0.05, "C": 0.05}),
            text_reply('{"sentences": [1], "reason": "The source names the carvers."}'),
        ]
    workbench.llm, _ = fake_llm(replies, workbench.db)
    outcome = Checker(workbench).check(article_from_text(ARTICLE, "Moai", "test"), "c")
    return workbench, outcome.run.run_id, [r.assertion.assertion_id for r in outcome.results]


def test_actions_append_events_and_derive_the_state(checked) -> None:  # type: ignore[no-untyped-def]
    wb, run_id, (first, second) = checked
    service = ReviewService(wb)
    state = service.accept(run_id, first, "Ana", seen_version=0)
    assert (state.status, state.version, state.last_reviewer) == (ReviewStatus.ACCEPTED, 1, "Ana")

    state = service.edit(
        run_id, second, "Ben", 0, label=Label.REFUTED, rationale="Misread.", cite_evidence=[]
    )
    assert state.status == ReviewStatus.EDITED
    assert (state.current.label, state.current.rationale, state.current.citations) == (
        Label.REFUTED,
        "Misread.",
        (),
    )
    assert state.history[0].before.label == Label.SUPPORTED  # before -> after kept

    state = service.note(run_id, second, "Ana", "Check with the desk.", seen_version=1)
    assert state.status == ReviewStatus.EDITED and [n.note for n in state.notes] == [
        "Check with the desk."
    ]

    state = service.edit(run_id, second, "Ben", 2, cite_evidence=[1])
    assert state.current.citations[0].quote == CORPUS_TEXT
    assert state.current.label == Label.REFUTED  # an edit changes only what it names

    rows = dict((r.assertion.assertion_id, s) for r, s in service.results(run_id))
    assert rows[first].status == ReviewStatus.ACCEPTED and rows[second].version == 3
    with wb.db.transaction() as session:
        events = reviews.events_for(session, run_id)
    assert [(e.reviewer, e.action) for e in events] == [
        ("Ana", ReviewAction.ACCEPT),
        ("Ben", ReviewAction.EDIT),
        ("Ana", ReviewAction.NOTE),
        ("Ben", ReviewAction.EDIT),
    ]


def test_second_reviewer_on_the_same_version_is_told(checked) -> None:  # type: ignore[no-untyped-def]
    wb, run_id, (first, _) = checked
    ana, ben = ReviewService(wb), ReviewService(wb)
    _, seen_by_ben = ben.state(run_id, first)
    ana.reject(run_id, first, "Ana", seen_version=0)
    with pytest.raises(VersionConflict, match="Ana changed this verdict"):
        ben.accept(run_id, first, "Ben", seen_version=seen_by_ben.version)
    assert ana.state(run_id, first)[1].status == ReviewStatus.REJECTED


def test_bad_edits_are_refused(checked) -> None:  # type: ignore[no-untyped-def]
    wb, run_id, (first, _) = checked
    service = ReviewService(wb)
    with pytest.raises(ValueError, match="not one of this verdict"):
        service.edit(run_id, first, "Ana", 0, cite_evidence=[9])
    with pytest.raises(ValueError, match="nothing to edit"):
        service.edit(run_id, first, "Ana", 0)
    with pytest.raises(ValueError, match="reviewer name"):
        service.accept(run_id, first, "  ", 0)
    with pytest.raises(LookupError):
        service.resolve_run("run-nope")


_RACER = """
import sys, time
from pathlib import Path
from workbench.review import ReviewService, VersionConflict
from workbench.services import Workbench
from workbench.settings import Settings
home, run_id, assertion_id, name, start_at = sys.argv[1:6]
wb = Workbench(Settings(home=Path(home)))
ReviewService(wb).state(run_id, assertion_id)  # connect and warm up before the start line
time.sleep(max(0.0, float(start_at) - time.time()))
try:
    ReviewService(wb).accept(run_id, assertion_id, name, seen_version=0)
    print("saved")
except VersionConflict:
    print("conflict")
"""


def test_concurrent_processes_lose_no_update(checked) -> None:  # type: ignore[no-untyped-def]
    """Four reviewer processes save one verdict at the same moment: one wins, three are told."""
    wb, run_id, (first, _) = checked
    start_at = str(time.time() + 6)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, str(wb.settings.home), run_id, first, f"r{i}", start_at],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    outcomes = sorted(p.communicate(timeout=120)[0].strip() for p in procs)
    assert outcomes == ["conflict", "conflict", "conflict", "saved"]
    state = ReviewService(wb).state(run_id, first)[1]
    assert state.version == 1 and len(state.history) == 1


def test_review_cli(checked, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    wb, run_id, (first, second) = checked
    monkeypatch.setenv("WORKBENCH_HOME", str(wb.settings.home))
    runner = CliRunner()
    ok = runner.invoke(app, ["review", "accept", first, "--reviewer", "Cleo"])
    assert ok.exit_code == 0 and "accepted" in ok.output
    edited = runner.invoke(
        app,
        ["review", "edit", second, "-r", "Cleo", "--label", "CONFLICTING", "--rationale", "Mixed."],
    )
    assert edited.exit_code == 0, edited.output
    noted = runner.invoke(
        app, ["review", "note", second, "-r", "Cleo", "--text", "Ask the author."]
    )
    assert noted.exit_code == 0
    listed = runner.invoke(app, ["review", "list", run_id])
    assert listed.exit_code == 0 and "CONFLICTING" in listed.output and "Cleo" in listed.output
    missing = runner.invoke(app, ["review", "accept", "as-nope", "-r", "Cleo"])
    assert missing.exit_code == 2 and "no checked assertion" in missing.output
