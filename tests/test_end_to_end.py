"""The user's path through the real embedded llama.cpp server and the real `openai` client:
`workbench corpus add`, then `workbench check --json`, then the stored results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.llm.model_files import embedded_model_path
from workbench.records import Label
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import catalog

ARTICLE = """Bridges of New York

The Brooklyn Bridge opened to traffic in 1883.
I think it is surely the most beautiful bridge ever built.
"""


@pytest.mark.llm
def test_check_an_article_on_the_embedded_model(
    tmp_path: Path,
    sample_corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    model = embedded_model_path(request.config.cache.mkdir("embedded-model"))
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path))
    monkeypatch.setenv("WORKBENCH_LOCAL_MODEL_PATH", str(model))
    for var in ("WORKBENCH_LLM_BASE_URL", "WORKBENCH_CHROMA_URL"):
        monkeypatch.delenv(var, raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["corpus", "add", "fm2", str(sample_corpus)]).exit_code == 0
    article = tmp_path / "article.md"
    article.write_text(ARTICLE)

    result = runner.invoke(app, ["check", str(article), "--corpus", "fm2", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["run_id"].startswith("run-") and report["article_id"].startswith("art-")
    by_text = {a["text"]: a for a in report["assertions"]}
    fact = by_text["The Brooklyn Bridge opened to traffic in 1883."]
    opinion = by_text["I think it is surely the most beautiful bridge ever built."]
    assert opinion["kind"] == "opinion" and opinion["verdict"] is None
    assert 1 <= len(fact["questions"]) <= 3
    verdict = fact["verdict"]
    assert verdict["label"] in {label.value for label in Label}
    assert 0.0 <= verdict["confidence"] <= 1.0 and verdict["rationale"]

    wb = Workbench(Settings())
    try:
        with wb.db.transaction() as session:
            for citation in verdict["citations"]:  # verbatim in the stored document, never trusted
                document = catalog.get_document(session, "fm2", citation["doc_id"])
                assert document.text[citation["start"] : citation["end"]] == citation["quote"]
    finally:
        wb.close()

    again = runner.invoke(app, ["check", str(article), "--corpus", "fm2", "--json"])
    assert json.loads(again.stdout) == report  # resumed from the store: same run, same results
