"""The desk in the Streamlit app (AppTest, real database): the queues, the assign control,
sign-off and send-back on the cards, and who may use them."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from team_mode import APP, signed_in_app

from workbench.accounts.users import UserService
from workbench.desk.assignments import AssignmentService
from workbench.desk.blind import BlindReviewService
from workbench.records import ReviewAction, Role
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings


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
    at = signed_in_app("Ben")
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
    at = signed_in_app("Eve")
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
    at = signed_in_app("Eve")
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
    at = signed_in_app("Ada")
    at.button(key=f"review.send_back.{ids[0]}").click().run()
    assert any("say why you send it back" in e.value for e in at.error)
    at.text_input(key=f"review.send_back.reason.{ids[0]}").input("Which museum?")
    at.button(key=f"review.send_back.{ids[0]}").click().run()
    assert any("sent back by Ada: pending (v2)" in s.value for s in at.success)
    assert _history(team_home, ids[0])[-1] == ("Ada", ReviewAction.SEND_BACK)
    ben = signed_in_app("Ben")
    assert "sent back: Which museum?" in _text(ben) and "**Assigned to me** · 1" in _text(ben)


def test_an_editor_demoted_since_the_page_was_drawn_cannot_sign_off(team_home: Path) -> None:
    wb, run_id, ids = _desk(team_home)
    ReviewService(wb).accept(run_id, ids[0], "Ben")
    wb.close()
    at = signed_in_app("Eve")
    sign_off = at.button(key=f"review.sign_off.{ids[0]}")
    wb = Workbench(Settings(home=team_home))
    users = UserService(wb)
    users.set_role("Eve", Role.REVIEWER, by=users.get("Ada"))
    wb.close()
    sign_off.click().run()
    assert _history(team_home, ids[0]) == [("Ben", ReviewAction.ACCEPT)]
    assert not _buttons(at, "Sign off")  # redrawn as a reviewer's screen


# --- blind double review ------------------------------------------------------------------


def _blind(home: Path, *votes: tuple[str, str]) -> tuple[str, list[str]]:
    """Put the run under blind review by Ben and Cleo (set by Eve), then cast the votes
    ("accept" or "reject") on the first verdict: (run id, verified assertion ids)."""
    wb, run_id, ids = _desk(home)
    BlindReviewService(wb).switch_on(run_id, ["Ben", "Cleo"], by=UserService(wb).get("Eve"))
    review = ReviewService(wb)
    for who, action in votes:
        if action == "reject":
            review.reject(run_id, ids[0], who, reason="Not on the island.")
        else:
            review.accept(run_id, ids[0], who)
    wb.close()
    return run_id, ids


def test_an_editor_switches_on_blind_review_a_reviewer_cannot(team_home: Path) -> None:
    ben = signed_in_app("Ben")
    assert not [e for e in ben.expander if e.label.startswith("Blind double review")]
    assert not _buttons(ben, "Switch on blind review")
    eve = signed_in_app("Eve")
    eve.selectbox(key="review.blind.first").select("Ben")
    eve.selectbox(key="review.blind.second").select("Cleo")
    eve.button(key="review.blind.on").click().run()
    assert "blind double review by Ben and Cleo" in [s.value for s in eve.success]
    # Open, so the outcome is in sight: the renamed expander is drawn anew in the browser.
    (switched,) = [e for e in eve.expander if e.label == "Blind double review · on"]
    assert switched.proto.expanded
    wb, run_id, _ = _desk(team_home)
    made = BlindReviewService(wb).blind_run(run_id)
    wb.close()
    assert made is not None and (made.reviewers, made.set_by) == (("Ben", "Cleo"), "Eve")


def test_a_blind_vote_is_hidden_from_the_other_reviewer_on_the_cards(team_home: Path) -> None:
    _, ids = _blind(team_home)
    ben = signed_in_app("Ben")
    ben.button(key=f"review.reject.{ids[0]}")  # present: Ben is one of the two
    ben.text_input(key=f"review.reason.{ids[0]}").input("Not on the island.")
    ben.button(key=f"review.reject.{ids[0]}").click().run()
    assert any(
        "blind vote saved (v1) by Ben: hidden from Cleo until they vote too" in s.value
        for s in ben.success
    )
    assert "1 of 2 voted; you voted <b>Ben</b>: REJECTED (rejected)" in _text(ben)
    cleo = signed_in_app("Cleo")
    shown = _text(cleo)
    assert "blind review by Ben and Cleo: 1 of 2 voted; waiting for Cleo" in shown
    assert "REJECTED" not in shown and "Not on the island." not in shown
    assert "hidden until both blind reviewers have decided" in shown  # the history line
    assert "**Assigned to me** · 3" in shown  # every pending verdict of the blind run
    # An editor is not one of the two: no Accept on the blind round's cards.
    eve = signed_in_app("Eve")
    assert not _buttons(eve, "Accept")
    assert "Blind double review: only its two reviewers decide this verdict." in _text(eve)
    assert _history(team_home, ids[0]) == [("Ben", ReviewAction.BLIND_VOTE)]


def test_an_editor_resolves_a_disagreement_a_reviewer_cannot(team_home: Path) -> None:
    _, ids = _blind(team_home, ("Ben", "reject"), ("Cleo", "accept"))
    ben = signed_in_app("Ben")
    assert not [b for b in ben.button if b.label.startswith("Take ")]
    assert "disagreements" not in ben.radio(key="review.queue").options
    eve = signed_in_app("Eve")
    assert "**Disagreements** · 1" in _text(eve)
    assert "Ben: REJECTED (rejected); Cleo: SUPPORTED (accepted)" in _text(eve)
    eve.button(key=f"review.resolve.{ids[0]}.Cleo").click().run()
    assert any("resolved by Eve: accepted (v3)" in s.value for s in eve.success)
    assert "**Disagreements** · 0" in _text(eve)
    assert _history(team_home, ids[0]) == [
        ("Ben", ReviewAction.BLIND_VOTE),
        ("Cleo", ReviewAction.BLIND_VOTE),
        ("Eve", ReviewAction.ACCEPT),
    ]


def test_an_editor_resolves_a_disagreement_with_a_label_of_their_own(team_home: Path) -> None:
    run_id, ids = _blind(team_home, ("Ben", "reject"), ("Cleo", "accept"))
    eve = signed_in_app("Eve")
    eve.selectbox(key=f"review.resolve.{ids[0]}.label").select("CONFLICTING")
    eve.text_area(key=f"review.resolve.{ids[0]}.rationale").input("Sources differ.")
    next(b for b in eve.button if b.label == "Resolve").click().run()
    assert any("resolved by Eve: edited (v3)" in s.value for s in eve.success)
    wb = Workbench(Settings(home=team_home))
    state = ReviewService(wb).state(run_id, ids[0])[1]
    wb.close()
    assert (state.current.label.value, state.current.rationale) == (
        "CONFLICTING",
        "Sources differ.",
    )
    assert [v.reviewer for v in state.history[-1].blind_votes] == ["Ben", "Cleo"]


def test_the_agreement_view_is_for_editors(team_home: Path) -> None:
    wb, run_id, ids = _desk(team_home)
    BlindReviewService(wb).switch_on(run_id, ["Ben", "Cleo"], by=UserService(wb).get("Eve"))
    review = ReviewService(wb)
    review.accept(run_id, ids[0], "Ben")
    review.accept(run_id, ids[0], "Cleo")
    review.accept(run_id, ids[1], "Ben")
    review.reject(run_id, ids[1], "Cleo", reason="No.")
    wb.close()
    eve = signed_in_app("Eve")
    eve.switch_page("screens/agreement.py").run()
    assert [t.value for t in eve.title] == ["Agreement"]
    pairs, runs = (frame.value for frame in eve.dataframe)
    assert pairs.to_dict("records") == [
        {
            "reviewers": "Ben & Cleo",
            "runs": 1,
            "verdicts both decided": 2,
            "observed agreement": 0.5,
            "expected by chance": 0.5,  # Ben SUPPORTED twice: p_e = 1 * 1/2
            "kappa": 0.0,
        }
    ]
    assert runs["run"].tolist() == [run_id]
    # Kappa before the long columns, in sight on a screen narrower than the table.
    assert list(runs.columns)[:2] == ["reviewers", "kappa"]  # kappa before the long title
    assert list(runs.columns).index("article") > 1
    assert list(pairs.columns)[:3] == ["reviewers", "runs", "kappa"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        signed_in_app("Ben").switch_page("screens/agreement.py")  # not in a reviewer's navigation
    # The screen checks the role itself too, should it ever be reached another way.
    direct = AppTest.from_file(str(Path(APP).parent / "screens" / "agreement.py"))
    direct.session_state["account"] = "Ben"
    direct.run()
    assert [e.value for e in direct.error] == [
        "Ben is a reviewer: to resolve disagreements you need an editor account or above"
    ]
    assert not direct.dataframe
