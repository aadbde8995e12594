"""Stale verdicts: a verdict rests on the documents it cites as they were at check time.

When one of them is replaced (the same source re-added with other text) or removed (its
corpus dropped), the verdict no longer has the support it had: it is *stale*, with one
reason per cited document that moved. Derived on read from the corpus as stored now, never
stored, so it is right whatever happened in between; `workbench recheck` re-runs the stale
assertions of a run.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from workbench.records import Citation
from workbench.store import catalog


class CorpusNow:
    """What the corpus holds now, read once for any number of verdicts."""

    def __init__(self, session: Session, corpus: str) -> None:
        self._session = session
        self.corpus = corpus
        by_source = catalog.source_hashes(session, corpus)
        self._current = {doc_id: sha for doc_id, sha in by_source.values()}
        self._by_source = {source: doc_id for source, (doc_id, _) in by_source.items()}

    def reasons(self, citations: Iterable[Citation]) -> tuple[str, ...]:
        """Why the cited documents no longer stand as they did, one reason per document."""
        reasons: dict[str, str] = {}
        for citation in citations:
            if citation.doc_id in reasons:
                continue
            reason = self._reason(citation)
            if reason:
                reasons[citation.doc_id] = reason
        return tuple(reasons.values())

    def _reason(self, citation: Citation) -> str | None:
        name = repr(citation.title or citation.source or citation.doc_id)
        sha = self._current.get(citation.doc_id)
        if sha == citation.doc_sha256:
            return None
        if sha is not None:  # same id, other text: not made by ingest, but say so if it happens
            return f"cited document {name} changed since the check"
        successor = self._by_source.get(citation.source) if citation.source else None
        if successor is not None:
            document = catalog.get_document(self._session, self.corpus, successor)
            when = f" on {document.ingested_at:%Y-%m-%d %H:%M} UTC" if document else ""
            return f"cited document {name} was replaced with new text{when}"
        return f"cited document {name} is no longer in corpus {self.corpus!r}"


def stale_reasons(session: Session, corpus: str, citations: Iterable[Citation]) -> tuple[str, ...]:
    """The reasons for one verdict (see CorpusNow for many)."""
    return CorpusNow(session, corpus).reasons(citations)
