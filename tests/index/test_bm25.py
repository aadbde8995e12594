from pathlib import Path

import bm25s
import numpy as np

from workbench.index.bm25 import BM25Index, BM25Store, top_k
from workbench.records import Passage, passage_id


def _p(doc: str, text: str) -> Passage:
    return Passage(
        passage_id=passage_id(doc, 0, len(text)), doc_id=doc, start=0, end=len(text), text=text
    )


PASSAGES = [
    _p("d1", "The Brooklyn Bridge opened in 1883 and spans the East River."),
    _p("d2", "Wuthering Heights is the only novel by Emily Brontë."),
    _p("d3", "The Leaning Tower of Pisa is a freestanding bell tower."),
]


def test_keyword_search_ranks_the_matching_passage_first() -> None:
    index = BM25Index.build(PASSAGES)
    hits = index.search("When did the Brooklyn Bridge open?", k=3)
    assert hits[0][0] == PASSAGES[0].passage_id
    assert all(score > 0 for _, score in hits)
    assert PASSAGES[2].passage_id not in [pid for pid, _ in hits]  # shares no word


def test_stopword_only_or_empty_query_and_empty_index_return_nothing() -> None:
    assert BM25Index.build(PASSAGES).search("the of and", k=3) == []
    assert BM25Index.build(PASSAGES).search("   ", k=3) == []
    assert BM25Index.build([]).search("bridge", k=3) == []


def test_saved_index_loads_with_the_same_results(tmp_path: Path) -> None:
    index = BM25Index.build(PASSAGES)
    index.save(tmp_path / "idx")
    loaded = BM25Index.load(tmp_path / "idx")
    assert loaded.search("Emily Brontë novel", 2) == index.search("Emily Brontë novel", 2)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


def test_store_builds_once_per_generation_and_sweeps_old_ones(tmp_path: Path) -> None:
    store = BM25Store(tmp_path)
    calls: list[int] = []

    def loader() -> list[Passage]:
        calls.append(1)
        return PASSAGES

    store.get("c", "1", loader)
    store.get("c", "1", loader)
    assert len(calls) == 1
    assert len(BM25Store(tmp_path).get("c", "1", loader).passage_ids) == 3  # from disk
    assert len(calls) == 1
    store.get("c", "2", loader)
    assert len(calls) == 2
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["2"]
    store.drop("c")
    assert not (tmp_path / "c").exists()


def _corpus(n: int) -> list[Passage]:
    """n passages over a small vocabulary, so queries match many of them with varied scores."""
    rng = np.random.default_rng(7)
    words = ["bridge", "river", "tower", "novel", "bell", "ground", "opened", "spans", "city"]
    return [
        _p(f"doc{i}", " ".join(rng.choice(words, size=int(rng.integers(3, 30))))) for i in range(n)
    ]


def test_search_ranks_like_bm25s_own_retrieve() -> None:
    """Same scores, best first, as bm25s' retrieve; ties (which bm25s orders by chance) go to
    the earlier passage."""
    passages = _corpus(400)
    index = BM25Index.build(passages)
    retriever = index._retriever
    assert retriever is not None
    for query in ["bridge", "iron bridge river", "tower of the city", "novel city bell"]:
        _, scores = retriever.retrieve(
            bm25s.tokenize([query], stopwords="en", show_progress=False), k=30, show_progress=False
        )
        expected = [float(s) for s in scores[0] if s > 0]
        got = index.search(query, 30)
        assert [s for _, s in got] == expected, query
        ranked = [(s, index.passage_ids.index(pid)) for pid, s in got]
        assert ranked == sorted(ranked, key=lambda r: (-r[0], r[1])), query
        assert len({s for s, _ in ranked}) < len(ranked)  # the corpus does have ties


def test_top_k_keeps_the_lowest_indices_among_equal_scores() -> None:
    scores = np.array([0, 2, 1, 2, 0, 3, 2, 1], dtype=np.float32)
    assert top_k(scores, 3).tolist() == [5, 1, 3]
    assert top_k(scores, 10).tolist() == [5, 1, 3, 6, 2, 7]  # never a zero score
    assert top_k(np.zeros(4, dtype=np.float32), 2).tolist() == []


def test_words_the_index_never_saw_find_nothing() -> None:
    assert BM25Index.build(PASSAGES).search("quantum chromodynamics", k=3) == []
    assert BM25Index.build(PASSAGES).search("bridge", k=0) == []


def test_an_index_of_plain_texts_gives_every_texts_score() -> None:
    index = BM25Index.from_texts(["a", "b"], ["Sharks swim on highways", "The Moai were carved"])
    scores = index.scores("sharks on highways")
    assert scores is not None and scores.shape == (2,) and scores[0] > 0 == scores[1]
    assert index.search("Moai", 5) == [("b", float(index.scores("Moai")[1]))]
    assert index.scores("the of") is None and BM25Index.from_texts([], []).scores("x") is None
