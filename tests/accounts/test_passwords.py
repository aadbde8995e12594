"""The argon2 adapter with the product's own parameters (one real-cost hash per test)."""

from __future__ import annotations

import pytest

from workbench.accounts import passwords
from workbench.accounts.passwords import PasswordHashing


def test_default_hash_is_argon2id_with_rfc_9106_low_memory_parameters() -> None:
    product = PasswordHashing()  # the parameters the product uses (tests use cheap ones)
    hashed = product.hash("correct horse battery")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert product.verify(hashed, "correct horse battery")
    assert not product.verify(hashed, "correct horse batterY")
    assert not product.needs_rehash(hashed)


def test_the_module_functions_use_the_current_hashing() -> None:
    hashed = passwords.hash_password("correct horse battery")
    assert passwords.verify_password(hashed, "correct horse battery")
    assert not passwords.needs_rehash(hashed)


def test_same_password_hashes_differently_each_time() -> None:
    cheap = PasswordHashing(time_cost=1, memory_kib=8, parallelism=1)
    first, second = cheap.hash("same password"), cheap.hash("same password")
    assert first != second  # a fresh salt each time
    assert cheap.verify(first, "same password") and cheap.verify(second, "same password")


def test_no_hash_verifies_nothing_but_does_the_work() -> None:
    cheap = PasswordHashing(time_cost=1, memory_kib=8, parallelism=1)
    assert not cheap.verify(None, "anything")
    assert cheap._stand_in_hash is not None  # a real argon2 verification was made


def test_a_hash_made_with_other_parameters_verifies_and_asks_to_be_redone() -> None:
    old = PasswordHashing(time_cost=1, memory_kib=8, parallelism=1).hash("pw-123456")
    now = PasswordHashing(time_cost=2, memory_kib=16, parallelism=1)
    assert now.verify(old, "pw-123456")
    assert now.needs_rehash(old)


def test_an_unreadable_hash_is_an_error_that_does_not_quote_it() -> None:
    broken = "$argon2id$v=19$not-a-hash-SECRETPART"
    with pytest.raises(ValueError, match="unreadable") as told:
        passwords.verify_password(broken, "pw")
    assert "SECRETPART" not in str(told.value) and told.value.__cause__ is None
