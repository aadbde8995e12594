"""Keyword retrieval with bm25s (sparse-matrix BM25), persisted per corpus state.

An index is built from the catalog's passages and saved under
``vectorstore/bm25/<corpus>/<state>``; a corpus whose documents change gets a new state
and so a fresh index, and stale ones are removed. Saving goes to a temp folder that is
renamed into place, so a crash never leaves a half index to load.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import bm25s

from workbench.records import Passage

_IDS_FILE = "passage_ids.json"


def _tokenize(texts: list[str]):  # type: ignore[no-untyped-def]
    return bm25s.tokenize(texts, stopwords="en", show_progress=False)


class BM25Index:
    def __init__(self, retriever: bm25s.BM25 | None, passage_ids: list[str]) -> None:
        self._retriever = retriever
        self.passage_ids = passage_ids

    @classmethod
    def build(cls, passages: list[Passage]) -> BM25Index:
        if not passages:
            return cls(None, [])
        retriever = bm25s.BM25()
        retriever.index(_tokenize([p.text for p in passages]), show_progress=False)
        return cls(retriever, [p.passage_id for p in passages])

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(passage_id, BM25 score) of up to k passages sharing words with the query."""
        if self._retriever is None or not query.strip():
            return []
        tokens = _tokenize([query])
        if not tokens.vocab:  # only stopwords or punctuation
            return []
        k = min(k, len(self.passage_ids))
        docs, scores = self._retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        return [
            (self.passage_ids[int(i)], float(s))
            for i, s in zip(docs[0], scores[0], strict=True)
            if s > 0
        ]

    def save(self, folder: Path) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
        try:
            if self._retriever is not None:
                self._retriever.save(str(tmp), show_progress=False)
            (tmp / _IDS_FILE).write_text(json.dumps(self.passage_ids))
            if folder.exists():
                shutil.rmtree(folder)
            tmp.rename(folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        ids = json.loads((folder / _IDS_FILE).read_text())
        retriever = bm25s.BM25.load(str(folder), mmap=False, show_progress=False) if ids else None
        return cls(retriever, ids)


class BM25Store:
    """BM25 indexes on disk, one per (corpus, state), with an in-process cache."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._loaded: dict[str, tuple[str, BM25Index]] = {}

    def get(self, corpus: str, state: str, passages_loader) -> BM25Index:  # type: ignore[no-untyped-def]
        cached = self._loaded.get(corpus)
        if cached and cached[0] == state:
            return cached[1]
        folder = self.root / corpus / state
        if (folder / _IDS_FILE).exists():
            index = BM25Index.load(folder)
        else:
            index = BM25Index.build(passages_loader())
            index.save(folder)
            self._sweep(corpus, keep=state)
        self._loaded[corpus] = (state, index)
        return index

    def drop(self, corpus: str) -> None:
        self._loaded.pop(corpus, None)
        shutil.rmtree(self.root / corpus, ignore_errors=True)

    def _sweep(self, corpus: str, keep: str) -> None:
        for old in (self.root / corpus).iterdir():
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)
