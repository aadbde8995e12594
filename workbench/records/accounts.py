"""Accounts: users and their roles (team mode)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from workbench.records.base import Record


class Role(StrEnum):
    """What an account may do grows with its role (workbench.accounts.roles says what)."""

    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"


ACCOUNT_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$"


class User(Record):
    """An account as every screen and command sees it: never its password hash."""

    name: str
    role: Role
    disabled: bool = False
    created_at: datetime
    last_sign_in_at: datetime | None = None
