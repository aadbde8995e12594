"""The Corpora screen's search in Chromium: the hits and the whole document are drawn from
a source full of script tags, marked up, and no script from it runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui.test_browser import ARTIFACTS, CHROMIUM, idle


@pytest.mark.browser
def test_corpus_search_in_chromium_marks_the_hit_and_runs_no_source_script(
    app_url: str,
    ui_home: Path,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{app_url}/corpora")
        idle(page)
        search = page.locator(".st-key-corpora-search input")
        search.fill("Who carved the Moai?")
        search.press("Enter")
        idle(page)
        expect(page.locator("mark", has_text="carved").first).to_be_visible()
        page.get_by_text("Show the whole document").first.click()
        idle(page)
        expect(page.locator(".wb-article").first).to_contain_text("They stand on Easter Island.")
        expect(page.locator(".wb-article").first).to_contain_text("<script>alert('xss')</script>")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "corpora-search.png"), full_page=True)
        browser.close()
    assert dialogs == []  # no alert() from the source ran
