"""The CLI as a user runs it: real ingest, real search, JSON on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embeddings) -> CliRunner:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    # Share the session's loaded embedder instead of loading the model per command.
    monkeypatch.setattr("workbench.services.make_embeddings", lambda settings: embeddings)
    return CliRunner()


def test_corpus_add_search_show_list_remove(cli: CliRunner, sample_corpus: Path) -> None:
    added = cli.invoke(app, ["corpus", "add", "fm2", str(sample_corpus), "--json"])
    assert added.exit_code == 0, added.output
    report = json.loads(added.stdout)
    assert report["added"] == 40 and report["failed"] == []

    found = cli.invoke(
        app, ["search", "Christ the Redeemer statue in Rio", "--corpus", "fm2", "--json"]
    )
    assert found.exit_code == 0, found.output
    hits = json.loads(found.stdout)
    assert len(hits) == 5
    assert set(hits[0]) == {"passage_id", "doc_id", "title", "text", "start", "end", "score"}
    assert hits[0]["title"] == "Christ the Redeemer (statue)"

    listed = json.loads(cli.invoke(app, ["corpus", "list", "--json"]).stdout)
    assert [(c["name"], c["documents"]) for c in listed] == [("fm2", 40)]
    shown = json.loads(cli.invoke(app, ["corpus", "show", "fm2", "--json"]).stdout)
    assert len(shown["documents"]) == 40 and "text" not in shown["documents"][0]
    assert shown["documents"][0]["source"].endswith(f"#{shown['documents'][0]['external_id']}")

    assert cli.invoke(app, ["corpus", "remove", "fm2"]).exit_code == 0
    assert json.loads(cli.invoke(app, ["corpus", "list", "--json"]).stdout) == []


def test_failed_files_give_exit_code_1_and_are_named(cli: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Puyi was the last emperor of China.")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    result = cli.invoke(app, ["corpus", "add", "c", str(good), str(bad)])
    assert result.exit_code == 1
    assert "bad.pdf" in result.output and "broken PDF" in result.output
    assert "1 added" in result.output


def test_unknown_corpus_is_a_clear_error(cli: CliRunner) -> None:
    result = cli.invoke(app, ["search", "anything", "--corpus", "nope"])
    assert result.exit_code == 2
    assert "no corpus named 'nope'" in result.output
