"""A reviewer cites a sentence retrieval missed: an edit event naming the reviewer, the
citation built from the stored document and checked verbatim, marked as the reviewer's in
the history, the state and the reports; later edits keep it; it can be removed again."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import check_supported_claim
from typer.testing import CliRunner

from workbench.cli import app
from workbench.corpus.ingest import ingest
from workbench.export.report import build_report
from workbench.records import Label, ReviewAction, ReviewStatus
from workbench.review import ReviewService, VersionConflict
from workbench.services import Workbench
from workbench.store import catalog

MISSED = "Most Moai were carved at the Rano Raraku quarry."


@pytest.fixture
def checked(workbench: Workbench, tmp_path: Path) -> tuple[ReviewService, str, str, str]:
    """A SUPPORTED verdict citing moai.txt, and quarry.txt in the corpus, never retrieved."""
    outcome = check_supported_claim(
        workbench,
        tmp_path,
        "The Moai are monolithic human figures carved by the Rapa Nui people.",
        "The Moai were carved by the Rapa Nui people.",
        "Who carved the Moai?",
    )
    (tmp_path / "quarry.txt").write_text(
        f"Rano Raraku\n\n{MISSED} The quarry is a volcanic crater."
    )
    ingest(workbench, "c", [tmp_path / "quarry.txt"])
    with workbench.db.transaction() as session:
        quarry = next(d for d in catalog.list_documents(session, "c") if "quarry" in d.source)
    result = outcome.results[0]
    assert all(e.doc_id != quarry.doc_id for e in result.evidence)  # retrieval missed it
    return (
        ReviewService(workbench),
        outcome.run.run_id,
        result.assertion.assertion_id,
        quarry.doc_id,
    )


def test_citing_a_missed_sentence_is_an_edit_marked_as_the_reviewers(checked) -> None:  # type: ignore[no-untyped-def]
    service, run_id, aid, quarry = checked
    state = service.cite_sentence(run_id, aid, "Ana", quarry, MISSED, seen_version=0)
    machine, added = state.current.citations
    assert machine.added_by is None and added.added_by == "Ana"
    assert (added.doc_id, added.quote, added.title) == (quarry, MISSED, "Rano Raraku")
    assert (state.status, state.current.label, state.version) == (
        ReviewStatus.EDITED,
        Label.SUPPORTED,
        1,
    )
    (event,) = state.history
    assert (event.reviewer, event.action) == ("Ana", ReviewAction.EDIT)
    assert event.note == f"cited a sentence the search missed: “{MISSED}” (Rano Raraku)"

    row = build_report(service.wb, run_id).rows[0]
    assert [c.added_by for c in row.citations] == [None, "Ana"]

    # An edit that picks among the retrieved sentences keeps the reviewer's own citation.
    edited = service.edit(run_id, aid, "Ben", 1, rationale="Both say so.", cite_evidence=[1])
    assert [c.added_by for c in edited.current.citations] == [None, "Ana"]
    removed = service.uncite(run_id, aid, "Ben", quarry, added.start, added.end, seen_version=2)
    assert [c.added_by for c in removed.current.citations] == [None]
    assert removed.history[-1].note == f"removed the citation “{MISSED}” (Rano Raraku)"


def test_a_citation_that_is_not_verbatim_or_built_on_an_old_version_is_refused(checked) -> None:  # type: ignore[no-untyped-def]
    service, run_id, aid, quarry = checked
    with pytest.raises(ValueError, match="not verbatim"):
        service.cite_sentence(run_id, aid, "Ana", quarry, MISSED.replace("Most", "All"))
    with pytest.raises(LookupError, match="no document"):
        service.cite_sentence(run_id, aid, "Ana", "doc-nope", MISSED)
    assert service.state(run_id, aid)[1].version == 0  # nothing stored
    service.note(run_id, aid, "Ben", "Looking for the quarry.")
    with pytest.raises(VersionConflict, match="Ben"):
        service.cite_sentence(run_id, aid, "Ana", quarry, MISSED, seen_version=0)
    service.cite_sentence(run_id, aid, "Ana", quarry, MISSED, seen_version=1)
    with pytest.raises(ValueError, match="cited already"):
        service.cite_sentence(run_id, aid, "Ana", quarry, MISSED)


def test_review_cite_on_the_command_line(checked, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    service, run_id, aid, quarry = checked
    monkeypatch.setenv("WORKBENCH_HOME", str(service.wb.settings.home))
    cli = CliRunner()
    args = ["review", "cite", run_id, aid, "--document", quarry, "-r", "Cleo"]
    cited = cli.invoke(app, [*args, "--quote", MISSED])
    assert cited.exit_code == 0, cited.output
    assert "edited (SUPPORTED), version 1" in cited.output
    wrong = cli.invoke(app, [*args, "--quote", "The quarry is a crater."])
    assert wrong.exit_code == 2 and "not verbatim" in wrong.output
    stale = cli.invoke(
        app, [*args, "--quote", "The quarry is a volcanic crater.", "--seen-version", "0"]
    )
    assert stale.exit_code == 3 and "Cleo" in stale.output
    citations = service.state(run_id, aid)[1].current.citations
    assert [c.added_by for c in citations] == [None, "Cleo"]
