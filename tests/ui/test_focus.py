"""The Focus screen through AppTest, on a real database: one assertion at a time, moves,
decisions stored under the reviewer, next pending, and bulk accept with its confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from team_mode import PASSWORD, add_desk

from workbench.records import Label, ReviewAction, ReviewStatus
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings

APP = str(Path(__file__).parents[2] / "workbench" / "ui" / "app.py")
EIFFEL = "The Eiffel Tower opened in Paris in 1889."


def _focus(reviewer: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["reviewer"] = reviewer
    at.run()
    at.switch_page("screens/focus.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest) -> str:
    kinds = ("markdown", "caption", "error", "success", "warning")
    return "\n".join(e.value for kind in kinds for e in getattr(at, kind))


def _press(at: AppTest, key: str) -> None:
    at.button(key=key).click().run()
    assert not at.exception, at.exception


def _states(home: Path) -> tuple[str, dict[str, tuple]]:
    """The run id, and per verified claim text (status, label, [(reviewer, action, note)])."""
    wb = Workbench(Settings(home=home))
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    rows = service.results(run_id)
    wb.close()
    return run_id, {
        r.assertion.text: (
            s.status,
            s.current.label,
            [(e.reviewer, e.action, e.note) for e in s.history],
        )
        for r, s in rows
        if r.verdict
    }


def _in_focus(at: AppTest) -> str:
    """The assertion on screen (its widgets carry its id)."""
    key = next(t.key for t in at.text_input if t.key.startswith("focus.reason."))
    return key.removeprefix("focus.reason.")


def test_one_assertion_at_a_time_in_its_context(focus_home: Path) -> None:
    at = _focus()
    text = _text(at)
    assert "1 of 5 · 5 pending" in text
    assert "<mark>The Moai were carved by the Rapa Nui people.</mark>" in text
    assert "The Eiffel Tower opened in Paris in 1889." in text  # the sentences after it
    assert "Machine proposal" in text and "confidence 0.80" in text
    assert 'class="wb-ev cited"' in text  # the cited evidence sentence is marked
    assert "&lt;script&gt;" in text and "<script>alert" not in text  # the hostile source
    assert "Pending: no reviewer has decided yet." in text
    assert all(at.button(key=k).disabled for k in ("focus.accept", "focus.previous"))
    assert "Enter your name under Reviewer" in text

    _press(at, "focus.next")
    text = _text(at)
    assert "2 of 5 · 5 pending" in text
    assert f"<mark>{EIFFEL}</mark>" in text
    assert "Rule: " in text and "confidence" not in text  # a rule, not "0.90"
    assert "None of the retrieved source sentences mentions" in text
    _press(at, "focus.previous")
    assert "1 of 5 · 5 pending" in _text(at)


def test_decisions_are_stored_and_the_screen_moves_on(focus_home: Path) -> None:
    at = _focus("Ana")
    first = _in_focus(at)
    _press(at, "focus.accept")
    assert "Accepted by Ana: version 1." in _text(at)
    assert "2 of 5 · 4 pending" in _text(at)  # moved on to the next pending
    second = _in_focus(at)

    # reject needs a reason, and stays put until it has one
    _press(at, f"FormSubmitter:focus.reject.{second}-Reject")
    assert "Say why you reject it" in _text(at)
    at.text_input(key=f"focus.reason.{second}").input("The corpus is about Easter Island.")
    _press(at, f"FormSubmitter:focus.reject.{second}-Reject")
    assert "3 of 5 · 3 pending" in _text(at)
    _press(at, "focus.previous")  # the rejected one says why, and shows no label as decided
    shown = next(m.value for m in at.markdown if "Rejected by Ana" in m.value)
    decided = shown.split('class="wb-proposal')[0]  # the decision's box, before the machine's
    assert "The corpus is about Easter Island." in decided
    assert "wb-rejected" in decided and "wb-label" not in decided
    _press(at, "focus.next")

    third = _in_focus(at)
    at.text_input(key=f"focus.note.{third}").input("Ask the museum.")
    _press(at, f"FormSubmitter:focus.note_form.{third}-Save note")
    assert "Noted by Ana: version 1." in _text(at)
    assert _in_focus(at) == third  # a note decides nothing: the screen stays
    assert "Ask the museum." in _text(at)  # in the history

    at.selectbox(key=f"focus.label.{third}").select("REFUTED")
    at.text_area(key=f"focus.rationale.{third}").input("The statues stand on Rapa Nui.")
    _press(at, f"FormSubmitter:focus.edit.{third}-Save edit")
    assert "Edited by Ana: version 2." in _text(at)
    assert "4 of 5 · 2 pending" in _text(at)

    _, by_id = _states(focus_home)
    assert by_id["The Moai were carved by the Rapa Nui people."] == (
        ReviewStatus.ACCEPTED,
        Label.SUPPORTED,
        [("Ana", ReviewAction.ACCEPT, None)],
    )
    assert by_id[EIFFEL] == (
        ReviewStatus.REJECTED,
        Label.NOT_ENOUGH_EVIDENCE,
        [("Ana", ReviewAction.REJECT, "The corpus is about Easter Island.")],
    )
    assert by_id["The Moai stand on Easter Island."] == (
        ReviewStatus.EDITED,
        Label.REFUTED,
        [("Ana", ReviewAction.NOTE, "Ask the museum."), ("Ana", ReviewAction.EDIT, None)],
    )
    assert first != second != third


def test_next_pending_skips_decided_ones_and_wraps(focus_home: Path) -> None:
    run_id, _ = _states(focus_home)
    wb = Workbench(Settings(home=focus_home))
    service = ReviewService(wb)
    ids = [r.assertion.assertion_id for r, _ in service.results(run_id) if r.verdict]
    for aid in (ids[1], ids[2]):  # someone else decided the second and third
        service.accept(run_id, aid, "Ben", seen_version=0)
    at = _focus("Ana")
    assert "1 of 5 · 3 pending" in _text(at)
    _press(at, "focus.next_pending")
    assert _in_focus(at) == ids[3]
    _press(at, "focus.next_pending")
    assert _in_focus(at) == ids[4]
    _press(at, "focus.next_pending")
    assert _in_focus(at) == ids[0]  # round to the start
    for aid in (ids[0], ids[3], ids[4]):
        service.accept(run_id, aid, "Ben", seen_version=0)
    wb.close()
    at.run()
    _press(at, "focus.next_pending")
    assert "Nothing pending in this run" in _text(at)
    assert "1 of 5 · 0 pending" in _text(at)


def test_a_save_on_a_changed_verdict_is_refused_and_says_who(focus_home: Path) -> None:
    at = _focus("Ana")
    run_id, _ = _states(focus_home)
    wb = Workbench(Settings(home=focus_home))
    ReviewService(wb).reject(run_id, _in_focus(at), "Ben", seen_version=0, reason="No.")
    wb.close()
    _press(at, "focus.accept")  # drawn at version 0
    text = _text(at)
    assert "Not saved" in text and "Ben" in text
    assert "1 of 5" in text  # did not move


def test_bulk_accept_after_a_look_and_a_confirmation(focus_home: Path) -> None:
    at = _focus("Ana")
    text = _text(at)
    assert "3 pending NOT_ENOUGH_EVIDENCE verdicts decided by a rule" in text
    assert "Berlin had 3.7 million residents in 2020." in text
    assert at.button(key="bulk.accept").disabled  # not confirmed yet
    at.checkbox(key="bulk.confirm").check().run()
    _press(at, "bulk.accept")
    assert "Accepted 3 by Ana; skipped 0." in _text(at)
    assert not at.checkbox(key="bulk.confirm").value  # the next one needs a new look
    _, states = _states(focus_home)
    decided = {t: s[0] for t, s in states.items()}
    assert decided == {
        "The Moai were carved by the Rapa Nui people.": ReviewStatus.PENDING,
        EIFFEL: ReviewStatus.ACCEPTED,
        "The Moai stand on Easter Island.": ReviewStatus.PENDING,
        "Berlin had 3.7 million residents in 2020.": ReviewStatus.ACCEPTED,
        "Lagos hosted the 1973 All-Africa Games.": ReviewStatus.ACCEPTED,
    }
    assert "0 pending NOT_ENOUGH_EVIDENCE verdicts decided by a rule" in _text(at)


def test_bulk_skips_a_verdict_changed_after_the_look(focus_home: Path) -> None:
    at = _focus("Ana")
    at.checkbox(key="bulk.confirm").check().run()
    run_id, _ = _states(focus_home)
    wb = Workbench(Settings(home=focus_home))
    service = ReviewService(wb)
    berlin = next(
        r.assertion.assertion_id
        for r, _ in service.results(run_id)
        if r.assertion.text.startswith("Berlin")
    )
    service.edit(run_id, berlin, "Ben", seen_version=0, label=Label.REFUTED, rationale="No.")
    wb.close()
    _press(at, "bulk.accept")  # the list on screen still shows Berlin at version 0
    text = _text(at)
    assert "Accepted 2 by Ana; skipped 1." in text
    assert f"skipped {berlin}: changed since you looked (version 0 → 1: Ben (edit))" in text
    _, states = _states(focus_home)
    assert states["Berlin had 3.7 million residents in 2020."][:2] == (
        ReviewStatus.EDITED,
        Label.REFUTED,
    )


@pytest.mark.usefixtures("cheap_passwords")
def test_team_mode_stores_the_signed_in_account(focus_home: Path) -> None:
    wb = Workbench(Settings(home=focus_home))
    add_desk(wb, "Ben")
    wb.close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("screens/focus.py")
    at.run()
    assert "Focus" not in [t.value for t in at.title]  # behind the sign-in screen
    at.text_input(key="sign_in.name").input("Ben")
    at.text_input(key="sign_in.password").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click().run()
    assert [t.value for t in at.title] == ["Focus"]
    _press(at, "focus.accept")
    assert "Accepted by Ben: version 1." in _text(at)
    _, states = _states(focus_home)
    assert states["The Moai were carved by the Rapa Nui people."][2] == [
        ("Ben", ReviewAction.ACCEPT, None)
    ]
