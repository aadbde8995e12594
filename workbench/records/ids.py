"""Ids derived from content: re-ingesting the same text gives the same ids, so a citation
can be re-verified later against the document it names."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from workbench.records.base import CORPUS_NAME_PATTERN


def normalise_text(text: str) -> str:
    """NFC, unix newlines, trailing spaces removed: the form every hash is taken of."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id(text: str) -> str:
    """A document is its text: identical texts share one id (stored once per corpus)."""
    return "doc-" + sha256_hex(text)[:20]


def passage_id(doc_id: str, start: int, end: int) -> str:
    return "p-" + sha256_hex(f"{doc_id}:{start}:{end}")[:20]


def validate_corpus_name(name: str) -> str:
    if not re.match(CORPUS_NAME_PATTERN, name):
        raise ValueError(
            f"invalid corpus name {name!r}: use 1-63 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name
