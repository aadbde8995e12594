"""The desk's queues: assigned and still pending; decided by others and not published."""

from __future__ import annotations

from workbench.desk.assignments import AssignmentService
from workbench.desk.queues import assigned_to, awaiting_sign_off
from workbench.desk.sign_off import SignOffService
from workbench.review import ReviewService

from .conftest import Desk


def _ids(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.assertion_id for item in items]


def test_assigned_to_me_holds_what_is_assigned_and_still_pending(desk: Desk) -> None:
    first, second = desk.assertions
    assignments, review = AssignmentService(desk.wb), ReviewService(desk.wb)
    assert assigned_to(desk.wb, "Ben") == []
    assignments.assign(desk.run_id, "Ben", by=desk.eve)
    assignments.assign(desk.run_id, "Cleo", [second], by=desk.eve)
    assert _ids(assigned_to(desk.wb, "ben")) == [first, second]
    assert _ids(assigned_to(desk.wb, "Cleo")) == [second]
    review.accept(desk.run_id, first, "Ben")
    assert _ids(assigned_to(desk.wb, "Ben")) == [second]  # done: off the queue
    item = assigned_to(desk.wb, "Cleo")[0]
    assert (item.article_title, item.text) == ("Moai", "The Moai were carved on Easter Island.")


def test_a_sent_back_verdict_returns_to_the_assignee_with_the_reason(desk: Desk) -> None:
    first, _ = desk.assertions
    AssignmentService(desk.wb).assign(desk.run_id, "Ben", [first], by=desk.eve)
    ReviewService(desk.wb).accept(desk.run_id, first, "Ben")
    SignOffService(desk.wb).send_back(desk.run_id, first, desk.eve, "Which museum?")
    (item,) = assigned_to(desk.wb, "Ben")
    assert (item.assertion_id, item.sent_back_reason) == (first, "Which museum?")


def test_awaiting_sign_off_leaves_out_my_own_decisions_and_published_ones(desk: Desk) -> None:
    first, second = desk.assertions
    review = ReviewService(desk.wb)
    review.accept(desk.run_id, first, "Ben")
    review.accept(desk.run_id, second, "Eve")
    assert _ids(awaiting_sign_off(desk.wb, "Eve")) == [first]
    assert _ids(awaiting_sign_off(desk.wb, "Ian")) == [first, second]
    assert awaiting_sign_off(desk.wb, "Ian")[0].deciders == ("Ben",)
    SignOffService(desk.wb).sign_off(desk.run_id, first, desk.ian)
    assert _ids(awaiting_sign_off(desk.wb, "Ian")) == [second]
    assert awaiting_sign_off(desk.wb, "Eve") == []
