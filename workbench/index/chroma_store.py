"""The vector index: the only module that imports chromadb.

One collection per corpus, cosine space, vectors computed by our own embedder (Chroma's
default embedding function would download a model at first use, so none is attached).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np

from workbench.records import Passage

_PREFIX = "corpus-"
_MAX_BATCH = 4000  # below Chroma's max batch size on every backend


class IndexError_(RuntimeError):
    """The vector index cannot be reached or used; the message says what to change."""


def _collection_name(corpus: str) -> str:
    return f"{_PREFIX}{corpus}"


class ChromaIndex:
    def __init__(self, client: chromadb.ClientAPI, where: str) -> None:
        self._client = client
        self.where = where
        self._handles: dict[str, Any] = {}  # collection handles: a lookup costs a round trip

    @classmethod
    def persistent(cls, path: Path) -> ChromaIndex:
        path.mkdir(parents=True, exist_ok=True)
        settings = chromadb.Settings(anonymized_telemetry=False)
        return cls(chromadb.PersistentClient(path=str(path), settings=settings), str(path))

    @classmethod
    def remote(cls, url: str) -> ChromaIndex:
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise IndexError_(f"WORKBENCH_CHROMA_URL={url!r} is not an http(s)://host:port URL")
        try:
            client = chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=chromadb.Settings(anonymized_telemetry=False),
            )
            client.heartbeat()
        except Exception as exc:
            raise IndexError_(
                f"cannot reach the Chroma server at {url} ({exc}); start it with "
                "`chroma run --path vectorstore` or unset WORKBENCH_CHROMA_URL"
            ) from exc
        return cls(client, url)

    def _collection(self, corpus: str, embedder: str | None = None):  # type: ignore[no-untyped-def]
        if embedder is None:
            if corpus not in self._handles:
                self._handles[corpus] = self._client.get_collection(
                    _collection_name(corpus), embedding_function=None
                )
            return self._handles[corpus]
        collection = self._client.get_or_create_collection(
            _collection_name(corpus),
            embedding_function=None,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": embedder},
        )
        stored = (collection.metadata or {}).get("embedder")
        if stored != embedder:
            raise IndexError_(
                f"corpus {corpus!r} was embedded with {stored!r}, not {embedder!r}: "
                f"remove it (`workbench corpus remove {corpus}`) and add it again"
            )
        return collection

    def add(
        self, corpus: str, embedder: str, passages: Sequence[Passage], vectors: np.ndarray
    ) -> None:
        collection = self._collection(corpus, embedder)
        for i in range(0, len(passages), _MAX_BATCH):
            batch = passages[i : i + _MAX_BATCH]
            collection.upsert(
                ids=[p.passage_id for p in batch],
                embeddings=vectors[i : i + _MAX_BATCH],
                metadatas=[{"doc_id": p.doc_id, "start": p.start, "end": p.end} for p in batch],
            )

    def query(self, corpus: str, vector: Sequence[float], k: int) -> list[tuple[str, str, float]]:
        """(passage_id, doc_id, cosine similarity) of the k nearest passages, best first."""
        result = self._query(corpus, vector, k, include=("distances", "metadatas"))
        return [
            (pid, str(meta["doc_id"]), 1.0 - float(dist))
            for pid, meta, dist in zip(
                result["ids"][0], result["metadatas"][0], result["distances"][0], strict=True
            )
        ]

    def nearest(self, corpus: str, vector: Sequence[float], k: int) -> list[tuple[str, float]]:
        """(passage_id, cosine similarity) of the k nearest passages, best first: the bare
        query, without metadata (reading it costs about 1 ms of 2.3 at k=30, 100k passages)."""
        result = self._query(corpus, vector, k, include=("distances",))
        return [
            (pid, 1.0 - float(dist))
            for pid, dist in zip(result["ids"][0], result["distances"][0], strict=True)
        ]

    def _query(self, corpus: str, vector: Sequence[float], k: int, include: tuple[str, ...]):  # type: ignore[no-untyped-def]
        # No count() first (a round trip per query): Chroma returns fewer hits, or none, itself.
        def run():  # type: ignore[no-untyped-def]
            return self._collection(corpus).query(
                query_embeddings=[vector], n_results=k, include=list(include)
            )

        try:
            return run()
        except Exception:
            # The cached handle may name a collection another process dropped and re-created.
            self._handles.pop(corpus, None)
            return run()

    def doc_ids(self, corpus: str) -> set[str]:
        if not self.has(corpus):
            return set()
        got = self._collection(corpus).get(include=["metadatas"])
        return {str(m["doc_id"]) for m in got["metadatas"] or []}

    def delete_docs(self, corpus: str, doc_ids: Sequence[str]) -> None:
        if doc_ids and self.has(corpus):
            self._collection(corpus).delete(where={"doc_id": {"$in": list(doc_ids)}})

    def count(self, corpus: str) -> int:
        return self._collection(corpus).count() if self.has(corpus) else 0

    def has(self, corpus: str) -> bool:
        return _collection_name(corpus) in {c.name for c in self._client.list_collections()}

    def drop(self, corpus: str) -> None:
        self._handles.pop(corpus, None)
        if self.has(corpus):
            self._client.delete_collection(_collection_name(corpus))
