"""One JSON object -> one FactCheck: schema.org ClaimReview, or a plain fact-check line
``{"claim", "rating", "url", "title", "date", "publisher"}``.

A record without a claim or a rating is refused with the reason (BadRecord). A date that
is not ISO 8601 is dropped with a warning: the claim and its rating are still worth keeping.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from pydantic import ValidationError

from workbench.factchecks.ratings import label_for_rating, label_for_score
from workbench.records import FactCheck, ImportedOrigin, imported_factcheck_id
from workbench.settings import ExportOptions


class BadRecord(ValueError):
    """This record cannot be imported; the message says why."""


class Parsed(NamedTuple):
    factcheck: FactCheck
    warnings: list[str]


def _text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord(f"{where} is not text")
    return value.strip() or None


def _name(value: Any, where: str) -> str | None:
    """A person or organisation as schema.org writes it: a name, {"name": ...}, or a list."""
    if isinstance(value, list):
        names = [_name(v, where) for v in value]
        return next((n for n in names if n), None)
    if isinstance(value, dict):
        return _text(value.get("name"), f"{where}.name")
    return _text(value, where)


def _number(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadRecord(f"{where} is not a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise BadRecord(f"{where} is not a number: {value!r}") from None


def _date(value: Any, where: str, warnings: list[str]) -> date | None:
    text = _text(value, where)
    if text is None:
        return None
    try:  # "2024-03-01" or a timestamp "2024-03-01T10:00:00Z": the day is what counts
        return date.fromisoformat(text[:10])
    except ValueError:
        warnings.append(f"{where} {text[:40]!r} is not an ISO date (YYYY-MM-DD): left out")
        return None


def _language(value: Any) -> str:
    if isinstance(value, dict):  # {"@type": "Language", "alternateName": "en", "name": ...}
        value = value.get("alternateName") or value.get("name")
    text = _text(value, "inLanguage")
    return text[:35] if text else "en"


def _score_text(value: float, best: float | None, worst: float | None) -> str:
    scale = f" (scale {worst:g} to {best:g})" if best is not None and worst is not None else ""
    return f"{value:g}{scale}"


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    return [t for t in (kind if isinstance(kind, list) else [kind]) if isinstance(t, str)]


def _claimreview(obj: dict[str, Any], origin: ImportedOrigin, options: ExportOptions) -> Parsed:
    warnings: list[str] = []
    claim = _text(obj.get("claimReviewed"), "claimReviewed")
    if not claim:
        raise BadRecord("claimReviewed is missing or empty")
    rating = obj.get("reviewRating")
    if isinstance(rating, list):
        rating = next((r for r in rating if isinstance(r, dict)), None)
    if rating is not None and not isinstance(rating, dict):
        raise BadRecord("reviewRating is not an object")
    rating = rating or {}
    name = _text(rating.get("alternateName"), "reviewRating.alternateName")
    value = _number(rating.get("ratingValue"), "reviewRating.ratingValue")
    best = _number(rating.get("bestRating"), "reviewRating.bestRating")
    worst = _number(rating.get("worstRating"), "reviewRating.worstRating")
    if name is None and value is None:
        raise BadRecord("no rating: reviewRating has neither alternateName nor ratingValue")
    if name is not None:
        label, rating_text = label_for_rating(name, options), name
    else:
        assert value is not None
        label, rating_text = label_for_score(value, best, worst), _score_text(value, best, worst)
    publisher = _name(obj.get("author"), "author") or _name(obj.get("publisher"), "publisher")
    url = _text(obj.get("url"), "url")
    item = obj.get("itemReviewed")
    claimant = _name(item.get("author"), "itemReviewed.author") if isinstance(item, dict) else None
    fc = FactCheck(
        id=imported_factcheck_id(url, claim, rating_text, publisher),
        claim=claim,
        label=label,
        rating=rating_text,
        rationale=_text(obj.get("reviewBody"), "reviewBody"),
        reviewer_or_publisher=publisher,
        date=_date(obj.get("datePublished"), "datePublished", warnings),
        url=url,
        language=_language(obj.get("inLanguage")),
        title=_text(obj.get("name"), "name") or _text(obj.get("headline"), "headline"),
        claimant=claimant,
        origin=origin,
    )
    return Parsed(fc, warnings)


def _plain(obj: dict[str, Any], origin: ImportedOrigin, options: ExportOptions) -> Parsed:
    warnings: list[str] = []
    claim = _text(obj.get("claim"), "claim")
    if not claim:
        raise BadRecord("claim is missing or empty")
    rating = _text(obj.get("rating"), "rating")
    if not rating:
        raise BadRecord("rating is missing or empty")
    url = _text(obj.get("url"), "url")
    publisher = _text(obj.get("publisher"), "publisher")
    fc = FactCheck(
        id=imported_factcheck_id(url, claim, rating, publisher),
        claim=claim,
        label=label_for_rating(rating, options),
        rating=rating,
        reviewer_or_publisher=publisher,
        date=_date(obj.get("date"), "date", warnings),
        url=url,
        title=_text(obj.get("title"), "title"),
        origin=origin,
    )
    return Parsed(fc, warnings)


def parse_record(obj: dict[str, Any], origin: ImportedOrigin, options: ExportOptions) -> Parsed:
    types = _types(obj)
    try:
        if "ClaimReview" in types or (not types and "claimReviewed" in obj):
            return _claimreview(obj, origin, options)
        if types:
            raise BadRecord(f"@type {', '.join(types)} is not ClaimReview")
        if "claim" in obj:
            return _plain(obj, origin, options)
    except ValidationError as exc:  # a guard: the checks above should have said why
        raise BadRecord(f"not a valid fact-check: {exc.errors()[0]['msg']}") from None
    raise BadRecord("neither a ClaimReview (no claimReviewed) nor a fact-check line (no claim)")
