"""The desk's queues in Chromium: "Open" on a queue of another run than the one shown must
change the run picker the browser shows too, and the run must stay chosen on the next click
(the browser sends its picker's value back with every rerun)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from chromium import loaded, open_page, settle, streamlit_server
from fakes import stepwise_llm
from team_mode import PASSWORD

from workbench.check.pipeline import Checker, article_from_text
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings


@pytest.mark.browser
def test_opening_a_queue_of_another_run_shows_that_run_in_the_picker(
    team_home: Path,
    embeddings,  # type: ignore[no-untyped-def]
) -> None:
    from playwright.sync_api import expect, sync_playwright

    wb = Workbench(Settings(home=team_home))
    wb.embeddings = embeddings
    service = ReviewService(wb)
    older = service.runs()[0][0].run_id
    decided = next(r.assertion.assertion_id for r, _ in service.results(older) if r.verdict)
    service.accept(older, decided, "Cleo")  # awaits Eve's sign-off
    wb.llm = stepwise_llm(wb.db)
    text = "The Moai were carved by the Rapa Nui people."
    newer = Checker(wb).check(article_from_text(text, "Newer", "t"), "islands").run.run_id
    wb.close()

    with sync_playwright() as playwright, streamlit_server(team_home) as url:
        page = open_page(playwright)
        page.goto(url)
        loaded(page)
        page.get_by_role("textbox", name="Name").fill("Eve")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        settle(page, page.get_by_role("button", name="Sign in").click)
        picker = page.get_by_role("combobox", name="Run")
        expect(picker).to_have_value(_ends_with(newer))  # the newest run, by default

        open_queue = page.locator(f".st-key-review-queue-open-awaiting-my-sign-off-{older}")
        settle(page, open_queue.get_by_role("button").click)
        card = page.locator(f".st-key-review-card-{decided}")
        expect(card).to_be_visible()
        expect(picker).to_have_value(_ends_with(older))

        settle(page, page.get_by_role("button", name="Sort again").click)
        expect(picker).to_have_value(_ends_with(older))
        expect(card).to_be_visible()  # still the queue's run, not the picker's old one
        page.context.browser.close()
    # The picker's value was set through its state alone: Streamlit warned of nothing.
    assert "set via the Session State API" not in (team_home / "streamlit.log").read_text()


def _ends_with(run_id: str) -> re.Pattern[str]:
    """The picker's text: the article's title, corpus and date, then the run's id."""
    return re.compile(rf"· {re.escape(run_id)}$")
