"""The database: SQLAlchemy engine and schema base. SQLite by default, or PostgreSQL
(`postgresql+psycopg://user:password@host/name`; a plain `postgresql://` URL means psycopg 3,
the driver installed)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, Dialect, Engine, TypeDecorator, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    pass


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite too (which drops the zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database: use UTC-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    _write_ahead_log(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# Switching a new file to WAL needs an exclusive lock, and SQLite answers "database is locked"
# at once, without its busy handler, when another connection opening the same new file holds
# it: retried with a growing pause (about 20 s in all) before the error goes up.
_WAL_ATTEMPTS = 40


def _write_ahead_log(cursor: sqlite3.Cursor) -> None:
    """WAL: readers never block the writer; a crash mid-write rolls back to the last commit."""
    for attempt in range(_WAL_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == _WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.025 * (attempt + 1))


def engine_url(url: str) -> str:
    """The URL with its driver named: SQLAlchemy's default for `postgresql://` is psycopg2,
    which is not installed."""
    for bare in ("postgresql://", "postgres://"):
        if url.startswith(bare):
            return "postgresql+psycopg://" + url.removeprefix(bare)
    return url


class Database:
    def __init__(self, url: str) -> None:
        url = engine_url(url)
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # pre_ping: a server restarted under a long-running app costs one failed check, not an
        # error on the next request.
        self.engine: Engine = create_engine(url, pool_pre_ping=url.startswith("postgresql"))
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        # Import the table modules so every table is known to the migrations.
        from workbench.store import (  # noqa: F401
            accounts,
            assignments,
            blind,
            catalog,
            checks,
            evals,
            factchecks,
            keyword_blocks,
            keywords,
            migrate,
            reviews,
        )

        migrate.upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole on success, rolled back whole on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
