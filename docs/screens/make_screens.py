"""The README's screenshots, one PNG per screen, from a home made by `workbench demo`.

Copies the home (the original is never touched), gives it a reviewer's decisions and then a
desk of accounts through the product's services (demo_state.py), serves the app with
`streamlit run` and photographs each screen in Debian's Chromium with Playwright, waiting
for each page to settle (tests/chromium.py), never for a fixed time.

    PYTHONPATH=. nice -n 19 .venv/bin/python docs/screens/make_screens.py HOME [--out docs/screens]

HOME is a folder `workbench demo` (`make demo`) filled: its three sample articles checked.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from chromium import loaded, open_page, settle, streamlit_server
from demo_state import EDITOR, LAPTOP_REVIEWER, PASSWORD, review_as_laptop, set_up_desk
from PIL import Image

from workbench.services import Workbench
from workbench.settings import Settings

HERE = Path(__file__).resolve().parent
WIDTH = 1400
HEIGHT = 1500  # the window; a screen taller than this is cut: the README shows its top
ALL_COLOURS = 256  # a palette PNG: screens are flat colours, so this keeps them small


# Where the screen's content ends (Streamlit scrolls it inside the window, so a full-page
# screenshot is no taller than the window).
CONTENT_BOTTOM = """() => document.querySelector('[data-testid="stMainBlockContainer"]')
  .getBoundingClientRect().bottom"""


def save(image: bytes, path: Path, height: int | None = None) -> None:
    """The screenshot, cut to `height` if given, stored as a palette PNG."""
    picture = Image.open(io.BytesIO(image)).convert("RGB")
    picture = picture.crop((0, 0, picture.width, min(picture.height, height or picture.height)))
    picture.quantize(ALL_COLOURS).save(path, optimize=True)
    print(f"{path}: {picture.width}x{picture.height}, {path.stat().st_size // 1024} KB")


def screen(page: Any, out: Path, name: str) -> None:
    """The window, down to where the screen's content ends."""
    # A traceback or an error box is never what the README should show.
    assert not page.locator(
        "[data-testid='stException'], [data-testid='stAlertContentError']"
    ).count(), name
    page.mouse.move(WIDTH - 1, HEIGHT - 1)  # no hover effects (the sidebar's collapse arrow)
    save(page.screenshot(), out / f"{name}.png", round(page.evaluate(CONTENT_BOTTOM)))


def go(page: Any, url: str) -> None:
    page.goto(url)
    loaded(page)


def open_screen(page: Any, title: str) -> None:
    """Follow the sidebar's link (the session, and so the sign-in, stays)."""
    settle(
        page, lambda: page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    )


def laptop_screens(page: Any, url: str, out: Path, run_id: str, card_id: str) -> None:
    who = f"?reviewer={LAPTOP_REVIEWER}"
    go(page, f"{url}/{who}")
    screen(page, out, "review")
    card = page.locator(f".st-key-review-card-{card_id}")
    if not card.count():  # on a later page of 10: show 50 a page
        page.get_by_label("Cards per page").click()
        settle(page, lambda: page.get_by_role("option", name="50").click())
    card.scroll_into_view_if_needed()
    save(card.screenshot(), out / "review-card.png")

    go(page, f"{url}/focus{who}")
    screen(page, out, "focus")

    go(page, f"{url}/check{who}")
    screen(page, out, "check")

    go(page, f"{url}/corpora{who}")
    search = page.locator(".st-key-corpora-search input")
    search.fill("Reagan speech at the Brandenburg Gate")
    settle(page, lambda: search.press("Enter"))
    screen(page, out, "corpora")

    go(page, f"{url}/factchecks{who}")
    screen(page, out, "factchecks")

    go(page, f"{url}/reports{who}")
    screen(page, out, "reports")


def sign_in(page: Any, url: str, name: str) -> None:
    go(page, url)
    page.get_by_role("textbox", name="Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    settle(page, lambda: page.get_by_role("button", name="Sign in").click())


def team_screens(page: Any, url: str, out: Path, assigned_run: str) -> None:
    go(page, url)
    screen(page, out, "sign-in")

    sign_in(page, url, "Ada")
    open_screen(page, "Users")
    screen(page, out, "users")

    sign_in(page, url, EDITOR)
    # The queue of verdicts Ben decided on the run assigned to him, with Eve's sign-off.
    open_queue = page.locator(f".st-key-review-queue-open-awaiting-my-sign-off-{assigned_run}")
    settle(page, open_queue.get_by_role("button").click)
    screen(page, out, "desk")
    card = page.locator("[class*='st-key-review-card-']").first
    card.scroll_into_view_if_needed()
    save(card.screenshot(), out / "desk-card.png")
    open_screen(page, "Agreement")
    screen(page, out, "agreement")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "home", type=Path, help="a home `workbench demo` made (copied, not changed)"
    )
    parser.add_argument("--out", type=Path, default=HERE, help="where the PNGs go")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="wb-screens-")) / "home"
    shutil.copytree(args.home, work, ignore=shutil.ignore_patterns("streamlit.log"))
    os.environ["WORKBENCH_HOME"] = str(work)  # the app, and Settings' workbench.toml
    args.out.mkdir(parents=True, exist_ok=True)

    wb = Workbench(Settings(home=work))
    run_id, edited = review_as_laptop(wb)
    wb.close()

    from playwright.sync_api import sync_playwright  # the dev extra

    with sync_playwright() as playwright, streamlit_server(work) as url:
        page = open_page(playwright, {"width": WIDTH, "height": HEIGHT})
        laptop_screens(page, url, args.out, run_id, edited)
        wb = Workbench(Settings(home=work))
        assigned_run = set_up_desk(wb)  # accounts exist from now on: the app is in team mode
        wb.close()
        team_screens(page, url, args.out, assigned_run)
    shutil.rmtree(work.parent)


if __name__ == "__main__":
    main()
