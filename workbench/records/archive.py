"""The fact-check archive: reviewed and imported fact-checks, and import reports."""

from __future__ import annotations

from datetime import date as calendar_date
from typing import Annotated, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field

from workbench.records.base import Label, Record
from workbench.records.ids import normalise_text, sha256_hex


def _hash_form(text: str) -> str:
    """Case and spacing do not make a different fact-check."""
    return " ".join(normalise_text(text).casefold().split())


def _url_form(url: str) -> str:
    """Scheme and host are case-insensitive; path, query and fragment are kept as written
    (our own ClaimReview export tells its reviews apart by the fragment)."""
    parts = urlsplit(url.strip())
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()))


def imported_factcheck_id(url: str | None, claim: str, rating: str, publisher: str | None) -> str:
    """An imported fact-check is its URL; without one, its claim, rating and publisher."""
    if url and url.strip():
        return "fc-" + sha256_hex("url:" + _url_form(url))[:20]
    content = "\n".join(_hash_form(part or "") for part in (claim, rating, publisher))
    return "fc-" + sha256_hex("content:" + content)[:20]


def reviewed_factcheck_id(run_id: str, assertion_id: str) -> str:
    """A verdict reviewed here is its (run, assertion): the id stays when an edit changes the
    label, and the same claim accepted in two runs makes two fact-checks, not one."""
    return "fc-" + sha256_hex(f"workbench:{run_id}:{assertion_id}")[:20]


class ReviewedOrigin(Record):
    kind: Literal["workbench"] = "workbench"
    run_id: str
    assertion_id: str

    def describe(self) -> str:
        return f"reviewed in this workbench: run {self.run_id}, assertion {self.assertion_id}"


class ImportedOrigin(Record):
    kind: Literal["import"] = "import"
    file: str
    line: int = Field(ge=1)

    def describe(self) -> str:
        return f"imported from {self.file} line {self.line}"


FactCheckOrigin = Annotated[ReviewedOrigin | ImportedOrigin, Field(discriminator="kind")]


class FactCheck(Record):
    """One verdict on one claim: reviewed in this workbench or imported from a publisher.

    ``label`` is ours; ``rating`` is the text the publisher (or our rating scale) gave. An
    imported rating that does not map clearly to a label keeps its text and has no label.
    """

    id: str  # imported_factcheck_id or reviewed_factcheck_id
    claim: str = Field(min_length=1)  # as checked
    label: Label | None
    rating: str = Field(min_length=1)
    rationale: str | None = None
    reviewer_or_publisher: str | None = None
    date: calendar_date | None = None
    url: str | None = None
    language: str = "en"
    title: str | None = None  # the fact-check's headline, when an import has one
    claimant: str | None = None  # who made the claim, when known
    origin: FactCheckOrigin


class ImportProblem(Record):
    file: str
    line: int | None = None  # None: the whole file
    reason: str


class ImportReport(Record):
    files: int = 0
    added: int = 0
    updated: int = 0  # same key (URL or content), other details: the newer file wins
    unchanged: int = 0
    failed: tuple[ImportProblem, ...] = ()  # records (with a line) and whole files (without)
    warnings: tuple[ImportProblem, ...] = ()  # kept, but something was dropped (e.g. a date)

    @property
    def ok(self) -> bool:
        return not self.failed
