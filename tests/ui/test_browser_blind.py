"""Blind double review in a real browser (team mode). Eve (editor) switches it on for a run
with Ben and Cleo as its two reviewers; Ben decides three verdicts; Cleo, in a browser
context of her own, sees nothing of his decisions before deciding hers (one differently,
two the same); then both see both votes, Eve resolves the disagreement from her queue, and
the Agreement screen shows the kappa the desk service computes. Nothing leaves the machine."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS, loaded, open_context, settle
from team_mode import PASSWORD

from workbench.desk.agreement import by_pair, by_run, voted_pairs
from workbench.records import ReviewAction
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings

GUARD_MS = 600_000  # a hang guard, not a speed limit: a busy machine may take minutes
HIDDEN = "hidden until both blind reviewers have decided"
BEN_REASON = "Ben says the source names the carvers only in passing."
CLEO_REASON = "Cleo says the source is about the island, not the carvers."


def _sign_in(page: Any, url: str, name: str) -> None:
    """A fresh session (a load of the app) signed in as `name`."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=GUARD_MS)
    loaded(page, GUARD_MS)
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)  # a form: no rerun yet
    settle(page, lambda: page.get_by_role("button", name="Sign in").click(), GUARD_MS)
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()


def _card(page: Any, assertion_id: str) -> Any:
    return page.locator(f".st-key-review-card-{assertion_id}")


def _accept(page: Any, assertion_id: str) -> None:
    button = _card(page, assertion_id).get_by_role("button", name="Accept")
    settle(page, button.click, GUARD_MS)


def _reject(page: Any, assertion_id: str, reason: str) -> None:
    card = _card(page, assertion_id)
    why = card.get_by_label("Why reject?")
    why.fill(reason)
    settle(page, lambda: why.press("Enter"), GUARD_MS)  # the reason reaches the session
    settle(page, card.get_by_role("button", name="Reject").click, GUARD_MS)


def _with_history(page: Any, assertion_id: str) -> str:
    """The card's text with its History unfolded (HTML details: no rerun)."""
    from playwright.sync_api import expect

    card = _card(page, assertion_id)
    fold = card.locator("details.wb-fold", has_text=re.compile(r"History \(\d+\)"))
    fold.locator("summary").click()
    expect(fold).to_have_attribute("open", "")
    return card.inner_text()


def _open(scope: Any, label: str | re.Pattern[str]) -> None:
    """Open the expander with this label (in the browser only: no rerun), and wait until
    its content takes clicks (a closed expander's content is inert)."""
    expander = scope.locator('[data-testid="stExpander"]', has_text=label)
    expander.locator("summary").click()
    expander.locator('[data-testid="stExpanderDetails"]:not([inert])').wait_for(state="visible")


def _pick(page: Any, box: str, option: str) -> None:
    """Choose ``option`` in the select box ``box``, until the box shows it. On a loaded machine
    a rerun that follows the last one (a sign-in reruns twice) can redraw the box and close
    its list, before or while the option is clicked: then it is opened and clicked again."""
    from playwright.sync_api import Error as PlaywrightError

    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(5):
        try:
            page.get_by_label(box).click()
            choice.wait_for(state="visible", timeout=15_000)
            settle(page, lambda: choice.click(timeout=5_000), GUARD_MS)
        except PlaywrightError:
            continue
        if page.get_by_label(box).input_value() == option:
            return
    raise AssertionError(f"{box} never showed {option}")


def _table(page: Any, index: int) -> list[dict[str, str]]:
    """The rows of the page's index-th dataframe (header -> cell) from the grid it keeps
    for screen readers (the cells themselves are painted on a canvas)."""
    from playwright.sync_api import expect

    grid = page.locator('[data-testid="stDataFrame"]').nth(index).locator("table[role='grid']")
    expect(grid.locator("td").first).to_be_attached()  # drawn after the canvas
    headers = [h.text_content().strip() for h in grid.locator("thead th").all()]
    return [
        dict(zip(headers, [c.text_content().strip() for c in row.locator("td").all()], strict=True))
        for row in grid.locator("tbody tr").all()
    ]


@pytest.mark.browser
def test_blind_double_review_from_switch_on_to_agreement(
    team_home: Path, app_url: str, cheap_passwords: None
) -> None:
    from playwright.sync_api import expect, sync_playwright

    wb = Workbench(Settings(home=team_home))
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    verified = [r for r, _ in service.results(run_id) if r.verdict]
    assert len(verified) >= 3
    split, agreed, both_reject = (r.assertion.assertion_id for r in verified[:3])
    machine = verified[0].verdict.label.value  # type: ignore[union-attr]
    assert {r.verdict.label.value for r in verified[:3]} == {machine}  # type: ignore[union-attr]
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        eve, ben, cleo = (open_context(browser, outside) for _ in range(3))

        # Eve puts the run under blind double review on the Review screen.
        _sign_in(eve, app_url, "Eve")
        _open(eve, "Blind double review")
        _pick(eve, "First reviewer", "Ben")
        _pick(eve, "Second reviewer", "Cleo")
        settle(eve, eve.get_by_role("button", name="Switch on blind review").click, GUARD_MS)
        expect(eve.get_by_text("blind double review by Ben and Cleo")).to_be_visible()

        # Ben: accepts two, rejects one; each a vote hidden from Cleo.
        _sign_in(ben, app_url, "Ben")
        _accept(ben, split)
        expect(_card(ben, split)).to_contain_text(
            "blind vote saved (v1) by Ben: hidden from Cleo until they vote too"
        )
        _accept(ben, agreed)
        _reject(ben, both_reject, BEN_REASON)
        expect(_card(ben, both_reject)).to_contain_text("blind vote saved (v1) by Ben")

        # Cleo, in her own context: not one of Ben's decisions or reasons anywhere.
        _sign_in(cleo, app_url, "Cleo")
        for aid in (split, agreed, both_reject):
            text = _with_history(cleo, aid)
            assert "blind review by Ben and Cleo: 1 of 2 voted; waiting for Cleo" in text
            assert HIDDEN in text
            # Ben is named only as one of the pair and as someone who voted, never with
            # what he decided.
            rest = text.replace("blind review by Ben and Cleo", "")
            rest = re.sub(rf"Ben · blind_vote\s*— {HIDDEN}", "", rest)
            assert "Ben" not in rest, text
            assert "accepted" not in text.casefold() and "rejected" not in text.casefold(), text
        seen = cleo.locator("body").inner_text() + cleo.content()
        assert BEN_REASON not in seen
        assert "Ben:" not in seen  # a vote as the cards show it once both have voted
        assert not re.search(r"by Ben(?! and Cleo)", seen)  # "Accepted by Ben", "Note by Ben"

        _reject(cleo, split, CLEO_REASON)
        expect(_card(cleo, split)).to_contain_text(
            "blind vote saved (v2) by Cleo: the two disagree, an editor decides"
        )
        _accept(cleo, agreed)
        expect(_card(cleo, agreed)).to_contain_text("Accepted by Cleo")
        _reject(cleo, both_reject, CLEO_REASON)
        expect(_card(cleo, both_reject)).to_contain_text("Rejected by Cleo")

        # Both decided: each reviewer's page shows both votes.
        both_votes = f"Ben: {machine} (accepted) · Cleo: REJECTED (rejected)"
        expect(_card(cleo, split)).to_contain_text(both_votes)
        _sign_in(ben, app_url, "Ben")  # a new load: Ben's page as he finds it now
        expect(_card(ben, split)).to_contain_text(f"disagrees: {both_votes}; an editor decides")
        agreed_text = _with_history(ben, agreed)
        assert f"Ben and Cleo agree ({machine})" in agreed_text, agreed_text
        rejected_text = _with_history(ben, both_reject)
        assert f"Ben: {BEN_REASON}; Cleo: {CLEO_REASON}" in rejected_text, rejected_text

        # Eve: the disagreement is in her queue; she resolves it with Cleo's decision.
        _sign_in(eve, app_url, "Eve")
        queues = eve.locator(".st-key-review-queues")
        expect(queues).to_contain_text("Disagreements · 1")
        expect(queues).to_contain_text(both_votes.replace(" · ", "; "))
        opened = queues.locator(f".st-key-review-queue-open-disagreements-{run_id}")
        settle(eve, opened.get_by_role("button", name="Open").click, GUARD_MS)
        expect(eve.get_by_text("showing 1", exact=False)).to_be_visible()
        take = _card(eve, split).get_by_role("button", name="Take Cleo's")
        settle(eve, take.click, GUARD_MS)
        expect(_card(eve, split)).to_contain_text("resolved by Eve: rejected (v3)")
        expect(queues).to_contain_text("Disagreements · 0")

        # The Agreement screen: Cohen's kappa per pair and per run.
        settle(eve, eve.get_by_role("link", name="Agreement").click, GUARD_MS)
        expect(eve.get_by_role("heading", name="Agreement")).to_be_visible()
        pairs, runs = _table(eve, 0), _table(eve, 1)
        browser.close()

    (pair,) = by_pair(wb)
    (run,) = by_run(wb)
    votes = {(a.label, b.label) for _, a, b in voted_pairs(wb)}
    histories = {
        aid: [(e.reviewer, e.action) for e in service.state(run_id, aid)[1].history]
        for aid in (split, agreed, both_reject)
    }
    wb.close()
    vote = ReviewAction.BLIND_VOTE
    assert histories == {
        split: [("Ben", vote), ("Cleo", vote), ("Eve", ReviewAction.REJECT)],
        agreed: [("Ben", vote), ("Cleo", vote), ("Cleo", ReviewAction.ACCEPT)],
        both_reject: [("Ben", vote), ("Cleo", vote), ("Cleo", ReviewAction.REJECT)],
    }
    # Ben (rater A) and Cleo on the three verdicts: what the desk's kappa is made of.
    assert votes == {(machine, "REJECTED"), (machine, machine), ("REJECTED", "REJECTED")}
    assert pair.agreement.n == 3 and pair.agreement.kappa == pytest.approx(0.4)
    assert run.agreement.kappa == pair.agreement.kappa
    assert [(row["reviewers"], row["verdicts both decided"]) for row in pairs] == [
        ("Ben & Cleo", "3")
    ]
    assert float(pairs[0]["kappa"]) == pytest.approx(pair.agreement.kappa, abs=1e-4)
    assert [(row["run"], row["reviewers"]) for row in runs] == [(run_id, "Ben & Cleo")]
    assert float(runs[0]["kappa"]) == pytest.approx(run.agreement.kappa, abs=1e-4)
    assert outside == []  # no font, icon or tracker fetched from outside
