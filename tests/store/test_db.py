"""Database URLs (a plain PostgreSQL URL means the installed driver, psycopg 3) and SQLite
connection set-up under concurrent openers."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from workbench.store import db as db_module
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


class _LockedCursor:
    """A cursor whose first `locked` journal-mode switches fail as SQLite's do."""

    def __init__(self, locked: int, error: str = "database is locked") -> None:
        self.locked, self.error, self.calls = locked, error, 0

    def execute(self, sql: str) -> None:
        self.calls += 1
        if self.calls <= self.locked:
            raise sqlite3.OperationalError(self.error)


def test_the_switch_to_wal_is_retried_while_another_opener_holds_the_lock(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(db_module.time, "sleep", lambda _seconds: None)
    cursor = _LockedCursor(locked=3)
    db_module._write_ahead_log(cursor)  # type: ignore[arg-type]
    assert cursor.calls == 4


def test_other_errors_and_a_lock_that_never_ends_go_up(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(db_module.time, "sleep", lambda _seconds: None)
    broken = _LockedCursor(locked=1, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        db_module._write_ahead_log(broken)  # type: ignore[arg-type]
    assert broken.calls == 1
    stuck = _LockedCursor(locked=10**6)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        db_module._write_ahead_log(stuck)  # type: ignore[arg-type]
    assert stuck.calls == db_module._WAL_ATTEMPTS


def test_many_openers_of_one_new_sqlite_file_all_get_wal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The race CI once lost: eight connections set up the same new file at once, 60 times
    (without the retry about one round in twenty failed here)."""
    for round_ in range(60):
        path = tmp_path / f"race-{round_}.db"
        start = threading.Barrier(8)

        def open_connection(_: int, path: Path = path, start: threading.Barrier = start) -> str:
            start.wait()
            connection = sqlite3.connect(path)
            try:
                db_module._sqlite_pragmas(connection, None)
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("CREATE TABLE IF NOT EXISTS t (x)")
                connection.commit()
                return str(connection.execute("PRAGMA journal_mode").fetchone()[0])
            finally:
                connection.close()

        with ThreadPoolExecutor(8) as pool:
            assert list(pool.map(open_connection, range(8))) == ["wal"] * 8
