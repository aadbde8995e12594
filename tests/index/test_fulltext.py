"""Keyword search in PostgreSQL full-text search, on a small corpus in a fresh database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.corpus.ingest import ingest
from workbench.corpus.manage import remove_corpus
from workbench.index.bm25 import BM25Index
from workbench.index.fulltext import PostgresKeywordStore
from workbench.services import Workbench
from workbench.store import catalog

PAGES = {
    "bridge.txt": "The Brooklyn Bridge opened in 1883 and spans the East River.",
    "tower.txt": "The Leaning Tower of Pisa leans because of soft ground.",
    "river.txt": "Ferries crossed the East River before any bridge was built.",
    "moai.txt": "The Moai were carved by the Rapa Nui people on Easter Island.",
}


@pytest.fixture
def pg_workbench(
    postgres, workbench: Workbench, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Workbench]:  # type: ignore[no-untyped-def]
    """A Workbench on a fresh PostgreSQL database with the four pages in corpus "c"."""
    url = postgres.create_database()
    monkeypatch.setattr(workbench.settings, "database_url", url)
    monkeypatch.setattr(workbench.settings, "keyword_search", "postgres")
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text)
    ingest(workbench, "c", [folder])
    yield workbench
    workbench.close()
    postgres.drop_database(url)


def _keyword(wb: Workbench, query: str, corpus: str = "c", n: int = 10) -> list[str]:
    """The titles of the keyword half's hits, best first."""
    with wb.db.transaction() as session:
        hits = wb.searcher.keyword(session, corpus, query, n)
        found = catalog.get_sourced_passages(session, corpus, [pid for pid, _ in hits])
    return [found[pid].source.rsplit("/", 1)[-1] for pid, _ in hits]


def test_postgresql_keeps_the_keyword_index_in_the_database(pg_workbench: Workbench) -> None:
    assert isinstance(pg_workbench.bm25, PostgresKeywordStore)
    assert not (pg_workbench.settings.vectorstore_dir / "bm25").exists()  # nothing on disk


def test_any_shared_word_matches_and_more_of_them_rank_first(pg_workbench: Workbench) -> None:
    found = _keyword(pg_workbench, "When did the Brooklyn Bridge over the East River open?")
    # OR, as BM25: the river page shares only "East River" and "bridge" and still comes;
    # the page with every word ranks first; pages sharing none do not come at all.
    assert found == ["bridge.txt", "river.txt"]
    assert _keyword(pg_workbench, "bridges opening") == ["bridge.txt", "river.txt"]  # stems


def test_stopwords_unknown_words_and_operators_find_nothing_and_never_fail(
    pg_workbench: Workbench,
) -> None:
    assert _keyword(pg_workbench, "the of and") == []
    assert _keyword(pg_workbench, "zzzz qqqq") == []
    assert _keyword(pg_workbench, "") == []
    odd = "tower & !pisa | (soft) <-> 'ground' : * \\ \"leans\""
    assert _keyword(pg_workbench, odd) == ["tower.txt"]  # the words, not the syntax
    assert _keyword(pg_workbench, "pisa", corpus="other") == []  # one corpus only


def test_adding_and_removing_documents_changes_results_without_a_rebuild(
    pg_workbench: Workbench, tmp_path: Path
) -> None:
    page = tmp_path / "more" / "pisa.txt"
    page.parent.mkdir()
    page.write_text("Pisa is a city in Tuscany; its tower took two centuries to build.")
    ingest(pg_workbench, "c", [page])
    assert _keyword(pg_workbench, "Pisa tower") == ["tower.txt", "pisa.txt"]
    page.write_text("Pisa has an airport.")  # replaced: the old passage leaves the index
    ingest(pg_workbench, "c", [page])
    assert _keyword(pg_workbench, "Pisa tower") == ["tower.txt", "pisa.txt"]
    assert _keyword(pg_workbench, "Tuscany") == []
    remove_corpus(pg_workbench, "c")
    assert _keyword(pg_workbench, "Pisa tower") == []


def test_hybrid_search_on_postgresql_fuses_both_halves(pg_workbench: Workbench) -> None:
    hits = pg_workbench.searcher.search("c", "Who carved the Moai statues?", k=2)
    assert hits[0].source.endswith("moai.txt")
    assert hits[0].text == PAGES["moai.txt"]


def test_the_same_pages_come_first_as_with_bm25(pg_workbench: Workbench) -> None:
    with pg_workbench.db.transaction() as session:
        passages = catalog.iter_passages(session, "c")
    bm25 = BM25Index.build(passages)
    for query in ("Brooklyn Bridge", "soft ground leaning", "Easter Island carvings"):
        with pg_workbench.db.transaction() as session:
            postgres_top = pg_workbench.searcher.keyword(session, "c", query, 1)
        assert [p for p, _ in postgres_top] == [p for p, _ in bm25.search(query, 1)], query


def test_bm25s_is_the_default_on_postgresql_too(
    postgres, workbench: Workbench, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """By default PostgreSQL holds the catalog and bm25s still ranks (its recall is higher,
    BENCHMARKS.md), built from that catalog: a document added is found by it."""
    from workbench.index.bm25 import BM25Store

    url = postgres.create_database()
    monkeypatch.setattr(workbench.settings, "database_url", url)
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text)
    ingest(workbench, "c", [folder])
    assert workbench.db.engine.dialect.name == "postgresql"
    assert isinstance(workbench.bm25, BM25Store)
    assert _keyword(workbench, "Rapa Nui carvings")[0] == "moai.txt"
    workbench.close()
    postgres.drop_database(url)
