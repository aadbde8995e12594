"""One JSON object -> one FactCheck, or the reason it cannot be one."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from workbench.factchecks.parse import BadRecord, Parsed, parse_record
from workbench.records import ImportedOrigin, Label, imported_factcheck_id
from workbench.settings import ExportOptions

ORIGIN = ImportedOrigin(file="feed.json", line=4)

CLAIM_REVIEW: dict[str, Any] = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "claimReviewed": "  The Eiffel Tower was built in 1920. ",
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": "1",
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Pants on Fire",
    },
    "author": {"@type": "Organization", "name": "Example Checks"},
    "datePublished": "2024-03-01T10:00:00Z",
    "url": "https://checks.example/eiffel",
    "reviewBody": "It opened in 1889.",
    "itemReviewed": {"@type": "Claim", "author": [{"@type": "Person", "name": "A. Blogger"}]},
    "inLanguage": {"@type": "Language", "name": "French", "alternateName": "fr"},
    "name": "No, the Eiffel Tower is older",
}


def parse(obj: dict[str, Any]) -> Parsed:
    return parse_record(obj, ORIGIN, ExportOptions())


def test_claimreview_fields() -> None:
    fc, warnings = parse(CLAIM_REVIEW)
    assert warnings == []
    assert fc.model_dump() == {
        "id": imported_factcheck_id("https://checks.example/eiffel", "", "", None),
        "claim": "The Eiffel Tower was built in 1920.",
        "label": Label.REFUTED,
        "rating": "Pants on Fire",
        "rationale": "It opened in 1889.",
        "reviewer_or_publisher": "Example Checks",
        "date": date(2024, 3, 1),
        "url": "https://checks.example/eiffel",
        "language": "fr",
        "title": "No, the Eiffel Tower is older",
        "claimant": "A. Blogger",
        "origin": {"kind": "import", "file": "feed.json", "line": 4},
    }


def test_claimreview_with_a_score_and_no_name() -> None:
    rating = {"ratingValue": 5, "bestRating": 5, "worstRating": 1}
    fc, _ = parse({**CLAIM_REVIEW, "reviewRating": rating})
    assert (fc.rating, fc.label) == ("5 (scale 1 to 5)", Label.SUPPORTED)
    fc, _ = parse({**CLAIM_REVIEW, "reviewRating": {"ratingValue": 2}})
    assert (fc.rating, fc.label) == ("2", None)


def test_an_unclear_rating_keeps_its_text_and_has_no_label() -> None:
    rating = {"alternateName": "Missing context", "ratingValue": 1, "worstRating": 1}
    fc, _ = parse({**CLAIM_REVIEW, "reviewRating": rating})
    assert (fc.rating, fc.label) == ("Missing context", None)  # the name wins over a score


def test_without_url_the_key_is_the_content() -> None:
    bare = {k: v for k, v in CLAIM_REVIEW.items() if k != "url"}
    fc, _ = parse(bare)
    expected = imported_factcheck_id(
        None, "The Eiffel Tower was built in 1920.", "Pants on Fire", "Example Checks"
    )
    assert fc.id == expected and fc.url is None
    fc, _ = parse({**bare, "@type": None, "author": None, "publisher": "Other Desk"})
    assert fc.reviewer_or_publisher == "Other Desk" and fc.language == "fr"


def test_plain_line() -> None:
    line = {
        "claim": "5G spreads viruses.",
        "rating": "False",
        "url": "https://fc.example/5g",
        "title": "No, 5G does not spread viruses",
        "date": "2020-04-02",
        "publisher": "FC Desk",
    }
    fc, warnings = parse(line)
    assert warnings == []
    assert (fc.claim, fc.label, fc.rating, fc.title, fc.date, fc.reviewer_or_publisher) == (
        "5G spreads viruses.",
        Label.REFUTED,
        "False",
        "No, 5G does not spread viruses",
        date(2020, 4, 2),
        "FC Desk",
    )
    assert fc.language == "en" and fc.rationale is None


def test_a_date_that_is_not_iso_is_dropped_with_a_warning() -> None:
    fc, warnings = parse({"claim": "c", "rating": "True", "date": "April 2, 2020"})
    assert fc.date is None
    assert warnings == ["date 'April 2, 2020' is not an ISO date (YYYY-MM-DD): left out"]


@pytest.mark.parametrize(
    ("obj", "reason"),
    [
        ({**CLAIM_REVIEW, "claimReviewed": " "}, "claimReviewed is missing or empty"),
        ({**CLAIM_REVIEW, "claimReviewed": ["a"]}, "claimReviewed is not text"),
        ({**CLAIM_REVIEW, "reviewRating": {}}, "no rating: reviewRating has neither"),
        ({**CLAIM_REVIEW, "reviewRating": "False"}, "reviewRating is not an object"),
        (
            {**CLAIM_REVIEW, "reviewRating": {"ratingValue": "low"}},
            "reviewRating.ratingValue is not a number: 'low'",
        ),
        ({**CLAIM_REVIEW, "@type": "NewsArticle"}, "@type NewsArticle is not ClaimReview"),
        ({**CLAIM_REVIEW, "url": 7}, "url is not text"),
        ({"claim": "c"}, "rating is missing or empty"),
        ({"claim": "", "rating": "False"}, "claim is missing or empty"),
        ({"doc_id": "d1", "text": "a corpus line"}, "neither a ClaimReview"),
    ],
)
def test_bad_records_say_why(obj: dict[str, Any], reason: str) -> None:
    with pytest.raises(BadRecord, match=re.escape(reason)):
        parse(obj)
