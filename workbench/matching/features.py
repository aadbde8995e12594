"""Candidates for "same claim" and what the re-ranker knows about each pair.

Candidates are the union of the top ``pool`` entries by BM25 and by cosine similarity. Each
gets the features below: how close it is by meaning and by words, where each retriever put
it (ranks over the whole archive), their reciprocal-rank fusion, and what a reader would
compare first: shared words, numbers and names, and length. The training script computes
the same rows with this code, so the product scores exactly what was fitted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from workbench.matching.archive_index import ArchiveIndex

RRF_K = 60  # as index/hybrid.py
POOL = 30  # per retriever; the re-ranker sees the union (BENCHMARKS.md: recall of the pool)
FEATURES = (
    "cosine",
    "cosine_gap",  # to the best cosine of this query: <= 0
    "bm25_share",  # BM25 over the best BM25 of this query: 0..1
    "bm25_log",
    "dense_rank_log",  # log(1 + rank), 0 = first
    "bm25_rank_log",
    "rrf",  # reciprocal-rank fusion of the two ranks, times RRF_K
    "word_share",  # the candidate's content words found in the query
    "word_jaccard",
    "number_share",  # the candidate's numbers found in the query (0 when it has none)
    "number_missing",  # 1 when the candidate has numbers and none is in the query
    "name_share",  # the candidate's capitalised words (names) found in the query
    "length_ratio",  # log(query words / candidate words)
)

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Function words: sharing them says nothing about being the same claim.
_FUNCTION_WORDS = """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves says said say via new just amp also get got one"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())


def content_words(text: str) -> set[str]:
    """Lower-case words without function words, a plural or possessive ending dropped."""
    out = set()
    for word in _WORD.findall(text.casefold()):
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        out.add(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return out


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def names(text: str) -> set[str]:
    """Capitalised words other than function words: people, places, organisations."""
    found = (w for w in _WORD.findall(text) if len(w) > 1 and w[0].isupper())
    return {w.casefold() for w in found if w.casefold() not in STOPWORDS}


@dataclass(frozen=True)
class Candidate:
    row: int  # position in the archive index
    cosine: float
    bm25: float
    dense_rank: int  # 0 = nearest of the whole archive
    bm25_rank: int  # len(archive) when it shares no word with the query


def _ranks_of(scores: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Each row's rank among all scores (0 = best; ties share the better rank)."""
    return np.sum(scores[None, :] > scores[rows][:, None], axis=1)


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    n = min(n, len(scores))
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    top = np.argpartition(-scores, n - 1)[:n]
    return top[np.lexsort((top, -scores[top]))]


@dataclass(frozen=True)
class Pool:
    """One query's candidates, with what the features need about the query."""

    query: str  # the normalised text
    candidates: list[Candidate]
    best_cosine: float
    best_bm25: float


def candidate_pool(
    index: ArchiveIndex,
    query: str,
    vector: np.ndarray,
    pool: int = POOL,
    exclude_rows: Collection[int] = (),
) -> Pool:
    """The union of the ``pool`` best by BM25 (those sharing a word) and by cosine; excluded
    rows are out before anything is ranked, as if they were not in the archive."""
    cosines = index.cosines(vector).astype(np.float64)
    bm25 = np.asarray(index.bm25(query), dtype=np.float64)
    if exclude_rows:
        gone = np.fromiter(exclude_rows, dtype=np.int64)
        cosines[gone], bm25[gone] = -np.inf, -np.inf
    dense_top = _top(cosines, pool)
    keyword_top = [r for r in _top(bm25, pool).tolist() if bm25[r] > 0]
    rows = np.array(list(dict.fromkeys([*dense_top.tolist(), *keyword_top])), dtype=np.int64)
    rows = rows[np.isfinite(cosines[rows])] if len(rows) else rows
    if not len(rows):
        return Pool(query, [], 0.0, 0.0)
    dense_ranks, bm25_ranks = _ranks_of(cosines, rows), _ranks_of(bm25, rows)
    bm25_ranks[bm25[rows] <= 0] = len(index)  # BM25 did not find it at all
    candidates = [
        Candidate(int(r), float(cosines[r]), max(float(bm25[r]), 0.0), int(d), int(b))
        for r, d, b in zip(rows.tolist(), dense_ranks.tolist(), bm25_ranks.tolist(), strict=True)
    ]
    return Pool(query, candidates, float(cosines[rows].max()), max(float(bm25[rows].max()), 0.0))


def feature_rows(index: ArchiveIndex, pool: Pool) -> np.ndarray:
    """One row of ``FEATURES`` per candidate, in candidate order."""
    q_words, q_numbers = content_words(pool.query), numbers(pool.query)
    q_folded = set(_WORD.findall(pool.query.casefold()))
    q_length = max(len(_WORD.findall(pool.query)), 1)
    rows = []
    for c in pool.candidates:
        text = index.texts[c.row]
        words, nums, named = content_words(text), numbers(text), names(text)
        shared_numbers = len(nums & q_numbers)
        rows.append(
            [
                c.cosine,
                c.cosine - pool.best_cosine,
                c.bm25 / pool.best_bm25 if pool.best_bm25 > 0 else 0.0,
                math.log1p(c.bm25),
                math.log1p(c.dense_rank),
                math.log1p(c.bm25_rank),
                RRF_K * (1.0 / (RRF_K + c.dense_rank + 1) + 1.0 / (RRF_K + c.bm25_rank + 1)),
                len(words & q_words) / len(words) if words else 0.0,
                len(words & q_words) / len(words | q_words) if words | q_words else 0.0,
                shared_numbers / len(nums) if nums else 0.0,
                float(bool(nums) and not shared_numbers),
                len(named & q_folded) / len(named) if named else 0.0,
                math.log(q_length / max(len(_WORD.findall(text)), 1)),
            ]
        )
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
