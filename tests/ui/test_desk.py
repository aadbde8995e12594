"""The desk in the Streamlit app (AppTest, real database): the queues, the assign control,
sign-off and send-back on the cards, and who may use them."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from team_mode import PASSWORD, add_desk

from workbench.accounts.users import UserService
from workbench.desk.assignments import AssignmentService
from workbench.records import ReviewAction, Role
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings

APP = str(Path(__file__).parents[2] / "workbench" / "ui" / "app.py")


@pytest.fixture
def team_home(ui_home: Path, cheap_passwords: None) -> Path:
    """The UI's checked home with Ada (admin), Eve (editor), Ben and Cleo (reviewers)."""
    wb = Workbench(Settings(home=ui_home))
    add_desk(wb, "Ben", "Cleo")
    wb.close()
    return ui_home


def _desk(home: Path):  # type: ignore[no-untyped-def]
    """(workbench, run id, the verified assertion ids in article order): close it after."""
    wb = Workbench(Settings(home=home))
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    ids = [r.assertion.assertion_id for r, _ in service.results(run_id) if r.verdict]
    return wb, run_id, ids


def _history(home: Path, assertion_id: str) -> list[tuple[str, ReviewAction]]:
    wb, run_id, _ = _desk(home)
    state = ReviewService(wb).state(run_id, assertion_id)[1]
    wb.close()
    return [(e.reviewer, e.action) for e in state.history]


def _signed_in(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="sign_in.name").input(name)
    at.text_input(key="sign_in.password").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest) -> str:
    parts = [
        e.value for kind in ("markdown", "caption", "error", "success") for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def _buttons(at: AppTest, label: str) -> list:  # type: ignore[type-arg]
    return [b for b in at.button if b.label == label]


def test_a_reviewer_sees_their_queue_and_cannot_assign_or_sign_off(team_home: Path) -> None:
    wb, run_id, ids = _desk(team_home)
    eve = UserService(wb).get("Eve")
    AssignmentService(wb).assign(run_id, "Ben", ids[:2], by=eve)
    ReviewService(wb).accept(run_id, ids[2], "Cleo")  # a decided card, awaiting sign-off
    wb.close()
    at = _signed_in("Ben")
    assert "**Assigned to me** · 2" in _text(at)
    assert at.radio(key="review.queue").options == ["all verdicts", "assigned to me"]
    assert not _buttons(at, "Assign") and not [e for e in at.expander if "Assign" in e.label]
    assert not _buttons(at, "Sign off") and not _buttons(at, "Send back")
    assert "awaiting sign-off (decided by Cleo)" in _text(at)
    # Open the queue: only the two assigned verdicts are shown.
    at.button(key=f"review.queue.open.assigned to me.{run_id}").click().run()
    assert len(_buttons(at, "Accept")) == 2
    assert at.radio(key="review.queue").value == "assigned to me"


def test_an_editor_assigns_the_run_from_the_review_screen(team_home: Path) -> None:
    at = _signed_in("Eve")
    at.selectbox(key="review.assign.to").select("Ben")
    at.button(key="review.assign").click().run()
    assert not at.exception, at.exception
    assert "assigned the whole run to Ben" in [s.value for s in at.success]
    wb, run_id, _ = _desk(team_home)
    found = [
        (a.run_id, a.assertion_id, a.assignee, a.assigned_by) for a in AssignmentService(wb).list()
    ]
    wb.close()
    assert found == [(run_id, None, "Ben", "Eve")]  # under the signed-in editor


def test_an_editor_signs_off_anothers_decision_but_not_their_own(team_home: Path) -> None:
    wb, run_id, ids = _desk(team_home)
    review = ReviewService(wb)
    review.accept(run_id, ids[0], "Ben")
    review.accept(run_id, ids[1], "Eve")
    wb.close()
    at = _signed_in("Eve")
    assert "**Awaiting sign-off** · 1" in _text(at)
    at.button(key=f"review.sign_off.{ids[0]}").click().run()
    assert any("signed off by Eve: published (v2)" in s.value for s in at.success)
    assert _history(team_home, ids[0]) == [
        ("Ben", ReviewAction.ACCEPT),
        ("Eve", ReviewAction.SIGN_OFF),
    ]
    assert "✓ published: decided by Ben, signed off by <b>Eve</b>" in _text(at)
    assert "**Awaiting sign-off** · 0" in _text(at)
    own = at.button(key=f"review.sign_off.{ids[1]}")
    assert own.disabled and own.help == "You decided it: another editor signs it off"
    assert _history(team_home, ids[1]) == [("Eve", ReviewAction.ACCEPT)]


def test_send_back_needs_a_reason_and_reaches_the_reviewer(team_home: Path) -> None:
    wb, run_id, ids = _desk(team_home)
    AssignmentService(wb).assign(run_id, "Ben", ids[:1], by=UserService(wb).get("Eve"))
    ReviewService(wb).accept(run_id, ids[0], "Ben")
    wb.close()
    at = _signed_in("Ada")
    at.button(key=f"review.send_back.{ids[0]}").click().run()
    assert any("say why you send it back" in e.value for e in at.error)
    at.text_input(key=f"review.send_back.reason.{ids[0]}").input("Which museum?")
    at.button(key=f"review.send_back.{ids[0]}").click().run()
    assert any("sent back by Ada: pending (v2)" in s.value for s in at.success)
    assert _history(team_home, ids[0])[-1] == ("Ada", ReviewAction.SEND_BACK)
    ben = _signed_in("Ben")
    assert "sent back: Which museum?" in _text(ben) and "**Assigned to me** · 1" in _text(ben)


def test_an_editor_demoted_since_the_page_was_drawn_cannot_sign_off(team_home: Path) -> None:
    wb, run_id, ids = _desk(team_home)
    ReviewService(wb).accept(run_id, ids[0], "Ben")
    wb.close()
    at = _signed_in("Eve")
    sign_off = at.button(key=f"review.sign_off.{ids[0]}")
    wb = Workbench(Settings(home=team_home))
    users = UserService(wb)
    users.set_role("Eve", Role.REVIEWER, by=users.get("Ada"))
    wb.close()
    sign_off.click().run()
    assert _history(team_home, ids[0]) == [("Ben", ReviewAction.ACCEPT)]
    assert not _buttons(at, "Sign off")  # redrawn as a reviewer's screen
