"""Assignment on a real database: editors assign runs or assertions to accounts, under their
own name; reviewers cannot; unknown accounts, runs and assertions are refused."""

from __future__ import annotations

import pytest
from team_mode import Clock

from workbench.accounts.roles import AccessDenied
from workbench.accounts.users import UserService
from workbench.desk.assignments import AssignmentService

from .conftest import Desk


def _shown(service: AssignmentService, **filters: str) -> list[tuple[str | None, str, str]]:
    return [(a.assertion_id, a.assignee, a.assigned_by) for a in service.list(**filters)]


def test_an_editor_assigns_a_run_and_single_assertions_under_their_name(desk: Desk) -> None:
    clock = Clock()
    service = AssignmentService(desk.wb, clock=clock)
    first, second = desk.assertions
    made = service.assign(desk.run_id, "ben", by=desk.eve)  # any case: one account
    assert [(a.assertion_id, a.assignee, a.assigned_by, a.assigned_at) for a in made] == [
        (None, "Ben", "Eve", clock.now)
    ]
    service.assign(desk.run_id, "Cleo", [second, second], by=desk.ada)
    assert _shown(service) == [(None, "Ben", "Eve"), (second, "Cleo", "Ada")]
    assert _shown(service, assignee="CLEO") == [(second, "Cleo", "Ada")]
    assert _shown(service, run_id=desk.run_id)[0] == (None, "Ben", "Eve")
    assert first not in {a.assertion_id for a in service.list()}


def test_assigning_again_hands_it_over(desk: Desk) -> None:
    clock = Clock()
    service = AssignmentService(desk.wb, clock=clock)
    service.assign(desk.run_id, "Ben", by=desk.eve)
    clock.advance(hours=1)
    service.assign(desk.run_id, "Cleo", by=desk.ian)
    (only,) = service.list()
    assert (only.assignee, only.assigned_by, only.assigned_at) == ("Cleo", "Ian", clock.now)


def test_unassign_takes_it_back(desk: Desk) -> None:
    service = AssignmentService(desk.wb)
    first, second = desk.assertions
    service.assign(desk.run_id, "Ben", [first, second], by=desk.eve)
    assert service.unassign(desk.run_id, [first], by=desk.eve) == 1
    assert service.unassign(desk.run_id, by=desk.eve) == 0  # the whole run was not assigned
    assert _shown(service) == [(second, "Ben", "Eve")]


def test_a_reviewer_cannot_assign_or_unassign(desk: Desk) -> None:
    service = AssignmentService(desk.wb)
    with pytest.raises(AccessDenied, match="Ben is a reviewer: to assign you need an editor"):
        service.assign(desk.run_id, "Ben", by=desk.ben)
    with pytest.raises(AccessDenied, match="sign in first"):
        service.assign(desk.run_id, "Ben", by=None)
    service.assign(desk.run_id, "Ben", by=desk.eve)
    with pytest.raises(AccessDenied, match="to assign you need an editor"):
        service.unassign(desk.run_id, by=desk.cleo)
    assert _shown(service) == [(None, "Ben", "Eve")]


def test_unknown_or_disabled_accounts_runs_and_assertions_are_refused(desk: Desk) -> None:
    service = AssignmentService(desk.wb)
    with pytest.raises(LookupError, match="no enabled account named 'Zoe'"):
        service.assign(desk.run_id, "Zoe", by=desk.eve)
    UserService(desk.wb).disable("Cleo", by=desk.ada)
    with pytest.raises(LookupError, match="no enabled account named 'Cleo'"):
        service.assign(desk.run_id, "Cleo", by=desk.eve)
    with pytest.raises(LookupError, match="no run 'run-nope'"):
        service.assign("run-nope", "Ben", by=desk.eve)
    with pytest.raises(LookupError, match=r"not assertions of run .*: as-nope"):
        service.assign(desk.run_id, "Ben", ["as-nope"], by=desk.eve)
    assert service.list() == []
