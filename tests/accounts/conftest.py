"""Accounts tests run on real SQLite and PostgreSQL databases in a fresh home, with cheap
argon2 costs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from team_mode import PASSWORD, Clock

from workbench.accounts.users import UserService
from workbench.records import Role, User
from workbench.services import Workbench
from workbench.settings import Settings


@pytest.fixture(autouse=True)
def _cheap(cheap_passwords: None) -> None:
    """Every accounts test hashes with cheap parameters (tests/conftest.py)."""


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def wb(each_database: str, tmp_path: Path) -> Iterator[Workbench]:
    """On SQLite, then on PostgreSQL (`each_database` sets the URL Settings reads)."""
    workbench = Workbench(Settings(home=tmp_path, chroma_url=None))
    yield workbench
    workbench.close()


@pytest.fixture
def users(wb: Workbench, clock: Clock) -> UserService:
    return UserService(wb, clock=clock)


@pytest.fixture
def admin(users: UserService) -> User:
    """The first account (team mode on)."""
    return users.add("Ada", Role.ADMIN, PASSWORD, by=None)
