"""Reviewed verdicts enter the archive by themselves and leave it when the decision changes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from workbench.factchecks import archive
from workbench.records import (
    Article,
    Assertion,
    AssertionKind,
    AssertionResult,
    AttributionKind,
    FactCheck,
    ImportedOrigin,
    Label,
    ReviewAction,
    ReviewedOrigin,
    ReviewEvent,
    ReviewStatus,
    Run,
    Verdict,
    imported_factcheck_id,
    reviewed_factcheck_id,
)
from workbench.review import ReviewService, VersionConflict
from workbench.review_state import machine_fields
from workbench.services import Workbench
from workbench.settings import ExportOptions, Settings
from workbench.store import checks, reviews
from workbench.store import factchecks as store

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
CLAIM = "Mayor Low said the bridge opened in 1890."
OPINION = "The bridge is beautiful."


def _result(start: int, text: str, verdict: Verdict | None) -> AssertionResult:
    return AssertionResult(
        assertion=Assertion(
            assertion_id=f"as-{start}",
            article_id="art-1",
            start=start,
            end=start + len(text),
            text=text,
            kind=AssertionKind.QUOTE if verdict else AssertionKind.OPINION,
            attribution=AttributionKind.NAMED if verdict else AttributionKind.AUTHOR,
            attributed_to="Mayor Low" if verdict else None,
            checkworthy=0.5,
        ),
        verdict=verdict,
    )


def make_workbench(home: Path, **export: object) -> Workbench:
    """A run of two assertions stored by hand: a SUPPORTED verdict and an opinion."""
    wb = Workbench(Settings(home=home, export=ExportOptions(**export)))
    run = Run(
        run_id="run-1",
        article_id="art-1",
        corpus="c",
        corpus_state="s",
        model="m",
        prompt_versions=("verify@v1",),
        started_at=NOW,
    )
    verdict = Verdict(label=Label.SUPPORTED, confidence=0.8, rationale="The source says 1890.")
    with wb.db.transaction() as session:
        checks.put_article(
            session,
            Article(
                article_id="art-1",
                title="T",
                source="s",
                text=f"{CLAIM} {OPINION}",
                sha256="x",
                added_at=NOW,
            ),
        )
        checks.put_run(session, run)
        checks.put_result(session, "run-1", 0, _result(0, CLAIM, verdict))
        checks.put_result(session, "run-1", 1, _result(len(CLAIM) + 1, OPINION, None))
    return wb


@pytest.fixture
def wb(tmp_path: Path) -> Workbench:
    workbench = make_workbench(tmp_path)
    yield workbench
    workbench.close()


def entries(wb: Workbench) -> list[FactCheck]:
    return archive.list_factchecks(wb)


def test_accept_edit_reject_keep_the_archive_equal_to_the_review(wb: Workbench) -> None:
    service = ReviewService(wb)
    assert entries(wb) == []  # a machine verdict is not a fact-check until reviewed

    service.accept("run-1", "as-0", "Ana", 0)
    [accepted] = entries(wb)
    assert accepted.model_dump(exclude={"date"}) == {
        "id": reviewed_factcheck_id("run-1", "as-0"),
        "claim": CLAIM,
        "label": Label.SUPPORTED,
        "rating": "True",  # the export's rating scale
        "rationale": "The source says 1890.",
        "reviewer_or_publisher": "Ana",
        "url": None,
        "language": "en",
        "title": None,
        "claimant": "Mayor Low",
        "origin": {"kind": "workbench", "run_id": "run-1", "assertion_id": "as-0"},
    }
    assert accepted.date == datetime.now(UTC).date()

    service.note("run-1", "as-0", "Ben", "Ask the archive too.", 1)
    assert entries(wb) == [accepted]  # a note decides nothing

    service.edit("run-1", "as-0", "Ben", 2, label=Label.REFUTED, rationale="It opened in 1883.")
    [edited] = entries(wb)
    assert edited.id == accepted.id  # the same verdict, updated in place
    assert (edited.label, edited.rating, edited.rationale, edited.reviewer_or_publisher) == (
        Label.REFUTED,
        "False",
        "It opened in 1883.",
        "Ben",
    )

    service.reject("run-1", "as-0", "Cleo", 3)
    assert entries(wb) == []

    service.accept("run-1", "as-0", "Dan", 4)  # accepting the rejected verdict's edit again
    [back] = entries(wb)
    assert (back.label, back.reviewer_or_publisher) == (Label.REFUTED, "Dan")


def test_a_verdict_without_a_label_never_enters(wb: Workbench) -> None:
    opinion = f"as-{len(CLAIM) + 1}"
    ReviewService(wb).accept("run-1", opinion, "Ana", 0)
    assert entries(wb) == []


def test_the_entry_commits_with_the_event_or_not_at_all(
    wb: Workbench, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "set_reviewed", disk_full)
    service = ReviewService(wb)
    with pytest.raises(OSError, match="disk full"):
        service.accept("run-1", "as-0", "Ana", 0)
    monkeypatch.undo()
    assert service.state("run-1", "as-0")[1].version == 0  # the event rolled back too
    assert entries(wb) == []


def test_a_refused_save_leaves_the_archive_alone(wb: Workbench) -> None:
    service = ReviewService(wb)
    service.accept("run-1", "as-0", "Ana", 0)
    with pytest.raises(VersionConflict):
        service.reject("run-1", "as-0", "Ben", 0)
    assert [fc.reviewer_or_publisher for fc in entries(wb)] == ["Ana"]


def _event(version: int, action: ReviewAction, status: ReviewStatus) -> ReviewEvent:
    result = _result(0, CLAIM, Verdict(label=Label.SUPPORTED, confidence=0.8, rationale="r"))
    return ReviewEvent(
        run_id="run-1",
        assertion_id="as-0",
        version=version,
        reviewer="Old",
        at=NOW,
        action=action,
        status_before=ReviewStatus.PENDING,
        status_after=status,
        before=machine_fields(result),
        after=machine_fields(result),
    )


def test_sync_all_brings_in_reviews_from_before_the_archive(wb: Workbench) -> None:
    # Written without the archive hook, as versions before the archive did.
    reviews.append_event(wb.db, _event(1, ReviewAction.ACCEPT, ReviewStatus.ACCEPTED))
    assert entries(wb) == []
    assert archive.sync_all_reviewed(wb) == 1
    [entry] = entries(wb)
    assert (entry.reviewer_or_publisher, entry.date) == ("Old", NOW.date())
    assert archive.sync_all_reviewed(wb) == 1 and entries(wb) == [entry]  # idempotent

    reviews.append_event(wb.db, _event(2, ReviewAction.REJECT, ReviewStatus.REJECTED))
    assert archive.sync_all_reviewed(wb) == 0 and entries(wb) == []  # a stale entry goes


def test_the_published_url_when_a_site_is_configured(tmp_path: Path) -> None:
    wb = make_workbench(
        tmp_path,
        site_url="https://fc.example/reviews/",
        rating_scale={"SUPPORTED": {"value": 5, "name": "Correct"}},
    )
    ReviewService(wb).accept("run-1", "as-0", "Ana", 0)
    [entry] = entries(wb)
    wb.close()
    assert entry.url == "https://fc.example/reviews#as-0"  # what the ClaimReview export says
    assert entry.rating == "Correct"


def test_remove_takes_imported_entries_only(wb: Workbench) -> None:
    ReviewService(wb).accept("run-1", "as-0", "Ana", 0)
    [reviewed] = entries(wb)
    imported = FactCheck(
        id=imported_factcheck_id(None, "Bananas are berries.", "True", "Desk"),
        claim="Bananas are berries.",
        label=Label.SUPPORTED,
        rating="True",
        origin=ImportedOrigin(file="desk.jsonl", line=3),
    )
    with wb.db.transaction() as session:
        store.put(session, imported)

    with pytest.raises(ValueError, match=r"review reject as-0 --run run-1"):
        archive.remove_factcheck(wb, reviewed.id)
    assert archive.remove_factcheck(wb, imported.id) == imported
    with pytest.raises(LookupError, match="no fact-check 'fc-nope'"):
        archive.remove_factcheck(wb, "fc-nope")
    with pytest.raises(LookupError, match="no fact-check"):
        archive.get_factcheck(wb, imported.id)
    assert archive.get_factcheck(wb, reviewed.id) == reviewed
    assert isinstance(reviewed.origin, ReviewedOrigin)
    assert reviewed.origin.describe() == "reviewed in this workbench: run run-1, assertion as-0"
    assert archive.archive_size(wb) == 1
