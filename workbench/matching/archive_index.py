"""The archive as a search index: BM25 and a matrix of MiniLM vectors over each fact-check's
claim + title, for one state of the archive.

Vectors live in a numpy matrix, not in a Chroma collection: an exact search (one matrix
product over 384 floats per entry) is as fast as Chroma's approximate HNSW query at this size
(benchmarks/claim_matching_speed.py, BENCHMARKS.md), there is no second store to keep in step
with the archive table, and the re-ranker gets the very cosines and ranks it was fitted on
(training/claim_matching.py builds the same index in memory). The matrix is cached on disk
by text: a new or edited fact-check is embedded once, and an archive change (a reviewer
accepting a verdict) re-embeds only what changed. BM25 is cached per archive state, as the
corpus index is per corpus state.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from workbench.index.bm25 import BM25Index
from workbench.llm.embeddings import MiniLMEmbeddings
from workbench.matching.normalise import normalise_claim
from workbench.records import sha256_hex

_VECTORS = "vectors.npz"
Progress = Callable[[int, int], None]  # (embedded, to embed)


def index_text(claim: str, title: str | None) -> str:
    """What a fact-check is found by: its claim and, when it has one, its headline."""
    both = claim if not title or title.strip() in claim else f"{claim} {title}"
    return normalise_claim(both)


def text_key(text: str) -> str:
    return sha256_hex(text)[:32]


def archive_state(embedder: str, ids: Sequence[str], texts: Sequence[str]) -> str:
    """Names one content of the archive, as seen through one embedder."""
    lines = "\n".join(f"{i}\t{text_key(t)}" for i, t in zip(ids, texts, strict=True))
    return sha256_hex(f"{embedder}\n{lines}")[:20]


@dataclass(frozen=True)
class ArchiveIndex:
    ids: list[str]
    texts: list[str]  # index_text of each entry
    vectors: np.ndarray  # (n, d) float32, rows L2-normalised, in ids order
    keyword: BM25Index
    state: str

    @classmethod
    def build(
        cls, ids: Sequence[str], texts: Sequence[str], vectors: np.ndarray, embedder: str
    ) -> ArchiveIndex:
        """An index held in memory (the training script's, and the store's on a miss)."""
        ids, texts = list(ids), list(texts)
        return cls(
            ids=ids,
            texts=texts,
            vectors=np.asarray(vectors, dtype=np.float32),
            keyword=BM25Index.from_texts(ids, texts),
            state=archive_state(embedder, ids, texts),
        )

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def row_of(self) -> dict[str, int]:
        return {fc_id: row for row, fc_id in enumerate(self.ids)}

    def cosines(self, vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of the (normalised) query vector to every entry."""
        return self.vectors @ np.asarray(vector, dtype=np.float32)

    def bm25(self, text: str) -> np.ndarray:
        """BM25 score of every entry (zeros when the text shares no indexed word)."""
        scores = self.keyword.scores(text)
        return np.zeros(len(self.ids), dtype=np.float32) if scores is None else scores


class ArchiveIndexStore:
    """Archive indexes on disk under ``root``, one in memory: vectors by text, BM25 by state."""

    def __init__(self, root: Path, embedder: MiniLMEmbeddings) -> None:
        self.root = root
        self.embedder = embedder
        self._loaded: ArchiveIndex | None = None
        self.last_embedded = 0  # texts embedded by the last get(): 0 when all were cached
        self.last_seconds = 0.0  # how long the last get() took

    def get(
        self, entries: Sequence[tuple[str, str]], progress: Progress | None = None
    ) -> ArchiveIndex:
        """The index of these (id, index_text) entries; only texts not embedded before are."""
        started = time.perf_counter()
        ids, texts = [i for i, _ in entries], [t for _, t in entries]
        state = archive_state(self.embedder.model_id, ids, texts)
        self.last_embedded, self.last_seconds = 0, 0.0
        if not entries:  # nothing to embed or to keep on disk
            dims = self.embedder.dimensions
            return ArchiveIndex.build([], [], np.zeros((0, dims)), self.embedder.model_id)
        if self._loaded is None or self._loaded.state != state:
            vectors = self._vectors(texts, progress)
            self._loaded = ArchiveIndex(
                ids, texts, vectors, self._keyword(state, ids, texts), state
            )
        self.last_seconds = time.perf_counter() - started
        return self._loaded

    def _vectors(self, texts: list[str], progress: Progress | None) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        cached = self._read_vectors()
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in cached}.items()
        )
        if missing:
            fresh = self._embed([t for _, t in missing], progress)
            cached.update(zip((k for k, _ in missing), fresh, strict=True))
            self.last_embedded = len(missing)
        matrix = np.stack([cached[k] for k in keys])
        if missing or len(cached) != len(set(keys)):  # new texts, or removed ones to forget
            self._write_vectors(keys, matrix)
        return matrix.astype(np.float32, copy=False)

    def _embed(self, texts: list[str], progress: Progress | None) -> np.ndarray:
        chunk = 512  # progress a few times a second, batches as large as the embedder's
        # Shortest first across chunks, so that each chunk's batches pad little.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.zeros((len(texts), self.embedder.dimensions), dtype=np.float32)
        for start in range(0, len(order), chunk):
            part = order[start : start + chunk]
            vectors[part] = self.embedder.embed_array([texts[i] for i in part])
            if progress:
                progress(min(start + chunk, len(texts)), len(texts))
        return vectors

    def _read_vectors(self) -> dict[str, np.ndarray]:
        path = self.root / _VECTORS
        if not path.exists():
            return {}
        with np.load(path) as stored:
            if stored["vectors"].shape[1:] != (self.embedder.dimensions,):
                return {}
            return dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))

    def _write_vectors(self, keys: list[str], matrix: np.ndarray) -> None:
        unique = dict(zip(keys, range(len(keys)), strict=True))  # a text held twice is kept once
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.root, suffix=".npz", delete=False) as tmp:
            np.savez(tmp, keys=np.array(list(unique)), vectors=matrix[list(unique.values())])
        Path(tmp.name).replace(self.root / _VECTORS)  # whole file or the old one, never half

    def _keyword(self, state: str, ids: list[str], texts: list[str]) -> BM25Index:
        folder = self.root / "bm25" / state
        if folder.exists():
            return BM25Index.load(folder)
        index = BM25Index.from_texts(ids, texts)
        index.save(folder)
        for old in folder.parent.iterdir():  # one archive state is kept
            if old.name != state and not old.name.startswith(".tmp-"):
                shutil.rmtree(old, ignore_errors=True)
        return index
