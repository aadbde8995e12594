"""Accounts and failed sign-ins.

The password hash lives only in its column here: rows become `User` records (which have no
hash field) before they leave this module, except through `password_hash_of` for the one
check that needs it. Failed sign-ins are counted per name, whether or not an account has
that name, so a lockout says nothing about which names exist, and the count is in the
database, so it holds across processes and app servers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Dialect,
    Integer,
    String,
    Text,
    TypeDecorator,
    func,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from workbench.records import Role, User
from workbench.store.db import Base, UTCDateTime


class Redacted(str):
    """A string whose repr hides it: what SQL logging and database errors print."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'<password hash>'"


class PasswordHashText(TypeDecorator[str]):
    """Text going in and out as Redacted: with SQL echo on (`echo="debug"`), the statement
    parameters and the rows read are logged by repr, and a failed insert quotes its
    parameters in the error; none of them shows the hash."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else Redacted(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else Redacted(value)


class UserRow(Base):
    __tablename__ = "users"
    # The name as typed, and its casefolded key: "Ana" and "ana" are one account.
    name_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(PasswordHashText)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    def __repr__(self) -> str:  # never the hash, whatever prints a row
        return f"UserRow(name={self.name!r}, role={self.role!r}, disabled={self.disabled!r})"


class SignInFailuresRow(Base):
    __tablename__ = "sign_in_failures"
    name_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed: Mapped[int] = mapped_column(Integer, default=0)  # since the last success or lock
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DuplicateAccount(ValueError):
    pass


def name_key(name: str) -> str:
    return name.strip().casefold()


def _user(row: UserRow) -> User:
    return User(
        name=row.name,
        role=Role(row.role),
        disabled=row.disabled,
        created_at=row.created_at,
        last_sign_in_at=row.last_sign_in_at,
    )


def count_users(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(UserRow)) or 0


def count_active_admins(session: Session) -> int:
    query = select(func.count()).where(UserRow.role == Role.ADMIN.value, ~UserRow.disabled)
    return session.scalar(query) or 0


def all_users(session: Session) -> list[User]:
    return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.name_key))]


def get_user(session: Session, name: str) -> User | None:
    row = session.get(UserRow, name_key(name))
    return _user(row) if row else None


def password_hash_of(session: Session, name: str) -> str | None:
    row = session.get(UserRow, name_key(name))
    return row.password_hash if row else None


def add_user(session: Session, user: User, password_hash: str) -> None:
    """Insert an account; DuplicateAccount if the name is taken (checked by the key)."""
    session.add(
        UserRow(
            name_key=name_key(user.name),
            name=user.name,
            role=user.role.value,
            password_hash=password_hash,
            disabled=user.disabled,
            created_at=user.created_at,
            last_sign_in_at=None,
        )
    )
    try:
        session.flush()
    except IntegrityError:
        # `from None`: the driver's error is about the insert, not about the name.
        raise DuplicateAccount(f"an account named {user.name!r} exists already") from None


def change_user(session: Session, name: str, **values: object) -> None:
    """Set columns of one account (role, disabled, password_hash, last_sign_in_at)."""
    session.execute(update(UserRow).where(UserRow.name_key == name_key(name)).values(**values))


def failures(session: Session, name: str) -> SignInFailuresRow | None:
    return session.get(SignInFailuresRow, name_key(name))


def count_failure(session: Session, name: str) -> int:
    """One more failed sign-in for `name`; the count since the last success or lock.

    The increment is a single UPDATE, the transaction's first statement: two processes
    failing at once both count (SQLite takes the write lock before reading the count;
    PostgreSQL makes the second UPDATE wait for the first's commit). The first failure of a
    name inserts its row; when another process inserted it first (PostgreSQL lets both try),
    the insert is undone to its savepoint and the count goes up instead.
    """
    key = name_key(name)
    if _increment(session, key) == 0:
        try:
            with session.begin_nested():
                session.add(SignInFailuresRow(name_key=key, failed=1, locked_until=None))
            return 1
        except IntegrityError:
            _increment(session, key)
    return (
        session.scalar(select(SignInFailuresRow.failed).where(SignInFailuresRow.name_key == key))
        or 0
    )


def _increment(session: Session, key: str) -> int:
    """Add one to the name's count; how many rows it changed (0: the name has none yet)."""
    counted = session.execute(
        update(SignInFailuresRow)
        .where(SignInFailuresRow.name_key == key)
        .values(failed=SignInFailuresRow.failed + 1)
    )
    return counted.rowcount  # type: ignore[attr-defined]


def lock(session: Session, name: str, until: datetime) -> None:
    session.execute(
        update(SignInFailuresRow)
        .where(SignInFailuresRow.name_key == name_key(name))
        .values(failed=0, locked_until=until)
    )


def clear_failures(session: Session, name: str) -> None:
    row = session.get(SignInFailuresRow, name_key(name))
    if row is not None:
        session.delete(row)
