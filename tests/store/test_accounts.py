"""The accounts tables: the hash column never prints itself."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
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


def test_a_database_error_on_the_users_table_does_not_quote_the_hash(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'wb.db'}")
    with db.transaction() as session:
        session.add(_row())
    with pytest.raises(IntegrityError) as told, db.transaction() as session:
        session.add(_row())
    db.close()
    assert "INSERT INTO users" in str(told.value) and "<password hash>" in str(told.value)
    assert "argon2" not in str(told.value)


def test_failures_count_up_and_a_lock_starts_over(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'wb.db'}")
    with db.transaction() as session:
        counts = [count_failure(session, "Nobody") for _ in range(3)]
        lock(session, "NOBODY", datetime.now(UTC))
        after_lock = count_failure(session, "nobody")
    db.close()
    assert counts == [1, 2, 3] and after_lock == 1
