"""Click to settled page on the Focus screen, in Chromium, with runs of 100 assertions (issue 15
goal: <= 300 ms for accept, reject and note, <= 1 s for switching runs).

Builds a real database without the LLM (a one-document corpus; two articles of 100 sentences,
half of them settled by the coverage rule, half by a scripted model), serves the app with
`streamlit run`, and drives Debian's Chromium with Playwright. Each sample is measured in the
browser: from the mouse press to the last change of the page after Streamlit's script run
finished (the page then stays unchanged for 150 ms; see tests/chromium.py). In the same run, the
same measurement of a bare Streamlit page (one button, one line: benchmarks/bare_streamlit_app.py)
gives the floor that Streamlit and the browser set, and each action's p50 is shown against it.

    .venv/bin/python benchmarks/ui_latency.py [--repeats 25] [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _common import machine, median, percentile
from chromium import loaded, open_page, settle, streamlit_server
from fakes import MOAI_SOURCE, stepwise_llm

from workbench.check.pipeline import Checker, article_from_text
from workbench.corpus.ingest import ingest
from workbench.services import Workbench
from workbench.settings import Settings

N = 100
GOALS_MS = {
    "accept": 300,
    "reject": 300,
    "note": 300,
    "open note form": 300,  # on Review, a note is two clicks: open its form, then save
    "next (J key)": 300,
    "switch run": 1000,
}
REVIEW_SAMPLES = 10  # per action on the Review screen: a page holds 10 cards by default
ADVERBS = ["slowly", "carefully", "patiently", "skilfully", "quietly", "proudly", "together",
           "by hand", "over years", "with stone tools"]  # fmt: skip
VERBS = ["carved", "shaped", "made", "cut", "built"]


def article(edition: int) -> str:
    """100 sentences: 50 the source addresses (the model decides), 50 it does not (a rule)."""
    covered = [f"The Moai were {v} {a} by the Rapa Nui people." for v in VERBS for a in ADVERBS]
    uncovered = [f"Statue {i} was moved to Lima in {1800 + edition * 100 + i}." for i in range(50)]
    return " ".join(s for pair in zip(covered, uncovered, strict=True) for s in pair)


def build_home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="wb-ui-latency-"))
    (home / "docs").mkdir()
    (home / "docs" / "moai.txt").write_text(MOAI_SOURCE)
    wb = Workbench(Settings(home=home))
    ingest(wb, "islands", [home / "docs"])
    wb.llm = stepwise_llm(wb.db)
    for edition in (1, 2):
        text = article(edition)
        Checker(wb).check(article_from_text(text, f"Hundred claims {edition}", "bench"), "islands")
    wb.close()
    return home


def sample(page, repeats: int, act: Callable[[int], None]) -> list[float]:  # type: ignore[no-untyped-def]
    return [settle(page, lambda i=i: act(i)) for i in range(repeats)]


def measure(url: str, repeats: int, screenshots: Path | None) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        page = open_page(p, {"width": 1400, "height": 1400})
        page.goto(f"{url}/focus?reviewer=Bench")
        loaded(page)
        if screenshots:
            screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshots / "latency-focus.png"), full_page=True)

        def field(prefix: str):  # type: ignore[no-untyped-def]
            return page.locator(f'[class*="st-key-focus-{prefix}-"]').locator("input")

        def button(name: str):  # type: ignore[no-untyped-def]
            return page.get_by_role("button", name=name, exact=True)

        def reject(i: int) -> None:
            field("reason").fill(f"Not what the source says ({i}).")  # typing does not rerun
            button("Reject").click()

        def note(i: int) -> None:
            field("note").fill(f"Checked with the desk ({i}).")
            button("Save note").click()

        def switch(i: int) -> None:
            page.get_by_label(
                "Run"
            ).click()  # opens the list: no rerun (the newest, 2, is shown first)
            page.get_by_role("option", name=f"Hundred claims {1 + i % 2}").click()

        times = {
            "accept": sample(
                page, repeats, lambda i: page.locator(".st-key-focus-accept button").click()
            ),
            "reject": sample(page, repeats, reject),
            "note": sample(page, repeats, note),
            "next (J key)": sample(page, repeats, lambda i: page.keyboard.press("j")),
            "switch run": sample(page, repeats, switch),
        }
        if screenshots:
            page.get_by_text("Bulk accept").click()  # opening it does not rerun
            panel = page.locator('[data-testid="stExpander"]')
            panel.get_by_text("I have read these").wait_for()
            panel.screenshot(path=str(screenshots / "latency-focus-bulk.png"))
        page.context.browser.close()
    return times


def measure_review(url: str) -> dict[str, list[float]]:
    """Accept, reject and note on the Review screen's cards (a page of the default size, with
    the article above): accept the first page's cards, then on the second page reject its
    cards and note on them."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        page = open_page(p, {"width": 1400, "height": 1400})
        page.goto(f"{url}/?reviewer=Bench")
        loaded(page)
        cards = page.locator('[class*="st-key-review-card-"]')
        cards.nth(REVIEW_SAMPLES - 1).wait_for(timeout=120_000)  # a page holds the samples

        def accept(i: int) -> None:
            cards.nth(i).locator('[class*="st-key-review-accept-"] button').click()

        def reject(i: int) -> None:
            card = cards.nth(i)
            card.locator('[class*="st-key-review-reason-"] input').fill(f"Off the point ({i}).")
            card.locator('[class*="st-key-review-reject-"] button').click()

        def open_note_form(i: int) -> None:
            button = '[class*="st-key-review-note-open-"][class*="-toggle"] button'
            cards.nth(i).locator(button).click()

        def save_note(i: int) -> None:
            cards.nth(i).locator("textarea").fill(f"Source checked by phone ({i}).")
            cards.nth(i).get_by_role("button", name="Save note").click()

        def second_page() -> None:
            pager = page.locator(".st-key-review-page input")
            pager.fill("2")
            pager.press("Enter")

        times = {"accept (Review)": sample(page, REVIEW_SAMPLES, accept)}
        settle(page, second_page)  # its cards are still pending
        times["reject (Review)"] = sample(page, REVIEW_SAMPLES, reject)
        times["open note form (Review)"], times["note (Review)"] = [], []
        for i in range(REVIEW_SAMPLES):  # interleaved: one form open at a time
            times["open note form (Review)"].append(settle(page, lambda i=i: open_note_form(i)))
            times["note (Review)"].append(settle(page, lambda i=i: save_note(i)))
        page.context.browser.close()
    return times


def measure_bare(url: str, repeats: int) -> list[float]:
    """Clicks on the bare Streamlit page: what a rerun costs with no workbench in it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        page = open_page(p, {"width": 1400, "height": 1400})
        page.goto(url)
        loaded(page)
        button = page.get_by_role("button", name="Press", exact=True)
        times = sample(page, repeats, lambda i: button.click())
        page.context.browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=25)
    parser.add_argument("--screenshots", type=Path, help="save the Focus screen here (PNG)")
    args = parser.parse_args()
    home = build_home()
    with streamlit_server(
        home, home / "bare.log", script="benchmarks/bare_streamlit_app.py"
    ) as url:
        bare = measure_bare(url, args.repeats)
    with streamlit_server(home) as url:
        times = measure_review(url)  # first: its cards are all still pending
        times |= measure(url, args.repeats, args.screenshots)
    print(
        f"Focus screen in Chromium, runs of {N} assertions, {args.repeats} samples each; "
        f"the Review screen, {REVIEW_SAMPLES} each"
    )
    print(f"machine: {machine()}; home {home}")
    floor = median(bare)
    print(
        f"bare Streamlit button (the floor): p50 {floor:.0f} ms, p95 {percentile(bare, 95):.0f} ms"
    )
    header = ("action", "p50 ms", "p95 ms", "max ms", "goal ms", "p50/goal", "p95/goal", "p50/bare")
    print("{:<24}{:>8}{:>8}{:>8}{:>9}{:>10}{:>10}{:>10}".format(*header))
    for action, values in times.items():
        goal = GOALS_MS[action.split(" (Review)")[0]]
        p50, p95 = median(values), percentile(values, 95)
        print(
            f"{action:<24}{p50:>8.0f}{p95:>8.0f}{max(values):>8.0f}{goal:>9}{p50 / goal:>10.2f}"
            f"{p95 / goal:>10.2f}{p50 / floor:>10.2f}"
        )


if __name__ == "__main__":
    main()
