"""Database URLs: a plain PostgreSQL URL means the installed driver, psycopg 3."""

from __future__ import annotations

from workbench.store.db import Database, engine_url


def test_plain_postgresql_urls_name_psycopg_and_others_stay() -> None:
    assert engine_url("postgresql://desk:pw@db/wb") == "postgresql+psycopg://desk:pw@db/wb"
    assert engine_url("postgres://desk@db/wb") == "postgresql+psycopg://desk@db/wb"
    assert engine_url("postgresql+psycopg://desk@db/wb") == "postgresql+psycopg://desk@db/wb"
    assert engine_url("sqlite:////tmp/wb.db") == "sqlite:////tmp/wb.db"


def test_a_plain_url_opens_the_database(postgres) -> None:  # type: ignore[no-untyped-def]
    url = postgres.create_database().replace("postgresql+psycopg://", "postgresql://")
    db = Database(url)
    assert db.engine.dialect.driver == "psycopg"
    db.close()
