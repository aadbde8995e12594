"""Keyword search in PostgreSQL (BM25 over postings kept in the database), on a small corpus in
a fresh database: the same rankings and scores as bm25s over the same passages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workbench.corpus.chunking import Chunker
from workbench.corpus.ingest import ingest
from workbench.corpus.manage import remove_corpus
from workbench.corpus.readers import read_paths
from workbench.index import fulltext
from workbench.index.bm25 import BM25Index
from workbench.index.fulltext import PostgresKeywordStore
from workbench.records import Document
from workbench.services import Workbench
from workbench.store import catalog
from workbench.store.db import Database

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_CORPUS = SAMPLES / "corpus" / "fm2-wikipedia-sample.jsonl"
SAMPLE_ARTICLES = SAMPLES / "articles"

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


def _versions(wb: Workbench) -> dict[str, tuple[int, int | None]]:
    """Per word of corpus "c": (keyword_terms.version, its block's version or None)."""
    with wb.db.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT t.term, t.version, b.version FROM keyword_terms AS t "
            "LEFT JOIN keyword_blocks AS b ON b.corpus = t.corpus AND b.term = t.term "
            "WHERE t.corpus = 'c'"
        )
        return {term: (version, block) for term, version, block in rows}


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


@pytest.fixture(scope="module")
def sample_corpus(postgres) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    """The repo's sample corpus (40 Wikipedia pages, about 750 passages) in a fresh database's
    catalog, corpus "s": no vectors, the keyword half only."""
    db = Database(postgres.create_database())
    now = datetime.now(UTC)
    with db.transaction() as session:
        catalog.ensure_corpus(session, "s", "none", now)
        for _, result in read_paths([SAMPLE_CORPUS], 1 << 30):
            for source in result.sources:
                document = Document.from_source("s", source, now)
                catalog.put_document(session, document, Chunker().split(document))
    yield db
    db.close()


def _sample_queries() -> list[str]:
    """Every sentence of the three sample articles: claims in a journalist's words."""
    sentences = []
    for article in sorted(SAMPLE_ARTICLES.glob("*.txt")):
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", article.read_text()) if s.strip()]
    return sentences


def test_every_sample_sentence_finds_what_bm25s_finds(sample_corpus: Database) -> None:
    """On a corpus of some size (the repo's sample pages), for every sentence of the sample
    articles: the same passages, in the same order (ties included), with the same scores."""
    index = fulltext.PostgresKeywordIndex(sample_corpus, "s")
    with sample_corpus.transaction() as session:
        reference = BM25Index.build(catalog.iter_passages(session, "s"))
    queries = _sample_queries()
    assert len(queries) > 50
    for query in queries:
        for k in (5, 30):
            found = index.search(query, k)
            expected = reference.search(query, k)
            assert [p for p, _ in found] == [p for p, _ in expected], query
            assert [s for _, s in found] == pytest.approx([s for _, s in expected], rel=1e-5)


def test_a_word_is_packed_by_the_first_search_and_again_after_its_postings_change(
    pg_workbench: Workbench, tmp_path: Path
) -> None:
    version, block = _versions(pg_workbench)["river"]  # one raise per document holding it
    assert (version, block) == (2, None)  # ingest packs nothing
    _same_as_bm25s(pg_workbench, "East River ferries")
    assert _versions(pg_workbench)["river"] == (2, 2)
    page = tmp_path / "more" / "river.txt"
    page.parent.mkdir()
    page.write_text("The river Arno runs through Pisa.")
    ingest(pg_workbench, "c", [page])
    assert _versions(pg_workbench)["river"] == (3, 2)  # the old block is no longer read
    assert _versions(pg_workbench)["ferries"] == (1, 1)  # words the document lacks: untouched
    _same_as_bm25s(pg_workbench, "East River ferries")
    assert _versions(pg_workbench)["river"] == (3, 3)


def test_a_block_packed_before_a_writer_committed_is_never_read(
    pg_workbench: Workbench, tmp_path: Path
) -> None:
    """A slow search may keep a block from its snapshot after a writer committed new postings
    of the word: the block's version is then behind the word's, and the next search packs it
    again instead of reading it."""
    _same_as_bm25s(pg_workbench, "river")
    with pg_workbench.db.engine.connect() as connection:
        old = connection.exec_driver_sql(
            "SELECT passages, counts, words FROM keyword_blocks "
            "WHERE corpus = 'c' AND term = 'river'"
        ).one()
    page = tmp_path / "more" / "river.txt"
    page.parent.mkdir()
    page.write_text("The river Arno runs through Pisa.")
    ingest(pg_workbench, "c", [page])
    _same_as_bm25s(pg_workbench, "river")  # packs version 3
    with pg_workbench.db.engine.begin() as connection:  # the slow search's late write
        connection.exec_driver_sql(
            "UPDATE keyword_blocks SET version = 2, passages = %(p)s, counts = %(c)s, "
            "words = %(w)s WHERE corpus = 'c' AND term = 'river'",
            {"p": old[0], "c": old[1], "w": old[2]},
        )
    assert _versions(pg_workbench)["river"] == (3, 2)
    assert len(_keyword(pg_workbench, "river")) == 3  # not the two of the old block
    _same_as_bm25s(pg_workbench, "river")
    assert _versions(pg_workbench)["river"] == (3, 3)


def test_a_search_while_its_corpus_is_being_removed_neither_waits_nor_fails(
    pg_workbench: Workbench,
) -> None:
    """The words' rows are being deleted by a transaction not yet committed: the search packs
    the words it needs from its snapshot, keeps none of them, and does not wait for it."""
    pool = ThreadPoolExecutor(1)
    with pg_workbench.db.engine.connect() as removing:
        removing.exec_driver_sql("DELETE FROM keyword_terms WHERE corpus = 'c'")  # uncommitted
        searching = pool.submit(_keyword, pg_workbench, "Who carved the Moai?")
        try:
            found = searching.result(timeout=120)  # a hang, not a speed limit
        finally:
            removing.rollback()  # lets a waiting search go on, so the test ends either way
            pool.shutdown()
    assert found == ["moai.txt"]
    assert _versions(pg_workbench)["moai"][1] is None  # not kept


def test_passage_numbers_far_apart_are_summed_as_those_close_together() -> None:
    """Numbers keep growing as documents come and go; far apart, the sum takes another path."""
    from collections import Counter

    import numpy as np

    from workbench.store.keyword_blocks import Block

    def block(numbers: list[int], counts: list[int], words: list[int]) -> Block:
        return Block(np.array(numbers), np.array(counts), np.array(words))

    def ranked(offset: int) -> list[tuple[int, float]]:
        blocks = {
            "moai": block([3 + offset, 7 + offset], [2, 1], [10, 12]),
            "carved": block([3, 7 + offset, 9], [1, 1, 1], [10, 12, 8]),
        }
        numbers, scores = fulltext._scores(blocks, Counter(["moai", "carved"]), 50.0, 11.0)
        return sorted(zip(numbers.tolist(), scores.tolist(), strict=True))

    close, far = ranked(0), ranked(10**12)
    assert [n for n, _ in close] == [3, 7, 9]
    assert [n for n, _ in far] == [3, 9, 3 + 10**12, 7 + 10**12]
    assert dict(far)[7 + 10**12] == pytest.approx(dict(close)[7])  # both words, either way
    assert dict(far)[3] + dict(far)[3 + 10**12] == pytest.approx(dict(close)[3])


def test_two_searches_packing_one_word_at_once_both_answer_and_one_block_is_kept(
    pg_workbench: Workbench,
) -> None:
    """The first keeps its block; the second, which meets the first's uncommitted row, answers
    from its own packing once the first commits, and leaves the kept block as it is."""
    from workbench.store.keyword_blocks import read_blocks

    pool = ThreadPoolExecutor(1)
    with pg_workbench.db.engine.connect() as first:
        first.begin()
        kept = read_blocks(first, "c", ["moai"])  # packed and kept, not yet committed
        second = pool.submit(_keyword, pg_workbench, "Who carved the Moai?")
        try:
            first.commit()
            found = second.result(timeout=120)  # a hang, not a speed limit
        finally:
            first.connection.driver_connection.rollback()  # the second goes on, whatever failed
            pool.shutdown()
    assert found == ["moai.txt"]
    assert list(kept["moai"].counts) == [1]
    assert _versions(pg_workbench)["moai"] == (1, 1)
    _same_as_bm25s(pg_workbench, "Who carved the Moai?")
