"""The base record and the named constants shared by prompts, parsers and tests."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Label(StrEnum):
    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    NOT_ENOUGH_EVIDENCE = "NOT_ENOUGH_EVIDENCE"
    CONFLICTING = "CONFLICTING"


class AssertionKind(StrEnum):
    FACTUAL = "factual"
    QUOTE = "quote"
    STATISTIC = "statistic"
    PREDICTION = "prediction"
    OPINION = "opinion"


class AttributionKind(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"
    AUTHOR = "author"
    NONE = "none"


CORPUS_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
