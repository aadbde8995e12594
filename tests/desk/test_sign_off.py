"""Sign-off on a real database: a second person publishes, nobody signs off their own
decision, a later change drops the sign-off, and every step is a versioned event."""

from __future__ import annotations

import pytest

from workbench.accounts.roles import AccessDenied
from workbench.desk.sign_off import SignOffService
from workbench.factchecks.archive import list_factchecks
from workbench.records import Label, ReviewAction, ReviewStatus
from workbench.review import ReviewService, VersionConflict

from .conftest import Desk


def _history(desk: Desk, assertion_id: str) -> list[tuple[str, ReviewAction]]:
    state = ReviewService(desk.wb).state(desk.run_id, assertion_id)[1]
    return [(e.reviewer, e.action) for e in state.history]


def test_an_editor_signs_off_a_reviewers_decision_and_it_is_published(desk: Desk) -> None:
    first, _ = desk.assertions
    ReviewService(desk.wb).accept(desk.run_id, first, desk.ben.name, seen_version=0)
    state = SignOffService(desk.wb).sign_off(desk.run_id, first, desk.eve, seen_version=1)
    assert state.published and state.status == ReviewStatus.ACCEPTED
    assert (state.deciders, state.signed_off_by, state.version) == (("Ben",), "Eve", 2)
    assert _history(desk, first) == [("Ben", ReviewAction.ACCEPT), ("Eve", ReviewAction.SIGN_OFF)]
    # The archive still names the reviewer who decided it, not the editor.
    assert [fc.reviewer_or_publisher for fc in list_factchecks(desk.wb)] == ["Ben"]


def test_a_reviewer_cannot_sign_off_or_send_back(desk: Desk) -> None:
    first, _ = desk.assertions
    ReviewService(desk.wb).accept(desk.run_id, first, desk.ben.name)
    sign_off = SignOffService(desk.wb)
    with pytest.raises(AccessDenied, match="Cleo is a reviewer: to sign off you need an editor"):
        sign_off.sign_off(desk.run_id, first, desk.cleo)
    with pytest.raises(AccessDenied, match="sign in first"):
        sign_off.sign_off(desk.run_id, first, None)
    with pytest.raises(AccessDenied, match="to sign off you need an editor"):
        sign_off.send_back(desk.run_id, first, desk.ben, "no")
    assert _history(desk, first) == [("Ben", ReviewAction.ACCEPT)]  # nothing recorded


def test_an_editor_cannot_sign_off_their_own_decision(desk: Desk) -> None:
    first, second = desk.assertions
    review, sign_off = ReviewService(desk.wb), SignOffService(desk.wb)
    review.edit(desk.run_id, first, desk.eve.name, label=Label.REFUTED, rationale="Misread.")
    with pytest.raises(AccessDenied, match="Eve decided this verdict: a second person"):
        sign_off.sign_off(desk.run_id, first, desk.eve)
    # An accept of someone else's edit: both decided it, neither signs it off.
    review.edit(desk.run_id, second, desk.ben.name, label=Label.REFUTED, rationale="No.")
    review.accept(desk.run_id, second, desk.ian.name)
    with pytest.raises(AccessDenied, match="Ian decided this verdict"):
        sign_off.sign_off(desk.run_id, second, desk.ian)
    assert sign_off.sign_off(desk.run_id, second, desk.ada).deciders == ("Ben", "Ian")


def test_only_a_decided_verdict_is_signed_off_and_only_once(desk: Desk) -> None:
    first, second = desk.assertions
    review, sign_off = ReviewService(desk.wb), SignOffService(desk.wb)
    with pytest.raises(ValueError, match=r"only an accepted or edited verdict.*pending"):
        sign_off.sign_off(desk.run_id, first, desk.eve)
    review.reject(desk.run_id, second, desk.ben.name, reason="Wrong source.")
    with pytest.raises(ValueError, match="this one is rejected"):
        sign_off.sign_off(desk.run_id, second, desk.eve)
    review.accept(desk.run_id, first, desk.ben.name)
    sign_off.sign_off(desk.run_id, first, desk.eve)
    with pytest.raises(ValueError, match="already signed off by Eve"):
        sign_off.sign_off(desk.run_id, first, desk.ian)


def test_a_change_after_sign_off_unpublishes_until_signed_off_again(desk: Desk) -> None:
    first, _ = desk.assertions
    review, sign_off = ReviewService(desk.wb), SignOffService(desk.wb)
    review.accept(desk.run_id, first, desk.ben.name)
    sign_off.sign_off(desk.run_id, first, desk.eve)
    noted = review.note(desk.run_id, first, desk.cleo.name, "Seen.")
    assert noted.published  # a note does not change the verdict
    changed = review.edit(desk.run_id, first, desk.ben.name, rationale="Rewritten.")
    assert (changed.published, changed.signed_off_by) == (False, None)
    assert [fc.id for fc in list_factchecks(desk.wb)]  # still decided: still in the archive
    again = sign_off.sign_off(desk.run_id, first, desk.ian)
    assert again.published and again.signed_off_by == "Ian" and again.version == 5


def test_a_sign_off_on_an_older_version_is_a_conflict(desk: Desk) -> None:
    first, _ = desk.assertions
    review, sign_off = ReviewService(desk.wb), SignOffService(desk.wb)
    review.accept(desk.run_id, first, desk.ben.name)  # version 1: what Eve saw
    review.edit(desk.run_id, first, desk.ben.name, label=Label.REFUTED, rationale="On second look.")
    with pytest.raises(VersionConflict, match="Ben changed this verdict after you saw version 1"):
        sign_off.sign_off(desk.run_id, first, desk.eve, seen_version=1)
    assert sign_off.sign_off(desk.run_id, first, desk.eve, seen_version=2).published


def test_send_back_returns_it_to_pending_with_the_reason(desk: Desk) -> None:
    first, _ = desk.assertions
    review, sign_off = ReviewService(desk.wb), SignOffService(desk.wb)
    review.accept(desk.run_id, first, desk.ben.name)
    with pytest.raises(ValueError, match="say why you send it back"):
        sign_off.send_back(desk.run_id, first, desk.eve, "  ")
    state = sign_off.send_back(desk.run_id, first, desk.eve, "Cite the museum, not the blog.")
    assert state.status == ReviewStatus.PENDING and not state.published
    assert state.sent_back is not None
    assert (state.sent_back.reviewer, state.sent_back.note) == (
        "Eve",
        "Cite the museum, not the blog.",
    )
    assert list_factchecks(desk.wb) == []  # pending again: out of the archive
    decided = review.accept(desk.run_id, first, desk.ben.name)
    assert decided.sent_back is None and decided.deciders == ("Ben",)


def test_a_stale_verdict_is_not_signed_off(desk: Desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from workbench.corpus.ingest import ingest

    first, _ = desk.assertions
    ReviewService(desk.wb).accept(desk.run_id, first, desk.ben.name)
    (tmp_path / "moai.txt").write_text("The Moai were carved by someone else entirely.")
    ingest(desk.wb, "c", [tmp_path / "moai.txt"])  # the cited document is replaced
    with pytest.raises(ValueError, match="its cited sources changed since the check"):
        SignOffService(desk.wb).sign_off(desk.run_id, first, desk.eve)
