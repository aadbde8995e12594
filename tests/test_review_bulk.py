"""Bulk accept: only what the filter picks, each with its own versioned event, and nothing
that changed after the reviewer looked."""

from __future__ import annotations

from pathlib import Path

from fakes import check_mixed_article

from workbench.records import Label, ReviewAction, ReviewStatus
from workbench.review import ReviewService
from workbench.review_bulk import BulkFilter, bulk_accept, bulk_candidates, decided_by_rule
from workbench.services import Workbench

RULE_NEE = BulkFilter(label=Label.NOT_ENOUGH_EVIDENCE, rule_only=True)


def _run(workbench: Workbench, tmp_path: Path) -> tuple[ReviewService, str]:
    outcome = check_mixed_article(workbench, tmp_path)
    return ReviewService(workbench), outcome.run.run_id


def test_the_filter_picks_pending_rule_made_verdicts_of_the_label(
    workbench: Workbench, tmp_path: Path
) -> None:
    service, run_id = _run(workbench, tmp_path)
    rows = service.results(run_id)
    picked = [r.assertion.text for r, _ in bulk_candidates(rows, RULE_NEE)]
    assert picked == [
        "The Eiffel Tower opened in Paris in 1889.",
        "Berlin had 3.7 million residents in 2020.",
        "Lagos hosted the 1973 All-Africa Games.",
    ]
    assert all(decided_by_rule(r.verdict) for r, _ in bulk_candidates(rows, RULE_NEE))
    supported = bulk_candidates(rows, BulkFilter(label=Label.SUPPORTED))
    assert [r.assertion.text for r, _ in supported] == [
        "The Moai were carved by the Rapa Nui people.",
        "The Moai stand on Easter Island.",
    ]
    assert bulk_candidates(rows, BulkFilter(label=Label.SUPPORTED, rule_only=True)) == []
    # a decided verdict leaves the filter: a bulk action never overrides a person
    first = supported[0][0].assertion.assertion_id
    service.reject(run_id, first, "Ben", seen_version=0, reason="wrong island")
    again = bulk_candidates(service.results(run_id), BulkFilter(label=Label.SUPPORTED))
    assert [r.assertion.text for r, _ in again] == ["The Moai stand on Easter Island."]


def test_bulk_accept_stores_one_versioned_event_each(workbench: Workbench, tmp_path: Path) -> None:
    service, run_id = _run(workbench, tmp_path)
    seen = {
        r.assertion.assertion_id: s.version
        for r, s in bulk_candidates(service.results(run_id), RULE_NEE)
    }
    outcome = bulk_accept(service, run_id, "Ana", RULE_NEE, seen)
    assert outcome.accepted == tuple(seen)
    assert outcome.skipped == ()
    for assertion_id in seen:
        state = service.state(run_id, assertion_id)[1]
        assert state.status == ReviewStatus.ACCEPTED
        assert [(e.reviewer, e.action, e.version) for e in state.history] == [
            ("Ana", ReviewAction.ACCEPT, 1)
        ]
    untouched = [s for r, s in service.results(run_id) if r.assertion.assertion_id not in seen]
    assert all(s.version == 0 for s in untouched)


def test_a_verdict_changed_after_the_look_is_skipped_and_named(
    workbench: Workbench, tmp_path: Path
) -> None:
    service, run_id = _run(workbench, tmp_path)
    seen = {
        r.assertion.assertion_id: s.version
        for r, s in bulk_candidates(service.results(run_id), RULE_NEE)
    }
    edited, noted, kept = list(seen)
    # Between the look and the click: Ben relabels one, Cleo annotates another.
    service.edit(run_id, edited, "Ben", seen_version=0, label=Label.REFUTED, rationale="No.")
    service.note(run_id, noted, "Cleo", "Ask the desk.", seen_version=0)
    outcome = bulk_accept(service, run_id, "Ana", RULE_NEE, seen)
    assert outcome.accepted == (kept,)
    reasons = {s.assertion_id: s.reason for s in outcome.skipped}
    assert set(reasons) == {edited, noted}
    assert "Ben (edit)" in reasons[edited]
    assert "Cleo (note)" in reasons[noted]
    assert service.state(run_id, edited)[1].current.label == Label.REFUTED
    assert service.state(run_id, noted)[1].status == ReviewStatus.PENDING


def test_a_verdict_that_no_longer_matches_is_skipped(workbench: Workbench, tmp_path: Path) -> None:
    service, run_id = _run(workbench, tmp_path)
    rows = service.results(run_id)
    supported = next(r for r, _ in rows if r.verdict and r.verdict.label == Label.SUPPORTED)
    aid = supported.assertion.assertion_id
    outcome = bulk_accept(service, run_id, "Ana", RULE_NEE, {aid: 0, "as-missing": 0})
    assert outcome.accepted == ()
    assert {s.assertion_id: s.reason for s in outcome.skipped} == {
        aid: "no longer one of the pending NOT_ENOUGH_EVIDENCE verdicts decided by a rule",
        "as-missing": "not in this run",
    }
    assert service.state(run_id, aid)[1].version == 0
