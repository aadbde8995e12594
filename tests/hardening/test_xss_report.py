"""Script and event-handler payloads in a document, its title, the article, its title, the
questions, the rationale and a reviewer's note: the HTML report, opened in Chromium, runs
none of them and shows them as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import fake_llm, letter_reply, text_reply

from workbench.check.pipeline import Checker, article_from_text
from workbench.corpus.ingest import ingest
from workbench.export import ExportFormat, export_run
from workbench.review import ReviewService
from workbench.services import Workbench

CHROMIUM = "/usr/bin/chromium"
PAYLOADS = (
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<svg onload=alert('svg')></svg>",
    "<a href=\"javascript:alert('link')\">link</a>",
    "<iframe srcdoc=\"<script>alert('frame')</script>\"></iframe>",
    "\"><body onload=alert('attr')>",
)
HOSTILE = " ".join(PAYLOADS)


@pytest.fixture
def html_report(workbench: Workbench, tmp_path: Path) -> Path:
    source = tmp_path / "src.html"
    source.write_text(
        f"<html><head><title>Emperors {HOSTILE}</title></head><body><article>"
        f"<p>Puyi was the last emperor of China. {HOSTILE.replace('<', '&lt;')}</p>"
        "<p>He reigned until 1912 and again briefly in 1917.</p></article></body></html>"
    )
    ingest(workbench, "c", [source])
    workbench.llm, _ = fake_llm(
        [
            text_reply(json.dumps({"questions": [f"Who was the last emperor? {PAYLOADS[1]}"]})),
            letter_reply({"A": 0.9, "B": 0.05, "C": 0.05}),
            text_reply(json.dumps({"sentences": [1], "reason": f"Named. {PAYLOADS[2]}"})),
        ],
        workbench.db,
    )
    article = article_from_text(f"Puyi was the last emperor of China. {HOSTILE}", HOSTILE, "t")
    outcome = Checker(workbench).check(article, "c")
    first = outcome.results[0].assertion.assertion_id
    ReviewService(workbench).note(outcome.run.run_id, first, f"Ana {PAYLOADS[0]}", HOSTILE, 0)
    out = tmp_path / "report.html"
    out.write_bytes(export_run(workbench, outcome.run.run_id, ExportFormat.HTML))
    return out


@pytest.mark.browser
def test_the_html_report_runs_no_payload_in_chromium(html_report: Path) -> None:
    from playwright.sync_api import sync_playwright

    html = html_report.read_text()
    assert "onerror=alert" in html  # the payloads are in the report, as text
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(html_report.as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        for selector in ("script", "iframe", "svg[onload]", "img[onerror]", "a[href^=javascript]"):
            assert page.locator(selector).count() == 0, selector
        assert page.locator("[onload], [onerror], [onclick]").count() == 0
        body = page.inner_text("body")
        browser.close()
    assert dialogs == []
    for payload in PAYLOADS[:3]:
        assert payload in body  # shown to the reader as the text it is
