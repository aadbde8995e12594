"""`workbench eval` on a check-worthiness folder the test writes itself: the official scorer's
AP, RR and P@10, hand-computed, each document ranked on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.evaluate_checkworthy import load_documents, run_checkworthy_eval, summarise

KEYS = {
    "dataset",
    "n_documents",
    "map",
    "map_speeches",
    "map_debates",
    "rr",
    "p_at_10",
    "per_document",
}
# (source, doc_type, text, label, score the stub ranker gives)
SENTENCES = [
    ("speech-a", "speech", "We cut taxes by 40 percent.", 0, 0.9),
    ("speech-a", "speech", "Crime fell 12 percent last year.", 1, 0.8),
    ("speech-a", "speech", "Thank you, thank you.", 0, 0.7),
    ("speech-a", "speech", "Exports doubled since 2010.", 1, 0.1),
    ("speech-a", "speech", "God bless America.", 0, 0.5),
    ("debate-b", "debate", "She voted for the war in 2002.", 1, 0.2),
    ("debate-b", "debate", "Good evening, everyone.", 0, 0.2),  # a tie: line order decides
    ("debate-b", "debate", "Let me answer that.", 0, 0.3),
]
# speech-a ranked: 0 1 0 0 1 -> AP (1/2 + 2/5) / 2 = 0.45, RR 1/2, P@10 2/10.
# debate-b ranked: 0 1 0 (the tie keeps line order) -> AP 1/2, RR 1/2, P@10 1/10.
EXPECTED = {
    "n_documents": 2,
    "map": 0.475,
    "map_speeches": 0.45,
    "map_debates": 0.5,
    "rr": 0.5,
    "p_at_10": 0.15,
    "per_document": {"debate-b": 0.5, "speech-a": 0.45},
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "tiny-checkworthy"
    folder.mkdir()
    lines = [
        json.dumps({"id": f"{s}-{i}", "text": t, "label": y, "source": s, "line": i, "doc_type": d})
        for i, (s, d, t, y, _) in enumerate(SENTENCES, 1)
    ]
    (folder / "sentences.jsonl").write_text("\n".join(reversed(lines)) + "\n")  # any file order
    return folder


class StubRanker:
    fitted_on = ("speech-a",)

    def score(self, texts, kinds=None, embedder=None):  # type: ignore[no-untyped-def]
        by_text = {t: score for _, _, t, _, score in SENTENCES}
        return [by_text[t] for t in texts]


def test_summary_is_the_official_scorers_by_hand(folder: Path) -> None:
    documents = load_documents(folder)
    assert [s.line for s in documents["speech-a"]] == [1, 2, 3, 4, 5]  # back in line order
    scores = {
        source: [next(x[4] for x in SENTENCES if x[2] == s.text) for s in sentences]
        for source, sentences in documents.items()
    }
    summary = summarise("tiny", documents, scores)
    assert set(summary) == KEYS
    assert summary == {"dataset": "tiny", **EXPECTED}


def test_eval_cli_prints_the_figures_as_json(
    folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    monkeypatch.setattr("workbench.evaluate_checkworthy.default_ranker", StubRanker)
    result = CliRunner().invoke(app, ["eval", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures == {"dataset": "tiny-checkworthy", **EXPECTED}
    note = " ".join(result.stderr.split())
    assert "fitted on 1 of these 2 documents" in note  # an in-sample figure is named

    table = CliRunner().invoke(app, ["eval", str(folder)])
    assert table.exit_code == 0 and "0.475" in table.output


def test_a_folder_with_neither_dataset_file_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path)])
    message = " ".join(result.output.split())
    assert result.exit_code == 2
    assert "neither claims.jsonl" in message and "nor sentences.jsonl" in message


def test_a_broken_sentence_line_is_named(folder: Path) -> None:
    with (folder / "sentences.jsonl").open("a") as lines:
        lines.write('{"text": "no label or source"}\n')
    result = CliRunner().invoke(app, ["eval", str(folder), "--json"])
    assert result.exit_code == 2 and "line 9" in " ".join(result.output.split())


def test_the_shipped_ranker_evaluates_end_to_end(folder: Path, embeddings) -> None:  # type: ignore[no-untyped-def]
    summary = run_checkworthy_eval(folder, embeddings)
    assert set(summary) == KEYS and summary["n_documents"] == 2
    assert all(0.0 <= ap <= 1.0 for ap in summary["per_document"].values())
    assert 0.0 < summary["map"] <= 1.0
