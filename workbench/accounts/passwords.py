"""Password hashing: the one module that knows argon2 (argon2-cffi).

Hashes are argon2id strings that carry their own parameters and salt, so a hash made with
older parameters still verifies and is replaced on the next sign-in (`needs_rehash`).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class PasswordHashing:
    """argon2id with RFC 9106's low-memory parameters by default (64 MiB, 3 passes)."""

    def __init__(self, time_cost: int = 3, memory_kib: int = 65536, parallelism: int = 4) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )
        self._stand_in_hash: str | None = None

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        """Whether `password` is the one hashed; with no hash (no such account) the same
        work is done against a stand-in, so the time taken does not tell the two apart."""
        if password_hash is None:
            self.verify(self._stand_in(), password)
            return False
        try:
            return self._hasher.verify(password_hash, password)
        except VerifyMismatchError:  # the wrong password
            return False
        except (InvalidHashError, VerificationError):  # not argon2, or a mangled one
            # Said without the hash: error messages end up in logs and on screens.
            raise ValueError(
                "a stored password hash is unreadable: set the password again"
            ) from None

    def _stand_in(self) -> str:
        if self._stand_in_hash is None:
            self._stand_in_hash = self.hash("no account has this password")
        return self._stand_in_hash

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


HASHING = PasswordHashing()  # tests swap in cheap parameters; the product uses these


def hash_password(password: str) -> str:
    return HASHING.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    return HASHING.verify(password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    return HASHING.needs_rehash(password_hash)
