from pathlib import Path

from workbench.index.bm25 import BM25Index, BM25Store
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
