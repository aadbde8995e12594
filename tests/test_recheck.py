"""Recheck: only verdicts whose cited documents moved are re-run; history and archive follow."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

from fakes import MOAI, check_landmarks, fake_llm, supported_replies
from typer.testing import CliRunner

from workbench.cli import app
from workbench.corpus.ingest import ingest
from workbench.factchecks.archive import list_factchecks, stale_reasons
from workbench.recheck import recheck
from workbench.records import Label, ReviewAction, ReviewStatus
from workbench.review import RECHECKER, ReviewService
from workbench.services import Workbench


def test_a_replaced_source_marks_its_verdict_stale_and_recheck_reruns_only_it(
    workbench: Workbench, tmp_path: Path
) -> None:
    run_id, moai, eiffel = check_landmarks(workbench, tmp_path)
    service = ReviewService(workbench)
    service.accept(run_id, moai, "Ana", seen_version=0)
    service.accept(run_id, eiffel, "Ana", seen_version=0)
    assert all(not s.stale for _, s in service.results(run_id))
    (entry,) = [fc for fc in list_factchecks(workbench) if "Moai" in fc.claim]
    assert stale_reasons(workbench, [entry]) == {}

    (tmp_path / "moai.txt").write_text(MOAI.replace("human figures", "statues of ancestors"))
    assert ingest(workbench, "c", [tmp_path / "moai.txt"]).replaced == 1

    states = {r.assertion.assertion_id: s for r, s in service.results(run_id)}
    assert states[moai].stale and "was replaced with new text" in states[moai].stale[0]
    assert states[eiffel].stale == ()
    assert "replaced" in stale_reasons(workbench, [entry])[entry.id][0]  # the archive says so

    workbench.llm, fake = fake_llm(
        supported_replies("Who carved the Moai?"), workbench.db, "recheck"
    )
    report = recheck(workbench, run_id)
    assert [r.assertion_id for r in report.rechecked] == [moai] and report.current == 1
    assert len(fake.calls) == 3  # one claim's chain, the Eiffel verdict left alone

    result, state = service.state(run_id, moai)
    assert (state.status, state.stale, state.version) == (ReviewStatus.PENDING, (), 2)
    assert [(e.reviewer, e.action) for e in state.history] == [
        ("Ana", ReviewAction.ACCEPT),
        (RECHECKER, ReviewAction.RECHECK),
    ]
    assert "was replaced" in (state.history[-1].note or "")
    assert "statues of ancestors" in result.verdict.citations[0].quote  # the new text
    assert state.history[-1].before.citations[0].quote == MOAI  # the old verdict kept
    # Back to pending, so out of the archive until someone reviews it again.
    assert [fc.claim for fc in list_factchecks(workbench)] == [
        next(
            r.assertion.text
            for r, _ in service.results(run_id)
            if r.assertion.assertion_id == eiffel
        )
    ]
    assert service.state(run_id, eiffel)[1].status == ReviewStatus.ACCEPTED


def test_review_list_report_and_recheck_command_on_a_stale_verdict(
    workbench: Workbench, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    run_id, moai, _ = check_landmarks(workbench, tmp_path)
    ReviewService(workbench).edit(run_id, moai, "Ben", 0, label=Label.REFUTED, rationale="No.")
    (tmp_path / "moai.txt").unlink()
    (tmp_path / "moai.txt").write_text(MOAI.replace("Easter Island", "Rapa Nui"))
    ingest(workbench, "c", [tmp_path / "moai.txt"])
    monkeypatch.setenv("WORKBENCH_HOME", str(workbench.settings.home))
    runner = CliRunner()

    listed = runner.invoke(app, ["review", "list", run_id, "--json"])
    assert listed.exit_code == 0, listed.output
    stale = {a["assertion_id"]: a["stale"] for a in json.loads(listed.stdout)["assertions"]}
    assert len(stale[moai]) == 1 and all(not v for k, v in stale.items() if k != moai)

    report = runner.invoke(app, ["export", run_id, "--format", "md", "-o", str(tmp_path / "r.md")])
    assert report.exit_code == 0, report.output
    markdown = (tmp_path / "r.md").read_text()
    assert "STALE: 1 verdict cites source documents replaced" in markdown
    assert "**Stale: cited document" in markdown

    @contextmanager
    def scripted():  # type: ignore[no-untyped-def]
        workbench.llm, _ = fake_llm(
            supported_replies("Who carved the Moai?"), workbench.db, "again"
        )
        yield workbench

    monkeypatch.setattr("workbench.cli.recheck.open_workbench", scripted)
    rechecked = runner.invoke(app, ["recheck", run_id, "--json"])
    assert rechecked.exit_code == 0, rechecked.output
    shown = json.loads(rechecked.stdout)
    assert [r["assertion_id"] for r in shown["rechecked"]] == [moai]
    assert shown["rechecked"][0]["before"] == "REFUTED"  # the reviewer's label it replaced
    assert shown["rechecked"][0]["after"] == "SUPPORTED" and shown["current"] == 1
    again = runner.invoke(app, ["recheck", run_id, "--json"])  # nothing stale any more
    assert json.loads(again.stdout)["rechecked"] == []
