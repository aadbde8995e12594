"""Corpus records: source texts, documents, passages, search hits, ingest reports."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, model_validator

from workbench.records.base import Record
from workbench.records.ids import document_id, normalise_text, sha256_hex


class SourceText(Record):
    """What a reader returns: text plus whatever provenance the file itself carries."""

    text: str
    source: str  # path, URL, or "path#id" for a record inside a .jsonl corpus
    title: str
    external_id: str | None = None  # e.g. the doc_id field of a .jsonl corpus line
    author: str | None = None
    date: str | None = None
    url: str | None = None  # the web address the file names as its own (an HTML canonical link)


class Document(Record):
    doc_id: str
    corpus: str
    title: str
    source: str
    text: str
    sha256: str
    ingested_at: datetime
    external_id: str | None = None
    author: str | None = None
    date: str | None = None

    @classmethod
    def from_source(cls, corpus: str, src: SourceText, ingested_at: datetime) -> Document:
        text = normalise_text(src.text)
        return cls(
            doc_id=document_id(text),
            corpus=corpus,
            title=src.title,
            source=src.source,
            text=text,
            sha256=sha256_hex(text),
            ingested_at=ingested_at,
            external_id=src.external_id,
            author=src.author,
            date=src.date,
        )


class Passage(Record):
    """A slice of a document: ``text == document.text[start:end]`` always."""

    passage_id: str
    doc_id: str
    start: int = Field(ge=0)
    end: int
    text: str

    @model_validator(mode="after")
    def _span_matches_text(self) -> Passage:
        if self.end - self.start != len(self.text):
            raise ValueError("passage span length differs from its text length")
        return self


class SearchHit(Record):
    passage_id: str
    doc_id: str
    doc_sha256: str
    title: str
    source: str
    text: str
    start: int
    end: int
    score: float


class FailedFile(Record):
    source: str
    reason: str


class IngestReport(Record):
    corpus: str
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    duplicates: int = 0
    passages: int = 0
    failed: tuple[FailedFile, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failed


class CorpusInfo(Record):
    name: str
    documents: int
    passages: int
    state: str  # fingerprint of the documents' hashes: what a verdict was checked against
