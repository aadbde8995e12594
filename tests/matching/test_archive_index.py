"""The archive index on disk: vectors by text (only new texts embedded), BM25 by state."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.llm.embeddings import MiniLMEmbeddings
from workbench.matching.archive_index import ArchiveIndexStore, index_text


class CountingEmbedder(MiniLMEmbeddings):
    """The real packaged model, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_array(self, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        return super().embed_array(texts)


ENTRIES = [
    ("fc-1", "The Brooklyn Bridge opened in 1883."),
    ("fc-2", "Unemployment in Ohio fell to 4.9 percent."),
    ("fc-3", "A shark swam on a flooded highway in Houston."),
]


def test_only_new_texts_are_embedded_and_a_new_process_reads_them_back(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    store = ArchiveIndexStore(tmp_path, embedder)
    first = store.get(ENTRIES)
    assert len(embedder.embedded) == 3 and store.last_embedded == 3
    assert store.get(ENTRIES) is first  # same state: the index in memory

    added = [*ENTRIES, ("fc-4", "The Moai were carved by the Rapa Nui people.")]
    second = store.get(added)
    assert embedder.embedded[3:] == ["The Moai were carved by the Rapa Nui people."]
    assert np.allclose(second.vectors[:3], first.vectors)

    again = CountingEmbedder()
    reopened = ArchiveIndexStore(tmp_path, again).get(added)  # another process
    assert again.embedded == [] and reopened.state == second.state
    assert np.allclose(reopened.vectors, second.vectors)
    assert reopened.keyword.search("Rapa Nui", 1)[0][0] == "fc-4"
    assert [p.name for p in (tmp_path / "bm25").iterdir()] == [second.state]  # old one swept


def test_each_entry_keeps_its_own_vector_whatever_order_texts_are_embedded_in(
    tmp_path: Path,
) -> None:
    entries = [
        ("fc-0", "A photograph shows a shark swimming on a flooded Houston highway."),
        *ENTRIES,
    ]
    embedder = CountingEmbedder()
    index = ArchiveIndexStore(tmp_path, embedder).get(entries)
    texts = [t for _, t in entries]
    assert embedder.embedded == sorted(texts, key=len)  # shortest first, not archive order
    for row, text in enumerate(texts):
        assert np.allclose(index.vectors[row], embedder.embed_query(text), atol=1e-5)


def test_removed_entries_leave_the_vector_file(tmp_path: Path) -> None:
    store = ArchiveIndexStore(tmp_path, MiniLMEmbeddings())
    store.get(ENTRIES)
    store.get(ENTRIES[:1])
    with np.load(tmp_path / "vectors.npz") as stored:
        assert len(stored["keys"]) == 1


def test_an_empty_archive_writes_nothing(tmp_path: Path) -> None:
    index = ArchiveIndexStore(tmp_path / "idx", MiniLMEmbeddings()).get([])
    assert len(index) == 0 and not (tmp_path / "idx").exists()


def test_the_index_text_is_claim_and_headline_normalised() -> None:
    assert index_text("Sharks swim on highways.", "Shark on a Highway?") == (
        "Sharks swim on highways. Shark on a Highway?"
    )
    assert index_text("Sharks swim on highways.", "Sharks swim") == "Sharks swim on highways."
    assert index_text("See https://t.co/x #Sharks", None) == "See Sharks"
