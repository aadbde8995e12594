"""Review on a real database: events appended, state derived, no update silently lost."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fakes import fake_llm, letter_reply, text_reply
from sqlalchemy.exc import IntegrityError
from typer.testing import CliRunner

from workbench.check.pipeline import Checker, article_from_text
from workbench.cli import app
from workbench.corpus.ingest import ingest
from workbench.records import Label, ReviewAction, ReviewEvent, ReviewStatus
from workbench.review import ReviewService, VersionConflict
from workbench.services import Workbench
from workbench.store import reviews

pytestmark = pytest.mark.usefixtures("each_database")  # SQLite and PostgreSQL
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
    with pytest.raises(
        VersionConflict, match=r"Ana changed this verdict after you saw version 0 \(rejected it at"
    ) as told:
        ben.accept(run_id, first, "Ben", seen_version=seen_by_ben.version)
    assert (told.value.current_version, told.value.winner.reviewer) == (1, "Ana")
    assert told.value.__cause__ is None  # refused by the early check, nothing was inserted
    assert ana.state(run_id, first)[1].status == ReviewStatus.REJECTED
    with pytest.raises(ValueError, match="no version 5"):
        ben.accept(run_id, first, "Ben", seen_version=5)


def test_conflict_names_everyone_who_saved_since(checked) -> None:  # type: ignore[no-untyped-def]
    wb, run_id, (first, _) = checked
    service = ReviewService(wb)
    service.accept(run_id, first, "Ana", seen_version=0)
    service.edit(run_id, first, "Ben", 1, label=Label.REFUTED)
    with pytest.raises(VersionConflict) as told:
        service.note(run_id, first, "Cleo", "Stale.", seen_version=0)
    message = str(told.value)
    assert message.startswith("Ana, Ben changed this verdict after you saw version 0 (Ana accepted")
    assert ", then Ben edited it at " in message and message.endswith("it is now version 2")


def test_a_taken_version_is_refused_by_the_database_key(checked) -> None:  # type: ignore[no-untyped-def]
    """A save that got past the early check still cannot land on a taken version."""
    wb, run_id, (first, _) = checked
    service = ReviewService(wb)
    _, seen = service.state(run_id, first)
    service.reject(run_id, first, "Ana", seen_version=0)
    late = ReviewEvent(
        run_id=run_id,
        assertion_id=first,
        version=seen.version + 1,  # built on version 0, as Ana's was
        reviewer="Ben",
        at=datetime.now(UTC),
        action=ReviewAction.ACCEPT,
        status_before=ReviewStatus.PENDING,
        status_after=ReviewStatus.ACCEPTED,
        before=seen.current,
        after=seen.current,
    )
    with pytest.raises(VersionConflict, match="Ana changed this verdict") as told:
        reviews.append_event(wb.db, late)
    assert isinstance(told.value.__cause__, IntegrityError)
    assert told.value.winner is not None and told.value.winner.reviewer == "Ana"
    assert [e.reviewer for e in service.state(run_id, first)[1].history] == ["Ana"]


def test_bad_edits_are_refused(checked) -> None:  # type: ignore[no-untyped-def]
    wb, run_id, (first, _) = checked
    service = ReviewService(wb)
    with pytest.raises(ValueError, match="not one of this verdict"):
        service.edit(run_id, first, "Ana", 0, cite_evidence=[9])
    with pytest.raises(ValueError, match="nothing to edit"):
        service.edit(run_id, first, "Ana", 0)
    with pytest.raises(ValueError, match="reviewer name"):
        service.accept(run_id, first, "  ", 0)
    with pytest.raises(ValueError, match="at most 200 characters"):  # PostgreSQL's column
        service.accept(run_id, first, "A" * 201, 0)
    with pytest.raises(LookupError):
        service.resolve_run("run-nope")


_RACER = """
import json, sys, time
from pathlib import Path
from workbench.review import ReviewService, VersionConflict
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import reviews

home, run_id, assertion_id, name, gate, racers, meet = sys.argv[1:8]


def rendezvous(mark: str) -> None:
    # Wait until every racer has got this far, seen through files in `gate`, not the clock.
    Path(gate, name).write_text(mark)
    give_up = time.monotonic() + 300  # only so a lost racer fails the test instead of hanging
    while len(list(Path(gate).iterdir())) < int(racers):
        if time.monotonic() > give_up:
            sys.exit(f"{name}: the other racers never reached the rendezvous")
        time.sleep(0.01)


wb = Workbench(Settings(home=Path(home)))
service = ReviewService(wb)
if meet == "insert":
    # Meet after the early version check and just before the insert: every racer has
    # read version 0 and passed the check, so only the database key can stop the others.
    insert = reviews.append_event

    def insert_when_all_have_checked(db, event, **kwargs):
        rendezvous(str(event.version))
        insert(db, event, **kwargs)

    reviews.append_event = insert_when_all_have_checked
else:
    service.state(run_id, assertion_id)  # connect and warm up, then meet before saving
    rendezvous("ready")
try:
    service.accept(run_id, assertion_id, name, seen_version=0)
    outcome = {"name": name, "saved": True}
except VersionConflict as exc:
    outcome = {
        "name": name,
        "saved": False,
        "winner": exc.winner.reviewer if exc.winner else None,
        "by_key": type(exc.__cause__).__name__ == "IntegrityError",
        "message": str(exc),
    }
print(json.dumps(outcome))
"""


def _race(
    wb: Workbench, run_id: str, assertion_id: str, racers: int, meet: str, gate: Path
) -> list[dict[str, Any]]:
    """Start `racers` reviewer processes that all accept version 0 of one verdict."""
    gate.mkdir()
    args = [str(wb.settings.home), run_id, assertion_id]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, *args, f"r{i}", str(gate), str(racers), meet],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(racers)
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0] * racers, [err for _, err in outputs]
    return [json.loads(out) for out, _ in outputs]


def test_two_processes_past_the_check_are_stopped_by_the_key(checked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Both reviewers pass the early check on version 0; the unique key refuses the second."""
    wb, run_id, (first, _) = checked
    gate = tmp_path / "gate"
    outcomes = _race(wb, run_id, first, 2, "insert", gate)
    # Both racers reached the insert, each about to write version 1.
    assert sorted(f.read_text() for f in gate.iterdir()) == ["1", "1"]
    [winner] = [o["name"] for o in outcomes if o["saved"]]
    [loser] = [o for o in outcomes if not o["saved"]]
    assert loser["by_key"] and loser["winner"] == winner
    assert loser["message"].startswith(f"{winner} changed this verdict after you saw version 0")
    state = ReviewService(wb).state(run_id, first)[1]
    assert [e.reviewer for e in state.history] == [winner]


def test_concurrent_processes_lose_no_update(checked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Four reviewer processes save one verdict together: one wins, three are told who."""
    wb, run_id, (first, _) = checked
    outcomes = _race(wb, run_id, first, 4, "save", tmp_path / "gate")
    [winner] = [o["name"] for o in outcomes if o["saved"]]
    assert [o["winner"] for o in outcomes if not o["saved"]] == [winner] * 3
    state = ReviewService(wb).state(run_id, first)[1]
    assert state.version == 1 and [e.reviewer for e in state.history] == [winner]


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


def _flat(text: str) -> str:
    return " ".join(text.split())  # the console wraps long lines


_ACTION_ARGS = {
    "accept": [],
    "reject": [],
    "edit": ["--label", "REFUTED"],
    "note": ["--text", "Seen too late."],
}


@pytest.mark.parametrize("action", list(_ACTION_ARGS))
def test_cli_stale_save_exits_3_and_names_who_changed_it(checked, monkeypatch, action) -> None:  # type: ignore[no-untyped-def]
    wb, run_id, (first, _) = checked
    monkeypatch.setenv("WORKBENCH_HOME", str(wb.settings.home))
    runner = CliRunner()
    saved = runner.invoke(app, ["review", "accept", first, "-r", "alice", "--seen-version", "0"])
    assert saved.exit_code == 0, saved.output
    stale = runner.invoke(
        app,
        [
            "review",
            action,
            first,
            "--reviewer",
            "bob",
            "--seen-version",
            "0",
            *_ACTION_ARGS[action],
        ],
    )
    assert stale.exit_code == 3, stale.output
    told = _flat(stale.output)
    assert "alice changed this verdict after you saw version 0 (accepted it at" in told
    assert f"it is now version 1; reload with `workbench review list {run_id} --json`" in told
    state = ReviewService(wb).state(run_id, first)[1]
    assert [e.reviewer for e in state.history] == ["alice"]


def test_cli_conflict_from_the_database_key_exits_3_and_names_the_winner(
    checked, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """alice saves between bob's check and bob's insert: the key refuses bob, by name."""
    wb, run_id, (first, _) = checked
    monkeypatch.setenv("WORKBENCH_HOME", str(wb.settings.home))
    insert = reviews.append_event

    def alice_gets_in_first(db, event: ReviewEvent, **kwargs) -> None:  # type: ignore[no-untyped-def]
        alice = {
            "reviewer": "alice",
            "action": ReviewAction.REJECT,
            "status_after": ReviewStatus.REJECTED,
        }
        insert(db, event.model_copy(update=alice), **kwargs)  # (its archive sync: derived)
        insert(db, event, **kwargs)

    monkeypatch.setattr(reviews, "append_event", alice_gets_in_first)
    stale = CliRunner().invoke(app, ["review", "accept", first, "-r", "bob", "--seen-version", "0"])
    assert stale.exit_code == 3, stale.output
    assert "alice changed this verdict after you saw version 0 (rejected it at" in _flat(
        stale.output
    )
    state = ReviewService(wb).state(run_id, first)[1]
    assert [(e.reviewer, e.action) for e in state.history] == [("alice", ReviewAction.REJECT)]


def test_cli_list_json_shows_versions_and_notes(checked, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    wb, run_id, (first, second) = checked
    monkeypatch.setenv("WORKBENCH_HOME", str(wb.settings.home))
    runner = CliRunner()

    def listed() -> dict[str, dict[str, Any]]:
        result = runner.invoke(app, ["review", "list", run_id, "--json"])
        assert result.exit_code == 0, result.output
        return {a["assertion_id"]: a for a in json.loads(result.stdout)["assertions"]}

    before = listed()
    assert (before[first]["version"], before[first]["notes"]) == (0, [])
    seen = str(before[first]["version"])
    noted = runner.invoke(
        app,
        ["review", "note", first, "-r", "alice", "--seen-version", seen, "--text", "<b>Ask</b>"],
    )
    assert noted.exit_code == 0, noted.output
    after = listed()
    [note] = after[first]["notes"]
    assert (note["reviewer"], note["text"]) == ("alice", "<b>Ask</b>")
    assert datetime.fromisoformat(note["at"]) == ReviewService(wb).state(run_id, first)[1].last_at
    assert after[first]["version"] == 1 and after[second]["version"] == 0

    accepted = runner.invoke(
        app,
        ["review", "accept", first, "-r", "bob", "--seen-version", str(after[first]["version"])],
    )
    assert accepted.exit_code == 0 and "version 2" in accepted.output
    future = runner.invoke(app, ["review", "reject", second, "-r", "bob", "--seen-version", "5"])
    assert future.exit_code == 2 and "no version 5" in future.output


def test_a_second_accept_saves_nothing_and_a_reject_keeps_its_reason(checked) -> None:  # type: ignore[no-untyped-def]
    wb, run_id, (first, second) = checked
    service = ReviewService(wb)
    service.accept(run_id, first, "Ana", seen_version=0)
    with pytest.raises(
        ValueError, match=re.escape("already accepted by Ana (version 1): nothing to save")
    ):
        service.accept(run_id, first, "Ben", seen_version=1)
    state = service.reject(run_id, second, "Ben", 0, reason="  The source is about Tahiti.  ")
    assert state.history[-1].note == "The source is about Tahiti."
    with pytest.raises(ValueError, match="already rejected"):
        service.reject(run_id, second, "Ben", 1)
    assert service.state(run_id, first)[1].version == 1  # no empty version was added


def test_not_enough_evidence_drops_the_machines_citations(checked) -> None:  # type: ignore[no-untyped-def]
    wb, run_id, (first, second) = checked
    service = ReviewService(wb)
    assert service.state(run_id, first)[1].current.citations  # the machine cited S1
    state = service.edit(run_id, first, "Ana", 0, label=Label.NOT_ENOUGH_EVIDENCE)
    assert state.current.citations == ()
    kept = service.edit(
        run_id, second, "Ana", 0, label=Label.NOT_ENOUGH_EVIDENCE, cite_evidence=[1]
    )
    assert len(kept.current.citations) == 1  # unless the reviewer names what to cite
