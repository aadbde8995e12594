"""A reviewer's session in a real browser: `streamlit run` on 127.0.0.1, Debian's Chromium
driven by Playwright. Accept one verdict (the card stays where it was, its confirmation at
it), go on to the next pending card, annotate and reject it, edit a third; the database must
hold the events under the reviewer's name, and no script from a source may run."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import is_local, streamlit_server
from fakes import check_platforms_article
from hardening.fault_server import FaultServer
from team_mode import PASSWORD, add_desk

from workbench.accounts.users import UserService
from workbench.records import Label, ReviewAction, Role
from workbench.review import ReviewService
from workbench.services import Workbench
from workbench.settings import Settings

PROJECT = Path(__file__).parents[2]
ARTIFACTS = PROJECT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def held_model() -> Iterator[FaultServer]:
    """An OpenAI-compatible model on 127.0.0.1 that holds its first request until released."""
    with FaultServer(["hold"]) as server:
        yield server
        server.release.set()


@pytest.fixture
def app_with_model_url(ui_home: Path, held_model: FaultServer) -> Iterator[str]:
    """The app with its model at ``held_model`` (not the embedded 1.1 GB one)."""
    model = {"WORKBENCH_LLM_BASE_URL": held_model.base_url, "WORKBENCH_LLM_MODEL": "held"}
    with streamlit_server(ui_home, env=model) as url:
        yield url


@pytest.fixture
def long_app_url(tmp_path: Path, embeddings):  # type: ignore[no-untyped-def]
    """A run of 22 supported claims: more than one page of cards."""
    wb = Workbench(Settings(home=tmp_path))
    wb.embeddings = embeddings
    check_platforms_article(wb, tmp_path)
    wb.close()
    with streamlit_server(tmp_path) as url:
        yield url


def idle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit has finished the current run (the app root says so)."""
    page.wait_for_timeout(200)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000
    )


NOTE = "Ask the museum for the source document. <img src=x onerror=alert('note')>"


@pytest.mark.browser
def test_a_review_session_in_chromium(app_url: str, ui_home: Path) -> None:
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), (
        "install Debian's chromium (make test does)"
    )
    from playwright.sync_api import expect, sync_playwright

    wb = Workbench(Settings(home=ui_home))
    service = ReviewService(wb)
    run = service.runs()[0][0]
    verified = [r.assertion.assertion_id for r, _ in service.results(run.run_id) if r.verdict]
    assert len(verified) >= 3
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        outside: list[str] = []  # the app must make no request that leaves this machine
        page.on("request", lambda r: None if is_local(r.url) else outside.append(r.url))
        page.goto(app_url)

        def key(k: str):  # type: ignore[no-untyped-def]
            """The element a widget key names (a CSS class to Streamlit, dots as dashes)."""
            return page.locator(f".st-key-{k.replace('.', '-')}")

        first = verified[0]
        accept = key(f"review.accept.{first}").get_by_role("button")
        expect(accept).to_be_visible(timeout=60_000)  # the first run imports the workbench
        expect(accept).to_be_disabled()  # no reviewer name yet
        idle(page)
        name = page.get_by_role("textbox", name="Reviewer")
        name.fill("Cleo")
        name.press("Enter")
        expect(accept).to_be_enabled(timeout=30_000)
        card = key(f"review.card.{first}")
        card.scroll_into_view_if_needed()
        place = card.bounding_box()
        accept.click()
        confirmation = card.get_by_text("accept: saved as version 1 by Cleo")
        expect(confirmation).to_be_in_viewport(timeout=30_000)  # at the card, where the click was
        idle(page)
        assert abs(card.bounding_box()["y"] - place["y"]) < 40  # the card did not jump
        expect(card.get_by_text("Accepted by Cleo")).to_be_visible()
        # The card reran alone (live_card.py), and what the screen says of the run came with it:
        expect(page.get_by_text("1 decided by a reviewer", exact=False)).to_be_visible()
        decided = page.locator(f'mark.wb-decided a[href="#card-{first}"]')
        expect(decided).to_have_count(1)  # the article's highlight of it is now solid
        next_pending = card.get_by_role("link", name="Next pending ↓")
        second = next_pending.get_attribute("href").removeprefix("#card-")
        third = next(aid for aid in verified[:3] if aid not in (first, second))
        next_pending.click()  # a link within the page: the browser scrolls, no round trip
        expect(key(f"review.card.{second}").get_by_text("Machine proposal")).to_be_in_viewport()

        card = key(f"review.card.{second}")
        card.get_by_text("Add a note").click()
        card.get_by_label("Note").fill(NOTE)
        card.get_by_role("button", name="Save note").click()
        expect(page.get_by_text("note: saved as version 1 by Cleo")).to_be_visible(timeout=30_000)
        idle(page)
        expect(card.locator(".wb-note")).to_contain_text("onerror=alert('note')")  # on its face
        card.get_by_label("Why reject?").fill(
            "The source is about the statues, not who carved them."
        )
        card.get_by_role("button", name="Reject").click()
        expect(card.get_by_text("Rejected by Cleo", exact=True)).to_be_visible(timeout=30_000)
        idle(page)
        expect(page.get_by_text("2 decided by a reviewer", exact=False)).to_be_visible()

        card = key(f"review.card.{third}")
        card.get_by_text("Edit verdict").click()
        idle(page)
        card.get_by_label("Label").click()
        option = page.get_by_role("option", name="Not enough evidence")
        expect(option).to_be_visible(timeout=10_000)
        option.click()
        expect(card.get_by_label("Label")).to_have_value("Not enough evidence")
        card.get_by_label("Rationale").fill("The source does not say what they are carved from.")
        card.get_by_role("button", name="Save edit").click()
        expect(page.get_by_text("edit: saved as version 1 by Cleo", exact=False)).to_be_visible(
            timeout=30_000
        )
        idle(page)
        expect(key(f"review.card.{third}").get_by_text("Edited by Cleo")).to_be_visible()

        expect(page.get_by_text("<script>alert('xss')</script>", exact=False).first).to_be_visible()
        # payloads show as text: no element they describe exists in the page
        for selector in ("a[href^='javascript:']", "svg[onload]", "img[onerror]"):
            assert page.locator(selector).count() == 0, selector
        page.get_by_role("heading", name="Review").scroll_into_view_if_needed()  # for the picture
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-screen.png"), full_page=True)
        browser.close()

    events = {}
    for aid in (first, second, third):
        events[aid] = [(e.reviewer, e.action) for e in service.state(run.run_id, aid)[1].history]
    service_state_after_edit = service.state(run.run_id, third)[1]
    wb.close()
    assert events == {
        first: [("Cleo", ReviewAction.ACCEPT)],
        second: [("Cleo", ReviewAction.NOTE), ("Cleo", ReviewAction.REJECT)],
        third: [("Cleo", ReviewAction.EDIT)],
    }
    assert dialogs == []  # no alert() from any source, article or title ever ran
    assert outside == []  # no font, icon or tracker fetched from outside (a newsroom's network)
    edited = service_state_after_edit
    assert edited.current.label == Label.NOT_ENOUGH_EVIDENCE
    assert edited.current.rationale == "The source does not say what they are carved from."


@pytest.mark.browser
def test_a_fresh_server_asks_to_sign_in_before_any_screen(
    app_url: str,
    ui_home: Path,
    cheap_passwords: None,
) -> None:
    from playwright.sync_api import expect, sync_playwright

    wb = Workbench(Settings(home=ui_home))
    users = UserService(wb)
    users.add("Ben", Role.REVIEWER, PASSWORD, by=users.add("Ada", Role.ADMIN, PASSWORD, by=None))
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    first = next(r.assertion.assertion_id for r, _ in service.results(run_id) if r.verdict)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.goto(f"{app_url}/reports")  # the server's first run, straight to a screen's address
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=60_000)
        idle(page)
        assert page.get_by_role("heading", name="Reports").count() == 0
        assert page.get_by_text("Moai", exact=False).count() == 0

        page.get_by_role("textbox", name="Name").fill("Ben")
        page.get_by_role("textbox", name="Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("wrong name or password")).to_be_visible(timeout=30_000)
        idle(page)
        page.get_by_role("textbox", name="Name").fill("Ben")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Signed in as Ben (reviewer)")).to_be_visible(timeout=30_000)
        expect(page.get_by_role("heading", name="Reports")).to_be_visible()  # the address's screen
        idle(page)
        assert page.get_by_role("button", name="ClaimReview").count() == 0  # for editors
        page.get_by_role("link", name="Review").click()
        expect(page.get_by_role("heading", name="Review")).to_be_visible(timeout=30_000)
        idle(page)
        assert page.get_by_role("textbox", name="Reviewer").count() == 0
        accept = page.locator(f".st-key-review-accept-{first}").get_by_role("button")
        expect(accept).to_be_enabled(timeout=30_000)
        accept.click()
        expect(page.get_by_text("accept: saved as version 1 by Ben")).to_be_visible(timeout=30_000)
        idle(page)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=30_000)
        browser.close()
    history = service.state(run_id, first)[1].history
    wb.close()
    assert [(e.reviewer, e.action) for e in history] == [("Ben", ReviewAction.ACCEPT)]


def _sign_in(page, name: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible(timeout=60_000)
    idle(page)
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible(timeout=30_000)
    idle(page)


@pytest.mark.browser
def test_a_verdict_from_review_to_sign_off_to_claimreview(
    app_url: str, ui_home: Path, cheap_passwords: None
) -> None:
    """Ben (reviewer) accepts a verdict; Eve (editor) signs it off and downloads ClaimReview,
    which holds that verdict and nothing else."""
    import json

    from playwright.sync_api import expect, sync_playwright

    wb = Workbench(Settings(home=ui_home))
    add_desk(wb, "Ben")
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    result = next(r for r, _ in service.results(run_id) if r.verdict)
    first = result.assertion.assertion_id
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
        page.goto(app_url)
        _sign_in(page, "Ben")
        assert page.get_by_role("button", name="Sign off").count() == 0  # not a reviewer's
        page.locator(f".st-key-review-accept-{first}").get_by_role("button").click()
        expect(page.get_by_text("accept: saved as version 1 by Ben")).to_be_visible(timeout=30_000)
        idle(page)
        page.get_by_role("button", name="Sign out").click()

        _sign_in(page, "Eve")
        expect(page.get_by_text("Awaiting sign-off · 1")).to_be_visible(timeout=30_000)
        page.locator(f".st-key-review-sign_off-{first}").get_by_role("button").click()
        expect(page.get_by_text("signed off by Eve: published (v2)")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("signed off by Eve,", exact=False).first).to_be_visible()
        idle(page)
        page.get_by_role("link", name="Reports").click()
        expect(page.get_by_role("heading", name="Reports")).to_be_visible(timeout=30_000)
        idle(page)
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="ClaimReview").click()
        published = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        browser.close()
    history = service.state(run_id, first)[1].history
    wb.close()
    assert [r["claimReviewed"] for r in published] == [result.assertion.text]
    assert [(e.reviewer, e.action) for e in history] == [
        ("Ben", ReviewAction.ACCEPT),
        ("Eve", ReviewAction.SIGN_OFF),
    ]


@pytest.mark.browser
def test_next_pending_turns_the_page_and_brings_the_card_into_view(
    long_app_url: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from workbench.ui.card_order import PAGE_SIZES, worth

    wb = Workbench(Settings(home=tmp_path))
    service = ReviewService(wb)
    run_id = service.runs()[0][0].run_id
    in_order = [r.assertion.assertion_id for r, s in sorted(service.results(run_id), key=worth)]
    assert len(in_order) > PAGE_SIZES[0]  # the default page size
    last_on_first_page, on_second_page = in_order[PAGE_SIZES[0] - 1], in_order[PAGE_SIZES[0]]
    for aid in in_order:  # all but two decided already
        if aid not in (last_on_first_page, on_second_page):
            service.accept(run_id, aid, "Ana", seen_version=0)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        # Short: page 2 left at the old scroll position would show its last card, not its first.
        page = browser.new_page(viewport={"width": 1400, "height": 600})
        page.goto(f"{long_app_url}/?reviewer=Cleo")
        card = page.locator(f".st-key-review-card-{last_on_first_page}")
        accept = card.get_by_role("button", name="Accept")
        expect(accept).to_be_enabled(timeout=180_000)  # 22 cards on a busy machine
        idle(page)
        accept.click()
        expect(card.get_by_text("accept: saved as version 1 by Cleo")).to_be_visible(timeout=30_000)
        idle(page)
        card.get_by_role("button", name="Next pending (page 2)").click()
        target = page.locator(f".st-key-review-card-{on_second_page}")
        expect(target).to_be_visible(timeout=30_000)  # page 2 drawn ...
        idle(page)
        expect(target.get_by_text("Machine proposal")).to_be_in_viewport()  # ... and scrolled to
        browser.close()
    wb.close()


@pytest.mark.browser
def test_a_check_goes_on_while_the_reviewer_looks_at_other_screens(
    app_with_model_url: str, ui_home: Path, held_model: FaultServer
) -> None:
    """Start a check, leave for Review while the model holds its first request, come back:
    the check is still going and the form kept; released, it finishes on the same screen."""
    from playwright.sync_api import expect, sync_playwright

    title = "Moai, held mid-check"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        outside: list[str] = []
        page.on("request", lambda r: None if is_local(r.url) else outside.append(r.url))
        page.goto(app_with_model_url)
        expect(page.get_by_role("heading", name="Review")).to_be_visible(timeout=60_000)
        idle(page)
        page.get_by_role("link", name="Check an article").click()
        expect(page.get_by_role("heading", name="Check an article")).to_be_visible(timeout=30_000)
        idle(page)
        page.get_by_label("Title").fill(title)
        page.get_by_label("Article text").fill(
            "The Moai were carved by the Rapa Nui people. The Moai stand on Easter Island."
        )
        page.get_by_label("Article text").press("Control+Enter")
        idle(page)
        page.get_by_role("button", name="Run the check").click()
        expect(page.get_by_text("the check goes on", exact=False)).to_be_visible(timeout=30_000)
        assert held_model.reached.wait(120), "the check never reached the model"
        cancel = page.get_by_role("button", name="Cancel")
        expect(cancel).to_be_visible(timeout=30_000)
        idle(page)

        page.get_by_role("link", name="Review").click()  # leave mid-check
        expect(page.get_by_role("heading", name="Review")).to_be_visible(timeout=30_000)
        expect(page.get_by_text(f"Checking “{title}”", exact=False)).to_be_visible(timeout=30_000)
        idle(page)
        page.get_by_role("link", name="Check an article").click()  # and come back
        expect(page.get_by_role("heading", name="Check an article")).to_be_visible(timeout=30_000)
        expect(page.get_by_label("Title")).to_have_value(title)
        expect(page.get_by_role("button", name="Cancel")).to_be_visible(timeout=30_000)

        held_model.release.set()
        expect(page.get_by_text("Checked 2 assertions.")).to_be_visible(timeout=120_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "check-screen.png"), full_page=True)
        browser.close()

    wb = Workbench(Settings(home=ui_home))
    service = ReviewService(wb)
    run, _ = next((r, a) for r, a in service.runs() if a.title == title)
    checked = service.results(run.run_id)
    wb.close()
    assert run.finished_at is not None and len(checked) == 2
    assert outside == []
