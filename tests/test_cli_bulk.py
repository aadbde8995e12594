"""`workbench review bulk-accept`: lists, asks, accepts each at the version listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import check_mixed_article
from typer.testing import CliRunner

from workbench.cli import app
from workbench.records import ReviewAction, ReviewStatus
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings


@pytest.fixture
def run_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embeddings) -> str:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.setattr("workbench.services.make_embeddings", lambda settings: embeddings)
    wb = Workbench(Settings(home=tmp_path))
    outcome = check_mixed_article(wb, tmp_path)
    wb.close()
    return outcome.run.run_id


def _states(home: Path, run_id: str) -> dict[str, tuple[ReviewStatus, list]]:
    wb = Workbench(Settings(home=home))
    rows = ReviewService(wb).results(run_id)
    wb.close()
    return {
        r.assertion.text: (s.status, [(e.reviewer, e.action) for e in s.history])
        for r, s in rows
        if r.verdict
    }


BULK = ["review", "bulk-accept", "--label", "NOT_ENOUGH_EVIDENCE", "--rule-only"]


def test_bulk_accept_lists_then_asks(run_id: str, tmp_path: Path) -> None:
    cli = CliRunner()
    refused = cli.invoke(app, [*BULK, run_id, "--reviewer", "Ana"], input="n\n")
    assert refused.exit_code == 0, refused.output
    assert "3 pending NOT_ENOUGH_EVIDENCE verdicts decided by a rule" in refused.output
    assert "Berlin had 3.7 million residents in 2020." in refused.output
    assert "accepted 0, skipped 0" in refused.output
    assert all(status == ReviewStatus.PENDING for status, _ in _states(tmp_path, run_id).values())

    done = cli.invoke(app, [*BULK, run_id, "--reviewer", "Ana"], input="y\n")
    assert done.exit_code == 0, done.output
    assert "accepted 3, skipped 0" in done.output
    states = _states(tmp_path, run_id)
    assert states["Lagos hosted the 1973 All-Africa Games."] == (
        ReviewStatus.ACCEPTED,
        [("Ana", ReviewAction.ACCEPT)],
    )
    assert states["The Moai stand on Easter Island."] == (ReviewStatus.PENDING, [])

    again = cli.invoke(app, [*BULK, run_id, "--reviewer", "Ana", "--yes", "--json"])
    assert "0 pending NOT_ENOUGH_EVIDENCE verdicts decided by a rule" in again.stderr
    assert json.loads(again.stdout) == {"accepted": [], "skipped": []}


def test_bulk_accept_needs_a_name(run_id: str) -> None:
    result = CliRunner().invoke(app, [*BULK, run_id, "--yes"])
    assert result.exit_code == 2
    assert "reviewer name" in result.output
