"""The accounts tables: the hash column never prints itself."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from workbench.store.accounts import Redacted, UserRow, count_failure, lock
from workbench.store.db import Database

HASH = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"


def _row() -> UserRow:
    return UserRow(
        name_key="ana",
        name="Ana",
        role="admin",
        password_hash=HASH,
        disabled=False,
        created_at=datetime.now(UTC),
    )


def test_redacted_is_the_string_but_hides_its_repr() -> None:
    value = Redacted(HASH)
    assert value == HASH and str(value) == HASH and f"{value}" == HASH
    assert repr(value) == "'<password hash>'" and HASH not in repr((value,))
    assert "argon2" not in repr(_row())


def test_a_database_error_on_the_users_table_does_not_quote_the_hash(each_database: str) -> None:
    db = Database(each_database)
    with db.transaction() as session:
        session.add(_row())
    with pytest.raises(IntegrityError) as told, db.transaction() as session:
        session.add(_row())
    db.close()
    assert "INSERT INTO users" in str(told.value) and "<password hash>" in str(told.value)
    assert "argon2" not in str(told.value)


def test_failures_count_up_and_a_lock_starts_over(each_database: str) -> None:
    db = Database(each_database)
    with db.transaction() as session:
        counts = [count_failure(session, "Nobody") for _ in range(3)]
        lock(session, "NOBODY", datetime.now(UTC))
        after_lock = count_failure(session, "nobody")
    db.close()
    assert counts == [1, 2, 3] and after_lock == 1


def test_two_first_failures_at_once_both_count_on_postgresql(postgres) -> None:  # type: ignore[no-untyped-def]
    """Neither sees the other's new row: the second insert waits on the key, fails when the
    first commits, and counts on the committed row instead."""
    db = Database(postgres.create_database())
    first = db.transaction()
    session = first.__enter__()
    assert count_failure(session, "Ana") == 1  # inserted, not committed
    with ThreadPoolExecutor(1) as pool:
        second = pool.submit(_count_in_own_transaction, db, "ana")
        _wait_for_a_lock_wait(db)
        first.__exit__(None, None, None)  # commit: the waiting insert now fails on the key
        assert second.result(timeout=60) == 2
    with db.transaction() as session:
        assert count_failure(session, "ANA") == 3
    db.close()


def _count_in_own_transaction(db: Database, name: str) -> int:
    with db.transaction() as session:
        return count_failure(session, name)


def _wait_for_a_lock_wait(db: Database) -> None:
    """Until some backend of this database waits on a lock (the second insert), by polling."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'"
    )
    for _ in range(20_000):
        with db.engine.connect() as connection:
            if connection.scalar(query):
                return
    raise AssertionError("the second transaction never waited on the first one's row")
