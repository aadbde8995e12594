"""The app in a real browser, for the browser tests and the latency benchmark: `streamlit run`
on 127.0.0.1, Debian's Chromium driven by Playwright, and a probe in the page that says when
a click's rerun has settled (observed, never guessed with a sleep)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

PROJECT = Path(__file__).parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUIET_MS = 150  # no DOM change for this long after the script finished: the page has settled

# Installed before the app's own scripts: counts Streamlit's script runs (the app root's
# data-test-script-state turning "running") and the messages from the server, notes when the
# last run finished, the last message came, the DOM last changed and the user last pressed a key
# or the mouse. A quick rerun never shows "running" (React applies running and finished in one
# render), so a message from the server after the input counts as the rerun too.
PROBE = """
window.__wb = {runs: 0, finished: 0, changed: 0, input: 0, messages: 0, message: 0};
document.addEventListener("pointerdown", () => { window.__wb.input = performance.now(); }, true);
document.addEventListener("keydown", () => { window.__wb.input = performance.now(); }, true);
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", () => {
      window.__wb.messages += 1;
      window.__wb.message = performance.now();
    });
  }
};
new MutationObserver((records) => {
  const now = performance.now();
  window.__wb.changed = now;
  for (const r of records) {
    if (r.attributeName !== "data-test-script-state") continue;
    const state = r.target.getAttribute("data-test-script-state");
    if (state === "running") window.__wb.runs += 1;
    if (state === "notRunning") window.__wb.finished = now;
  }
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
# Settled: the script has run (again) or the server has answered, it is not running now, no
# widget is still a skeleton (Streamlit loads a widget's code on first use), and neither the DOM
# nor the server has stirred for QUIET_MS.
SETTLED = f"""([runs, messages]) => {{
  const app = document.querySelector('[data-testid="stApp"]');
  const now = performance.now();
  return (window.__wb.runs > runs || window.__wb.messages > messages)
    && app && app.dataset.testScriptState === "notRunning"
    && !document.querySelector('[data-testid="stSkeleton"]')
    && now - window.__wb.changed > {QUIET_MS} && now - window.__wb.message > {QUIET_MS};
}}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(
    home: Path,
    log: Path | None = None,
    env: dict[str, str] | None = None,
    script: str = "workbench/ui/app.py",
) -> Iterator[str]:
    """`streamlit run` of the app (or another ``script``, relative to the project) on a free
    local port with WORKBENCH_HOME=home (and ``env`` on top): its URL."""
    port = free_port()
    log = log or home / "streamlit.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script,
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true"],
            cwd=PROJECT,
            env={**os.environ, "WORKBENCH_HOME": str(home), **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            # A guard against a hung start, not a speed limit: a busy machine may take minutes.
            deadline = time.monotonic() + 600
            while True:
                try:
                    if httpx.get(f"{url}/_stcore/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "streamlit did not start in 10 minutes"
                time.sleep(0.3)  # polling a server that is starting: nothing to observe yet
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def open_page(playwright: Any, viewport: dict[str, int] | None = None) -> Any:
    """A Chromium page with the settle probe installed."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport=viewport or {"width": 1400, "height": 1600})
    page.add_init_script(PROBE)
    return page


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (a newsroom's app fetches nothing outside)."""
    host = urlsplit(url).hostname
    return url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1", "localhost")


def open_context(browser: Any, outside: list[str], viewport: dict[str, int] | None = None) -> Any:
    """A page in a fresh context of ``browser`` (its own cookies: its own Streamlit session,
    so its own sign-in) with the settle probe; every request that leaves this machine is
    noted in ``outside``."""
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1600})
    context.add_init_script(PROBE)
    context.on("request", lambda r: None if is_local(r.url) else outside.append(r.url))
    return context.new_page()


def runs_so_far(page: Any) -> list[int]:
    """Script runs seen and server messages received so far (SETTLED's argument)."""
    return page.evaluate("[window.__wb.runs, window.__wb.messages]")


def loaded(page: Any, timeout_ms: int = 60_000) -> None:
    """Wait until the page's first script run has settled (after goto)."""
    page.wait_for_function(SETTLED, arg=[0, 0], timeout=timeout_ms)


def settle(page: Any, act: Callable[[], None], timeout_ms: int = 60_000) -> float:
    """Do ``act`` (a click or key press that reruns the app), wait until that rerun has
    finished and the page stopped changing; the milliseconds from the input to the last
    change of the page (the browser's clock, so Playwright's own overhead is left out)."""
    before = runs_so_far(page)
    act()
    page.wait_for_function(SETTLED, arg=before, timeout=timeout_ms)
    times = page.evaluate("[window.__wb.input, window.__wb.finished, window.__wb.changed]")
    pressed, finished, changed = times
    return max(finished, changed) - pressed
