"""Candidates and pair features on a small archive with hand-made vectors (no embedder)."""

from __future__ import annotations

import numpy as np

from workbench.matching.archive_index import ArchiveIndex
from workbench.matching.features import (
    FEATURES,
    candidate_pool,
    content_words,
    feature_rows,
    names,
    numbers,
)

TEXTS = [
    "Unemployment in Ohio fell to 4.9 percent in 2016.",
    "The Brooklyn Bridge opened in 1883.",
    "Joe Biden said the Ohio bridge cost 15 million dollars.",
    "A photograph shows a shark swimming on a flooded highway.",
]


def _index() -> ArchiveIndex:
    vectors = np.eye(len(TEXTS), 8, dtype=np.float32)  # entry i points along axis i
    return ArchiveIndex.build([f"fc-{i}" for i in range(len(TEXTS))], TEXTS, vectors, "test")


def _query_vector(*weights: float) -> np.ndarray:
    vector = np.zeros(8, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


def test_words_numbers_and_names_are_what_a_reader_compares() -> None:
    assert content_words("The sharks were swimming on the highway") == {
        "shark",
        "swimming",
        "highway",
    }
    assert numbers("It cost 15,000 dollars, 4.9 percent more") == {"15000", "4.9"}
    assert names("Joe Biden said The Ohio bridge") == {"joe", "biden", "ohio"}


def test_the_pool_holds_both_retrievers_candidates_with_their_ranks() -> None:
    index = _index()
    query = "Ohio unemployment fell to 4.9 percent"
    pool = candidate_pool(index, query, _query_vector(0.2, 0.0, 0.9), pool=1)
    by_row = {c.row: c for c in pool.candidates}
    assert set(by_row) == {0, 2}  # the nearest vector (2) and the best BM25 match (0)
    assert by_row[2].dense_rank == 0 and by_row[0].bm25_rank == 0
    assert by_row[0].dense_rank == 1 and by_row[2].bm25_rank == 1  # ranks over the archive
    assert pool.best_cosine == by_row[2].cosine


def test_a_text_sharing_no_word_is_unranked_by_bm25() -> None:
    index = _index()
    pool = candidate_pool(index, "Ohio", _query_vector(0, 0, 0, 1), pool=4)
    shark = next(c for c in pool.candidates if c.row == 3)
    assert shark.bm25 == 0.0 and shark.bm25_rank == len(index)


def test_excluded_rows_are_not_candidates_nor_counted_in_ranks() -> None:
    index = _index()
    vector = _query_vector(1.0, 0.5)
    pool = candidate_pool(index, "Ohio unemployment", vector, pool=4, exclude_rows={0})
    assert 0 not in {c.row for c in pool.candidates}
    assert next(c for c in pool.candidates if c.row == 1).dense_rank == 0  # now the nearest
    assert pool.best_cosine < 1.0


def test_feature_rows_say_what_is_shared() -> None:
    index = _index()
    query = "Joe Biden claimed the Ohio bridge cost 15 million"
    pool = candidate_pool(index, query, _query_vector(0, 0, 1.0), pool=4)
    rows = feature_rows(index, pool)
    assert rows.shape == (len(pool.candidates), len(FEATURES))
    f = dict(zip(FEATURES, rows[[c.row for c in pool.candidates].index(2)], strict=True))
    assert f["cosine"] == 1.0 and f["cosine_gap"] == 0.0 and f["bm25_share"] == 1.0
    assert f["number_share"] == 1.0 and f["number_missing"] == 0.0
    assert f["name_share"] == 1.0  # Joe, Biden, Ohio all in the query
    unemployment = dict(zip(FEATURES, rows[[c.row for c in pool.candidates].index(0)], strict=True))
    assert unemployment["number_missing"] == 1.0  # 4.9 and 2016 are not in the query
    assert unemployment["cosine_gap"] < 0


def test_an_empty_archive_gives_an_empty_pool() -> None:
    index = ArchiveIndex.build([], [], np.zeros((0, 8)), "test")
    pool = candidate_pool(index, "anything", _query_vector(1.0))
    assert pool.candidates == [] and feature_rows(index, pool).shape == (0, len(FEATURES))
