"""`workbench factchecks ...` as a user runs it, on a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.records import FactCheck, Label, ReviewedOrigin, reviewed_factcheck_id
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import factchecks as store

LINES = [
    {"claim": "5G spreads viruses.", "rating": "False", "url": "https://fc.example/5g"},
    {"claim": "Bananas are berries.", "rating": "True", "date": "2021-01-02"},
    {"claim": "The tax cut paid for itself.", "rating": "Mostly false", "publisher": "Desk"},
]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    return CliRunner()


def _flat(text: str) -> str:
    return " ".join(text.split())  # the console wraps long lines


def _jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


def _listed(cli: CliRunner) -> list[dict]:
    result = cli.invoke(app, ["factchecks", "list", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_exits_1_on_bad_records_and_keeps_the_good(cli: CliRunner, tmp_path: Path) -> None:
    good = _jsonl(tmp_path / "good.jsonl", LINES)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(LINES[0]) + "\n" + '{"claim": "No rating."}\n')
    junk = tmp_path / "notes.json"
    junk.write_text("these are notes, not JSON")

    result = cli.invoke(app, ["factchecks", "import", str(good), str(bad), str(junk)])
    assert result.exit_code == 1
    told = _flat(result.output)
    assert "3 files: 3 added, 0 updated, 1 unchanged, 2 failed" in told
    assert f"failed {bad} line 2: rating is missing or empty" in told
    assert f"failed {junk}: no JSON object in it" in told
    assert sorted(fc["claim"] for fc in _listed(cli)) == sorted(line["claim"] for line in LINES)

    again = cli.invoke(app, ["factchecks", "import", str(good), "--json"])
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    assert (report["added"], report["unchanged"], report["failed"]) == (0, 3, [])


def test_list_search_show_remove(cli: CliRunner, tmp_path: Path) -> None:
    empty = cli.invoke(app, ["factchecks", "list"])
    assert empty.exit_code == 0 and "the archive is empty" in empty.output
    path = _jsonl(tmp_path / "desk.jsonl", LINES)
    assert cli.invoke(app, ["factchecks", "import", str(path)]).exit_code == 0

    table = cli.invoke(app, ["factchecks", "list", "--limit", "2"])
    assert table.exit_code == 0 and "2 of 3 fact-checks" in table.output

    found = cli.invoke(app, ["factchecks", "search", "banana", "--json"])
    assert found.exit_code == 0, found.output
    [banana] = json.loads(found.stdout)
    assert (banana["claim"], banana["label"], banana["date"]) == (
        "Bananas are berries.",
        "SUPPORTED",
        "2021-01-02",
    )
    assert "nothing found" in cli.invoke(app, ["factchecks", "search", "zebra"]).output

    shown = cli.invoke(app, ["factchecks", "show", banana["id"]])
    assert shown.exit_code == 0
    assert f"origin: imported from {path} line 2" in _flat(shown.output)
    as_json = json.loads(cli.invoke(app, ["factchecks", "show", banana["id"], "--json"]).stdout)
    assert as_json == banana

    removed = cli.invoke(app, ["factchecks", "remove", banana["id"]])
    assert removed.exit_code == 0 and f"removed {banana['id']}" in removed.output
    assert "Bananas are berries." not in [fc["claim"] for fc in _listed(cli)]


@pytest.mark.parametrize("command", ["show", "remove"])
def test_an_unknown_id_exits_2(cli: CliRunner, command: str) -> None:
    result = cli.invoke(app, ["factchecks", command, "fc-nope"])
    assert result.exit_code == 2
    assert "no fact-check 'fc-nope': `workbench factchecks list` shows the ids" in _flat(
        result.output
    )


def test_a_reviewed_entry_is_not_removed_by_hand_and_sync_recomputes_it(
    cli: CliRunner, tmp_path: Path
) -> None:
    wb = Workbench(Settings(home=tmp_path / "home"))
    entry = FactCheck(
        id=reviewed_factcheck_id("run-1", "as-1"),
        claim="The Moai were carved by the Rapa Nui.",
        label=Label.SUPPORTED,
        rating="True",
        origin=ReviewedOrigin(run_id="run-1", assertion_id="as-1"),
    )
    with wb.db.transaction() as session:
        store.put(session, entry)
    wb.close()

    refused = cli.invoke(app, ["factchecks", "remove", entry.id])
    assert refused.exit_code == 2
    assert "`workbench review reject as-1 --run run-1 --reviewer NAME`" in _flat(refused.output)
    assert [fc["id"] for fc in _listed(cli)] == [entry.id]

    # No review event stands behind it (written by hand above): sync takes it out.
    synced = cli.invoke(app, ["factchecks", "sync"])
    assert synced.exit_code == 0 and "0 reviewed verdicts in the archive" in synced.output
    assert _listed(cli) == []
