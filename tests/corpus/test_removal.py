"""Removing a document or a corpus: the verdicts it makes stale are counted on the stored
runs before anything goes, the removal makes exactly those stale, and the CLI says so first."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from fakes import check_landmarks, fake_llm, supported_replies
from typer.testing import CliRunner

from workbench.check.pipeline import Checker, article_from_text
from workbench.cli import app
from workbench.corpus.manage import list_corpora
from workbench.corpus.removal import removal_effect, remove_document
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.store import catalog

cli_app = importlib.import_module("workbench.cli.app")  # the module, not the Typer app


@pytest.fixture
def two_runs(workbench: Workbench, tmp_path: Path) -> tuple[Workbench, dict[str, str]]:
    """Run 1 cites moai.txt and eiffel.txt (one verdict each); run 2 cites moai.txt."""
    run1, moai, eiffel = check_landmarks(workbench, tmp_path)
    workbench.llm, _ = fake_llm(supported_replies("Who carved the Moai?"), workbench.db, "two")
    article = article_from_text("Rapa Nui people carved the Moai.", "Moai again", "test")
    run2 = Checker(workbench).check(article, "c").run.run_id
    with workbench.db.transaction() as session:
        docs = {d.title: d.doc_id for d in catalog.list_documents(session, "c")}
    ids = {"run1": run1, "run2": run2, "moai": moai, "eiffel": eiffel}
    return workbench, ids | {"moai.txt": _doc(docs, "Moai"), "eiffel.txt": _doc(docs, "Eiffel")}


def _doc(docs: dict[str, str], word: str) -> str:
    return next(doc_id for title, doc_id in docs.items() if word in title)


def _stale(wb: Workbench, run_id: str) -> dict[str, tuple[str, ...]]:
    return {r.assertion.assertion_id: s.stale for r, s in ReviewService(wb).results(run_id)}


def test_the_preview_counts_the_citing_verdicts_and_removal_makes_just_those_stale(
    two_runs: tuple[Workbench, dict[str, str]],
) -> None:
    wb, ids = two_runs
    ReviewService(wb).accept(ids["run1"], ids["moai"], "Ana")  # reviewed or not, it counts
    effect = removal_effect(wb, "c", ids["moai.txt"])
    assert (len(effect.becoming_stale), len(effect.runs)) == (2, 2)
    assert {v.run_id for v in effect.verdicts} == {ids["run1"], ids["run2"]}
    assert ids["eiffel"] not in {v.assertion_id for v in effect.verdicts}
    first = next(v for v in effect.verdicts if v.assertion_id == ids["moai"])
    assert (first.status.value, first.label.value, first.article_title) == (
        "accepted",
        "SUPPORTED",
        "Landmarks",
    )
    assert "makes 2 verdicts in 2 runs stale" in effect.summary()
    assert all(not reasons for run in ("run1", "run2") for reasons in _stale(wb, ids[run]).values())

    gone = remove_document(wb, "c", ids["moai.txt"])
    assert "Moai" in gone.title
    run1, run2 = _stale(wb, ids["run1"]), _stale(wb, ids["run2"])
    assert "is no longer in corpus 'c'" in run1[ids["moai"]][0]
    assert run1[ids["eiffel"]] == ()  # the rest untouched
    assert all(run2.values())
    assert [i.documents for i in list_corpora(wb)] == [1]
    hits = wb.searcher.search("c", "Who carved the Moai?", 5)
    assert {h.doc_id for h in hits} == {ids["eiffel.txt"]}  # search no longer finds it

    # Verdicts stale already are listed apart, not counted again.
    again = removal_effect(wb, "c")
    assert [v.assertion_id for v in again.becoming_stale] == [ids["eiffel"]]


def test_the_whole_corpus_preview_names_every_citing_verdict(
    two_runs: tuple[Workbench, dict[str, str]],
) -> None:
    wb, ids = two_runs
    effect = removal_effect(wb, "c")
    assert effect.whole_corpus and len(effect.documents) == 2
    assert len(effect.becoming_stale) == 3 and set(effect.runs) == {ids["run1"], ids["run2"]}
    with pytest.raises(LookupError, match="no document"):
        removal_effect(wb, "c", "doc-nope")


def test_cli_remove_shows_the_effect_and_wants_yes_before_staling_verdicts(
    two_runs: tuple[Workbench, dict[str, str]], monkeypatch: pytest.MonkeyPatch, embeddings
) -> None:  # type: ignore[no-untyped-def]
    wb, ids = two_runs
    monkeypatch.setenv("WORKBENCH_HOME", str(wb.settings.home))
    monkeypatch.setattr("workbench.services.make_embeddings", lambda settings: embeddings)
    monkeypatch.setattr(cli_app.console, "_width", 1000)
    cli = CliRunner()
    document = ["corpus", "remove", "c", "--document", ids["moai.txt"]]

    preview = cli.invoke(app, [*document, "--dry-run"])
    assert preview.exit_code == 0, preview.output
    assert "makes 2 verdicts in 2 runs stale" in preview.output
    assert ids["moai"] in preview.output and ids["run2"] in preview.output
    refused = cli.invoke(app, document)
    assert refused.exit_code == 1 and "add --yes" in refused.output
    assert [i.documents for i in list_corpora(wb)] == [2]  # neither removed anything

    removed = cli.invoke(app, [*document, "--yes"])
    assert removed.exit_code == 0, removed.output
    assert "removed" in removed.output and [i.documents for i in list_corpora(wb)] == [1]
    assert _stale(wb, ids["run1"])[ids["moai"]] and not _stale(wb, ids["run1"])[ids["eiffel"]]

    whole = cli.invoke(app, ["corpus", "remove", "c", "--yes"])
    assert whole.exit_code == 0 and "makes 1 verdict in 1 run stale" in whole.output
    assert list_corpora(wb) == []
