"""Schema migrations on SQLite and PostgreSQL: new databases, databases made before
migrations existed (real files made by that code, in tests/store/data), several processes
opening one database at once, and models that never drift from the revisions."""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from workbench.corpus.chunking import Chunker
from workbench.index.fulltext import PostgresKeywordIndex
from workbench.records import Document, SourceText
from workbench.store import accounts, catalog, migrate, reviews
from workbench.store.db import Base, Database

DATA = Path(__file__).parent / "data"
# What the pre-migration files hold (tests/store/data/make_pre_migration.py).
OLD_TABLES = {
    "articles", "assertion_results", "assignments", "corpora", "documents", "eval_results",
    "factchecks", "llm_cache", "passages", "review_events", "runs", "sign_in_failures", "users",
}  # fmt: skip


def _differences(db: Database) -> list[object]:
    with db.engine.connect() as connection:
        only_here = migrate.include_object(connection.dialect.name)
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": only_here}
        )
        return compare_metadata(context, Base.metadata)


def _at_head(db: Database) -> bool:
    with db.engine.connect() as connection:
        return migrate.current(connection) == migrate.head()


def _old_rows_are_read(db: Database) -> None:
    """The rows the old code wrote, read back through today's store."""
    with db.transaction() as session:
        [(run_id, assertion_id)] = reviews.reviewed_assertions(session)
        [event] = reviews.events_for(session, run_id, assertion_id)
        assert (event.reviewer, event.version) == ("Ana", 1)
        assert {u.name for u in accounts.all_users(session)} == {"Ada", "Eve", "Ben"}
        [document] = catalog.list_documents(session, "c")
        assert document.text.startswith("The Moai were carved")
        assert catalog.corpus_info(session, "c").passages == 1


def test_a_new_database_is_made_by_the_migrations(each_database: str) -> None:
    db = Database(each_database)
    assert _at_head(db)
    assert set(inspect(db.engine).get_table_names()) >= OLD_TABLES
    db.close()


def test_the_models_and_the_migrations_agree(each_database: str) -> None:
    """`alembic check`: a model changed without a revision fails here."""
    db = Database(each_database)
    assert _differences(db) == []
    db.close()


def test_a_sqlite_file_made_before_migrations_is_upgraded_and_keeps_its_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    shutil.copy(DATA / "workbench-create-all.db", path)
    db = Database(f"sqlite:///{path}")
    assert _at_head(db) and _differences(db) == []
    _old_rows_are_read(db)
    db.close()


def test_a_postgresql_database_made_before_migrations_is_upgraded_and_keeps_its_rows(
    postgres,  # type: ignore[no-untyped-def]
) -> None:
    url = postgres.create_database()
    postgres.restore(url, DATA / "workbench-create-all.sql")
    db = Database(url)
    assert _at_head(db) and _differences(db) == []
    _old_rows_are_read(db)
    with db.transaction() as session:  # the stored passage is in the keyword search
        found = PostgresKeywordIndex(db, "c").search("Who carved the Moai?", 5)  # (0004)
        assert [pid for pid, _ in found] == [
            p.passage_id for p in catalog.iter_passages(session, "c")
        ]
    db.close()
    postgres.drop_database(url)


def _written_postings(db: Database) -> list[tuple]:
    """Three passages put in a new database's corpus "c", and their postings."""
    now = datetime.now(UTC)
    with db.transaction() as session:
        catalog.ensure_corpus(session, "c", "test", now)
        for i, text in enumerate(
            ["The Moai were carved by the Rapa Nui.", "Moai, moai: 887 of them.", "A a."]
        ):
            document = Document.from_source(
                "c", SourceText(text=text, source=f"s{i}", title="t"), now
            )
            catalog.put_document(session, document, Chunker().split(document))
    written = _postings(db)
    assert sorted(count for _, term, _, count, _ in written if term == "moai") == [1, 2]
    return written


def _postings(db: Database) -> list[tuple]:
    with db.engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT p.corpus, p.term, k.passage_id, p.count, p.words FROM keyword_postings AS p "
            "JOIN keyword_passages AS k ON k.ordinal = p.passage "
            "ORDER BY p.corpus, p.term, k.passage_id"
        ).all()


def test_a_postgresql_database_at_0003_gets_the_postings_ingest_would_write(postgres) -> None:  # type: ignore[no-untyped-def]
    """0004 replaces passage_texts' tsvector by BM25 postings, 0005 counts them from the stored
    passages: down to 0003 (passage_texts back, filled) and up again gives today's rows exactly."""
    url = postgres.create_database()
    db = Database(url)
    written = _written_postings(db)
    with db.engine.connect() as connection:
        command.downgrade(migrate.config(connection), "0003")
        connection.commit()
        tables = set(inspect(connection).get_table_names())
        assert "passage_texts" in tables and "keyword_postings" not in tables
        assert connection.exec_driver_sql("SELECT count(*) FROM passage_texts").scalar() == 3
    db.close()
    db = Database(url)  # opening migrates to the head again
    assert _at_head(db) and _differences(db) == []
    assert _postings(db) == written
    with db.engine.connect() as connection:
        assert "passage_texts" not in set(inspect(connection).get_table_names())
    db.close()
    postgres.drop_database(url)


def test_processes_opening_a_new_database_at_once_all_get_the_schema(each_database: str) -> None:
    """One migrates under the lock; the others wait for it and find nothing left to do."""
    start = threading.Barrier(4)

    def open_database() -> bool:
        start.wait()
        db = Database(each_database)
        try:
            return _at_head(db)
        finally:
            db.close()

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda _: open_database(), range(4))) == [True] * 4


def test_a_postgresql_database_at_0004_gets_its_postings_keyed_by_passage_number(postgres) -> None:  # type: ignore[no-untyped-def]
    """0005 turns the passage-id keys that 0004 wrote into passage numbers in SQL, and back."""
    url = postgres.create_database()
    db = Database(url)
    written = _written_postings(db)
    with db.engine.connect() as connection:
        command.downgrade(migrate.config(connection), "0004")
        connection.commit()
        assert "ordinal" not in {
            c["name"] for c in inspect(connection).get_columns("keyword_passages")
        }
        assert (
            connection.exec_driver_sql(
                "SELECT corpus, term, passage_id, count, words FROM keyword_postings "
                "ORDER BY corpus, term, passage_id"
            ).all()
            == written
        )
    db.close()
    db = Database(url)
    assert _at_head(db) and _differences(db) == []
    assert _postings(db) == written
    found = PostgresKeywordIndex(db, "c").search("moai", 5)
    assert [score for _, score in found] == sorted((score for _, score in found), reverse=True)
    assert len(found) == 2
    db.close()
    postgres.drop_database(url)
