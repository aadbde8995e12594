"""One run worked through end to end on the Focus screen in Chromium, from the keyboard alone:
moves with J/K and the arrows, accept, reject with a reason, a note, an edit, next pending;
every verdict decided, and the database holds each decision under the reviewer's name."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import is_local, loaded, open_page, settle

from workbench.records import Label, ReviewAction, ReviewStatus
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings

ARTIFACTS = Path(__file__).parents[1] / "artifacts"


@pytest.mark.browser
def test_a_run_decided_from_the_keyboard(focus_url: str, focus_home: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        page = open_page(p)
        page.on("request", lambda r: None if is_local(r.url) else outside.append(r.url))
        keys = page.keyboard

        def at(line: str) -> None:
            expect(page.get_by_text(line)).to_be_visible()

        def press(key: str) -> None:
            settle(page, lambda: keys.press(key))

        page.goto(f"{focus_url}/focus?reviewer=Cleo")  # the name from the address, as on reload
        expect(page.get_by_role("heading", name="Focus")).to_be_visible(timeout=60_000)
        loaded(page)
        at("1 of 5 · 5 pending")
        expect(page.get_by_text("J or → next", exact=False)).to_be_visible()  # keys on screen

        press("j")
        at("2 of 5 · 5 pending")
        press("ArrowRight")
        at("3 of 5 · 5 pending")
        press("ArrowLeft")
        at("2 of 5 · 5 pending")
        press("k")
        at("1 of 5 · 5 pending")

        press("a")  # accept the first; the screen moves on to the next pending
        at("2 of 5 · 4 pending")

        keys.press("r")  # the cursor goes to "Why reject?" (no rerun: Streamlit's R is held)
        expect(page.get_by_label("Why reject? (R)")).to_be_focused()
        keys.type("The corpus says nothing about Paris.")
        press("Enter")
        at("3 of 5 · 3 pending")

        keys.press("n")
        expect(page.get_by_label("Note (N)")).to_be_focused()
        keys.type("Ask the museum which island.")
        press("Enter")
        expect(page.get_by_text("Noted by Cleo: version 1.")).to_be_visible()
        at("3 of 5 · 3 pending")  # a note decides nothing
        keys.press("Escape")  # out of the note field: letters are shortcuts again

        keys.press("e")
        label = page.get_by_role("combobox", name="Label (E)")
        expect(label).to_be_focused()
        keys.type("Refuted")
        keys.press("Enter")
        expect(label).to_have_value("Refuted")
        keys.press("Tab")
        expect(page.get_by_label("Rationale")).to_be_focused()
        keys.press("Control+A")
        keys.type("The statues stand on Rapa Nui, not here.")
        press("Control+Enter")
        at("4 of 5 · 2 pending")

        press("p")  # next pending: the fifth
        at("5 of 5 · 2 pending")
        press("a")
        at("4 of 5 · 1 pending")  # round to the one left
        press("a")
        at("4 of 5 · 0 pending")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "focus-keyboard.png"), full_page=True)
        page.context.browser.close()

    wb = Workbench(Settings(home=focus_home))
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    decided = {
        r.assertion.text: (
            s.status,
            s.current.label,
            [(e.reviewer, e.action, e.note) for e in s.history],
        )
        for r, s in service.results(run_id)
        if r.verdict
    }
    wb.close()
    assert outside == []
    assert decided == {
        "The Moai were carved by the Rapa Nui people.": (
            ReviewStatus.ACCEPTED,
            Label.SUPPORTED,
            [("Cleo", ReviewAction.ACCEPT, None)],
        ),
        "The Eiffel Tower opened in Paris in 1889.": (
            ReviewStatus.REJECTED,
            Label.NOT_ENOUGH_EVIDENCE,
            [("Cleo", ReviewAction.REJECT, "The corpus says nothing about Paris.")],
        ),
        "The Moai stand on Easter Island.": (
            ReviewStatus.EDITED,
            Label.REFUTED,
            [
                ("Cleo", ReviewAction.NOTE, "Ask the museum which island."),
                ("Cleo", ReviewAction.EDIT, None),
            ],
        ),
        "Berlin had 3.7 million residents in 2020.": (
            ReviewStatus.ACCEPTED,
            Label.NOT_ENOUGH_EVIDENCE,
            [("Cleo", ReviewAction.ACCEPT, None)],
        ),
        "Lagos hosted the 1973 All-Africa Games.": (
            ReviewStatus.ACCEPTED,
            Label.NOT_ENOUGH_EVIDENCE,
            [("Cleo", ReviewAction.ACCEPT, None)],
        ),
    }
