"""Blind double review on a real database: two reviewers vote unseen, agreement settles the
verdict, a disagreement waits for an editor, and every vote is an event with who and when."""

from __future__ import annotations

import pytest

from workbench.accounts.roles import AccessDenied
from workbench.desk.blind import BlindReviewService
from workbench.desk.blind_votes import HIDDEN
from workbench.desk.queues import assigned_to, disagreements
from workbench.desk.sign_off import SignOffService
from workbench.export.report import build_report
from workbench.factchecks.archive import list_factchecks
from workbench.records import Label, ReviewAction, ReviewStatus
from workbench.review import ReviewService, VersionConflict

from .conftest import Desk


@pytest.fixture
def blind_desk(desk: Desk) -> Desk:
    BlindReviewService(desk.wb).switch_on(desk.run_id, ["ben", "Cleo"], by=desk.eve)
    return desk


def _trail(desk: Desk, assertion_id: str) -> list[tuple[str, ReviewAction]]:
    with desk.wb.db.transaction() as session:
        from workbench.store import reviews

        return [
            (e.reviewer, e.action) for e in reviews.events_for(session, desk.run_id, assertion_id)
        ]


def test_an_editor_switches_it_on_with_two_accounts_a_reviewer_cannot(desk: Desk) -> None:
    service = BlindReviewService(desk.wb)
    with pytest.raises(AccessDenied, match="Ben is a reviewer: to switch on blind review you need"):
        service.switch_on(desk.run_id, ["Ben", "Cleo"], by=desk.ben)
    with pytest.raises(ValueError, match="two different reviewers"):
        service.switch_on(desk.run_id, ["Ben", "ben"], by=desk.eve)
    with pytest.raises(LookupError, match="no enabled account named 'Zed'"):
        service.switch_on(desk.run_id, ["Ben", "Zed"], by=desk.eve)
    made = service.switch_on(desk.run_id, ["ben", "cleo"], by=desk.eve)
    assert (made.reviewers, made.set_by) == (("Ben", "Cleo"), "Eve")  # accounts' own spelling
    assert service.blind_run(desk.run_id) == made


def test_neither_sees_the_others_vote_until_both_have_voted(blind_desk: Desk) -> None:
    desk, (first, _) = blind_desk, blind_desk.assertions
    review = ReviewService(desk.wb)
    with pytest.raises(ValueError, match="this verdict has no version 7"):
        review.accept(desk.run_id, first, "Ben", seen_version=7)
    voted = review.edit(desk.run_id, first, "Ben", label=Label.REFUTED, rationale="Not carved.")
    # A vote settles nothing: still pending, the machine's verdict stands.
    assert (voted.status, voted.current.label, voted.version) == (
        ReviewStatus.PENDING,
        Label.SUPPORTED,
        1,
    )
    assert voted.blind is not None and [v.label for v in voted.blind.votes] == ["REFUTED"]
    review.note(desk.run_id, first, "Ben", "Looks wrong to me.")
    for viewer in ("Cleo", "Eve", None):
        _, seen = review.state(desk.run_id, first, viewer=viewer)
        assert seen.blind is not None
        assert (seen.blind.voted, seen.blind.votes) == (("Ben",), ())
        assert [(e.reviewer, e.action, e.note) for e in seen.history] == [
            ("Ben", ReviewAction.BLIND_VOTE, HIDDEN),
            ("Ben", ReviewAction.NOTE, HIDDEN),
        ]
        assert all(e.after == e.before and e.blind_decision is None for e in seen.history)
    report = build_report(desk.wb, desk.run_id, viewer="Cleo")
    assert (
        "REFUTED" not in report.model_dump_json() and "Looks wrong" not in report.model_dump_json()
    )
    # Cleo votes too (on the version she saw: Ben's hidden events do not make a conflict).
    both = review.accept(desk.run_id, first, "Cleo", seen_version=0)
    assert both.blind is not None and both.blind.disagreement
    assert [(v.reviewer, v.label) for v in both.blind.votes] == [
        ("Ben", "REFUTED"),
        ("Cleo", "SUPPORTED"),
    ]
    assert both.history[1].note == "Looks wrong to me."  # revealed once both have voted


def test_agreeing_votes_settle_the_verdict_with_both_in_the_trail(blind_desk: Desk) -> None:
    desk, (first, second) = blind_desk, blind_desk.assertions
    review = ReviewService(desk.wb)
    review.accept(desk.run_id, first, "Ben")
    settled = review.accept(desk.run_id, first, "Cleo")
    assert settled.status == ReviewStatus.ACCEPTED and settled.deciders == ("Ben", "Cleo")
    assert _trail(desk, first) == [
        ("Ben", ReviewAction.BLIND_VOTE),
        ("Cleo", ReviewAction.BLIND_VOTE),
        ("Cleo", ReviewAction.ACCEPT),
    ]
    decision = settled.history[-1]
    assert decision.note == "blind double review: Ben and Cleo agree (SUPPORTED)"
    assert [(v.reviewer, v.decision) for v in decision.blind_votes] == [
        ("Ben", ReviewStatus.ACCEPTED),
        ("Cleo", ReviewStatus.ACCEPTED),
    ]
    # One accepts, the other edits to the same label: agreed; the edit's fields are kept.
    review.accept(desk.run_id, second, "Cleo")
    edited = review.edit(desk.run_id, second, "Ben", rationale="Named by the source.")
    assert (edited.status, edited.current.rationale) == (
        ReviewStatus.EDITED,
        "Named by the source.",
    )
    assert {fc.reviewer_or_publisher for fc in list_factchecks(desk.wb)} == {"Cleo", "Ben"}
    # Published only after an editor signs off; neither blind reviewer is that editor.
    assert SignOffService(desk.wb).sign_off(desk.run_id, first, desk.eve).published
    # Settled, the verdict is out of the blind round: a note is a note, seen by all.
    review.note(desk.run_id, first, "Ben", "Museum label agrees.")
    _, seen = review.state(desk.run_id, first, viewer="Cleo")
    assert [n.note for n in seen.notes] == ["Museum label agrees."]


def test_a_disagreement_waits_for_an_editor_who_decides_with_both_votes(blind_desk: Desk) -> None:
    desk, (first, _) = blind_desk, blind_desk.assertions
    review, blind = ReviewService(desk.wb), BlindReviewService(desk.wb)
    review.reject(desk.run_id, first, "Ben", reason="Wrong island.")
    review.accept(desk.run_id, first, "Cleo")
    assert list_factchecks(desk.wb) == []  # nothing settled: nothing in the archive
    with pytest.raises(ValueError, match="both blind reviewers have decided and disagree"):
        review.accept(desk.run_id, first, "Ben")
    with pytest.raises(ValueError, match="under blind double review by Ben and Cleo"):
        review.accept(desk.run_id, first, "Eve")
    assert [i.assertion_id for i in disagreements(desk.wb, "Eve")] == [first]
    (item,) = disagreements(desk.wb, "Ian")
    assert item.blind_votes == ("Ben: REJECTED (rejected)", "Cleo: SUPPORTED (accepted)")
    with pytest.raises(AccessDenied, match="to resolve disagreements you need an editor"):
        blind.resolve(desk.run_id, first, desk.ben, take="Cleo")
    with pytest.raises(LookupError, match="'Ian' did not vote on this verdict"):
        blind.resolve(desk.run_id, first, desk.eve, take="Ian")
    with pytest.raises(VersionConflict):
        blind.resolve(desk.run_id, first, desk.eve, take="Ben", seen_version=1)
    resolved = blind.resolve(desk.run_id, first, desk.eve, take="Ben", seen_version=2)
    assert resolved.status == ReviewStatus.REJECTED
    decision = resolved.history[-1]
    assert (decision.reviewer, decision.action) == ("Eve", ReviewAction.REJECT)
    assert decision.note == (
        "resolved a blind disagreement (Ben: REJECTED (rejected); Cleo: SUPPORTED (accepted)): "
        "REJECTED; took Ben's decision"
    )
    assert len(decision.blind_votes) == 2
    assert disagreements(desk.wb, "Eve") == []


def test_an_editor_sets_the_label_and_is_not_one_of_the_pair(desk: Desk) -> None:
    first, _ = desk.assertions
    blind = BlindReviewService(desk.wb)
    blind.switch_on(desk.run_id, ["Eve", "Ben"], by=desk.ian)
    review = ReviewService(desk.wb)
    review.edit(desk.run_id, first, "Eve", label=Label.CONFLICTING, rationale="Both.")
    review.accept(desk.run_id, first, "Ben")
    assert disagreements(desk.wb, "Eve") == []  # not her own disagreement
    with pytest.raises(AccessDenied, match="Eve is one of this verdict's blind reviewers"):
        blind.resolve(desk.run_id, first, desk.eve, label=Label.REFUTED)
    resolved = blind.resolve(
        desk.run_id, first, desk.ian, label=Label.NOT_ENOUGH_EVIDENCE, rationale="Unclear."
    )
    assert (resolved.status, resolved.current.label, resolved.current.citations) == (
        ReviewStatus.EDITED,
        Label.NOT_ENOUGH_EVIDENCE,
        (),
    )
    assert resolved.deciders == ("Ian",)  # neither vote said NOT_ENOUGH_EVIDENCE


def test_the_pair_stays_once_voting_started_and_queues_follow_the_votes(blind_desk: Desk) -> None:
    desk, (first, second) = blind_desk, blind_desk.assertions
    assert {i.assertion_id for i in assigned_to(desk.wb, "Ben")} == {first, second}
    ReviewService(desk.wb).accept(desk.run_id, first, "Ben")
    assert [i.assertion_id for i in assigned_to(desk.wb, "Ben")] == [second]
    assert {i.assertion_id for i in assigned_to(desk.wb, "Cleo")} == {first, second}
    with pytest.raises(ValueError, match="Ben and Cleo have started voting on this run"):
        BlindReviewService(desk.wb).switch_on(desk.run_id, ["Ben", "Ian"], by=desk.eve)
    # Naming the same two again changes nothing of their votes.
    BlindReviewService(desk.wb).switch_on(desk.run_id, ["Cleo", "Ben"], by=desk.ian)


def test_a_send_back_opens_a_new_blind_round(blind_desk: Desk) -> None:
    desk, (first, _) = blind_desk, blind_desk.assertions
    review = ReviewService(desk.wb)
    review.accept(desk.run_id, first, "Ben")
    review.accept(desk.run_id, first, "Cleo")
    back = SignOffService(desk.wb).send_back(desk.run_id, first, desk.eve, "Which island?")
    assert back.status == ReviewStatus.PENDING and back.blind is not None
    assert back.blind.voted == ()
    again = review.reject(desk.run_id, first, "Cleo", reason="Easter Island is not named.")
    assert again.status == ReviewStatus.PENDING  # a vote again, not a decision
    assert [v.reviewer for v in again.blind.votes] == ["Cleo"]  # type: ignore[union-attr]
