"""The services the CLI and the UI share, built once from Settings.

Heavy parts (the embedder, the Chroma client) are created on first use, so a command
that only lists corpora starts fast.
"""

from __future__ import annotations

from functools import cached_property

from langchain_core.embeddings import Embeddings

from workbench.index.bm25 import BM25Store
from workbench.index.chroma_store import ChromaIndex
from workbench.index.fulltext import PostgresKeywordStore
from workbench.index.hybrid import HybridSearcher
from workbench.llm.backends import LLMBackend
from workbench.llm.cache import CachedLLM
from workbench.llm.embeddings import make_embeddings
from workbench.settings import Settings
from workbench.store.db import Database


class Workbench:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.db_url)

    @cached_property
    def index(self) -> ChromaIndex:
        if self.settings.chroma_url:
            return ChromaIndex.remote(self.settings.chroma_url)
        return ChromaIndex.persistent(self.settings.vectorstore_dir)

    @cached_property
    def embeddings(self) -> Embeddings:
        return make_embeddings(self.settings)

    @cached_property
    def bm25(self) -> BM25Store | PostgresKeywordStore:
        """Keyword search: on PostgreSQL, BM25 over postings in the database unless bm25s is
        chosen; elsewhere bm25s indexes in the home folder, built from the catalog."""
        on_postgres = self.db.engine.dialect.name == "postgresql"
        if on_postgres and self.settings.keyword_search != "bm25s":
            return PostgresKeywordStore(self.db)
        return BM25Store(self.settings.vectorstore_dir / "bm25")

    @cached_property
    def searcher(self) -> HybridSearcher:
        return HybridSearcher(self.db, self.index, self.bm25, self.embeddings)

    @cached_property
    def llm_backend(self) -> LLMBackend:
        """The chat endpoint; for the embedded default this starts the local server."""
        return LLMBackend(self.settings)

    @cached_property
    def llm(self) -> CachedLLM:
        return CachedLLM(self.llm_backend.llm, self.db)

    def close(self) -> None:
        if "llm_backend" in self.__dict__:
            self.llm_backend.close()
        if "db" in self.__dict__:
            self.db.close()
