"""Every format from the same fixed Report; md, html, csv, json and ClaimReview against golden
files. A missing golden file fails: set WORKBENCH_REGENERATE_GOLDEN=1 to (re)write the goldens
after an intended change, then read the diff before committing them."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from workbench.export import ExportFormat, render
from workbench.export.report import Report
from workbench.records import ReviewStatus
from workbench.settings import ExportOptions

GOLDEN = Path(__file__).parent / "golden"
ARTIFACTS = Path(__file__).parents[1] / "artifacts"
REGENERATE = "WORKBENCH_REGENERATE_GOLDEN"


def _golden(name: str, data: bytes, folder: Path = GOLDEN) -> None:
    path = folder / name
    if os.environ.get(REGENERATE) == "1":
        path.write_bytes(data)
    assert path.exists(), f"no golden file {name}: run with {REGENERATE}=1, then read the diff"
    assert data == path.read_bytes(), f"{name} differs from its golden file"


def test_a_missing_golden_file_fails_unless_regenerating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(REGENERATE, raising=False)
    with pytest.raises(AssertionError, match="no golden file"):
        _golden("new.md", b"report", tmp_path)
    assert not (tmp_path / "new.md").exists()  # never written silently
    monkeypatch.setenv(REGENERATE, "1")
    _golden("new.md", b"report", tmp_path)
    assert (tmp_path / "new.md").read_bytes() == b"report"


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        (ExportFormat.MD, "report.md"),
        (ExportFormat.HTML, "report.html"),
        (ExportFormat.CSV, "report.csv"),
        (ExportFormat.JSON, "report.json"),
        (ExportFormat.CLAIMREVIEW, "claimreview.json"),
    ],
)
def test_golden_files(report: Report, fmt: ExportFormat, golden: str) -> None:
    _golden(golden, render(report, fmt, ExportOptions()))


def test_report_shows_the_reviewers_version_and_the_audit_trail(report: Report) -> None:
    edited = report.rows[1]
    assert (edited.label, edited.machine_label, edited.status) == (
        "REFUTED",
        "SUPPORTED",
        ReviewStatus.EDITED,
    )
    assert edited.reviewer == "Ben"  # the note by Ana does not make her the decider
    assert [n.text for n in edited.notes] == ["Checked <b>twice</b>."]
    assert report.counts_by_status == {"accepted": 1, "edited": 2, "pending": 1, "rejected": 1}
    assert report.counts_by_label == {
        "NOT VERIFIED": 1,
        "NOT_ENOUGH_EVIDENCE": 1,
        "REFUTED": 1,
        "REJECTED": 1,
        "SUPPORTED": 2,
    }
    data = json.loads(render(report, ExportFormat.JSON, ExportOptions()))
    assert [(e["reviewer"], e["action"]) for e in data["audit"]] == [
        ("Ana", "accept"),
        ("Ben", "edit"),
        ("Ana", "note"),
        ("Ben", "reject"),
        ("Ana", "edit"),
    ]


def test_csv_opens_cleanly_in_a_spreadsheet(report: Report) -> None:
    data = render(report, ExportFormat.CSV, ExportOptions())
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 6 and rows[1]["label"] == "REFUTED" and rows[1]["review_status"] == "edited"
    assert rows[2]["attribution"] == "anonymous" and rows[2]["label"] == ""


def test_claimreview_publishes_only_accepted_and_edited_unless_asked(report: Report) -> None:
    options = ExportOptions(organisation="Desk", site_url="https://checks.example/")
    published = json.loads(render(report, ExportFormat.CLAIMREVIEW, options))
    assert [r["claimReviewed"] for r in published] == [report.rows[i].text for i in (0, 1, 4)]
    first, second, _ = published
    assert first["@type"] == "ClaimReview" and first["@context"] == "https://schema.org"
    assert first["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "True",
    }
    assert first["itemReviewed"]["author"] == {"@type": "Person", "name": "Mayor Low"}
    assert first["itemReviewed"]["appearance"]["url"] == "https://news.example/bridges"
    assert first["author"]["name"] == "Desk" and first["url"] == "https://checks.example#as-1"
    assert (
        second["reviewRating"]["alternateName"] == "False"
        and "author" not in second["itemReviewed"]
    )
    everything = json.loads(render(report, ExportFormat.CLAIMREVIEW, options, include_all=True))
    # + the pending verdict; never the unverified prediction nor the rejected verdict (its
    # rating is the machine's, which the reviewer refused)
    assert len(everything) == 4
    assert not any("Hudson" in review["claimReviewed"] for review in everything)


def test_html_is_self_contained_and_escapes_everything(report: Report) -> None:
    html = render(report, ExportFormat.HTML, ExportOptions()).decode("utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Checked &lt;b&gt;twice&lt;/b&gt;." in html and "Bridges &amp; &lt;Rivers&gt;" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:""", html)  # no external assets
    assert "@media print" in html


def test_pdf_carries_the_report_text(report: Report) -> None:
    data = render(report, ExportFormat.PDF, ExportOptions())
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    flat = " ".join(text.split())
    for expected in (
        "Fact-check report: Bridges & <Rivers>",
        "The bridge opened in 1890.",
        "REFUTED",
        "The source says 1883, not 1890.",
        "edited by Ben",
        "The bridge opened on May 24, 1883.",
    ):
        assert expected in flat, expected
    if shutil.which("pdftoppm"):  # a PNG of page 1 to look at (tests/artifacts, git-ignored)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "report.pdf").write_bytes(data)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                str(ARTIFACTS / "report.pdf"),
                str(ARTIFACTS / "report-page"),
            ],
            check=True,
        )
