"""Accounts: add, list, disable, enable, change role, and sign in with a lockout.

Team mode is on as soon as one account exists. Every change to accounts is made by a
signed-in admin, except the very first account, which must itself be an admin (so a desk
can never end up with accounts and nobody to manage them). Nothing here ever returns,
logs or puts a password hash in a message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from workbench.accounts import passwords
from workbench.accounts.roles import AccessDenied, Action, require
from workbench.records import ACCOUNT_NAME_PATTERN, Role, User
from workbench.services import Workbench
from workbench.store import accounts

MAX_FAILED_SIGN_INS = 5  # in a row, per name; then the name is locked for LOCKOUT
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8


class SignInRefused(AccessDenied):
    """Wrong name or password, a locked name, or a disabled account."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def validate_name(name: str) -> str:
    name = name.strip()
    if not re.match(ACCOUNT_NAME_PATTERN, name):
        raise ValueError(
            f"invalid account name {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


def validate_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return password


def reviewer_name(signed_in: User | None, typed: str | None) -> str:
    """The name a review action is stored under: the signed-in user in team mode, else the
    name the reviewer typed (laptop mode has no accounts)."""
    typed = (typed or "").strip()
    if signed_in is not None:
        if typed and typed != signed_in.name:
            raise ValueError(
                f"team mode stores every action under the signed-in user ({signed_in.name}): "
                "leave out the reviewer name"
            )
        return signed_in.name
    if not typed:
        raise ValueError("say who you are: a reviewer name is stored with every action")
    return typed


class UserService:
    def __init__(self, wb: Workbench, clock: Callable[[], datetime] = utc_now) -> None:
        self.wb = wb
        self.clock = clock  # injected: lockout tests move time instead of sleeping

    # --- reading ---------------------------------------------------------------------------

    def team_mode(self) -> bool:
        with self.wb.db.transaction() as session:
            return accounts.count_users(session) > 0

    def list(self) -> list[User]:
        with self.wb.db.transaction() as session:
            return accounts.all_users(session)

    def get(self, name: str) -> User:
        with self.wb.db.transaction() as session:
            user = accounts.get_user(session, name)
        if user is None:
            raise LookupError(f"no account named {name!r}")
        return user

    def active(self, name: str) -> User | None:
        """The account if it exists and is enabled (a screen re-reads it on every run, so a
        disabled account or a changed role takes effect at once)."""
        with self.wb.db.transaction() as session:
            user = accounts.get_user(session, name)
        return user if user is not None and not user.disabled else None

    # --- changing accounts -----------------------------------------------------------------

    def add(self, name: str, role: Role, password: str, by: User | None) -> User:
        name, password = validate_name(name), validate_password(password)
        password_hash = passwords.hash_password(password)  # slow on purpose: outside the lock
        with self.wb.db.transaction() as session:
            if accounts.count_users(session) == 0:
                if role != Role.ADMIN:
                    raise ValueError(
                        "the first account must be an admin (it manages the others): "
                        f"`workbench users add {name} --role admin`"
                    )
            else:
                require(by, Action.MANAGE_USERS)
            user = User(name=name, role=role, created_at=self.clock())
            accounts.add_user(session, user, password_hash)
        return user

    def disable(self, name: str, by: User | None) -> User:
        return self._change(name, by, disabled=True)

    def enable(self, name: str, by: User | None) -> User:
        """Enable the account again and lift any sign-in lock on its name."""
        return self._change(name, by, disabled=False)

    def set_role(self, name: str, role: Role, by: User | None) -> User:
        return self._change(name, by, role=role.value)

    def set_password(self, name: str, password: str, by: User | None) -> User:
        """An admin resets anyone's password; anyone may set their own."""
        password_hash = passwords.hash_password(validate_password(password))
        if by is not None and accounts.name_key(by.name) == accounts.name_key(name):
            with self.wb.db.transaction() as session:
                accounts.change_user(session, name, password_hash=password_hash)
            return self.get(name)
        return self._change(name, by, password_hash=password_hash)

    def _change(self, name: str, by: User | None, **values: object) -> User:
        require(by, Action.MANAGE_USERS)
        with self.wb.db.transaction() as session:
            before = accounts.get_user(session, name)
            if before is None:
                raise LookupError(f"no account named {name!r}")
            accounts.change_user(session, name, **values)
            if values.get("disabled") is False:
                accounts.clear_failures(session, name)
            # Checked after the change, inside it: the desk always keeps an admin who can sign in.
            if accounts.count_active_admins(session) == 0:
                raise ValueError(
                    f"{before.name} is the last enabled admin: make another admin first"
                )
            after = accounts.get_user(session, name)
        assert after is not None
        return after

    # --- signing in ------------------------------------------------------------------------

    def authenticate(self, name: str, password: str) -> User:
        """The account, if the password is right, the name not locked and the account enabled.

        SignInRefused otherwise, with one message for a wrong name and a wrong password.
        Each failure counts against the name; MAX_FAILED_SIGN_INS in a row lock it for
        LOCKOUT, even with the right password, whether or not an account has that name.
        """
        now = self.clock()
        with self.wb.db.transaction() as session:
            failed = accounts.failures(session, name)
            stored_hash = accounts.password_hash_of(session, name)
        if failed is not None and failed.locked_until is not None and failed.locked_until > now:
            raise SignInRefused(_locked_message(failed.locked_until))
        # One argon2 verification either way (None: against a stand-in), so a wrong name
        # takes as long as a wrong password.
        right = passwords.verify_password(stored_hash, password)
        if stored_hash is None or not right:
            until = self._count_failure(name, now)
            raise SignInRefused(_locked_message(until) if until else "wrong name or password")
        with self.wb.db.transaction() as session:
            accounts.clear_failures(session, name)
            user = accounts.get_user(session, name)
            if user is not None and not user.disabled:
                values: dict[str, object] = {"last_sign_in_at": now}
                if passwords.needs_rehash(stored_hash):  # parameters raised since it was set
                    values["password_hash"] = passwords.hash_password(password)
                accounts.change_user(session, name, **values)
        if user is None or user.disabled:
            raise SignInRefused(f"the account {name} is disabled: ask an admin")
        return user.model_copy(update={"last_sign_in_at": now})

    def sign_in(self, name: str, password: str, action: Action) -> User:
        """Authenticate, then check the role allows `action`: the gate for every change."""
        return require(self.authenticate(name, password), action)

    def _count_failure(self, name: str, now: datetime) -> datetime | None:
        """Count a failed sign-in; the time the name is locked until, if this locked it."""
        with self.wb.db.transaction() as session:
            if accounts.count_failure(session, name) < MAX_FAILED_SIGN_INS:
                return None
            until = now + LOCKOUT
            accounts.lock(session, name, until)
        return until


def _locked_message(until: datetime) -> str:
    return (
        f"too many failed sign-ins: this name is locked until {until:%H:%M} UTC; "
        "try again then, or ask an admin to enable the account"
    )
