"""The user's path through the real embedded llama.cpp server and the real `openai` client:
`workbench corpus add`, then `workbench check --json`, then the stored results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.check.pipeline import stored_citation_problem
from workbench.cli import app
from workbench.llm.model_files import embedded_model_path
from workbench.records import Label
from workbench.services import Workbench
from workbench.settings import Settings
from workbench.store import catalog, checks

# Copied word for word from the corpus's "Brooklyn Bridge" page: a working chain must find
# this very sentence, call the claim supported and cite it, verbatim at its offsets.
COPIED = (
    "Opened on May 24, 1883, the Brooklyn Bridge was the first fixed crossing across the "
    "East River."
)
ARTICLE = f"""Bridges of New York

The Brooklyn Bridge opened to traffic in 1883.
{COPIED}
I think it is surely the most beautiful bridge ever built.
"""


@pytest.mark.llm
# Bounded by work: 40 pages ingested, 2 claims checked (at most 3 calls each, plus retries).
# The timeout only catches a hang.
@pytest.mark.timeout(3600)
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
            stored = {r.assertion.text: r for r in checks.results_of_run(session, report["run_id"])}
            source = next(
                d for d in catalog.list_documents(session, "fm2") if d.title == "Brooklyn Bridge"
            )
        # The claim copied from a source sentence: that sentence is retrieved (at its offsets
        # in the stored page), the claim is SUPPORTED, the sentence is cited, and every
        # citation passes the check against the store. A chain that loses the evidence,
        # mixes up sentence numbers or offsets, or swaps the verdict letters fails here.
        copied = stored[COPIED]
        start = source.text.index(COPIED)
        shown = [(e.doc_id, e.start, e.end, e.text) for e in copied.evidence]
        assert (source.doc_id, start, start + len(COPIED), COPIED) in shown
        assert copied.verdict.label == Label.SUPPORTED, copied.verdict
        assert copied.verdict.citations, copied.verdict
        for citation in copied.verdict.citations:
            assert stored_citation_problem(wb, "fm2", citation) is None
        assert any(
            (c.doc_id, c.start, c.end, c.quote)
            == (source.doc_id, start, start + len(COPIED), COPIED)
            for c in copied.verdict.citations
        ), copied.verdict.citations
        print(
            f"copied claim: {copied.verdict.label.value} {copied.verdict.confidence:.2f}, "
            f"cited {[c.quote[:50] for c in copied.verdict.citations]}"
        )
    finally:
        wb.close()

    again = runner.invoke(app, ["check", str(article), "--corpus", "fm2", "--json"])
    assert json.loads(again.stdout) == report  # resumed from the store: same run, same results
