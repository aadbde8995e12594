"""ClaimReview gives the article's web address as the claim's appearance when the article
names one (an HTML page's canonical link); a pasted text, an upload or a file on this machine
put no address there: never "pasted", a temp path or an "upload:" name."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.check.pipeline import article_from_file, article_from_text, article_from_upload
from workbench.corpus.readers import Upload
from workbench.export.claimreview import to_claimreview
from workbench.export.report import Report
from workbench.records import Article
from workbench.settings import ExportOptions

TEXT = "The Moai were carved by the Rapa Nui people on Easter Island, archaeologists say."
URL = "https://news.example/2026/moai"
PAGE = (
    "<html><head><title>Moai</title>{link}</head>"
    f"<body><article><p>{TEXT}</p></article></body></html>"
)
MAX_BYTES = 2**20


def _page(canonical: bool) -> bytes:
    link = f'<link rel="canonical" href="{URL}">' if canonical else ""
    return PAGE.format(link=link).encode()


def _appearance(report: Report, article: Article) -> dict:  # type: ignore[type-arg]
    shown = report.model_copy(update={"source": article.source, "title": article.title})
    (first, *_) = to_claimreview(shown, ExportOptions())
    return first["itemReviewed"]["appearance"]


def test_an_html_page_that_names_its_address_is_the_claims_appearance(report: Report) -> None:
    article = article_from_upload(Upload("moai.html", _page(canonical=True)), MAX_BYTES)
    assert article.source == URL
    assert _appearance(report, article) == {"@type": "CreativeWork", "name": "Moai", "url": URL}


@pytest.mark.parametrize("how", ["pasted", "upload-html", "upload-txt", "file"])
def test_an_article_without_an_address_puts_none_there(
    report: Report, how: str, tmp_path: Path
) -> None:
    if how == "pasted":
        article = article_from_text(TEXT, "Pasted article", "pasted")
    elif how == "upload-html":
        article = article_from_upload(Upload("moai.html", _page(canonical=False)), MAX_BYTES)
        assert article.source == "upload:moai.html"  # the file's name, not a temp path
    elif how == "upload-txt":
        article = article_from_upload(Upload("../../moai.txt", TEXT.encode()), MAX_BYTES)
        assert article.source == "upload:moai.txt"
    else:
        (tmp_path / "moai.txt").write_text(TEXT)
        article = article_from_file(tmp_path / "moai.txt", MAX_BYTES)
        assert article.source == str(tmp_path / "moai.txt")
    appearance = _appearance(report, article)
    assert "url" not in appearance and appearance["name"] == article.title
