"""Keyword search in PostgreSQL (BM25 over postings kept in the database), on a small corpus in
a fresh database: the same rankings and scores as bm25s over the same passages."""

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


def _bm25(wb: Workbench, query: str, corpus: str = "c", n: int = 10) -> list[tuple[str, float]]:
    """What bm25s finds over the corpus's current passages (the reference)."""
    with wb.db.transaction() as session:
        return BM25Index.build(catalog.iter_passages(session, corpus)).search(query, n)


def _same_as_bm25s(wb: Workbench, query: str) -> None:
    with wb.db.transaction() as session:
        postgres = wb.searcher.keyword(session, "c", query, 10)
    reference = _bm25(wb, query)
    assert [p for p, _ in postgres] == [p for p, _ in reference], query
    assert [s for _, s in postgres] == pytest.approx([s for _, s in reference], rel=1e-5)


def _passage_counts(wb: Workbench) -> dict[str, int]:
    """keyword_terms' document frequencies (the ones search reads), words in no passage left out."""
    with wb.db.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT term, passages FROM keyword_terms WHERE corpus = 'c' AND passages > 0"
        )
        return dict(rows.all())


def _passage_counts_from_postings(wb: Workbench) -> dict[str, int]:
    with wb.db.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT term, count(*) FROM keyword_postings WHERE corpus = 'c' GROUP BY term"
        )
        return dict(rows.all())


def test_postgresql_keeps_the_keyword_index_in_the_database(pg_workbench: Workbench) -> None:
    assert isinstance(pg_workbench.bm25, PostgresKeywordStore)
    assert not (pg_workbench.settings.vectorstore_dir / "bm25").exists()  # nothing on disk
    with pg_workbench.db.engine.connect() as connection:
        postings = connection.exec_driver_sql(
            "SELECT count(*) FROM keyword_postings WHERE corpus = 'c' AND term = 'river'"
        ).scalar()
        lengths = connection.exec_driver_sql(
            "SELECT count(*) FROM keyword_passages WHERE corpus = 'c'"
        ).scalar()
    assert (postings, lengths) == (2, 4)  # "river" is in two pages; four passages in all
    assert _passage_counts(pg_workbench)["river"] == 2
    assert _passage_counts(pg_workbench) == _passage_counts_from_postings(pg_workbench)


def test_scores_and_order_are_bm25s_own(pg_workbench: Workbench) -> None:
    for query in (
        "When did the Brooklyn Bridge over the East River open?",
        "Brooklyn Bridge",
        "soft ground leaning",
        "Easter Island carvings",
        "bridges river river",  # a repeated word counts twice, as in bm25s
        "Who carved the Moai statues?",
    ):
        _same_as_bm25s(pg_workbench, query)


def test_any_shared_word_matches_and_more_of_them_rank_first(pg_workbench: Workbench) -> None:
    found = _keyword(pg_workbench, "When did the Brooklyn Bridge over the East River open?")
    # OR, as BM25: the river page shares only "East River" and "bridge" and still comes;
    # the page with every word ranks first; pages sharing none do not come at all.
    assert found == ["bridge.txt", "river.txt"]


def test_stopwords_unknown_words_and_operators_find_nothing_and_never_fail(
    pg_workbench: Workbench,
) -> None:
    assert _keyword(pg_workbench, "the of and") == []
    assert _keyword(pg_workbench, "zzzz qqqq") == []
    assert _keyword(pg_workbench, "") == []
    odd = "tower & !pisa | (soft) <-> 'ground' : * \\ \"leans\" %_ ' OR 1=1 --"
    assert _keyword(pg_workbench, odd) == ["tower.txt"]  # the words, not the syntax
    assert _keyword(pg_workbench, "pisa", corpus="other") == []  # one corpus only


def test_adding_and_removing_documents_changes_results_without_a_rebuild(
    pg_workbench: Workbench, tmp_path: Path
) -> None:
    page = tmp_path / "more" / "pisa.txt"
    page.parent.mkdir()
    page.write_text("Pisa is a city in Tuscany; its tower took two centuries to build.")
    ingest(pg_workbench, "c", [page])
    assert set(_keyword(pg_workbench, "Pisa tower")) == {"tower.txt", "pisa.txt"}
    _same_as_bm25s(pg_workbench, "Pisa tower Tuscany")  # document counts and lengths follow
    page.write_text("Pisa has an airport.")  # replaced: the old passage leaves the index
    ingest(pg_workbench, "c", [page])
    assert set(_keyword(pg_workbench, "Pisa tower")) == {"tower.txt", "pisa.txt"}
    assert _keyword(pg_workbench, "Tuscany") == []
    _same_as_bm25s(pg_workbench, "Pisa airport tower")
    assert _passage_counts(pg_workbench) == _passage_counts_from_postings(pg_workbench)
    remove_corpus(pg_workbench, "c")
    assert _keyword(pg_workbench, "Pisa tower") == []
    with pg_workbench.db.engine.connect() as connection:
        left = connection.exec_driver_sql("SELECT count(*) FROM keyword_postings").scalar()
    assert left == 0  # the postings went with the passages


def test_hybrid_search_on_postgresql_fuses_both_halves(pg_workbench: Workbench) -> None:
    hits = pg_workbench.searcher.search("c", "Who carved the Moai statues?", k=2)
    assert hits[0].source.endswith("moai.txt")
    assert hits[0].text == PAGES["moai.txt"]


def test_the_database_ranks_by_default_on_postgresql_and_bm25s_when_chosen(
    postgres, workbench: Workbench, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Unset, PostgreSQL keeps the keyword index; `bm25s` still builds one per app server from
    the shared catalog, and a document added is found by it."""
    from workbench.index.bm25 import BM25Store

    url = postgres.create_database()
    monkeypatch.setattr(workbench.settings, "database_url", url)
    assert workbench.settings.keyword_search is None
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text)
    ingest(workbench, "c", [folder])
    assert workbench.db.engine.dialect.name == "postgresql"
    assert isinstance(workbench.bm25, PostgresKeywordStore)
    assert _keyword(workbench, "Rapa Nui carvings")[0] == "moai.txt"
    chosen = Workbench(workbench.settings.model_copy(update={"keyword_search": "bm25s"}))
    assert isinstance(chosen.bm25, BM25Store)
    assert _keyword(chosen, "Rapa Nui carvings")[0] == "moai.txt"
    chosen.close()
    workbench.close()
    postgres.drop_database(url)
