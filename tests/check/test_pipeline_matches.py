"""Earlier fact-checks found during `check`: stored with the result, never changing the verdict,
and reusable from review. Real SQLite, Chroma and the packaged MiniLM; a scripted chat model."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes import check_supported_claim, fake_llm, letter_reply, text_reply

from workbench.check.pipeline import Checker, article_from_text
from workbench.export import ExportFormat, export_run
from workbench.records import (
    FactCheck,
    ImportedOrigin,
    Label,
    ReviewAction,
    ReviewStatus,
    reviewed_factcheck_id,
)
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.store import factchecks

SOURCE = "The Ohio River bridge cost 15 million dollars and opened to traffic in March 2019."
FIRST = "The Ohio River bridge cost 15 million dollars."
# The same claim, later, in other words.
LATER = "Officials said building the bridge across the Ohio River cost $15 million."


def _refuted_script() -> list:  # type: ignore[type-arg]
    return [
        text_reply('{"questions": ["How much did the Ohio River bridge cost?"]}'),
        letter_reply({"B": 0.85, "A": 0.1, "C": 0.05}),
        text_reply('{"sentences": [1], "reason": "The source gives another cost."}'),
    ]


def test_a_verdict_accepted_earlier_is_offered_when_a_later_article_makes_the_claim(
    workbench: Workbench, tmp_path: Path
) -> None:
    first = check_supported_claim(workbench, tmp_path, SOURCE, FIRST, "What did it cost?")
    checked = first.results[0]
    assert checked.matches == ()  # the archive was empty
    service = ReviewService(workbench)
    service.accept(first.run.run_id, checked.assertion.assertion_id, "Ana")
    earlier = reviewed_factcheck_id(first.run.run_id, checked.assertion.assertion_id)

    workbench.llm, _ = fake_llm(_refuted_script(), workbench.db, name="later-model")
    later = Checker(workbench).check(article_from_text(LATER, "Later", "t2"), "c")
    result = later.results[0]
    assert [m.factcheck_id for m in result.matches] == [earlier]
    match = result.matches[0]
    today = datetime.now(UTC).date()
    assert (match.claim, match.label, match.rating, match.publisher, match.date) == (
        FIRST,
        Label.SUPPORTED,
        "True",
        "Ana",
        today,
    )
    assert first.run.run_id in match.origin
    assert result.verdict.label == Label.REFUTED  # the match never changes the chain's verdict
    assert "match" in later.run.seconds_by_stage
    stored = service.state(later.run.run_id, result.assertion.assertion_id)[0]
    assert stored.matches == result.matches  # kept with the result

    state = service.reuse_factcheck(
        later.run.run_id, result.assertion.assertion_id, "Ben", earlier, seen_version=0
    )
    assert state.status == ReviewStatus.EDITED and state.current.label == Label.SUPPORTED
    assert state.current.rationale == f"Reused fact-check {earlier}: True (Ana, {today})"
    event = state.history[-1]
    assert (event.action, event.reviewer) == (ReviewAction.EDIT, "Ben")
    assert event.before.label == Label.REFUTED and earlier in event.note
    report = export_run(workbench, later.run.run_id, ExportFormat.JSON).decode()
    assert f"verdict reused from fact-check {earlier}" in report  # the audit trail says so
    assert f"Reused fact-check {earlier}" in export_run(
        workbench, later.run.run_id, ExportFormat.MD
    ).decode("utf-8")


def test_only_a_stored_match_with_a_label_can_be_reused(
    workbench: Workbench, tmp_path: Path
) -> None:
    unlabelled = FactCheck(
        id="fc-mostly",
        claim=FIRST,
        label=None,  # "Mostly false" says something none of our labels says
        rating="Mostly false",
        origin=ImportedOrigin(file="feed.jsonl", line=1),
    )
    with workbench.db.transaction() as session:
        factchecks.put(session, unlabelled)
    first = check_supported_claim(workbench, tmp_path, SOURCE, FIRST, "What did it cost?")
    result = first.results[0]
    assert [m.factcheck_id for m in result.matches] == ["fc-mostly"]
    service, ids = ReviewService(workbench), (first.run.run_id, result.assertion.assertion_id)
    with pytest.raises(ValueError, match="'Mostly false', which none of our labels says"):
        service.reuse_factcheck(*ids, "Ana", "fc-mostly")
    with pytest.raises(LookupError, match="not a match of this assertion"):
        service.reuse_factcheck(*ids, "Ana", "fc-elsewhere")
    assert service.state(*ids)[1].version == 0  # nothing was saved
