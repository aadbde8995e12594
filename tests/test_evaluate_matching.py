"""`workbench eval` on a claim-matching folder: a tiny hand-written one (not benchmark data)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.evaluate_matching import (
    is_matching_dataset,
    read_factchecks,
    run_matching_eval,
    scratch_home,
)

FACTCHECKS = [
    ("vc-bleach", "Drinking bleach cures the coronavirus.", "Does Bleach Cure COVID-19?"),
    ("vc-bridge", "The Brooklyn Bridge opened to traffic in 1883.", "When Did the Bridge Open?"),
    ("vc-shark", "A shark swam on a flooded Houston highway.", "Shark on the Freeway"),
    ("vc-moai", "The Moai of Easter Island were carved by the Rapa Nui.", "Who Carved the Moai?"),
    ("vc-vote", "Non-citizens voted by the millions in the 2016 election.", "Illegal Votes?"),
    ("vc-moon", "The Moon landing in 1969 was staged in a studio.", "Moon Landing Hoax"),
    ("vc-wall", "The Great Wall of China is visible from space.", "Seen From Space?"),
    ("vc-5g", "5G masts spread the coronavirus.", "Do 5G Towers Spread COVID?"),
]
QUERIES = [
    (
        "q-1",
        "Doctors confirm: drinking bleach will cure coronavirus!!! https://t.co/abc123 — "
        "Health Truth (@healthtruth) March 3, 2020",
        ["vc-bleach"],
    ),
    (
        "q-2",
        "Unbelievable: a shark swimming down the highway in Houston #HurricaneHarvey",
        ["vc-shark"],
    ),
    (
        "q-3",
        "Millions of illegal aliens voted in the 2016 election, says the president",
        ["vc-vote"],
    ),
    ("q-4", "Burn down the 5G towers, they are what spreads the coronavirus", ["vc-5g"]),
]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny-matching"
    folder.mkdir()
    (folder / "factchecks.jsonl").write_text(
        "".join(
            json.dumps({"factcheck_id": i, "claim": c, "title": t}) + "\n" for i, c, t in FACTCHECKS
        )
    )
    (folder / "queries.jsonl").write_text(
        "".join(json.dumps({"query_id": i, "text": t, "relevant": r}) + "\n" for i, t, r in QUERIES)
    )
    return folder


def test_every_query_is_ranked_and_a_second_run_reuses_the_import(tmp_path: Path) -> None:
    folder, home = _folder(tmp_path), tmp_path / "home"
    assert is_matching_dataset(folder) and not is_matching_dataset(tmp_path)
    first = run_matching_eval(home, folder)
    assert first["dataset"] == "tiny-matching" and first["n"] == len(QUERIES)
    assert first["imported_now"] and first["factchecks"] == len(FACTCHECKS)
    assert first["recall_at_1"] == 1.0  # four plain paraphrases: each found first
    assert first["map_at_5"] == first["mrr"] == first["recall_at_5"] == 1.0
    assert 0 < first["seconds_per_query"] < 5 and first["import_seconds"] > 0

    vectors = scratch_home(home, folder) / "vectorstore" / "factchecks"
    written = {p: p.stat().st_mtime_ns for p in vectors.rglob("*") if p.is_file()}
    second = run_matching_eval(home, folder)
    assert not second["imported_now"]  # not imported, not embedded again
    assert {p: p.stat().st_mtime_ns for p in vectors.rglob("*") if p.is_file()} == written
    assert second["import_seconds"] == first["import_seconds"]  # the run that did it
    keep = ("map_at_5", "mrr", "recall_at_1", "recall_at_5")
    assert {k: second[k] for k in keep} == {k: first[k] for k in keep}
    assert run_matching_eval(home, folder, limit=2, seed=1)["n"] == 2
    assert not (home / "workbench.db").exists()  # the user's own archive is not touched


def test_the_folder_keeps_its_ids_and_bad_lines_are_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    entries = read_factchecks(folder)
    assert [e.id for e in entries] == [i for i, _, _ in FACTCHECKS]
    assert entries[0].title == "Does Bleach Cure COVID-19?" and entries[0].label is None
    with (folder / "factchecks.jsonl").open("a") as out:
        out.write('{"claim": "no id"}\n')
    with pytest.raises(ValueError, match="line 9: not a fact-check"):
        read_factchecks(folder)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embeddings) -> CliRunner:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    monkeypatch.setattr("workbench.services.make_embeddings", lambda settings: embeddings)
    return CliRunner()


def test_eval_command_prints_the_figures_and_says_when_they_are_in_sample(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path)
    result = cli.invoke(app, ["eval", str(folder), "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    for key in ("dataset", "n", "map_at_5", "mrr", "recall_at_1", "recall_at_5"):
        assert key in figures
    assert figures["n"] == 3 and "seconds_per_query" in figures and "import_seconds" in figures
    assert "in-sample" not in result.stderr

    from workbench.matching import reranker

    digest = hashlib.sha256((folder / "queries.jsonl").read_bytes()).hexdigest()
    shipped = reranker.default_reranker()
    monkeypatch.setattr(reranker, "default_reranker", lambda: replace(shipped, fitted_on=digest))
    again = cli.invoke(app, ["eval", str(folder), "--json"])
    assert again.exit_code == 0, again.output
    assert "were fitted on these queries" in again.stderr and "in-sample" in again.stderr
    assert json.loads(again.stdout)["n"] == len(QUERIES)
